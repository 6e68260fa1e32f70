"""Insights find a planted effect and invent nothing else: seeded synthetic journals
(tests/synthetic.py) run through the pure layer, the same numbers every run."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from ketalog.insights.findings import Insights, compute
from synthetic import journal

TODAY = date(2027, 1, 1)
JOURNALS = range(50)
WATER = "water_days_0_2"


@cache
def found(seed: int, sessions: int, effect: bool) -> Insights:
    s, c = journal(seed, sessions, effect=effect)
    return compute(s, c, TODAY)


def water_found(r: Insights) -> bool:
    """The planted pattern: water on days 0-2 against recovery day or early fatigue."""
    return any(f.factor == WATER for f in r.patterns)


def others_found(r: Insights) -> bool:
    """Any pattern in a factor that has nothing to do with water."""
    return any(not f.factor.startswith("water") for f in r.patterns)


def test_a_planted_water_effect_is_found_in_nearly_every_24_session_journal() -> None:
    journals = [found(seed, 24, True) for seed in JOURNALS]
    assert sum(map(water_found, journals)) >= 0.90 * len(journals)


def test_a_planted_water_effect_is_found_in_most_16_session_journals() -> None:
    journals = [found(seed, 16, True) for seed in JOURNALS]
    assert sum(map(water_found, journals)) >= 0.65 * len(journals)


def test_nothing_else_is_called_a_pattern_in_those_journals() -> None:
    journals = [found(seed, n, True) for n in (24, 16) for seed in JOURNALS]
    assert sum(map(others_found, journals)) <= 0.10 * len(journals)


def test_journals_without_any_effect_rarely_show_a_pattern() -> None:
    """Journals of every length from 12 to 30 sessions, nothing planted."""
    journals = [found(seed, 12 + seed % 19, False) for seed in JOURNALS]
    assert sum(bool(r.patterns) for r in journals) <= 0.10 * len(journals)


def test_the_found_water_pattern_reads_the_right_way_round() -> None:
    """More water, a sooner recovery: the sentence says so with both halves' counts."""
    r = next(r for seed in JOURNALS if water_found(r := found(seed, 24, True)))
    f = next(f for f in r.patterns if f.factor == WATER)
    assert f.rho is not None and f.rho < 0
    high, low = f.groups
    assert high.median is not None and low.median is not None and high.median < low.median
    text = f.sentence()
    assert text.startswith(f"After sessions where you drank {high.label} glasses a day")
    assert f"({high.n} sessions)" in text and f"({low.n} sessions)" in text
    assert re.search(
        r"Chance alone gives a gap this big (about|less than) 1 time in [\d,]+\.$", text
    )
