"""The ketalog command line: parse options, call one action, render, print.

Only light modules load at start-up; sqlite3, Rich tables and fpdf2 are imported
inside the commands that use them, so `ketalog log` starts fast.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from ketalog import __version__
from ketalog.errors import InputError, KetalogError

if TYPE_CHECKING:
    import sqlite3

    from rich.console import Console


T = TypeVar("T")


class KetalogGroup(TyperGroup):
    """Turns every failure into one line on stderr: usage 2, everything else 1."""

    def main(self, args: Sequence[str] | None = None, *a: Any, **kw: Any) -> Any:
        kw["standalone_mode"] = False
        try:
            rv = super().main(args, *a, **kw)
        except typer.Abort:
            _fail("cancelled; nothing was saved", 1)
        except Exception as e:  # vendored Click errors carry exit_code and a message
            code = getattr(e, "exit_code", None)
            if hasattr(e, "format_message") and isinstance(code, int):
                ctx = getattr(e, "ctx", None)
                where = f"{ctx.command_path}: " if ctx is not None else "ketalog: "
                _fail(where + e.format_message(), code)
            raise
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KetalogError as e:
            _fail("ketalog: " + e.message, e.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted; nothing was saved", 130)
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


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(message, err=True)
    raise SystemExit(code)


app = typer.Typer(
    cls=KetalogGroup,
    help="A private recovery journal for ketamine therapy: log how you feel after sessions, "
    "see how recovery goes, and bring a clear summary to your provider.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
session_app = typer.Typer(help="Record and manage treatment sessions.", no_args_is_help=True)
config_app = typer.Typer(help="Show or change your preferences.", no_args_is_help=True)
assess_app = typer.Typer(
    help="Standard questionnaires: PHQ-9 (depression) and GAD-7 (anxiety).", no_args_is_help=True
)
app.add_typer(session_app, name="session")
app.add_typer(assess_app, name="assess")
app.add_typer(config_app, name="config")


class State(NamedTuple):
    db_option: str | None
    today: date

    @property
    def db_path(self) -> Path:
        from ketalog.paths import resolve_db

        return resolve_db(self.db_option)


def _state(ctx: typer.Context) -> State:
    state = ctx.find_root().obj
    assert isinstance(state, State)
    return state


def _open(ctx: typer.Context, *, create: bool) -> sqlite3.Connection:
    from ketalog.db import open_db

    conn = open_db(_state(ctx).db_path, create=create)
    ctx.call_on_close(conn.close)
    return conn


def _read(ctx: typer.Context, load: Callable[[sqlite3.Connection], list[T]]) -> list[T]:
    """`load` from the journal, or nothing when there is no journal yet (creates none)."""
    return load(_open(ctx, create=False)) if _state(ctx).db_path.exists() else []


def _today() -> date:
    # KETALOG_TODAY pins "today" (tests and reproducible demos).
    pinned = os.environ.get("KETALOG_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def _ask(question: str, default: str) -> str:
    return str(typer.prompt(question, default=default, show_default=bool(default)))


def _say(text: str) -> None:
    """One message, wrapped at word boundaries to the terminal."""
    from ketalog.messages import wrapped

    typer.echo("\n".join(wrapped([text])))


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _console() -> Console:
    from rich.console import Console

    return Console(emoji=False, highlight=False)


def _print_json(data: object) -> None:
    import json

    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _when(text: str | None, ctx: typer.Context, *, ahead: int = 0, what: str = "--date") -> date:
    from ketalog.dates import parse_when

    today = _state(ctx).today
    return today if text is None else parse_when(text, today, max_ahead=ahead, what=what)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ketalog {__version__}")
        raise typer.Exit()


@app.callback()
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
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Private recovery journal for ketamine therapy.

    Example: ketalog log --fatigue 6 --sleep-hours 5.5
    """
    ctx.obj = State(db_option=db or None, today=_today())


# --- log --------------------------------------------------------------------------

Opt = typer.Option


