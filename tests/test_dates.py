from __future__ import annotations

from datetime import date

import pytest

from ketalog.dates import parse_time, parse_when
from ketalog.errors import InputError

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("yesterday", date(2026, 11, 24)),
        ("3 days ago", date(2026, 11, 22)),
        ("1 day ago", date(2026, 11, 24)),
        ("-7", date(2026, 11, 18)),
        ("2024-02-29", date(2024, 2, 29)),
        (" Today ", TODAY),
    ],
)
def test_past_words(text: str, expected: date) -> None:
    assert parse_when(text, TODAY) == expected


def test_future_only_when_allowed() -> None:
    assert parse_when("tomorrow", TODAY, max_ahead=365) == date(2026, 11, 26)
    assert parse_when("in 365 days", TODAY, max_ahead=365) == date(2027, 11, 25)
    with pytest.raises(InputError, match="in the future"):
        parse_when("tomorrow", TODAY)
    with pytest.raises(InputError, match="366 days ahead"):
        parse_when("in 366 days", TODAY, max_ahead=365)


@pytest.mark.parametrize(
    "text", ["2026-02-30", "2025-02-29", "2026-13-01", "soon", "3 weeks ago", ""]
)
def test_bad_dates_name_the_value(text: str) -> None:
    with pytest.raises(InputError) as e:
        parse_when(text, TODAY)
    assert repr(text) in e.value.message


def test_times() -> None:
    assert parse_time("9:05") == "09:05"
    assert parse_time("23:59") == "23:59"
    for bad in ("24:00", "25:99", "9", "9:5", "noon"):
        with pytest.raises(InputError):
            parse_time(bad)
