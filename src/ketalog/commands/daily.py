"""The everyday commands: log, today, tips, history, undo."""

from __future__ import annotations

import enum
from typing import Annotated, Any

import typer

from ketalog.cli import app
from ketalog.commands.common import (
    Opt,
    ask,
    confirm,
    day_option,
    get_state,
    interactive,
    make_console,
    open_journal,
    print_json,
    read_journal,
    say,
)
from ketalog.errors import InputError


@app.command("log")
def log(
    ctx: typer.Context,
    when: Annotated[
        str | None,
        Opt("--date", metavar="WHEN", help="Day to log: YYYY-MM-DD, yesterday, '2 days ago', -2."),
    ] = None,
    fatigue: Annotated[
        str | None, Opt(help="Fatigue 0-10: 0 none, 10 worst imaginable.", metavar="0-10")
    ] = None,
    sleep_hours: Annotated[
        str | None, Opt(help="Hours slept last night, 0-24.", metavar="H")
    ] = None,
    sleep_quality: Annotated[
        str | None, Opt(help="Sleep quality 0-10 (10 best).", metavar="0-10")
    ] = None,
    fog: Annotated[
        str | None, Opt(help="Lingering fog or detachment 0-10.", metavar="0-10")
    ] = None,
    mood: Annotated[str | None, Opt(help="Mood 0-10 (10 best).", metavar="0-10")] = None,
    emotions: Annotated[
        str | None, Opt(help="How intense emotions felt 0-10.", metavar="0-10")
    ] = None,
    water: Annotated[str | None, Opt(help="Glasses of water, 0-50.", metavar="N")] = None,
    activity: Annotated[str | None, Opt(help="Minutes of movement, 0-1440.", metavar="MIN")] = None,
    mindful: Annotated[
        str | None, Opt(help="Minutes of mindfulness, 0-1440.", metavar="MIN")
    ] = None,
    note: Annotated[str | None, Opt(metavar="TEXT", help="A note about the day.")] = None,
    for_provider: Annotated[
        bool | None,
        Opt("--for-provider/--not-for-provider", help="Show the note in the provider summary."),
    ] = None,
    clear: Annotated[
        list[str] | None,
        Opt(metavar="FIELD", help="Empty an optional field (repeatable), e.g. --clear fog."),
    ] = None,
    delete: Annotated[bool, Opt("--delete", help="Delete the day's check-in.")] = False,
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask before deleting.")] = False,
) -> None:
    """Log today's check-in (or another day's). Bare on a terminal, it asks.

    Logging a day that has a check-in changes only the fields you give.

    Example: ketalog log --fatigue 6 --sleep-hours 5.5 --water 4
    """
    from ketalog import actions, messages
    from ketalog.fields import CHECKIN, CLEARABLE, parse_fields

    day = day_option(when, ctx)
    raw = {
        "fatigue": fatigue, "sleep_hours": sleep_hours, "sleep_quality": sleep_quality,
        "fog": fog, "mood": mood, "emotions": emotions, "water": water,
        "activity": activity, "mindful": mindful, "note": note,
    }  # fmt: skip
    values: dict[str, Any] = parse_fields(CHECKIN, raw)
    if for_provider is not None:
        values["for_provider"] = int(for_provider)
    cleared = tuple(_clearable(name, CLEARABLE) for name in clear or ())
    if delete:
        if values or cleared:
            raise InputError("--delete cannot be combined with values or --clear")
        confirm(f"Delete the check-in for {day}?", yes)
        old = actions.delete_checkin(open_journal(ctx, create=False), day)
        typer.echo(f"Deleted the check-in for {old.day}. `ketalog undo` brings it back.")
        return
    if not values and not cleared:
        if not interactive():
            raise InputError(
                "nothing to log: give at least --fatigue 0-10, "
                "or run `ketalog log` in a terminal to be asked"
            )
        from ketalog.prompts import ask_checkin

        typer.echo(f"Check-in for {day}. Enter skips a question; Ctrl-C cancels.")
        values = ask_checkin(ask, say)
    done = actions.log_checkin(open_journal(ctx, create=True), day, values, cleared)
    if done.old is None:
        level = messages.severity(done.new.fatigue)
        typer.echo(f"Saved the check-in for {day}: fatigue {done.new.fatigue}/10 ({level}).")
    else:
        changed = messages.changes(done.old, done.new, (*CHECKIN, "for_provider"))
        typer.echo(
            f"Updated {day}: " + ("; ".join(changed) if changed else "nothing changed") + "."
        )
    own_line = _own_line(done.view.low_mood)
    for line in messages.after_log_lines(done.view, own_line):
        say(line)


def _own_line(needed: bool) -> str | None:
    """The user's own crisis line, read from the config only when it is to be shown."""
    if not needed:
        return None
    from ketalog import crisis

    return crisis.own_line()


def _clearable(name: str, allowed: tuple[str, ...]) -> str:
    key = name.strip().lower().replace("-", "_")
    if key not in allowed:
        names = ", ".join(a.replace("_", "-") for a in allowed)
        raise InputError(
            f"--clear {name!r} is not a field that can be emptied; use one of: {names}"
        )
    return key