@app.command("log")
def log(
    ctx: typer.Context,
    when: Annotated[
        str | None, Opt("--date", help="Day to log: YYYY-MM-DD, yesterday, '2 days ago', -2.")
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
    note: Annotated[str | None, Opt(help="A note about the day.")] = None,
    for_provider: Annotated[
        bool | None,
        Opt("--for-provider/--not-for-provider", help="Show the note in the provider summary."),
    ] = None,
    clear: Annotated[
        list[str] | None, Opt(help="Empty an optional field (repeatable), e.g. --clear fog.")
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

    day = _when(when, ctx)
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
        _confirm(f"Delete the check-in for {day}?", yes)
        old = actions.delete_checkin(_open(ctx, create=False), day)
        typer.echo(f"Deleted the check-in for {old.day}. `ketalog undo` brings it back.")
        return
    if not values and not cleared:
        if not _interactive():
            raise InputError(
                "nothing to log: give at least --fatigue 0-10, "
                "or run `ketalog log` in a terminal to be asked"
            )
        from ketalog.prompts import ask_checkin

        typer.echo(f"Check-in for {day}. Enter skips a question; Ctrl-C cancels.")
        values = ask_checkin(_ask, _say)
    done = actions.log_checkin(_open(ctx, create=True), day, values, cleared)
    if done.old is None:
        level = messages.severity(done.new.fatigue)
        typer.echo(f"Saved the check-in for {day}: fatigue {done.new.fatigue}/10 ({level}).")
    else:
        changed = messages.changes(done.old, done.new, (*CHECKIN, "for_provider"))
        typer.echo(
            f"Updated {day}: " + ("; ".join(changed) if changed else "nothing changed") + "."
        )
    _say(messages.since_line(done.view))
    for chosen in done.view.tips[:1]:
        _say(messages.tip_line(chosen) + " (General wellness guidance, not medical advice.)")


def _clearable(name: str, allowed: tuple[str, ...]) -> str:
    key = name.strip().lower().replace("-", "_")
    if key not in allowed:
        names = ", ".join(a.replace("_", "-") for a in allowed)
        raise InputError(
            f"--clear {name!r} is not a field that can be emptied; use one of: {names}"
        )
    return key


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not _interactive():
        raise InputError(f"{question.rstrip('?')} needs confirming: add --yes")
    if not typer.confirm(question, default=False):
        raise KetalogError("nothing deleted")


# --- sessions ---------------------------------------------------------------------


@session_app.command("add")
def session_add(
    ctx: typer.Context,
    when: Annotated[
        str | None, Opt("--date", help="Day: YYYY-MM-DD, today, yesterday, tomorrow, 'in 3 days'.")
    ] = None,
    time: Annotated[str | None, Opt("--time", help="Start time, HH:MM.")] = None,
    drug: Annotated[str | None, Opt(help="ketamine, esketamine or other.")] = None,
    route: Annotated[str | None, Opt(help="iv, im, intranasal, oral, sublingual or other.")] = None,
    dose: Annotated[
        str | None, Opt("--dose", help="Dose in mg (above 0, at most 1000).", metavar="MG")
    ] = None,
    dose_per_kg: Annotated[
        str | None, Opt("--dose-per-kg", help="Dose in mg/kg (above 0, at most 10).", metavar="X")
    ] = None,
    duration: Annotated[str | None, Opt(help="Length in minutes, 1-1440.", metavar="MIN")] = None,
    dissociation: Annotated[str | None, Opt(help="Peak dissociation 0-10.", metavar="0-10")] = None,
    clinic: Annotated[str | None, Opt(help="Clinic name.")] = None,
    note: Annotated[str | None, Opt(help="A note about the session.")] = None,
) -> None:
    """Record a treatment session (asks when run bare on a terminal).

    Example: ketalog session add --route iv --dose-per-kg 0.5 --duration 40
    """
    from ketalog import actions, config, messages, paths

    values = _session_values(
        ctx, when, time, drug, route, dose, dose_per_kg, duration, dissociation, clinic, note
    )
    prefs = config.load(paths.config_file())
    if len(values) == 1 and _interactive():  # only the day: run bare on a terminal
        from ketalog.prompts import ask_session

        typer.echo(f"Session on {values['day']}. Enter skips a question; Ctrl-C cancels.")
        values.update(ask_session(_ask, _say, prefs.session_defaults()))
    values = prefs.fill_session(values)
    if "route" not in values:
        raise InputError(
            "--route is needed (iv, im, intranasal, oral, sublingual or other); "
            "`ketalog config set default_route iv` saves typing it"
        )
    s = actions.add_session(_open(ctx, create=True), values)
    planned = " (planned)" if s.day > _state(ctx).today else ""
    typer.echo(f"Saved session {s.id}{planned}: {messages.session_brief(s)}.")


def _session_values(
    ctx: typer.Context,
    when: str | None,
    time: str | None,
    drug: str | None,
    route: str | None,
    dose: str | None,
    dose_per_kg: str | None,
    duration: str | None,
    dissociation: str | None,
    clinic: str | None,
    note: str | None,
    *,
    editing: bool = False,
) -> dict[str, Any]:
    from ketalog.dates import parse_time
    from ketalog.fields import DRUGS, ROUTES, SESSION, parse_choice, parse_fields

    values: dict[str, Any] = parse_fields(SESSION, {
        "dose_mg": dose, "dose_mg_per_kg": dose_per_kg, "duration_min": duration,
        "dissociation": dissociation, "clinic": clinic, "note": note,
    })  # fmt: skip
    if when is not None or not editing:
        values["day"] = _when(when, ctx, ahead=365).isoformat()
    if time is not None:
        values["time"] = parse_time(time)
    if drug is not None:
        values["drug"] = parse_choice("--drug", drug, DRUGS)
    if route is not None:
        values["route"] = parse_choice("--route", route, ROUTES)
    return values


@session_app.command("list")
def session_list(
    ctx: typer.Context,
    as_json: Annotated[bool, Opt("--json", help="Print a JSON array.")] = False,
) -> None:
    """List your sessions, oldest first, with their IDs.

    Example: ketalog session list --json
    """
    from ketalog import journal

    sessions = _read(ctx, journal.list_sessions)
    if as_json:
        _print_json([s.to_json() for s in sessions])
        return
    if not sessions:
        typer.echo("No sessions yet — add one with `ketalog session add`.")
        return
    from ketalog import render

    _console().print(render.sessions_table(sessions, _state(ctx).today))


@session_app.command("edit")
def session_edit(
    ctx: typer.Context,
    session_id: Annotated[
        int, typer.Argument(metavar="ID", help="Session ID from `ketalog session list`.")
    ],
    when: Annotated[str | None, Opt("--date", help="New day.")] = None,
    time: Annotated[str | None, Opt("--time", help="New start time, HH:MM.")] = None,
    drug: Annotated[str | None, Opt(help="ketamine, esketamine or other.")] = None,
    route: Annotated[str | None, Opt(help="iv, im, intranasal, oral, sublingual or other.")] = None,
    dose: Annotated[str | None, Opt("--dose", help="Dose in mg.", metavar="MG")] = None,
    dose_per_kg: Annotated[
        str | None, Opt("--dose-per-kg", help="Dose in mg/kg.", metavar="X")
    ] = None,
    duration: Annotated[str | None, Opt(help="Length in minutes.", metavar="MIN")] = None,
    dissociation: Annotated[str | None, Opt(help="Peak dissociation 0-10.", metavar="0-10")] = None,
    clinic: Annotated[str | None, Opt(help="Clinic name.")] = None,
    note: Annotated[str | None, Opt(help="Note.")] = None,
) -> None:
    """Change fields of a session; the others stay as they are.

    Example: ketalog session edit 3 --dissociation 6 --note "felt calmer"
    """
    from ketalog import actions, messages
    from ketalog.fields import SESSION

    values = _session_values(
        ctx,
        when,
        time,
        drug,
        route,
        dose,
        dose_per_kg,
        duration,
        dissociation,
        clinic,
        note,
        editing=True,
    )
    if not values:
        raise InputError("nothing to change: give at least one option, e.g. --dose 40")
    old, new = actions.edit_session(_open(ctx, create=False), session_id, values)
    changed = messages.changes(old, new, ("day", "time", "drug", "route", *SESSION))
    typer.echo(
        f"Session {session_id}: " + ("; ".join(changed) if changed else "nothing changed") + "."
    )


@session_app.command("delete")
def session_delete(
    ctx: typer.Context,
    session_id: Annotated[
        int, typer.Argument(metavar="ID", help="Session ID from `ketalog session list`.")
    ],
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Delete a session (asks first). `ketalog undo` brings it back.

    Example: ketalog session delete 3 --yes
    """
    from ketalog import actions, journal, messages

    conn = _open(ctx, create=False)
    s = journal.get_session(conn, session_id)
    _confirm(f"Delete session {session_id}, {messages.session_brief(s)}?", yes)
    actions.delete_session(conn, session_id)
    typer.echo(f"Deleted session {session_id}. `ketalog undo` brings it back.")


# --- questionnaires ---------------------------------------------------------------

AnswersOpt = Annotated[
    str | None, Opt("--answers", help="All answers at once, 0-3 each, e.g. 0,1,2,...")
]
DateOpt = Annotated[str | None, Opt("--date", help="Day it was taken (default: today).")]


@assess_app.command("phq9")
def assess_phq9(
    ctx: typer.Context,
    answers: AnswersOpt = None,
    when: DateOpt = None,
    difficulty: Annotated[
        int | None,
        Opt(min=0, max=3, help="0 not difficult at all ... 3 extremely difficult."),
    ] = None,
) -> None:
    """Take the PHQ-9 depression questionnaire (9 questions, about 2 minutes).

    Example: ketalog assess phq9 --answers 1,1,0,2,1,0,1,0,0
    """
    _assess(ctx, "phq9", answers, when, difficulty)


@assess_app.command("gad7")
def assess_gad7(ctx: typer.Context, answers: AnswersOpt = None, when: DateOpt = None) -> None:
    """Take the GAD-7 anxiety questionnaire (7 questions, about 2 minutes).

    Example: ketalog assess gad7 --answers 1,1,2,1,0,1,0
    """
    _assess(ctx, "gad7", answers, when, None)


def _assess(
    ctx: typer.Context, key: str, answers: str | None, when: str | None, difficulty: int | None
) -> None:
    from ketalog import actions, assess, config, crisis, messages, paths

    inst = assess.INSTRUMENTS[key]
    day = _when(when, ctx)
    own_line = config.load(paths.config_file()).crisis_line

    def safety() -> None:
        typer.echo("\n".join(messages.wrapped(crisis.lines(own_line))) + "\n")

    if answers is not None:
        values = assess.parse_answers(inst, answers)
    elif _interactive():
        from ketalog.prompts import ask_questionnaire

        values, difficulty = ask_questionnaire(inst, _ask, _say, on_safety=safety)
    else:
        raise InputError(
            f"give --answers (9 or 7 numbers 0-3), or run `ketalog assess {key}` in a terminal"
        )
    scored = assess.score(inst, values)
    if answers is not None and scored.safety_flag:
        safety()  # before anything else
    taken = actions.take_assessment(_open(ctx, create=True), day, key, values, difficulty)
    typer.echo("\n".join(messages.wrapped(messages.assessment_lines(taken))))


@assess_app.command("list")
def assess_list(
    ctx: typer.Context,
    as_json: Annotated[bool, Opt("--json", help="Print a JSON array.")] = False,
) -> None:
    """Your questionnaire scores over time, with their severity bands.

    Example: ketalog assess list --json
    """
    from ketalog import journal

    found = _read(ctx, journal.list_assessments)
    if as_json:
        _print_json([a.to_json() for a in found])
        return
    if not found:
        typer.echo("No questionnaires yet — try `ketalog assess phq9` or `ketalog assess gad7`.")
        return
    from ketalog import render

    _console().print(render.noted(render.assessments_table(found)))


# --- reading ----------------------------------------------------------------------


@app.command("history")
def history(
    ctx: typer.Context,
    since: Annotated[str | None, Opt(help="First day to show.")] = None,
    until: Annotated[str | None, Opt(help="Last day to show.")] = None,
    as_json: Annotated[bool, Opt("--json", help="Print a JSON array.")] = False,
) -> None:
    """Show your check-ins with the days since the session before each.

    Example: ketalog history --since "14 days ago"
    """
    from ketalog import actions

    start = _when(since, ctx, what="--since") if since else None
    end = _when(until, ctx, what="--until") if until else None
    rows = _read(ctx, lambda conn: actions.history(conn, start, end))
    if as_json:
        _print_json([r.checkin.to_json(r.days_since_session) for r in rows])
        return
    if not rows:
        typer.echo("No check-ins in this period — log one with `ketalog log`.")
        return
    from ketalog import render

    console = _console()
    console.print(render.noted(render.history_table(rows, console.width)))


@app.command("today")
def today(ctx: typer.Context) -> None:
    """Where you are today: days since your session, today's check-in, one tip.

    Example: ketalog today
    """
    from ketalog import actions, messages

    state = _state(ctx)
    if not state.db_path.exists():
        typer.echo("Nothing logged yet. Start with `ketalog session add` and `ketalog log`.")
        return
    view = actions.day_view(_open(ctx, create=False), state.today, limit=1)
    typer.echo("\n".join(messages.wrapped(messages.today_lines(view, state.today))))


class By(str, enum.Enum):
    none = "none"
    route = "route"
    drug = "drug"


@app.command("trends")
def trends_command(
    ctx: typer.Context,
    days: Annotated[int, Opt(min=1, max=30, help="Days after a session to show, 1-30.")] = 7,
    by: Annotated[By, Opt(help="Compare groups: none, route or drug.")] = By.none,
    sessions: Annotated[
        int, Opt(min=1, help="How many recent sessions the per-session table shows.")
    ] = 12,
    as_json: Annotated[bool, Opt("--json", help="Print the numbers as JSON.")] = False,
) -> None:
    """How your fatigue evolves by days since a session, and how each session went.

    Example: ketalog trends --days 10 --by route
    """
    from ketalog import actions

    if _state(ctx).db_path.exists():
        t = actions.recovery(_open(ctx, create=False), _state(ctx).today, days=days, by=by.value)
    else:
        t = actions.empty_trends(days, by.value)
    if as_json:
        _print_json(t.to_json())
        return
    from ketalog import render

    console = _console()
    console.print(render.trends_view(t, width=console.width, sessions=sessions))


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
    as_json: Annotated[bool, Opt("--json", help="Print JSON.")] = False,
) -> None:
    """Recovery tips chosen for how you are doing today, each with the reason.

    Example: ketalog tips --strategy hydration
    """
    import shutil

    from ketalog import messages
    from ketalog.tipdata import BY_KEY, DISCLAIMER, FAMILIES

    width = min(shutil.get_terminal_size().columns, 100)
    if strategy is not None or show_all:
        families = list(FAMILIES) if show_all else [BY_KEY[strategy.value]]  # type: ignore[union-attr]
        if as_json:
            _print_json({"disclaimer": DISCLAIMER, "strategies": [f.to_json() for f in families]})
        else:
            typer.echo("\n".join(messages.family_lines(families, width)))
        return
    from ketalog import actions

    state = _state(ctx)
    if state.db_path.exists():
        view = actions.day_view(_open(ctx, create=False), state.today)
    else:
        view = actions.empty_day(state.today)
    if as_json:
        _print_json({"day": state.today.isoformat(), "disclaimer": DISCLAIMER,
                     "tips": [t.to_json() for t in view.tips]})  # fmt: skip
    else:
        typer.echo("\n".join(messages.tips_lines(view, width)))


class Format(str, enum.Enum):
    text = "text"
    markdown = "markdown"
    html = "html"
    pdf = "pdf"
    json = "json"


@app.command("summary")
def summary_command(
    ctx: typer.Context,
    since: Annotated[str | None, Opt(help="First day (default: 90 days before --until).")] = None,
    until: Annotated[str | None, Opt(help="Last day (default: today).")] = None,
    fmt: Annotated[Format, Opt("--format", "-f", help="text, markdown, html, pdf or json.")] = (
        Format.text
    ),
    output: Annotated[Path | None, Opt("--output", "-o", help="Write to this file.")] = None,
    force: Annotated[bool, Opt("--force", help="Replace the --output file if it exists.")] = False,
    name: Annotated[str | None, Opt(help="Name to print (default: `config set name`).")] = None,
) -> None:
    """A summary of your recovery to print or send to your provider.

    Example: ketalog summary --format pdf -o visit.pdf
    """
    from datetime import timedelta

    from ketalog import actions, config, paths
    from ketalog.report.model import DEFAULT_DAYS

    state = _state(ctx)
    end = _when(until, ctx, what="--until") if until else state.today
    start = _when(since, ctx, what="--since") if since else end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise InputError(f"--since {start} is after --until {end}")
    if fmt is Format.pdf and output is None and sys.stdout.isatty():
        raise InputError("a PDF is not for the terminal: add -o FILE, e.g. -o visit.pdf")
    if output is not None and output.exists() and not force:
        raise KetalogError(f"{output} already exists; add --force to replace it")
    prefs = config.load(paths.config_file())
    s = actions.summary(_open(ctx, create=False), start, end, state.today, name or prefs.name)
    if fmt is Format.text and output is None:
        from ketalog.report import text

        console = _console()
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


class ExportFormat(str, enum.Enum):
    json = "json"
    csv = "csv"


class ExportTable(str, enum.Enum):
    checkins = "checkins"
    sessions = "sessions"


@app.command("export")
def export_command(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, Opt("--format", "-f", help="json (everything) or csv.")] = (
        ExportFormat.json
    ),
    table: Annotated[ExportTable, Opt(help="For csv: checkins or sessions.")] = (
        ExportTable.checkins
    ),
    output: Annotated[Path | None, Opt("--output", "-o", help="Write to this file.")] = None,
    force: Annotated[bool, Opt("--force", help="Replace the --output file if it exists.")] = False,
) -> None:
    """Export the whole journal: JSON keeps everything, CSV suits spreadsheets.

    Example: ketalog export -o ketalog-backup.json
    """
    from ketalog import transfer

    conn = _open(ctx, create=False)
    if fmt is ExportFormat.json:
        data = transfer.export_json(conn, transfer.now_utc())
    else:
        data = transfer.export_csv(conn, table.value)
    if output is None:
        typer.echo(data, nl=False)
        return
    from ketalog.files import write_private

    write_private(output, data.encode(), force=force)
    typer.echo(f"Exported to {output}", err=True)


@app.command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A ketalog JSON export, or one of its CSV files.")],
    dry_run: Annotated[bool, Opt("--dry-run", help="Report what would change; write nothing.")] = (
        False
    ),
) -> None:
    """Merge an export into this journal; importing the same file twice adds nothing.

    Example: ketalog import ketalog-backup.json --dry-run
    """
    from ketalog import transfer

    incoming = transfer.read_file(file)  # checked before the journal is touched
    if dry_run and not _state(ctx).db_path.exists():
        report = transfer.dry_run_on_empty(incoming, file)
    else:
        conn = _open(ctx, create=True)
        report = transfer.merge_report(conn, incoming, dry_run=dry_run, source=file)
    typer.echo("\n".join(report.lines()))


@app.command("backup")
def backup_command(
    ctx: typer.Context,
    dest: Annotated[
        Path | None,
        typer.Argument(help="File or folder for the copy (default: the backups folder)."),
    ] = None,
) -> None:
    """Save a consistent copy of the journal (safe while ketalog is in use).

    Example: ketalog backup ~/Documents/ketalog-copy.db
    """
    from ketalog import paths, transfer

    db_path = _state(ctx).db_path
    conn = _open(ctx, create=False)
    now = transfer.now_utc()
    if dest is None:
        target = transfer.backup_path(paths.backup_dir(db_path), now)
    elif dest.is_dir():
        target = transfer.backup_path(dest, now)
    else:
        target = dest
    typer.echo(f"Backed up to {transfer.backup(conn, target)}")


@app.command("restore")
def restore_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup made by `ketalog backup`.")],
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Replace the journal with a backup; the current journal is kept as a backup first.

    Example: ketalog restore ~/.local/share/ketalog/backups/journal-20261101-090000.db
    """
    from ketalog import paths, transfer

    db_path = _state(ctx).db_path
    if file.resolve() == db_path.resolve():
        raise InputError(f"{file} is the journal itself; name a backup file")
    _, counts = transfer.inspect_file(file)
    what = ", ".join(f"{n} {k}" for k, n in counts.items())
    _confirm(f"Replace the journal at {db_path} with {file} ({what})?", yes)
    conn = _open(ctx, create=True)
    kept = transfer.backup(conn, transfer.backup_path(paths.backup_dir(db_path), transfer.now_utc(),
                                                      "journal-before-restore"))  # fmt: skip
    transfer.restore(conn, file)
    typer.echo(f"Restored {file} ({what}). The journal it replaced is kept at {kept}")


@app.command("check")
def check_command(ctx: typer.Context) -> None:
    """Check the journal's integrity, schema and contents.

    Example: ketalog check
    """
    from ketalog import transfer

    db_path = _state(ctx).db_path
    health = transfer.check(_open(ctx, create=False), db_path)
    typer.echo("\n".join(health.lines))
    if not health.ok:
        raise typer.Exit(1)


@app.command("undo")
def undo(ctx: typer.Context) -> None:
    """Reverse the latest change (a log, an edit, a delete, an import). Repeatable.

    Example: ketalog undo
    """
    from ketalog import journal

    if not _state(ctx).db_path.exists():
        typer.echo("Nothing to undo.")
        return
    done = journal.undo(_open(ctx, create=False))
    if done is None:
        typer.echo("Nothing to undo.")
        return
    plural = "change" if done.changes == 1 else "changes"
    typer.echo(f"Undid the {done.description} ({done.changes} {plural}).")


@app.command("where")
def where(ctx: typer.Context) -> None:
    """Show where your journal, config and backups live.

    Example: ketalog where
    """
    from ketalog import paths

    db = _state(ctx).db_path
    typer.echo(f"journal: {db}{'' if db.exists() else ' (not created yet)'}")
    typer.echo(f"config:  {paths.config_file()}")
    typer.echo(f"backups: {paths.backup_dir(db)}")


# --- config -----------------------------------------------------------------------


@config_app.command("show")
def config_show() -> None:
    """Show your preferences and every key you can set.

    Example: ketalog config show
    """
    from ketalog import config, paths

    path = paths.config_file()
    current = config.read_raw(path)
    typer.echo(f"# {path}")
    for key, meaning in config.KEYS.items():
        value = current.get(key)
        shown = "(not set)" if value is None else str(value)
        typer.echo(f"{key:24} {shown:20} {meaning}")


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(help="One of the keys `ketalog config show` lists.")],
    value: Annotated[str, typer.Argument(help="The new value; an empty value unsets the key.")],
) -> None:
    """Set a preference; an empty value ("") unsets it.

    Example: ketalog config set default_route iv
    """
    from ketalog import config, paths

    stored = config.save_value(paths.config_file(), key, value)
    typer.echo(f"{key} unset." if stored is None else f"{key} = {stored}")


@app.command("demo")
def demo(
    ctx: typer.Context,
    seed: Annotated[int, Opt(help="Random seed for the made-up data.")] = 7,
) -> None:
    """Try ketalog on a made-up journal in a temporary folder (never your own).

    Example: ketalog demo --seed 3
    """
    from ketalog import demo as demo_tour

    demo_tour.run(_state(ctx).today, seed, _console())


def _app_for(argv: Sequence[str]) -> typer.Typer:
    """The app to run `argv` with: for a plain top-level command, an app holding only
    that command (Typer builds every command's options at start-up, and the others'
    cost ~8 ms that `ketalog log` should not pay); otherwise the full app."""
    args = iter(argv)
    for token in args:
        if token == "--db":
            next(args, None)
        elif token.startswith("--db="):
            continue
        elif token.startswith("-"):
            return app
        else:
            chosen = [c for c in app.registered_commands if c.name == token]
            if not chosen:
                return app
            only = typer.Typer(cls=KetalogGroup, add_completion=False, rich_markup_mode=None,
                               pretty_exceptions_show_locals=False,
                               context_settings=app.info.context_settings)  # fmt: skip
            only.registered_callback = app.registered_callback
            only.registered_commands = chosen
            return only
    return app


def main() -> None:
    """Entry point of the `ketalog` script: no traceback ever reaches the user."""
    try:
        _app_for(sys.argv[1:])(prog_name="ketalog")
    except SystemExit:
        raise
    except Exception as e:  # a bug: one line, exit 1, and no journal text
        typer.echo(f"ketalog: unexpected error ({type(e).__name__}); nothing was saved", err=True)
        sys.exit(1)
