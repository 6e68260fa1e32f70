"""Seeded synthetic journals for testing `ketalog insights` against a known truth.

A patient whose everyday fatigue is 2-4, with sessions 6 to 14 days apart. After each
session fatigue jumps 3-5 points and stays at least 3 above the everyday level until
it lifts, 4-5 days later; every day has a point of noise either way now and then;
about one check-in in seven is missed, and water, movement and mindfulness are each
left out of one check-in in ten. With `effect`, sessions after which the patient drank
6 or more glasses a day on days 0-2 recover 2 days sooner; nothing else matters.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from ketalog.model import Checkin, Session

START = date(2025, 1, 6)
GAPS = (6, 7, 7, 7, 10, 14)  # days from one session to the next
LENGTHS = (4, 4, 5)  # days until fatigue lifts
NOISE = (-1, 0, 0, 0, 1)
MISSED = 0.15


def journal(
    seed: int, sessions: int, *, effect: bool, start: date = START
) -> tuple[list[Session], list[Checkin]]:
    rng = random.Random(seed)
    everyday = rng.choice((2, 3, 3, 4))
    days: dict[date, dict[str, float | None]] = {}
    for d in range(14):  # a fortnight before treatment
        days[start + timedelta(days=d)] = {
            "fatigue": everyday + rng.choice(NOISE),
            "water": rng.randint(2, 9),
            "activity": 20,
            "mindful": 0,
            "sleep_hours": 7.0,
        }
    out_sessions = []
    day = start + timedelta(days=14)
    for i in range(sessions):
        out_sessions.append(
            Session(
                id=i + 1,
                uid=f"s{i}",
                day=day,
                drug="ketamine",
                route="iv",
                dose_mg_per_kg=rng.choice((0.5, 0.5, 0.75)),
                duration_min=40,
                dissociation=rng.randint(2, 9),
            )
        )
        gap = rng.choice(GAPS)
        level = rng.randint(2, 9)  # how much the patient drinks around this session
        waters = [max(0, level + rng.randint(-1, 1)) for _ in range(3)]
        length = rng.choice(LENGTHS)
        if effect and sum(waters) / 3 >= 6:
            length -= 2
        peak = rng.randint(3, 5)
        for d in range(gap):
            left = max(0, length - d)
            extra = peak if d == 0 else max(round(peak * left / length), 3) if left else 0
            days[day + timedelta(days=d)] = {
                "fatigue": min(10, max(0, everyday + extra + rng.choice(NOISE))),
                "water": waters[d] if d < 3 else rng.randint(2, 9),
                "activity": rng.choice((0, 10, 20, 30, 45)),
                "mindful": rng.choice((0, 0, 5, 10, 15)),
                "sleep_hours": rng.choice((5.0, 6.0, 6.5, 7.0, 7.5, 8.0)),
            }
        day += timedelta(days=gap)
    checkins = []
    for n, (when, v) in enumerate(sorted(days.items())):
        if rng.random() < MISSED:
            continue
        for optional in ("water", "activity", "mindful"):
            if rng.random() < 0.1:
                v[optional] = None
        checkins.append(Checkin(id=n + 1, uid=f"c{n}", day=when, **v))  # type: ignore[arg-type]
    return out_sessions, checkins


def fill(path: Path, sessions: list[Session], checkins: list[Checkin]) -> None:
    """Write a synthetic journal into a real journal file."""
    from ketalog import changelog, db
    from ketalog import journal as journal_rows

    conn = db.open_db(path, create=True)
    with changelog.writing(conn, "test"):
        for s in sessions:
            journal_rows.add_session(conn, {**s._asdict(), "day": s.day.isoformat()})
        for c in checkins:
            values = {k: v for k, v in c._asdict().items() if k in FIELDS and v is not None}
            journal_rows.save_checkin(conn, c.day, values)
    conn.close()


FIELDS = ("fatigue", "sleep_hours", "water", "activity", "mindful")
