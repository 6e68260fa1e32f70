"""Every earlier schema version upgrades to the current one with its data intact.

tests/fixtures/journal_vN.sql is a dump of a journal as version N of the schema
left it, with sessions, check-ins and change-log rows; a new migration adds the
dump of the version before it.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import run
from ketalog import db

FIXTURES = Path(__file__).parent / "fixtures"
EARLIER = list(range(1, db.LATEST))


def load_fixture(version: int, path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / f"journal_v{version}.sql").read_text(encoding="utf-8"))
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


def test_every_earlier_version_has_a_fixture() -> None:
    for version in EARLIER:
        assert (FIXTURES / f"journal_v{version}.sql").exists()


def test_fresh_journal_runs_every_migration(tmp_path: Path) -> None:
    conn = db.open_db(tmp_path / "j.db", create=True)
    assert db.schema_version(conn) == db.LATEST
    conn.close()


@pytest.mark.parametrize("version", EARLIER)
def test_upgrade_keeps_data_and_change_log(version: int, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    load_fixture(version, path)
    old = sqlite3.connect(path)
    before = {
        t: old.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
        for t in ("session", "checkin", "command", "change")
    }
    old.close()
    conn = db.open_db(path, create=False)
    assert db.schema_version(conn) == db.LATEST
    for table, rows in before.items():
        cols = len(rows[0]) if rows else 0
        now = [tuple(r)[:cols] for r in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
        assert now == [tuple(r) for r in rows], table
    conn.close()
    # the change log still works across the upgrade: undo the fixture's last command
    last = before["command"][-1]
    r = run("--db", str(path), "undo")
    assert r.code == 0 and last[2] in r.out


def test_undo_after_an_upgrade_keeps_every_digit(tmp_path: Path) -> None:
    """The version 3 fixture's last command deleted a check-in with 7.123456789012345
    hours of sleep; undone after the upgrade, it comes back bit for bit."""
    path = tmp_path / "old.db"
    load_fixture(3, path)
    assert run("--db", str(path), "undo").code == 0
    conn = db.open_db(path, create=False)
    hours = conn.execute("SELECT sleep_hours FROM checkin WHERE day = '2026-11-12'").fetchone()
    conn.close()
    assert hours[0] == 7.123456789012345


def test_every_step_module_is_listed_in_order_and_loads_only_to_migrate(tmp_path: Path) -> None:
    """A v*.py left out of MIGRATIONS would never run; opening an up-to-date journal
    loads none of them (they are only needed to create or upgrade one)."""
    import ketalog.migrations as package

    files = sorted(
        (int(p.stem[1:]) for p in Path(package.__file__).parent.glob("v*.py")),
    )
    assert files == list(range(1, db.LATEST + 1))
    path = tmp_path / "j.db"
    db.open_db(path, create=True).close()
    code = (
        "import sys\nfrom pathlib import Path\nfrom ketalog import db\n"
        f"db.open_db(Path({str(path)!r}), create=False).close()\n"
        "print(sorted(m for m in sys.modules if m.startswith('ketalog.migrations.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
