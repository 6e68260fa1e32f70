"""Restore: a backup read and checked, then put in place of the journal.

Restore never adopts a file's schema. It reads the backup's rows, checks each one as
an import does, proves they fit a journal built by ketalog's own migrations, and then,
holding the journal's write lock from the copy of the old journal until the new
content is committed, rebuilds the journal in one transaction. Every write another
ketalog makes meanwhile lands either before the copy (and is kept in it) or after the
rebuild (and is in the new journal).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from ketalog import db
from ketalog.backups import (
    backup,
    damaged,
    new_copy_name,
    without_wal,
    write_error,
)
from ketalog.errors import InputError, KetalogError
from ketalog.paths import make_private_dir, missing_dirs, remove_empty_dirs
from ketalog.wording import plural

# The journal's own rows, copied by restore in this order.
COPIED = ("session", "checkin", "assessment", "question", "deletion")
# The change log that undo reads. A backup's is never copied: a restored journal starts
# its undo history afresh, and nothing in a file is ever replayed.
CHANGE_LOG = ("change_real", "change", "command")
# Made anew with the rebuilt journal, never copied: a restored journal has an identity
# (and a name in a sync folder) of its own, so its first sync merges the file the
# journal before it wrote rather than taking that file for its own.
MADE_ANEW = ("journal_identity",)
KEYS = {
    "session": "sessions",
    "checkin": "checkins",
    "assessment": "assessments",
    "question": "questions",
    "deletion": "deletion records",
}
# The schema version that made each copied table: an older backup may lack it.
MADE_IN = {"session": 1, "checkin": 1, "assessment": 2, "deletion": 4, "question": 5}
KEPT_LABEL = "journal-before-restore"


class Backup(NamedTuple):
    """A backup's rows, each checked, in the order they go back in."""

    path: Path
    version: int
    rows: dict[str, list[dict[str, Any]]]

    def described(self) -> str:
        """'3 check-ins, 1 session and 1 deletion record': what the backup holds."""
        counts = ((len(self.rows[t]), noun) for t, noun in _NOUN.items())
        parts = [plural(n, noun) for n, noun in counts if n]
        if not parts:
            return "no entries"
        return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


_NOUN = {
    "checkin": "check-in",
    "session": "session",
    "assessment": "questionnaire",
    "question": "question",
    "deletion": "deletion record",
}


def sqlite_uri(path: Path, mode: str = "ro") -> str:
    """A file: URI for `path`, with `#`, `?`, `%`, spaces and non-ASCII quoted."""
    return f"{path.absolute().as_uri()}?mode={mode}"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _refused(path: Path, why: str) -> KetalogError:
    return KetalogError(f"{path} {why}; nothing was restored")


def _open_read_only(path: Path) -> sqlite3.Connection:
    """The SQLite file `path`, opened read-only; its views and triggers run nothing here.
    (A database opened in memory cannot be read this way: SQLite then refuses the json
    checks of ketalog's own schema. An age file decrypted with the user's passphrase was
    made by someone who has it.)"""
    src = sqlite3.connect(sqlite_uri(path), uri=True, isolation_level=None)
    try:
        src.execute("PRAGMA trusted_schema = OFF")
    except BaseException:
        src.close()
        raise
    return src


def _check_header(path: Path, header: bytes) -> None:
    if len(header) < 100 or not header.startswith(db.SQLITE_MAGIC):
        raise _refused(path, "is not a ketalog journal (not an SQLite database)")
    if int.from_bytes(header[68:72], "big") != db.APPLICATION_ID:
        raise _refused(path, "is not a ketalog journal")


def _open_sealed(
    path: Path, passphrase: Callable[[str], str] | None, journal: Path
) -> sqlite3.Connection:
    """An encrypted backup, decrypted in memory and opened: in memory where this Python's
    sqlite3 can (3.11 and newer), else from a file beside `journal` that has a name only
    while it is opened (see _open_briefly)."""
    from ketalog import crypto

    if passphrase is None:
        raise _refused(path, "is encrypted")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KetalogError(f"cannot read {path}: {e.strerror}") from None
    plain = crypto.decrypt(data, passphrase(str(path)), str(path))
    _check_header(path, plain[:100])
    image = without_wal(bytearray(plain))
    if not in_memory():
        return _open_briefly(path, image, journal)
    src = sqlite3.connect(":memory:", isolation_level=None)
    try:
        src.deserialize(image)  # type: ignore[attr-defined]
    except sqlite3.Error as e:
        src.close()
        raise _refused(path, f"cannot be opened ({e})") from None
    return src


