from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from helpers import run
from ketalog import dates
from ketalog.dates import label, parse_time, parse_when
from ketalog.errors import InputError

TODAY = date(2026, 11, 25)  # a Wednesday


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
        ("2 weeks ago", date(2026, 11, 11)),
        ("last monday", date(2026, 11, 23)),
        ("monday", date(2026, 11, 23)),
        ("Mon", date(2026, 11, 23)),
        ("wednesday", TODAY),
        ("last wednesday", date(2026, 11, 18)),
        ("friday", date(2026, 11, 20)),
        ("20 Nov", date(2026, 11, 20)),
        ("Nov 20", date(2026, 11, 20)),
        ("30 Nov", date(2025, 11, 30)),  # the past is preferred for a check-in
        ("25/11", TODAY),
        ("20.11.2026", date(2026, 11, 20)),
        ("the 20th", date(2026, 11, 20)),
        ("a week ago", date(2026, 11, 18)),
    ],
)
def test_past_words(text: str, expected: date) -> None:
    assert parse_when(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow", date(2026, 11, 26)),
        ("in 12 days", date(2026, 12, 7)),
        ("in 2 weeks", date(2026, 12, 9)),
        ("next friday", date(2026, 11, 27)),
        ("next wednesday", date(2026, 12, 2)),
        ("friday", date(2026, 11, 20)),  # no "next": the past, even for a session
    ],
)
def test_the_future_only_when_the_words_say_so(text: str, expected: date) -> None:
    assert parse_when(text, TODAY, max_ahead=365) == expected


def test_future_only_when_allowed() -> None:
    assert parse_when("in 365 days", TODAY, max_ahead=365) == date(2027, 11, 25)
    with pytest.raises(InputError, match="in the future"):
        parse_when("tomorrow", TODAY)
    with pytest.raises(InputError, match="366 days ahead"):
        parse_when("in 366 days", TODAY, max_ahead=365)


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "2025-02-29",
        "2026-13-01",
        "soon",
        "",
        "december",
        "3pm",
        "2 days before yesterday",
        "31/02",
        "99",
    ],
)
def test_bad_dates_name_the_value(text: str) -> None:
    with pytest.raises(InputError) as e:
        parse_when(text, TODAY)
    assert repr(text) in e.value.message


def test_an_ambiguous_numeric_date_is_refused_with_a_hint() -> None:
    with pytest.raises(InputError) as e:
        parse_when("03/04", TODAY)
    assert "could be day/month or month/day" in e.value.message
    assert "2026-03-04" in e.value.message and "'3 Apr'" in e.value.message


def test_the_label_echoes_the_resolved_day() -> None:
    assert label(date(2026, 11, 23), TODAY) == "Mon 23 Nov"
    assert label(date(2025, 11, 30), TODAY) == "Sun 30 Nov 2025"


def test_the_date_library_loads_only_when_the_fast_path_fails() -> None:
    code = (
        "import sys; from datetime import date; from ketalog.dates import parse_when\n"
        "t = date(2026, 11, 25)\n"
        "for w in ('2026-11-20', 'yesterday', '3 days ago', 'last monday', '25/11', 'in 3 days'):\n"
        "    parse_when(w, t, max_ahead=9)\n"
        "print('dateparser' in sys.modules)\n"
        "parse_when('2 weeks ago', t)\n"
        "print('dateparser' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_times() -> None:
    assert parse_time("9:05") == "09:05"
    assert parse_time("23:59") == "23:59"
    assert parse_time("9h30") == "09:30"
    for bad in ("24:00", "25:99", "9", "9:5", "noonish", "24h", "2pmm", "2:3pm", ""):
        with pytest.raises(InputError, match="is not a time of day; use 14:30, 14h30, 2:30pm"):
            parse_time(bad)


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("2pm", "14:00"),
        ("2 PM", "14:00"),
        ("2p", "14:00"),
        ("2:30pm", "14:30"),
        ("2.30 pm", "14:30"),
        ("2.30 p.m.", "14:30"),
        ("9am", "09:00"),
        ("9:15 a.m.", "09:15"),
        ("12am", "00:00"),
        ("12:30am", "00:30"),
        ("12pm", "12:00"),
        ("11:59pm", "23:59"),
        ("14h30", "14:30"),
        ("14h", "14:00"),
        ("0h", "00:00"),
        ("noon", "12:00"),
        ("Midday", "12:00"),
        ("midnight", "00:00"),
    ],
)
def test_times_as_people_say_them_are_kept_as_hh_mm(said: str, kept: str) -> None:
    assert parse_time(said) == kept


@pytest.mark.parametrize(
    ("said", "why"),
    [
        ("13pm", "the hour is 1 to 12"),
        ("25pm", "the hour is 1 to 12"),
        ("0am", "the hour is 1 to 12"),
        ("14:30pm", "the hour is 1 to 12"),
        ("2:60pm", "the minutes are 00 to 59"),
    ],
)
def test_an_am_pm_time_past_twelve_is_refused_saying_why(said: str, why: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_time(said, "--time")
    assert refused.value.message == (
        f"--time {said!r} is not a time of day: with am or pm {why}; "
        "use 14:30, 14h30, 2:30pm, 2pm, noon or midnight"
    )


def test_session_add_takes_a_spoken_time_and_refuses_nonsense() -> None:
    r = run("session", "add", "--time", "2:30pm", "--route", "iv")
    assert r.code == 0, r.err
    listed = run("session", "list", "--json")
    assert [s["time"] for s in json.loads(listed.out)] == ["14:30"]
    r = run("session", "add", "--time", "13pm", "--route", "iv")
    assert r.code == 2
    assert r.err.strip() == (
        "ketalog: --time '13pm' is not a time of day: with am or pm the hour is 1 to 12; "
        "use 14:30, 14h30, 2:30pm, 2pm, noon or midnight"
    )
    assert "Traceback" not in r.err
    assert len(json.loads(run("session", "list", "--json").out)) == 1  # nothing written


@pytest.mark.parametrize(
    ("text", "separators", "expected"),
    [
        ("7:30", ":", (7, 30)),
        ("07:30", ":", (7, 30)),
        ("23:59", ":", (23, 59)),
        ("7h30", ":.h", (7, 30)),
        ("7.30", ":.h", (7, 30)),
        ("7h30", ":", None),
        ("24:00", ":", None),
        ("7:60", ":", None),
        ("730", ":.h", None),
        ("7:3", ":", None),
    ],
)
def test_one_rule_reads_a_time_of_day(
    text: str, separators: str, expected: tuple[int, int] | None
) -> None:
    assert dates.hour_minute(text, separators) == expected


def test_a_stored_time_is_zero_padded_hh_mm() -> None:
    assert dates.is_stored_time("07:30") and dates.is_stored_time("00:00")
    assert not any(map(dates.is_stored_time, ("7:30", "07.30", "24:00", "07:30 ", "٠٧:٣٠")))
    assert dates.parse_time(" 7h05 ") == "07:05"


@pytest.mark.parametrize("pinned", ["20261125", "2026-W48-3", "2026-11-25T10:00", "25/11/2026"])
def test_ketalog_today_takes_only_yyyy_mm_dd_on_every_python(
    monkeypatch: pytest.MonkeyPatch, pinned: str
) -> None:
    monkeypatch.setenv("KETALOG_TODAY", pinned)
    r = run("today")
    assert r.code == 2
    assert r.err.strip() == f"ketalog: KETALOG_TODAY {pinned!r} is not a YYYY-MM-DD date"
