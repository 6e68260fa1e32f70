"""`ketalog undo` reverses the latest command whole, and is repeatable."""

from __future__ import annotations

import json
import re
import sqlite3
import struct
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import run, run_ok, run_process
from ketalog import actions, changelog, db, journal


def checkins() -> list[dict[str, object]]:
    return json.loads(run("history", "--json").out)  # type: ignore[no-any-return]


def sessions() -> list[dict[str, object]]:
    return json.loads(run("session", "list", "--json").out)  # type: ignore[no-any-return]


def test_nothing_to_undo_exits_0() -> None:
    r = run("undo")
    assert r.code == 0 and "Nothing to undo" in r.out
    run_ok("log", "--fatigue", "4")
    assert run("undo").code == 0
    r = run("undo")
    assert r.code == 0 and "Nothing to undo" in r.out


def test_undo_added_checkin() -> None:
    run_ok("log", "--fatigue", "4")
    r = run("undo")
    assert "new check-in for Wed 25 Nov 2026" in r.out
    assert checkins() == []


def test_undo_edit_restores_old_values() -> None:
    run_ok("log", "--fatigue", "4", "--note", "first words")
    before = checkins()
    run_ok("log", "--fatigue", "7", "--note", "second words")
    assert run("undo").code == 0
    assert checkins() == before


def test_undo_clear_brings_the_value_back() -> None:
    run_ok("log", "--fatigue", "4", "--fog", "6")
    before = checkins()
    run_ok("log", "--clear", "fog")
    run_ok("undo")
    assert checkins() == before


def test_undo_delete_brings_the_checkin_back_with_its_uid() -> None:
    run_ok("log", "--fatigue", "4", "--note", "keep me", "--for-provider")
    before = checkins()
    run_ok("log", "--delete", "--yes")
    assert checkins() == []
    run_ok("undo")
    assert checkins() == before


def test_undo_session_delete_and_edit_in_order() -> None:
    run_ok("session", "add", "--route", "iv", "--dose", "35", "--date", "2 days ago")
    original = sessions()
    run_ok("session", "edit", "1", "--dose", "40")
    edited = sessions()
    run_ok("session", "delete", "1", "--yes")
    assert sessions() == []
    assert "deletion of session 1" in run("undo").out
    assert sessions() == edited
    assert "changes to session 1" in run("undo").out
    assert sessions() == original
    run_ok("undo")
    assert sessions() == []


def test_undo_does_not_undo_an_undo() -> None:
    run_ok("log", "--fatigue", "1", "--date", "yesterday")
    run_ok("log", "--fatigue", "2")
    run_ok("undo")
    run_ok("undo")
    assert checkins() == []
    assert "Nothing to undo" in run("undo").out


def test_a_log_that_changes_nothing_is_not_an_undo_step() -> None:
    run_ok("log", "--fatigue", "1", "--date", "yesterday")
    run_ok("log", "--fatigue", "2")
    r = run("log", "--fatigue", "2")
    assert "nothing changed" in r.out
    run_ok("undo")
    assert [c["day"] for c in checkins()] == ["2026-11-24"]


# --- values come back bit for bit ------------------------------------------------------


def test_delete_then_undo_keeps_every_digit() -> None:
    run_ok("log", "--fatigue", "4", "--sleep-hours", "7.123456789012345")
    run_ok("log", "--delete", "--yes")
    run_ok("undo")
    [back] = checkins()
    assert back["sleep_hours"] == 7.123456789012345


def test_edit_then_undo_keeps_every_digit_of_a_session_dose() -> None:
    run_ok(
        "session",
        "add",
        "--route",
        "iv",
        "--dose",
        "35.00000000000001",
        "--dose-per-kg",
        "0.30000000000000004",
    )
    before = sessions()
    run_ok("session", "edit", "1", "--dose", "40")
    run_ok("undo")
    assert sessions() == before
    assert before[0]["dose_mg"] == 35.00000000000001


def _open(path: Path) -> sqlite3.Connection:
    return db.open_db(path, create=True)


_EMPTY: list[bytes] = []  # a journal migrated once, copied for each example


def _fresh(folder: Path) -> sqlite3.Connection:
    """A new, empty journal, as `_open` makes it, without migrating it every time."""
    if not _EMPTY:
        _open(folder / "template.db").close()
        _EMPTY.append((folder / "template.db").read_bytes())
    path = folder / "journal.db"
    path.write_bytes(_EMPTY[0])
    path.chmod(0o600)
    return db.open_db(path, create=False)


def _bits(x: float | None) -> bytes | None:
    return None if x is None else struct.pack("<d", x)


