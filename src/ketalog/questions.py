"""Questions the patient keeps for the next visit: add, list, close. Each write is
logged for undo like every other."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from ketalog import uidrows
from ketalog.errors import KetalogError, NotFound
from ketalog.model import Question

QUESTION_MAX = 500


def _questions(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> list[Question]:
    def day(text: str | None) -> date | None:
        return None if text is None else date.fromisoformat(text)

    return [
        Question(r[0], r[1], date.fromisoformat(r[2]), r[3], day(r[4]))
        for r in conn.execute(f"SELECT id, uid, day, text, done FROM question {where}", params)
    ]


def add_question(conn: sqlite3.Connection, day: date, text: str) -> Question:
    new_id = uidrows.insert(
        conn,
        "question",
        {
            "uid": uidrows.new_uid(),
            "day": day.isoformat(),
            "text": text,
            "done": None,
            "created_at": uidrows.entered_stamp(),
            "updated_at": uidrows.now_stamp(),
        },
    )
    return _questions(conn, "WHERE id = ?", (new_id,))[0]


def list_questions(conn: sqlite3.Connection, *, open_only: bool = True) -> list[Question]:
    where = "WHERE done IS NULL" if open_only else ""
    return _questions(conn, f"{where} ORDER BY day, created_at, uid", ())


def open_question_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM question WHERE done IS NULL").fetchone()[0])


def close_question(conn: sqlite3.Connection, question_id: int, day: date) -> Question:
    found = _questions(conn, "WHERE id = ?", (question_id,))
    if not found:
        raise NotFound(
            f"no question with ID {question_id}; `ketalog ask --list` shows the open ones"
        )
    if found[0].done is not None:
        raise KetalogError(f"question {question_id} was already closed on {found[0].done}")
    conn.execute(
        "UPDATE question SET done = ?, updated_at = ? WHERE id = ?",
        (day.isoformat(), uidrows.now_stamp(), question_id),
    )
    return _questions(conn, "WHERE id = ?", (question_id,))[0]
