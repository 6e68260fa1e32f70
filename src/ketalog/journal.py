"""Sessions and check-ins: add, get, list, update, delete — every write logged for undo."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from ketalog import deletions, uidrows
from ketalog.errors import KetalogError, NotFound
from ketalog.model import (
    CHECKIN_COLUMNS,
    SESSION_COLUMNS,
    Assessment,
    Checkin,
    Session,
)
from ketalog.recovery import EVE_COUNT, EVE_WINDOW, QUIET_FROM

Value = int | float | str | None

TABLES = {"session": SESSION_COLUMNS, "checkin": CHECKIN_COLUMNS}


# --- rows -> records -------------------------------------------------------------


_SESSION_SELECT = "SELECT " + ", ".join(Session._fields) + " FROM session"
_CHECKIN_SELECT = "SELECT " + ", ".join(Checkin._fields) + " FROM checkin"


def _sessions(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> list[Session]:
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples, in Session's field order: fast on long journals
    fromiso = date.fromisoformat
    rows = cur.execute(f"{_SESSION_SELECT} {where}", params)
    return [Session._make((r[0], r[1], fromiso(r[2]), *r[3:])) for r in rows]


def _checkins(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> list[Checkin]:
    from ketalog.fields import symptoms_from as split

    cur = conn.cursor()
    cur.row_factory = None
    fromiso = date.fromisoformat
    return [
        Checkin._make((r[0], r[1], fromiso(r[2]), *r[3:13], bool(r[13]), split(r[14])))
        for r in cur.execute(f"{_CHECKIN_SELECT} {where}", params)
    ]


# --- sessions ----------------------------------------------------------------------

_SESSION_ORDER = f"ORDER BY {uidrows.SESSION_ORDER}"


def list_sessions(
    conn: sqlite3.Connection, since: date | None = None, until: date | None = None
) -> list[Session]:
    return _sessions(
        conn, f"WHERE day >= ? AND day <= ? {_SESSION_ORDER}", (_lo(since), _hi(until))
    )


def last_session(conn: sqlite3.Connection, day: date) -> Session | None:
    """The session that owns `day`: the latest on or before it."""
    found = _sessions(
        conn,
        "WHERE day <= ? ORDER BY day DESC, time IS NOT NULL DESC, time DESC, created_at DESC, "
        "uid DESC LIMIT 1",
        (day.isoformat(),),
    )
    return found[0] if found else None


def next_session(conn: sqlite3.Connection, day: date) -> Session | None:
    """The first session planned after `day`."""
    found = _sessions(conn, f"WHERE day > ? {_SESSION_ORDER} LIMIT 1", (day.isoformat(),))
    return found[0] if found else None


def session_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM session").fetchone()[0])


def first_day(conn: sqlite3.Connection) -> date | None:
    """The day of the journal's first entry: session, check-in or questionnaire."""
    row = conn.execute(
        "SELECT min(d) FROM (SELECT min(day) AS d FROM session UNION ALL "
        "SELECT min(day) FROM checkin UNION ALL SELECT min(day) FROM assessment)"
    ).fetchone()
    return None if row[0] is None else date.fromisoformat(row[0])


def eve_checkins(
    conn: sqlite3.Connection, until: date, since: date | None = None, before: int = EVE_COUNT
) -> list[Checkin]:
    """The eve readings of the sessions in [since, until] and of the latest `before`
    sessions before `since` that have one, as trend_checkins rows, in day order: all
    the starting levels of sessions from `since` on depend on. An eve reading is the
    latest quiet check-in in the EVE_WINDOW days before a session's day
    (recovery.start_levels' rule, in SQL, so that commands need not load the whole
    journal to know a starting level).

    Quiet: no session in the QUIET_FROM days ending on the check-in's own day, i.e.
    before the first session or QUIET_FROM or more days after the one that owns it.
    """
    rows = _light(conn).execute(  # newest first, read lazily: stops once enough are found
        f"SELECT s.day, {_LIGHT} FROM session s JOIN checkin c ON c.day = ("
        "  SELECT max(e.day) FROM checkin e"
        "  WHERE e.day BETWEEN date(s.day, ?) AND date(s.day, '-1 day') AND NOT EXISTS"
        "  (SELECT 1 FROM session q WHERE q.day BETWEEN date(e.day, ?) AND e.day))"
        " WHERE s.day <= ? ORDER BY s.day DESC",
        (f"-{EVE_WINDOW} days", f"-{QUIET_FROM - 1} days", until.isoformat()),
    )
    start = _lo(since)
    found: dict[int, tuple[Any, ...]] = {}
    earlier: set[int] = set()
    for session_day, *row in rows:
        if session_day < start:
            if len(earlier) >= before and row[0] not in earlier:
                break
            earlier.add(row[0])
        found[row[0]] = tuple(row)
    return _light_rows(sorted(found.values(), key=lambda r: r[1]))