hours = st.floats(min_value=0, max_value=24, allow_nan=False)
mg = st.floats(min_value=0, max_value=1000, exclude_min=True, allow_nan=False)
per_kg = st.floats(min_value=0, max_value=10, exclude_min=True, allow_nan=False)
notes = st.none() | st.text(max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sleep=hours, note=notes, dose=mg, kg=st.none() | per_kg)
def test_undo_restores_floats_and_text_exactly(
    tmp_path_factory: pytest.TempPathFactory,
    sleep: float,
    note: str | None,
    dose: float,
    kg: float | None,
) -> None:
    conn = _fresh(tmp_path_factory.mktemp("j"))
    day = date(2026, 11, 20)
    first = actions.log_checkin(conn, day, {"fatigue": 3, "sleep_hours": sleep, "note": note}).new
    session = actions.add_session(
        conn,
        {
            "day": "2026-11-19",
            "drug": "ketamine",
            "route": "iv",
            "dose_mg": dose,
            "dose_mg_per_kg": kg,
        },
    )
    # an edit, then a delete of each; undo takes both back
    actions.log_checkin(conn, day, {"fatigue": 4, "sleep_hours": 1.0, "note": "x"})
    actions.edit_session(
        conn, session.id, {"clinic": "edited", "dose_mg": 1.0, "dose_mg_per_kg": None}
    )
    actions.delete_checkin(conn, day)
    actions.delete_session(conn, session.id)
    for _ in range(4):
        assert changelog.undo(conn) is not None
    back = journal.get_checkin(conn, day)
    [again] = journal.list_sessions(conn)
    assert back == first and again == session
    assert _bits(back.sleep_hours) == _bits(sleep)
    assert (_bits(again.dose_mg), _bits(again.dose_mg_per_kg)) == (_bits(dose), _bits(kg))
    conn.close()


def test_a_change_logged_before_exact_numbers_still_undoes(tmp_path: Path) -> None:
    """Changes written by an older ketalog have no change_real rows: the JSON serves."""
    conn = _open(tmp_path / "j.db")
    actions.log_checkin(conn, date(2026, 11, 20), {"fatigue": 3, "sleep_hours": 6.5})
    actions.delete_checkin(conn, date(2026, 11, 20))
    conn.execute("DELETE FROM change_real")
    changelog.undo(conn)
    back = journal.get_checkin(conn, date(2026, 11, 20))
    assert back is not None and back.sleep_hours == 6.5
    conn.close()


def test_undoing_a_delete_counts_the_entry_not_its_deletion_record() -> None:
    run_ok("log", "--fatigue", "4")
    run_ok("log", "--delete", "--yes")
    [line] = run("undo", "--list").out.splitlines()[:1]
    assert line.endswith("  deletion of the check-in for Wed 25 Nov 2026  ← undo")  # not "2 rows"
    out = run("undo").out
    assert out.startswith("Undid the deletion of the check-in for Wed 25 Nov 2026, made ")


def test_undo_names_the_change_and_redo_puts_it_back() -> None:
    run_ok("log", "5")
    run_ok("log", "--mood", "4")
    r = run("undo")
    assert r.out.startswith("Undid the change to the check-in for Wed 25 Nov 2026 (mood), made ")
    assert "`ketalog redo` puts it back" in r.out
    assert checkins()[0]["mood"] is None
    r = run("redo")
    assert r.code == 0 and r.out.startswith("Redid the change to the check-in")
    assert checkins()[0]["mood"] == 4
    assert run("redo").out == "Nothing to redo.\n"
    run_ok("undo")  # a redone change can be undone again
    assert checkins()[0]["mood"] is None


def test_redo_goes_back_in_order_and_stops_at_a_new_change() -> None:
    run_ok("log", "5")
    run_ok("session", "add", "--route", "iv")
    run_ok("undo")
    run_ok("undo")
    assert checkins() == [] and sessions() == []
    run_ok("redo")
    assert len(checkins()) == 1 and sessions() == []
    run_ok("redo")
    assert len(sessions()) == 1
    run_ok("undo")
    run_ok("log", "--mood", "3")  # a new change: what was undone stays undone
    assert run("redo").out == "Nothing to redo.\n"
    assert sessions() == []


def test_undo_list_shows_the_change_log() -> None:
    assert run("undo", "--list").out == "Nothing to undo.\n"
    run_ok("log", "5")
    run_ok("log", "--mood", "4")
    run_ok("undo")
    lines = run("undo", "--list").out.splitlines()
    assert "change to the check-in for Wed 25 Nov 2026 (mood)  undone ← redo" in lines[0]
    assert "new check-in for Wed 25 Nov 2026  ← undo" in lines[1]
    assert len(lines) == 2
    assert checkins()[0]["mood"] is None  # listing undoes nothing


