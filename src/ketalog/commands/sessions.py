"""`ketalog session add / list / edit / delete`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import typer

from ketalog.commands.common import (
    Opt,
    PlainUsage,
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

app = typer.Typer(help="Record and manage treatment sessions.", no_args_is_help=True)

# The options `session add` and `session edit` share.
TimeOpt = Annotated[
    str | None,
    Opt("--time", metavar="TIME", help="Start time: 14:30, 14h30, 2:30pm, 2pm or noon."),
]
DrugOpt = Annotated[str | None, Opt(metavar="DRUG", help="ketamine, esketamine or other.")]
RouteOpt = Annotated[
    str | None, Opt(metavar="ROUTE", help="iv, im, intranasal, oral, sublingual or other.")
]
DoseOpt = Annotated[
    str | None, Opt("--dose", help="Dose in mg (above 0, at most 1000).", metavar="MG")
]
DosePerKgOpt = Annotated[
    str | None, Opt("--dose-per-kg", help="Dose in mg/kg (above 0, at most 10).", metavar="X")
]
DurationOpt = Annotated[str | None, Opt(help="Length in minutes, 1-1440.", metavar="MIN")]
DissociationOpt = Annotated[str | None, Opt(help="Peak dissociation 0-10.", metavar="0-10")]
ClinicOpt = Annotated[str | None, Opt(metavar="TEXT", help="Clinic name.")]
NoteOpt = Annotated[str | None, Opt(metavar="TEXT", help="A note about the session.")]


YesOpt = Annotated[
    bool, Opt("--yes", "-y", help="Do not ask to confirm an unusual dose or a second session.")
]


def _session_id(value: int) -> int:
    if not 1 <= value <= 2**63 - 1:  # SQLite's largest row id
        raise typer.BadParameter(f"{value} is not a session ID; `ketalog session list` shows them")
    return value


IdArg = Annotated[
    int,
    typer.Argument(
        metavar="ID", callback=_session_id, help="Session ID from `ketalog session list`."
    ),
]


@app.command("add")
def session_add(
    ctx: typer.Context,
    when: Annotated[
        str | None,
        Opt(
            "--date",
            metavar="WHEN",
            help="Day: YYYY-MM-DD, today, yesterday, monday, '20 Nov', tomorrow, "
            "'next friday', 'in 2 weeks'.",
        ),
    ] = None,
    time: TimeOpt = None,
    drug: DrugOpt = None,
    route: RouteOpt = None,
    dose: DoseOpt = None,
    dose_per_kg: DosePerKgOpt = None,
    duration: DurationOpt = None,
    dissociation: DissociationOpt = None,
    clinic: ClinicOpt = None,
    note: NoteOpt = None,
    yes: YesOpt = False,
) -> None:
    """Record a treatment session (asks when run bare on a terminal).

    On a day with a planned session, that session is the one recorded: the values
    given fill it in. Plan one ahead with --date "in 2 weeks" or "next friday".

    Example: ketalog session add --route iv --dose-per-kg 0.5 --duration 40
    """
    from ketalog import actions, config, messages, model, paths
    from ketalog.dates import label

    today = get_state(ctx).today
    given = _session_values(
        ctx, when, time, drug, route, dose, dose_per_kg, duration, dissociation, clinic, note
    )
    prefs = config.load(paths.config_file())
    bare = all(
        v is None
        for v in (when, time, drug, route, dose, dose_per_kg, duration, dissociation, clinic, note)
    )
    asking = bare and interactive()
    if asking:
        from ketalog.prompts import ask_session

        typer.echo("New session. Enter takes the value in [brackets] or skips; Ctrl-C cancels.")
        given.update(
            ask_session(ask, say, prefs.session_defaults(), _day_reader(ctx), _planned_on(ctx))
        )
    day = date.fromisoformat(str(given["day"]))
    existing = read_journal(ctx, lambda conn: actions.sessions_on(conn, day))
    plan = actions.plan_session(existing, given, prefs, today)
    if asking:  # a "no" to an unusual dose asks for the dose again, keeping the rest
        from ketalog.prompts import ask_dose

        while (why := _unusual(plan.whole)) and not yes:
            if typer.confirm(f"Unusual dose — {why}", default=False):
                break
            given.update(ask_dose(ask, say))
            given = {k: v for k, v in given.items() if v is not None}
            plan = actions.plan_session(existing, given, prefs, today)
    elif why := _unusual(plan.whole):
        confirm(f"Unusual dose — {why}", yes, refused="nothing saved")
    if plan.planned is not None:
        old, new = actions.fulfil_session(open_journal(ctx, create=False), plan.planned, given)
        changed = messages.changes(old, new, model.SESSION_COLUMNS)
        what = "; ".join(changed) if changed else "as planned"
        say(
            f"Recorded planned session {new.id} of {label(day, today)}: "
            f"{messages.session_brief(new)}; {what}."
        )
        return
    if plan.others:
        first = plan.others[0]
        confirm(
            f"{label(day, today)} already has session {first.id}: "
            f"{messages.session_brief(first)}. Add a second session that day?",
            yes,
            refused="nothing saved",
        )
    s = actions.add_session(open_journal(ctx, create=True), plan.values)
    planned_now = " (planned)" if s.day > today else ""
    typer.echo(f"Saved session {s.id}{planned_now}: {messages.session_brief(s)}.")


def _planned_on(ctx: typer.Context) -> Callable[[str], dict[str, object] | None]:
    """The values of the session planned for a day (said on screen), for the questions'
    defaults; None when the day has none."""
    from ketalog import actions, messages, model

    def planned(day: str) -> dict[str, object] | None:
        when = date.fromisoformat(day)
        if when > get_state(ctx).today:  # a plan is recorded once its day has come
            return None
        on_day = read_journal(ctx, lambda conn: actions.sessions_on(conn, when))
        found = next((s for s, was_planned in on_day if was_planned), None)
        if found is None:
            return None
        at = f" at {found.time}" if found.time else ""
        say(
            f"  Planned for that day: {messages.session_brief(found)}{at}. This records it; "
            "Enter keeps each planned value."
        )
        return {k: v for k, v in found._asdict().items() if k in model.SESSION_COLUMNS}

    return planned


def _day_reader(ctx: typer.Context) -> Callable[[str], str]:
    """Reads an answer to the date question as --date would, and echoes the day."""
    from ketalog.dates import label

    def read(text: str) -> str:
        day = day_option(text, ctx, ahead=365)
        say(f"  {label(day, get_state(ctx).today)}")
        return day.isoformat()

    return read


def _unusual(values: dict[str, Any]) -> str | None:
    """Why a session's dose needs confirming (above 2 mg/kg, or an mg and mg/kg pair
    implying an odd body weight), or None."""
    from ketalog.fields import unusual_dose

    mg, per_kg = values.get("dose_mg"), values.get("dose_mg_per_kg")
    return unusual_dose(
        float(mg) if isinstance(mg, (int, float)) else None,
        float(per_kg) if isinstance(per_kg, (int, float)) else None,
    )


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

    if dose is not None and dose_per_kg is None and _per_kg(dose):
        dose, dose_per_kg = None, dose  # --dose 0.5mg/kg: the unit says which it is
    values: dict[str, Any] = parse_fields(
        SESSION,
        {
            "dose_mg": dose,
            "dose_mg_per_kg": dose_per_kg,
            "duration_min": duration,
            "dissociation": dissociation,
            "clinic": clinic,
            "note": note,
        },
    )
    if when is not None or not editing:
        values["day"] = day_option(when, ctx, ahead=365).isoformat()
    if time is not None:
        values["time"] = parse_time(time, "--time")
    if drug is not None:
        values["drug"] = parse_choice("--drug", drug, DRUGS)
    if route is not None:
        values["route"] = parse_choice("--route", route, ROUTES)
    return values


def _per_kg(text: str) -> bool:
    return "/kg" in text.lower().replace(" ", "") or text.lower().rstrip().endswith("mgkg")


@app.command("list")
def session_list(
    ctx: typer.Context,
    as_json: Annotated[bool, Opt("--json", help="Print a JSON array.")] = False,
) -> None:
    """List your sessions, oldest first, with their IDs.

    Example: ketalog session list --json
    """
    from ketalog import actions

    sessions = read_journal(ctx, actions.list_sessions)
    if as_json:
        print_json([s.to_json() for s in sessions])
        return
    if not sessions:
        typer.echo("No sessions yet — add one with `ketalog session add`.")
        return
    from ketalog import render

    console = make_console()
    console.print(render.sessions_table(sessions, get_state(ctx).today, console.width))


@app.command("edit", cls=PlainUsage)
def session_edit(
    ctx: typer.Context,
    session_id: IdArg,
    when: Annotated[str | None, Opt("--date", metavar="WHEN", help="New day.")] = None,
    time: TimeOpt = None,
    drug: DrugOpt = None,
    route: RouteOpt = None,
    dose: DoseOpt = None,
    dose_per_kg: DosePerKgOpt = None,
    duration: DurationOpt = None,
    dissociation: DissociationOpt = None,
    clinic: ClinicOpt = None,
    note: NoteOpt = None,
    yes: YesOpt = False,
) -> None:
    """Change fields of a session; the others stay as they are.

    Example: ketalog session edit 3 --dissociation 6 --note "felt calmer"
    """
    from ketalog import actions, messages, model

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
    conn = open_journal(ctx, create=False)
    merged = {**actions.get_session(conn, session_id)._asdict(), **values}
    if ("dose_mg" in values or "dose_mg_per_kg" in values) and (why := _unusual(merged)):
        confirm(f"Unusual dose — {why}", yes, refused="nothing saved")
    old, new = actions.edit_session(conn, session_id, values)
    changed = messages.changes(old, new, model.SESSION_COLUMNS)
    typer.echo(
        f"Session {session_id}: " + ("; ".join(changed) if changed else "nothing changed") + "."
    )


@app.command("delete", cls=PlainUsage)
def session_delete(
    ctx: typer.Context,
    session_id: IdArg,
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Delete a session (asks first). `ketalog undo` brings it back.

    Example: ketalog session delete 3 --yes
    """
    from ketalog import actions, messages

    conn = open_journal(ctx, create=False)
    s = actions.get_session(conn, session_id)
    confirm(f"Delete session {session_id}, {messages.session_brief(s)}?", yes)
    actions.delete_session(conn, session_id)
    typer.echo(f"Deleted session {session_id}. `ketalog undo` brings it back.")
