"""The interactive check-in, session and questionnaire questions, driven by scripted answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from typer.testing import CliRunner

from helpers import Result, run
from ketalog.assess import GAD7
from ketalog.cli import app
from ketalog.model import Checkin
from ketalog.prompts import Skipped, ask_checkin, ask_questionnaire, ask_session


def scripted(answers: list[str]) -> tuple[list[str], list[str], object, object]:
    asked: list[str] = []
    said: list[str] = []
    it: Iterator[str] = iter(answers)

    def ask(question: str, default: str) -> str:
        asked.append(f"{question} <{default}>" if default else question)
        answer = next(it)
        return answer or default

    return asked, said, ask, said.append


def test_checkin_asks_fatigue_first_and_reasks_bad_values() -> None:
    asked, said, ask, say = scripted(
        ["", "eleven", "7", "5.5", "", "", "", "", "3", "", "", "", "rough day", "y"]
    )
    values, cleared = ask_checkin(ask, say)  # type: ignore[arg-type]
    assert asked[0].startswith("Fatigue today, 0 none to 10 worst imaginable")
    assert values == {
        "fatigue": 7,
        "sleep_hours": 5.5,
        "water": 3,
        "note": "rough day",
        "for_provider": 1,
    }
    assert cleared == ()
    assert said[0] == "Fatigue today is needed to save the check-in; Enter again saves nothing."
    assert "'eleven'" in said[1]


def test_skipping_fatigue_twice_on_a_new_day_saves_nothing() -> None:
    _, said, ask, say = scripted(["", ""])
    with pytest.raises(Skipped):
        ask_checkin(ask, say)  # type: ignore[arg-type]
    assert len(said) == 1


def test_a_logged_day_offers_its_values_and_enter_keeps_them() -> None:
    current = Checkin(1, "u", date(2026, 11, 25), 6, sleep_hours=7.5, fog=3, mood=5, note="tired")
    asked, said, ask, say = scripted(
        ["", "", "", "-", "4", "", "", "", "", "", "better by evening", ""]
    )
    values, cleared = ask_checkin(ask, say, current)  # type: ignore[arg-type]
    assert asked[0].endswith("<6>") and asked[1].endswith("<7.5>")
    assert values == {"mood": 4, "note": "better by evening"}
    assert cleared == ("fog",)
    assert "Note so far: tired" in said


def test_hours_and_minutes_as_people_type_them() -> None:
    _, _, ask, say = scripted(["5", "7:30", "", "", "", "", "", "1h30", "", "", ""])
    values, _ = ask_checkin(ask, say)  # type: ignore[arg-type]
    assert values == {"fatigue": 5, "sleep_hours": 7.5, "activity": 90}


def test_session_uses_defaults_on_enter() -> None:
    _, said, ask, say = scripted(["", "nasal", "intranasal", "", "", "", "", "", ""])
    values = ask_session(ask, say, {"drug": "esketamine", "dose_mg": 56.0})  # type: ignore[arg-type]
    assert values == {"drug": "esketamine", "route": "intranasal", "dose_mg": 56.0}
    assert "'nasal'" in said[0]


def test_session_asks_date_and_time_first() -> None:
    asked, said, ask, say = scripted(
        ["someday", "monday", "25:00", "9:30", "", "iv", "35mg", "", "", "", "", ""]
    )

    def read_day(text: str) -> str:
        from ketalog.dates import parse_when

        return parse_when(text, date(2026, 11, 25), max_ahead=365).isoformat()

    values = ask_session(ask, say, {}, read_day)  # type: ignore[arg-type]
    assert asked[0].startswith("Date") and asked[0].endswith("<today>")
    assert values["day"] == "2026-11-23" and values["time"] == "09:30"
    assert values["dose_mg"] == 35.0 and values["route"] == "iv"
    assert "'someday'" in said[0] and "'25:00'" in said[1]
    dose_question = next(q for q in asked if q.startswith("Dose in mg "))
    assert "[above 0, at most 1000 mg]" in dose_question


def test_b_goes_back_one_question() -> None:
    _, said, ask, say = scripted(["b", "1", "2", "b", "3", "0", "0", "0", "0", "0"])
    answers, _ = ask_questionnaire(GAD7, ask, say, on_safety=lambda: None)  # type: ignore[arg-type]
    assert answers == (1, 3, 0, 0, 0, 0, 0)
    assert "'b'" in said[-1]  # at the first question there is nothing to go back to


def test_a_back_dated_check_in_asks_about_that_day_not_today() -> None:
    asked, said, ask, say = scripted(["", ""])
    with pytest.raises(Skipped):
        ask_checkin(ask, say, None, "Mon 23 Nov")  # type: ignore[arg-type]
    assert asked[0].startswith("Fatigue on Mon 23 Nov, 0 none to 10 worst imaginable")
    assert said == [
        "Fatigue on Mon 23 Nov is needed to save the check-in; Enter again saves nothing."
    ]
    asked, said, ask, say = scripted(["4", "7", "", "", "", "", "", "", "", "", ""])
    ask_checkin(ask, say, None, "Mon 23 Nov")  # type: ignore[arg-type]
    assert asked[1].startswith("Hours slept the night before [0-24 h]")
    assert any(s.startswith("Any side effects on Mon 23 Nov? 1 nausea") for s in said)
    assert not [q for q in asked if "today" in q or "last night" in q]


def _session_add_on_a_terminal(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> Result:
    from ketalog.commands import sessions

    monkeypatch.setattr(sessions, "interactive", lambda: True)
    result = CliRunner().invoke(app, ["session", "add"], input="\n".join(answers) + "\n")
    return Result(result.exit_code, result.stdout, result.stderr)


# date, time, drug, route, mg, mg/kg, duration, dissociation, clinic, note
TYPED = ["", "2pm", "", "iv", "", "5", "40", "3", "Riverside", "calm one"]


def test_no_to_an_unusual_dose_asks_the_dose_again_and_keeps_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    r = _session_add_on_a_terminal(monkeypatch, [*TYPED, "n", "", "0.5"])
    assert r.code == 0, r.out + r.err
    assert r.out.count("Unusual dose — is 5 mg/kg right?") == 1
    assert "Type the dose again (Enter skips it); your other answers are kept." in r.out
    assert "Saved session 1" in r.out
    [s] = json.loads(run("session", "list", "--json").out)
    assert (s["time"], s["route"], s["dose_mg"], s["dose_mg_per_kg"]) == ("14:00", "iv", None, 0.5)
    assert (s["duration_min"], s["dissociation"], s["clinic"], s["note"]) == (
        40,
        3,
        "Riverside",
        "calm one",
    )


def test_the_dose_is_asked_until_it_is_usual_or_confirmed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # no, then a pair implying a 700 kg body weight: no again; then the first, confirmed
    r = _session_add_on_a_terminal(monkeypatch, [*TYPED, "n", "35", "0.05", "n", "", "5", "y"])
    assert r.code == 0, r.out + r.err
    assert r.out.count("Unusual dose — is 5 mg/kg right?") == 2
    assert "35 mg at 0.05 mg/kg means a body weight of 700 kg" in r.out
    [s] = json.loads(run("session", "list", "--json").out)
    assert (s["dose_mg"], s["dose_mg_per_kg"], s["clinic"]) == (None, 5, "Riverside")


def test_skipping_the_dose_again_saves_the_session_without_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    r = _session_add_on_a_terminal(monkeypatch, [*TYPED, "n", "", ""])
    assert r.code == 0, r.out + r.err
    [s] = json.loads(run("session", "list", "--json").out)
    assert (s["dose_mg"], s["dose_mg_per_kg"], s["note"]) == (None, None, "calm one")
