"""The quick commands' SQL baseline agrees with the trends maths on any journal."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ketalog import db, journal, trends

START = date(2026, 1, 1)
_counter = itertools.count()


@settings(max_examples=40, deadline=None)
@given(
    session_days=st.lists(st.integers(0, 60), max_size=8),
    fatigue=st.dictionaries(st.integers(0, 70), st.integers(0, 10), max_size=40),
    until=st.integers(0, 70),
)
def test_sql_baseline_matches_trends(
    tmp_path_factory: object, session_days: list[int], fatigue: dict[int, int], until: int
) -> None:
    folder: Path = tmp_path_factory.mktemp(f"j{next(_counter)}")  # type: ignore[attr-defined]
    conn = db.open_db(folder / "j.db", create=True)
    with journal.writing(conn, "test"):
        for d in session_days:
            journal.add_session(
                conn,
                {"day": (START + timedelta(days=d)).isoformat(), "drug": "ketamine", "route": "iv"},
            )
        for d, f in fatigue.items():
            extra = {"mood": f % 7, "sleep_hours": 5.5} if d % 3 else {}
            journal.save_checkin(conn, START + timedelta(days=d), {"fatigue": f, **extra})
    end = START + timedelta(days=until)
    expected = trends.compute(journal.list_sessions(conn), journal.list_checkins(conn), until=end)
    got = journal.quiet_baselines(conn, end, trends.METRICS)
    python = trends.baselines(
        trends.place(journal.list_sessions(conn), journal.list_checkins(conn, until=end))
    )
    conn.close()
    assert got["fatigue"][1] == expected.baseline_days
    for metric in trends.METRICS:
        (sql_mean, sql_n), (py_mean, py_n) = got[metric], python[metric]
        assert sql_n == py_n
        assert (sql_mean is None) == (py_mean is None)
        if sql_mean is not None and py_mean is not None:
            assert abs(sql_mean - py_mean) < 1e-9


def test_trend_checkins_carry_the_metrics_of_the_full_rows(tmp_path: Path) -> None:
    conn = db.open_db(tmp_path / "j.db", create=True)
    with journal.writing(conn, "test"):
        for d in range(5):
            journal.save_checkin(
                conn, START + timedelta(days=d),
                {"fatigue": d, "sleep_hours": 6.5, "fog": d % 3, "mood": 7 - d, "note": "n", "water": 4},
            )  # fmt: skip
    full = journal.list_checkins(conn)
    light = journal.trend_checkins(conn)
    conn.close()
    assert [(c.id, c.day, *(getattr(c, m) for m in trends.METRICS)) for c in full] == [
        (c.id, c.day, *(getattr(c, m) for m in trends.METRICS)) for c in light
    ]
    assert all(c.note is None and c.water is None for c in light)
