"""Encrypted backups on every Python: the journal's bytes read under its write lock and
encrypted in memory; on Python 3.10, restore opens the decrypted backup from a file in
the journal's own folder whose name lives only while it is opened."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from helpers import digest, opened_for_writing, run, run_ok
from ketalog import backups, crypto, db, restoring
from ketalog.errors import KetalogError

GOOD = "correct horse battery"
NOTE = "a private note nobody else should read"


@pytest.fixture
def journal(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KETALOG_PASSPHRASE", GOOD)
    run_ok("log", "--fatigue", "4", "--note", NOTE)
    run_ok("session", "add", "--route", "iv", "--date", "2026-11-20")
    return isolated


@pytest.fixture
def on_python_310(monkeypatch: pytest.MonkeyPatch) -> None:
    """Restore as on Python 3.10, whose sqlite3 cannot open a database held in memory."""
    monkeypatch.setattr(restoring, "in_memory", lambda: False)


def _opened(image: bytes, where: Path) -> sqlite3.Connection:
    """A decrypted image opened for a test to look at (tests may write plain files)."""
    where.write_bytes(image)
    return sqlite3.connect(where)


def _sealed(journal: Path, dest: Path, image: bytes | None = None) -> Path:
    """An encrypted backup of the journal (or of `image`) at `dest`: one key derivation,
    not the two of `backup` and a check (each takes a while, by design)."""
    dest.write_bytes(crypto.encrypt(_image(journal) if image is None else image, GOOD))
    return dest


def _image(journal: Path) -> bytes:
    conn = db.connect(journal)
    try:
        return backups.snapshot(conn)
    finally:
        conn.close()


def _brief_files(*folders: Path) -> list[Path]:
    return [p for f in folders if f.exists() for p in f.rglob("*.decrypted*")]


# --- making the copy ---------------------------------------------------------------------


def test_the_copy_is_the_journal_whole_and_self_contained(journal: Path, tmp_path: Path) -> None:
    conn = db.connect(journal)
    try:
        conn.execute("CREATE TEMP TABLE x (y)")  # a connection of this process stays open
        run_ok("log", "--fatigue", "6", "--date", "yesterday")  # still in the -wal file
        assert Path(f"{journal}-wal").stat().st_size > 0
        image = backups.snapshot(conn)
    finally:
        conn.close()
    assert image[18:20] == b"\x01\x01"  # no write-ahead log beside it is needed
    copy = _opened(image, tmp_path / "look.db")
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        notes = copy.execute("SELECT day, fatigue, note FROM checkin ORDER BY day").fetchall()
    finally:
        copy.close()
    assert notes == [("2026-11-24", 6, None), ("2026-11-25", 4, NOTE)]


def test_making_the_copy_keeps_this_process_locks_on_the_journal(journal: Path) -> None:
    """Closing a file drops every POSIX lock the process holds on it. Were the journal
    read here and closed, another ketalog closing its last connection could take the
    file and delete the write-ahead log this process still writes to."""
    conn = db.connect(journal)
    try:
        conn.execute("INSERT INTO command (name, at) VALUES ('test', '')")
        wal = Path(f"{journal}-wal")
        backups.snapshot(conn)
        assert wal.exists()
        other = (
            f"import sqlite3; c = sqlite3.connect({str(journal)!r}); "
            "c.execute('SELECT 1 FROM checkin').fetchall(); c.close()"
        )
        subprocess.run([sys.executable, "-c", other], check=True, timeout=60)
        assert wal.exists(), "another process could take the journal from this one"
    finally:
        conn.close()


def test_a_reader_on_an_older_state_makes_the_copy_wait(journal: Path) -> None:
    conn, reader, writer = db.connect(journal), db.connect(journal), db.connect(journal)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM checkin").fetchone()  # holds this state
        writer.execute("UPDATE checkin SET fatigue = 7")  # a later one, in the -wal
        with pytest.raises(KetalogError, match="another ketalog kept reading the journal"):
            backups.snapshot(conn, wait=0.3)
        reader.execute("COMMIT")
        image = backups.snapshot(conn, wait=0.3)
    finally:
        for c in (conn, reader, writer):
            c.close()
    assert crypto.is_age(crypto.encrypt(image, GOOD))
    look = Path(f"{journal}.look")
    copy = _opened(image, look)
    try:
        assert copy.execute("SELECT fatigue FROM checkin").fetchall() == [(7,)]
    finally:
        copy.close()


WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
conn.execute("PRAGMA busy_timeout = 10000")
conn.execute("CREATE TABLE IF NOT EXISTS race_a (n INTEGER PRIMARY KEY, pad BLOB)")
conn.execute("CREATE TABLE IF NOT EXISTS race_b (n INTEGER PRIMARY KEY, pad BLOB)")
print("ready", flush=True)
n = 0
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    n += 1
    conn.execute("BEGIN IMMEDIATE")
    # several pages per commit, so that a copy torn between two commits would show
    conn.execute("INSERT INTO race_a VALUES (?, randomblob(5000))", (n,))
    conn.execute("INSERT INTO race_b VALUES (?, randomblob(5000))", (n,))
    if n % 7 == 0:
        conn.execute("DELETE FROM race_a WHERE n = ?", (n - 5,))
        conn.execute("DELETE FROM race_b WHERE n = ?", (n - 5,))
    conn.execute("COMMIT")
    if n % 13 == 0:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
conn.close()
"""


