"""The everyday commands: log, history, today, tips."""

from __future__ import annotations

import enum
from datetime import date
from typing import Annotated, Any

import typer

from ketalog.commands.common import (
    Opt,
    ask,
    confirm,
    day_option,
    get_state,
    interactive,
    make_console,
    notice,
    open_journal,
    print_json,
    read_journal,
    say,
)
from ketalog.errors import InputError, KetalogError

app = typer.Typer()


def _log_day(when: str | None, ctx: typer.Context) -> date:
    """The day to log: today or earlier, or a day just ahead that already has a
    check-in (from a computer whose clock runs fast), so that it can be put right."""
    from ketalog import actions
    from ketalog.dates import CLOCK_AHEAD, label, read_when

    today = get_state(ctx).today
    if when is None:
        return today
    day = read_when(when, today, "--date")
    if day > today and (
        (day - today).days > CLOCK_AHEAD
        or not get_state(ctx).db_path.exists()
        or actions.get_checkin(open_journal(ctx, create=False), day) is None
    ):
        raise InputError(
            f"--date {when!r} is in the future ({label(day, today)}); use today or earlier"
        )
    return day


@app.command("log")
def log(
    ctx: typer.Context,
    rating: Annotated[
        str | None,
        typer.Argument(metavar="[FATIGUE]", help="Fatigue 0-10, as with --fatigue: ketalog log 6"),
    ] = None,
    when: Annotated[
        str | None,
        Opt(
            "--date",
            metavar="WHEN",
            help="Day to log: YYYY-MM-DD, yesterday, '2 days ago', 'last monday', '20 Nov'.",
        ),
    ] = None,
    fatigue: Annotated[
        str | None,
        Opt("--fatigue", "-f", help="Fatigue 0-10: 0 none, 10 worst imaginable.", metavar="0-10"),
    ] = None,
    sleep_hours: Annotated[
        str | None, Opt(help="Hours slept last night, 0-24: 7, 7.5, 7h30 or 7:30.", metavar="H")
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
    activity: Annotated[
        str | None, Opt(help="Minutes of movement, 0-1440 (or 1h30).", metavar="MIN")
    ] = None,
    mindful: Annotated[
        str | None, Opt(help="Minutes of mindfulness, 0-1440.", metavar="MIN")
    ] = None,
    note: Annotated[
        str | None,
        Opt(metavar="TEXT", help="A note about the day; on a day with a note, a new line."),
    ] = None,
    for_provider: Annotated[
        bool | None,
        Opt("--for-provider/--not-for-provider", help="Show the note in the provider summary."),
    ] = None,
    symptom: Annotated[
        list[str] | None,
        Opt(
            metavar="NAME",
            help="A side effect today (repeatable): nausea, headache, dizziness, bladder, "
            "anxiety, appetite, dreams, other.",
        ),
    ] = None,
    clear: Annotated[
        list[str] | None,
        Opt(
            metavar="FIELD",
            help="Empty an optional field (repeatable), e.g. --clear fog; "
            "--clear note --note TEXT replaces the note.",
        ),
    ] = None,
    delete: Annotated[bool, Opt("--delete", help="Delete the day's check-in.")] = False,
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask before deleting.")] = False,
) -> None:
    """Log today's check-in (or another day's). Bare on a terminal, it asks.

    Logging a day that has a check-in changes only the fields you give; run bare,
    it shows the day's values and Enter keeps each one.

    Example: ketalog log 6 --sleep-hours 5.5 --water 4 --symptom headache
    """
    from ketalog import actions, messages
    from ketalog.dates import label
    from ketalog.fields import CHECKIN, CLEARABLE, parse_fields, parse_symptom

    state = get_state(ctx)
    day = _log_day(when, ctx)
    if rating is not None and fatigue is not None and rating.strip() != fatigue.strip():
        raise InputError(f"fatigue given twice ({rating!r} and --fatigue {fatigue!r}); give one")
    raw = {
        "fatigue": fatigue if fatigue is not None else rating,
        "sleep_hours": sleep_hours,
        "sleep_quality": sleep_quality,
        "fog": fog,
        "mood": mood,
        "emotions": emotions,
        "water": water,
        "activity": activity,
        "mindful": mindful,
        "note": note,
    }
    values: dict[str, Any] = parse_fields(CHECKIN, raw)
    if for_provider is not None:
        values["for_provider"] = int(for_provider)
    if symptom:
        values["symptoms"] = tuple(parse_symptom(x) for x in symptom)
    cleared = tuple(_clearable(name, CLEARABLE) for name in clear or ())
    shown = label(day, state.today)
    if delete:
        if values or cleared:
            raise InputError("--delete cannot be combined with values or --clear")
        confirm(f"Delete the check-in for {shown}?", yes)
        old = actions.delete_checkin(open_journal(ctx, create=False), day)
        typer.echo(
            f"Deleted the check-in for {label(old.day, state.today)}. "
            "`ketalog undo` brings it back."
        )
        return
    if not values and not cleared:
        if not interactive():
            raise InputError(
                "nothing to log: give a fatigue rating (`ketalog log 6` or --fatigue 0-10), "
                "or run `ketalog log` in a terminal to be asked"
            )
        values, cleared = _ask(ctx, day, shown)
        if not values and not cleared:
            typer.echo(f"Nothing changed for {shown}.")
            return
    done = actions.log_checkin(
        open_journal(ctx, create=True), day, values, cleared, today=state.today
    )
    if done.old is None:
        from ketalog.severity import severity

        level = severity(done.new.fatigue)
        typer.echo(f"Saved the check-in for {shown}: fatigue {done.new.fatigue}/10 ({level}).")
    else:
        from ketalog.fields import checkin_names

        names = tuple(n for n in checkin_names() if n != "note" or not done.note_added)
        changed = messages.changes(done.old, done.new, names)
        if done.note_added:
            changed.append("added a line to the note")
        typer.echo(
            f"Updated {shown}: " + ("; ".join(changed) if changed else "nothing changed") + "."
        )
    own_line = _own_line(done.view.low_mood)
    for line in messages.after_log_lines(done.view, own_line, state.today):
        say(line)


def _own_line(needed: bool) -> str | None:
    """The user's own crisis line, read from the config only when it is to be shown."""
    if not needed:
        return None
    from ketalog import crisis

    return crisis.own_line(warn=notice)


def _ask(ctx: typer.Context, day: date, shown: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The questions, with the day's current values when it has a check-in."""
    from ketalog import actions
    from ketalog.prompts import Skipped, ask_checkin

    current = None
    if get_state(ctx).db_path.exists():
        current = actions.get_checkin(open_journal(ctx, create=False), day)
    if current is None:
        say(f"Check-in for {shown}. Enter skips a question; Ctrl-C cancels.")
    else:
        say(
            f"Check-in for {shown}, already logged: Enter keeps the value in [brackets], "
            "- empties it; Ctrl-C cancels."
        )
    try:
        return ask_checkin(ask, say, current, None if day == get_state(ctx).today else shown)
    except Skipped:
        raise KetalogError(f"nothing saved: a check-in needs a fatigue rating ({shown})") from None


def _clearable(name: str, allowed: tuple[str, ...]) -> str:
    key = name.strip().lower().replace("-", "_")
    if key not in allowed:
        names = ", ".join(a.replace("_", "-") for a in allowed)
        raise InputError(
            f"--clear {name!r} is not a field that can be emptied; use one of: {names}"
        )
    return key


HISTORY_DAYS = 30


@app.command("history")
def history(
    ctx: typer.Context,
    since: Annotated[
        str | None, Opt(metavar="WHEN", help=f"First day (default: {HISTORY_DAYS} days ago).")
    ] = None,
    until: Annotated[str | None, Opt(metavar="WHEN", help="Last day (default: today).")] = None,
    show_all: Annotated[bool, Opt("--all", "-a", help="Every check-in, from the first.")] = False,
    no_pager: Annotated[
        bool, Opt("--no-pager", help="Print straight to the terminal, even when long.")
    ] = False,
    as_json: Annotated[bool, Opt("--json", help="Print a JSON array.")] = False,
) -> None:
    """Your check-ins of the last 30 days, with days since the session before each.

    A listing longer than the screen opens in your pager ($PAGER, or less), as git
    does; piped, it prints plain text.

    Example: ketalog history --since "2 weeks ago"
    """
    from datetime import timedelta

    from ketalog import actions

    state = get_state(ctx)
    end = day_option(until, ctx, what="--until") if until else None
    if since:
        start: date | None = day_option(since, ctx, what="--since")
    elif show_all:
        start = None
    else:
        start = (end or state.today) - timedelta(days=HISTORY_DAYS - 1)
    rows = read_journal(ctx, lambda conn: actions.history(conn, start, end))
    if as_json:
        print_json([r.checkin.to_json(r.days_since_session) for r in rows])
        return
    if not rows:
        more = "" if show_all or since else "; `ketalog history --all` shows every day"
        typer.echo(f"No check-ins in this period{more}. Log one with `ketalog log`.")
        return
    import sys

    from ketalog import listing

    if not sys.stdout.isatty():
        listing.write_plain(rows, sys.stdout)
        return
    from ketalog import render, tables

    console = make_console()
    table = tables.noted(render.history_table(rows, console.width))
    listing.show(console, table, len(rows) + 5, pager=not no_pager)


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

            print_json(
                {
                    "title": tipdata.WHY_TITLE,
                    "causes": list(tipdata.WHY_TIRED),
                    "depends": tipdata.WHY_DEPENDS,
                    "passes": tipdata.WHY_PASSES,
                    "disclaimer": DISCLAIMER,
                }
            )
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
        data = {
            "day": state.today.isoformat(),
            "disclaimer": DISCLAIMER,
            "tips": [t.to_json() for t in view.tips],
            "driving": view.driving,
            "crisis": crisis.low_mood_line(own_line) if view.low_mood else None,
        }
        print_json(data)
    else:
        typer.echo("\n".join(messages.tips_lines(view, width, own_line)))