def in_memory() -> bool:
    """Whether this Python's sqlite3 can open a database held in memory (deserialize,
    new in Python 3.11)."""
    return hasattr(sqlite3.Connection, "deserialize")


def _open_briefly(path: Path, image: bytes, journal: Path) -> sqlite3.Connection:
    """The decrypted backup `image`, opened read-only from a file beside `journal`
    (`.NAME.PID.decrypted`) whose name is removed as soon as SQLite has the file open.

    Python 3.10's sqlite3 cannot open a database held in memory, so there, and only
    there, the decrypted backup touches the disk: as a 0600 file in the journal's own
    data folder (0700). That is acceptable because the journal itself lies unencrypted
    in that same folder, readable by the same account: the file is no more exposed than
    the journal it is about to replace (encryption protects the copies a user carries or
    uploads, never the journal on this computer; the README says so). And it is brief:
    the name is removed before anything is read from the file (SQLite reads the open
    file, which the system frees when the connection is closed); Ctrl-C, SIGTERM and
    SIGHUP wait until the name is gone; a name left by a ketalog killed in between is
    removed by the next restore (db.clear_leftovers).
    """
    folder = journal.parent
    made = missing_dirs(folder)
    try:
        make_private_dir(folder)
        db.clear_leftovers(journal)
        brief = journal.with_name(f".{journal.name}.{os.getpid()}.decrypted")
        brief.unlink(missing_ok=True)  # this process's own, from a killed one of the same id
        with _signals_held():
            fd = os.open(brief, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(image)
                return _open_read_only(brief)
            finally:
                brief.unlink(missing_ok=True)
    except OSError as e:
        raise _refused(path, f"could not be opened ({folder}: {e.strerror or e})") from None
    except sqlite3.Error as e:
        raise _refused(path, f"cannot be opened ({e})") from None
    finally:
        remove_empty_dirs(made)  # none is left behind that this restore made


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP held off (delivered on leaving) where the system can."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def read_backup(
    path: Path, passphrase: Callable[[str], str] | None = None, *, journal: Path
) -> Backup:
    """Check that `path` is a sound ketalog journal this version can read, and read its
    rows, each checked like an imported one (only its header is read as bytes). An
    encrypted (age) backup is decrypted in memory with `passphrase(file name)`, and
    opened in memory, or on Python 3.10 from a brief file in the folder of `journal`
    (the journal it would replace; see _open_briefly)."""
    if not path.exists():
        raise KetalogError(f"{path} does not exist")
    if not path.is_file():
        raise KetalogError(f"{path} is not a file")
    header = db.read_header(path)
    from ketalog.crypto import is_age

    if is_age(header):
        src = _open_sealed(path, passphrase, journal)
    else:
        _check_header(path, header)
        try:
            src = _open_read_only(path)
        except sqlite3.Error as e:
            raise _refused(path, f"cannot be opened ({e})") from None
    try:
        src.execute("PRAGMA query_only = ON")
        result = src.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise _refused(path, f"is damaged (integrity check: {result})")
        version = int(src.execute("PRAGMA user_version").fetchone()[0])
        if version > db.LATEST:
            raise _refused(path, f"was written by a newer ketalog (schema {version})")
        if version < 1:
            raise _refused(path, f"has no ketalog schema (version {version})")
        rows = {table: _read_rows(src, path, table, version) for table in COPIED}
    except sqlite3.DatabaseError as e:
        raise _refused(path, f"is damaged or unreadable ({e})") from None
    finally:
        src.close()
    proof = sqlite3.connect(":memory:", isolation_level=None)
    try:
        _fill(proof, rows, path)  # refuses, naming the row, what the journal would refuse
    finally:
        proof.close()
    return Backup(path, version, rows)


