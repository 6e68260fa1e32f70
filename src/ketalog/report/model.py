"""The provider summary as plain data, built once; every format writes the same numbers."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from ketalog.model import Checkin, Session
from ketalog.trends import METRIC_LABELS, DayStats, Trends, nice_date, reading, round1, round2

TITLE = "Ketamine therapy recovery summary"
PATIENT_REPORTED = (
    "All values are reported by the patient in ketalog, a self-tracking journal; "
    "they are not clinical measurements."
)
SCALE_NOTE = "Fatigue 0-10: 0 none, 10 worst imaginable (1-3 mild, 4-6 moderate, 7-10 severe)."
DEFAULT_DAYS = 90


class Note(NamedTuple):
    day: date
    text: str


class Summary(NamedTuple):
    name: str | None
    since: date
    until: date
    generated: date
    sessions: list[Session]
    trends: Trends
    notes: list[Note]
    days_logged: int

    @property
    def days_in_period(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def period_text(self) -> str:
        return f"{nice_date(self.since)} to {nice_date(self.until)} ({self.days_in_period} days)"

    @property
    def completeness_text(self) -> str:
        share = round(100 * self.days_logged / self.days_in_period)
        return (
            f"Check-ins on {self.days_logged} of {self.days_in_period} days in the period "
            f"({share}%)."
        )

    @property
    def fatigue_rows(self) -> list[DayStats]:
        return self.trends.groups[0].fatigue.rows

    def other_metrics(self) -> list[tuple[str, list[DayStats], float | None]]:
        """(label, rows, quiet-day mean) for sleep, mood and fog where logged."""
        g = self.trends.groups[0]
        return [
            (METRIC_LABELS[m], c.rows, self.trends.baselines.get(m))
            for m, c in g.curves.items()
            if m != "fatigue" and c.n
        ]

    def day_label(self, row: DayStats) -> str:
        return f"{self.trends.days + 1}+" if row.day == "later" else str(row.day)

    @property
    def baseline_text(self) -> str:
        t = self.trends
        if t.baseline is None:
            return "No baseline yet (no check-ins before the first session or 4+ days after one)."
        return (
            f"Baseline fatigue {round1(t.baseline):.1f}/10: the mean of {t.baseline_days} quiet "
            "days (before the first session, or 4 or more days after one)."
        )

    @property
    def recovery_text(self) -> str:
        day = self.trends.typical_recovery_day
        if day is None:
            return "Typical recovery day: not reached within the days shown."
        return (
            f"Typical recovery day: day {day:g} after a session (fatigue back within 1 point "
            "of baseline; median over sessions)."
        )

    def prolonged_lines(self) -> list[str]:
        return [
            f"{nice_date(r.session.day)} session: fatigue above baseline + 2 on day"
            f"{'s' if len(r.prolonged_days) > 1 else ''} "
            + ", ".join(f"{d} ({f}/10)" for d, f in r.prolonged_days)
            for r in self.trends.prolonged
        ]

    def reading(self) -> list[str]:
        return reading(self.trends)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": TITLE,
            "name": self.name,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "generated": self.generated.isoformat(),
            "sessions": [s.to_json() for s in self.sessions],
            "trends": self.trends.to_json(),
            "baseline": None if self.trends.baseline is None else round2(self.trends.baseline),
            "typical_recovery_day": self.trends.typical_recovery_day,
            "prolonged": [
                {
                    "session_id": r.session.id,
                    "day": r.session.day.isoformat(),
                    "days": [{"day": d, "fatigue": f} for d, f in r.prolonged_days],
                }
                for r in self.trends.prolonged
            ],
            "provider_notes": [{"day": n.day.isoformat(), "note": n.text} for n in self.notes],
            "days_logged": self.days_logged,
            "days_in_period": self.days_in_period,
            "patient_reported": PATIENT_REPORTED,
        }


def provider_notes(checkins: list[Checkin]) -> list[Note]:
    return [Note(c.day, c.note) for c in checkins if c.for_provider and c.note]


def dose_cell(s: Session) -> str:
    return s.dose_text() or "—"


def route_text(route: str) -> str:
    return route.upper() if route in ("iv", "im") else route
