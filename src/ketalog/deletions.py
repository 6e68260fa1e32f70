"""Deletion records: which entry was deleted, and when.

Deleting a session, check-in or questionnaire leaves a record of its uid and the
moment it went, so that importing an export made before then does not bring the
entry back. Export carries the records, so a journal that imports them deletes
the same entries. The records live in the `deletion` table, logged for undo like
every other table: undoing a delete takes its record away with it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, NamedTuple

from ketalog.errors import KetalogError

TABLES = ("session", "checkin", "assessment")


def now_exact() -> str:
    """Now, to the microsecond: a deletion and an export in the same second still
    have an order."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


# The timestamps ketalog takes, the same on every Python: 3.11's fromisoformat takes
# far more than 3.10's (20261120T090000, 2026-W47-5, any fraction, a trailing Z), so
# without this a file one computer imports or syncs, another would refuse. `re`
# compiles the pattern on first use, not as ketalog starts.
_STAMP = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{3}|\.\d{6})?)?([+-]\d{2}:\d{2}|Z)?"


def stamp(text: str) -> datetime:
    """An ISO timestamp as an aware datetime (a naive one is taken as UTC; Z is UTC)."""
    if not re.fullmatch(_STAMP, text):
        raise ValueError(f"not a timestamp ketalog reads: {text!r}")
    moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def deleted_at(conn: sqlite3.Connection, table: str, uid: str) -> str | None:
    row = conn.execute(
        "SELECT deleted_at FROM deletion WHERE tbl = ? AND row_uid = ?", (table, uid)
    ).fetchone()
    return None if row is None else str(row[0])


def record(conn: sqlite3.Connection, table: str, uid: str, at: str | None = None) -> None:
    """Note that the entry `uid` of `table` was deleted `at` (now by default); an
    earlier record of it moves to the later of the two times."""
    assert table in TABLES
    at = at or now_exact()
    known = deleted_at(conn, table, uid)
    if known is None:
        conn.execute(
            "INSERT INTO deletion (uid, tbl, row_uid, deleted_at) VALUES (?, ?, ?, ?)",
            (os.urandom(16).hex(), table, uid, at),
        )
    elif stamp(at) > stamp(known):
        conn.execute(
            "UPDATE deletion SET deleted_at = ? WHERE tbl = ? AND row_uid = ?", (at, table, uid)
        )


def forget(conn: sqlite3.Connection, table: str, uid: str) -> None:
    """The entry is back: its deletion record goes."""
    conn.execute("DELETE FROM deletion WHERE tbl = ? AND row_uid = ?", (table, uid))


def all_records(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every deletion record, oldest first: (table, uid, deleted_at)."""
    return [
        {"table": r[0], "uid": r[1], "deleted_at": r[2]}
        for r in conn.execute(
            "SELECT tbl, row_uid, deleted_at FROM deletion ORDER BY deleted_at, id"
        )
    ]


def left_out(conn: sqlite3.Connection, table: str, uid: str, made_at: str) -> bool:
    """True when the entry was deleted here at or after `made_at`, the moment the
    file holding it was made: an older copy must not bring it back."""
    gone = deleted_at(conn, table, uid)
    return gone is not None and stamp(gone) >= stamp(made_at)


def apply(conn: sqlite3.Connection, table: str, uid: str, at: str) -> bool:
    """A deletion from another journal: remove the entry here unless it changed
    after `at`, and keep the record. True when an entry was removed."""
    assert table in TABLES
    row = conn.execute(f"SELECT updated_at FROM {table} WHERE uid = ?", (uid,)).fetchone()
    if row is not None and stamp(row[0]) > stamp(at):
        return False  # changed here after it was deleted there: the change wins
    if row is not None:
        conn.execute(f"DELETE FROM {table} WHERE uid = ?", (uid,))
    record(conn, table, uid, at)
    return row is not None


class Deleted(NamedTuple):
    table: str
    uid: str
    deleted_at: str


def read(
    items: Any, tables: dict[str, str], where: str, valid_uid: Callable[[str], bool]
) -> list[Deleted]:
    """The "deletions" list of an export file, checked; `tables` maps the file's
    table names to the journal's. Raises KetalogError naming the first bad item."""
    if not isinstance(items, list):
        raise KetalogError(f'{where}: "deletions" is not a list; nothing was imported')
    out = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise KetalogError(
                f"{where}: deletions item {n} is not an object; nothing was imported"
            )
        name = item.get("table")
        table = tables.get(name) if isinstance(name, str) else None
        uid, at = item.get("uid"), item.get("deleted_at")
        if table is None:
            why = f"table is not one of {', '.join(tables)}"
        elif not isinstance(uid, str) or not valid_uid(uid):
            why = "uid is missing or not valid"
        elif not isinstance(at, str) or not is_stamp(at):
            why = "deleted_at is not an ISO timestamp"
        else:
            out.append(Deleted(table, uid, at))
            continue
        raise KetalogError(f"{where}: deletions item {n}: {why}; nothing was imported")
    return out


def is_stamp(text: str) -> bool:
    try:
        stamp(text)
    except ValueError:
        return False
    return True
