"""Days-since-session maths: pure functions over plain records.

Nothing here reads the clock, the journal or the terminal; see DESIGN.md,
"Days since session — the numbers", for the definitions implemented here.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any, Literal, NamedTuple

from ketalog.model import Checkin, Session

QUIET_FROM = 4  # check-ins at this offset or later are "quiet days"
RECOVERED_MARGIN = 1  # recovered: fatigue at most baseline + 1
PROLONGED_MARGIN = 2  # prolonged: fatigue above baseline + 2 ...
PROLONGED_WITHOUT_BASELINE = 7  # ... or at least 7 when there is no baseline
PROLONGED_OFFSETS = range(4, 15)
SHOW_PROLONGED = 3  # the reading names this many of the latest flagged sessions
METRICS = ("fatigue", "sleep_hours", "mood", "fog")
METRIC_LABELS = {
    "fatigue": "Fatigue",
    "sleep_hours": "Sleep h",
    "mood": "Mood",
    "fog": "Fog",
}
GroupBy = Literal["none", "route", "drug"]


def _round_half_up(x: float, places: int) -> float:
    scale = 10.0**places
    # the tiny nudge keeps 2.25 (stored as 2.24999...) rounding up, as people expect
    return math.floor(x * scale + 0.5 + 1e-9) / scale


def round1(x: float) -> float:
    """Round half up to one decimal: 2.25 -> 2.3."""
    return _round_half_up(x, 1)


def round2(x: float) -> float:
    return _round_half_up(x, 2)


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def session_order(s: Session) -> tuple[date, bool, str, int]:
    """Sessions on one day: an untimed one first, then by time, then by entry order."""
    return (s.day, s.time is not None, s.time or "", s.id)


class Placed(NamedTuple):
    """A check-in with the session that owns it (None before the first session)."""

    checkin: Checkin
    session: Session | None
    offset: int | None


def place(sessions: Iterable[Session], checkins: Iterable[Checkin]) -> list[Placed]:
    """Give each check-in its owning session: the latest one on or before its day."""
    ordered = sorted(sessions, key=session_order)
    days = [s.day for s in ordered]
    out = []
    for c in sorted(checkins, key=lambda c: c.day):
        i = bisect.bisect_right(days, c.day)
        owner = ordered[i - 1] if i else None
        offset = (c.day - owner.day).days if owner else None
        out.append(Placed(c, owner, offset))
    return out


def is_quiet(p: Placed) -> bool:
    return p.offset is None or p.offset >= QUIET_FROM


_METRIC_INDEX = tuple((m, Checkin._fields.index(m)) for m in METRICS)


def baselines(placed: Sequence[Placed]) -> dict[str, tuple[float | None, int]]:
    """For each metric, the mean over the quiet days that logged it, and how many did.

    Quiet days: check-ins before the first session or QUIET_FROM or more days after
    the session that owns them. One pass over the check-ins for all metrics.
    """
    quiet: dict[str, list[float]] = {m: [] for m in METRICS}
    for p in placed:
        if p.offset is None or p.offset >= QUIET_FROM:
            row: tuple[Any, ...] = p.checkin
            for m, i in _METRIC_INDEX:
                if (v := row[i]) is not None:
                    quiet[m].append(v)
    return {m: (mean(v) if v else None, len(v)) for m, v in quiet.items()}


class DayStats(NamedTuple):
    day: int | Literal["later"]
    n: int
    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    delta: float | None  # mean minus baseline (exact mean), None without both

    def to_json(self) -> dict[str, object]:
        return {
            "day": self.day,
            "n": self.n,
            "mean": self.mean,
            "median": self.median,
            "min": self.min,
            "max": self.max,
            "delta": None if self.delta is None else round1(self.delta),
        }


class Curve(NamedTuple):
    metric: str
    baseline: float | None
    rows: list[DayStats]

    @property
    def n(self) -> int:
        return sum(r.n for r in self.rows)


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def curves(placed: Sequence[Placed], days: int, base: dict[str, float | None]) -> dict[str, Curve]:
    """Each metric's statistics for offsets 0..days and a last row for later days."""
    keys: list[int | Literal["later"]] = [*range(days + 1), "later"]
    buckets: dict[str, dict[int | Literal["later"], list[float]]] = {
        m: {k: [] for k in keys} for m in METRICS
    }
    for p in placed:
        if p.offset is None:
            continue
        key: int | Literal["later"] = p.offset if p.offset <= days else "later"
        row: tuple[Any, ...] = p.checkin
        for m, i in _METRIC_INDEX:
            if (v := row[i]) is not None:
                buckets[m][key].append(v)
    return {
        m: Curve(m, base[m], [_stats(k, v, base[m]) for k, v in b.items()])
        for m, b in buckets.items()
    }


