"""Export, import, backup, restore and check: nothing lost, nothing half-done."""

from __future__ import annotations

import itertools
import json
import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import digest, run, run_ok, run_process
from ketalog import changelog, db, journal

START = date(2025, 1, 1)
_n = itertools.count()


def export(path: Path | None = None) -> dict[str, Any]:
    args = ["--db", str(path)] if path else []
    r = run(*args, "export")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    data.pop("exported_at")
    return data  # type: ignore[no-any-return]


def test_export_json_has_everything() -> None:
    run_ok("session", "add", "--route", "iv", "--dose", "35", "--date", "2 days ago", "--note", "ß")
    run_ok("log", "--fatigue", "6", "--note", "tired ☃", "--for-provider")
    data = export()
    assert data["format"] == "ketalog-export" and data["format_version"] == 1
    assert data["schema_version"] == db.LATEST
    [s] = data["sessions"]
    assert s["dose_mg"] == 35 and s["note"] == "ß" and len(s["uid"]) == 32
    assert {"created_at", "updated_at"} <= set(s) and "id" not in s
    [c] = data["checkins"]
    assert c["note"] == "tired ☃" and c["for_provider"] is True and c["fatigue"] == 6


NOTES = st.one_of(st.none(), st.text(min_size=1, max_size=30))


