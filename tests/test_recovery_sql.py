"""The quick paths (`today`, `tips`, `log`, the summary) read only part of the journal
and pick eve readings in SQL; on any journal they agree with the whole-journal maths."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ketalog import actions, changelog, curves, db, journal, recovery, trends
from ketalog.report import collect

START = date(2026, 1, 1)
_counter = itertools.count()

JOURNALS = st.tuples(
    st.lists(st.tuples(st.integers(0, 80), st.sampled_from([None, "09:00", "15:00"])), max_size=10),
    st.dictionaries(st.integers(0, 90), st.integers(0, 10), max_size=70),
    st.integers(0, 95),
    st.integers(0, 95),
)


def build(folder: Path, session_days: list[tuple[int, str | None]], fatigue: dict[int, int]):  # type: ignore[no-untyped-def]
    conn = db.open_db(folder / "j.db", create=True)
    with changelog.writing(conn, "test"):
        for d, time in session_days:
            journal.add_session(
                conn,
                {
                    "day": (START + timedelta(days=d)).isoformat(),
                    "time": time,
                    "drug": "ketamine",
                    "route": "iv",
                },
            )
        for d, f in fatigue.items():
            extra = {"mood": f % 7, "sleep_hours": 5.5} if d % 3 else {}
            journal.save_checkin(conn, START + timedelta(days=d), {"fatigue": f, **extra})
    return conn


def whole(conn: sqlite3.Connection, until: date, **kw: object) -> trends.Trends:
    return trends.compute(
        journal.list_sessions(conn),
        journal.list_checkins(conn),
        until=until,
        **kw,  # type: ignore[arg-type]
    )


def essentials(r: recovery.SessionRecovery) -> tuple[object, ...]:
    eve = None if r.start.eve is None else r.start.eve.id  # light rows or full ones
    return (
        r.session.id,
        r.start._replace(eve=eve),
        r.own,
        r.recovery_day,
        r.prolonged_days,
        r.days_since_previous,
    )


@settings(max_examples=40, deadline=None)
@given(JOURNALS)
def test_sql_eve_readings_and_quick_paths_match_the_whole_journal(
    tmp_path_factory: object, data: tuple[list[tuple[int, str | None]], dict[int, int], int, int]
) -> None:
    session_days, fatigue, a, b = data
    folder: Path = tmp_path_factory.mktemp(f"j{next(_counter)}")  # type: ignore[attr-defined]
    conn = build(folder, session_days, fatigue)
    since, until = START + timedelta(days=min(a, b)), START + timedelta(days=max(a, b))
    try:
        full = whole(conn, until)
        # the eve readings picked in SQL are the Python ones
        python_eves = {r.start.eve for r in full.sessions if r.start.eve is not None}
        sql_eves = journal.eve_checkins(conn, until)
        assert [(c.id, c.day, c.fatigue) for c in sql_eves] == sorted(
            ((c.id, c.day, c.fatigue) for c in python_eves), key=lambda x: x[1]
        )
        # today / tips / log: the latest session's recovery and the running warning
        rec, latest = actions.latest_recovery(conn, until)
        if full.sessions:
            assert rec is not None and essentials(rec) == essentials(full.sessions[-1])
            assert latest is None or latest == full.latest_checkin
        else:
            assert rec is None
        view = actions.day_view(conn, until)
        assert view.usual_level == full.usual_level
        running = bool(full.sessions) and full.is_latest(full.sessions[-1])
        assert (view.prolonged is not None) == running
        # the summary: period from the partial read equals the whole-journal numbers
        s = collect.summary(conn, since, until, until, None)
        expected = whole(conn, until, since=s.since)
        got = s.trends
        assert [essentials(r) for r in got.sessions] == [essentials(r) for r in expected.sessions]
        assert got.usual_level == expected.usual_level and got.counts == expected.counts
        assert got.typical_recovery_day == expected.typical_recovery_day
        assert got.groups[0].fatigue.rows == expected.groups[0].fatigue.rows
        assert got.placed_checkins == expected.placed_checkins
    finally:
        conn.close()


def test_trend_checkins_carry_the_metrics_of_the_full_rows(tmp_path: Path) -> None:
    conn = db.open_db(tmp_path / "j.db", create=True)
    with changelog.writing(conn, "test"):
        for d in range(5):
            journal.save_checkin(
                conn,
                START + timedelta(days=d),
                {
                    "fatigue": d,
                    "sleep_hours": 6.5,
                    "fog": d % 3,
                    "mood": 7 - d,
                    "note": "n",
                    "water": 4,
                },
            )
    full = journal.list_checkins(conn)
    light = journal.trend_checkins(conn)
    window = journal.trend_checkins(
        conn, since=START + timedelta(days=1), until=START + timedelta(days=3)
    )
    conn.close()
    assert [(c.id, c.day, *(getattr(c, m) for m in curves.METRICS)) for c in full] == [
        (c.id, c.day, *(getattr(c, m) for m in curves.METRICS)) for c in light
    ]
    assert all(c.note is None and c.water is None for c in light)
    assert [c.fatigue for c in window] == [1, 2, 3]


def test_eve_readings_skip_crash_days_and_count_one_check_in_once(tmp_path: Path) -> None:
    # sessions on days 10 and 11 share the day-9 eve; day 14's window (11-13) holds only
    # crash days (offsets 0-2 of day 11)
    conn = build(
        tmp_path, [(10, None), (11, None), (14, None)], {5: 3, 9: 2, 10: 8, 11: 8, 12: 6, 13: 5}
    )
    try:
        eves = journal.eve_checkins(conn, START + timedelta(days=30))
        assert [(c.day, c.fatigue) for c in eves] == [(START + timedelta(days=9), 2)]
        assert journal.eve_checkins(conn, START + timedelta(days=9)) == []
    finally:
        conn.close()


def test_quick_paths_read_the_three_eves_before_a_session_without_its_own(
    tmp_path: Path,
) -> None:
    # weekly sessions with eves 2, 6, 3 (offset 6), then one whose eve days went unlogged
    sessions = [(7, None), (14, None), (21, None), (28, None), (35, None)]
    conn = build(tmp_path, sessions, {6: 2, 13: 6, 20: 3})  # days 32-34 not logged
    try:
        day = START + timedelta(days=36)
        full = whole(conn, day)
        assert full.sessions[-1].start.eve is None
        assert full.sessions[-1].start.eve_median == 3  # median of 2, 6, 3
        assert actions.day_view(conn, day).usual_level == full.usual_level
        s = collect.summary(conn, START + timedelta(days=35), day, day, None)
        assert [r.start.eve_median for r in s.trends.sessions] == [3]
    finally:
        conn.close()
