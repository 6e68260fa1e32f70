"""The change log: what each command changed, value for value, and undoing it.

Triggers (db.py) copy every insert, update and delete into `change` under the
newest row of `command`; REAL values are also kept as themselves in `change_real`,
because JSON text would round them. `changes()` reads a command's changes back
exactly; `reverse()` takes one back; `undo()` takes back the latest command whole.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

from ketalog.db import transaction
from ketalog.errors import KetalogError
from ketalog.journal import insert_row, now_stamp, overwrite

Op = Literal["insert", "update", "delete"]
Row = dict[str, Any]


class Change(NamedTuple):
    """One row written by a command: `old` is the row before (None for an insert),
    `new` the row after (None for a delete), every value as it was stored."""

    id: int
    table: str
    op: Op
    uid: str
    old: Row | None
    new: Row | None


def changes(conn: sqlite3.Connection, command_id: int) -> list[Change]:
    """The changes of one command, in the order they were made."""
    reals: dict[tuple[int, str], Row] = {}
    for change_id, which, col, value in conn.execute(
        "SELECT r.change_id, r.side, r.col, r.value FROM change_real r "
        "JOIN change c ON c.id = r.change_id WHERE c.command_id = ?",
        (command_id,),
    ):
        reals.setdefault((change_id, which), {})[col] = value

    def side(change_id: int, name: str, text: str | None) -> Row | None:
        if text is None:
            return None
        row: Row = json.loads(text)
        row.update(reals.get((change_id, name), {}))
        return row

    return [
        Change(r[0], r[1], r[2], r[3], side(r[0], "old", r[4]), side(r[0], "new", r[5]))
        for r in conn.execute(
            "SELECT id, tbl, op, uid, old, new FROM change WHERE command_id = ? ORDER BY id",
            (command_id,),
        )
    ]


def reverse(conn: sqlite3.Connection, change: Change) -> None:
    """Put the row back as it was before `change` (inside the caller's transaction)."""
    if change.op == "insert":
        conn.execute(f"DELETE FROM {_table(conn, change.table)} WHERE uid = ?", (change.uid,))
    elif change.op == "update":
        overwrite(conn, _table(conn, change.table), _before(change))
    else:
        insert_row(conn, _table(conn, change.table), _before(change))


def _before(change: Change) -> Mapping[str, Any]:
    if change.old is None:
        raise KetalogError(f"the change log is damaged: change {change.id} has no old row")
    return change.old


def _table(conn: sqlite3.Connection, name: str) -> str:
    """`name` if it is a table of the journal: it is formatted into SQL."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    if found is None:
        raise KetalogError(f"the change log is damaged: it names an unknown table {name!r}")
    return name


RESTORE = "restore"


def mark_restore(conn: sqlite3.Connection, source: Path, kept: Path | None) -> None:
    """Inside a restore's transaction, once the journal holds the backup's rows: the
    restore becomes the latest command, with no changes of its own, so that undo
    stops there instead of reversing anything from before it."""
    before = (
        f"the journal it replaced is kept at {kept.absolute()}; `ketalog restore` that file "
        "to go back"
        if kept is not None
        else "there was no journal before it"
    )
    conn.execute(
        "INSERT INTO command (name, description, at) VALUES (?, ?, ?)",
        (RESTORE, f"restore of {source.absolute()} ({before})", now_stamp()),
    )


class Undone(NamedTuple):
    description: str
    changes: int


class AtRestore(NamedTuple):
    """Undo went no further: the latest command is a restore, described."""

    description: str


_LATEST = (
    "SELECT id, name, description FROM command "
    "WHERE undone_by IS NULL AND name != 'undo' ORDER BY id DESC LIMIT 1"
)


def undo(conn: sqlite3.Connection) -> Undone | AtRestore | None:
    """Reverse the latest command that is not undone yet; None if there is none.

    The reversal is itself a command named 'undo', so its writes are logged too.
    Undo never reaches back past a restore: what came before it belongs to the
    journal the restore replaced (kept as a copy), not to this one.
    """
    with transaction(conn):
        target = conn.execute(_LATEST).fetchone()
        if target is None:
            return None
        if target["name"] == RESTORE:
            return AtRestore(target["description"])
        cur = conn.execute(
            "INSERT INTO command (name, description, at) VALUES ('undo', ?, ?)",
            (f"undo of command {target['id']}", now_stamp()),
        )
        done = changes(conn, target["id"])
        for change in reversed(done):
            reverse(conn, change)
        conn.execute("UPDATE command SET undone_by = ? WHERE id = ?", (cur.lastrowid, target["id"]))
        entries = sum(c.table != "deletion" for c in done)  # records of deletions go unsaid
        return Undone(description=target["description"] or target["name"], changes=entries)


def undoable(conn: sqlite3.Connection) -> int:
    """How many commands undo can still reverse, one by one (it stops at a restore)."""
    return int(
        conn.execute(
            "SELECT count(*) FROM command WHERE undone_by IS NULL AND name != 'undo' AND id > "
            "coalesce((SELECT max(id) FROM command WHERE name = ?), 0)",
            (RESTORE,),
        ).fetchone()[0]
    )
