"""`ketalog check`: the journal's integrity, schema and contents, in plain lines."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ketalog import db
from ketalog.restoring import COPIED, KEYS


class Health(NamedTuple):
    ok: bool
    lines: list[str]


def schema_lines(conn: sqlite3.Connection, version: int) -> list[str]:
    """How the journal's schema differs from the one ketalog makes at its version."""
    want = db.expected_schema(min(version, db.LATEST))
    have = db.schema(conn)
    out = []
    for name, (kind, table, _) in sorted(have.items()):
        if name not in want:
            on = f" on {table}" if kind in ("trigger", "index") else ""
            out.append(f"schema: extra {kind} {name}{on}, not made by ketalog")
    for name, (kind, _, sql) in sorted(want.items()):
        if name not in have:
            out.append(f"schema: {kind} {name} is missing")
        elif have[name] != (kind, want[name][1], sql):
            out.append(f"schema: {kind} {name} differs from the one ketalog makes")
    return out


def check_journal(path: Path, notice: Callable[[str], None] | None = None) -> Health:
    """Open the journal as it is (no upgrade) and check it; a journal too damaged to
    open or read is reported as such, with what to do."""
    try:
        conn = db.open_db(path, create=False, notice=notice, upgrade=False)
    except sqlite3.DatabaseError as e:
        return _unreadable(path, e)
    try:
        return check(conn, path)
    except sqlite3.DatabaseError as e:
        return _unreadable(path, e)
    finally:
        conn.close()


def _unreadable(path: Path, e: sqlite3.DatabaseError) -> Health:
    return Health(
        False,
        [
            f"journal: {path}",
            f"integrity: PROBLEMS — it cannot be read ({e})",
            "advice: `ketalog restore FILE` brings back a backup and keeps this journal "
            "in the backups folder",
            "status: PROBLEMS FOUND",
        ],
    )


def check(conn: sqlite3.Connection, path: Path) -> Health:
    lines = [f"journal: {path}"]
    ok = True
    result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if result == ["ok"]:
        lines.append("integrity: ok")
    else:
        ok = False
        lines.append("integrity: PROBLEMS — " + "; ".join(result[:5]))
        lines.append(
            "advice: restore a backup with `ketalog restore FILE`, or export what "
            "can be read with `ketalog export` before anything else"
        )
    fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        ok = False
        lines.append(f"foreign keys: {len(fk)} broken references")
    version = db.schema_version(conn)
    lines.append(f"schema: version {version} of {db.LATEST}")
    if version < db.LATEST:
        lines.append("schema: the next command that writes upgrades it")
    differences = schema_lines(conn, version)
    if version < 1 or differences:
        ok = False
        lines.extend(differences or ["schema: no ketalog schema version is set"])
        lines.append(
            "advice: `ketalog backup` and then `ketalog restore` of that copy rebuild the "
            "journal with ketalog's own schema (a row that breaks its rules is named)"
        )
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in COPIED:
        if table in present:
            n = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            lines.append(f"{KEYS[table]}: {n}")
    if "command" in present:
        from ketalog import changelog

        lines.append(f"changes that undo can reverse: {changelog.undoable(conn)}")
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    wal = Path(f"{path}-wal")
    size = wal.stat().st_size if wal.exists() else 0
    lines.append(f"journal mode: {mode} (write-ahead log {size} bytes)")
    if mode != "wal":
        lines.append(
            "advice: WAL mode is off because the journal could not be written to; "
            "check the file's and folder's permissions"
        )
    lines.append("status: " + ("ok" if ok else "PROBLEMS FOUND"))
    return Health(ok, lines)
