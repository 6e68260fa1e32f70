"""The ketalog command line: parse options, call one action, render, print.

Only light modules load at start-up; sqlite3, Rich tables and fpdf2 are imported
inside the commands that use them, so `ketalog log` starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from ketalog import __version__
from ketalog.commands.common import State, today_default
from ketalog.errors import KetalogError


class KetalogGroup(TyperGroup):
    """Turns every failure into one line on stderr: usage 2, everything else 1."""

    def main(self, args: Sequence[str] | None = None, *a: Any, **kw: Any) -> Any:
        kw["standalone_mode"] = False
        _refuse_undecodable(sys.argv[1:] if args is None else args)
        try:
            rv = super().main(args, *a, **kw)
        except typer.Abort:
            _fail("\nketalog: cancelled; nothing was saved", 1)
        except Exception as e:  # vendored Click errors carry exit_code and a message
            if type(e).__name__ == "NoArgsIsHelpError":  # bare `ketalog` or `ketalog session`
                ctx = getattr(e, "ctx", None)
                nested = ctx is not None and ctx.parent is not None
                typer.echo(getattr(e, "format_message")() if nested else SHORT_HELP)  # noqa: B009
                sys.exit(0)
            code = getattr(e, "exit_code", None)
            if hasattr(e, "format_message") and isinstance(code, int):
                if code == 2:  # refused before running: a safety answer still shows
                    from ketalog.commands.assess import crisis_on_usage_error

                    crisis_on_usage_error(list(sys.argv[1:] if args is None else args))
                ctx = getattr(e, "ctx", None)
                where = f"{ctx.command_path}: " if ctx is not None else "ketalog: "
                _fail(where + e.format_message(), code)
            raise
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KetalogError as e:
            from ketalog.visible import visible_line

            _fail("ketalog: " + visible_line(e.message), e.exit_code)  # one line, paths too
        except KeyboardInterrupt:
            _fail("\nketalog: interrupted; nothing was saved", 130)
        except OSError as e:
            if isinstance(e, BrokenPipeError):
                sys.stderr.close()
                raise typer.Exit(1) from None
            _fail(f"ketalog: {e.strerror or e} ({e.filename or 'file'})", 1)
        except Exception as e:
            sqlite3 = sys.modules.get("sqlite3")
            if sqlite3 is not None and isinstance(e, sqlite3.Error):
                _fail(f"ketalog: the journal could not be used: {_sqlite_message(e)}", 1)
            raise


def _sqlite_message(e: Exception) -> str:
    text = str(e)
    if "locked" in text or "busy" in text:
        return "it is locked by another program; try again in a moment"
    if "readonly" in text or "read-only" in text:
        return "it is read-only (check the file and folder permissions)"
    if "malformed" in text or "not a database" in text:
        return "it is damaged; `ketalog check` tells more, `ketalog restore` brings back a backup"
    return text


def _refuse_undecodable(args: Sequence[str]) -> None:
    """Refuse, once for every option and argument, text that is not UTF-8: Python hands
    such bytes over as lone surrogates, which nothing can store, print or write back."""
    from ketalog.visible import NOT_UTF8, as_typed, is_utf8, visible

    for name in ("KETALOG_DB", "KETALOG_TODAY"):
        value = os.environ.get(name, "")
        if not is_utf8(value):
            _fail(f"ketalog: {name} is not valid UTF-8 text ({as_typed(value)})", 2)
    for i, arg in enumerate(args):
        if is_utf8(arg):
            continue
        option, sep, value = arg.partition("=")
        if arg.startswith("--") and sep and is_utf8(option):
            arg, where = value, f" given to {option}"
        elif i and args[i - 1].startswith("-") and is_utf8(args[i - 1]):
            where = f" after {args[i - 1]}"
        else:
            where = ""
        _fail(
            f"ketalog: {as_typed(arg)}{visible(where)} {NOT_UTF8}",
            2,
        )


def _fail(message: str, code: int) -> NoReturn:
    from ketalog.visible import visible

    typer.echo(visible(message), err=True)  # messages can quote what the user typed
    raise SystemExit(code)


SHORT_HELP = """ketalog: a private recovery journal for ketamine therapy.

  ketalog log 6                 log today's fatigue, 0-10 (bare: it asks)
  ketalog session add           record a session (or plan one: --date "next friday")
  ketalog today                 where you stand today, with a tip
  ketalog history               your check-ins of the last 30 days
  ketalog trends                how fatigue evolves after a session
  ketalog summary -f pdf -o visit.pdf   a summary for your provider
  ketalog undo                  take back the latest change

