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
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from ketalog.stats import median

# numpy's BLAS starts a thread for every processor as it loads, which costs about a
# third of numpy's start-up; these products are far too small to share out.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import numpy.typing as npt

PERMUTATIONS = 2000
SEED = 14  # fixed: the same journal always gets the same chances
PATTERN_CHANCE = 0.10  # a pattern: chance at most this ...
PATTERN_RHO = 0.4  # ... |rho| at least this ...
MIN_SIDE = 3  # ... at least this many sessions on each side (for days: their sessions) ...
MIN_GAP = 1.0  # ... and halves' medians this far apart: a day, or a point of fatigue
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
    change = np.ones(len(a) + 1, dtype=bool)  # where a run of equal values starts or ends
    np.not_equal(ordered[1:], ordered[:-1], out=change[1:-1])
    edges = np.flatnonzero(change)
    shared = (edges[:-1] + edges[1:] - 1) / 2 + 1
    out = np.empty(len(a), dtype=np.float64)
    out[order] = np.repeat(shared, edges[1:] - edges[:-1])
    return out


def centred_ranks(values: Sequence[float], strata: Ints | None = None) -> Floats:
    """Mid-ranks (within each stratum, if given), minus their mean."""
    a = np.asarray(values, dtype=np.float64)
    if strata is None:
        r = midranks(a)
        centred: Floats = r - r.mean()
        return centred
    out = np.zeros(len(a), dtype=np.float64)
    for k in sorted(set(strata.tolist())):  # not np.unique: it loads numpy.ma (~17 ms)
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
    strata = {u: np.asarray(s, dtype=np.intp) for u, s in sorted(universes.items())}
    observed: list[float | None] = []
    families: dict[tuple[object, ...], tuple[Test, Floats, list[Floats]]] = {}
    outcome_ranks: dict[tuple[object, ...], Floats] = {}  # many tests share an outcome
    for t in tests:
        within = strata[t.universe][np.asarray(t.units, dtype=np.intp)]
        key = (t.universe, tuple(t.units), tuple(t.y))
        if (ry := outcome_ranks.get(key)) is None:
            ry = outcome_ranks[key] = centred_ranks(t.y, within)
        rx = centred_ranks(t.x, within)
        r = _rho(rx, ry)
        observed.append(r)
        if r is not None:
            weights = rx / math.sqrt(float(rx @ rx) * float(ry @ ry))
            families.setdefault(key, (t, ry, []))[2].append(weights)
    in_universe: dict[str, list[_Family]] = {}
    for t, ry, columns in families.values():
        in_universe.setdefault(t.universe, []).append(
            _Family.of(len(strata[t.universe]), t.units, ry, columns, permutations)
        )
    # the shuffles go through every family on their units as they are made, one block
    # of one stratum's rounds at a time: small arrays, reused, instead of fresh memory
    for i, (u, s) in enumerate(strata.items()):
        for members, rounds, order in (
            _orders(seed + i, s, permutations) if u in in_universe else ()
        ):
            for f in in_universe[u]:
                f.add(members, rounds, order)
    largest = np.zeros(permutations, dtype=np.float64)
    for group in in_universe.values():
        for f in group:
            np.maximum(largest, np.abs(f.rhos).max(axis=1), out=largest)
    out = []
    for r in observed:
        if r is None:
            out.append(Tested(None, None))
            continue
        reached = int(np.count_nonzero(largest >= abs(r) - 1e-9))
        out.append(Tested(r, (1 + reached) / (1 + permutations)))
    return out


class _Family(NamedTuple):
    """The tests on one set of units with one outcome: the outcome's ranks and the
    factors' weights placed at their units' numbers, and every round's rho so far."""

    y_at: Floats
    w_at: Floats
    present: npt.NDArray[np.bool_]
    rhos: Floats  # rounds x factors

    @classmethod
    def of(
        cls, size: int, units: Sequence[int], ry: Floats, columns: list[Floats], rounds: int
    ) -> _Family:
        ids = np.asarray(units, dtype=np.intp)
        y_at = np.zeros(size, dtype=np.float64)
        y_at[ids] = ry
        w_at = np.zeros((size, len(columns)), dtype=np.float64)
        w_at[ids] = np.column_stack(columns)
        present = np.zeros(size, dtype=bool)
        present[ids] = True
        return cls(y_at, w_at, present, np.zeros((rounds, len(columns)), dtype=np.float64))

    def add(self, members: Ints, rounds: slice, order: Ints) -> None:
        """Add one stratum's part of some rounds' rho; `order` holds positions in
        `members`, one row per round."""
        here = self.present[members]
        m = int(np.count_nonzero(here))
        y = self.y_at[members]
        if m == len(members):  # every unit of the stratum: its order is the shuffle
            self.rhos[rounds] += y[order] @ self.w_at[members]
        elif m:  # keep to the test's units, in each round's order
            kept = order[here[order]].reshape(len(order), m)
            self.rhos[rounds] += y[kept] @ self.w_at[members[here]]


