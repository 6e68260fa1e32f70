"""The interactive check-in and session questions, driven by scripted answers."""

from __future__ import annotations

from collections.abc import Iterator

from ketalog.prompts import ask_checkin, ask_session


def scripted(answers: list[str]) -> tuple[list[str], list[str], object, object]:
    asked: list[str] = []
    said: list[str] = []
    it: Iterator[str] = iter(answers)

    def ask(question: str, default: str) -> str:
        asked.append(question)
        answer = next(it)
        return answer or default

    return asked, said, ask, said.append


def test_checkin_asks_fatigue_first_and_reasks_bad_values() -> None:
    asked, said, ask, say = scripted(
        ["", "eleven", "7", "5.5", "", "", "", "", "3", "", "", "", "rough day", "y"]
    )
    values = ask_checkin(ask, say)  # type: ignore[arg-type]
    assert asked[0].startswith("Fatigue today, 0 none to 10 worst imaginable")
    assert values == {
        "fatigue": 7,
        "sleep_hours": 5.5,
        "water": 3,
        "note": "rough day",
        "for_provider": 1,
    }
    assert said[0] == "Fatigue today is needed."
    assert "'eleven'" in said[1]


def test_session_uses_defaults_on_enter() -> None:
    _, said, ask, say = scripted(["", "nasal", "intranasal", "", "", "", "", "", ""])
    values = ask_session(ask, say, {"drug": "esketamine", "dose_mg": 56.0})  # type: ignore[arg-type]
    assert values == {"drug": "esketamine", "route": "intranasal", "dose_mg": 56.0}
    assert "'nasal'" in said[0]
