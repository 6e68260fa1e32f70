"""The one rounding every displayed number goes through, and the small statistics
the recovery maths use. Pure and dependency-free."""

from __future__ import annotations

import math
from collections.abc import Sequence


def _round_half_up(x: float, places: int) -> float:
    scale = 10.0**places
    # the tiny nudge keeps 2.25 (stored as 2.24999...) rounding up, as people expect
    return math.floor(x * scale + 0.5 + 1e-9) / scale


def round1(x: float) -> float:
    """Round half up to one decimal: 2.25 -> 2.3. Every displayed level goes through it."""
    return _round_half_up(x, 1)


def round2(x: float) -> float:
    return _round_half_up(x, 2)


def level_text(x: float) -> str:
    """A level as shown everywhere (tables, sentences, chart labels): '2', '2.3'."""
    return f"{round1(x):g}"


def signed(delta: float | None) -> str:
    """A difference rounded as every level is (round1): '+1.3', '-0.5', '±0.0'; blank
    when there is none. The trend tables and every summary format show it alike."""
    if delta is None:
        return ""
    value = round1(delta)
    return "±0.0" if value == 0 else f"{value:+.1f}"


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def lower_quartile(values: Sequence[float]) -> float:
    """The 25th percentile, linear interpolation between closest ranks: the same number
    as numpy's default and `statistics.quantiles(values, n=4, method="inclusive")[0]`
    (the same formula, without importing `statistics`)."""
    data = sorted(values)
    if len(data) == 1:
        return data[0]
    j, delta = divmod(len(data) - 1, 4)
    return (data[j] * (4 - delta) + data[j + 1] * delta) / 4


def whole_day(x: float) -> int:
    """A typical day as a whole day, halves up: 3.5 -> 4."""
    return math.floor(x + 0.5)


def int_if_whole(x: float) -> float | int:
    """7.0 -> 7 (as JSON and tables show it); 7.5 stays."""
    return int(x) if float(x).is_integer() else x
