"""The SQLite store: recognising, creating, opening and migrating a journal."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ketalog.errors import KetalogError, NoJournal
from ketalog.files import APPLICATION_ID as APPLICATION_ID  # re-exported
from ketalog.files import SQLITE_MAGIC as SQLITE_MAGIC
from ketalog.files import make_private, not_a_file
from ketalog.migrations import LATEST as LATEST  # the schema version, re-exported
from ketalog.migrations import MIGRATIONS as MIGRATIONS
from ketalog.paths import make_private_dir, missing_dirs, remove_empty_dirs

BUSY_TIMEOUT_MS = 10_000


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
    """The file's first 100 bytes (an SQLite header), and nothing more. Anything but a
    regular file (a device, a fifo, a folder) is refused, without waiting on it.

    Never while this process has a connection open to `path`: closing the file drops
    every POSIX lock the process holds on it, SQLite's included.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:
        raise KetalogError(f"cannot read {path}: permission denied") from None
    except IsADirectoryError:
        raise _refuse(path, "is not a journal file: a folder") from None
    except OSError as e:
        raise KetalogError(f"cannot read {path}: {e.strerror}") from None
    try:
        kind = not_a_file(os.fstat(fd).st_mode)
        if kind is not None:
            raise _refuse(path, f"is not a journal file: {kind}")
        return os.read(fd, 100)
    except OSError as e:
        raise KetalogError(f"cannot read {path}: {e.strerror}") from None
    finally:
        os.close(fd)


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
    with contextlib.suppress(FileExistsError), building(path):  # another ketalog made it first
        pass


@contextmanager
def building(path: Path) -> Iterator[sqlite3.Connection]:
    """A new journal, built beside `path` in the block and linked into place only once
    the block has succeeded: until then (a failure, a full disk, a kill) there is no
    journal at `path`. Raises FileExistsError if another ketalog made one meanwhile."""
    made = missing_dirs(path.parent)
    make_private_dir(path.parent)
    clear_leftovers(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    linked = False
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        conn = connect(tmp)
        try:
            _initialise(conn)
            migrate(conn)
            yield conn
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        os.link(tmp, path)
        linked = True
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
        if not linked:
            remove_empty_dirs(made)  # a failed build leaves no folder it made behind


def clear_leftovers(path: Path) -> None:
    """Remove what a ketalog killed while it built a journal for `path` left beside it
    (`.NAME.PID.new` or `.NAME.PID.restored`, with their -wal and -shm), or while it
    opened an encrypted backup there (`.NAME.PID.decrypted`, see restoring): only when
    that ketalog is gone, so a build or restore in progress is never touched."""
    import re

    pattern = re.compile(
        rf"\.{re.escape(path.name)}\.(\d+)\.(?:new|restored|decrypted)(?:-wal|-shm)?"
    )
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        found = pattern.fullmatch(name)
        if found and not _running(int(found.group(1))):
            with contextlib.suppress(OSError):
                (path.parent / name).unlink()


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process, or not a process id: left alone
    return True


def open_db(
    path: Path,
    *,
    create: bool,
    notice: Callable[[str], None] | None = None,
    upgrade: bool = True,
) -> sqlite3.Connection:
    """Open the journal at `path`, creating it if `create`; migrate it to LATEST
    unless `upgrade` is false (check and restore look at it, or rebuild it, as it is).

    A file that is not a ketalog journal (a device, a fifo, a folder, another program's
    file), or one from a newer ketalog, is refused before anything is written to it or
    its mode changed. A journal (or its -wal, -shm) that others can read is made
    private, once it is known to be one, and `notice` is told so in one line.
    """
    try:
        kind = not_a_file(os.stat(path).st_mode)
    except FileNotFoundError:
        kind = None
    except OSError as e:
        raise KetalogError(f"cannot read {path}: {e.strerror}") from None
    if kind is not None:  # refused before it is opened: opening a device can act on it
        raise _refuse(path, f"is not a journal file: {kind}")
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
    elif not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise _refuse(path, "is not a ketalog journal (not an SQLite database)")
    elif int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise _refuse(path, "is an SQLite database of another program, not a ketalog journal")
    # Only now is it known to be a journal (or an empty file made one): its mode is ours.
    tightened = make_private(path)
    if tightened and notice is not None:
        notice(tightened)
    conn = connect(path)
    if header == b"":
        _initialise(conn)
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


def identity(conn: sqlite3.Connection) -> tuple[str, str | None]:
    """The journal's random id (made with it), which its sync files carry, and its name
    in a sync folder (None until its first sync)."""
    row = conn.execute("SELECT id, device FROM journal_identity").fetchone()
    return str(row[0]), row[1]


def keep_device(conn: sqlite3.Connection, name: str) -> None:
    """The journal's name in a sync folder, kept for its later syncs."""
    conn.execute("UPDATE journal_identity SET device = ?", (name,))
