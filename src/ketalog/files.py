"""Writing files the user asked for: private, atomic, never over a file without --force."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ketalog.errors import KetalogError

# "KETL": marks a SQLite file as a ketalog journal (PRAGMA application_id; see db).
APPLICATION_ID = 0x4B45544C
SQLITE_MAGIC = b"SQLite format 3\x00"


def write_private(
    path: Path, data: bytes, *, force: bool = False, journal: Path | None = None
) -> None:
    """Write `data` to `path` (0600), all or nothing; refuse to replace a file unless
    `force`, and never a journal (see check_output)."""
    check_output(path, force=force, journal=journal)
    try:
        replace_private(path, data)
    except OSError as e:
        raise KetalogError(f"cannot write {path}: {e.strerror}") from None


def check_output(path: Path, *, force: bool = False, journal: Path | None = None) -> None:
    """Raise unless a file the user asked for may be written at `path`: never over
    the journal in use (`journal`, or its -wal or -shm, by any name: a symbolic or hard
    link to it too), another ketalog journal or SQLite file, or anything but a regular
    file, even with `force`; over another existing file only with `force`."""
    if path.is_dir():
        raise KetalogError(f"{path} is a folder; give a file name")
    why = _not_ours(path, journal)
    if why is not None:
        raise KetalogError(
            f"{path} {why}; ketalog never writes over it, even with --force "
            "(choose another file name)"
        )
    if path.exists() and not force:
        raise KetalogError(f"{path} already exists; add --force to replace it")
    if not path.parent.is_dir():
        raise KetalogError(f"cannot write {path}: the folder {path.parent} does not exist")


def _not_ours(path: Path, journal: Path | None) -> str | None:
    """Why `path` must not be written over, or None."""
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if journal is not None:
        real = os.path.realpath(path)
        for suffix, what in (
            ("", "the journal"),
            ("-wal", "the journal's -wal file"),
            ("-shm", "the journal's -shm file"),
        ):
            other = f"{journal}{suffix}"
            if os.path.realpath(other) == real:
                return f"is {what} in use"
            try:
                ost = os.stat(other)
            except OSError:
                continue
            if st is not None and (st.st_dev, st.st_ino) == (ost.st_dev, ost.st_ino):
                return f"is {what} in use"
    if st is None:
        return None
    kind = not_a_file(st.st_mode)
    if kind is not None:
        return f"is not a regular file: {kind}"
    try:
        fd = os.open(path, _LOOK)
    except OSError:
        return None  # unreadable: the write itself says why it fails
    try:
        header = os.read(fd, 100)
    except OSError:
        return None
    finally:
        os.close(fd)
    if header.startswith(SQLITE_MAGIC):
        if int.from_bytes(header[68:72], "big") == APPLICATION_ID:
            return "is a ketalog journal"
        return "is an SQLite database"
    if header[:4] in _WAL_MAGIC:
        return "is an SQLite write-ahead log"
    return None


_WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")


def replace_private(path: Path, data: bytes) -> None:
    """Put `data` at `path` (0600), all or nothing: written beside it under a temporary
    name, then moved into place. An OSError (or Ctrl-C) is raised as it is, and leaves
    no temporary file behind."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def not_a_file(mode: int) -> str | None:
    """What a file of this `st_mode` is when it is not a regular file ("a device", "a
    folder" ...), else None: only a regular file can be a journal."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (fifo)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def make_private(path: Path) -> str | None:
    """Take every permission but the owner's read and write off the journal at `path`
    and the SQLite files beside it (-wal, -shm), where they exist and are open to others.

    Only for a file already known to be a ketalog journal (db.open_db checks first).
    Each file is opened and its mode changed through that one descriptor, and only if
    it is a regular file: never a device, a fifo or a folder, even one swapped in
    meanwhile; a -wal or -shm that is a symbolic link is left as it is.

    Returns one line saying what was tightened (or could not be), None when all
    were private already.
    """
    if os.name != "posix":
        return None
    loose: list[tuple[Path, int]] = []
    failed = []
    for p, follow in ((path, True), (Path(f"{path}-wal"), False), (Path(f"{path}-shm"), False)):
        try:
            fd = os.open(p, _LOOK | (0 if follow else os.O_NOFOLLOW))
        except OSError:
            continue
        try:
            st = os.fstat(fd)
            mode = st.st_mode & 0o777
            if not stat.S_ISREG(st.st_mode) or not mode & 0o177:
                continue
            loose.append((p, mode))
            try:
                os.fchmod(fd, mode & 0o600)
                still = os.fstat(fd).st_mode & 0o177
            except OSError:
                still = 1
            if still:
                failed.append(p)
        finally:
            os.close(fd)
    if not loose:
        return None
    names = ", ".join(str(p) for p, _ in loose)
    was = ", ".join(f"{mode:04o}" for _, mode in loose)
    if failed:
        return (
            f"ketalog: could not make {', '.join(map(str, failed))} private to you; "
            "other users may be able to read it (check who owns the file)"
        )
    return f"ketalog: made {names} private to you (was {was}, now 0600)"


# Opening to look, never to wait: a fifo would block an open for reading.
_LOOK = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
