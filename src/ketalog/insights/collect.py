"""The insights of a journal: the sessions and check-ins they need, read from it."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from ketalog import journal, recovery
from ketalog.insights import factors, findings


def from_journal(conn: sqlite3.Connection, today: date) -> findings.Insights:
    """Patterns in the latest sessions up to today (numpy: only `insights` and `summary`)."""
    sessions = journal.list_sessions(conn, until=today)
    latest = sorted(sessions, key=recovery.session_order)[-factors.LIMIT :]
    since = latest[0].day - timedelta(days=recovery.RECENT_WINDOW) if latest else today
    # the eve readings from the first session looked at on (and the few before it) and
    # the four weeks before it are all that the starting levels need, so a long
    # journal is not loaded whole
    checkins = journal.merged(
        journal.eve_checkins(conn, today, since=latest[0].day) if latest else [],
        journal.list_checkins(conn, since, today),
    )
    return findings.compute(sessions, checkins, today)