def test_a_copy_taken_while_another_process_writes_is_consistent(
    journal: Path, tmp_path: Path
) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(journal), "6"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        conn = db.connect(journal)
        counts = []
        try:
            for i in range(25):
                # the encryption that follows in a backup is left out: it changes nothing
                copy = _opened(backups.snapshot(conn), tmp_path / f"look-{i}.db")
                try:
                    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                    a = copy.execute("SELECT n FROM race_a ORDER BY n").fetchall()
                    b = copy.execute("SELECT n FROM race_b ORDER BY n").fetchall()
                finally:
                    copy.close()
                assert a == b  # both tables of every commit, or neither
                counts.append(a[-1][0] if a else 0)
                time.sleep(0.05)
        finally:
            conn.close()
    finally:
        writer.wait(timeout=120)
    assert writer.returncode == 0
    assert counts == sorted(counts) and counts[-1] > counts[0]  # the writer went on meanwhile


def test_an_encrypted_backup_writes_nothing_but_age_bytes(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = opened_for_writing(monkeypatch)
    folder = tmp_path / "copies"
    folder.mkdir()
    r = run("backup", "--encrypt", str(folder))
    assert r.code == 0, r.err
    [copy] = folder.iterdir()
    assert written and all(Path(w).parent == folder for w in written)
    assert crypto.is_age(copy.read_bytes()) and oct(copy.stat().st_mode & 0o777) == "0o600"


def test_a_failed_encrypted_backup_leaves_nothing(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(data: bytes, passphrase: str) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(crypto, "encrypt", interrupted)
    folder = tmp_path / "copies"
    folder.mkdir()
    run("backup", "--encrypt", str(folder))
    assert list(folder.iterdir()) == []
    conn = db.connect(journal)
    try:  # the write lock was let go
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    finally:
        conn.close()


# --- restoring it --------------------------------------------------------------------------


def test_on_python_310_restore_opens_a_brief_private_file_in_the_journal_folder(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_python_310: None
) -> None:
    copies = tmp_path / "copies"
    copies.mkdir()
    copy = copies / "copy.db.age"
    run_ok("backup", "--encrypt", str(copy))
    run_ok("log", "--fatigue", "9", "--note", "after the backup")
    seen: list[tuple[Path, int]] = []
    real_connect = sqlite3.connect

    def watching(target: str, *a: object, **kw: object) -> sqlite3.Connection:
        conn = real_connect(target, *a, **kw)  # type: ignore[arg-type]
        name = str(target)
        if name.endswith(".decrypted?mode=ro"):
            brief = Path(name.removeprefix("file:").split("?")[0])
            seen.append((brief, brief.stat().st_mode & 0o777))
        return conn

    monkeypatch.setattr(sqlite3, "connect", watching)
    r = run("restore", "--yes", str(copy))
    assert r.code == 0, r.err
    [(brief, mode)] = seen
    assert brief.parent == journal.parent and mode == 0o600
    assert not brief.exists() and _brief_files(tmp_path) == []
    out = run("export").out
    assert NOTE in out and "after the backup" not in out


@pytest.mark.parametrize("how", ["damaged", "interrupted", "wrong passphrase"])
def test_on_python_310_a_failed_restore_leaves_no_brief_file(
    journal: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    on_python_310: None,
    how: str,
) -> None:
    copy = tmp_path / "copy.db.age"
    before = digest(journal)
    if how == "damaged":  # a sound header, then pages of noise
        image = bytearray(_image(journal))
        image[100:] = os.urandom(len(image) - 100)
        _sealed(journal, copy, bytes(image))
    else:
        _sealed(journal, copy)
    if how == "interrupted":

        def ctrl_c(*a: object) -> list[dict[str, object]]:
            raise KeyboardInterrupt

        monkeypatch.setattr(restoring, "_read_rows", ctrl_c)
    else:
        monkeypatch.setenv("KETALOG_PASSPHRASE", "not the passphrase")
    r = run("restore", "--yes", str(copy))
    assert r.code != 0
    if how != "interrupted":
        assert r.code == 1 and len(r.err.strip().splitlines()) == 1
    assert _brief_files(tmp_path) == []
    assert digest(journal) == before


def test_on_python_310_restoring_into_a_new_folder_leaves_no_folder_on_failure(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on_python_310: None
) -> None:
    image = bytearray(_image(journal))
    image[100:] = b"\x00" * (len(image) - 100)
    copy = _sealed(journal, tmp_path / "copy.db.age", bytes(image))
    fresh = tmp_path / "new" / "place" / "journal.db"
    monkeypatch.setenv("KETALOG_DB", str(fresh))
    r = run("restore", "--yes", str(copy))
    assert r.code == 1 and "nothing was restored" in r.err
    assert not (tmp_path / "new").exists()


def test_on_python_310_a_sigterm_while_the_brief_file_has_a_name_waits_until_it_is_gone(
    journal: Path, tmp_path: Path
) -> None:
    """SIGTERM ends Python without cleaning up; it is held off while the name exists."""
    copy = _sealed(journal, tmp_path / "copy.db.age")
    script = textwrap.dedent(f"""
        import os, signal, sqlite3
        from pathlib import Path
        from ketalog import restoring
        restoring.in_memory = lambda: False
        real_connect = sqlite3.connect
        def terminated(*a, **kw):
            os.kill(os.getpid(), signal.SIGTERM)
            return real_connect(*a, **kw)
        sqlite3.connect = terminated
        restoring.read_backup(Path({str(copy)!r}), lambda name: {GOOD!r},
                              journal=Path({str(journal)!r}))
        print("not terminated")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == -15, done.stderr
    assert _brief_files(tmp_path) == []


def test_a_brief_file_left_by_a_killed_restore_is_removed_by_the_next(
    journal: Path, tmp_path: Path, on_python_310: None
) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = journal.parent / f".{journal.name}.{gone.stdout.strip()}.decrypted"
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    alive = journal.parent / f".{journal.name}.{running.pid}.decrypted"
    try:
        for p in (dead, alive):
            p.write_bytes(b"left")
        copy = _sealed(journal, tmp_path / "copy.db.age")
        run_ok("restore", "--yes", str(copy))
        assert alive.exists()  # a restore still running keeps its file
    finally:
        running.kill()
        running.wait()
    assert not dead.exists()


def test_a_backup_made_the_earlier_way_restores_on_python_310(
    journal: Path, tmp_path: Path, on_python_310: None
) -> None:
    """Until now Python 3.11 and newer made an encrypted backup with SQLite's backup API
    into memory: the same SQLite file, as far as restore is concerned."""
    conn = db.connect(journal)
    target = tmp_path / "earlier.db"
    try:
        conn.backup(out := sqlite3.connect(target))
        out.close()
    finally:
        conn.close()
    image = backups.without_wal(bytearray(target.read_bytes()))
    copy = tmp_path / "earlier.db.age"
    copy.write_bytes(crypto.encrypt(image, GOOD))
    run_ok("log", "--fatigue", "9", "--note", "after the backup")
    assert run("restore", "--yes", str(copy)).code == 0
    out = run("export").out
    assert NOTE in out and "after the backup" not in out
