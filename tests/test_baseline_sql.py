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
            journal.save_checkin(conn, START + timedelta(days=d), {"fatigue": f})
    end = START + timedelta(days=until)
    expected = trends.compute(journal.list_sessions(conn), journal.list_checkins(conn), until=end)
    got = journal.quiet_baseline(conn, end)
    conn.close()
    assert got[1] == expected.baseline_days
    if expected.baseline is None:
        assert got[0] is None
    else:
        assert got[0] is not None and abs(got[0] - expected.baseline) < 1e-9
