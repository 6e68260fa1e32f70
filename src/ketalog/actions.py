"""What each command does with the journal: journal reads and writes joined to the
pure core. The CLI calls one of these and hands the result to a renderer."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from ketalog import dates, journal, questions
from ketalog.errors import InputError
from ketalog.journal import Value
from ketalog.model import Assessment, Checkin, Question, Session
from ketalog.recovery import RECENT_WINDOW, SessionRecovery, place, recoveries

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from pathlib import Path

    from ketalog import trends
    from ketalog.changelog import AtRestore, Command, Entry, Undone
    from ketalog.config import Config
    from ketalog.insights.findings import Insights
    from ketalog.tips import Chosen


def _writing(conn: sqlite3.Connection, name: str) -> AbstractContextManager[Command]:
    """`changelog.writing`: imported by the commands that write, not by every reader."""
    from ketalog import changelog

    return changelog.writing(conn, name)


def open_journal(
    path: Path, *, create: bool, notice: Callable[[str], None], upgrade: bool = True
) -> sqlite3.Connection:
    """The journal at `path`, checked, made private and brought up to date."""
    from ketalog.db import open_db

    return open_db(path, create=create, notice=notice, upgrade=upgrade)


class DayView(NamedTuple):
    """Where the patient stands on one day, for `today`, `tips` and after `log`."""

    day: date
    checkin: Checkin | None
    last_session: Session | None
    offset: int | None
    next_session: Session | None
    usual_level: float | None  # the latest session's starting level
    prolonged: SessionRecovery | None  # set while the latest check-in is prolonged
    tips: list[Chosen]
    has_sessions: bool
    driving: str | None = None  # the no-driving point, on session day and the day before
    reassure: bool = False  # days 0-3: the tiredness is common and usually passes

    @property
    def low_mood(self) -> bool:
        from ketalog import tips

        return tips.low_mood(self.checkin)


def empty_day(day: date) -> DayView:
    """The view of a day in a journal that does not exist yet."""
    from ketalog import tips

    situation = tips.Situation(day=day)
    return DayView(day, None, None, None, None, None, None, tips.choose(situation), False)


def latest_recovery(
    conn: sqlite3.Connection, day: date, days: int = 7
) -> tuple[SessionRecovery | None, date | None]:
    """The recovery of the session that owns `day` (the latest on or before it) and the
    day of the latest check-in up to `day`. Reads the sessions, the eve readings (in
    SQL) and the four weeks before that session, not the whole journal."""
    last = journal.last_session(conn, day)
    if last is None:
        return None, None  # no session: nothing to recover from
    sessions = journal.list_sessions(conn, until=day)
    window = journal.trend_checkins(conn, since=last.day - timedelta(days=RECENT_WINDOW), until=day)
    checkins = journal.merged(journal.eve_checkins(conn, last.day, since=last.day), window)
    recs = recoveries(sessions, place(sessions, checkins), days, day)
    return recs[-1], window[-1].day if window else None


def day_view(
    conn: sqlite3.Connection, day: date, *, limit: int = 3, today: date | None = None
) -> DayView:
    """Reads only what one day needs, so `log` and `today` stay quick on a long journal.
    With `today` after `day` (a back-dated check-in) the tips speak of that day."""
    from ketalog import tips

    rec, latest = latest_recovery(conn, day)
    last = None if rec is None else rec.session
    checkin = journal.get_checkin(conn, day)
    running = None
    if (
        rec is not None
        and latest is not None
        and (latest - rec.session.day).days in set(rec.prolonged_days)
    ):
        running = rec
    nxt = journal.next_session(conn, day)
    usual = None if rec is None else rec.start_level
    situation = tips.Situation(
        day=day,
        checkin=checkin,
        offset=None if last is None else (day - last.day).days,
        last_session=last,
        next_session=nxt,
        usual_level=usual,
        prolonged=running is not None,
        symptoms=frozenset(checkin.symptoms) if checkin else frozenset(),
        open_questions=questions.open_question_count(conn),
        past=today is not None and day < today,
    )
    return DayView(
        day=day,
        checkin=checkin,
        last_session=last,
        offset=situation.offset,
        next_session=nxt,
        usual_level=usual,
        prolonged=running,
        tips=tips.choose(situation, limit),
        has_sessions=last is not None or nxt is not None or journal.session_count(conn) > 0,
        driving=tips.driving(situation),
        reassure=tips.reassure(situation),
    )


class Logged(NamedTuple):
    old: Checkin | None
    new: Checkin
    view: DayView
    note_added: bool = False  # --note added a line to the day's note


def log_checkin(
    conn: sqlite3.Connection,
    day: date,
    values: dict[str, Value],
    clear: tuple[str, ...] = (),
    today: date | None = None,
) -> Logged:
    """Save the day's check-in. A note given for a day that has one is added as a new
    line, unless the note is also cleared (then it replaces it); clearing the note
    takes the "for my provider" mark with it; the mark needs a note."""
    values = dict(values)
    added = False
    with _writing(conn, "log") as cmd:
        current = journal.get_checkin(conn, day)
        if values.get("note") and "note" in clear:
            clear = tuple(c for c in clear if c != "note")
        elif values.get("note") and current is not None and current.note:
            values["note"] = f"{current.note}\n{values['note']}"
            added = True
        if "note" in clear and "for_provider" not in values:
            values["for_provider"] = 0
        old, new = journal.save_checkin(conn, day, values, clear)
        if values.get("for_provider") and not new.note:
            raise InputError(
                f"--for-provider marks the day's note, and {dates.label(day, today)} has none: "
                "add --note TEXT"
            )
        if old is None:
            cmd.description = f"new check-in for {dates.label(day)}"
        else:
            from ketalog.fields import changed_words, checkin_names

            fields = changed_words(old, new, checkin_names())
            cmd.description = f"change to the check-in for {dates.label(day)}" + (
                f" ({fields})" if fields else ""
            )
    return Logged(old, new, day_view(conn, day, limit=1, today=today), added)


def delete_checkin(conn: sqlite3.Connection, day: date) -> Checkin:
    with _writing(conn, "log --delete") as cmd:
        old = journal.delete_checkin(conn, day)
        cmd.description = f"deletion of the check-in for {dates.label(day)}"
    return old


def get_checkin(conn: sqlite3.Connection, day: date) -> Checkin | None:
    return journal.get_checkin(conn, day)


def add_session(conn: sqlite3.Connection, values: dict[str, Value]) -> Session:
    with _writing(conn, "session add") as cmd:
        s = journal.add_session(conn, values)
        cmd.description = f"new session {s.id} on {dates.label(s.day)}"
    return s


def sessions_on(conn: sqlite3.Connection, day: date) -> list[tuple[Session, bool]]:
    """The sessions already on `day`, each with whether it was planned ahead."""
    return journal.sessions_on(conn, day)


class SessionPlan(NamedTuple):
    """What `session add` is about to save, before it asks about the dose or a second
    session that day."""

    planned: Session | None  # the planned session of that day, which this one records
    values: dict[str, Any]  # to save: the given values, or a new session's with defaults
    whole: dict[str, Any]  # the session as it will be (its dose is checked)
    others: list[Session]  # the sessions already that day (a new one would be a second)


ROUTE_NEEDED = (
    "--route is needed (iv, im, intranasal, oral, sublingual or other); "
    "`ketalog config set default_route iv` saves typing it"
)


def plan_session(
    existing: list[tuple[Session, bool]], given: dict[str, Any], prefs: Config, today: date
) -> SessionPlan:
    """On a day with a planned session, once that day has come, the given values fill
    that session in (the others stay as planned); otherwise a new session, with the
    configured drug, route and dose where none is given. A new session needs a route.
    (Planning a day that has a plan again is a second session.)"""
    planned = next((s for s, plan in existing if plan and s.day <= today), None)
    if planned is not None:
        return SessionPlan(planned, given, {**planned._asdict(), **given}, [])
    values = prefs.fill_session(given)
    if "route" not in values:
        raise InputError(ROUTE_NEEDED)
    return SessionPlan(None, values, values, [s for s, _ in existing])


def list_sessions(conn: sqlite3.Connection) -> list[Session]:
    return journal.list_sessions(conn)


def get_session(conn: sqlite3.Connection, session_id: int) -> Session:
    return journal.get_session(conn, session_id)


def fulfil_session(
    conn: sqlite3.Connection, planned: Session, values: dict[str, Value]
) -> tuple[Session, Session]:
    """A planned session's day has come: it becomes the actual session, with the
    values given now filled in (the others stay as planned)."""
    with _writing(conn, "session add") as cmd:
        journal.touch_session(conn, planned.id)  # recorded, even as planned: no longer a plan
        old, new = journal.update_session(conn, planned.id, values)
        cmd.description = f"recording of the session planned for {dates.label(planned.day)}"
    return old, new


def edit_session(
    conn: sqlite3.Connection, session_id: int, values: dict[str, Value]
) -> tuple[Session, Session]:
    with _writing(conn, "session edit") as cmd:
        old, new = journal.update_session(conn, session_id, values)
        cmd.description = f"changes to session {session_id} ({dates.label(old.day)})"
    return old, new


def delete_session(conn: sqlite3.Connection, session_id: int) -> Session:
    with _writing(conn, "session delete") as cmd:
        old = journal.delete_session(conn, session_id)
        cmd.description = f"deletion of session {session_id} ({dates.label(old.day)})"
    return old


class HistoryRow(NamedTuple):
    checkin: Checkin
    days_since_session: int | None


def history(conn: sqlite3.Connection, since: date | None, until: date | None) -> list[HistoryRow]:
    """The check-ins of [since, until], each with its days since session; only those
    check-ins are read (and the sessions before them)."""
    sessions = journal.list_sessions(conn, until=until)
    placed = place(sessions, journal.list_checkins(conn, since=since, until=until))
    return [HistoryRow(p.checkin, p.offset) for p in placed]


def recovery(
    conn: sqlite3.Connection, today: date, *, days: int, by: trends.GroupBy
) -> trends.Trends:
    """The recovery picture of the whole journal up to today."""
    from ketalog import trends  # only the readings of many sessions need it

    sessions = journal.list_sessions(conn, until=today)
    checkins = journal.trend_checkins(conn, until=today)
    return trends.compute(sessions, checkins, days=days, by=by, until=today)


def empty_trends(days: int, by: trends.GroupBy) -> trends.Trends:
    from ketalog import trends

    return trends.compute([], [], days=days, by=by)


class Taken(NamedTuple):
    assessment: Assessment
    previous: Assessment | None


def take_assessment(
    conn: sqlite3.Connection,
    day: date,
    instrument: str,
    answers: tuple[int, ...],
    difficulty: int | None = None,
) -> Taken:
    from ketalog import assess

    scored = assess.score(assess.INSTRUMENTS[instrument], answers)
    earlier = journal.list_assessments(conn, until=day, instrument=instrument)
    with _writing(conn, f"assess {instrument}") as cmd:
        new = journal.add_assessment(
            conn, day, instrument, answers, scored.total, scored.band, scored.item9, difficulty
        )
        cmd.description = (
            f"{assess.INSTRUMENTS[instrument].name} questionnaire for {dates.label(day)}"
        )
    return Taken(new, earlier[-1] if earlier else None)


def list_assessments(conn: sqlite3.Connection) -> list[Assessment]:
    return journal.list_assessments(conn)


def question_text(typed: str) -> str:
    """The question as kept: its spaces tidied; refused when empty or too long."""
    text = " ".join(typed.split())
    if not text:
        raise InputError("the question is empty; type it in quotes after `ketalog ask`")
    if len(text) > questions.QUESTION_MAX:
        raise InputError(
            f"the question is {len(text)} characters long; keep it to "
            f"{questions.QUESTION_MAX} (add details in a note)"
        )
    return text


def ask_question(conn: sqlite3.Connection, day: date, text: str) -> Question:
    with _writing(conn, "ask") as cmd:
        q = questions.add_question(conn, day, text)
        cmd.description = f"question for your next visit, {_quoted(q.text)}"
    return q


def close_question(conn: sqlite3.Connection, question_id: int, day: date) -> Question:
    with _writing(conn, "ask --done") as cmd:
        q = questions.close_question(conn, question_id, day)
        cmd.description = f"closing of question {question_id}, {_quoted(q.text)}"
    return q


def _quoted(text: str, limit: int = 40) -> str:
    """A question in a change log line: quoted, and cut at a word when long."""
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"“{text}”"


def list_questions(conn: sqlite3.Connection) -> list[Question]:
    return questions.list_questions(conn)


def change_log(conn: sqlite3.Connection) -> tuple[list[Entry], Entry | None]:
    """The latest changes, and the one `redo` would put back."""
    from ketalog import changelog

    return changelog.entries(conn), changelog.next_redo(conn)


def next_undo(conn: sqlite3.Connection) -> Entry | None:
    from ketalog import changelog

    return changelog.next_undo(conn)


def undo(conn: sqlite3.Connection, expected: int | None) -> Undone | AtRestore | None:
    from ketalog import changelog

    return changelog.undo(conn, expected=expected)


def next_redo(conn: sqlite3.Connection) -> Entry | None:
    from ketalog import changelog

    return changelog.next_redo(conn)


def redo(conn: sqlite3.Connection, expected: int | None) -> Undone | None:
    from ketalog import changelog

    return changelog.redo(conn, expected=expected)


def insights(conn: sqlite3.Connection, today: date) -> Insights:
    """Patterns in the latest sessions up to today (numpy: only `insights` and `summary`)."""
    from ketalog.insights import collect

    return collect.from_journal(conn, today)


def empty_insights() -> Insights:
    from ketalog.insights import findings

    return findings.compute([], [], date.min)
