"""Days-since-session maths: pure functions over plain records.

Nothing here reads the clock, the journal or the terminal. docs/recovery-maths.md
explains the rules and why; readings.py words the results;
curves.py and stats.py hold the curves and the small statistics. For each session:

- its *starting level* (`start_levels`): how tired the patient is on an ordinary day
  just before it — the lower of the median of the latest 3 eve readings and the
  lower quartile of the quiet check-ins in the 28 days before it;
- its *recovery day* (`recovery_day`): the first day back within 1 point of the
  starting level and not clearly up again (more than 2 above) the next time logged;
- its *prolonged days* (`prolonged_days`): days 4-14, before the recovery day, at 7
  or more or more than 2 above the starting level.

recovery.py holds that per-session maths; its result is `SessionRecovery`
(start_level, recovery_day, prolonged, prolonged_days, days_since_previous).
`compute` (here) puts the sessions together into `Trends`: groups and curves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal, NamedTuple

from ketalog.curves import Curve, curves
from ketalog.model import Checkin, Session
from ketalog.recovery import (
    RecoveryCounts,
    SessionRecovery,
    place,
    recoveries,
    recovery_counts,
    typical_day,
)
from ketalog.stats import round2

GroupBy = Literal["none", "route", "drug", "dose", "interval"]
INTERVAL_BANDS = (("0-3", 3), ("4-7", 7), ("8-14", 14), ("15-28", 28), ("29+", None))
INTERVAL_KEYS = ("first", *(name for name, _ in INTERVAL_BANDS))


def interval_band(days_since_previous: int | None) -> str:
    if days_since_previous is None:
        return "first"
    return next(name for name, top in INTERVAL_BANDS if top is None or days_since_previous <= top)


# --- the whole picture -------------------------------------------------------------------


class Group(NamedTuple):
    key: str
    curves: dict[str, Curve]
    sessions: list[SessionRecovery]
    typical_recovery_day: int | None
    counts: RecoveryCounts

    @property
    def fatigue(self) -> Curve:
        return self.curves["fatigue"]


class Trends(NamedTuple):
    days: int
    by: GroupBy
    usual_level: float | None  # the latest session's starting level
    usual_session: Session | None  # that latest session
    typical_recovery_day: int | None
    counts: RecoveryCounts
    groups: list[Group]
    sessions: list[SessionRecovery]  # the period's sessions, in session_order
    checkins: int  # check-ins in the period
    placed_checkins: int  # of those, on or after the first session
    latest_checkin: date | None  # the latest check-in up to the period's end

    @property
    def prolonged(self) -> list[SessionRecovery]:
        return [r for r in self.sessions if r.prolonged]

    def is_latest(self, r: SessionRecovery) -> bool:
        """Is the latest check-in one of this session's prolonged-fatigue days?"""
        return self.latest_checkin is not None and any(
            (self.latest_checkin - r.session.day).days == d for d in r.prolonged_days
        )

    def to_json(self) -> dict[str, object]:
        return {
            "days": self.days,
            "by": self.by,
            "usual_level": None if self.usual_level is None else round2(self.usual_level),
            "typical_recovery_day": self.typical_recovery_day,
            "recovery_counts": self.counts.to_json(),
            "checkins": self.checkins,
            "groups": [
                {
                    "key": g.key,
                    "typical_recovery_day": g.typical_recovery_day,
                    "recovery_counts": g.counts.to_json(),
                    "days": [r.to_json() for r in g.fatigue.rows],
                    "metrics": {
                        m: [r.to_json() for r in c.rows]
                        for m, c in g.curves.items()
                        if m != "fatigue" and c.n
                    },
                }
                for g in self.groups
            ],
            "sessions": [r.to_json() for r in self.sessions],
        }


def group_key(r: SessionRecovery, by: GroupBy) -> str:
    if by == "none":
        return "all"
    if by == "dose":
        return r.session.dose_text() or "unknown"
    if by == "interval":
        return interval_band(r.days_since_previous)
    return str(getattr(r.session, by))


def _group_order(by: GroupBy, key: str) -> tuple[Any, ...]:
    if by == "interval":
        return (INTERVAL_KEYS.index(key),)
    if by == "dose":  # by unit, then by number; unknown last
        first = key.split(" · ")[0].split(" ")
        if key == "unknown":
            return (2, 0.0, key)
        return (0 if first[1] == "mg" else 1, float(first[0]), key)
    return (key,)


def compute(
    sessions: Sequence[Session],
    checkins: Sequence[Checkin],
    *,
    days: int = 7,
    by: GroupBy = "none",
    since: date | None = None,
    until: date | None = None,
) -> Trends:
    """The recovery picture for check-ins and sessions in [since, until].

    Offsets and starting levels use everything given up to `until`; curves and
    per-session rows use only the period. `checkins` may leave out check-ins that
    cannot change the period's numbers (see journal.recovery_checkins).
    """
    if until is not None:
        sessions = [s for s in sessions if s.day <= until]
        checkins = [c for c in checkins if c.day <= until]
    all_placed = place(sessions, checkins)
    all_recs = recoveries(sessions, all_placed, days, until)
    start_of = {r.session.id: r.start.value for r in all_recs if r.start.value is not None}
    placed = all_placed if since is None else [p for p in all_placed if p.checkin.day >= since]
    recs = all_recs if since is None else [r for r in all_recs if r.session.day >= since]
    last = all_recs[-1] if all_recs else None

    key_of = {r.session.id: group_key(r, by) for r in all_recs}
    keys = sorted({key_of[r.session.id] for r in recs}, key=lambda k: _group_order(by, k))
    groups = []
    for key in ["all"] if by == "none" else keys:
        grecs = [r for r in recs if key_of[r.session.id] == key]
        members = (
            placed
            if by == "none"
            else [p for p in placed if p.session is not None and key_of[p.session.id] == key]
        )
        groups.append(
            Group(
                key,
                curves(members, days, start_of),
                grecs,
                typical_day(grecs),
                recovery_counts(grecs),
            )
        )
    return Trends(
        days=days,
        by=by,
        usual_level=None if last is None else last.start.value,
        usual_session=None if last is None else last.session,
        typical_recovery_day=typical_day(recs),
        counts=recovery_counts(recs),
        groups=groups,
        sessions=recs,
        checkins=len(placed),
        placed_checkins=sum(1 for p in placed if p.offset is not None),
        latest_checkin=all_placed[-1].checkin.day if all_placed else None,
    )
