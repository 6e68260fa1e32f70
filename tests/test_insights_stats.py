"""The statistics behind `ketalog insights`: hand-checked numbers and properties."""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ketalog.insights import stats


def test_midranks_share_ties() -> None:
    assert stats.midranks([10, 20, 20, 30]).tolist() == [1, 2.5, 2.5, 4]
    assert stats.midranks([5, 5, 5]).tolist() == [2, 2, 2]
    assert stats.midranks([3, 1, 2]).tolist() == [3, 1, 2]


def test_rho_is_spearman_with_mid_ranks() -> None:
    assert stats.rho([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert stats.rho([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    # by hand: ranks x 1,2,3,4,5; y 2,1,4,3,5 -> 1 - 6*4/(5*24) = 0.8
    assert math.isclose(stats.rho([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) or 0, 0.8)
    # with ties: Pearson of the mid-ranks
    x, y = [1, 2, 2, 3, 4], [1, 3, 2, 2, 5]
    rx, ry = stats.midranks(x), stats.midranks(y)
    expected = float(np.corrcoef(rx, ry)[0, 1])
    assert math.isclose(stats.rho(x, y) or 0, expected)
    assert stats.rho([1, 1, 1], [1, 2, 3]) is None  # a factor that never varies


def test_a_two_group_factor_is_the_difference_in_mean_ranks() -> None:
    """A 0/1 factor's rho is the difference in mean outcome ranks between the groups,
    scaled by a constant that depends only on the group sizes (no ties)."""
    x = [1, 1, 1, 0, 0, 0]

    def gap(y: list[float]) -> float:
        r = stats.midranks(y)
        return float(r[:3].mean() - r[3:].mean())

    arrangements = ([7, 8, 9, 1, 2, 3], [3, 5, 6, 1, 2, 4], [1, 5, 6, 2, 3, 4])
    scales = {round((stats.rho(x, y) or 0) / gap(y), 9) for y in arrangements}
    assert len(scales) == 1
    assert stats.rho(x, [30, 50, 60, 10, 20, 40]) == stats.rho(x, [3, 5, 6, 1, 2, 4])


def test_strata_compare_days_only_with_days_at_the_same_point() -> None:
    # fatigue falls with the day after a session and water rises with it, yet within
    # each day more water goes with more fatigue: only the within-day link counts
    x = [1, 2, 5, 6, 9, 10]
    y = [8, 9, 4, 5, 0, 1]
    assert (stats.rho(x, y) or 0) < -0.8
    assert stats.rho(x, y, strata=[0, 0, 1, 1, 2, 2]) == 1.0
    assert stats.rho(x, [9, 9, 5, 5, 1, 1], strata=[0, 0, 1, 1, 2, 2]) is None  # flat in each


def test_chance_is_the_share_of_shuffles_whose_largest_rho_reaches_it() -> None:
    rng = np.random.default_rng(0)
    y = rng.normal(size=20).tolist()
    strong = [v + rng.normal(scale=0.2) for v in y]
    noise = rng.normal(size=20).tolist()
    units = list(range(20))
    tests = [stats.Test("session", units, strong, y), stats.Test("session", units, noise, y)]
    found = stats.max_t(tests, {"session": [0] * 20})
    assert found[0].chance is not None and found[0].chance < 0.01
    assert found[1].chance is not None and found[1].chance > 0.1
    # the same numbers give the same chances: the shuffles are seeded
    assert stats.max_t(tests, {"session": [0] * 20}) == found


def test_max_t_corrects_for_looking_at_many_factors() -> None:
    """One factor alone against the same factor among 20 others: its chance grows."""
    rng = np.random.default_rng(1)
    y = rng.normal(size=16).tolist()
    x = [v + rng.normal(scale=1.2) for v in y]
    units = list(range(16))
    alone = stats.max_t([stats.Test("session", units, x, y)], {"session": [0] * 16})[0]
    others = [stats.Test("session", units, rng.normal(size=16).tolist(), y) for _ in range(20)]
    crowd = stats.max_t([stats.Test("session", units, x, y), *others], {"session": [0] * 16})[0]
    assert alone.rho == crowd.rho
    assert alone.chance is not None and crowd.chance is not None
    assert crowd.chance > alone.chance


def test_max_t_agrees_with_a_slow_exact_count_on_a_small_case() -> None:
    """Five units: all 120 orders by brute force give the exact chance; 2,000 seeded
    shuffles land close to it."""
    x, y = [1.0, 2.0, 3.0, 4.0, 5.0], [2.0, 1.0, 4.0, 3.0, 5.0]
    observed = stats.rho(x, y) or 0
    orders = list(itertools.permutations(y))
    exact = sum(abs(stats.rho(x, list(o)) or 0) >= observed - 1e-9 for o in orders) / len(orders)
    [found] = stats.max_t([stats.Test("session", range(5), x, y)], {"session": [0] * 5})
    assert found.chance is not None and abs(found.chance - exact) < 0.03


def test_the_shuffles_are_the_order_of_the_seeded_keys_in_every_block() -> None:
    """Made a block of rounds at a time, each stratum's shuffles are still exactly its
    units sorted by the seed's keys, round by round: the chances do not depend on how
    the work is cut up."""
    rng = np.random.default_rng(2)
    strata = rng.integers(0, 4, 700).astype(np.intp)  # strata of ~175 units: many blocks
    rounds = 500
    keys = stats.random_keys(9, rounds, len(strata))
    seen = {}
    for members, block, order in stats._orders(9, strata, rounds):
        seen.setdefault(tuple(members), []).append((block, members[order]))
    assert sorted(len(m) for m in seen) == sorted(np.bincount(strata).tolist())
    for members, blocks in seen.items():
        ids = np.asarray(members)
        assert len(blocks) > 1
        assert [b.start for b, _ in blocks] == sorted(b.start for b, _ in blocks)
        shuffled = np.concatenate([o for _, o in blocks])
        assert np.array_equal(shuffled, ids[np.argsort(keys[:, ids], axis=1)])


floats = st.floats(min_value=0, max_value=30, allow_nan=False).map(lambda v: round(v, 1))


@st.composite
def samples(draw: st.DrawFn) -> tuple[list[float], list[float]]:
    n = draw(st.integers(min_value=2, max_value=30))
    x = draw(st.lists(floats, min_size=n, max_size=n))
    y = draw(st.lists(st.integers(0, 10).map(float), min_size=n, max_size=n))
    return x, y


@settings(max_examples=60, deadline=None)
@given(samples(), st.integers(min_value=0, max_value=3))
def test_rho_and_chance_stay_in_range(sample: tuple[list[float], list[float]], k: int) -> None:
    x, y = sample
    n = len(x)
    strata = [i % (k + 1) for i in range(n)]
    [t] = stats.max_t([stats.Test("day", range(n), x, y)], {"day": strata}, permutations=200)
    if t.rho is not None:
        assert -1 <= t.rho <= 1
        assert t.chance is not None and 0 < t.chance <= 1
    else:
        assert t.chance is None


@given(
    st.one_of(st.none(), st.floats(-1, 1)),
    st.one_of(st.none(), st.floats(0, 1)),
    st.lists(st.integers(0, 40), min_size=1, max_size=2),
    st.integers(0, 80),
    st.one_of(st.none(), st.sampled_from((-2.0, -0.5, 0.0, 0.5, 3.0))),
)
def test_verdict_follows_the_rules(
    rho: float | None,
    chance: float | None,
    sides: list[int],
    sessions: int,
    difference: float | None,
) -> None:
    v = stats.verdict(rho, chance, sides, sessions, difference)
    assert v in stats.VERDICTS
    tested = rho is not None and chance is not None and min(sides) >= 3
    differs = (
        rho is not None
        and difference is not None
        and abs(difference) >= stats.MIN_GAP
        and (difference > 0) == (rho > 0)
    )
    if v == stats.PATTERN:
        assert tested and chance is not None and chance <= 0.10
        assert rho is not None and abs(rho) >= 0.4
        assert differs
    elif v == stats.NO_CLEAR:
        assert tested and sessions >= stats.ENOUGH_SESSIONS
    else:
        assert not tested or sessions < stats.ENOUGH_SESSIONS
    strong = (
        tested and chance is not None and chance <= 0.10 and rho is not None and abs(rho) >= 0.4
    )
    if strong and differs:
        assert v == stats.PATTERN


def test_a_strong_rho_with_no_gap_between_the_medians_is_no_pattern() -> None:
    """Two halves both at 5/10 are not a pattern, whatever rho says; nor are halves
    whose medians go against it, or are less than a day or a point apart."""
    assert stats.verdict(1.0, 0.05, [3, 3], 3, 0) == stats.NOT_ENOUGH
    assert stats.verdict(1.0, 0.05, [12, 12], 24, 0) == stats.NO_CLEAR
    assert stats.verdict(0.6, 0.05, [12, 12], 24, -1) == stats.NO_CLEAR
    assert stats.verdict(-0.6, 0.05, [12, 12], 24, -1) == stats.PATTERN
    # half a point apart is no gap worth a pattern either
    assert stats.verdict(-0.6, 0.05, [12, 12], 24, -0.5) == stats.NO_CLEAR


def test_split_at_median_puts_ties_with_the_lower_half_when_that_is_as_balanced() -> None:
    split, above, rest = stats.split_at_median([1, 2, 2, 3], [10, 20, 30, 40])
    assert split == stats.Split(2, at_or_above=False) and above == [40] and rest == [10, 20, 30]


def test_values_tied_at_the_median_go_up_when_above_it_would_be_empty() -> None:
    """4 sessions at 56 mg and 8 at 84 mg: the median is 84, and 'above 84' is nobody.
    84 against 56 is the comparison to make."""
    doses = [56.0] * 4 + [84.0] * 8
    split, upper, lower = stats.split_at_median(doses, list(range(12)))
    assert split == stats.Split(84, at_or_above=True)
    assert upper == list(range(4, 12)) and lower == [0, 1, 2, 3]
    # fewer at the median than above it: the upper half stays 'above'
    split, upper, lower = stats.split_at_median([1, 2, 3, 3, 4, 5, 6], [0] * 7)
    assert split == stats.Split(3, at_or_above=False) and (len(upper), len(lower)) == (3, 4)


@given(st.lists(st.integers(0, 6).map(float), min_size=1, max_size=40))
def test_the_split_is_the_more_balanced_of_the_two_ways(x: list[float]) -> None:
    split, upper, lower = stats.split_at_median(x, x)
    assert len(upper) + len(lower) == len(x)
    assert all(split.upper(v) for v in upper) and not any(split.upper(v) for v in lower)
    above = sum(v > split.cut for v in x)
    at_or_above = sum(v >= split.cut for v in x)
    chosen = min(len(upper), len(lower))
    assert chosen >= min(above, len(x) - above)
    assert chosen >= min(at_or_above, len(x) - at_or_above) or not split.at_or_above


def test_ranked_is_the_argsort_of_each_row_and_ties_go_by_position() -> None:
    keys = stats.random_keys(4, 300, 60)
    assert np.array_equal(stats._ranked(keys), np.argsort(keys, axis=1, kind="stable"))
    tied = np.array([[5, 1, 5, 0, 1]], dtype=np.uint32)
    assert stats._ranked(tied).tolist() == [[3, 1, 4, 0, 2]]
