"""Looking back: trends and the provider summary."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from ketalog.commands.common import (
    Opt,
    day_option,
    get_state,
    make_console,
    open_journal,
    print_json,
)
from ketalog.errors import InputError
from ketalog.report import DEFAULT_DAYS

app = typer.Typer()


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
    from ketalog import trendtables

    console = make_console()
    console.print(trendtables.trends_view(t, width=console.width, sessions=sessions))


class Format(str, enum.Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    pdf = "pdf"
    json = "json"


# The format a summary file's extension asks for.
EXTENSIONS = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".txt": "text",
    ".text": "text",
}


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
            help=f"First day (default: {DEFAULT_DAYS} days before --until; never before the "
            "first entry).",
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
    from ketalog import config, paths
    from ketalog.report import collect

    state = get_state(ctx)
    last = day_option(until, ctx, what="--until") if until else None
    first = day_option(since, ctx, what="--since") if since else None
    start, end = collect.period(first, last, state.today)
    fmt = Format(summary_format(fmt.value if fmt else None, output))
    if fmt is Format.pdf and output is None and sys.stdout.isatty():
        raise InputError("a PDF is not for the terminal: add -o FILE, e.g. -o visit.pdf")
    if output is not None:
        from ketalog.files import check_output

        check_output(output, force=force, journal=state.db_path)
    prefs = config.load(paths.config_file())
    s = collect.summary(
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

    write_private(output, data, force=force, journal=state.db_path)
    from ketalog.visible import visible_line

    typer.echo(f"Wrote the {fmt.value} summary to {visible_line(output)}", err=True)