def test_undo_names_each_command_as_a_person_would(tmp_path: Path) -> None:
    """Thousands separators, the kind of rows, and when: never "N new and M changed rows"."""
    data: dict[str, object] = {"format": "ketalog-export", "format_version": 1}
    data["checkins"] = [
        {
            "uid": f"c{i}",
            "day": (date(2016, 1, 1) + timedelta(days=i)).isoformat(),
            "fatigue": i % 10,
            "created_at": "2026-11-25T09:00:00+00:00",
            "updated_at": "2026-11-25T09:00:00+00:00",
        }
        for i in range(3650)
    ]
    data["sessions"] = [
        {
            "uid": "s1",
            "day": "2026-11-02",
            "drug": "ketamine",
            "route": "iv",
            "created_at": "2026-11-25T09:00:00+00:00",
            "updated_at": "2026-11-25T09:00:00+00:00",
        }
    ]
    dump = tmp_path / "big.json"
    dump.write_text(json.dumps(data))
    assert "Imported: 3,651 added" in run("import", str(dump)).out
    run("session", "edit", "1", "--duration", "40")
    run("ask", "Can I move my Friday session to the Monday after next?")
    run("ask", "--done", "1")
    run("assess", "gad7", "--answers", "1 1 1 1 1 1 1")
    lines = run("undo", "--list").out.splitlines()
    said = [line.split("  ", 1)[1].strip() for line in lines]
    assert said == [
        "GAD-7 questionnaire for Wed 25 Nov 2026  ← undo",
        "closing of question 1, “Can I move my Friday session to the…”",
        "question for your next visit, “Can I move my Friday session to the…”",
        "changes to session 1 (Mon 2 Nov 2026)",
        "import of 3,650 check-ins and 1 session",
    ]
    for _ in range(4):
        run("undo")
    r = run("undo")
    assert re.fullmatch(
        r"Undid the import of 3,650 check-ins and 1 session, made \d+ Nov \d\d:\d\d\. "
        r"`ketalog redo` puts it back\.",
        " ".join(r.out.split()),
    ), r.out


# --- undo and restore ------------------------------------------------------------------


def test_undo_right_after_a_restore_stops_there_and_says_why(tmp_path: Path) -> None:
    run_ok("log", "--fatigue", "4", "--date", "yesterday")
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).code == 0
    run_ok("log", "--fatigue", "6")  # after the backup: only the kept journal has it
    restored = run("restore", str(copy), "--yes")
    kept = restored.out.rsplit("kept at ", 1)[1].strip()
    assert Path(kept).exists()
    before = checkins()
    r = run_process("undo")
    assert r.code == 0 and r.err == ""
    assert f"Nothing to undo since the restore of {copy}" in r.out
    assert kept in r.out and "does not reach back past a restore" in r.out
    assert checkins() == before  # the backup's check-in is untouched
    # what comes after the restore is undone as usual, and undo stops there again
    run_ok("log", "--fatigue", "2", "--date", "2 days ago")
    assert "Undid the new check-in for" in run("undo").out
    assert "Nothing to undo since the restore" in run("undo").out
    assert checkins() == before
    assert "changes that undo can reverse: 0" in run("check").out
    # and the kept copy the message names brings the replaced journal back
    assert run("restore", kept, "--yes").code == 0
    assert [c["day"] for c in checkins()] == ["2026-11-24", "2026-11-25"]


def test_undo_after_a_restore_into_a_new_journal(isolated: Path, tmp_path: Path) -> None:
    run_ok("log", "--fatigue", "4")
    copy = tmp_path / "copy.db"
    run_ok("backup", str(copy))
    isolated.unlink()
    assert "into a new journal" in run("restore", str(copy)).out
    r = run("undo")
    assert r.code == 0 and "(there was no journal before it)" in r.out
    assert len(checkins()) == 1


def test_a_recorded_plan_counts_one_session_in_the_change_log(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = date.today()
    monkeypatch.setenv("KETALOG_TODAY", now.isoformat())
    run("session", "add", "--route", "iv", "--date", "in 2 days")
    monkeypatch.setenv("KETALOG_TODAY", (now + timedelta(days=2)).isoformat())
    run("session", "add", "--duration", "40")  # two changes to one session: one session
    first = run("undo", "--list").out.splitlines()[0]
    assert "recording of the session planned for" in first and "sessions" not in first
