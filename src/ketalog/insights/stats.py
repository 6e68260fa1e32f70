"""The statistics behind `ketalog insights`: pure functions over plain numbers.

Nothing here reads the clock, the journal or the terminal. The method, the same for
every factor (docs/insights.md explains it in plain words):

- association: Spearman's rank correlation, ties given mid-ranks. A factor of two
  groups (route, drug) is a 0/1 column, so its rho is the difference in mean ranks
  between the groups, scaled to -1..1 and comparable with the numeric factors';
- chance: a permutation test with a fixed seed. Each round shuffles the outcome
  among the units (sessions or days) that have both values, the same shuffle for
  every test on those units, and the largest |rho| over *all* the tests of the
  report is kept (Westfall-Young max-T). A test's chance is the share of rounds whose
  largest |rho| reaches its own, so looking at many factors at once does not make
  coincidences look like findings;
- speed: ranks are computed once; each round only reorders the outcome's ranks, and
  one matrix product per set of units gives every test's rho for every round.

A test may be split into strata (the day after a session for daily factors): ranks
are then taken and centred within each stratum and outcomes are shuffled only within
it, so days are compared only with days at the same point of recovery.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

PERMUTATIONS = 2000
SEED = 20260314  # fixed: the same journal always gets the same chances
PATTERN_CHANCE = 0.10  # a pattern: chance at most this ...
PATTERN_RHO = 0.4  # ... |rho| at least this ...
MIN_SIDE = 3  # ... and at least this many sessions (or days) on each side
ENOUGH_SESSIONS = 20  # a real 2-day difference usually shows by then

PATTERN = "pattern"
NO_CLEAR = "no clear difference"
NOT_ENOUGH = "not enough yet"
VERDICTS = (PATTERN, NO_CLEAR, NOT_ENOUGH)

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]


class Test(NamedTuple):
    """One factor against one outcome, over the units that have both.

    `units` number the units in their universe ("session" or "day"), so that tests
    on the same units are shuffled alike.
    """

    universe: str
    units: Sequence[int]
    x: Sequence[float]
    y: Sequence[float]


class Tested(NamedTuple):
    rho: float | None  # None when the factor or the outcome does not vary
    chance: float | None  # None when the test could not be run


def midranks(values: Sequence[float] | Floats) -> Floats:
    """Ranks 1..n, tied values sharing the mean of their ranks."""
    a = np.asarray(values, dtype=np.float64)
    order = np.argsort(a, kind="mergesort")
    ordered = a[order]
    edges = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1], True])
    shared = (edges[:-1] + edges[1:] - 1) / 2 + 1
    out = np.empty(len(a), dtype=np.float64)
    out[order] = np.repeat(shared, np.diff(edges))
    return out


def centred_ranks(values: Sequence[float], strata: Ints | None = None) -> Floats:
    """Mid-ranks (within each stratum, if given), minus their mean."""
    a = np.asarray(values, dtype=np.float64)
    if strata is None:
        r = midranks(a)
        centred: Floats = r - r.mean()
        return centred
    out = np.zeros(len(a), dtype=np.float64)
    for k in np.unique(strata):
        idx = np.flatnonzero(strata == k)
        r = midranks(a[idx])
        out[idx] = r - r.mean()
    return out


def rho(
    x: Sequence[float], y: Sequence[float], strata: Sequence[int] | None = None
) -> float | None:
    """Spearman's rho (within strata, pooled), or None if either side does not vary."""
    s = None if strata is None else np.asarray(strata, dtype=np.intp)
    return _rho(centred_ranks(x, s), centred_ranks(y, s))


def _rho(rx: Floats, ry: Floats) -> float | None:
    norm = math.sqrt(float(rx @ rx) * float(ry @ ry))
    if norm < 1e-12:
        return None
    return max(-1.0, min(1.0, float(rx @ ry) / norm))


