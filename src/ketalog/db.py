"""The SQLite store: recognising, creating, opening and migrating a journal."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ketalog.errors import KetalogError, NoJournal
from ketalog.fields import CHECKIN_FIELDS, DRUGS, ROUTES, SESSION_FIELDS, Field
from ketalog.files import make_private
from ketalog.paths import make_private_dir

# "KETL": marks a SQLite file as a ketalog journal (PRAGMA application_id).
APPLICATION_ID = 0x4B45544C
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000

_DAY_CHECK = "CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')"


def _columns_sql(fields: tuple[Field, ...]) -> str:
    out = []
    for f in fields:
        sqltype = {"int": "INTEGER", "float": "REAL", "text": "TEXT", "bool": "INTEGER"}[f.kind]
        out.append(f"{f.name} {sqltype} {f.check_sql()}".rstrip())
    return ",\n    ".join(out)


def log_triggers(table: str, columns: tuple[str, ...]) -> list[str]:
    """Triggers that copy every change to `table` into the change log.

    Each change belongs to the newest row of `command`, which every writing
    command inserts first, inside its own transaction.
    """
    old = "json_object(" + ", ".join(f"'{c}', OLD.{c}" for c in columns) + ")"
    new = "json_object(" + ", ".join(f"'{c}', NEW.{c}" for c in columns) + ")"
    cmd = "(SELECT max(id) FROM command)"
    head = "INSERT INTO change (command_id, tbl, op, uid, old, new)"
    return [
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "
        f"{head} VALUES ({cmd}, '{table}', 'insert', NEW.uid, NULL, {new}); END",
        f"CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN "
        f"{head} VALUES ({cmd}, '{table}', 'update', NEW.uid, {old}, {new}); END",
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "
        f"{head} VALUES ({cmd}, '{table}', 'delete', OLD.uid, {old}, NULL); END",
    ]


_STAMPS = "created_at TEXT NOT NULL,\n    updated_at TEXT NOT NULL"
_SESSION_V1_COLUMNS = (
    "id", "uid", "day", "time", "drug", "route", "dose_mg", "dose_mg_per_kg",
    "duration_min", "dissociation", "clinic", "note", "created_at", "updated_at",
)  # fmt: skip
_CHECKIN_V1_COLUMNS = (
    "id", "uid", "day", "fatigue", "sleep_hours", "sleep_quality", "fog", "mood",
    "emotions", "water", "activity", "mindful", "note", "for_provider", "created_at",
    "updated_at",
)  # fmt: skip


def _v1() -> list[str]:
    drugs = ", ".join(f"'{d}'" for d in DRUGS)
    routes = ", ".join(f"'{r}'" for r in ROUTES)
    return [
        f"""CREATE TABLE session (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL {_DAY_CHECK},
    time TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'),
    drug TEXT NOT NULL CHECK (drug IN ({drugs})),
    route TEXT NOT NULL CHECK (route IN ({routes})),
    {_columns_sql(SESSION_FIELDS)},
    {_STAMPS}
)""",
        "CREATE INDEX session_day ON session (day)",
        f"""CREATE TABLE checkin (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL UNIQUE {_DAY_CHECK},
    {_columns_sql(CHECKIN_FIELDS)},
    for_provider INTEGER NOT NULL DEFAULT 0 CHECK (for_provider IN (0, 1)),
    {_STAMPS},
    CHECK (fatigue IS NOT NULL)
)""",
        """CREATE TABLE command (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    undone_by INTEGER REFERENCES command (id)
)""",
        """CREATE TABLE change (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    command_id INTEGER NOT NULL REFERENCES command (id),
    tbl TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    uid TEXT NOT NULL,
    old TEXT,
    new TEXT
)""",
        "CREATE INDEX change_command ON change (command_id)",
        *log_triggers("session", _SESSION_V1_COLUMNS),
        *log_triggers("checkin", _CHECKIN_V1_COLUMNS),
    ]


_ASSESSMENT_V2_COLUMNS = (
    "id", "uid", "day", "instrument", "answers", "total", "band", "item9", "difficulty",
    "created_at", "updated_at",
)  # fmt: skip


def _v2() -> list[str]:
    """Questionnaires (PHQ-9, GAD-7), logged for undo like everything else."""
    return [
        f"""CREATE TABLE assessment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL {_DAY_CHECK},
    instrument TEXT NOT NULL CHECK (instrument IN ('phq9', 'gad7')),
    answers TEXT NOT NULL CHECK (json_valid(answers) AND json_array_length(answers) =
        CASE instrument WHEN 'phq9' THEN 9 ELSE 7 END),
    total INTEGER NOT NULL CHECK (typeof(total) = 'integer' AND total >= 0 AND total <=
        CASE instrument WHEN 'phq9' THEN 27 ELSE 21 END),
    band TEXT NOT NULL,
    item9 INTEGER CHECK (item9 IS NULL OR (instrument = 'phq9' AND item9 BETWEEN 0 AND 3)),
    difficulty INTEGER CHECK (difficulty IS NULL OR difficulty BETWEEN 0 AND 3),
    {_STAMPS}
)""",
        "CREATE INDEX assessment_day ON assessment (day)",
        *log_triggers("assessment", _ASSESSMENT_V2_COLUMNS),
    ]


def _v3() -> list[str]:
    """Numbers kept exactly in the change log, so that undo gives back what was there.

    SQLite writes a REAL into JSON with 15 significant digits (7.123456789012345
    becomes 7.12345678901235), so every REAL value of a change is also kept as
    itself in change_real; undo takes it from there.
    """
    return [
        """CREATE TABLE change_real (
    change_id INTEGER NOT NULL REFERENCES change (id),
    side TEXT NOT NULL CHECK (side IN ('old', 'new')),
    col TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (change_id, side, col)
) WITHOUT ROWID""",
        "DROP TRIGGER session_ai",
        """CREATE TRIGGER session_ai AFTER INSERT ON session BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'session',
        'insert', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day,
        'time', NEW.time, 'drug', NEW.drug, 'route', NEW.route, 'dose_mg', NEW.dose_mg,
        'dose_mg_per_kg', NEW.dose_mg_per_kg, 'duration_min', NEW.duration_min,
        'dissociation', NEW.dissociation, 'clinic', NEW.clinic, 'note', NEW.note,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
    INSERT INTO change_real (change_id, side, col, value)
    SELECT (SELECT max(id) FROM change), side, col, value FROM (
        SELECT 'new' AS side, 'dose_mg' AS col, NEW.dose_mg AS value
        UNION ALL SELECT 'new', 'dose_mg_per_kg', NEW.dose_mg_per_kg
    ) WHERE value IS NOT NULL;
