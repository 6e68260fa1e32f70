"""The `ketalog` script: `ketalog due` runs here without loading the command-line app
(a shell prompt runs it before every prompt); everything else goes to ketalog.cli."""

from __future__ import annotations

import gc
import sys

_FLAGS = {"--quiet": "quiet", "-q": "quiet", "--notify": "notify"}


def fast_args(argv: list[str]) -> tuple[str | None, dict[str, bool]] | None:
    """(--db value, flags) when `argv` is a plain `due` command line this module runs
    alone; None for anything else (help, typos, other commands), left to the full app."""
    db_option: str | None = None
    rest = list(argv)
    while rest and rest[0].startswith("--db"):
        head = rest.pop(0)
        if head == "--db" and rest:
            db_option = rest.pop(0)
        elif head.startswith("--db="):
            db_option = head[len("--db=") :]
        else:
            return None
    if not rest or rest[0] != "due":
        return None
    flags = {"quiet": False, "notify": False}
    for arg in rest[1:]:
        if arg not in _FLAGS:
            return None
        flags[_FLAGS[arg]] = True
    return db_option, flags


def main() -> None:
    # A command lives for a moment and makes few reference cycles, and reference
    # counting frees the rest. The cyclic collector would only re-scan the many
    # objects that importing Typer, Rich and numpy creates: 4-5% of a command's work.
    gc.disable()
    fast = fast_args(sys.argv[1:])
    if fast is not None:
        from ketalog.due import run

        db_option, flags = fast
        sys.exit(run(db_option, **flags))
    from ketalog.cli import main as full

    full()
