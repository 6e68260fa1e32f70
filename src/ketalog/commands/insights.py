"""`ketalog insights`: patterns in the patient's own sessions."""

from __future__ import annotations

from typing import Annotated

import typer

from ketalog.commands.common import Opt, get_state, make_console, open_journal, print_json

app = typer.Typer()


@app.command("insights")
def insights_command(
    ctx: typer.Context,
    as_json: Annotated[bool, Opt("--json", help="Print the findings as a JSON array.")] = False,
) -> None:
    """What seems to go with faster recovery, in your own sessions: water, movement,
    mindfulness, sleep, dissociation, dose, route and schedule, each tested honestly.

    Example: ketalog insights --json
    """
    from ketalog import actions

    state = get_state(ctx)
    if state.db_path.exists():
        found = actions.insights(open_journal(ctx, create=False), state.today)
    else:
        found = actions.empty_insights()
    if as_json:
        print_json(found.to_json())
        return
    from ketalog.insights import render

    console = make_console()
    console.print(render.view(found, console.width))
