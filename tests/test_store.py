"""The journal file: recognition, permissions, concurrency, migrations."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import digest, run, run_ok, run_process
from ketalog import db


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('not yours')")
    conn.commit()
    conn.close()


def _newer_journal(path: Path) -> None:
    assert run("--db", str(path), "log", "--fatigue", "3").code == 0
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {db.LATEST + 1}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.write_text("my diary\n"), "not a ketalog journal"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 10), "not a ketalog journal"),
        (_foreign_sqlite, "another program"),
        (_newer_journal, "newer ketalog"),
    ],
    ids=["text", "truncated", "other-sqlite", "newer-schema"],
)
def test_foreign_files_are_refused_untouched(tmp_path: Path, make: object, says: str) -> None:
    path = tmp_path / "other.db"
    make(path)  # type: ignore[operator]
    before = digest(path)
    for args in (("log", "--fatigue", "3"), ("history",), ("today",)):
        r = run_process("--db", str(path), *args)
        assert r.code == 1, r
        assert says in r.err and "Traceback" not in r.err
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    r = run_process("--db", str(tmp_path), "log", "--fatigue", "3")
    assert r.code == 1 and "is not a journal file: a folder" in r.err


def test_damaged_journal_gives_a_message(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    assert run("--db", str(path), "log", "--fatigue", "3").code == 0
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # wreck every page but the first
    path.write_bytes(bytes(data))
    r = run_process("--db", str(path), "history")
    assert r.code == 1 and "Traceback" not in r.err
    assert "journal" in r.err


def test_read_only_journal_gives_a_message(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    run_ok("--db", str(path), "log", "--fatigue", "3")
    before = digest(path)
    path.chmod(0o400)
    immutable = os.geteuid() == 0  # root writes through 0400: make the file immutable
    if immutable and (
        shutil.which("chattr") is None
        or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode
    ):
        pytest.skip("cannot make a file read-only for root here")
    try:
        r = run_process("--db", str(path), "log", "--fatigue", "4")
        assert r.code == 1 and "read-only" in r.err and "Traceback" not in r.err
        assert digest(path) == before
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)


def test_fresh_default_location_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KETALOG_DB")
    data_home = tmp_path / "fresh-data"
    r = run_process("log", "--fatigue", "5", env={"XDG_DATA_HOME": str(data_home)})
    assert r.code == 0, r.err
    folder = data_home / "ketalog"
    journal = folder / "journal.db"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    where = run_process("where", env={"XDG_DATA_HOME": str(data_home)}).out
    assert str(journal) in where


WRITER = """
import sys
from ketalog.cli import main
sys.argv = ["ketalog", "log", "--fatigue", "5", "--date", sys.argv[1]]
try:
    main()
except SystemExit as e:
    if e.code:
        raise
"""


def test_four_processes_write_at_once(isolated: Path) -> None:
    script = (
        "import subprocess, sys\n"
        "for n in range(5):\n"
        "    day = f'{int(sys.argv[1]) * 5 + n + 1} days ago'\n"
        f"    r = subprocess.run([sys.executable, '-c', {WRITER!r}, day],\n"
        "                       capture_output=True, text=True)\n"
        "    if r.returncode: print(r.stderr); sys.exit(1)\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(i)], stdout=subprocess.PIPE, text=True)
        for i in range(4)
    ]
    outs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outs
    assert "locked" not in "".join(outs)
    conn = sqlite3.connect(isolated)
    assert conn.execute("SELECT count(*) FROM checkin").fetchone()[0] == 20
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_import_cli_stays_light() -> None:
    code = (
        "import sys, ketalog.cli\n"
        "heavy = [m for m in ('sqlite3', 'rich.table', 'rich.console', 'platformdirs', 'fpdf',"
        " 'dateparser', 'regex', 'tomlkit')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_start_up_compiles_no_pattern_it_may_not_use() -> None:
    """A regular expression costs up to half a millisecond to compile: the date forms
    are compiled when a date is read, the control characters when text needs escaping,
    not by every command as it starts."""
    code = (
        "import re\n"
        "import ketalog.cli, ketalog.actions\n"
        "from ketalog import dates, visible\n"
        "visible.visible('Fatigue 4/10, ketamine')\n"
        "mine = {getattr(p, 'pattern', p) for p in (dates._AGO, dates._AHEAD, dates._MINUS,"
        " dates._ISO, dates._NUMERIC, dates._WEEKDAY, dates._DROPPED)}\n"
        "print(sorted(str(k[1]) for k in re._cache if k[1] in mine or '\\u202a' in str(k[1])))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_new_journal_is_marked_and_current(isolated: Path) -> None:
    run_ok("log", "--fatigue", "5")
    conn = sqlite3.connect(isolated)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.LATEST
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_check_constraints_hold_without_the_cli(isolated: Path) -> None:
    run_ok("log", "--fatigue", "5")
    conn = sqlite3.connect(isolated)
    for sql in (
        "UPDATE checkin SET fatigue = 11",
        "UPDATE checkin SET sleep_hours = 24.5",
        "UPDATE checkin SET water = 51",
        "UPDATE checkin SET fatigue = 'x'",
        "UPDATE checkin SET day = 'soon'",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(sql)


def test_leftovers_of_a_killed_build_go_and_a_running_ones_stay(tmp_path: Path) -> None:
    """A ketalog killed while it built a journal (a first sync, a restore) leaves its
    temporary files beside it; the next build removes them, never another's."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    gone = int(done.stdout)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = [
            f".journal.db.{gone}.new",
            f".journal.db.{gone}.new-wal",
            f".journal.db.{gone}.new-shm",
            f".journal.db.{gone}.restored",
        ]
        kept = [
            f".journal.db.{alive.pid}.new",
            f".journal.db.{alive.pid}.restored-wal",
            f".other.db.{gone}.new",
            f"journal.db.{gone}.new",
            f".journal.db.{gone}.new.txt",
            ".journal.db.x.new",
        ]
        for name in stale + kept:
            (tmp_path / name).write_bytes(b"x")
        db.open_db(tmp_path / "journal.db", create=True).close()
        assert sorted(p.name for p in tmp_path.iterdir() if p.name != "journal.db") == sorted(kept)
    finally:
        alive.kill()
        alive.wait()
