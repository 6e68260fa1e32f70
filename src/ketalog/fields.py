"""The journal's fields: names, kinds and allowed ranges, in one place.

The CLI and import validate with these and the prompts use their labels. The
schema's CHECK constraints are frozen SQL in db.py; a test holds the two to the same
ranges.
"""

from __future__ import annotations

import math
import re
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
    option: str = ""  # the flag's name when it is not the column's (--dose for dose_mg)

    @property
    def flag(self) -> str:
        return "--" + (self.option or self.name.replace("_", "-"))

    def allowed(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.kind == "int":
            return f"a whole number from {self.lo:g} to {self.hi:g}{unit}"
        if self.lo_open:
            return f"a number above {self.lo:g} and at most {self.hi:g}{unit}"
        return f"a number from {self.lo:g} to {self.hi:g}{unit}"

    def hint(self) -> str:
        """The range as a prompt shows it: '[0-10]', '[above 0, at most 1000 mg]'."""
        if self.kind == "text":
            return ""
        unit = f" {self.unit}" if self.unit else ""
        if self.lo_open:
            return f" [above {self.lo:g}, at most {self.hi:g}{unit}]"
        return f" [{self.lo:g}-{self.hi:g}{unit}]"

    def parse(self, raw: str | int | float, name: str | None = None) -> int | float | str:
        """Check one value typed by the user; raise InputError naming it (as `name`,
        by default the flag). Units and forms people type are understood: 7h, 7:30
        and 7h30 for hours, 35mg, 0.5mg/kg, 2h for minutes, 0,5 for 0.5, 7/10."""
        if self.kind == "text":
            return str(raw)
        who = name or self.flag
        text = str(raw).strip()
        bad = f"{who} {raw!r} is not valid; use {self.allowed()}"
        number = read_number(text, self.unit, who, raw)
        if number is None or not math.isfinite(number):
            raise InputError(bad)
        value: int | float = number
        if self.kind == "int":
            if number != int(number):
                raise InputError(bad)
            value = int(number)
        assert self.lo is not None and self.hi is not None
        too_low = value <= self.lo if self.lo_open else value < self.lo
        if too_low or value > self.hi:
            raise InputError(f"{who} {raw!r} is out of range; use {self.allowed()}")
        return value


_NUMBER = r"(\d+(?:\.\d*)?|\.\d+)"
_UNITS = {
    "h": ("h", "hr", "hrs", "hour", "hours"),
    "min": ("m", "min", "mins", "minute", "minutes"),
    "mg": ("mg",),
    "mg/kg": ("mg/kg", "mgkg", "mg per kg", "mg/kilo"),
}
_ALL_UNITS = sorted((u for units in _UNITS.values() for u in units), key=len, reverse=True)
_WITH_UNIT = re.compile(rf"^{_NUMBER}\s*({'|'.join(re.escape(u) for u in _ALL_UNITS)})?$")
_CLOCK = re.compile(r"^(\d{1,2})(?::|h\s*)(\d{1,2})\s*(?:m|min)?$")  # 7:30, 7h30, 1h 30min
_SCORE = re.compile(r"^(\d{1,2})\s*/\s*10$")  # 7/10


def read_number(text: str, unit: str, who: str, raw: object) -> float | None:
    """A number as people type it, in `unit` (h, min, mg, mg/kg or none); None if it
    is not one. A unit that does not fit (mg for hours) is refused by name."""
    text = text.lower().strip()
    if re.fullmatch(r"\d+,\d+", text):
        if re.fullmatch(r"[1-9]\d*,\d{3}", text):
            raise InputError(
                f"{who} {raw!r} could be a thousands separator or a decimal comma; "
                f"write {text.replace(',', '')} or {text.replace(',', '.')}"
            )
        text = text.replace(",", ".")
    if (m := _SCORE.match(text)) and unit == "":
        return float(m.group(1))
    if (m := _CLOCK.match(text)) and unit in ("h", "min") and int(m.group(2)) < 60:
        hours = int(m.group(1)) + int(m.group(2)) / 60
        return hours if unit == "h" else hours * 60
    m = _WITH_UNIT.match(text)
    if m is None:
        try:
            return float(text)  # also "1e2", "inf": range checks follow
        except ValueError:
            return None
    number, given = float(m.group(1)), m.group(2)
    if given is None:
        return number
    given_unit = next(key for key, names in _UNITS.items() if given in names)
    if given_unit == unit:
        return number
    if {given_unit, unit} == {"h", "min"}:
        return number * 60 if unit == "min" else number / 60
    if given_unit == "mg/kg" and unit == "mg":
        raise InputError(f"{who} {raw!r} is in mg/kg; give it as --dose-per-kg")
    if given_unit == "mg" and unit == "mg/kg":
        raise InputError(f"{who} {raw!r} is in mg; give it as --dose")
    names = {"h": "hours", "min": "minutes"}
    expected = f"in {names.get(unit, unit)}" if unit else "a plain number"
    raise InputError(f"{who} {raw!r} is in {names.get(given_unit, given_unit)}; use {expected}")


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
    "urinary": "bladder",
    "low appetite": "appetite",
    "low-appetite": "appetite",
    "vivid dreams": "dreams",
    "vivid-dreams": "dreams",
    "dizzy": "dizziness",
    "nauseous": "nausea",
    "headaches": "headache",
}


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
    Field("dose_mg", "float", "Dose in mg", 0, 1000, lo_open=True, unit="mg", option="dose"),
    Field("dose_mg_per_kg", "float", "Dose in mg/kg", 0, 10, True, "mg/kg", "dose-per-kg"),
    Field("duration_min", "int", "Duration in minutes", 1, 1440, unit="min", option="duration"),
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


USUAL_MAX_MG_PER_KG = 2.0
USUAL_WEIGHT_KG = (30, 250)


def unusual_dose(mg: float | None, per_kg: float | None) -> str | None:
    """Why a dose looks like a typing slip, or None: above 2 mg/kg, or an mg and
    mg/kg pair that implies a body weight outside 30-250 kg."""
    if per_kg is not None and per_kg > USUAL_MAX_MG_PER_KG:
        return f"is {per_kg:g} mg/kg right?"
    if mg is not None and per_kg is not None:
        weight = mg / per_kg
        lo, hi = USUAL_WEIGHT_KG
        if not lo <= weight <= hi:
            return (
                f"{mg:g} mg at {per_kg:g} mg/kg means a body weight of {weight:.0f} kg; "
                "are both right?"
            )
    return None


def changed_words(old: object, new: object, names: tuple[str, ...]) -> str:
    """'fatigue, mood': the fields that changed, named as in changes()."""
    return ", ".join(field_word(n) for n in names if getattr(old, n) != getattr(new, n))


def field_word(name: str) -> str:
    """A column as the user knows it: the option that sets it, in words ('dose per kg')."""
    spec = SESSION.get(name) or CHECKIN.get(name)
    flag = _OPTION_WORDS.get(name) or (spec.flag if spec else name)
    return flag.removeprefix("--").replace("-", " ").replace("_", " ")


def checkin_names() -> tuple[str, ...]:
    """Every field of a check-in a change line may name, in the order `log` asks."""
    return (*CHECKIN, "for_provider", "symptoms")


# Columns set by an option of another name, or by no Field at all.
_OPTION_WORDS = {"day": "date", "for_provider": "for provider"}
