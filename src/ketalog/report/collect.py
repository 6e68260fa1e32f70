"""The provider summary read from the journal: its period, then what it shows."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from ketalog import journal, questions, recovery, trends
from ketalog.errors import InputError
from ketalog.report import DEFAULT_DAYS
from ketalog.report.model import Summary, provider_notes


def period(since: date | None, until: date | None, today: date) -> tuple[date, date]:
    """The days a summary covers: until today by default, and the DEFAULT_DAYS before
    its last day; a first day after the last is refused."""
    end = until or today
    start = since or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise InputError(f"--since {start} is after --until {end}")
    return start, end


def summary(
    conn: sqlite3.Connection,
    since: date,
    until: date,
    today: date,
    name: str | None,
    days: int = 7,
) -> Summary:
    """The provider summary of [since, until], never starting before the journal's
    first entry: curves from the period, starting levels from the whole journal up to
    `until` — read as the eve readings (in SQL) and the four weeks before the period,
    which is all they depend on, so a long journal is not loaded."""
    from ketalog.insights import collect  # numpy: only when a summary is made

    first = journal.first_day(conn)
    if first is not None and since < first <= until:
        since = first
    sessions = journal.list_sessions(conn, until=until)
    owner = journal.last_session(conn, since)
    before = min(since, owner.day if owner else since) - timedelta(days=recovery.RECENT_WINDOW)
    checkins = journal.list_checkins(conn, since=since, until=until)
    context = journal.merged(
        journal.eve_checkins(conn, until, since=min(since, owner.day if owner else since)),
        journal.trend_checkins(conn, since=before, until=since - timedelta(days=1)),
        checkins,
    )
    t = trends.compute(sessions, context, days=days, since=since, until=until)
    placed = recovery.place(sessions, checkins)
    return Summary(
        name=name,
        since=since,
        until=until,
        generated=today,
        sessions=[s for s in sessions if s.day >= since],
        trends=t,
        notes=provider_notes(checkins),
        days_logged=len(checkins),
        assessments=journal.list_assessments(conn, since, until),
        questions=tuple(questions.list_questions(conn)),
        next_session=journal.next_session(conn, max(until, today)),
        symptom_days=tuple((p.offset, p.checkin.symptoms) for p in placed),
        checkin_days=tuple(
            (p.checkin.day, p.offset, p.checkin.fatigue, p.checkin.mood) for p in placed
        ),
        insights=collect.from_journal(conn, until),
    )
