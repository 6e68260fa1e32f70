"""A command holds one connection to the journal, so its locks stay whole.

Closing any file descriptor of the journal drops every POSIX lock the process holds
on it, SQLite's too. Were a command to open the journal twice (the second open reads
the header through a plain file), another ketalog could take the journal for unused,
switch or delete its write-ahead log, and the command's next commit would be lost.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import run
from ketalog import actions

# Switching the journal out of WAL needs every other connection gone: it is refused
# while this process's locks are whole.
_PROBE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=0.2, isolation_level=None)
try:
    print(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0])
except sqlite3.OperationalError as e:
    print("refused:", e)
"""


def _probe(db: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(db)], capture_output=True, text=True, timeout=30
    )
    return done.stdout.strip()


def test_a_command_that_reads_then_writes_keeps_its_locks(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("session", "add", "--route", "iv", "--date", "2026-11-01").code == 0
    seen: list[str] = []
    real = actions.add_session

    def add_and_probe(conn: sqlite3.Connection, values: dict[str, object]) -> object:
        conn.execute("SELECT count(*) FROM session").fetchone()
        seen.append(_probe(isolated))
        return real(conn, values)  # type: ignore[arg-type]

    monkeypatch.setattr(actions, "add_session", add_and_probe)
    # session add reads the day's sessions first, then writes
    assert run("session", "add", "--route", "iv", "--date", "2026-11-20").code == 0
    assert seen and seen[0] != "delete", seen
    mode = sqlite3.connect(isolated).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
