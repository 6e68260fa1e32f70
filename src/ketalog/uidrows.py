"""Whole rows by uid, as dicts: what export, import, sync and undo move between
journals, timestamps and all."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any


def new_uid() -> str:
    """A row's uid: the same in every journal the row is copied to."""
    return os.urandom(16).hex()


def now_stamp() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def insert(conn: sqlite3.Connection, table: str, row: Mapping[str, Any]) -> int:
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cur = conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(row.values()))
    return int(cur.lastrowid or 0)


def _known_columns(conn: sqlite3.Connection, table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    names = {r["name"] for r in conn.execute(f"PRAGMA table_info({table})")}
    return {k: v for k, v in row.items() if k in names}


def all_rows(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    """Every row of `table` with every column but the local id, in a stable order."""
    # entry order (id) breaks ties: it decides which of two sessions on one day owns
    # that day's check-ins, so an import must add them in the same order
    order = {
        "session": "day, time IS NOT NULL, time, id",
        "assessment": "day, id",
        "question": "day, id",
    }.get(table, "day, uid")
    return [
        {k: r[k] for k in r.keys() if k != "id"}  # noqa: SIM118 (a Row, not a dict)
        for r in conn.execute(f"SELECT * FROM {table} ORDER BY {order}")
    ]


def row_by_uid(conn: sqlite3.Connection, table: str, uid: str) -> dict[str, Any] | None:
    r = conn.execute(f"SELECT * FROM {table} WHERE uid = ?", (uid,)).fetchone()
    return None if r is None else dict(zip(r.keys(), tuple(r), strict=True))


def insert_row(conn: sqlite3.Connection, table: str, row: Mapping[str, Any]) -> None:
    """Insert a whole row as given (uid and timestamps included)."""
    insert(conn, table, _known_columns(conn, table, row))


def overwrite(conn: sqlite3.Connection, table: str, row: Mapping[str, Any]) -> None:
    """Set every given column of the row with the same uid, timestamps included."""
    values = _known_columns(conn, table, row)
    uid = values.pop("uid")
    values.pop("id", None)
    sets = ", ".join(f"{k} = ?" for k in values)
    conn.execute(f"UPDATE {table} SET {sets} WHERE uid = ?", (*values.values(), uid))
