"""Taking changes back: `ketalog undo` and `ketalog redo`."""

from __future__ import annotations

from typing import Annotated

import typer

from ketalog.commands.common import Opt, confirm, get_state, interactive, open_journal, say

app = typer.Typer()


@app.command("undo")
def undo(
    ctx: typer.Context,
    show_list: Annotated[
        bool, Opt("--list", "-l", help="Show the latest changes; undo nothing.")
    ] = False,
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Reverse the latest change: a log, edit, delete or import.

    On a terminal it names the change and asks first. Repeat it to go further back;
    `ketalog redo` puts back what it took back. Undo stops at a restore; the
    journal the restore replaced is kept as a copy.

    Example: ketalog undo --list
    """
    from ketalog import actions, messages

    if not get_state(ctx).db_path.exists():
        typer.echo("Nothing to undo.")
        return
    conn = open_journal(ctx, create=False)
    if show_list:
        typer.echo("\n".join(messages.change_log_lines(*actions.change_log(conn))))
        return
    target = actions.next_undo(conn)
    if target is None:
        typer.echo("Nothing to undo.")
        return
    asked = interactive() and not yes and not target.is_restore
    if asked:
        confirm(f"Undo {target.what()}?", yes, refused="nothing undone")
    done = actions.undo(conn, expected=target.id if asked else None)
    if done is None:  # another ketalog undid it meanwhile
        typer.echo("Nothing to undo.")
        return
    if done.at_restore:
        typer.echo(
            f"Nothing to undo since the {done.description}. Undo does not reach back past a "
            "restore: what came before it belongs to the journal the restore replaced."
        )
        return
    say(f"Undid {done.what}. `ketalog redo` puts it back.")


@app.command("redo")
def redo(
    ctx: typer.Context,
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Put back what `ketalog undo` took back, until a new change is made.

    Example: ketalog redo
    """
    from ketalog import actions

    if not get_state(ctx).db_path.exists():
        typer.echo("Nothing to redo.")
        return
    conn = open_journal(ctx, create=False)
    target = actions.next_redo(conn)
    if target is None:
        typer.echo("Nothing to redo.")
        return
    asked = interactive() and not yes
    if asked:
        confirm(f"Redo {target.what()}?", yes, refused="nothing redone")
    done = actions.redo(conn, expected=target.id if asked else None)
    if done is None:
        typer.echo("Nothing to redo.")
        return
    say(f"Redid {done.what}.")
