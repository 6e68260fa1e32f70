"""Restore rebuilds the journal from a backup's checked rows and never adopts its
schema; backup names and temporary files never clash; check sees foreign objects."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from helpers import digest, run, run_process
from ketalog import db, restoring


def _fill_journal() -> None:
    assert run("session", "add", "--route", "iv", "--date", "2026-11-20", "--dose", "35").code == 0
    for day, fatigue in (("2026-11-20", 8), ("2026-11-21", 6), ("2026-11-22", 4)):
        r = run("log", "--fatigue", str(fatigue), "--date", day, "--note", f"day {day} ✓")
        assert r.code == 0
    assert run("assess", "phq9", "--answers", "1,1,1,0,0,0,0,0,0").code == 0
    assert run("log", "--fatigue", "5", "--date", "2026-11-19").code == 0
    assert run("log", "--delete", "--date", "2026-11-19", "--yes").code == 0  # a deletion record


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
            for t in ("session", "checkin", "assessment", "deletion", "question")
        }
    finally:
        conn.close()


def _kept(out: str) -> Path:
    return Path(out.split("kept at ")[1].strip())


def _no_kept_copies(journal: Path) -> bool:
    folder = journal.parent / "backups"
    return not folder.exists() or not list(folder.glob("journal-before-restore*"))


NAMES = ["copy #1.db", "what?.db", "100%.db", "a%20b.db", "with space.db", "journal ü ✓.db"]


@pytest.mark.parametrize("name", NAMES)
def test_restore_and_inspect_any_file_name(isolated: Path, tmp_path: Path, name: str) -> None:
    _fill_journal()
    folder = tmp_path / "copies"
    folder.mkdir()
    copy = folder / name
    assert run("backup", str(copy)).code == 0
    saved = _rows(isolated)
    assert len(saved["deletion"]) == 1
    assert run("log", "--fatigue", "9", "--date", "2026-11-24").code == 0
    r = run_process("restore", str(copy), "--yes")
    assert r.code == 0, r.err
    assert "(3 check-ins, " in r.out and " and 1 deletion record)" in r.out
    assert _rows(isolated) == saved
    assert sorted(p.name for p in folder.iterdir()) == [name]  # no stray file was opened
    assert len(_rows(_kept(r.out))["checkin"]) == 4


def _backup(tmp_path: Path, name: str = "copy.db") -> Path:
    _fill_journal()
    copy = tmp_path / name
    assert run("backup", str(copy)).code == 0
    return copy


def _edit(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for sql in statements:
        conn.execute(sql)
    conn.close()


def _rebuild_checkin_without_rules(path: Path, extra: str) -> None:
    _edit(
        path,
        "ALTER TABLE checkin RENAME TO old_checkin",
        "CREATE TABLE checkin AS SELECT * FROM old_checkin",
        "DROP TABLE old_checkin",
        extra,
    )


ATTACKS: dict[str, tuple[Callable[[Path], None], str | None]] = {
    "trigger that deletes rows": (
        lambda p: _edit(
            p, "CREATE TRIGGER wipe AFTER INSERT ON checkin BEGIN DELETE FROM session; END"
        ),
        None,
    ),
    "view and index of its own": (
        lambda p: _edit(
            p, "CREATE VIEW spy AS SELECT note FROM checkin", "CREATE INDEX notes ON checkin (note)"
        ),
        None,
    ),
    "no change log tables": (
        lambda p: _edit(p, "DROP TABLE change", "DROP TABLE command"),
        None,
    ),
    "fatigue 99 in a table without checks": (
        lambda p: _rebuild_checkin_without_rules(p, "UPDATE checkin SET fatigue = 99 WHERE id = 2"),
        "checkin row 2: fatigue 99 is out of range",
    ),
    "two check-ins on one day": (
        lambda p: _rebuild_checkin_without_rules(
            p,
            "INSERT INTO checkin (id, uid, day, fatigue, for_provider, created_at, updated_at) "
            "VALUES (9, 'abc9', '2026-11-21', 3, 0, '2026-11-25T09:00:00', '2026-11-25T09:00:00')",
        ),
        "checkin row 9 breaks the journal's rules (UNIQUE constraint failed: checkin.day)",
    ),
    "schema version 0": (
        lambda p: _edit(p, "PRAGMA user_version = 0"),
        "has no ketalog schema (version 0)",
    ),
    "a view where a table should be": (
        lambda p: _edit(
            p,
            "ALTER TABLE checkin RENAME TO c2",
            "CREATE VIEW checkin AS SELECT * FROM c2",
        ),
        "has no checkin table",
    ),
    "answers nested past Python's limit": (
        lambda p: _edit(
            p,
            "ALTER TABLE assessment RENAME TO old_assessment",
            "CREATE TABLE assessment AS SELECT * FROM old_assessment",
            "DROP TABLE old_assessment",
            "UPDATE assessment SET answers = '" + "[" * 100_000 + "]" * 100_000 + "'",
        ),
        "answers are not a list",
    ),
    "a text id": (
        lambda p: _rebuild_checkin_without_rules(p, "UPDATE checkin SET id = 'x' WHERE id = 1"),
        "checkin row whose id 'x' is not a positive number",
    ),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_restore_never_adopts_a_foreign_schema(isolated: Path, tmp_path: Path, attack: str) -> None:
    copy = _backup(tmp_path)
    saved = _rows(isolated)
    assert run("log", "--fatigue", "9", "--date", "2026-11-24").code == 0
    before = digest(isolated)
    tamper, refusal = ATTACKS[attack]
    tamper(copy)
    r = run_process("restore", str(copy), "--yes")
    assert "Traceback" not in r.err and "unexpected" not in r.err
    if refusal is not None:
        assert r.code == 1 and refusal in r.err and "nothing was restored" in r.err, r.err
        assert digest(isolated) == before
        assert _no_kept_copies(isolated)
        return
    assert r.code == 0, r.err
    assert _rows(isolated) == saved
    conn = sqlite3.connect(isolated)
    assert db.schema(conn) == db.expected_schema()
    conn.close()
    assert run("log", "--fatigue", "2", "--date", "2026-11-25").code == 0
    assert len(_rows(isolated)["session"]) == 1
    assert run("check").code == 0


@pytest.mark.parametrize("page_size", [512, 65536])
def test_restore_a_backup_with_an_unusual_page_size(
    isolated: Path, tmp_path: Path, page_size: int
) -> None:
    copy = _backup(tmp_path)
    saved = _rows(isolated)
    _edit(copy, f"PRAGMA page_size = {page_size}", "VACUUM")
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA page_size").fetchone()[0] == page_size
    conn.close()
    assert run("log", "--fatigue", "9", "--date", "2026-11-24").code == 0
    r = run_process("restore", str(copy), "--yes")
    assert r.code == 0, r.err
    assert _rows(isolated) == saved
    assert run("check").code == 0


def test_restore_repairs_a_journal_whose_own_schema_is_foreign(
    isolated: Path, tmp_path: Path
) -> None:
    copy = _backup(tmp_path)
    saved = _rows(isolated)
    _edit(
        isolated,
        "CREATE TRIGGER wipe AFTER INSERT ON checkin BEGIN DELETE FROM session; END",
        "PRAGMA user_version = 0",
    )
    r = run("check")
    assert r.code == 1 and "extra trigger wipe on checkin" in r.out
    r = run_process("restore", str(copy), "--yes")
    assert r.code == 0, r.err
    assert _rows(isolated) == saved
    assert run("check").code == 0


def test_restore_reads_only_the_header_of_a_huge_file(isolated: Path, tmp_path: Path) -> None:
    copy = _backup(tmp_path)
    os.truncate(copy, 3 * 2**30)  # sparse: 3 GB long, a few pages on disk
    limit = 1 * 2**30

    def small_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    proc = subprocess.run(
        [sys.executable, "-m", "ketalog", "restore", str(copy), "--yes"],
        capture_output=True,
        text=True,
        preexec_fn=small_memory,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "(3 check-ins" in proc.stdout


def test_restore_waits_only_the_busy_timeout(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = _backup(tmp_path)
    before = digest(isolated)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(isolated, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        r = run("restore", str(copy), "--yes")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert r.code == 1 and "locked by another program" in r.err
    assert digest(isolated) == before
    assert _no_kept_copies(isolated)


def test_two_restores_in_one_second_keep_both_journals(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketalog import clock

    copy = _backup(tmp_path)
    moment = datetime(2026, 11, 25, 9, 0, 0, tzinfo=timezone.utc)
    monkeypatch.setattr(clock, "now_utc", lambda: moment)
    kept = []
    for fatigue in ("1", "2"):
        assert run("log", "--fatigue", fatigue, "--date", "2026-11-24").code == 0
        r = run("restore", str(copy), "--yes")
        assert r.code == 0, r.err
        kept.append(_kept(r.out))
    assert kept[0] != kept[1]
    assert [c[3] for k in kept for c in _rows(k)["checkin"] if c[2] == "2026-11-24"] == [1, 2]


def test_parallel_backups_to_one_folder_all_succeed(isolated: Path, tmp_path: Path) -> None:
    _fill_journal()
    dest = tmp_path / "copies"
    dest.mkdir()
    env = {**os.environ}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ketalog", "backup", str(dest)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    assert [code for code, _, _ in results] == [0, 0, 0, 0], results
    names = sorted(p.name for p in dest.iterdir())
    assert len(names) == 4 and not any(n.startswith(".") for n in names), names
    for name in names:
        assert len(_rows(dest / name)["checkin"]) == 3


def test_backup_to_a_full_disk_names_the_lack_of_space(isolated: Path, tmp_path: Path) -> None:
    _fill_journal()
    small = tmp_path / "small"
    small.mkdir()
    if shutil.which("unshare") is None:
        pytest.skip("no unshare here to mount a tiny file system")
    script = (
        f"mount -t tmpfs -o size=24k none '{small}' || exit 77; "
        f"'{sys.executable}' -m ketalog backup '{small}/copy.db'; code=$?; "
        f"ls -A '{small}'; exit $code"
    )
    proc = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=120
    )
    if proc.returncode == 77:
        pytest.skip("cannot mount a tiny file system here")
    assert proc.returncode == 1, proc
    assert f"not enough space in {small}" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout.strip() == ""  # neither the copy nor a temporary file is left


def test_check_reports_every_foreign_schema_object(isolated: Path) -> None:
    _fill_journal()
    assert run("check").code == 0
    _edit(
        isolated,
        "CREATE TRIGGER wipe AFTER INSERT ON checkin BEGIN DELETE FROM session; END",
        "CREATE VIEW spy AS SELECT note FROM checkin",
        "CREATE TABLE stash (x)",
        "CREATE INDEX notes ON checkin (note)",
        "DROP INDEX session_day",
    )
    r = run("check")
    assert r.code == 1
    for line in (
        "schema: extra trigger wipe on checkin, not made by ketalog",
        "schema: extra view spy, not made by ketalog",
        "schema: extra table stash, not made by ketalog",
        "schema: extra index notes on checkin, not made by ketalog",
        "schema: index session_day is missing",
        "status: PROBLEMS FOUND",
    ):
        assert line in r.out


def test_every_table_is_either_restored_or_part_of_the_change_log(tmp_path: Path) -> None:
    tables = {
        kind_table[1] for kind_table in db.expected_schema().values() if kind_table[0] == "table"
    }
    assert tables == set(restoring.COPIED) | set(restoring.CHANGE_LOG) | set(restoring.MADE_ANEW)
    assert set(restoring.MADE_IN) == set(restoring.COPIED)


@pytest.mark.parametrize("version", range(1, db.LATEST))
def test_restore_a_backup_of_every_earlier_schema(
    isolated: Path, tmp_path: Path, version: int
) -> None:
    from test_migrations import load_fixture

    old = tmp_path / f"v{version}.db"
    load_fixture(version, old)
    saved = {t: rows for t, rows in _rows_known(old).items()}
    assert run("log", "--fatigue", "9", "--date", "2026-11-24").code == 0
    r = run_process("restore", str(old), "--yes")
    assert r.code == 0, r.err
    now = _rows(isolated)
    for table, rows in saved.items():
        width = len(rows[0]) if rows else 0
        assert [row[:width] for row in now[table]] == rows, table
    assert run("check").code == 0


def _rows_known(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
            for t in restoring.COPIED
            if t in present
        }
    finally:
        conn.close()


def test_backup_to_a_missing_folder_is_refused(tmp_path: Path) -> None:
    _fill_journal()
    r = run("backup", str(tmp_path / "no" / "such" / "copy.db"))
    assert r.code == 1 and "does not exist" in r.err
    assert not (tmp_path / "no").exists()


def _wreck(path: Path, from_byte: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    data[from_byte:] = b"\x00\xff" * ((len(data) - from_byte) // 2)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["all but the header page", "the last page"])
def test_restore_replaces_a_damaged_journal(isolated: Path, tmp_path: Path, how: str) -> None:
    copy = _backup(tmp_path)
    saved = _rows(isolated)
    for n in range(40):
        assert (
            run(
                "log", "--fatigue", "3", "--date", f"2025-01-{n % 28 + 1:02d}", "--note", "x" * 400
            ).code
            == 0
        )
    size = isolated.stat().st_size
    _wreck(isolated, 4096 if how == "all but the header page" else size - 4096)
    damaged = digest(isolated)
    r = run_process("check")
    assert r.code == 1 and "PROBLEMS" in r.out and "ketalog restore" in r.out, (r.out, r.err)
    r = run_process("restore", str(copy), "--yes")
    assert r.code == 0, r.err
    assert _rows(isolated) == saved
    assert digest(_kept(r.out)) == damaged  # the damaged journal is kept as it was
    assert run("check").code == 0


def _damaged_journal(isolated: Path, tmp_path: Path) -> Path:
    copy = _backup(tmp_path)
    _wreck(isolated, 4096)
    return copy


def _only_the_journal(isolated: Path) -> bool:
    """No rebuilt journal, kept copy or temporary file left beside the journal."""
    left = sorted(p.name for p in isolated.parent.iterdir() if p.name.startswith("."))
    return not left and _no_kept_copies(isolated)


def test_a_damaged_journal_stays_when_its_rebuild_fails(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills while the backup's journal is built: the damaged journal is never
    moved, nor an empty one left in its place."""
    copy = _damaged_journal(isolated, tmp_path)
    damaged = digest(isolated)
    real, calls = restoring._fill, []

    def full(conn: sqlite3.Connection, rows: object, source: Path) -> None:
        calls.append(source)
        if len(calls) == 2:  # the first proves the rows fit; the second builds the journal
            raise sqlite3.OperationalError("database or disk is full")
        real(conn, rows, source)  # type: ignore[arg-type]

    monkeypatch.setattr(restoring, "_fill", full)
    r = run("restore", str(copy), "--yes")
    assert r.code == 1 and len(r.err.splitlines()) == 1, r.err
    assert "not enough space" in r.err and "nothing was written" in r.err
    assert digest(isolated) == damaged and _only_the_journal(isolated)


