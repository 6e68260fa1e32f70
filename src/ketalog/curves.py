"""Recovery curves: each metric's statistics by days since session, pure.

`placed` rows are (check-in, owning session, offset), as trends.place gives them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

from ketalog.model import Checkin, Session
from ketalog.stats import int_if_whole, mean, median, round1

METRICS = ("fatigue", "sleep_hours", "mood", "fog")
_METRIC_INDEX = tuple((m, Checkin._fields.index(m)) for m in METRICS)
_FATIGUE = Checkin._fields.index("fatigue")
DayKey = int | Literal["later"]


class DayStats(NamedTuple):
    day: DayKey
    n: int
    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    vs_start: float | None  # mean of (fatigue - own session's starting level), unrounded

    def to_json(self) -> dict[str, object]:
        return {
            "day": self.day,
            "n": self.n,
            "mean": self.mean,
            "median": self.median,
            "min": self.min,
            "max": self.max,
            "vs_start": None if self.vs_start is None else round1(self.vs_start),
        }


class Curve(NamedTuple):
    metric: str
    rows: list[DayStats]

    @property
    def n(self) -> int:
        return sum(r.n for r in self.rows)


def curves(
    placed: Sequence[tuple[Checkin, Session | None, int | None]],
    days: int,
    start_of: dict[int, float],
) -> dict[str, Curve]:
    """Each metric's statistics for offsets 0..days and a last row for later days;
    fatigue also "vs start", over check-ins whose session has a starting level
    (`start_of`: session id -> starting level)."""
    keys: list[DayKey] = [*range(days + 1), "later"]
    buckets: dict[str, dict[DayKey, list[float]]] = {m: {k: [] for k in keys} for m in METRICS}
    diffs: dict[DayKey, list[float]] = {k: [] for k in keys}
    fatigue = buckets["fatigue"]
    others = [(buckets[m], i) for m, i in _METRIC_INDEX if m != "fatigue"]
    for checkin, session, offset in placed:
        if session is None:
            continue
        key: DayKey = offset if offset <= days else "later"  # type: ignore[operator,assignment]
        row: tuple[Any, ...] = checkin
        f = row[_FATIGUE]
        fatigue[key].append(f)
        for bucket, i in others:
            if (v := row[i]) is not None:
                bucket[key].append(v)
        if (start := start_of.get(session.id)) is not None:
            diffs[key].append(f - start)
    return {
        m: Curve(m, [_stats(k, v, diffs[k] if m == "fatigue" else []) for k, v in b.items()])
        for m, b in buckets.items()
    }


def _stats(key: DayKey, values: list[float], diffs: list[float]) -> DayStats:
    if not values:
        return DayStats(key, 0, None, None, None, None, None)
    return DayStats(
        day=key,
        n=len(values),
        mean=round1(mean(values)),
        median=int_if_whole(median(values)),
        min=int_if_whole(min(values)),
        max=int_if_whole(max(values)),
        vs_start=mean(diffs) if diffs else None,
    )