@app.command("history")
def history(
    ctx: typer.Context,
    since: Annotated[str | None, Opt(metavar="WHEN", help="First day to show.")] = None,
    until: Annotated[str | None, Opt(metavar="WHEN", help="Last day to show.")] = None,
    as_json: Annotated[bool, Opt("--json", help="Print a JSON array.")] = False,
) -> None:
    """Your check-ins, with days since the session before each.

    Example: ketalog history --since "14 days ago"
    """
    from ketalog import actions

    start = day_option(since, ctx, what="--since") if since else None
    end = day_option(until, ctx, what="--until") if until else None
    rows = read_journal(ctx, lambda conn: actions.history(conn, start, end))
    if as_json:
        print_json([r.checkin.to_json(r.days_since_session) for r in rows])
        return
    if not rows:
        typer.echo("No check-ins in this period — log one with `ketalog log`.")
        return
    from ketalog import render

    console = make_console()
    console.print(render.noted(render.history_table(rows, console.width)))


@app.command("today")
def today(ctx: typer.Context) -> None:
    """Where you stand today: days since session, check-in, a tip.

    Example: ketalog today
    """
    from ketalog import actions, messages

    state = get_state(ctx)
    if not state.db_path.exists():
        typer.echo("Nothing logged yet. Start with `ketalog session add` and `ketalog log`.")
        return
    view = actions.day_view(open_journal(ctx, create=False), state.today, limit=1)
    lines = messages.today_lines(view, state.today, _own_line(view.low_mood))
    typer.echo("\n".join(messages.wrapped(lines)))


class Strategy(str, enum.Enum):
    rest = "rest"
    hydration = "hydration"
    mindfulness = "mindfulness"
    activity = "activity"
    support = "support"


@app.command("tips")
def tips_command(
    ctx: typer.Context,
    strategy: Annotated[
        Strategy | None, Opt(help="Show every tip of one strategy.", case_sensitive=False)
    ] = None,
    show_all: Annotated[bool, Opt("--all", help="Show all five strategies.")] = False,
    why: Annotated[bool, Opt("--why", help="Why people feel tired after a session.")] = False,
    as_json: Annotated[bool, Opt("--json", help="Print JSON.")] = False,
) -> None:
    """Recovery tips for today, each with the reason it fits.

    Example: ketalog tips --strategy hydration
    """
    import shutil

    from ketalog import crisis, messages
    from ketalog.tipdata import BY_KEY, DISCLAIMER, FAMILIES

    width = min(shutil.get_terminal_size().columns, 100)
    if why:
        if strategy is not None or show_all:
            raise InputError("--why shows on its own; leave out --strategy and --all")
        if as_json:
            from ketalog import tipdata

            print_json({"title": tipdata.WHY_TITLE, "causes": list(tipdata.WHY_TIRED),
                        "depends": tipdata.WHY_DEPENDS, "passes": tipdata.WHY_PASSES,
                        "disclaimer": DISCLAIMER})  # fmt: skip
        else:
            typer.echo("\n".join(messages.why_lines(width)))
        return
    if strategy is not None or show_all:
        families = list(FAMILIES) if show_all else [BY_KEY[strategy.value]]  # type: ignore[union-attr]
        own_line = _own_line(any(f.key == "support" for f in families))
        if as_json:
            data: dict[str, object] = {
                "disclaimer": DISCLAIMER,
                "strategies": [f.to_json() for f in families],
            }
            if any(f.key == "support" for f in families):
                data["crisis"] = crisis.support_line(own_line)
            print_json(data)
        else:
            typer.echo("\n".join(messages.family_lines(families, width, own_line)))
        return
    from ketalog import actions

    state = get_state(ctx)
    if state.db_path.exists():
        view = actions.day_view(open_journal(ctx, create=False), state.today)
    else:
        view = actions.empty_day(state.today)
    own_line = _own_line(view.low_mood)
    if as_json:
        data = {"day": state.today.isoformat(), "disclaimer": DISCLAIMER,
                "tips": [t.to_json() for t in view.tips], "driving": view.driving,
                "crisis": crisis.low_mood_line(own_line) if view.low_mood else None}  # fmt: skip
        print_json(data)
    else:
        typer.echo("\n".join(messages.tips_lines(view, width, own_line)))


@app.command("undo")
def undo(ctx: typer.Context) -> None:
    """Reverse the latest change: a log, edit, delete or import.

    Undo stops at a restore; the journal the restore replaced is kept as a copy.

    Example: ketalog undo
    """
    from ketalog import changelog

    if not get_state(ctx).db_path.exists():
        typer.echo("Nothing to undo.")
        return
    done = changelog.undo(open_journal(ctx, create=False))
    if done is None:
        typer.echo("Nothing to undo.")
        return
    if isinstance(done, changelog.AtRestore):
        typer.echo(
            f"Nothing to undo since the {done.description}. Undo does not reach back past a "
            "restore: what came before it belongs to the journal the restore replaced."
        )
        return
    plural = "change" if done.changes == 1 else "changes"
    typer.echo(f"Undid the {done.description} ({done.changes} {plural}).")
