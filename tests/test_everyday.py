"""The everyday journal as a tired person types it: dates, numbers, notes, planned
sessions, messages about the day logged."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from helpers import digest, run


def checkin(day: str = "2026-11-25") -> dict[str, object]:
    [found] = [c for c in json.loads(run("history", "--all", "--json").out) if c["day"] == day]
    return found  # type: ignore[no-any-return]


def sessions() -> list[dict[str, object]]:
    return json.loads(run("session", "list", "--json").out)  # type: ignore[no-any-return]


# --- dates --------------------------------------------------------------------------


def test_log_echoes_the_day_a_word_resolved_to() -> None:
    r = run("log", "5", "--date", "last monday")
    assert r.code == 0, r.err
    assert r.out.startswith("Saved the check-in for Mon 23 Nov: fatigue 5/10")
    r = run("log", "4", "--date", "2 weeks ago")
    assert "Wed 11 Nov" in r.out


def test_an_ambiguous_date_is_refused_and_nothing_is_written(isolated: Path) -> None:
    r = run("log", "5", "--date", "03/04")
    assert r.code == 2 and "could be day/month or month/day" in r.err
    assert not isolated.exists()


def test_a_session_is_planned_ahead_only_with_next_or_in() -> None:
    assert run("session", "add", "--route", "iv", "--date", "next friday").code == 0
    assert run("session", "add", "--route", "iv", "--date", "friday").code == 0
    assert [s["day"] for s in sessions()] == ["2026-11-20", "2026-11-27"]


# --- numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"), [("7h", 7.0), ("7.5h", 7.5), ("7:30", 7.5), ("0,5", 0.5), ("7h30", 7.5)]
)
def test_sleep_as_people_type_it(given: str, stored: float) -> None:
    assert run("log", "5", "--sleep-hours", given).code == 0
    assert checkin()["sleep_hours"] == stored


def test_doses_with_their_units() -> None:
    assert run("session", "add", "--route", "iv", "--dose", "35mg").code == 0
    assert run("session", "add", "--route", "iv", "--dose", "0.5mg/kg", "--date", "-1").code == 0
    assert run("session", "add", "--route", "iv", "--dose-per-kg", "0,5", "--date", "-2").code == 0
    assert [(s["dose_mg"], s["dose_mg_per_kg"]) for s in sessions()] == [
        (None, 0.5),
        (None, 0.5),
        (35.0, None),
    ]


def test_a_thousands_comma_is_refused_as_ambiguous() -> None:
    r = run("session", "add", "--route", "iv", "--dose", "1,000")
    assert r.code == 2 and "write 1000 or 1.000" in r.err


def test_messages_name_the_flag_the_user_typed() -> None:
    run("session", "add", "--route", "iv")
    r = run("session", "edit", "1", "--duration", "forty")
    assert r.code == 2 and r.err.startswith("ketalog: --duration 'forty' is not valid")
    assert "--duration-min" not in r.err
    assert run("session", "edit", "1", "--duration", "2h").code == 0
    assert sessions()[0]["duration_min"] == 120
    r = run("session", "edit", "1", "--dose", "0")
    assert "--dose '0' is out of range; use a number above 0 and at most 1000 mg" in r.err


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (("--dose-per-kg", "5"), "is 5 mg/kg right?"),
        (("--dose", "35", "--dose-per-kg", "0.05"), "a body weight of 700 kg"),
        (("--dose", "35mg", "--dose-per-kg", "0.5"), None),
    ],
)
def test_an_unusual_dose_needs_yes(isolated: Path, args: tuple[str, ...], why: str | None) -> None:
    r = run("session", "add", "--route", "iv", *args)
    if why is None:
        assert r.code == 0
        return
    assert r.code == 2 and why in r.err and "add --yes" in r.err
    assert not isolated.exists()
    assert run("session", "add", "--route", "iv", *args, "--yes").code == 0
    r = run("session", "edit", "1", "--dose-per-kg", "6")
    assert r.code == 2 and "is 6 mg/kg right?" in r.err


def test_the_answers_may_be_separated_by_spaces() -> None:
    r = run("assess", "gad7", "--answers", "1 2 1 1 0 2 1")
    assert r.code == 0 and "total 8 of 21" in r.out
    r = run("assess", "gad7", "--answers", "1 2 1")
    assert r.code == 2 and "has 3 answers" in r.err


# --- log ----------------------------------------------------------------------------


def test_the_first_argument_is_fatigue_and_f_its_short_flag() -> None:
    assert run("log", "6").code == 0
    assert checkin()["fatigue"] == 6
    assert run("log", "-f", "4").code == 0
    assert checkin()["fatigue"] == 4
    r = run("log", "5", "--fatigue", "7")
    assert r.code == 2 and "given twice" in r.err
    r = run("log", "eleven")
    assert r.code == 2 and "--fatigue 'eleven'" in r.err


def test_for_provider_without_a_note_is_a_usage_error(isolated: Path) -> None:
    r = run("log", "5", "--for-provider")
    assert r.code == 2 and "--note" in r.err
    assert run("history", "--json").out.strip() == "[]"
    run("log", "5", "--note", "dizzy")
    before = digest(isolated)
    assert run("log", "--for-provider").code == 0
    assert checkin()["for_provider"] is True
    assert digest(isolated) != before


def test_a_second_note_adds_a_line_and_clear_replaces() -> None:
    run("log", "5", "--note", "slept badly")
    r = run("log", "--note", "better after a walk")
    assert r.code == 0 and "added a line to the note" in r.out
    assert checkin()["note"] == "slept badly\nbetter after a walk"
    run("log", "--clear", "note", "--note", "just this")
    assert checkin()["note"] == "just this"


def test_clearing_the_note_clears_its_provider_mark() -> None:
    run("log", "5", "--note", "ask about dose", "--for-provider")
    run("log", "--clear", "note")
    assert checkin()["note"] is None and checkin()["for_provider"] is False


def test_back_dated_messages_speak_of_the_day_logged() -> None:
    run("session", "add", "--route", "iv", "--date", "2026-11-02")
    r = run("log", "5", "--date", "30 days ago")
    assert "the first was on 2 Nov 2026" in r.out and "planned" not in r.out
    r = run("log", "7", "--date", "2026-11-02")
    assert "Session day" in r.out
    assert "today is session day" not in r.out
    assert "it was session day" in r.out
    r = run("log", "4", "--date", "2026-11-05")
    assert "Thu 5 Nov was 3 days after your session of 2 Nov 2026" in r.out


def test_today_still_says_today() -> None:
    run("session", "add", "--route", "iv")
    r = run("log", "7")
    assert "today is session day" in r.out


# --- planned sessions ---------------------------------------------------------------


def test_the_planned_session_becomes_the_actual_one(monkeypatch: pytest.MonkeyPatch) -> None:
    now = date.today()  # "planned" means entered before its day, by the real clock
    day = now + timedelta(days=12)
    monkeypatch.setenv("KETALOG_TODAY", now.isoformat())
    r = run("session", "add", "--route", "iv", "--date", "in 12 days", "--dose-per-kg", "0.5")
    assert "(planned)" in r.out
    monkeypatch.setenv("KETALOG_TODAY", day.isoformat())
    r = run("session", "add", "--duration", "40", "--dissociation", "6")
    assert r.code == 0, r.err
    assert r.out.startswith(f"Recorded planned session 1 of {day:%a} {day.day} {day:%b}")
    assert "duration min — → 40" in r.out
    [s] = sessions()
    assert (s["duration_min"], s["dissociation"], s["dose_mg_per_kg"]) == (40, 6, 0.5)
    summary = json.loads(run("summary", "--format", "json").out)
    assert len(summary["sessions"]) == 1
    trends = json.loads(run("trends", "--json").out)
    assert len(trends["sessions"]) == 1


def test_a_second_session_on_one_day_needs_yes(isolated: Path) -> None:
    run("session", "add", "--route", "iv")
    before = digest(isolated)
    r = run("session", "add", "--route", "intranasal")
    assert r.code == 2 and "already has session 1" in r.err and "--yes" in r.err
    assert digest(isolated) == before
    assert run("session", "add", "--route", "intranasal", "--yes").code == 0
    assert len(sessions()) == 2


# --- history ------------------------------------------------------------------------


def test_history_shows_30_days_unless_all() -> None:
    for day in ("2026-10-01", "2026-10-26", "2026-10-27", "2026-11-25"):
        run("log", "5", "--date", day)
    days = [c["day"] for c in json.loads(run("history", "--json").out)]
    assert days == ["2026-10-27", "2026-11-25"]
    days = [c["day"] for c in json.loads(run("history", "--all", "--json").out)]
    assert days == ["2026-10-01", "2026-10-26", "2026-10-27", "2026-11-25"]
    days = [c["day"] for c in json.loads(run("history", "--since", "2026-10-20", "--json").out)]
    assert days == ["2026-10-26", "2026-10-27", "2026-11-25"]


def test_an_empty_period_points_to_all() -> None:
    run("log", "5", "--date", "2026-09-01")
    r = run("history")
    assert r.code == 0 and "`ketalog history --all` shows every day" in r.out


def test_piped_history_is_plain_text_without_trailing_spaces() -> None:
    run("session", "add", "--route", "iv", "--date", "2026-11-20")
    run("log", "5", "--date", "2026-11-21", "--note", "first", "--for-provider")
    run("log", "--date", "2026-11-21", "--note", "second")
    run("log", "3", "--date", "2026-11-22", "--sleep-hours", "7.5")
    out = run("history").out
    lines = out.splitlines()
    assert lines[0].startswith("Date") and lines[0].endswith("Note")
    assert "2026-11-21   1   5" in lines[1] and lines[1].endswith("* first / second")
    assert lines[2].startswith("2026-11-22   2   3   7.5")
    assert all(line == line.rstrip() for line in lines)
    assert "\x1b" not in out and "─" not in out
