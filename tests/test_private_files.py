"""Every file ketalog makes or adopts is private to the user (0600), whatever the umask,
and a journal found open to others is tightened, saying so once. Real files, real
processes."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import run, run_process

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """Files created by the processes a test starts get every bit the program asks for."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_a_touched_journal_open_to_others_becomes_private(isolated: Path) -> None:
    isolated.touch()
    isolated.chmod(0o644)
    r = run_process("log", "--fatigue", "3")
    assert r.code == 0, r.err
    assert mode(isolated) == 0o600
    [line] = [x for x in r.err.splitlines() if "private" in x]
    assert str(isolated) in line and "0644" in line and "0600" in line
    again = run_process("log", "--fatigue", "4")
    assert again.code == 0 and "private" not in again.err


def test_a_journal_and_its_wal_files_are_tightened_by_a_reading_command(
    isolated: Path,
) -> None:
    assert run("log", "--fatigue", "3").code == 0
    holder = sqlite3.connect(isolated)  # keeps -wal and -shm on disk
    holder.execute("SELECT count(*) FROM checkin").fetchone()
    files = [isolated, Path(f"{isolated}-wal"), Path(f"{isolated}-shm")]
    for f in files:
        f.chmod(0o664)
    try:
        r = run_process("history")
        modes = [mode(f) for f in files]
    finally:
        holder.close()
    assert r.code == 0, r.err
    lines = [x for x in r.err.splitlines() if "private" in x]
    assert len(lines) == 1 and all(str(f) in lines[0] for f in files)
    assert modes == [0o600, 0o600, 0o600]


def test_a_read_only_journal_stays_read_only(isolated: Path) -> None:
    assert run("log", "--fatigue", "3").code == 0
    isolated.chmod(0o444)
    r = run_process("history")
    assert mode(isolated) == 0o400
    assert "private" in r.err


def test_every_file_ketalog_writes_is_0600_even_with_an_open_umask(
    isolated: Path, tmp_path: Path, open_umask: None
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    steps = [
        ("session", "add", "--route", "iv", "--date", "3 days ago"),
        ("log", "--fatigue", "5"),
        ("export", "-o", str(out / "all.json")),
        ("export", "--format", "csv", "-o", str(out / "checkins.csv")),
        ("summary", "--format", "html", "-o", str(out / "visit.html")),
        ("backup", str(out / "copy.db")),
        ("restore", str(out / "copy.db"), "--yes"),
        ("config", "set", "name", "Jo"),
    ]
    for args in steps:
        r = run_process(*args)
        assert r.code == 0, (args, r.err)
    config = tmp_path / "config" / "ketalog" / "config.toml"
    written = [isolated, config, *out.iterdir(), *(isolated.parent / "backups").iterdir()]
    assert {p.name for p in written} >= {"journal.db", "all.json", "checkins.csv", "copy.db"}
    assert config.exists() and mode(config.parent) == 0o700
    assert any(p.name.startswith("journal-before-restore") for p in written)
    assert {p.name: oct(mode(p)) for p in written} == {p.name: "0o600" for p in written}
    assert mode(isolated.parent / "backups") == 0o700


def test_the_wal_files_of_a_new_journal_are_private(isolated: Path, open_umask: None) -> None:
    assert run_process("log", "--fatigue", "3").code == 0
    holder = sqlite3.connect(isolated)
    holder.execute("SELECT count(*) FROM checkin").fetchone()
    try:
        wal, shm = Path(f"{isolated}-wal"), Path(f"{isolated}-shm")
        assert wal.exists() and shm.exists()
        assert (mode(wal), mode(shm)) == (0o600, 0o600)
    finally:
        holder.close()