def _stats(key: int | Literal["later"], values: list[float], baseline: float | None) -> DayStats:
    if not values:
        return DayStats(key, 0, None, None, None, None, None)
    avg = mean(values)
    return DayStats(
        day=key,
        n=len(values),
        mean=round1(avg),
        median=_num(median(values)),
        min=_num(min(values)),
        max=_num(max(values)),
        delta=None if baseline is None else avg - baseline,
    )


class SessionRecovery(NamedTuple):
    session: Session
    fatigue_by_day: dict[int, int]  # offsets 0..days that were logged
    recovery_day: int | None
    prolonged: bool
    prolonged_days: list[tuple[int, int]]  # (offset, fatigue) above the threshold
    own_offsets: int  # the largest offset this session's own check-ins reach (-1: none)

    @property
    def window_end(self) -> date:
        """The last day a prolonged-fatigue episode of this session can show."""
        return self.session.day + timedelta(days=PROLONGED_OFFSETS.stop - 1)

    def to_json(self) -> dict[str, object]:
        s = self.session
        return {
            "id": s.id,
            "day": s.day.isoformat(),
            "time": s.time,
            "drug": s.drug,
            "route": s.route,
            "dose_mg": s.dose_mg,
            "dose_mg_per_kg": s.dose_mg_per_kg,
            "fatigue_by_day": {str(k): v for k, v in sorted(self.fatigue_by_day.items())},
            "recovery_day": self.recovery_day,
            "prolonged": self.prolonged,
        }


def prolonged_threshold(baseline: float | None) -> Callable[[int], bool]:
    if baseline is None:
        return lambda f: f >= PROLONGED_WITHOUT_BASELINE
    limit = baseline + PROLONGED_MARGIN
    return lambda f: f > limit


def recoveries(
    sessions: Sequence[Session], placed: Sequence[Placed], days: int, baseline: float | None
) -> list[SessionRecovery]:
    own: dict[int, dict[int, int]] = {s.id: {} for s in sessions}
    for p in placed:  # in day order, so each by_day dict is in offset order
        if p.session is not None and p.offset is not None and p.session.id in own:
            own[p.session.id][p.offset] = p.checkin.fatigue
    too_high = prolonged_threshold(baseline)
    recovered = None if baseline is None else baseline + RECOVERED_MARGIN
    out = []
    for s in sorted(sessions, key=session_order):
        by_day = own[s.id]
        recovery = None
        if recovered is not None:
            recovery = next(
                (d for d, f in by_day.items() if 1 <= d <= days and f <= recovered), None
            )
        first, last_flag = PROLONGED_OFFSETS.start, PROLONGED_OFFSETS.stop - 1
        flagged = [(d, f) for d, f in by_day.items() if first <= d <= last_flag and too_high(f)]
        last = next(reversed(by_day), -1)
        out.append(
            SessionRecovery(
                session=s,
                fatigue_by_day=by_day
                if last <= days
                else {d: f for d, f in by_day.items() if d <= days},
                recovery_day=recovery,
                prolonged=bool(flagged),
                prolonged_days=flagged,
                own_offsets=last,
            )
        )
    return out


def typical_day(recs: Iterable[SessionRecovery]) -> float | None:
    found = [r.recovery_day for r in recs if r.recovery_day is not None]
    return _num(median(found)) if found else None


class Group(NamedTuple):
    key: str
    curves: dict[str, Curve]
    sessions: list[SessionRecovery]
    typical_recovery_day: float | None

    @property
    def fatigue(self) -> Curve:
        return self.curves["fatigue"]


