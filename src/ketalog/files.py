"""Writing files the user asked for: private, atomic, never over a file without --force."""

from __future__ import annotations

import os
from pathlib import Path

from ketalog.errors import KetalogError


def write_private(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` (0600), all or nothing; refuse to replace a file unless `force`."""
    if path.is_dir():
        raise KetalogError(f"{path} is a folder; give a file name")
    if path.exists() and not force:
        raise KetalogError(f"{path} already exists; add --force to replace it")
    if not path.parent.is_dir():
        raise KetalogError(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        replace_private(path, data)
    except OSError as e:
        raise KetalogError(f"cannot write {path}: {e.strerror}") from None


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


def make_private(path: Path) -> str | None:
    """Take every permission but the owner's read and write off `path` and the
    SQLite files beside it (-wal, -shm), where they exist and are open to others.

    Returns one line saying what was tightened (or could not be), None when all
    were private already.
    """
    if os.name != "posix":
        return None
    loose: list[tuple[Path, int]] = []
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            mode = p.stat().st_mode & 0o777
        except OSError:
            continue
        if mode & 0o177:
            loose.append((p, mode))
    if not loose:
        return None
    failed = []
    for p, mode in loose:
        try:
            os.chmod(p, mode & 0o600)
            still = p.stat().st_mode & 0o177
        except OSError:
            still = 1
        if still:
            failed.append(p)
    names = ", ".join(str(p) for p, _ in loose)
    was = ", ".join(f"{mode:04o}" for _, mode in loose)
    if failed:
        return (
            f"ketalog: could not make {', '.join(map(str, failed))} private to you; "
            "other users may be able to read it (check who owns the file)"
        )
    return f"ketalog: made {names} private to you (was {was}, now 0600)"
