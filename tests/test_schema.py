"""The schema stays honest: frozen migrations, undo triggers that see every column,
CHECK constraints that agree with the fields' ranges, WAL on every open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from helpers import run
from ketalog import db
from ketalog.fields import CHECKIN_FIELDS, SESSION_FIELDS, Field
from test_migrations import load_fixture

# Tables that hold the change log itself; every other table is logged for undo.
# The change log itself, and the journal's identity (its id and name in a sync folder:
# not an entry, so nothing undo takes back).
BOOKKEEPING = {"command", "change", "change_real", "journal_identity"}


def test_fresh_journal_equals_an_upgraded_v1_journal(tmp_path: Path) -> None:
    fresh = db.open_db(tmp_path / "fresh.db", create=True)
    load_fixture(1, tmp_path / "old.db")
    upgraded = db.open_db(tmp_path / "old.db", create=False)
    assert db.schema(fresh) == db.schema(upgraded) == db.expected_schema()
    fresh.close()
    upgraded.close()


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }


def test_every_column_of_every_table_is_in_its_undo_triggers(tmp_path: Path) -> None:
    conn = db.open_db(tmp_path / "j.db", create=True)
    logged = _tables(conn) - BOOKKEEPING
    assert {"session", "checkin", "assessment"} <= logged
    triggers = {name: sql for name, (kind, _, sql) in db.schema(conn).items() if kind == "trigger"}
    for table in sorted(logged):
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        wanted = {"ai": ("NEW",), "au": ("OLD", "NEW"), "ad": ("OLD",)}
        for suffix, sides in wanted.items():
            sql = triggers.get(f"{table}_{suffix}")
            assert sql is not None, f"{table} has no {suffix} trigger for undo"
            for side in sides:
                missing = [c for c in columns if f"'{c}', {side}.{c}" not in sql]
                assert not missing, f"{table}_{suffix} does not record {side}.{missing}"
                # JSON rounds a REAL to 15 digits: each is also kept as itself
                reals = [c for c, kind in _types(conn, table) if kind == "REAL"]
                inexact = [
                    c for c in reals if f"SELECT '{side.lower()}', '{c}', {side}.{c}" not in sql
                ]
                assert not inexact, f"{table}_{suffix} does not keep {side}.{inexact} exactly"
    conn.close()


def _types(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    return [(r[1], r[2].upper()) for r in conn.execute(f"PRAGMA table_info({table})")]


def _limits(f: Field) -> tuple[list[float], list[float]]:
    """Values the column must accept and values it must refuse."""
    assert f.lo is not None and f.hi is not None
    step = 1 if f.kind == "int" else 0.5
    ok = [f.hi] + ([f.lo + step / 10 if f.kind == "float" else f.lo + 1] if f.lo_open else [f.lo])
    bad = [f.hi + step, f.lo if f.lo_open else f.lo - step]
    return ok, bad


@pytest.mark.parametrize(
    ("table", "spec"),
    [("checkin", f) for f in CHECKIN_FIELDS if f.kind != "text"]
    + [("session", f) for f in SESSION_FIELDS if f.kind != "text"],
    ids=lambda x: x if isinstance(x, str) else x.name,
)
def test_check_constraints_match_the_fields(tmp_path: Path, table: str, spec: Field) -> None:
    path = str(tmp_path / "j.db")
    assert run("--db", path, "session", "add", "--date", "2026-11-20", "--route", "iv").code == 0
    assert run("--db", path, "log", "--fatigue", "5").code == 0
    conn = sqlite3.connect(tmp_path / "j.db")
    ok, bad = _limits(spec)
    for value in ok:
        conn.execute(f"UPDATE {table} SET {spec.name} = ?", (value,))
    for value in bad:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(f"UPDATE {table} SET {spec.name} = ?", (value,))
    conn.close()


def test_every_open_turns_wal_back_on(isolated: Path) -> None:
    assert run("log", "--fatigue", "5").code == 0
    conn = sqlite3.connect(isolated)
    assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    conn.close()
    assert run("history").code == 0
    conn = sqlite3.connect(isolated)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    r = run("check")
    assert r.code == 0 and "journal mode: wal" in r.out and "advice" not in r.out
