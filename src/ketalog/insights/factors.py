"""What `ketalog insights` compares: factors and outcomes taken from plain records.

Pure: sessions and check-ins in, numbers out; nothing reads the clock, the journal or
the terminal. The recovery day is the one `trends` computes, so both commands always
agree on it.

Session units are the latest sessions (at most LIMIT). Day units are pairs of
check-ins on days D and D+1 after one of those sessions (D+1 in 1..DAYS), both owned
by that session: what was done on day D against fatigue the next day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

from ketalog import recovery
from ketalog.model import Checkin, Session
from ketalog.stats import mean

LIMIT = 60  # sessions looked at: the latest ones
DAYS = 7  # days after a session that recovery and the daily factors look at
NOT_BACK = DAYS + 1  # the recovery day of a session not back within DAYS days
EARLY = range(1, 4)  # early fatigue: mean fatigue on the logged days 1-3

RECOVERY = "recovery_day"
EARLY_FATIGUE = "early_fatigue"
NEXT_DAY = "next_day_fatigue"
SESSION_OUTCOMES = (RECOVERY, EARLY_FATIGUE)

Value = float | str


class Factor(NamedTuple):
    key: str  # stable, for --json
    unit: str  # "session" or "day"
    values: dict[int, Value]  # unit number -> value (a str for groups such as route)
    drug: str | None = None  # dose factors: the drug they are measured within
    dose_unit: str | None = None  # "mg" or "mg/kg"

    @property
    def grouped(self) -> bool:
        return any(isinstance(v, str) for v in self.values.values())


class Extracted(NamedTuple):
    sessions: list[Session]  # the session units, oldest first
    total_sessions: int  # sessions up to today in the journal
    factors: list[Factor]
    outcomes: dict[str, dict[int, float]]  # outcome -> unit number -> value
    day_strata: dict[int, int]  # day unit -> D, the day after the session
    day_session: dict[int, int]  # day unit -> session unit it belongs to

    @property
    def universes(self) -> dict[str, list[int]]:
        """Each unit's stratum: sessions are one stratum, days one per day after a session."""
        return {
            "session": [0] * len(self.sessions),
            "day": [self.day_strata[u] for u in range(len(self.day_strata))],
        }


def _mean(values: Sequence[float]) -> float | None:
    return mean(values) if values else None


def extract(
    sessions: Sequence[Session], checkins: Sequence[Checkin], today: date, *, limit: int = LIMIT
) -> Extracted:
    """The factors and outcomes of the latest `limit` sessions up to `today`.

    `checkins` may leave out any that cannot change those sessions' numbers: the
    check-ins from four weeks before the first of them on, and the eve readings of
    earlier sessions, are all that trends' starting levels need (journal.eve_checkins).
    """
    past = sorted((s for s in sessions if s.day <= today), key=recovery.session_order)
    placed = recovery.place(past, [c for c in checkins if c.day <= today])
    recs = recovery.recoveries(past, placed, DAYS)
    own: dict[int, dict[int, Checkin]] = {s.id: {} for s in past}
    for c, owner, offset in placed:
        if owner is not None and offset is not None:
            own[owner.id][offset] = c
    chosen = recs[-limit:] if limit else []

    outcomes: dict[str, dict[int, float]] = {RECOVERY: {}, EARLY_FATIGUE: {}, NEXT_DAY: {}}
    per_session: dict[str, dict[int, Value]] = {
        k: {}
        for k in (
            "water_days_0_2",
            "movement_days_1_3",
            "mindful_days_0_2",
            "sleep_night_after",
            "dissociation",
            "days_since_previous",
            "route",
            "drug",
        )
    }
    daily: dict[str, dict[int, Value]] = {"water": {}, "movement": {}, "mindful": {}}
    day_strata: dict[int, int] = {}
    day_session: dict[int, int] = {}

    def over(
        days: range, by_day: dict[int, Checkin], get: Callable[[Checkin], float | None]
    ) -> float | None:
        return _mean([v for d in days if d in by_day and (v := get(by_day[d])) is not None])

    for i, r in enumerate(chosen):
        s = r.session
        by_day = own[s.id]
        if r.recovery_day is not None:
            outcomes[RECOVERY][i] = r.recovery_day
        elif r.outcome == "not_recovered":  # not back within DAYS: later than any that was
            outcomes[RECOVERY][i] = NOT_BACK
        if (early := over(EARLY, by_day, lambda c: c.fatigue)) is not None:
            outcomes[EARLY_FATIGUE][i] = early
        found: dict[str, float | None] = {
            "water_days_0_2": over(range(0, 3), by_day, lambda c: c.water),
            "movement_days_1_3": over(range(1, 4), by_day, lambda c: c.activity),
            "mindful_days_0_2": over(range(0, 3), by_day, lambda c: c.mindful),
            "sleep_night_after": by_day[1].sleep_hours if 1 in by_day else None,
            "dissociation": s.dissociation,
            "days_since_previous": r.days_since_previous,
        }
        for key, v in found.items():
            if v is not None:
                per_session[key][i] = v
        per_session["route"][i] = s.route
        per_session["drug"][i] = s.drug
        for d in range(0, DAYS):
            today_c, next_c = by_day.get(d), by_day.get(d + 1)
            if today_c is None or next_c is None:
                continue
            unit = len(day_strata)
            day_strata[unit] = d
            day_session[unit] = i
            outcomes[NEXT_DAY][unit] = next_c.fatigue
            for key, v2 in (
                ("water", today_c.water),
                ("movement", today_c.activity),
                ("mindful", today_c.mindful),
            ):
                if v2 is not None:
                    daily[key][unit] = v2

    factors = [
        *(Factor(k, "session", v) for k, v in per_session.items() if k not in ("route", "drug")),
        *_doses([r.session for r in chosen]),
        Factor("route", "session", per_session["route"]),
        Factor("drug", "session", per_session["drug"]),
        *(Factor(f"{k}_that_day", "day", v) for k, v in daily.items()),
    ]
    chosen_sessions = [r.session for r in chosen]
    return Extracted(chosen_sessions, len(past), factors, outcomes, day_strata, day_session)


def _doses(chosen: Sequence[Session]) -> list[Factor]:
    """One dose factor per drug, in the unit most of that drug's sessions record; and
    one in the other unit for the sessions recorded only in it (oral ketamine in mg
    beside IV ketamine in mg/kg), since the two cannot be put on one scale."""
    out = []
    for drug in sorted({s.drug for s in chosen}):
        mine = [(i, s) for i, s in enumerate(chosen) if s.drug == drug]
        per_kg = {i: s.dose_mg_per_kg for i, s in mine if s.dose_mg_per_kg is not None}
        mg = {i: s.dose_mg for i, s in mine if s.dose_mg is not None}
        main, unit, other, other_unit = (
            (per_kg, "mg/kg", mg, "mg") if len(per_kg) >= len(mg) else (mg, "mg", per_kg, "mg/kg")
        )
        out.append(Factor(f"dose_{drug}", "session", dict(main), drug=drug, dose_unit=unit))
        only: dict[int, Value] = {i: v for i, v in other.items() if i not in main}
        if only:
            key = f"dose_{drug}_{other_unit.replace('/', '_per_')}"
            out.append(Factor(key, "session", only, drug=drug, dose_unit=other_unit))
    return out