def _orders(seed: int, strata: Ints, rounds: int) -> Iterator[tuple[Ints, slice, Ints]]:
    """For each stratum, its units in ascending order and, a block of rounds at a time,
    each round's random order of them (as positions among those units). Unit j of a
    stratum receives, in round b, the outcome of the unit at position j of that round's
    order: a uniform shuffle within the stratum, and kept to any subset of units, a
    uniform shuffle of that subset, shared by every test on it. Each round sorts the
    units by seeded random keys (`random_keys`), made a stratum and a block at a time
    so that the arrays stay small enough for the processor's cache and are reused."""
    cells = _cell_numbers(seed, rounds, len(strata))
    for k in sorted(set(strata.tolist())):
        members = np.flatnonzero(strata == k)
        numbers = members.astype(np.uint32)
        block = max(1, _BLOCK // len(members))
        for first in range(0, rounds, block):
            keys = _lowbias32(cells[first : first + block] + numbers)
            yield members, slice(first, first + block), _ranked(keys)


_BLOCK = 16_384  # cells per block of keys


def _ranked(keys: npt.NDArray[np.uint32]) -> Ints:
    """Each row's positions in the order of its keys, as `keys.argsort(axis=1)` gives
    them: each key with its position below it as one 64-bit number, sorted, which
    numpy does in about half the work of an argsort of rows this short (a tie, about
    one row of 60 in two million, goes by position)."""
    both = keys.astype(np.uint64) << np.uint64(32)
    both |= np.arange(keys.shape[1], dtype=np.uint64)
    both.sort(axis=1)
    order: Ints = (both & np.uint64(0xFFFFFFFF)).astype(np.intp)
    return order


def random_keys(seed: int, rows: int, columns: int) -> npt.NDArray[np.uint32]:
    """rows x columns random 32-bit numbers, the same for the same seed: Wellons'
    "lowbias32" integer hash of each cell's number, all cells at once (numpy's own
    generators would add ~20 ms of start-up to every run). Each seed hashes its own
    block of 2**24 cell numbers, so two seeds below 256 never share a key."""
    return _lowbias32(_cell_numbers(seed, rows, columns) + np.arange(columns).astype(np.uint32))


def _cell_numbers(seed: int, rows: int, columns: int) -> npt.NDArray[np.uint32]:
    """The number of each row's first cell (a column of rows x 1): row * columns, in
    the seed's block."""
    if rows * columns > 1 << 24:
        raise ValueError("too many cells for one block of keys")
    start = (seed % 256) << 24
    first: npt.NDArray[np.uint32] = np.arange(rows, dtype=np.uint32)[:, None] * np.uint32(
        columns
    ) + np.uint32(start)
    return first


def _lowbias32(x: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """Wellons' "lowbias32" hash of each number, in place (one scratch array)."""
    with np.errstate(over="ignore"):
        t = x >> np.uint32(16)
        x ^= t
        x *= np.uint32(0x7FEB352D)
        np.right_shift(x, np.uint32(15), out=t)
        x ^= t
        x *= np.uint32(0x846CA68B)
        np.right_shift(x, np.uint32(16), out=t)
        x ^= t
    return x


class Split(NamedTuple):
    """Where a factor is cut in two, for reading: at its median, the values equal to the
    median going with the upper half (`at_or_above`) or with the lower one."""

    cut: float
    at_or_above: bool

    def upper(self, value: float) -> bool:
        return value >= self.cut if self.at_or_above else value > self.cut


def split_at_median(
    x: Sequence[float], y: Sequence[float]
) -> tuple[Split, list[float], list[float]]:
    """The split, then the outcomes of the units in the upper half and in the lower one.

    Above the median against at or below it; but when values tied at the median leave
    the upper half empty or smaller than that way round, at or above against below,
    if that is more balanced (56 and 84 mg, mostly 84: 84 against 56, not nothing
    against everything). The same rule for every factor."""
    cut = median(x)
    above = sum(a > cut for a in x)
    at_or_above = sum(a >= cut for a in x)
    balance = min(above, len(x) - above)
    split = Split(cut, min(at_or_above, len(x) - at_or_above) > balance)
    upper = [b for a, b in zip(x, y, strict=True) if split.upper(a)]
    lower = [b for a, b in zip(x, y, strict=True) if not split.upper(a)]
    return split, upper, lower


def verdict(
    rho: float | None,
    chance: float | None,
    sides: Sequence[int],
    sessions: int,
    gap: float | None = None,
) -> str:
    """pattern: chance <= 10%, |rho| >= 0.4, 3 or more on each side and the halves'
    medians at least a day or a point apart (`gap`, upper minus lower, as shown) the
    way rho points; not enough yet: no test, fewer than 3 on a side, or fewer sessions
    than a real difference usually needs; otherwise no clear difference.

    `sides` count what each side rests on: sessions, or for a daily factor the
    sessions its days come from, so that many days of a few sessions are not taken
    for many sessions."""
    if rho is None or chance is None or min(sides, default=0) < MIN_SIDE:
        return NOT_ENOUGH
    if chance <= PATTERN_CHANCE and abs(rho) >= PATTERN_RHO and agrees(rho, gap):
        return PATTERN
    return NOT_ENOUGH if sessions < ENOUGH_SESSIONS else NO_CLEAR


def agrees(rho: float, gap: float | None) -> bool:
    """The halves' medians are at least MIN_GAP apart, the way rho points."""
    return gap is not None and abs(gap) >= MIN_GAP - 1e-9 and (gap > 0) == (rho > 0)
