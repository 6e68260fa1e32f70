"""Plain records the pure core works on, and their JSON shapes."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

# A session's columns in the order its JSON, CSV and messages give them (time beside
# the day), which is not the record's own field order (time has a default).
SESSION_JSON_KEYS = (
    "id",
    "uid",
    "day",
    "time",
    "drug",
    "route",
    "dose_mg",
    "dose_mg_per_kg",
    "duration_min",
    "dissociation",
    "clinic",
    "note",
)
# The columns that hold what the user gave (not the row's id and uid).
SESSION_COLUMNS = SESSION_JSON_KEYS[2:]


class Session(NamedTuple):
    id: int
    uid: str
    day: date
    drug: str
    route: str
    time: str | None = None
    dose_mg: float | None = None
    dose_mg_per_kg: float | None = None
    duration_min: int | None = None
    dissociation: int | None = None
    clinic: str | None = None
    note: str | None = None
    created_at: str = ""  # when it was entered (UTC, ISO): orders sessions at one time

    def dose_text(self) -> str:
        parts = []
        if self.dose_mg is not None:
            parts.append(f"{self.dose_mg:g} mg")
        if self.dose_mg_per_kg is not None:
            parts.append(f"{self.dose_mg_per_kg:g} mg/kg")
        return " · ".join(parts)

    def label(self) -> str:
        """'2026-03-02 ketamine iv 0.5 mg/kg' — how a session is named in messages."""
        return " ".join(
            x for x in (self.day.isoformat(), self.drug, self.route, self.dose_text()) if x
        )

    def to_json(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in SESSION_JSON_KEYS}
        out["day"] = self.day.isoformat()
        return out


class Checkin(NamedTuple):
    id: int
    uid: str
    day: date
    fatigue: int
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    fog: int | None = None
    mood: int | None = None
    emotions: int | None = None
    water: int | None = None
    activity: int | None = None
    mindful: int | None = None
    note: str | None = None
    for_provider: bool = False
    symptoms: tuple[str, ...] = ()  # keys of fields.SYMPTOMS, in its order

    def to_json(self, days_since_session: int | None) -> dict[str, Any]:
        out = self._asdict()
        out["day"] = self.day.isoformat()
        out["symptoms"] = list(self.symptoms)
        out["days_since_session"] = days_since_session
        return out


CHECKIN_COLUMNS = Checkin._fields[2:]  # what the user gave (not the row's id and uid)

ASSESSMENT_JSON_KEYS = ("id", "uid", "day", "instrument", "answers", "total", "band", "item9")


class Assessment(NamedTuple):
    id: int
    uid: str
    day: date
    instrument: str  # "phq9" or "gad7"
    answers: tuple[int, ...]
    total: int
    band: str
    item9: int | None = None
    difficulty: int | None = None

    def to_json(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in ASSESSMENT_JSON_KEYS}
        out["day"] = self.day.isoformat()
        out["answers"] = list(self.answers)
        out["difficulty"] = self.difficulty
        return out


class Question(NamedTuple):
    """A question kept for the next visit; `done` is the day it was answered."""

    id: int
    uid: str
    day: date
    text: str
    done: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uid": self.uid,
            "day": self.day.isoformat(),
            "text": self.text,
            "done": None if self.done is None else self.done.isoformat(),
        }
