"""The change log: what each command changed, value for value, and undoing it.

Triggers (db.py) copy every insert, update and delete into `change` under the
newest row of `command`; REAL values are also kept as themselves in `change_real`,
because JSON text would round them. `changes()` reads a command's changes back
exactly; `reverse()` takes one back; `undo()` takes back the latest command whole.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, NamedTuple

from ketalog import uidrows
from ketalog.db import transaction
from ketalog.errors import KetalogError
from ketalog.uidrows import insert_row, overwrite
from ketalog.wording import plural

Op = Literal["insert", "update", "delete"]
Row = dict[str, Any]


class Command:
    """One user command's writes: they are undone together."""

    __slots__ = ("description", "id")

    def __init__(self, id: int) -> None:
        self.id = id
        self.description = ""


@contextmanager
def writing(conn: sqlite3.Connection, name: str) -> Iterator[Command]:
    """A transaction that records its changes under one command for `undo`."""
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO command (name, at) VALUES (?, ?)", (name, uidrows.now_stamp())
        )
        cmd = Command(id=int(cur.lastrowid or 0))
        yield cmd
        count = conn.execute(
            "SELECT count(*) FROM change WHERE command_id = ?", (cmd.id,)
        ).fetchone()[0]
        if count == 0:
            conn.execute("DELETE FROM command WHERE id = ?", (cmd.id,))
        else:
            conn.execute(
                "UPDATE command SET description = ? WHERE id = ?", (cmd.description, cmd.id)
            )


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

    import json  # only undo and redo read the log back: `ketalog log` need not load json

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
        (RESTORE, f"restore of {source.absolute()} ({before})", uidrows.now_stamp()),
    )


class Undone(NamedTuple):
    description: str
    what: str = ""  # Entry.what() of the command undone or redone

    @property
    def at_restore(self) -> bool:
        return False


class AtRestore(NamedTuple):
    """Undo went no further: the latest command is a restore, described."""

    description: str

    @property
    def at_restore(self) -> bool:
        return True

    @property
    def what(self) -> str:
        return f"the {self.description}"


# Commands that take others back or re-apply them; every other command is a change
# the user made, which `undo` can reverse.
_UNDOING = ("undo", "redo")


class Entry(NamedTuple):
    """One command of the change log, as `undo --list` and the undo question show it."""

    id: int
    name: str
    description: str
    at: str  # UTC, ISO 8601
    undone: bool
    counts: dict[str, int]  # table -> rows changed

    @property
    def is_restore(self) -> bool:
        """A restore: undo stops there, so it asks nothing first."""
        return self.name == RESTORE

    def what(self) -> str:
        """'the import of 3,650 check-ins and 3 sessions, made 25 Nov 14:02'."""
        return f"the {self.summary()}, made {when(self.at)}"

    def summary(self) -> str:
        """What the command did, as its description says it (the rows it changed, by
        kind, for a command that has none, or one recorded in an older wording)."""
        from ketalog.visible import visible

        text = self.description
        if not text or _OLD_IMPORT.fullmatch(text):
            text = f"{self.name} of {kinds(self.counts) or 'nothing'}"
        return visible(text)


# How imports were described before they named their rows by kind.
_OLD_IMPORT = re.compile(r"import of \d+ new and \d+ changed rows( and \d+ deletions)?")
_NOUNS = {
    "checkin": ("check-in", "check-ins"),
    "session": ("session", "sessions"),
    "assessment": ("questionnaire", "questionnaires"),
    "question": ("question", "questions"),
}


def counted(n: int, table: str) -> str:
    """'1 check-in', '3,650 check-ins'."""
    return plural(n, *_NOUNS.get(table, (table, table + "s")))


def kinds(counts: Mapping[str, int]) -> str:
    """'3,650 check-ins and 3 sessions': the rows of each kind (deletion records,
    the book-keeping of a delete, go unsaid)."""
    order = [*_NOUNS, *(t for t in counts if t not in _NOUNS)]
    parts = [counted(counts[t], t) for t in order if counts.get(t) and t != "deletion"]
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] if parts else ""


