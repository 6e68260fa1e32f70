"""`ketalog assess phq9 / gad7 / list`: the standard questionnaires."""

from __future__ import annotations

import functools
from typing import Annotated

import typer

from ketalog.assess import CREDIT
from ketalog.commands.common import (
    Opt,
    ask,
    day_option,
    interactive,
    make_console,
    notice,
    open_journal,
    print_json,
    read_journal,
    say,
)
from ketalog.errors import InputError

app = typer.Typer(
    help="Standard questionnaires: PHQ-9 (depression) and GAD-7 (anxiety).\n\n" + CREDIT,
    short_help="Standard questionnaires: PHQ-9 (depression) and GAD-7 (anxiety).",
    no_args_is_help=True,
)

AnswersOpt = Annotated[
    str | None,
    Opt("--answers", metavar="N,N,...", help="All answers at once, 0-3 each, e.g. 0,1,2,..."),
]
DateOpt = Annotated[
    str | None, Opt("--date", metavar="WHEN", help="Day it was taken (default: today).")
]


@app.command(
    "phq9", short_help="Take the PHQ-9 depression questionnaire: 9 questions, about 2 minutes."
)
def assess_phq9(
    ctx: typer.Context,
    answers: AnswersOpt = None,
    when: DateOpt = None,
    difficulty: Annotated[
        int | None,
        Opt(min=0, max=3, metavar="0-3", help="0 not difficult at all ... 3 extremely difficult."),
    ] = None,
) -> None:
    """Take the PHQ-9 depression questionnaire: 9 questions, about 2 minutes.

    Example: ketalog assess phq9 --answers 1,1,0,2,1,0,1,0,0
    """
    _assess(ctx, "phq9", answers, when, difficulty)


@app.command(
    "gad7", short_help="Take the GAD-7 anxiety questionnaire: 7 questions, about 2 minutes."
)
def assess_gad7(ctx: typer.Context, answers: AnswersOpt = None, when: DateOpt = None) -> None:
    """Take the GAD-7 anxiety questionnaire: 7 questions, about 2 minutes.

    Example: ketalog assess gad7 --answers 1,1,2,1,0,1,0
    """
    _assess(ctx, "gad7", answers, when, None)


def _assess(
    ctx: typer.Context, key: str, answers: str | None, when: str | None, difficulty: int | None
) -> None:
    from ketalog import actions, assess, crisis, messages

    inst = assess.INSTRUMENTS[key]
    # read when the contacts show, once: stderr says why an unreadable config leaves it out
    own_line = functools.cache(lambda: crisis.own_line(warn=notice))

    def safety() -> None:
        typer.echo("\n".join(messages.wrapped(crisis.lines(own_line()))) + "\n")

    values = None
    if answers is not None:
        values = assess.parse_answers(inst, answers)
        if assess.score(inst, values).safety_flag:
            safety()  # before anything else, and before any other check can fail
    day = day_option(when, ctx)
    if values is None:
        if not interactive():
            raise InputError(
                f"give --answers (9 or 7 numbers 0-3), or run `ketalog assess {key}` in a terminal"
            )
        from ketalog.prompts import ask_questionnaire

        values, difficulty = ask_questionnaire(inst, ask, say, on_safety=safety)
    taken = actions.take_assessment(open_journal(ctx, create=True), day, key, values, difficulty)
    lines = messages.assessment_lines(taken)
    if taken.assessment.item9:
        lines.append(crisis.reminder_line(own_line()))  # the block above has scrolled away
    typer.echo("\n".join(messages.wrapped(lines)))


def crisis_on_usage_error(args: list[str]) -> None:
    """`assess phq9 --answers ...` refused before it ran (a bad option, say): when the
    answers themselves are valid and the safety item is above 0, the crisis block still
    shows, before the error."""
    from ketalog import assess, crisis, messages

    words = [a for a in args if a != "--"]
    if "phq9" not in words or "assess" not in words[: words.index("phq9")]:
        return
    given = None
    for i, word in enumerate(words):
        if word == "--answers" and i + 1 < len(words):
            given = words[i + 1]
        elif word.startswith("--answers="):
            given = word.split("=", 1)[1]
    if given is None:
        return
    try:
        values = assess.parse_answers(assess.PHQ9, given)
    except InputError:
        return
    if assess.score(assess.PHQ9, values).safety_flag:
        own_line = crisis.own_line(warn=notice)
        typer.echo("\n".join(messages.wrapped(crisis.lines(own_line))) + "\n")


@app.command("list")
def assess_list(
    ctx: typer.Context,
    as_json: Annotated[bool, Opt("--json", help="Print a JSON array.")] = False,
) -> None:
    """Your questionnaire scores over time, with their severity bands.

    Example: ketalog assess list --json
    """
    from ketalog import actions

    found = read_journal(ctx, actions.list_assessments)
    if as_json:
        print_json([a.to_json() for a in found])
        return
    if not found:
        typer.echo("No questionnaires yet — try `ketalog assess phq9` or `ketalog assess gad7`.")
        return
    from ketalog import render, tables

    make_console().print(tables.noted(render.assessments_table(found)))
