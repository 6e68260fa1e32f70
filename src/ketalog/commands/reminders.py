"""Reminders: `due` (is today logged?) and `remind` (a daily nudge from the system)."""

from __future__ import annotations

from typing import Annotated

import typer

from ketalog.commands.common import Opt, get_state
from ketalog.errors import InputError

app = typer.Typer()


@app.command("due")
def due_command(
    ctx: typer.Context,
    quiet: Annotated[bool, Opt("--quiet", "-q", help="Print nothing; only the exit status.")] = (
        False
    ),
    notify: Annotated[
        bool, Opt("--notify", help="Also show a desktop notification when not logged.")
    ] = False,
) -> None:
    """Exit 0 when today is logged, 1 when not (fast enough for a shell prompt).

    Example: ketalog due --quiet || echo "log today: ketalog log"
    """
    from ketalog import due

    code = due.run(get_state(ctx).db_option, quiet=quiet, notify=notify)
    raise typer.Exit(code)


@app.command("remind")
def remind_command(
    ctx: typer.Context,
    at: Annotated[
        str | None, Opt("--at", metavar="HH:MM", help="Remind every day at this time (24-hour).")
    ] = None,
    off: Annotated[bool, Opt("--off", help="Remove the daily reminder.")] = False,
    status: Annotated[bool, Opt("--status", help="Show the reminder, if any.")] = False,
) -> None:
    """A daily reminder, at a time you choose, when today is not logged yet.

    Uses a systemd user timer, a launchd agent on macOS, or else a crontab line;
    it runs `ketalog due --notify`. Installing again replaces it.

    Example: ketalog remind --at 20:00
    """
    from ketalog import remind

    if sum((at is not None, off, status)) > 1:
        raise InputError("use one of --at, --off and --status")
    if at is not None:
        state = get_state(ctx)
        report = remind.install(at, state.db_path if state.db_option else None)
    elif off:
        report = remind.remove()
    else:
        report = remind.status()
    typer.echo("\n".join(report.lines))
