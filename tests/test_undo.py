"""`ketalog undo` reverses the latest command whole, and is repeatable."""

from __future__ import annotations

import json

from helpers import run


def checkins() -> list[dict[str, object]]:
    return json.loads(run("history", "--json").out)  # type: ignore[no-any-return]


def sessions() -> list[dict[str, object]]:
    return json.loads(run("session", "list", "--json").out)  # type: ignore[no-any-return]


def test_nothing_to_undo_exits_0() -> None:
    r = run("undo")
    assert r.code == 0 and "Nothing to undo" in r.out
    run("log", "--fatigue", "4")
    assert run("undo").code == 0
    r = run("undo")
    assert r.code == 0 and "Nothing to undo" in r.out


def test_undo_added_checkin() -> None:
    run("log", "--fatigue", "4")
    r = run("undo")
    assert "new check-in for Wed 25 Nov 2026" in r.out
    assert checkins() == []


def test_undo_edit_restores_old_values() -> None:
    run("log", "--fatigue", "4", "--note", "first words")
    before = checkins()
    run("log", "--fatigue", "7", "--note", "second words")
    assert run("undo").code == 0
    assert checkins() == before


def test_undo_clear_brings_the_value_back() -> None:
    run("log", "--fatigue", "4", "--fog", "6")
    before = checkins()
    run("log", "--clear", "fog")
    run("undo")
    assert checkins() == before


def test_undo_delete_brings_the_checkin_back_with_its_uid() -> None:
    run("log", "--fatigue", "4", "--note", "keep me", "--for-provider")
    before = checkins()
    run("log", "--delete", "--yes")
    assert checkins() == []
    run("undo")
    assert checkins() == before


def test_undo_session_delete_and_edit_in_order() -> None:
    run("session", "add", "--route", "iv", "--dose", "35", "--date", "2 days ago")
    original = sessions()
    run("session", "edit", "1", "--dose", "40")
    edited = sessions()
    run("session", "delete", "1", "--yes")
    assert sessions() == []
    assert "deletion of session 1" in run("undo").out
    assert sessions() == edited
    assert "changes to session 1" in run("undo").out
    assert sessions() == original
    run("undo")
    assert sessions() == []


def test_undo_does_not_undo_an_undo() -> None:
    run("log", "--fatigue", "1", "--date", "yesterday")
    run("log", "--fatigue", "2")
    run("undo")
    run("undo")
    assert checkins() == []
    assert "Nothing to undo" in run("undo").out


def test_a_log_that_changes_nothing_is_not_an_undo_step() -> None:
    run("log", "--fatigue", "1", "--date", "yesterday")
    run("log", "--fatigue", "2")
    r = run("log", "--fatigue", "2")
    assert "nothing changed" in r.out
    run("undo")
    assert [c["day"] for c in checkins()] == ["2026-11-24"]
