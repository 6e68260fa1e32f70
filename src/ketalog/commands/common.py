"""What every command shares: the run's state, opening the journal, prompts, output."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO, TypeVar

import typer
from typer.core import TyperCommand

from ketalog.errors import InputError, KetalogError

if TYPE_CHECKING:
    import sqlite3

    from rich.console import Console

T = TypeVar("T")
Opt = typer.Option


class PlainUsage(TyperCommand):
    """A command whose usage line names its arguments as FILE and KEY VALUE, not
    {FILE} and {KEY} {VALUE} (Typer's braces for a required argument)."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [
            piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
            for piece in super().collect_usage_pieces(ctx)
        ]


class State(NamedTuple):
    db_option: str | None
    today: date

    @property
    def db_path(self) -> Path:
        from ketalog.paths import resolve_db

        return resolve_db(self.db_option)


def get_state(ctx: typer.Context) -> State:
    state = ctx.find_root().obj
    assert isinstance(state, State)
    return state


def notice(line: str) -> None:
    """A one-line note on stderr (a journal made private, say); it names paths."""
    from ketalog.visible import visible_line

    typer.echo(visible_line(line), err=True)


_CONN = "ketalog.journal"


def open_journal(ctx: typer.Context, *, create: bool, upgrade: bool = True) -> sqlite3.Connection:
    """The run's one connection to the journal, opened (and checked) on first use.

    A command opens the journal once, however often it asks: opening it again would
    read the file's header through a second file descriptor, and closing that
    descriptor drops every POSIX lock this process holds on the file, SQLite's
    included. Another ketalog closing its last connection would then take this one
    for gone, checkpoint and delete the write-ahead log, and this process's next
    commit would go into the deleted log: acknowledged, then lost.
    """
    from ketalog.actions import open_journal as open_db

    meta = ctx.find_root().meta
    conn: sqlite3.Connection | None = meta.get(_CONN)
    if conn is None:
        conn = open_db(
            get_state(ctx).db_path,
            create=create,
            notice=notice,
            upgrade=upgrade,
        )
        meta[_CONN] = conn
        ctx.find_root().call_on_close(conn.close)
    return conn


def read_journal(ctx: typer.Context, load: Callable[[sqlite3.Connection], list[T]]) -> list[T]:
    """`load` from the journal, or nothing when there is no journal yet (creates none)."""
    return load(open_journal(ctx, create=False)) if get_state(ctx).db_path.exists() else []


def today_default() -> date:
    """Today, or the day KETALOG_TODAY pins (for tests and reproducible demos)."""
    from ketalog.clock import today

    return today()


def ask(question: str, default: str) -> str:
    """One answer typed at a prompt; asked again until it is UTF-8 text. A long
    question is wrapped at word boundaries and its last line asked."""
    from ketalog.messages import wrapped
    from ketalog.visible import NOT_UTF8, as_typed, is_utf8

    *first, last = wrapped([question])
    for line in first:
        typer.echo(line)
    while True:
        answer = str(typer.prompt(last, default=default, show_default=bool(default)))
        if is_utf8(answer):
            return answer
        say(f"{as_typed(answer)} {NOT_UTF8}.")


def say(text: str) -> None:
    """One message, wrapped at word boundaries to the terminal."""
    from ketalog.messages import wrapped

    typer.echo("\n".join(wrapped([text])))


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def make_console() -> Console:
    """The console for one command's output; piped or redirected, its lines carry no
    trailing spaces (Rich pads table cells to their width)."""
    from rich.console import Console

    if sys.stdout.isatty():
        return Console(emoji=False, highlight=False)
    return Console(emoji=False, highlight=False, file=_Trimmed(sys.stdout))  # type: ignore[arg-type]


class _Trimmed:
    """A text stream that drops the spaces at the end of each line written to it."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        import re

        self.out.write(re.sub(r"[ \t]+$", "", text, flags=re.MULTILINE))
        return len(text)

    def flush(self) -> None:
        self.out.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self.out.fileno()


def print_json(data: object) -> None:
    from ketalog.visible import json_dumps

    typer.echo(json_dumps(data))


def day_option(
    text: str | None, ctx: typer.Context, *, ahead: int = 0, what: str = "--date"
) -> date:
    from ketalog.dates import parse_when

    today = get_state(ctx).today
    return today if text is None else parse_when(text, today, max_ahead=ahead, what=what)


def confirm(question: str, yes: bool, refused: str = "nothing deleted") -> None:
    """Go on with `yes`; on a terminal ask (No by default); otherwise a usage error
    asking for --yes."""
    if yes:
        return
    if not interactive():
        raise InputError(f"{question} (add --yes to confirm)")
    if not typer.confirm(question, default=False):
        raise KetalogError(refused)