def when(stamp: str) -> str:
    """A change log time in local time: '25 Nov 14:02'."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return f"{moment.day} {moment:%b %H:%M}"


def _entry(conn: sqlite3.Connection, row: sqlite3.Row) -> Entry:
    counts = {
        t: n
        for t, n in conn.execute(
            "SELECT tbl, count(DISTINCT uid) FROM change "
            "WHERE command_id = ? AND tbl != 'deletion' GROUP BY tbl ORDER BY min(id)",
            (row["id"],),
        )
    }
    return Entry(
        row["id"],
        row["name"],
        row["description"],
        row["at"],
        row["undone_by"] is not None,
        counts,
    )


def next_undo(conn: sqlite3.Connection) -> Entry | None:
    """The command `undo` would reverse: the latest change not undone yet."""
    row = conn.execute(
        "SELECT * FROM command WHERE undone_by IS NULL AND name NOT IN (?, ?) "
        "ORDER BY id DESC LIMIT 1",
        _UNDOING,
    ).fetchone()
    return None if row is None else _entry(conn, row)


def next_redo(conn: sqlite3.Connection) -> Entry | None:
    """The command `redo` would re-apply: the one the latest undo (not redone yet)
    took back, as long as no new change was made since that undo."""
    row = conn.execute(
        "SELECT u.id FROM command u WHERE u.name = 'undo' AND u.undone_by IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM command c WHERE c.id > u.id AND c.name NOT IN (?, ?)) "
        "ORDER BY u.id DESC LIMIT 1",
        _UNDOING,
    ).fetchone()
    if row is None:
        return None
    target = conn.execute("SELECT * FROM command WHERE undone_by = ?", (row["id"],)).fetchone()
    return None if target is None else _entry(conn, target)


def entries(conn: sqlite3.Connection, limit: int | None = 20) -> list[Entry]:
    """The changes the user made, newest first (undo and redo themselves left out)."""
    rows = conn.execute(
        "SELECT * FROM command WHERE name NOT IN (?, ?) ORDER BY id DESC LIMIT ?",
        (*_UNDOING, -1 if limit is None else limit),
    ).fetchall()
    return [_entry(conn, r) for r in rows]


def undo(conn: sqlite3.Connection, expected: int | None = None) -> Undone | AtRestore | None:
    """Reverse the latest command that is not undone yet; None if there is none.
    With `expected`, only if that is still the one (another ketalog may have written
    since the user was asked).

    The reversal is itself a command named 'undo', so its writes are logged too.
    """
    with transaction(conn):
        target = conn.execute(
            "SELECT * FROM command "
            "WHERE undone_by IS NULL AND name NOT IN (?, ?) ORDER BY id DESC LIMIT 1",
            _UNDOING,
        ).fetchone()
        if target is None:
            return None
        if target["name"] == RESTORE:  # undo never reaches back past a restore
            return AtRestore(target["description"])
        what = _entry(conn, target).what()
        if expected is not None and target["id"] != expected:
            raise KetalogError("the journal changed meanwhile; nothing undone (run undo again)")
        cur = conn.execute(
            "INSERT INTO command (name, description, at) VALUES ('undo', ?, ?)",
            (f"undo of command {target['id']}", uidrows.now_stamp()),
        )
        done = changes(conn, target["id"])
        for change in reversed(done):
            reverse(conn, change)
        conn.execute("UPDATE command SET undone_by = ? WHERE id = ?", (cur.lastrowid, target["id"]))
        return Undone(target["description"] or target["name"], what)


def redo(conn: sqlite3.Connection, expected: int | None = None) -> Undone | None:
    """Re-apply the command the latest undo took back (see next_redo); None if there
    is none. It reverses that undo's own changes, and the command can be undone again."""
    with transaction(conn):
        target = next_redo(conn)
        if target is None:
            return None
        if expected is not None and target.id != expected:
            raise KetalogError("the journal changed meanwhile; nothing redone (run redo again)")
        undo_id = conn.execute(
            "SELECT undone_by FROM command WHERE id = ?", (target.id,)
        ).fetchone()[0]
        cur = conn.execute(
            "INSERT INTO command (name, description, at) VALUES ('redo', ?, ?)",
            (f"redo of command {target.id}", uidrows.now_stamp()),
        )
        for change in reversed(changes(conn, undo_id)):
            reverse(conn, change)
        conn.execute("UPDATE command SET undone_by = ? WHERE id = ?", (cur.lastrowid, undo_id))
        conn.execute("UPDATE command SET undone_by = NULL WHERE id = ?", (target.id,))
        return Undone(target.description or target.name, target.what())


def undoable(conn: sqlite3.Connection) -> int:
    """How many commands undo can still reverse, one by one (it stops at a restore)."""
    return int(
        conn.execute(
            "SELECT count(*) FROM command WHERE undone_by IS NULL AND name NOT IN (?, ?) "
            "AND id > coalesce((SELECT max(id) FROM command WHERE name = ?), 0)",
            (*_UNDOING, RESTORE),
        ).fetchone()[0]
    )