def test_a_failed_restore_puts_the_damaged_journal_back(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The damaged journal is set aside, then the rebuilt one cannot be moved into its
    place: the damaged journal goes back where it was, and one line says so."""
    copy = _damaged_journal(isolated, tmp_path)
    damaged = digest(isolated)
    real, failed = os.replace, []

    def once(src: object, dst: object) -> None:
        if Path(str(dst)) == isolated and not failed:
            failed.append(src)
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(restoring.os, "replace", once)
    r = run("restore", str(copy), "--yes")
    assert failed, "the failure was never reached"
    assert r.code == 1 and len(r.err.splitlines()) == 1, r.err
    assert "nothing was restored, the journal is as it was" in r.err
    assert digest(isolated) == damaged and _only_the_journal(isolated)
    monkeypatch.setattr(restoring.os, "replace", real)
    assert run("restore", str(copy), "--yes").code == 0  # and the next try goes through
    assert run("check").code == 0


def test_a_log_that_cannot_be_put_back_is_named(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The damaged journal's write-ahead log cannot be moved back beside it: the one
    line names where it is, and the journal itself is still in its place."""
    copy = _damaged_journal(isolated, tmp_path)
    damaged = digest(isolated)
    wal = Path(f"{isolated}-wal")
    log = b"a write-ahead log " * 100
    real_aside = restoring._set_aside

    def with_log(path: Path, now: datetime) -> Path:
        wal.write_bytes(log)  # a log beside the damaged journal as it is set aside
        return real_aside(path, now)

    real = os.replace

    def never(src: object, dst: object) -> None:
        if Path(str(dst)) in (isolated, wal):
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(restoring, "_set_aside", with_log)
    monkeypatch.setattr(restoring.os, "replace", never)
    r = run("restore", str(copy), "--yes")
    assert r.code == 1 and len(r.err.splitlines()) == 1, r.err
    moved = Path(r.err.split("cannot move ")[1].split(" back to ")[0])
    assert moved.parent == isolated.parent / "backups" and moved.read_bytes() == log
    assert f"back to {wal}" in r.err and "nothing was restored" in r.err
    assert digest(isolated) == damaged and not wal.exists()


# A restore run with a pause just after the damaged journal was set aside, before the
# rebuilt journal takes its place: it touches a flag file there and waits to be killed.
PAUSED_RESTORE = """
import os, sys, time
from pathlib import Path
flag, journal = Path(sys.argv[1]), Path(sys.argv[2])
real_replace = os.replace
def replace(src, dst):
    if Path(dst) == journal:
        flag.touch()
        time.sleep(120)
    real_replace(src, dst)
os.replace = replace
sys.argv = ["ketalog", *sys.argv[3:]]
from ketalog.entry import main
main()
"""


def test_kill_9_after_the_set_aside_leaves_the_damaged_journal_in_place(
    isolated: Path, tmp_path: Path
) -> None:
    copy = _damaged_journal(isolated, tmp_path)
    damaged = digest(isolated)
    flag = tmp_path / "paused"
    argv = ["restore", str(copy), "--yes"]
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED_RESTORE, str(flag), str(isolated), *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while not flag.exists():
            assert proc.poll() is None, "the restore ended before it reached the point"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert digest(isolated) == damaged  # a journal at its path all along: the damaged one
    [kept] = (isolated.parent / "backups").glob("journal-before-restore*.db")
    assert digest(kept) == damaged
    assert [p.name for p in isolated.parent.glob(".journal.db.*.restored")]
    r = run_process("restore", str(copy), "--yes")  # and the next try goes through
    assert r.code == 0, r.err
    assert run("check").code == 0
    assert not list(isolated.parent.glob(".journal.db.*"))  # the killed one's files gone