def sessions_on(conn: sqlite3.Connection, day: date) -> list[tuple[Session, bool]]:
    """The sessions on `day`, each with whether it is still a plan: entered before its
    day came and not changed since (by the local dates of its creation and last
    change). Recording it (`session add` on its day) changes it, so it is planned once."""

    def local(stamp: str) -> date:
        return datetime.fromisoformat(stamp).astimezone().date()

    out = []
    for s in _sessions(conn, f"WHERE day = ? {_SESSION_ORDER}", (day.isoformat(),)):
        changed = conn.execute("SELECT updated_at FROM session WHERE id = ?", (s.id,)).fetchone()
        out.append((s, local(s.created_at) < s.day and local(changed[0]) < s.day))
    return out


def touch_session(conn: sqlite3.Connection, session_id: int) -> None:
    """Mark a session changed now (a planned session recorded as it was planned)."""
    conn.execute(
        "UPDATE session SET updated_at = ? WHERE id = ?", (uidrows.now_stamp(), session_id)
    )


def get_session(conn: sqlite3.Connection, session_id: int) -> Session:
    found = _sessions(conn, "WHERE id = ?", (session_id,))
    if not found:
        raise NotFound(f"no session with ID {session_id}; `ketalog session list` shows the IDs")
    return found[0]


def add_session(conn: sqlite3.Connection, values: Mapping[str, Value]) -> Session:
    row = {k: values.get(k) for k in SESSION_COLUMNS}
    row.update(
        uid=uidrows.new_uid(), created_at=uidrows.entered_stamp(), updated_at=uidrows.now_stamp()
    )
    session_id = uidrows.insert(conn, "session", row)
    return get_session(conn, session_id)


def update_session(
    conn: sqlite3.Connection, session_id: int, values: Mapping[str, Value]
) -> tuple[Session, Session]:
    old = get_session(conn, session_id)
    _update(conn, "session", old.uid, values)
    return old, get_session(conn, session_id)


def delete_session(conn: sqlite3.Connection, session_id: int) -> Session:
    old = get_session(conn, session_id)
    conn.execute("DELETE FROM session WHERE id = ?", (session_id,))
    deletions.record(conn, "session", old.uid)
    return old


# --- check-ins ---------------------------------------------------------------------


def _lo(day: date | None) -> str:
    return day.isoformat() if day else "0000-00-00"


def _hi(day: date | None) -> str:
    return day.isoformat() if day else "9999-99-99"


def list_checkins(
    conn: sqlite3.Connection, since: date | None = None, until: date | None = None
) -> list[Checkin]:
    return _checkins(conn, "WHERE day >= ? AND day <= ? ORDER BY day", (_lo(since), _hi(until)))


_LIGHT = "c.id, c.day, c.fatigue, c.sleep_hours, c.fog, c.mood"


def _light(conn: sqlite3.Connection) -> sqlite3.Cursor:
    cur = conn.cursor()
    cur.row_factory = None
    return cur


def _light_rows(rows: Iterable[tuple[Any, ...]]) -> list[Checkin]:
    fromiso, new = date.fromisoformat, tuple.__new__  # no Python call per row
    return [
        new(
            Checkin,
            (
                i,
                "",
                fromiso(day),
                fatigue,
                sleep,
                None,
                fog,
                mood,
                None,
                None,
                None,
                None,
                None,
                False,
                (),
            ),
        )
        for i, day, fatigue, sleep, fog, mood in rows
    ]


def trend_checkins(
    conn: sqlite3.Connection, until: date | None = None, since: date | None = None
) -> list[Checkin]:
    """Check-ins in [since, until] with only what the trends maths use (fatigue,
    sleep hours, fog, mood); the other fields are empty. Notes and uids are most of
    what a check-in weighs, and a 10-year journal is read on every `ketalog trends`."""
    rows = _light(conn).execute(
        f"SELECT {_LIGHT} FROM checkin c WHERE day >= ? AND day <= ? ORDER BY day",
        (_lo(since), _hi(until)),
    )
    return _light_rows(rows)


def get_checkin(conn: sqlite3.Connection, day: date) -> Checkin | None:
    found = _checkins(conn, "WHERE day = ?", (day.isoformat(),))
    return found[0] if found else None


