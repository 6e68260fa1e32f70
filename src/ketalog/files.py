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
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise KetalogError(f"cannot write {path}: {e.strerror}") from None
