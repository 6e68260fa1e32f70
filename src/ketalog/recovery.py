"""One session's recovery, the pure maths: which session each check-in belongs to, the
session's starting level, recovery day and prolonged days. Nothing here reads the
clock, the journal or the terminal; trends.py puts sessions together into groups and
curves, and its docstring states the rules.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from operator import attrgetter
from typing import Literal, NamedTuple

from ketalog.model import Checkin, Session
from ketalog.stats import lower_quartile, median, round2, whole_day

QUIET_FROM = 4  # check-ins at this offset or later (or before any session) are quiet
EVE_WINDOW = 3  # an eve reading: the latest quiet check-in in the 3 days before a session
EVE_COUNT = 3  # estimate (a): the median of the latest 3 eve readings
RECENT_WINDOW = 28  # estimate (b): the quiet check-ins in the 28 days before a session,
RECENT_MIN = 4  # ... when there are at least 4
RECOVERED_MARGIN = 1  # back: fatigue at most start + 1 ...
RELAPSE_MARGIN = 2  # ... and the next own check-in at most start + 2
PROLONGED_MARGIN = 2  # prolonged: above start + 2 ...
SEVERE = 7  # ... or at 7 or more, with or without a starting level
MODERATE = 4  # a usual level from here on is itself moderate fatigue
PROLONGED_OFFSETS = range(4, 15)
SHOW_PROLONGED = 3  # the reading names this many of the latest flagged sessions

# --- placing check-ins --------------------------------------------------------------


def session_order(s: Session) -> tuple[date, bool, str, str, str]:
    """Sessions on one day: an untimed one first, then by time, then by entry order
    (and uid, for two entered in the same second: every journal that holds them
    agrees, as it would not on local ids); the last owns the check-ins from that day on."""
    return (s.day, s.time is not None, s.time or "", s.created_at, s.uid)


class Placed(NamedTuple):
    """A check-in with the session that owns it (None before the first session)."""

    checkin: Checkin
    session: Session | None
    offset: int | None


def place(sessions: Iterable[Session], checkins: Iterable[Checkin]) -> list[Placed]:
    """Give each check-in its owning session: the latest one on or before its day."""
    ordered = sorted(sessions, key=session_order)
    n, i = len(ordered), 0
    owner: Session | None = None
    out: list[Placed] = []
    append, new = out.append, tuple.__new__  # tuple.__new__: no Python call per row
    for c in sorted(checkins, key=_day):  # one walk through both, in day order
        d = c.day
        while i < n and ordered[i].day <= d:
            owner = ordered[i]
            i += 1
        append(new(Placed, (c, owner, None if owner is None else (d - owner.day).days)))
    return out


_day = attrgetter("day")


# --- starting levels -----------------------------------------------------------------


class StartLevel(NamedTuple):
    """A session's starting level and the two estimates it is the lower of."""

    value: float | None
    eve_median: float | None  # (a) median of the latest EVE_COUNT eve readings
    recent_quartile: float | None  # (b) lower quartile of recent quiet check-ins
    eve: Checkin | None  # this session's own eve reading, if any


def start_levels(sessions: Sequence[Session], placed: Sequence[Placed]) -> list[StartLevel]:
    """The starting level of each of `sessions` (in session_order), from the check-ins
    in `placed` (in day order, placed against the same sessions).

    A check-in that is the eve reading of two sessions (two on one day, or sessions a
    day apart) counts once among the latest three.
    """
    quiet = [p.checkin for p in placed if p.offset is None or p.offset >= QUIET_FROM]
    qdays = [c.day.toordinal() for c in quiet]
    qfatigue = [c.fatigue for c in quiet]
    eves: list[int] = []  # fatigue of the distinct eve readings so far
    last_eve = -1  # the index in `quiet` of the latest of them
    left = bisect.bisect_left
    out = []
    for s in sessions:  # a long journal has thousands: kept lean
        d = s.day.toordinal()
        hi = left(qdays, d)
        eve = None
        if hi and qdays[hi - 1] >= d - EVE_WINDOW:
            eve = quiet[hi - 1]
            if hi - 1 != last_eve:
                eves.append(eve.fatigue)
                last_eve = hi - 1
        eve_median = median(eves[-EVE_COUNT:]) if eves else None
        lo = left(qdays, d - RECENT_WINDOW, 0, hi)
        quartile = lower_quartile(qfatigue[lo:hi]) if hi - lo >= RECENT_MIN else None
        if quartile is None:
            value = eve_median
        elif eve_median is None or quartile < eve_median:
            value = quartile
        else:
            value = eve_median
        out.append(StartLevel(value, eve_median, quartile, eve))
    return out


# --- one session's recovery --------------------------------------------------------------


def recovery_day(own: dict[int, int], start: float | None, days: int) -> int | None:
    """The first logged offset d in 1..days with fatigue at most start + 1 whose next own
    check-in up to `days`, if there is one, is at most start + 2. `own` maps the
    session's own offsets to fatigue, in offset order."""
    if start is None:
        return None
    back, relapse = start + RECOVERED_MARGIN, start + RELAPSE_MARGIN
    candidate = None  # a day back, waiting for the next logged day to confirm it
    for d, f in own.items():
        if d < 1:
            continue
        if d > days:
            break
        if candidate is not None:
            if f <= relapse:
                return candidate
            candidate = None
        if f <= back:
            candidate = d
    return candidate