END""",
        "DROP TRIGGER session_au",
        """CREATE TRIGGER session_au AFTER UPDATE ON session BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'session',
        'update', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'time', OLD.time, 'drug', OLD.drug, 'route', OLD.route, 'dose_mg', OLD.dose_mg,
        'dose_mg_per_kg', OLD.dose_mg_per_kg, 'duration_min', OLD.duration_min,
        'dissociation', OLD.dissociation, 'clinic', OLD.clinic, 'note', OLD.note,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at),
        json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day, 'time', NEW.time,
        'drug', NEW.drug, 'route', NEW.route, 'dose_mg', NEW.dose_mg,
        'dose_mg_per_kg', NEW.dose_mg_per_kg, 'duration_min', NEW.duration_min,
        'dissociation', NEW.dissociation, 'clinic', NEW.clinic, 'note', NEW.note,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
    INSERT INTO change_real (change_id, side, col, value)
    SELECT (SELECT max(id) FROM change), side, col, value FROM (
        SELECT 'old' AS side, 'dose_mg' AS col, OLD.dose_mg AS value
        UNION ALL SELECT 'old', 'dose_mg_per_kg', OLD.dose_mg_per_kg
        UNION ALL SELECT 'new', 'dose_mg', NEW.dose_mg
        UNION ALL SELECT 'new', 'dose_mg_per_kg', NEW.dose_mg_per_kg
    ) WHERE value IS NOT NULL;
END""",
        "DROP TRIGGER session_ad",
        """CREATE TRIGGER session_ad AFTER DELETE ON session BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'session',
        'delete', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'time', OLD.time, 'drug', OLD.drug, 'route', OLD.route, 'dose_mg', OLD.dose_mg,
        'dose_mg_per_kg', OLD.dose_mg_per_kg, 'duration_min', OLD.duration_min,
        'dissociation', OLD.dissociation, 'clinic', OLD.clinic, 'note', OLD.note,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL);
    INSERT INTO change_real (change_id, side, col, value)
    SELECT (SELECT max(id) FROM change), side, col, value FROM (
        SELECT 'old' AS side, 'dose_mg' AS col, OLD.dose_mg AS value
        UNION ALL SELECT 'old', 'dose_mg_per_kg', OLD.dose_mg_per_kg
    ) WHERE value IS NOT NULL;
END""",
        "DROP TRIGGER checkin_ai",
        """CREATE TRIGGER checkin_ai AFTER INSERT ON checkin BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'checkin',
        'insert', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day,
        'fatigue', NEW.fatigue, 'sleep_hours', NEW.sleep_hours,
        'sleep_quality', NEW.sleep_quality, 'fog', NEW.fog, 'mood', NEW.mood,
        'emotions', NEW.emotions, 'water', NEW.water, 'activity', NEW.activity,
        'mindful', NEW.mindful, 'note', NEW.note, 'for_provider', NEW.for_provider,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
    INSERT INTO change_real (change_id, side, col, value)
    SELECT (SELECT max(id) FROM change), side, col, value FROM (
        SELECT 'new' AS side, 'sleep_hours' AS col, NEW.sleep_hours AS value
    ) WHERE value IS NOT NULL;
