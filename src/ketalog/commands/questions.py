"""Questions kept for the next visit: `ketalog ask`."""

from __future__ import annotations

from typing import Annotated

import typer

from ketalog.commands.common import Opt, get_state, open_journal, print_json, read_journal
from ketalog.errors import InputError

app = typer.Typer()


@app.command("ask")
def ask_command(
    ctx: typer.Context,
    question: Annotated[
        str | None, typer.Argument(metavar="QUESTION", help="The question, in quotes.")
    ] = None,
    show: Annotated[bool, Opt("--list", help="Show the open questions.")] = False,
    done: Annotated[
        int | None, Opt("--done", metavar="ID", help="Close a question once it is answered.")
    ] = None,
    as_json: Annotated[bool, Opt("--json", help="Print the open questions as JSON.")] = False,
) -> None:
    """Keep a question for your next visit; it prints on the provider summary.

    Example: ketalog ask "Can I move my session to Friday?"
    """
    from ketalog import actions
    from ketalog.visible import visible
    from ketalog.wording import nice_date

    chosen = [x for x in (question is not None, show or as_json, done is not None) if x]
    if len(chosen) > 1:
        raise InputError("give a question, --list (or --json), or --done ID: one at a time")
    if question is not None:
        text = actions.question_text(question)
        q = actions.ask_question(open_journal(ctx, create=True), get_state(ctx).today, text)
        typer.echo(f"Kept question {q.id} for your next visit: {visible(q.text)}")
        typer.echo("It prints on `ketalog summary`; `ketalog ask --done ID` closes it.")
        return
    if done is not None:
        if not get_state(ctx).db_path.exists():
            raise InputError(f"no question with ID {done}; there is no journal yet")
        q = actions.close_question(open_journal(ctx, create=False), done, get_state(ctx).today)
        typer.echo(f"Closed question {q.id} (`ketalog undo` reopens it): {visible(q.text)}")
        return
    found = read_journal(ctx, actions.list_questions)
    if as_json:
        print_json([q.to_json() for q in found])
        return
    if not found:
        typer.echo('No open questions. Keep one with `ketalog ask "..."`.')
        return
    for q in found:
        typer.echo(f"{q.id:>4}  {nice_date(q.day)}  {visible(q.text)}")