def save_checkin(
    conn: sqlite3.Connection,
    day: date,
    values: Mapping[str, Value | tuple[str, ...]],
    clear: tuple[str, ...] = (),
) -> tuple[Checkin | None, Checkin]:
    """Add the day's check-in, or change only the given fields of an existing one.

    Returns (old, new); old is None for a new check-in.
    """
    old = get_checkin(conn, day)
    changes: dict[str, Any] = dict(values)
    for name in clear:  # optional fields only (fields.CLEARABLE)
        changes[name] = None
    if "symptoms" in values:  # symptoms noted are added to the day's, unless cleared
        from ketalog.fields import symptoms_text

        kept = () if old is None or "symptoms" in clear else old.symptoms
        changes["symptoms"] = symptoms_text({*kept, *values["symptoms"]})  # type: ignore[misc]
    if old is None:
        if values.get("fatigue") is None:
            raise KetalogError(
                f"there is no check-in for {day} yet; a new one needs --fatigue (0 to 10)"
            )
        stamp = uidrows.now_stamp()
        row = {k: changes.get(k) for k in CHECKIN_COLUMNS}
        row.update(
            day=day.isoformat(),
            for_provider=int(bool(changes.get("for_provider") or 0)),
            uid=uidrows.new_uid(),
            created_at=stamp,
            updated_at=stamp,
        )
        uidrows.insert(conn, "checkin", row)
    else:
        _update(conn, "checkin", old.uid, changes)
    new = get_checkin(conn, day)
    assert new is not None
    return old, new


def delete_checkin(conn: sqlite3.Connection, day: date) -> Checkin:
    old = get_checkin(conn, day)
    if old is None:
        raise NotFound(f"there is no check-in for {day} to delete")
    conn.execute("DELETE FROM checkin WHERE uid = ?", (old.uid,))
    deletions.record(conn, "checkin", old.uid)
    return old


# --- assessments -------------------------------------------------------------------


def add_assessment(
    conn: sqlite3.Connection,
    day: date,
    instrument: str,
    answers: tuple[int, ...],
    total: int,
    band: str,
    item9: int | None,
    difficulty: int | None = None,
) -> Assessment:
    import json

    row = {
        "uid": uidrows.new_uid(),
        "day": day.isoformat(),
        "instrument": instrument,
        "answers": json.dumps(list(answers)),
        "total": total,
        "band": band,
        "item9": item9,
        "difficulty": difficulty,
        "created_at": uidrows.entered_stamp(),
        "updated_at": uidrows.now_stamp(),
    }
    new_id = uidrows.insert(conn, "assessment", row)
    return list_assessments(conn, where_id=new_id)[0]


def list_assessments(
    conn: sqlite3.Connection,
    since: date | None = None,
    until: date | None = None,
    *,
    instrument: str | None = None,
    where_id: int | None = None,
) -> list[Assessment]:
    import json

    sql = "SELECT * FROM assessment WHERE day >= ? AND day <= ?"
    params: list[Any] = [_lo(since), _hi(until)]
    if instrument is not None:
        sql += " AND instrument = ?"
        params.append(instrument)
    if where_id is not None:
        sql += " AND id = ?"
        params.append(where_id)
    rows = conn.execute(sql + " ORDER BY day, created_at, uid", params)
    return [
        Assessment(
            r["id"],
            r["uid"],
            date.fromisoformat(r["day"]),
            r["instrument"],
            tuple(json.loads(r["answers"])),
            r["total"],
            r["band"],
            r["item9"],
            r["difficulty"],
        )
        for r in rows
    ]


# --- generic writes ----------------------------------------------------------------


def _update(conn: sqlite3.Connection, table: str, uid: str, values: Mapping[str, Any]) -> None:
    allowed = TABLES[table]
    cols = [k for k in values if k in allowed]
    current = conn.execute(
        f"SELECT {', '.join(cols) or 'uid'} FROM {table} WHERE uid = ?", (uid,)
    ).fetchone()
    changed = {k: values[k] for k in cols if current[k] != values[k]}
    if not changed:
        return
    sets = ", ".join(f"{k} = ?" for k in changed)
    conn.execute(
        f"UPDATE {table} SET {sets}, updated_at = ? WHERE uid = ?",
        (*changed.values(), uidrows.now_stamp(), uid),
    )


def merged(*lists: list[Checkin]) -> list[Checkin]:
    """Check-ins from several reads, once each (a later list's row wins), in day order."""
    by_id = {c.id: c for found in lists for c in found}
    return sorted(by_id.values(), key=lambda c: c.day)
