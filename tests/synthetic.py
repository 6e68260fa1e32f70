"""Seeded synthetic journals for testing `ketalog insights` against known truth.

A patient with an everyday fatigue level around 3, sessions 6 to 14 days apart, a
crash after each session that eases over a few days, day-to-day noise, about one
check-in in seven missed and optional fields sometimes skipped. With `effect`, the
sessions after which the patient drank 6 or more glasses a day on days 0-2 recover
2 days sooner; nothing else matters.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from ketalog.model import Checkin, Session

START = date(2025, 1, 6)


def journal(
    seed: int, sessions: int, *, effect: bool, waters_from=(2, 9), lengths=(4, 4, 5), noise=(-1, 0, 0, 0, 1), tail=3
) -> tuple[list[Session], list[Checkin]]:
    rng = random.Random(seed)
    everyday = rng.choice((2, 3, 3, 4))
    days: dict[date, dict[str, float | int | None]] = {}
    out_sessions = []
    day = START + timedelta(days=14)
    for i in range(sessions):
        out_sessions.append(
            Session(id=i + 1, uid=f"s{i}", day=day, drug="ketamine", route="iv",
                    dose_mg_per_kg=rng.choice((0.5, 0.5, 0.75)), duration_min=40,
                    dissociation=rng.randint(2, 9))
        )  # fmt: skip
        gap = rng.choice((6, 7, 7, 7, 10, 14))
        water_level = rng.randint(*waters_from)
        waters = [max(0, water_level + rng.randint(-1, 1)) for _ in range(3)]
        length = rng.choice(lengths)  # days until fatigue is back
        if effect and sum(waters) / 3 >= 6:
            length -= 2
        peak = rng.randint(3, 5)
        for d in range(gap):
            left = max(0, length - d)
            extra = round(peak * left / length) if d else peak
            if d and left:
                extra = max(extra, tail)
            fatigue = everyday + extra + rng.choice(noise)
            days[day + timedelta(days=d)] = {
                "fatigue": min(10, max(0, fatigue)),
                "water": waters[d] if d < 3 else rng.randint(2, 9),
                "activity": rng.choice((0, 10, 20, 30, 45)),
                "mindful": rng.choice((0, 0, 5, 10, 15)),
                "sleep_hours": rng.choice((5.0, 6.0, 6.5, 7.0, 7.5, 8.0)),
            }
        day += timedelta(days=gap)
    for d in range(14):  # the fortnight before treatment
        days[START + timedelta(days=d)] = {
            "fatigue": everyday + rng.choice((-1, 0, 0, 1)),
            "water": rng.randint(2, 9),
            "activity": 20,
            "mindful": 0,
            "sleep_hours": 7.0,
        }
    checkins = []
    for n, (when, v) in enumerate(sorted(days.items())):
        if rng.random() < 0.15:
            continue  # a missed day
        skipped = {k: None for k in ("water", "activity", "mindful") if rng.random() < 0.1}
        checkins.append(Checkin(id=n + 1, uid=f"c{n}", day=when, **{**v, **skipped}))  # type: ignore[arg-type]
    return out_sessions, checkins