Every command: ketalog --help. Try it on made-up data: ketalog demo"""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ketalog {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="KETALOG_DB",
            metavar="PATH",
            help="Journal file to use (default: your data folder; `ketalog where`).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Private recovery journal for ketamine therapy.

    Example: ketalog log --fatigue 6 --sleep-hours 5.5
    """
    ctx.obj = State(db_option=db or None, today=today_default())


# The settings of the app that runs: the full one, and the one-command one below.
_SETTINGS: dict[str, Any] = {
    "cls": KetalogGroup,
    "help": "A private recovery journal for ketamine therapy: log how you feel after sessions, "
    "see how recovery goes, and bring a clear summary to your provider.",
    "no_args_is_help": True,
    "add_completion": True,
    "pretty_exceptions_show_locals": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}

# Each module under ketalog.commands owns its Typer; an unnamed one adds top-level
# commands, a named one a group. The order here is the order of `ketalog --help`.
_PARTS: tuple[tuple[str, str | None], ...] = (
    ("daily", None),
    ("changes", None),
    ("reports", None),
    ("data", None),
    ("reminders", None),
    ("insights", None),
    ("questions", None),
    ("syncing", None),
    ("sessions", "session"),
    ("assess", "assess"),
    ("config", "config"),
)
# Which module holds each top-level command, so `ketalog log` imports only its own
# module; `tests/test_cli_basics.py` holds this equal to what the modules register.
_HOME = {
    **dict.fromkeys(("log", "history", "today", "tips"), "daily"),
    **dict.fromkeys(("undo", "redo"), "changes"),
    **dict.fromkeys(("trends", "summary"), "reports"),
    **dict.fromkeys(("export", "import", "backup", "restore", "check", "where", "demo"), "data"),
    **dict.fromkeys(("due", "remind"), "reminders"),
    "insights": "insights",
    "ask": "questions",
    "sync": "syncing",
}


def _part(module: str) -> typer.Typer:
    from importlib import import_module

    part: typer.Typer = import_module(f"ketalog.commands.{module}").app
    return part


def _build(parts: Sequence[tuple[typer.Typer, str | None]], **override: Any) -> typer.Typer:
    """The ketalog app: `root` and the global options over the given parts."""
    built = typer.Typer(**{**_SETTINGS, **override})
    built.callback()(root)
    for part, name in parts:
        built.add_typer(part, name=name)
    return built


_full: typer.Typer | None = None


def full_app() -> typer.Typer:
    """The whole app, every command module loaded (built once)."""
    global _full
    if _full is None:
        _full = _build([(_part(module), name) for module, name in _PARTS])
    return _full


def __getattr__(name: str) -> Any:  # `ketalog.cli.app`: the whole app, built when asked for
    if name == "app":
        return full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _app_for(argv: Sequence[str]) -> typer.Typer:
    """The app to run `argv` with: for a plain top-level command, an app holding only
    that command, from its own module only (`_HOME`): Typer builds every command's
    options at start-up, and the other commands and their modules cost milliseconds
    that `ketalog log` should not pay. Anything else gets the full app.

    Both come from `_build` with the same settings and `root`, so they cannot drift;
    only the completion options are left out (their module loads `subprocess` and
    `shellingham`), which are root options and so never reach this path. This relies
    on Typer internals that the pin below 0.29 in pyproject.toml keeps still: that an
    unnamed `add_typer` merges the part's `registered_commands` into the parent
    group, and that a `Typer`'s `registered_commands` can be read and set.
    `tests/test_cli_basics.py` runs every command's `--help` through the real entry
    point and holds it equal to the full app's.
    """
    if "_KETALOG_COMPLETE" in os.environ:
        return full_app()
    args = iter(argv)
    for token in args:
        if token == "--db":
            next(args, None)
        elif token.startswith("--db="):
            continue
        elif token.startswith("-"):
            return full_app()
        else:
            home = _HOME.get(token)
            if home is None:
                return full_app()
            only = typer.Typer()
            only.registered_commands = [
                c for c in _part(home).registered_commands if c.name == token
            ]
            return _build([(only, None)], add_completion=False)
    return full_app()


def main() -> None:
    """Entry point of the `ketalog` script: no traceback ever reaches the user."""
    try:
        _app_for(sys.argv[1:])(prog_name="ketalog")
    except SystemExit:
        raise
    except Exception as e:  # a bug: one line, exit 1, and no journal text
        if os.environ.get("KETALOG_DEBUG") == "1":  # asked for: the traceback, for a bug report
            import traceback

            traceback.print_exc()
        typer.echo(f"ketalog: unexpected error ({type(e).__name__}); nothing was saved", err=True)
        sys.exit(1)
