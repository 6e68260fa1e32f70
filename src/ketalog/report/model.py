"""The provider summary as plain data, built once; every format writes the same numbers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from ketalog import readings
from ketalog.assess import CREDIT
from ketalog.curves import DayStats
from ketalog.model import Assessment, Checkin, Question, Session
from ketalog.recovery import SessionRecovery
from ketalog.severity import bands_text
from ketalog.stats import level_text, round2, signed
from ketalog.trends import Trends
from ketalog.wording import METRIC_LABELS, day_label, nice_date, plural, route_label

TITLE = "Ketamine therapy recovery summary"
PATIENT_REPORTED = (
    "All values are reported by the patient in ketalog, a self-tracking journal; "
    "they are not clinical measurements."
)
CURVE_HEAD = ["Days since session", "n", "Mean", "Median", "Range", "vs start"]
RECOVERY_HEAD = [
    "Session",
    "Days since previous",
    "Starting level",
    "Recovery day",
    "Prolonged fatigue",
]
NO_CURVE = "No check-ins after a session in this period, so there is no recovery curve yet."
PROLONGED_TITLE = "Prolonged fatigue (days 4-14 after a session):"
NO_PROLONGED = (
    "No prolonged fatigue (days 4-14 at 7 or more, or more than 2 above the starting level) "
    "in the period."
)
LEVELS_NOTE = (
    "Starting level: the patient's fatigue on ordinary days just before the session (the "
    "lower of the median of the latest 3 pre-session readings and the lower quartile of "
    "the 4 weeks before). Recovery day: first day back within 1 point of it and not more "
    "than 2 above it the next day logged. Sleep hours are the night before the check-in."
)
SCALE_NOTE = f"Fatigue 0-10: 0 none, 10 worst imaginable ({bands_text()})."
FASTER_TITLE = "What seems to go with faster recovery"
FASTER_MOST = 3  # patterns shown at most

if TYPE_CHECKING:
    from ketalog.insights.findings import Finding, Insights


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
    assessments: list[Assessment]
    insights: Insights | None = None  # patterns in the latest sessions up to `until`
    next_session: Session | None = None  # the next one planned after the period

    def faster_recovery(self) -> list[Finding]:
        """At most FASTER_MOST patterns, the least likely by chance first; [] for none,
        and the section is then left out."""
        return [] if self.insights is None else self.insights.patterns[:FASTER_MOST]

    def faster_recovery_lines(self) -> list[str]:
        """The patterns in plain words, about the patient."""
        from ketalog.insights.words import PATIENT

        return [f.sentence(PATIENT) for f in self.faster_recovery()]

    def faster_recovery_note(self) -> str:
        """Where the patterns come from and what they are not."""
        from ketalog.insights.words import PATIENT

        assert self.insights is not None
        return f"{self.insights.scope(PATIENT)} {PATIENT.not_proof}"

    questions: tuple[Question, ...] = ()  # open questions for the provider
    # (days since session, symptoms) of each check-in in the period
    symptom_days: tuple[tuple[int | None, tuple[str, ...]], ...] = ()
    # (day, days since session, fatigue, mood) of each check-in in the period
    checkin_days: tuple[tuple[date, int | None, int, int | None], ...] = ()

    def symptom_counts(self) -> list[tuple[str, list[tuple[int, int]]]]:
        """Each symptom noted in the period, most frequent first, with (days noted,
        days logged) for each SYMPTOM_BUCKETS column and then for all days."""
        from ketalog.fields import SYMPTOMS

        logged = [0] * (len(SYMPTOM_BUCKETS) + 1)
        noted = {k: [0] * (len(SYMPTOM_BUCKETS) + 1) for k in SYMPTOMS}
        for offset, symptoms in self.symptom_days:
            for i in (_bucket(offset), len(SYMPTOM_BUCKETS)):
                logged[i] += 1
                for k in symptoms:
                    noted[k][i] += 1
        rows = [
            (SYMPTOMS[k], [(n, logged[i]) for i, n in enumerate(counts)])
            for k, counts in noted.items()
            if counts[-1]
        ]
        return sorted(rows, key=lambda r: -r[1][-1][0])

    def symptom_rows(self) -> list[list[str]]:
        """Cells under SYMPTOM_HEAD: '5 of 14' (days noted of days logged)."""
        return [
            [name, *(f"{n} of {total}" if total else "" for n, total in cells)]
            for name, cells in self.symptom_counts()
        ]

    def top_symptoms(self, limit: int = 3) -> str:
        """The most frequent side effects: 'headache (5 of 14 days), nausea (2 of 14 days)'."""
        out = []
        for name, cells in self.symptom_counts()[:limit]:
            n, total = cells[-1]
            out.append(f"{name} ({n} of {total} days)")
        return ", ".join(out) if out else "none noted"

    def safety_lines(self) -> list[str]:
        """Every PHQ-9 item-9 answer above 0 in the period, said plainly with its date."""
        from ketalog.assess import ANSWERS, PHQ9, SAFETY_ITEM

        item = PHQ9.items[SAFETY_ITEM - 1]
        return [
            f'PHQ-9 item 9 ("{item}"): answered {a.item9} of 3, "{ANSWERS[a.item9]}", '
            f"on {nice_date(a.day)}."
            for a in self.assessments
            if a.item9
        ]

    def assessment_trends(self) -> list[str]:
        """'PHQ-9: 18 (moderately severe) on 30 Aug 2026 → 6 (mild) on 20 Nov 2026'."""
        from ketalog.assess import INSTRUMENTS

        out = []
        for key, inst in INSTRUMENTS.items():
            taken = [a for a in self.assessments if a.instrument == key]
            if len(taken) >= 2:
                a, b = taken[0], taken[-1]
                out.append(
                    f"{inst.name}: {a.total} ({a.band}) on {nice_date(a.day)} → "
                    f"{b.total} ({b.band}) on {nice_date(b.day)}"
                )
        return out

    def session_rows(self) -> list[list[str]]:
        """Date, drug, route, dose, minutes, peak dissociation: one row a session."""
        return [
            [
                nice_date(x.day),
                x.drug,
                route_label(x.route),
                dose_cell(x),
                "" if x.duration_min is None else str(x.duration_min),
                "" if x.dissociation is None else f"{x.dissociation}/10",
            ]
            for x in self.sessions
        ]

    @property
    def days_in_period(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def period_text(self) -> str:
        days = plural(self.days_in_period, "day")
        return f"{nice_date(self.since)} to {nice_date(self.until)} ({days})"

    @property
    def completeness_text(self) -> str:
        share = round(100 * self.days_logged / self.days_in_period)
        days = plural(self.days_in_period, "day")
        return f"Check-ins on {self.days_logged} of {days} in the period ({share}%)."

    @property
    def fatigue_rows(self) -> list[DayStats]:
        return self.trends.groups[0].fatigue.rows

    def other_metrics(self) -> list[tuple[str, list[DayStats]]]:
        """(label, rows) for sleep, mood and fog where logged."""
        g = self.trends.groups[0]
        return [(METRIC_LABELS[m], c.rows) for m, c in g.curves.items() if m != "fatigue" and c.n]

    @property
    def has_curve(self) -> bool:
        return self.trends.placed_checkins > 0

    def curve_rows(self) -> list[list[str]]:
        """The fatigue recovery curve as table cells (CURVE_HEAD)."""
        return [
            [
                self.day_label(r),
                str(r.n),
                _cell(r.mean, "{:.1f}"),
                _cell(r.median),
                "" if r.min is None else f"{r.min:g}–{r.max:g}",
                signed(r.vs_start),
            ]
            for r in self.fatigue_rows
        ]

    def other_head(self) -> list[str]:
        return ["Days since session", *(label for label, _ in self.other_metrics())]

    def other_rows(self) -> list[list[str]]:
        """Means of sleep, mood and fog by day since session."""
        others = self.other_metrics()
        return [
            [self.day_label(r), *(_cell(rs[i].mean, "{:.1f}") for _, rs in others)]
            for i, r in enumerate(self.fatigue_rows)
        ]

    def day_label(self, row: DayStats) -> str:
        return day_label(row.day, self.trends.days)

    @property
    def usual_lines(self) -> list[str]:
        """The usual level (the latest session's starting level), said plainly."""
        t = self.trends
        if t.usual_session is None:
            return ["No session up to the end of the period, so no starting level."]
        if t.usual_level is None:
            return [readings.NO_START]
        return readings.usual_lines(t.usual_level)

    @property
    def usual_text(self) -> str:
        return " ".join(self.usual_lines)

    @property
    def recovery_text(self) -> str:
        t = self.trends
        return readings.typical_text(t.typical_recovery_day, t.counts, t.days)

    def recovery_rows(self) -> list[list[str]]:
        """Each period session's starting level, recovery day and prolonged flag."""
        return [
            [
                nice_date(r.session.day),
                "first" if r.days_since_previous is None else plural(r.days_since_previous, "day"),
                "—" if r.start_level is None else f"{level_text(r.start_level)}/10",
                recovery_cell(r),
                prolonged_cell(r),
            ]
            for r in self.trends.sessions
        ]

    def prolonged_lines(self) -> list[str]:
        t = self.trends
        return [
            f"{nice_date(r.session.day)} session: fatigue {readings.prolonged_phrase(r)}"
            + (" — still, at the latest check-in" if t.is_latest(r) else "")
            for r in t.prolonged
        ]

    def reading(self) -> list[str]:
        return readings.reading(self.trends)

    def to_json(self) -> dict[str, Any]:
        """The numbers of the summary; `ketalog.report.json_data` adds its title and the
        at-a-glance lines."""
        return {
            "name": self.name,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "generated": self.generated.isoformat(),
            "sessions": [s.to_json() for s in self.sessions],
            "trends": self.trends.to_json(),
            "usual_level": None
            if self.trends.usual_level is None
            else round2(self.trends.usual_level),
            "typical_recovery_day": self.trends.typical_recovery_day,
            "recovery_counts": self.trends.counts.to_json(),
            "prolonged": [
                {
                    "session_id": r.session.id,
                    "day": r.session.day.isoformat(),
                    "days": [{"day": d, "fatigue": f} for d, f in r.prolonged_fatigue()],
                }
                for r in self.trends.prolonged
            ],
            "assessments": [a.to_json() for a in self.assessments],
            "safety_item_answers": [
                {"day": a.day.isoformat(), "item9": a.item9} for a in self.assessments if a.item9
            ],
            "provider_notes": [{"day": n.day.isoformat(), "note": n.text} for n in self.notes],
            "questions": [q.to_json() for q in self.questions],
            "symptoms": [
                {
                    "symptom": name,
                    "by_days_since_session": {
                        b: {"days": n, "of": total}
                        for b, (n, total) in zip((*SYMPTOM_BUCKETS, "All days"), cells, strict=True)
                    },
                }
                for name, cells in self.symptom_counts()
            ],
            "days_logged": self.days_logged,
            "days_in_period": self.days_in_period,
            "faster_recovery": [
                {**f.to_json(), "sentence": line}
                for f, line in zip(
                    self.faster_recovery(), self.faster_recovery_lines(), strict=True
                )
            ],
            "patient_reported": PATIENT_REPORTED,
        }


SYMPTOM_BUCKETS = ("Session day", "Day 1", "Days 2-3", "Other days")
SYMPTOM_HEAD = ["Side effect", *SYMPTOM_BUCKETS, "All days"]
SYMPTOM_NOTE = (
    "Days the patient noted the side effect, of the days logged in each column: day 0 is "
    "the session day; other days are 4 or more days after a session, or before the first."
)
QUESTIONS_TITLE = "Questions from the patient"


def _bucket(offset: int | None) -> int:
    if offset == 0:
        return 0
    if offset == 1:
        return 1
    if offset in (2, 3):
        return 2
    return 3


def _cell(value: float | None, fmt: str = "{:g}") -> str:
    return "" if value is None else fmt.format(value)


def recovery_cell(r: SessionRecovery) -> str:
    if r.recovery_day is not None:
        return f"day {r.recovery_day}"
    if r.under_way and r.start_level is not None:
        return "not yet"
    return {"not_recovered": f"not back in {plural(r.days, 'day')}", "unknown": "can't tell"}[
        r.outcome
    ]


def prolonged_cell(r: SessionRecovery) -> str:
    if not r.prolonged:
        return ""
    return (
        "days " + ", ".join(str(d) for d in r.prolonged_days)
        if len(r.prolonged_days) > 1
        else f"day {r.prolonged_days[0]}"
    )


def provider_notes(checkins: list[Checkin]) -> list[Note]:
    return [Note(c.day, c.note) for c in checkins if c.for_provider and c.note]


def dose_cell(s: Session) -> str:
    return s.dose_text() or "—"


ASSESSMENT_HEAD = ["Date", "Scale", "Total", "Band", "Change", "Item 9"]


SAFETY_TITLE = "Safety question answered above 0"
ASSESSMENT_NOTE = (
    "PHQ-9 bands: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, "
    "20-27 severe. GAD-7 bands: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe. "
    "Item 9 is PHQ-9's question about thoughts of death or self-harm (0-3). " + CREDIT
)