def _read_rows(
    src: sqlite3.Connection, path: Path, table: str, version: int
) -> list[dict[str, Any]]:
    kind = src.execute("SELECT type FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    if kind is None or kind[0] != "table":
        if version < MADE_IN[table]:
            return []
        raise _refused(path, f"has no {table} table, so it is not a sound ketalog journal")
    cur = src.execute(f"SELECT * FROM {_quote(table)}")
    names = [d[0] for d in cur.description]
    rows = [_checked(path, table, dict(zip(names, values, strict=True))) for values in cur]
    return sorted(rows, key=lambda r: int(r["id"]))


def _checked(path: Path, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """One row of a backup, checked by the rules an imported row follows."""
    from ketalog import rowchecks

    rid = row.get("id")
    if isinstance(rid, bool) or not isinstance(rid, int) or rid < 1:
        raise _refused(path, f"has a {table} row whose id {rid!r} is not a positive number")
    if table == "assessment" and isinstance(row.get("answers"), str):
        try:
            row["answers"] = json.loads(row["answers"])
        except (ValueError, RecursionError):  # RecursionError: nested past Python's limit
            raise KetalogError(
                f"{path}: {table} row {rid}: answers are not a list; nothing was restored"
            ) from None
    if table == "deletion":
        return {"id": rid, **_checked_deletion(path, row, rid)}
    try:
        return {"id": rid, **rowchecks.check_row(table, row, f"{table} row {rid}")}
    except rowchecks.BadRow as e:
        raise KetalogError(f"{path}: {e.where}: {e.why}; nothing was restored") from None


def _checked_deletion(path: Path, row: dict[str, Any], rid: int) -> dict[str, Any]:
    from ketalog import deletions, rowchecks

    uid, table, gone, at = (row.get(k) for k in ("uid", "tbl", "row_uid", "deleted_at"))
    if not isinstance(uid, str) or not rowchecks.valid_uid(uid):
        why = f"uid {uid!r} is missing or not valid"
    elif table not in deletions.TABLES:
        why = f"tbl {table!r} is not one of {', '.join(deletions.TABLES)}"
    elif not isinstance(gone, str) or not rowchecks.valid_uid(gone):
        why = f"row_uid {gone!r} is missing or not valid"
    elif not isinstance(at, str) or not deletions.is_stamp(at):
        why = f"deleted_at {at!r} is not an ISO timestamp"
    else:
        return {"uid": uid, "tbl": table, "row_uid": gone, "deleted_at": at}
    raise KetalogError(f"{path}: deletion row {rid}: {why}; nothing was restored")


def _fill(conn: sqlite3.Connection, rows: dict[str, list[dict[str, Any]]], source: Path) -> None:
    """Build ketalog's own schema on an empty `conn` and put the rows in; the change log
    the triggers write meanwhile is cleared (foreign keys must be off)."""
    for step in db.MIGRATIONS:
        for statement in step():
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {db.LATEST}")
    conn.execute("INSERT INTO command (name, at) VALUES ('restore', '')")
    for table in COPIED:
        for row in rows[table]:
            cols = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            try:
                conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(row.values()))
            except sqlite3.IntegrityError as e:
                raise KetalogError(
                    f"{source}: {table} row {row['id']} breaks the journal's rules ({e}); "
                    "nothing was restored"
                ) from None
    for table in CHANGE_LOG:
        conn.execute(f"DELETE FROM {table}")
    conn.execute(
        f"DELETE FROM sqlite_sequence WHERE name IN ({', '.join('?' for _ in CHANGE_LOG)})",
        CHANGE_LOG,
    )


# --- restore -----------------------------------------------------------------------------


def _drop_everything(conn: sqlite3.Connection) -> None:
    order = {"view": 0, "trigger": 1, "table": 2}
    found = conn.execute(
        "SELECT type, name FROM sqlite_master "
        "WHERE type IN ('view', 'trigger', 'table') AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for kind, name in sorted(found, key=lambda o: order[o[0]]):
        conn.execute(f"DROP {kind.upper()} IF EXISTS {_quote(name)}")
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
        conn.execute("DELETE FROM sqlite_sequence")


class Restored(NamedTuple):
    what: str  # the backup's rows: "checkin: 12, session: 3, ..."
    kept: Path | None  # the journal it replaced, kept as a copy


def restore_from(
    path: Path,
    file: Path,
    passphrase: Callable[[str], str],
    confirm: Callable[[str], None],
    now: datetime,
    notice: Callable[[str], None] | None = None,
) -> Restored:
    """Replace the journal at `path` with the backup `file`: the backup is read and
    checked first, then `confirm` is asked (it raises to refuse) when there is a
    journal to replace."""
    if file.resolve() == path.resolve():
        raise InputError(f"{file} is the journal itself; name a backup file")
    source = read_backup(file, passphrase, journal=path)
    what = source.described()
    if path.exists():
        confirm(f"Replace the journal at {path} with {file} ({what})?")
    return Restored(what, restore_journal(path, source, now, notice))


def restore_journal(
    path: Path, source: Backup, now: datetime, notice: Callable[[str], None] | None = None
) -> Path | None:
    """Replace the journal at `path` (made if missing) with the backup's rows; the
    journal it replaced is kept in the backups folder, and its path returned.

    A journal too damaged to rebuild in place (the very case restore is for) is kept
    in the backups folder as it is, with its write-ahead log, and the backup's journal,
    built whole beside it first, takes its place in one step: no ketalog can write to
    it meanwhile anyway. At every moment there is a journal at `path`; if the last step
    fails, the damaged journal is left there as it was.
    """
    had_journal = path.exists()
    try:
        conn = db.open_db(path, create=True, notice=notice, upgrade=False)
        try:
            return restore(conn, path, source, now, keep=had_journal)
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        if not damaged(e):
            raise
    db.clear_leftovers(path)  # a restore killed before this one left its build beside it
    fresh = path.with_name(f".{path.name}.{os.getpid()}.restored")
    try:
        conn = db.open_db(fresh, create=True, upgrade=False)
        try:
            restore(conn, fresh, source, now, keep=False)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as e:  # a full disk, say: the damaged journal is untouched
            raise write_error(path, e) from None
        finally:
            conn.close()
        kept = _set_aside(path, now)
        try:
            os.replace(fresh, path)
        except OSError as e:
            _put_back(kept, path)
            raise KetalogError(
                f"cannot replace {path} ({e.strerror}); nothing was restored, "
                "the journal is as it was"
            ) from None
    finally:
        for leftover in (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
            leftover.unlink(missing_ok=True)
    return kept


def _set_aside(path: Path, now: datetime) -> Path:
    """Keep the journal, with its write-ahead log, in the backups folder, while it stays
    at `path` until the restored journal replaces it. The log moves first: a log never
    lies beside a journal it does not belong to."""
    from ketalog.paths import backup_dir

    kept = new_copy_name(backup_dir(path), now, KEPT_LABEL)
    try:
        Path(f"{path}-shm").unlink(missing_ok=True)
        wal = Path(f"{path}-wal")
        if wal.exists():
            os.replace(wal, Path(f"{kept}-wal"))
        kept.unlink()  # the name claimed empty becomes a second name of the journal
        os.link(path, kept)
    except OSError as e:
        _put_back(kept, path)
        raise write_error(kept, e) from None
    return kept


def _put_back(kept: Path, path: Path) -> None:
    """Undo `_set_aside`: the journal's write-ahead log goes back beside it (the journal
    itself never left `path`), and the copy goes."""
    wal = Path(f"{kept}-wal")
    if wal.exists():
        try:
            os.replace(wal, Path(f"{path}-wal"))
        except OSError as e:
            raise KetalogError(
                f"cannot move {wal} back to {path}-wal ({e.strerror}); nothing was restored: "
                f"move it back by hand before using the journal"
            ) from None
    kept.unlink(missing_ok=True)


def restore(
    conn: sqlite3.Connection, path: Path, source: Backup, now: datetime, *, keep: bool
) -> Path | None:
    """Replace the journal at `path` (open as `conn`) with the backup's rows.

    The journal's write lock is taken first (waiting at most the usual busy timeout)
    and held until the rebuilt journal is committed; when `keep`, the journal as it
    was is copied to the backups folder under that lock, and its path returned. On
    any failure the journal is unchanged and no copy is left.
    """
    from ketalog import changelog
    from ketalog.paths import backup_dir

    conn.execute("PRAGMA foreign_keys = OFF")  # the change log is cleared by hand
    kept: Path | None = None
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if keep:
                kept = new_copy_name(backup_dir(path), now, KEPT_LABEL)
                reader = db.connect(path)
                try:
                    backup(reader, kept, claimed=True)
                finally:
                    reader.close()
            _drop_everything(conn)
            _fill(conn, source.rows, source.path)
            if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise KetalogError(
                    "the rebuilt journal has broken references; nothing was restored"
                )
            changelog.mark_restore(conn, source.path, kept)  # undo stops here
            conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if kept is not None:
                kept.unlink(missing_ok=True)
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return kept
