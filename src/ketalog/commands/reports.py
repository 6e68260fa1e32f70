"""Looking back: trends, the provider summary, questionnaires."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from ketalog.cli import app, assess_app
from ketalog.commands.common import (
    Opt,
    ask,
    day_option,
    get_state,
    interactive,
    make_console,
    open_journal,
    print_json,
    read_journal,
    say,
)
from ketalog.errors import InputError, KetalogError

AnswersOpt = Annotated[
    str | None,
    Opt("--answers", metavar="N,N,...", help="All answers at once, 0-3 each, e.g. 0,1,2,..."),
]
DateOpt = Annotated[
    str | None, Opt("--date", metavar="WHEN", help="Day it was taken (default: today).")
]


@assess_app.command(
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


@assess_app.command(
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
    own_line = crisis.own_line()

    def safety() -> None:
        typer.echo("\n".join(messages.wrapped(crisis.lines(own_line))) + "\n")

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
        lines.append(crisis.reminder_line(own_line))  # the block above has scrolled away
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
        typer.echo("\n".join(messages.wrapped(crisis.lines(crisis.own_line()))) + "\n")


@assess_app.command("list")
def assess_list(
    ctx: typer.Context,
    as_json: Annotated[bool, Opt("--json", help="Print a JSON array.")] = False,
) -> None:
    """Your questionnaire scores over time, with their severity bands.

    Example: ketalog assess list --json
    """
    from ketalog import journal

    found = read_journal(ctx, journal.list_assessments)
    if as_json:
        print_json([a.to_json() for a in found])
        return
    if not found:
        typer.echo("No questionnaires yet — try `ketalog assess phq9` or `ketalog assess gad7`.")
        return
    from ketalog import render

    make_console().print(render.noted(render.assessments_table(found)))


class By(str, enum.Enum):
    none = "none"
    route = "route"
    drug = "drug"
    dose = "dose"
    interval = "interval"


@app.command("trends")
def trends_command(
    ctx: typer.Context,
    days: Annotated[
        int, Opt(min=1, max=30, metavar="N", help="Days after a session to show, 1-30.")
    ] = 7,
    by: Annotated[
        By,
        Opt(
            help="Compare groups: none, route, drug, dose, or interval "
            "(days since the previous session: first, 0-3, 4-7, 8-14, 15-28, 29+)."
        ),
    ] = By.none,
    sessions: Annotated[
        int, Opt(min=1, metavar="N", help="How many recent sessions the per-session table shows.")
    ] = 12,
    as_json: Annotated[bool, Opt("--json", help="Print the numbers as JSON.")] = False,
) -> None:
    """How fatigue evolves by days since a session, per session.

    Each session is measured against its starting level: your fatigue on ordinary
    days just before it.

    Example: ketalog trends --days 10 --by interval
    """
    from ketalog import actions

    if get_state(ctx).db_path.exists():
        t = actions.recovery(
            open_journal(ctx, create=False), get_state(ctx).today, days=days, by=by.value
        )
    else:
        t = actions.empty_trends(days, by.value)
    if as_json:
        print_json(t.to_json())
        return
    from ketalog import render

    console = make_console()
    console.print(render.trends_view(t, width=console.width, sessions=sessions))


class Format(str, enum.Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    pdf = "pdf"
    json = "json"


# The format a summary file's extension asks for.
EXTENSIONS = {
    ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
    ".json": "json", ".txt": "text", ".text": "text",
}  # fmt: skip


def summary_format(given: str | None, output: Path | None) -> str:
    """--format if given, else what -o's extension says, else text; the two must agree."""
    implied = EXTENSIONS.get(output.suffix.lower()) if output is not None else None
    if given is not None and implied is not None and given != implied:
        raise InputError(
            f"--format {given} does not match the file name {output.name!r} "  # type: ignore[union-attr]
            f"(a {implied} file); change one of them"
        )
    return given or implied or "text"


@app.command("summary")
def summary_command(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        Opt(
            metavar="WHEN",
            help="First day (default: 90 days before --until; never before the first entry).",
        ),
    ] = None,
    until: Annotated[str | None, Opt(metavar="WHEN", help="Last day (default: today).")] = None,
    fmt: Annotated[
        Format | None,
        Opt(
            "--format",
            "-f",
            case_sensitive=False,
            help="text, markdown, html, pdf or json (default: from the -o file's extension, "
            "else text).",
        ),
    ] = None,
    output: Annotated[
        Path | None, Opt("--output", "-o", metavar="FILE", help="Write to this file.")
    ] = None,
    force: Annotated[bool, Opt("--force", help="Replace the --output file if it exists.")] = False,
    name: Annotated[
        str | None, Opt(metavar="TEXT", help="Name to print (default: `config set name`).")
    ] = None,
) -> None:
    """A summary of your recovery to print or send to your provider.

    Example: ketalog summary --format pdf -o visit.pdf
    """
    from datetime import timedelta

    from ketalog import actions, config, paths
    from ketalog.report.model import DEFAULT_DAYS

    state = get_state(ctx)
    end = day_option(until, ctx, what="--until") if until else state.today
    start = (
        day_option(since, ctx, what="--since") if since else end - timedelta(days=DEFAULT_DAYS - 1)
    )
    if start > end:
        raise InputError(f"--since {start} is after --until {end}")
    fmt = Format(summary_format(fmt.value if fmt else None, output))
    if fmt is Format.pdf and output is None and sys.stdout.isatty():
        raise InputError("a PDF is not for the terminal: add -o FILE, e.g. -o visit.pdf")
    if output is not None and output.exists() and not force:
        raise KetalogError(f"{output} already exists; add --force to replace it")
    prefs = config.load(paths.config_file())
    s = actions.summary(
        open_journal(ctx, create=False), start, end, state.today, name or prefs.name
    )
    if fmt is Format.text and output is None:
        from ketalog.report import text

        console = make_console()
        console.print(text.write(s, console.width))
        return
    from ketalog.report import file_bytes

    data = file_bytes(s, fmt.value, prefs.paper_size)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from ketalog.files import write_private

    write_private(output, data, force=force)
    typer.echo(f"Wrote the {fmt.value} summary to {output}", err=True)