def max_t(
    tests: Sequence[Test],
    universes: Mapping[str, Sequence[int]],
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
) -> list[Tested]:
    """Each test's rho and its chance corrected over all the tests (Westfall-Young max-T).

    `universes` gives, for each universe, the stratum of each of its units (units are
    0..n-1; one stratum for all is an ordinary test). Tests whose factor or outcome
    does not vary get no rho and no chance and are left out of the family.
    """
    rng = np.random.default_rng(seed)
    orders = {u: _orders(rng, np.asarray(s, dtype=np.intp), permutations)
              for u, s in sorted(universes.items())}  # fmt: skip
    strata = {u: np.asarray(s, dtype=np.intp) for u, s in universes.items()}
    observed: list[float | None] = []
    columns: dict[tuple[object, ...], list[Floats]] = {}
    prepared: dict[tuple[object, ...], tuple[Test, Floats]] = {}
    for t in tests:
        within = strata[t.universe][np.asarray(t.units, dtype=np.intp)]
        rx, ry = centred_ranks(t.x, within), centred_ranks(t.y, within)
        r = _rho(rx, ry)
        observed.append(r)
        if r is None:
            continue
        key: tuple[object, ...] = (t.universe, tuple(t.units), tuple(t.y))
        prepared.setdefault(key, (t, ry))
        columns.setdefault(key, []).append(rx / math.sqrt(float(rx @ rx) * float(ry @ ry)))
    if not columns:
        return [Tested(r, None) for r in observed]
    largest = np.zeros(permutations, dtype=np.float64)
    for key, cols in columns.items():
        t, ry = prepared[key]
        moved = ry[_shuffles(orders[t.universe], len(strata[t.universe]), t.units)]
        np.maximum(largest, np.abs(moved @ np.column_stack(cols)).max(axis=1), out=largest)
    out = []
    for r in observed:
        if r is None:
            out.append(Tested(None, None))
            continue
        reached = int(np.count_nonzero(largest >= abs(r) - 1e-9))
        out.append(Tested(r, (1 + reached) / (1 + permutations)))
    return out


def _orders(rng: np.random.Generator, strata: Ints, rounds: int) -> list[Ints]:
    """For each stratum, every round's random order of its units (rounds x its size)."""
    out = []
    for k in np.unique(strata):
        members = np.flatnonzero(strata == k)
        out.append(rng.permuted(np.broadcast_to(members, (rounds, len(members))), axis=1))
    return out


def _shuffles(orders: list[Ints], size: int, units: Sequence[int]) -> Ints:
    """Each round's reordering of a test's units within their strata: row b, column j
    is the test's unit (0..m-1) whose outcome unit j receives in round b.

    A round's order of a stratum, kept to the test's units, is a uniform shuffle of
    them; tests on the same or overlapping units thus share their shuffles.
    """
    ids = np.asarray(units, dtype=np.intp)
    local = np.full(size, -1, dtype=np.intp)
    local[ids] = np.arange(len(ids))
    rounds = orders[0].shape[0]
    out = np.empty((rounds, len(ids)), dtype=np.intp)
    for order in orders:
        keep = local[order[0]] >= 0  # the same units in every round, in another order
        m = int(np.count_nonzero(keep))
        if not m:
            continue
        positions = np.sort(local[order[0][keep]])
        picked = order[local[order] >= 0].reshape(rounds, m)
        out[:, positions] = local[picked]
    return out


class Half(NamedTuple):
    label: str
    n: int
    median: float


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def split_at_median(
    x: Sequence[float], y: Sequence[float]
) -> tuple[float, list[float], list[float]]:
    """The factor's median, then the outcomes of the units above it and at or below it."""
    cut = median(x)
    above = [b for a, b in zip(x, y, strict=True) if a > cut]
    rest = [b for a, b in zip(x, y, strict=True) if a <= cut]
    return cut, above, rest


def verdict(rho: float | None, chance: float | None, sides: Sequence[int], sessions: int) -> str:
    """pattern: chance <= 10%, |rho| >= 0.4 and 3 or more on each side; not enough yet:
    no test, fewer than 3 on a side, or fewer sessions than a real difference usually
    needs; otherwise no clear difference."""
    if rho is None or chance is None or min(sides, default=0) < MIN_SIDE:
        return NOT_ENOUGH
    if chance <= PATTERN_CHANCE and abs(rho) >= PATTERN_RHO:
        return PATTERN
    return NOT_ENOUGH if sessions < ENOUGH_SESSIONS else NO_CLEAR
