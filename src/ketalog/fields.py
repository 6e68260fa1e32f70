"""The journal's fields: names, kinds and allowed ranges, in one place.

The CLI and import validate with these and the prompts use their labels. The
schema's CHECK constraints are frozen SQL in db.py; a test holds the two to the same
ranges.
"""

from __future__ import annotations

import math
from typing import Literal, NamedTuple

from ketalog.errors import InputError

Kind = Literal["int", "float", "text", "bool"]

DRUGS = ("ketamine", "esketamine", "other")
ROUTES = ("iv", "im", "intranasal", "oral", "sublingual", "other")


class Field(NamedTuple):
    name: str
    kind: Kind
    label: str
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False  # the lower bound itself is not allowed (dose > 0)
    unit: str = ""

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def allowed(self) -> str:
        if self.kind == "int":
            return f"a whole number from {self.lo:g} to {self.hi:g}"
        if self.lo_open:
            return f"a number above {self.lo:g} and at most {self.hi:g}"
        return f"a number from {self.lo:g} to {self.hi:g}"

    def parse(self, raw: str | int | float) -> int | float | str:
        """Check one value typed by the user; raise InputError naming it."""
        if self.kind == "text":
            return str(raw)
        text = str(raw).strip()
        value: int | float
        try:
            value = int(text) if self.kind == "int" else float(text)
        except ValueError:
            raise InputError(f"{self.flag} {raw!r} is not valid; use {self.allowed()}") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(f"{self.flag} {raw!r} is not valid; use {self.allowed()}")
        assert self.lo is not None and self.hi is not None
        too_low = value <= self.lo if self.lo_open else value < self.lo
        if too_low or value > self.hi:
            raise InputError(f"{self.flag} {raw!r} is out of range; use {self.allowed()}")
        return value


def _scale(name: str, label: str) -> Field:
    return Field(name, "int", label, 0, 10)


CHECKIN_FIELDS: tuple[Field, ...] = (
    _scale("fatigue", "Fatigue today, 0 none to 10 worst imaginable"),
    Field("sleep_hours", "float", "Hours slept last night", 0, 24, unit="h"),
    _scale("sleep_quality", "Sleep quality, 0 awful to 10 excellent"),
    _scale("fog", "Lingering fog or detachment, 0 none to 10 severe"),
    _scale("mood", "Mood, 0 very low to 10 very good"),
    _scale("emotions", "How intense emotions felt, 0 calm to 10 overwhelming"),
    Field("water", "int", "Glasses of water", 0, 50),
    Field("activity", "int", "Minutes of movement", 0, 1440, unit="min"),
    Field("mindful", "int", "Minutes of mindfulness or relaxation", 0, 1440, unit="min"),
    Field("note", "text", "Note"),
)
CHECKIN = {f.name: f for f in CHECKIN_FIELDS}
# Optional fields `--clear` may empty (fatigue is required; for_provider is a flag).
CLEARABLE = (*(f.name for f in CHECKIN_FIELDS if f.name != "fatigue"), "symptoms")

# Side effects a check-in may list (`log --symptom`): key -> how it is said. The keys
# are stored comma-separated in this order; the schema's CHECK knows the same keys.
SYMPTOMS = {
    "nausea": "nausea",
    "headache": "headache",
    "dizziness": "dizziness",
    "bladder": "bladder or urinary discomfort",
    "anxiety": "anxiety",
    "appetite": "low appetite",
    "dreams": "vivid dreams",
    "other": "other",
}
_SYMPTOM_WORDS = {
    **{k: k for k in SYMPTOMS},
    **{label: k for k, label in SYMPTOMS.items()},
    "urinary": "bladder", "low appetite": "appetite", "low-appetite": "appetite",
    "vivid dreams": "dreams", "vivid-dreams": "dreams", "dizzy": "dizziness",
    "nauseous": "nausea", "headaches": "headache",
}  # fmt: skip


def parse_symptom(raw: str) -> str:
    """A symptom as typed ('Nausea', 'bladder', 'low appetite') -> its key."""
    word = " ".join(raw.strip().lower().split())
    key = _SYMPTOM_WORDS.get(word)
    if key is None:
        raise InputError(f"--symptom {raw!r} is not known; use one of: {', '.join(SYMPTOMS)}")
    return key


def symptoms_text(keys: set[str] | tuple[str, ...]) -> str | None:
    """Keys -> the stored form ('headache,nausea' in vocabulary order); None for none."""
    return ",".join(k for k in SYMPTOMS if k in keys) or None


def symptoms_from(text: str | None) -> tuple[str, ...]:
    return tuple(text.split(",")) if text else ()


SESSION_FIELDS: tuple[Field, ...] = (
    Field("dose_mg", "float", "Dose in mg", 0, 1000, lo_open=True, unit="mg"),
    Field("dose_mg_per_kg", "float", "Dose in mg/kg", 0, 10, lo_open=True, unit="mg/kg"),
    Field("duration_min", "int", "Duration in minutes", 1, 1440, unit="min"),
    _scale("dissociation", "Peak dissociation, 0 none to 10 complete"),
    Field("clinic", "text", "Clinic"),
    Field("note", "text", "Note"),
)
SESSION = {f.name: f for f in SESSION_FIELDS}


def parse_choice(flag: str, raw: str, choices: tuple[str, ...]) -> str:
    value = raw.strip().lower()
    if value not in choices:
        raise InputError(f"{flag} {raw!r} is not known; use one of: {', '.join(choices)}")
    return value


def parse_fields(
    specs: dict[str, Field], given: dict[str, str | None]
) -> dict[str, int | float | str]:
    """Parse every given (non-None) raw value; unknown names are a programming error."""
    return {name: specs[name].parse(raw) for name, raw in given.items() if raw is not None}