END""",
        "DROP TRIGGER checkin_au",
        """CREATE TRIGGER checkin_au AFTER UPDATE ON checkin BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'checkin',
        'update', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'fatigue', OLD.fatigue, 'sleep_hours', OLD.sleep_hours,
        'sleep_quality', OLD.sleep_quality, 'fog', OLD.fog, 'mood', OLD.mood,
        'emotions', OLD.emotions, 'water', OLD.water, 'activity', OLD.activity,
        'mindful', OLD.mindful, 'note', OLD.note, 'for_provider', OLD.for_provider,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at),
        json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day, 'fatigue', NEW.fatigue,
        'sleep_hours', NEW.sleep_hours, 'sleep_quality', NEW.sleep_quality, 'fog', NEW.fog,
        'mood', NEW.mood, 'emotions', NEW.emotions, 'water', NEW.water,
        'activity', NEW.activity, 'mindful', NEW.mindful, 'note', NEW.note,
        'for_provider', NEW.for_provider, 'created_at', NEW.created_at,
        'updated_at', NEW.updated_at));
    INSERT INTO change_real (change_id, side, col, value)
    SELECT (SELECT max(id) FROM change), side, col, value FROM (
        SELECT 'old' AS side, 'sleep_hours' AS col, OLD.sleep_hours AS value
        UNION ALL SELECT 'new', 'sleep_hours', NEW.sleep_hours
    ) WHERE value IS NOT NULL;
END""",
        "DROP TRIGGER checkin_ad",
        """CREATE TRIGGER checkin_ad AFTER DELETE ON checkin BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'checkin',
        'delete', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'fatigue', OLD.fatigue, 'sleep_hours', OLD.sleep_hours,
        'sleep_quality', OLD.sleep_quality, 'fog', OLD.fog, 'mood', OLD.mood,
        'emotions', OLD.emotions, 'water', OLD.water, 'activity', OLD.activity,
        'mindful', OLD.mindful, 'note', OLD.note, 'for_provider', OLD.for_provider,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL);
    INSERT INTO change_real (change_id, side, col, value)
    SELECT (SELECT max(id) FROM change), side, col, value FROM (
        SELECT 'old' AS side, 'sleep_hours' AS col, OLD.sleep_hours AS value
    ) WHERE value IS NOT NULL;
END""",
    ]


Migration = Callable[[], list[str]]
# Append-only: version N is reached by running MIGRATIONS[N - 1].
MIGRATIONS: tuple[Migration, ...] = (_v1, _v2, _v3)
LATEST = len(MIGRATIONS)


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # In WAL mode NORMAL never corrupts the journal; at worst a power cut loses the
    # last commit, and it saves an fsync per command.
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> None:
    """Bring the journal to `target`, one transaction per step."""
    while True:
        with transaction(conn):
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version >= target:
                return
            for statement in MIGRATIONS[version]():
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(100)
    except PermissionError:
        raise KetalogError(f"cannot read {path}: permission denied") from None
    except OSError as e:
        raise KetalogError(f"cannot read {path}: {e.strerror}") from None


def _refuse(path: Path, why: str) -> KetalogError:
    return KetalogError(f"{path} {why}; ketalog left it untouched (use --db to pick another file)")


def _initialise(conn: sqlite3.Connection) -> None:
    # The mark goes into the main file before WAL is switched on, so a file that
    # carries ketalog's application_id is always recognisable from its header.
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode = WAL")


def _create(path: Path) -> None:
    """Create a new journal atomically: built beside `path`, then linked into place."""
    make_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        conn = connect(tmp)
        try:
            _initialise(conn)
            migrate(conn)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        with contextlib.suppress(FileExistsError):  # another ketalog made it first: use it
            os.link(tmp, path)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)


def open_db(
    path: Path, *, create: bool, notice: Callable[[str], None] | None = None
) -> sqlite3.Connection:
    """Open the journal at `path`, creating it if `create`; migrate it to LATEST.

    A file that is not a ketalog journal, or one from a newer ketalog, is refused
    before anything is written to it. A journal (or its -wal, -shm) that others can
    read is made private first, and `notice` is told so in one line.
    """
    if path.is_dir():
        raise _refuse(path, "is a folder, not a journal file")
    if not path.exists():
        if not create:
            raise NoJournal(
                f"No journal yet at {path}. Start with `ketalog log` or `ketalog session add`."
            )
        try:
            _create(path)
        except PermissionError:
            raise KetalogError(f"cannot create a journal at {path}: permission denied") from None
        except OSError as e:
            raise KetalogError(f"cannot create a journal at {path}: {e.strerror}") from None
    header = _read_header(path)
    tightened = make_private(path)
    if tightened and notice is not None:
        notice(tightened)
    if header == b"":
        if not create:
            raise NoJournal(f"The journal at {path} is empty. Start with `ketalog log`.")
        conn = connect(path)
        _initialise(conn)
    else:
        if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
            raise _refuse(path, "is not a ketalog journal (not an SQLite database)")
        app_id = int.from_bytes(header[68:72], "big")
        if app_id != APPLICATION_ID:
            raise _refuse(path, "is an SQLite database of another program, not a ketalog journal")
        conn = connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST:
            raise _refuse(
                path,
                f"was written by a newer ketalog (journal schema {version}; this version "
                f"knows up to {LATEST}). Upgrade ketalog to open it",
            )
        if version < LATEST:
            migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])