def prolonged_days(own: dict[int, int], start: float | None, recovered: int | None) -> list[int]:
    """Own offsets 4-14 before the recovery day (or any, without one) at 7 or more, or
    above start + 2; a high day after the patient had recovered is an odd day."""
    end = PROLONGED_OFFSETS.stop if recovered is None else min(recovered, PROLONGED_OFFSETS.stop)
    first = PROLONGED_OFFSETS.start
    if start is None or start + PROLONGED_MARGIN >= SEVERE:
        return [d for d, f in own.items() if first <= d < end and f >= SEVERE]
    limit = start + PROLONGED_MARGIN  # below SEVERE: "above the limit" covers 7 or more
    return [d for d, f in own.items() if first <= d < end and f > limit]


Outcome = Literal["recovered", "not_recovered", "unknown"]


class SessionRecovery(NamedTuple):
    """One session's recovery: what `trends`, `today`, the summary and insights show."""

    session: Session
    start: StartLevel
    own: dict[int, int]  # offset -> fatigue of its own check-ins, 0..max(days, 14)
    days: int  # N: the recovery window, 1..N
    recovery_day: int | None
    prolonged_days: list[int]
    days_since_previous: int | None  # None for the first session
    under_way: bool = False  # the latest session, its days 1..N not all past yet

    @property
    def start_level(self) -> float | None:
        return self.start.value

    @property
    def prolonged(self) -> bool:
        return bool(self.prolonged_days)

    @property
    def fatigue_by_day(self) -> dict[int, int]:
        """Own fatigue at offsets 0..days that were logged."""
        return {d: f for d, f in self.own.items() if d <= self.days}

    @property
    def outcome(self) -> Outcome:
        """recovered; not back within N days (still above start + 1 at its last own
        check-in in 1..N, on day 4 or later — or on day N when N is shorter — and its
        days 1..N are past); or unknown: no starting level, or too few check-ins to tell
        (none in 1..N, or the last one before day 4: the next session came first, or the
        days were not logged), or still under way."""
        if self.recovery_day is not None:
            return "recovered"
        seen = [d for d in self.own if 1 <= d <= self.days]
        if (
            self.start.value is None
            or self.under_way
            or not seen
            or seen[-1] < min(self.days, QUIET_FROM)
        ):
            return "unknown"
        return "not_recovered"

    def prolonged_fatigue(self) -> list[tuple[int, int]]:
        return [(d, self.own[d]) for d in self.prolonged_days]

    def to_json(self) -> dict[str, object]:
        s = self.session
        start = self.start.value
        return {
            "id": s.id,
            "day": s.day.isoformat(),
            "time": s.time,
            "drug": s.drug,
            "route": s.route,
            "dose": s.dose_text() or None,
            "dose_mg": s.dose_mg,
            "dose_mg_per_kg": s.dose_mg_per_kg,
            "days_since_previous": self.days_since_previous,
            "fatigue_by_day": {str(k): v for k, v in self.fatigue_by_day.items()},
            "start_level": None if start is None else round2(start),
            "recovery_day": self.recovery_day,
            "prolonged": self.prolonged,
            "prolonged_days": list(self.prolonged_days),
        }


def recoveries(
    sessions: Sequence[Session], placed: Sequence[Placed], days: int, until: date | None = None
) -> list[SessionRecovery]:
    """Every session's recovery (in session_order). `placed`: the check-ins placed
    against these same sessions, in day order. `until`: the last day the data covers
    (today); a session whose days 1..N reach past it, with no session after it yet,
    is still under way."""
    ordered = sorted(sessions, key=session_order)
    starts = start_levels(ordered, placed)
    keep = max(days, PROLONGED_OFFSETS.stop - 1)
    own: dict[int, dict[int, int]] = {s.id: {} for s in ordered}
    for c, session, offset in placed:  # in day order, so each dict is in offset order
        if session is not None and offset <= keep:  # type: ignore[operator]
            own[session.id][offset] = c.fatigue  # type: ignore[index]
    out = []
    previous: date | None = None
    for i, (s, start) in enumerate(zip(ordered, starts, strict=True)):
        mine = own[s.id]
        rec = recovery_day(mine, start.value, days)
        under_way = (
            until is not None and i + 1 == len(ordered) and until < s.day + timedelta(days=days)
        )
        out.append(
            SessionRecovery(
                session=s,
                start=start,
                own=mine,
                days=days,
                recovery_day=rec,
                prolonged_days=prolonged_days(mine, start.value, rec),
                days_since_previous=None if previous is None else (s.day - previous).days,
                under_way=under_way,
            )
        )
        previous = s.day
    return out


class RecoveryCounts(NamedTuple):
    recovered: int
    not_recovered: int
    unknown: int

    @property
    def sessions(self) -> int:
        return self.recovered + self.not_recovered + self.unknown

    def to_json(self) -> dict[str, int]:
        return self._asdict()


def recovery_counts(recs: Iterable[SessionRecovery]) -> RecoveryCounts:
    outcomes = [r.outcome for r in recs]
    return RecoveryCounts(*(outcomes.count(o) for o in ("recovered", "not_recovered", "unknown")))


def typical_day(recs: Iterable[SessionRecovery]) -> int | None:
    """The median recovery day over sessions that have one, as a whole day (halves up)."""
    found = [r.recovery_day for r in recs if r.recovery_day is not None]
    return whole_day(median(found)) if found else None
