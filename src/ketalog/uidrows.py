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


# Sessions on one day: an untimed one first, then by time, then by entry order, and
# by uid for two entered in the same second: the same order in every journal that
# holds them (a local id is not: a synced journal adds them in its own order).
SESSION_ORDER = "day, time IS NOT NULL, time, created_at, uid"


def entered_stamp() -> str:
    """created_at of a session, questionnaire or question: to the microsecond, so that
    two entered in one second keep their entry order in every journal that holds them.
    (updated_at stays to the second: an edit must never look older than its entry.)"""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


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
    # the same order in every journal holding the same rows, whatever their local ids
    order = {
        "session": SESSION_ORDER,
        "assessment": "day, created_at, uid",
        "question": "day, created_at, uid",
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
