"""Backups: a consistent copy of the journal, even while another ketalog writes to it,
written whole or not at all, encrypted when asked."""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from ketalog.errors import KetalogError


def backup_path(folder: Path, now: datetime, label: str = "journal", suffix: str = ".db") -> Path:
    return folder / f"{label}-{now.strftime('%Y%m%d-%H%M%S')}{suffix}"


def _no_space(e: BaseException) -> bool:
    if isinstance(e, OSError):
        return e.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(e, sqlite3.Error) and "full" in str(e)


def write_error(dest: Path, e: BaseException) -> KetalogError:
    folder = dest.parent
    if _no_space(e):
        return KetalogError(f"not enough space in {folder} for the copy; nothing was written")
    if isinstance(e, PermissionError) or "readonly" in str(e) or "read-only" in str(e):
        return KetalogError(f"cannot write to {folder} (check its permissions)")
    if isinstance(e, OSError):
        return KetalogError(f"cannot write {dest}: {e.strerror or e}")
    return KetalogError(f"cannot write {dest}: {e}")


def _claim(path: Path) -> bool:
    """Create `path` empty (0600) if no file has that name yet; say whether we did."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    except OSError as e:
        raise write_error(path, e) from None
    os.close(fd)
    return True


def new_copy_name(folder: Path, now: datetime, label: str = "journal", suffix: str = ".db") -> Path:
    """A name no file has in `folder` (made 0700 if new), claimed at once: LABEL-DATE-TIME.db
    (or SUFFIX), or with -2, -3 ... when copies are made within the same second."""
    from ketalog.paths import make_private_dir

    try:
        make_private_dir(folder)
    except OSError as e:
        raise write_error(folder / label, e) from None
    base = backup_path(folder, now, label)
    for n in range(1, 1000):
        path = base.with_name(f"{base.stem}{'' if n == 1 else f'-{n}'}{suffix}")
        if _claim(path):
            return path
    raise KetalogError(f"{folder} holds too many copies made at {now:%H:%M:%S}; try again")


def can_seal() -> bool:
    """Whether this Python can hold a whole journal file in memory (sqlite3's serialize
    and deserialize, new in 3.11): an encrypted backup is never written out plain."""
    return hasattr(sqlite3.Connection, "serialize")


def sealing_needs_311(path: Path | None = None) -> KetalogError:
    """Why an encrypted backup cannot be made (or, for `path`, restored) here."""
    import sys

    python = f"Python 3.11 or newer (this is Python {sys.version_info[0]}.{sys.version_info[1]})"
    if path is not None:
        return KetalogError(
            f"{path} is an encrypted backup, and restoring one needs {python}; nothing was restored"
        )
    return KetalogError(
        f"an encrypted backup needs {python}; `ketalog export --encrypt -o FILE` makes an "
        "encrypted copy that `ketalog import` reads back"
    )


def snapshot(conn: sqlite3.Connection) -> bytes:
    """The journal as the bytes of one self-contained SQLite file, made in memory."""
    if not can_seal():
        raise sealing_needs_311()
    memory = sqlite3.connect(":memory:")
    try:
        conn.backup(memory)
        data = bytearray(memory.serialize())  # type: ignore[attr-defined]
    finally:
        memory.close()
    return without_wal(data)


def without_wal(data: bytearray) -> bytes:
    """The header marked as a rollback-journal file, not WAL (bytes 18 and 19), as a
    copy made on disk would be: a database image with no -wal file beside it."""
    if len(data) >= 100:
        data[18:20] = b"\x01\x01"
    return bytes(data)


def backup(
    conn: sqlite3.Connection, dest: Path, *, claimed: bool = False, passphrase: str | None = None
) -> Path:
    """A consistent copy of the journal at `dest` (0600), through SQLite's online backup
    API, so other ketalog processes may write meanwhile. `dest` must not exist yet
    (unless `claimed` by new_copy_name). The copy is written under a unique temporary
    name beside it and moved into place; on any failure nothing is left behind. With a
    `passphrase` the copy is an age file, encrypted in memory: no plain copy is written."""
    if not claimed:
        if not dest.parent.is_dir():
            raise KetalogError(f"cannot write {dest}: the folder {dest.parent} does not exist")
        if not _claim(dest):
            raise KetalogError(f"{dest} already exists; choose another name")
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=".ketalog-copy-", suffix=".tmp", dir=dest.parent)
        os.close(fd)
        tmp = Path(name)
        if passphrase is not None:
            from ketalog import crypto

            sealed = crypto.encrypt(snapshot(conn), passphrase)
            with open(tmp, "wb") as fh:
                fh.write(sealed)
        else:
            target = sqlite3.connect(tmp)
            try:
                conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                target.close()
        os.replace(tmp, dest)
    except BaseException as e:
        for leftover in (tmp, Path(f"{tmp}-journal") if tmp else None, dest):
            if leftover is not None:
                leftover.unlink(missing_ok=True)
        if isinstance(e, sqlite3.DatabaseError) and damaged(e):
            raise  # the journal copied from is damaged, not the destination
        if isinstance(e, (OSError, sqlite3.Error)):
            raise write_error(dest, e) from None
        raise
    return dest


def damaged(e: sqlite3.DatabaseError) -> bool:
    return "malformed" in str(e) or "not a database" in str(e)
