"""`ketalog due`: is today logged? Fast enough to run before every shell prompt.

This module and what it imports stay light (no Typer, no Rich, no platformdirs):
the `ketalog` script sends `due` here before loading the command-line app.
"""

from __future__ import annotations

import os
import sys
from datetime import date

from ketalog.clock import today
from ketalog.errors import KetalogError

NUDGE = "Not logged yet today: `ketalog log`"
# A prompt must not hang on a journal another ketalog is writing: wait at most this.
BUSY_SECONDS = 2.0
_SQLITE_MAGIC = b"SQLite format 3\x00"
_APPLICATION_ID = 0x4B45544C  # "KETL", as ketalog.db marks every journal


def default_db() -> str:
    """The journal's default path, as ketalog.paths.default_db() gives it, computed on
    Linux without importing platformdirs (which alone costs more than all of `due`)."""
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_DATA_HOME", "")
        if not base.startswith("/"):
            base = os.path.expanduser("~/.local/share")
        return os.path.join(base, "ketalog", "journal.db")
    from ketalog.paths import default_db as slow

    return str(slow())


def journal_path(db_option: str | None) -> str:
    """`--db`, else KETALOG_DB, else the default journal."""
    chosen = db_option or os.environ.get("KETALOG_DB") or ""
    return os.path.expanduser(chosen) if chosen else default_db()


def logged(path: str, day: date) -> bool:
    """Whether the journal at `path` has a check-in for `day`; no journal means no.

    Opens the journal without creating or migrating it; raises KetalogError when the
    file is not a journal or cannot be read.
    """
    import stat

    try:  # never waits on a fifo, never opens a device as a terminal
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        return False
    except IsADirectoryError:
        raise KetalogError(f"{path} is a folder, not a journal file") from None
    except OSError as e:
        raise KetalogError(f"cannot read {path}: {e.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise KetalogError(f"{path} is not a journal file (not a regular file)")
        header = os.read(fd, 100)
    except OSError as e:
        raise KetalogError(f"cannot read {path}: {e.strerror}") from None
    finally:
        os.close(fd)
    if header == b"":
        return False
    if not header.startswith(_SQLITE_MAGIC) or len(header) < 100:
        raise KetalogError(f"{path} is not a ketalog journal (not an SQLite database)")
    if int.from_bytes(header[68:72], "big") != _APPLICATION_ID:
        raise KetalogError(f"{path} is an SQLite database of another program, not a journal")
    import sqlite3

    uri = "file:" + path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    try:
        conn = sqlite3.connect(uri + "?mode=rw", uri=True, timeout=BUSY_SECONDS)
        try:
            row = conn.execute(
                "SELECT 1 FROM checkin WHERE day = ? LIMIT 1", (day.isoformat(),)
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            return False  # a journal created but not yet set up: nothing logged
        raise KetalogError(f"the journal could not be read: {e}") from None
    except sqlite3.Error as e:
        raise KetalogError(f"the journal could not be read: {e}") from None
    return row is not None


def run(db_option: str | None, *, quiet: bool, notify: bool) -> int:
    """The whole `due` command: 0 when today is logged, 1 when not (or on failure)."""
    try:
        if logged(journal_path(db_option), today()):
            return 0
    except KetalogError as e:
        if not quiet:
            from ketalog.visible import visible_line

            print(f"ketalog: {visible_line(e.message)}", file=sys.stderr)
        return 1
    if not quiet:
        print(NUDGE)
    if notify:
        from ketalog.notify import notify as show

        show("ketalog", "Not logged yet today. A minute now: ketalog log")
    return 1