@st.composite
def journals(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    session_days = draw(st.lists(st.integers(0, 200), max_size=6))
    sessions = [
        {
            "day": (START + timedelta(days=d)).isoformat(),
            "drug": draw(st.sampled_from(["ketamine", "esketamine", "other"])),
            "route": draw(st.sampled_from(["iv", "intranasal", "oral"])),
            "dose_mg": draw(st.one_of(st.none(), st.floats(0.5, 1000).map(lambda x: round(x, 2)))),
            "time": draw(st.one_of(st.none(), st.sampled_from(["08:00", "13:30"]))),
            "note": draw(NOTES),
        }
        for d in session_days
    ]
    days = draw(st.lists(st.integers(0, 220), unique=True, max_size=25))
    checkins = [
        {
            "day": START + timedelta(days=d),
            "fatigue": draw(st.integers(0, 10)),
            "sleep_hours": draw(st.one_of(st.none(), st.sampled_from([0.0, 5.5, 7.25, 24.0]))),
            "mood": draw(st.one_of(st.none(), st.integers(0, 10))),
            "note": draw(NOTES),
            "for_provider": draw(st.integers(0, 1)),
        }
        for d in days
    ]
    return sessions, checkins


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(journals())
def test_round_trip_is_lossless_and_reimport_adds_nothing(
    tmp_path: Path, content: tuple[list[dict[str, Any]], list[dict[str, Any]]]
) -> None:
    folder = tmp_path / f"rt{next(_n)}"
    folder.mkdir()
    source, target = folder / "a.db", folder / "b.db"
    conn = db.open_db(source, create=True)
    with changelog.writing(conn, "test"):
        for s in content[0]:
            journal.add_session(conn, s)
        for c in content[1]:
            journal.save_checkin(conn, c["day"], {k: v for k, v in c.items() if k != "day"})
    conn.close()
    first = export(source)
    dump = folder / "export.json"
    dump.write_text(json.dumps(first), encoding="utf-8")
    r = run("--db", str(target), "import", str(dump))
    assert r.code == 0, r.err
    assert export(target) == first
    again = run("--db", str(target), "import", str(dump))
    assert "0 added, 0 updated" in again.out
    assert export(target) == first


def test_newer_updated_at_wins_and_same_day_other_uid_is_skipped(tmp_path: Path) -> None:
    run_ok("log", "--fatigue", "3", "--date", "2026-11-20")
    run_ok("log", "--fatigue", "4", "--date", "2026-11-21")
    data = export()
    data["checkins"][0]["fatigue"] = 9
    data["checkins"][0]["updated_at"] = "2099-01-01T00:00:00+00:00"
    data["checkins"][1]["fatigue"] = 1  # older or equal timestamp: ignored
    data["checkins"].append(dict(data["checkins"][1], uid="f" * 32, fatigue=7))
    f = tmp_path / "in.json"
    f.write_text(json.dumps(data))
    dry = run("import", str(f), "--dry-run")
    assert "Would import: 0 added, 1 updated, 1 already there." in dry.out
    assert "Skipped 1 check-in for days that already have one: 2026-11-21." in dry.out
    assert "Dry run" in dry.out
    assert [c["fatigue"] for c in export()["checkins"]] == [3, 4]
    r = run("import", str(f))
    assert r.code == 0
    assert [c["fatigue"] for c in export()["checkins"]] == [9, 4]
    run_ok("undo")
    assert [c["fatigue"] for c in export()["checkins"]] == [3, 4]


def _dated(tmp_path: Path, checkins: list[str], sessions: tuple[str, ...] = ()) -> Path:
    """An export from another computer with check-ins (and sessions) on these days."""
    for day in checkins:
        run_ok("log", "--fatigue", "4", "--date", "2026-11-01", "--note", day)
        data = export()
        run_ok("undo", "--yes")
    rows = [dict(data["checkins"][0], uid=f"{n:032x}", day=day) for n, day in enumerate(checkins)]
    run_ok("session", "add", "--route", "iv", "--date", "2026-11-01")
    one = export()["sessions"][0]
    run_ok("undo", "--yes")
    data["checkins"] = rows
    data["sessions"] = [dict(one, uid=f"{n + 99:032x}", day=day) for n, day in enumerate(sessions)]
    f = tmp_path / "other.json"
    f.write_text(json.dumps(data))
    return f


def test_import_keeps_check_ins_from_a_clock_a_day_or_two_ahead_and_names_them(
    tmp_path: Path,
) -> None:
    # today is Wed 25 Nov 2026; a sync file or export from a computer whose clock runs fast
    f = _dated(tmp_path, ["2026-11-24", "2026-11-26", "2026-11-27"], ("2027-11-20",))
    note = (
        "Note: 2 check-ins dated after today (Thu 26 Nov, Fri 27 Nov), perhaps from a "
        "computer whose clock runs ahead: {}kept as dated."
    )
    dry = run_ok("import", str(f), "--dry-run")
    assert note.format("would be ") in dry.out
    r = run_ok("import", str(f))
    assert "Imported: 4 added" in r.out and note.format("") in r.out
    days = [c["day"] for c in json.loads(run_ok("history", "--all", "--json").out)]
    assert sorted(days) == ["2026-11-24", "2026-11-26", "2026-11-27"]
    again = run_ok("import", str(f))
    assert "Note:" not in again.out  # nothing written, nothing to name
    elsewhere = str(tmp_path / "none-yet.db")  # a dry run into a journal not made yet
    r = run_ok("--db", elsewhere, "import", str(_dated(tmp_path, ["2026-11-26"])), "--dry-run")
    assert "1 check-in dated after today (Thu 26 Nov)" in r.out and "would be kept" in r.out


def test_a_check_in_a_clock_ahead_brought_in_can_be_put_right_or_deleted(
    tmp_path: Path,
) -> None:
    """`log` refuses a day ahead for a new check-in, but one that an import or sync
    brought in from a fast clock can still be changed or deleted."""
    refused = run("log", "--date", "tomorrow", "--fatigue", "3")
    assert refused.code == 2 and "is in the future (Thu 26 Nov)" in refused.err
    run_ok("import", str(_dated(tmp_path, ["2026-11-24", "2026-11-26"])))
    assert "fatigue" in run_ok("log", "--date", "tomorrow", "--fatigue", "3").out
    days = {c["day"]: c["fatigue"] for c in json.loads(run_ok("history", "--json").out)}
    assert days["2026-11-26"] == 3
    run_ok("log", "--date", "2026-11-26", "--delete", "--yes")
    left = [c["day"] for c in json.loads(run_ok("history", "--json").out)]
    assert "2026-11-26" not in left and "2026-11-24" in left
    far = run("log", "--date", "in 3 days", "--fatigue", "3")
    assert far.code == 2 and "is in the future (Sat 28 Nov)" in far.err


@pytest.mark.parametrize(
    ("checkins", "sessions", "says"),
    [
        (["2026-11-20", "2031-11-26"], (), "a check-in is dated 2031-11-26, 1,827 days"),
        (["2026-11-28"], (), "a check-in is dated 2026-11-28, 3 days"),
        (["2031-01-02", "2030-05-01"], (), "2 check-ins are dated from 2030-05-01, 1,253 days"),
        (["2026-11-20"], ("2028-01-01",), "a session is dated 2028-01-01, 402 days"),
    ],
)
def test_import_refuses_a_file_dated_far_ahead_and_writes_nothing(
    isolated: Path, tmp_path: Path, checkins: list[str], sessions: tuple[str, ...], says: str
) -> None:
    f = _dated(tmp_path, checkins, sessions)
    why = (
        "further ahead than a session can be planned (365 days)"
        if sessions
        else "too far ahead for a computer clock set fast (at most 2 days)"
    )
    for args in (["import", str(f)], ["import", str(f), "--dry-run"]):
        before = digest(isolated)
        r = run(*args)
        assert r.code == 1 and r.out == ""
        assert r.err == (
            f"ketalog: {f}: {says} after today, {why}; check the file's dates; "
            "nothing was imported\n"
        )
        assert digest(isolated) == before
    fresh = tmp_path / "new" / "journal.db"
    r = run("--db", str(fresh), "import", str(f))
    assert r.code == 1 and not fresh.exists()


def test_undo_reverses_a_whole_import(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    for d in range(1, 6):
        run_ok("--db", str(other), "log", "--fatigue", str(d), "--date", f"2026-11-0{d}")
    f = tmp_path / "e.json"
    f.write_text(json.dumps(export(other)))
    run_ok("log", "--fatigue", "8", "--date", "2026-11-20")
    run_ok("import", str(f))
    assert len(export()["checkins"]) == 6
    assert "Undid the import of 5 check-ins, made " in run("undo").out
    assert [c["day"] for c in export()["checkins"]] == ["2026-11-20"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("hello", "not a ketalog export"),
        ("{not json", "not valid JSON"),
        ('{"format": "other"}', "not a ketalog export"),
        ('{"format": "ketalog-export", "format_version": 99}', "newer ketalog"),
        (
            '{"format": "ketalog-export", "format_version": 1, "checkins": [GOOD, {"uid": "b", "day": "2026-11-02", '
            '"fatigue": 11, "created_at": "2026-11-02T00:00:00+00:00", "updated_at": "2026-11-02T00:00:00+00:00"}]}',
            "checkins row 2: fatigue 11 is out of range",
        ),
        (
            '{"format": "ketalog-export", "format_version": 1, "sessions": [{"uid": "s", "day": "2026-02-30"}]}',
            "sessions row 1: day '2026-02-30'",
        ),
    ],
    ids=["text", "broken-json", "other-format", "future-version", "out-of-range", "bad-date"],
)
def test_bad_files_change_nothing(isolated: Path, tmp_path: Path, content: str, says: str) -> None:
    run_ok("log", "--fatigue", "2")
    before = digest(isolated)
    good = (
        '{"uid": "a", "day": "2026-11-01", "fatigue": 3, "created_at": "2026-11-01T00:00:00+00:00", '
        '"updated_at": "2026-11-01T00:00:00+00:00"}'
    )
    f = tmp_path / "bad.json"
    f.write_text(content.replace("GOOD", good))
    r = run_process("import", str(f))
    assert r.code == 1 and says in r.err, r.err
    assert "Traceback" not in r.err
    assert digest(isolated) == before


def test_missing_import_file() -> None:
    r = run("import", "/no/such/file.json")
    assert r.code == 1 and "does not exist" in r.err


def test_csv_export_and_import(tmp_path: Path) -> None:
    run_ok("session", "add", "--route", "iv", "--dose-per-kg", "0.5", "--date", "2026-11-20")
    run_ok(
        "log", "--fatigue", "7", "--date", "2026-11-21", "--note", 'says "hi", ok', "--for-provider"
    )
    run_ok("log", "--fatigue", "2", "--date", "2026-11-19")
    out = run("export", "--format", "csv").out
    lines = out.splitlines()
    assert lines[0].startswith("uid,day,fatigue,") and "days_since_session" in lines[0]
    assert ",1,2026-11-20,ketamine,iv,,0.5" in lines[2]
    assert '"says ""hi"", ok",true' in lines[2]
    sessions_csv = run("export", "-f", "csv", "--table", "sessions").out
    (tmp_path / "c.csv").write_text(out)
    (tmp_path / "s.csv").write_text(sessions_csv)
    target = tmp_path / "t.db"
    assert run("--db", str(target), "import", str(tmp_path / "s.csv")).code == 0
    assert run("--db", str(target), "import", str(tmp_path / "c.csv")).code == 0
    assert export(target)["checkins"] == export()["checkins"]
    assert export(target)["sessions"] == export()["sessions"]


def test_backup_and_restore(isolated: Path, tmp_path: Path) -> None:
    run_ok("log", "--fatigue", "3", "--date", "yesterday")
    r = run("backup")
    assert r.code == 0
    copy = Path(r.out.split("Backed up to ")[1].strip())
    assert copy.parent == isolated.parent / "backups"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    run_ok("log", "--fatigue", "9")
    assert len(export()["checkins"]) == 2
    r = run("restore", str(copy), "--yes")
    assert r.code == 0, r.err
    kept = Path(r.out.split("kept at ")[1].strip())
    assert len(export()["checkins"]) == 1
    assert len(export(kept)["checkins"]) == 2
    assert run("backup", str(copy)).code == 1  # never over an existing file


@pytest.mark.parametrize("kind", ["text", "foreign", "corrupt", "newer"])
def test_restore_refuses_bad_files(isolated: Path, tmp_path: Path, kind: str) -> None:
    run_ok("log", "--fatigue", "3")
    before = digest(isolated)
    bad = tmp_path / "bad.db"
    if kind == "text":
        bad.write_text("not a journal")
    elif kind == "foreign":
        sqlite3.connect(bad).execute("CREATE TABLE t (x)").connection.commit()
    else:
        assert run("backup", str(bad)).code == 0
        if kind == "corrupt":
            data = bytearray(bad.read_bytes())
            data[4096:] = b"\x00\xff" * ((len(data) - 4096) // 2)
            bad.write_bytes(bytes(data))
        else:
            c = sqlite3.connect(bad)
            c.execute(f"PRAGMA user_version = {db.LATEST + 1}")
            c.commit()
            c.close()
    r = run_process("restore", str(bad), "--yes")
    assert r.code == 1 and "Traceback" not in r.err
    assert digest(isolated) == before
    assert not (isolated.parent / "backups").exists() or not list(
        (isolated.parent / "backups").glob("journal-before-restore*")
    )


def test_check_reports_and_fails_on_damage(isolated: Path) -> None:
    run_ok("log", "--fatigue", "3")
    r = run("check")
    assert r.code == 0 and "integrity: ok" in r.out and "checkins: 1" in r.out
    data = bytearray(isolated.read_bytes())
    data[4096:] = b"\x00\xff" * ((len(data) - 4096) // 2)
    isolated.write_bytes(bytes(data))
    r = run_process("check")
    assert r.code == 1 and "Traceback" not in r.err


def _big_export(path: Path, n: int) -> None:
    stamp = "2026-01-01T00:00:00+00:00"
    rows = [
        {
            "uid": f"{i:032x}",
            "day": (date(1940, 1, 1) + timedelta(days=i)).isoformat(),
            "fatigue": i % 11,
            "note": "x" * 20,
            "for_provider": False,
            "created_at": stamp,
            "updated_at": stamp,
        }
        for i in range(n)
    ]
    path.write_text(json.dumps({"format": "ketalog-export", "format_version": 1, "checkins": rows}))


# Runs `ketalog import` and kills it, with SIGKILL, as it starts to write check-in
# number 1000: a fixed point in the middle of the import, whatever the machine's speed.
KILLED_MID_IMPORT = """
import os, signal, sqlite3, sys

written = 0


def trace(statement):
    global written
    if statement.lstrip().upper().startswith("INSERT INTO CHECKIN"):
        written += 1
        if written == 1000:
            os.kill(os.getpid(), signal.SIGKILL)


real_connect = sqlite3.connect


def connect(*args, **kwargs):
    conn = real_connect(*args, **kwargs)
    conn.set_trace_callback(trace)
    return conn


sqlite3.connect = connect
from ketalog.entry import main

sys.argv = ["ketalog", "import", sys.argv[1]]
main()
"""


def test_killed_import_leaves_all_or_nothing(isolated: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    _big_export(big, 3_000)
    run_ok("log", "--fatigue", "5")  # the journal exists, WAL mode
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_MID_IMPORT, str(big)], capture_output=True, timeout=120
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr  # killed mid-way, not finished
    conn = sqlite3.connect(isolated)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    count = conn.execute("SELECT count(*) FROM checkin").fetchone()[0]
    conn.close()
    assert count == 1  # none of the import, the check-in from before kept
    run_ok("import", str(big))  # the journal still takes the whole import
    conn = sqlite3.connect(isolated)
    assert conn.execute("SELECT count(*) FROM checkin").fetchone()[0] == 3_001
    conn.close()


def test_two_sessions_on_one_day_keep_their_order_through_a_round_trip(tmp_path: Path) -> None:
    for route in ("oral", "iv", "intranasal"):  # entered in this order, all untimed
        run_ok("session", "add", "--route", route, "--date", "2026-11-20", "--yes")
    run_ok("log", "--fatigue", "6", "--date", "2026-11-21")
    dump = tmp_path / "e.json"
    run_ok("export", "-o", str(dump))
    other = tmp_path / "o.db"
    run_ok("--db", str(other), "import", str(dump))
    for db_args in ([], ["--db", str(other)]):
        sessions = json.loads(run(*db_args, "trends", "--json").out)["sessions"]
        owner = [s["route"] for s in sessions if s["fatigue_by_day"]]
        assert owner == ["intranasal"]


def test_restore_into_a_new_journal_and_of_a_missing_file(isolated: Path, tmp_path: Path) -> None:
    other = tmp_path / "o.db"
    run_ok("--db", str(other), "log", "--fatigue", "4")
    copy = tmp_path / "copy.db"
    assert run("--db", str(other), "backup", str(copy)).code == 0
    r = run("restore", str(copy))  # no journal yet: nothing to replace, nothing to ask
    assert r.code == 0 and "into a new journal" in r.out
    assert [c["fatigue"] for c in export()["checkins"]] == [4]
    r = run("restore", str(tmp_path / "nope.db"), "--yes")
    assert r.code == 1 and "does not exist" in r.err


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 30)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=20,
)
ROW_KEYS = [
    "uid",
    "day",
    "fatigue",
    "created_at",
    "updated_at",
    "route",
    "drug",
    "instrument",
    "answers",
    "note",
]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.dictionaries(st.sampled_from(ROW_KEYS), JSON_VALUES, max_size=8), max_size=3),
    key=st.sampled_from(["sessions", "checkins", "assessments"]),
)
def test_random_import_files_never_crash(
    tmp_path: Path, rows: list[dict[str, Any]], key: str
) -> None:
    f = tmp_path / f"fuzz{next(_n)}.json"
    f.write_text(json.dumps({"format": "ketalog-export", "format_version": 1, key: rows}))
    from typer.testing import CliRunner

    from ketalog.cli import app

    result = CliRunner().invoke(app, ["import", str(f)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
