"""The SQLite store: recognising, creating, opening and migrating a journal."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ketalog.errors import KetalogError, NoJournal
from ketalog.paths import make_private_dir

# "KETL": marks a SQLite file as a ketalog journal (PRAGMA application_id).
APPLICATION_ID = 0x4B45544C
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000

# --- migrations ------------------------------------------------------------------------
# Each step is literal SQL, frozen the day it shipped: never build one from today's
# fields or helpers, or new journals would silently differ from upgraded old ones.
# A later change to a table is a new step appended at the end.


def _v1() -> list[str]:
    """Sessions, check-ins and the change log that undo reads, with its triggers."""
    return [
        """CREATE TABLE session (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    time TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'),
    drug TEXT NOT NULL CHECK (drug IN ('ketamine', 'esketamine', 'other')),
    route TEXT NOT NULL CHECK (route IN ('iv', 'im', 'intranasal', 'oral', 'sublingual', 'other')),
    dose_mg REAL CHECK (dose_mg IS NULL OR (typeof(dose_mg) IN ('integer', 'real')
        AND dose_mg > 0 AND dose_mg <= 1000)),
    dose_mg_per_kg REAL CHECK (dose_mg_per_kg IS NULL OR (typeof(dose_mg_per_kg) IN ('integer',
        'real') AND dose_mg_per_kg > 0 AND dose_mg_per_kg <= 10)),
    duration_min INTEGER CHECK (duration_min IS NULL OR (typeof(duration_min) = 'integer'
        AND duration_min >= 1 AND duration_min <= 1440)),
    dissociation INTEGER CHECK (dissociation IS NULL OR (typeof(dissociation) = 'integer'
        AND dissociation >= 0 AND dissociation <= 10)),
    clinic TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)""",
        "CREATE INDEX session_day ON session (day)",
        """CREATE TABLE checkin (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL UNIQUE CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    fatigue INTEGER CHECK (fatigue IS NULL OR (typeof(fatigue) = 'integer'
        AND fatigue >= 0 AND fatigue <= 10)),
    sleep_hours REAL CHECK (sleep_hours IS NULL OR (typeof(sleep_hours) IN ('integer', 'real') AND
        sleep_hours >= 0 AND sleep_hours <= 24)),
    sleep_quality INTEGER CHECK (sleep_quality IS NULL OR (typeof(sleep_quality) = 'integer' AND
        sleep_quality >= 0 AND sleep_quality <= 10)),
    fog INTEGER CHECK (fog IS NULL OR (typeof(fog) = 'integer' AND fog >= 0 AND fog <= 10)),
    mood INTEGER CHECK (mood IS NULL OR (typeof(mood) = 'integer' AND mood >= 0 AND mood <= 10)),
    emotions INTEGER CHECK (emotions IS NULL OR (typeof(emotions) = 'integer'
        AND emotions >= 0 AND emotions <= 10)),
    water INTEGER CHECK (water IS NULL OR (typeof(water) = 'integer' AND water >= 0
        AND water <= 50)),
    activity INTEGER CHECK (activity IS NULL OR (typeof(activity) = 'integer'
        AND activity >= 0 AND activity <= 1440)),
    mindful INTEGER CHECK (mindful IS NULL OR (typeof(mindful) = 'integer'
        AND mindful >= 0 AND mindful <= 1440)),
    note TEXT,
    for_provider INTEGER NOT NULL DEFAULT 0 CHECK (for_provider IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
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
        """CREATE TRIGGER session_ai AFTER INSERT ON session BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'session',
        'insert', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day,
        'time', NEW.time, 'drug', NEW.drug, 'route', NEW.route, 'dose_mg', NEW.dose_mg,
        'dose_mg_per_kg', NEW.dose_mg_per_kg, 'duration_min', NEW.duration_min,
        'dissociation', NEW.dissociation, 'clinic', NEW.clinic, 'note', NEW.note,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER session_au AFTER UPDATE ON session BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'session',
        'update', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'time', OLD.time, 'drug', OLD.drug, 'route', OLD.route, 'dose_mg', OLD.dose_mg,
        'dose_mg_per_kg', OLD.dose_mg_per_kg, 'duration_min', OLD.duration_min,
        'dissociation', OLD.dissociation, 'clinic', OLD.clinic, 'note', OLD.note,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id,
        'uid', NEW.uid, 'day', NEW.day, 'time', NEW.time, 'drug', NEW.drug, 'route', NEW.route,
        'dose_mg', NEW.dose_mg, 'dose_mg_per_kg', NEW.dose_mg_per_kg,
        'duration_min', NEW.duration_min, 'dissociation', NEW.dissociation,
        'clinic', NEW.clinic, 'note', NEW.note, 'created_at', NEW.created_at,
        'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER session_ad AFTER DELETE ON session BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'session',
        'delete', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'time', OLD.time, 'drug', OLD.drug, 'route', OLD.route, 'dose_mg', OLD.dose_mg,
        'dose_mg_per_kg', OLD.dose_mg_per_kg, 'duration_min', OLD.duration_min,
        'dissociation', OLD.dissociation, 'clinic', OLD.clinic, 'note', OLD.note,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL);
END""",
        """CREATE TRIGGER checkin_ai AFTER INSERT ON checkin BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'checkin',
        'insert', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day,
        'fatigue', NEW.fatigue, 'sleep_hours', NEW.sleep_hours,
        'sleep_quality', NEW.sleep_quality, 'fog', NEW.fog, 'mood', NEW.mood,
        'emotions', NEW.emotions, 'water', NEW.water, 'activity', NEW.activity,
        'mindful', NEW.mindful, 'note', NEW.note, 'for_provider', NEW.for_provider,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER checkin_au AFTER UPDATE ON checkin BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'checkin',
        'update', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'fatigue', OLD.fatigue, 'sleep_hours', OLD.sleep_hours,
        'sleep_quality', OLD.sleep_quality, 'fog', OLD.fog, 'mood', OLD.mood,
        'emotions', OLD.emotions, 'water', OLD.water, 'activity', OLD.activity,
        'mindful', OLD.mindful, 'note', OLD.note, 'for_provider', OLD.for_provider,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id,
        'uid', NEW.uid, 'day', NEW.day, 'fatigue', NEW.fatigue, 'sleep_hours', NEW.sleep_hours,
        'sleep_quality', NEW.sleep_quality, 'fog', NEW.fog, 'mood', NEW.mood,
        'emotions', NEW.emotions, 'water', NEW.water, 'activity', NEW.activity,
        'mindful', NEW.mindful, 'note', NEW.note, 'for_provider', NEW.for_provider,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER checkin_ad AFTER DELETE ON checkin BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'checkin',
        'delete', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'fatigue', OLD.fatigue, 'sleep_hours', OLD.sleep_hours,
        'sleep_quality', OLD.sleep_quality, 'fog', OLD.fog, 'mood', OLD.mood,
        'emotions', OLD.emotions, 'water', OLD.water, 'activity', OLD.activity,
        'mindful', OLD.mindful, 'note', OLD.note, 'for_provider', OLD.for_provider,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL);
END""",
    ]


def _v2() -> list[str]:
    """Questionnaires (PHQ-9, GAD-7), logged for undo like everything else."""
    return [
        """CREATE TABLE assessment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    instrument TEXT NOT NULL CHECK (instrument IN ('phq9', 'gad7')),
    answers TEXT NOT NULL CHECK (json_valid(answers) AND json_array_length(answers) =
        CASE instrument WHEN 'phq9' THEN 9 ELSE 7 END),
    total INTEGER NOT NULL CHECK (typeof(total) = 'integer' AND total >= 0 AND total <=
        CASE instrument WHEN 'phq9' THEN 27 ELSE 21 END),
    band TEXT NOT NULL,
    item9 INTEGER CHECK (item9 IS NULL OR (instrument = 'phq9' AND item9 BETWEEN 0 AND 3)),
    difficulty INTEGER CHECK (difficulty IS NULL OR difficulty BETWEEN 0 AND 3),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)""",
        "CREATE INDEX assessment_day ON assessment (day)",
        """CREATE TRIGGER assessment_ai AFTER INSERT ON assessment BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'assessment',
        'insert', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day,
        'instrument', NEW.instrument, 'answers', NEW.answers, 'total', NEW.total,
        'band', NEW.band, 'item9', NEW.item9, 'difficulty', NEW.difficulty,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER assessment_au AFTER UPDATE ON assessment BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'assessment',
        'update', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'instrument', OLD.instrument, 'answers', OLD.answers, 'total', OLD.total,
        'band', OLD.band, 'item9', OLD.item9, 'difficulty', OLD.difficulty,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id,
        'uid', NEW.uid, 'day', NEW.day, 'instrument', NEW.instrument, 'answers', NEW.answers,
        'total', NEW.total, 'band', NEW.band, 'item9', NEW.item9, 'difficulty', NEW.difficulty,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER assessment_ad AFTER DELETE ON assessment BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'assessment',
        'delete', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'instrument', OLD.instrument, 'answers', OLD.answers, 'total', OLD.total,
        'band', OLD.band, 'item9', OLD.item9, 'difficulty', OLD.difficulty,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL);
END""",
    ]


Migration = Callable[[], list[str]]
# Append-only: version N is reached by running MIGRATIONS[N - 1].
MIGRATIONS: tuple[Migration, ...] = (_v1, _v2)
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


def read_header(path: Path) -> bytes:
    """The file's first 100 bytes (an SQLite header), and nothing more."""
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


def _wal(conn: sqlite3.Connection) -> None:
    """Turn WAL on (a no-op when it is on), so that a journal whose mode was changed by
    another tool gets it back on its next open. A read-only file stays as it is: its
    writes fail anyway, with their own message."""
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError as e:
        if "readonly" not in str(e):
            raise


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


def open_db(path: Path, *, create: bool, upgrade: bool = True) -> sqlite3.Connection:
    """Open the journal at `path`, creating it if `create`; migrate it to LATEST
    unless `upgrade` is false (check and restore look at it, or rebuild it, as it is).

    A file that is not a ketalog journal, or one from a newer ketalog, is refused
    before anything is written to it.
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
    header = read_header(path)
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
        _wal(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST:
            raise _refuse(
                path,
                f"was written by a newer ketalog (journal schema {version}; this version "
                f"knows up to {LATEST}). Upgrade ketalog to open it",
            )
        if version < LATEST and upgrade:
            migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


SchemaObject = tuple[str, str, str]  # (type, table, SQL with its whitespace collapsed)


def schema(conn: sqlite3.Connection) -> dict[str, SchemaObject]:
    """Every table, index, trigger and view of the journal, by name."""
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    )
    return {name: (kind, table, " ".join((sql or "").split())) for kind, name, table, sql in rows}


def expected_schema(version: int = LATEST) -> dict[str, SchemaObject]:
    """The schema this version of ketalog creates (or created at `version`), in memory."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for step in MIGRATIONS[:version]:
            for statement in step():
                conn.execute(statement)
        return schema(conn)
    finally:
        conn.close()


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])
