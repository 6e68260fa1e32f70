"""Backups: a consistent copy of the journal, even while another ketalog writes to it,
written whole or not at all, encrypted when asked."""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path

from ketalog import db
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


# How long an encrypted backup waits, at most, for a ketalog that is still reading an
# older state of the journal (the copy waits for it to finish; see snapshot).
SNAPSHOT_WAIT_S = 5.0

# The child process that reads the journal file for snapshot: the first N bytes, to stdout.
_READ_FILE = (
    "import sys\n"
    "with open(sys.argv[1], 'rb') as f:\n"
    "    sys.stdout.buffer.write(f.read(int(sys.argv[2])))\n"
)


def snapshot(conn: sqlite3.Connection, *, wait: float = SNAPSHOT_WAIT_S) -> bytes:
    """The journal open as `conn`, as the bytes of one self-contained SQLite file, held in
    memory only: no copy of it is written anywhere, not even for a moment.

    A commit goes to the write-ahead log (-wal) first, and a checkpoint copies it into the
    journal file later. So the journal's write lock is taken (BEGIN IMMEDIATE: no ketalog
    can commit meanwhile), a checkpoint is run from a second connection, and only when it
    reports every frame of the log copied into the file (log == checkpointed) does the
    file alone hold the whole journal; it is read then, before the lock is let go. A
    ketalog still reading an older state keeps the checkpoint from finishing; the lock
    is then let go (so nobody's write waits on the copy) and it is tried again shortly,
    for `wait` seconds at most.
    """
    import time

    path = _file_of(conn)
    holder, checkpointer = db.connect(path), db.connect(path)
    try:
        deadline = time.monotonic() + wait
        while True:
            holder.execute("BEGIN IMMEDIATE")
            try:
                checkpoint = checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)")
                busy, log, copied = checkpoint.fetchone()
                if not busy and log == copied:
                    pages = holder.execute("PRAGMA page_count").fetchone()[0]
                    size = pages * holder.execute("PRAGMA page_size").fetchone()[0]
                    data = _read_in_a_child(path, size)
                    break
            finally:
                holder.execute("ROLLBACK")
            if time.monotonic() >= deadline:
                raise KetalogError(
                    "another ketalog kept reading the journal, so no consistent copy could be "
                    "made; try again in a moment"
                )
            time.sleep(0.05)
    except sqlite3.OperationalError as e:
        if "locked" not in str(e) and "busy" not in str(e):
            raise
        raise KetalogError(
            "another ketalog kept the journal busy, so no copy could be made; try again in a moment"
        ) from None
    finally:
        holder.close()
        checkpointer.close()
    return without_wal(bytearray(data))


def _file_of(conn: sqlite3.Connection) -> Path:
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return Path(row[2])
    raise KetalogError("the journal is not a file, so it cannot be copied")


def _read_in_a_child(path: Path, size: int) -> bytes:
    """The first `size` bytes of `path`, read by a child process.

    Closing a file drops every POSIX lock this process holds on it, SQLite's own
    included (see db.read_header), and this process has the journal open: were it to
    open and close the journal file itself, another ketalog closing its last connection
    could then take the file for itself and delete the write-ahead log that this
    process's connections still use. A child process holds no locks to lose; the bytes
    come back through a pipe, never through a file.
    """
    import subprocess
    import sys

    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _READ_FILE, str(path), str(size)],
            capture_output=True,
            check=False,
        )
    except OSError as e:
        raise KetalogError(f"cannot read {path} to copy it: {e.strerror or e}") from None
    if done.returncode != 0 or len(done.stdout) != size:
        why = done.stderr.decode(errors="replace").strip().splitlines()
        raise KetalogError(
            f"cannot read {path} to copy it"
            + (f": {why[-1]}" if why else f" (read {len(done.stdout)} of {size} bytes)")
        )
    return done.stdout


def without_wal(data: bytearray) -> bytes:
    """The header marked as a rollback-journal file, not WAL (bytes 18 and 19), as a
    copy made on disk would be: a database image with no -wal file beside it."""
    if len(data) >= 100:
        data[18:20] = b"\x01\x01"
    return bytes(data)


def backup(
    conn: sqlite3.Connection, dest: Path, *, claimed: bool = False, passphrase: str | None = None
) -> Path:
    """A consistent copy of the journal at `dest` (0600), made while other ketalog
    processes may write. `dest` must not exist yet (unless `claimed` by new_copy_name).
    The copy is written under a temporary name beside it and moved into place; on any
    failure nothing is left behind. With a `passphrase` the copy is an age file of the
    journal's bytes, encrypted in memory (see snapshot): no plain copy is written."""
    if not claimed:
        if not dest.parent.is_dir():
            raise KetalogError(f"cannot write {dest}: the folder {dest.parent} does not exist")
        if not _claim(dest):
            raise KetalogError(f"{dest} already exists; choose another name")
    try:
        if passphrase is None:
            _copy(conn, dest)
        else:
            from ketalog import crypto
            from ketalog.files import replace_private

            replace_private(dest, crypto.encrypt(snapshot(conn), passphrase))
    except BaseException as e:
        dest.unlink(missing_ok=True)
        if isinstance(e, sqlite3.DatabaseError) and damaged(e):
            raise  # the journal copied from is damaged, not the destination
        if isinstance(e, (OSError, sqlite3.Error)):
            raise write_error(dest, e) from None
        raise
    return dest


def _copy(conn: sqlite3.Connection, dest: Path) -> None:
    """The journal copied to `dest` through SQLite's online backup API: into a unique
    temporary file beside it (removed on any failure), then moved into place."""
    fd, name = tempfile.mkstemp(prefix=".ketalog-copy-", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        target = sqlite3.connect(tmp)
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        os.replace(tmp, dest)
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal")):
            leftover.unlink(missing_ok=True)


def damaged(e: sqlite3.DatabaseError) -> bool:
    return "malformed" in str(e) or "not a database" in str(e)