class Trends(NamedTuple):
    days: int
    by: GroupBy
    baseline: float | None
    baseline_days: int
    typical_recovery_day: float | None
    groups: list[Group]
    sessions: list[SessionRecovery]
    checkins: int  # check-ins looked at
    placed_checkins: int  # of those, on or after the first session
    baselines: dict[str, float | None]

    @property
    def prolonged(self) -> list[SessionRecovery]:
        return [r for r in self.sessions if r.prolonged]

    def to_json(self) -> dict[str, object]:
        return {
            "days": self.days,
            "by": self.by,
            "baseline": None if self.baseline is None else round2(self.baseline),
            "baseline_days": self.baseline_days,
            "typical_recovery_day": self.typical_recovery_day,
            "checkins": self.checkins,
            "groups": [
                {
                    "key": g.key,
                    "typical_recovery_day": g.typical_recovery_day,
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


def compute(
    sessions: Sequence[Session],
    checkins: Sequence[Checkin],
    *,
    days: int = 7,
    by: GroupBy = "none",
    since: date | None = None,
    until: date | None = None,
    quiet: dict[str, tuple[float | None, int]] | None = None,
) -> Trends:
    """The recovery picture for check-ins in [since, until].

    Offsets use every session; the baselines use the whole journal up to `until`
    (`quiet`, when the caller has them already, else from `checkins`); curves and
    per-session rows use only the period.
    """
    if until is not None:
        sessions = [s for s in sessions if s.day <= until]
        checkins = [c for c in checkins if c.day <= until]
    all_placed = place(sessions, checkins)
    if quiet is None:
        quiet = baselines(all_placed)
    base = {m: b for m, (b, _) in quiet.items()}
    baseline, baseline_days = quiet["fatigue"]
    placed = all_placed if since is None else [p for p in all_placed if p.checkin.day >= since]
    period_sessions = sessions if since is None else [s for s in sessions if s.day >= since]
    recs = recoveries(period_sessions, placed, days, baseline)

    def key_of(s: Session) -> str:
        return "all" if by == "none" else getattr(s, by)

    keys = sorted({key_of(s) for s in period_sessions}) if by != "none" else ["all"]
    groups = []
    for key in keys:
        members = (
            placed
            if by == "none"
            else [p for p in placed if p.session is not None and key_of(p.session) == key]
        )
        grecs = [r for r in recs if key_of(r.session) == key]
        groups.append(
            Group(
                key=key,
                curves=curves(members, days, base),
                sessions=grecs,
                typical_recovery_day=typical_day(grecs),
            )
        )
    return Trends(
        days=days,
        by=by,
        baseline=baseline,
        baseline_days=baseline_days,
        typical_recovery_day=typical_day(recs),
        groups=groups,
        sessions=recs,
        checkins=len(placed),
        placed_checkins=sum(1 for p in placed if p.offset is not None),
        baselines=base,
    )


def nice_date(d: date) -> str:
    """'31 Aug 2026': unambiguous in every country."""
    return f"{d.day} {d:%b %Y}"


def _day_word(d: float) -> str:
    return f"day {d:g}"


def reading(t: Trends) -> list[str]:
    """A few plain-language sentences about the numbers, for under the tables."""
    lines: list[str] = []
    if not t.sessions and t.checkins == 0:
        return ["Nothing logged yet: add a session and a few daily check-ins."]
    if t.baseline is None:
        lines.append(
            "No baseline yet: it needs check-ins before your first session or at least "
            f"{QUIET_FROM} days after one, so recovery days can't be judged."
        )
    else:
        lines.append(
            f"Your baseline fatigue is {round1(t.baseline):.1f}/10, from "
            f"{t.baseline_days} quiet day{'s' if t.baseline_days != 1 else ''}."
        )
    if t.typical_recovery_day is not None:
        lines.append(
            f"Fatigue is usually back near your baseline by {_day_word(t.typical_recovery_day)} "
            "after a session."
        )
    elif t.baseline is not None and t.sessions:
        lines.append(f"No session has come back near baseline within {t.days} days yet.")
    flagged = t.prolonged
    for r in flagged[-SHOW_PROLONGED:]:
        last_day = r.prolonged_days[-1][0]
        lines.append(
            f"After the {nice_date(r.session.day)} session fatigue stayed high until day "
            f"{last_day} — worth mentioning to your provider."
        )
    if len(flagged) > SHOW_PROLONGED:
        earlier = len(flagged) - SHOW_PROLONGED
        lines.append(f"{earlier} earlier session{'s' if earlier != 1 else ''} also had "
                     "fatigue that stayed high (marked ! in the table).")  # fmt: skip
    if t.sessions and all(r.own_offsets < PROLONGED_OFFSETS.start for r in t.sessions):
        lines.append(
            "No check-in falls 4 or more days after its session yet (sessions come close "
            "together, or those days were not logged), so prolonged fatigue cannot be "
            "judged yet."
        )
    return lines
