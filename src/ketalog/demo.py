"""A realistic, made-up journal for `ketalog demo`: an IV induction, then maintenance."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketalog import assess, journal

if TYPE_CHECKING:
    from rich.console import Console

NOTES = (
    "Heavy-headed all morning, better after lunch.",
    "Cried a lot during the session; relieved afterwards.",
    "Took a short walk in the park.",
    "Slept badly, vivid dreams.",
    "Still a bit spacey; skipped the gym.",
    "Good day, cooked dinner for the first time in weeks.",
)
DAYS = 98  # how far back the journal goes
HYDRATED = {0: 3, 1: 1}  # fatigue above the settled level by day since session
DRY = {0: 4, 1: 4, 2: 3, 3: 3, 4: 1}
PROVIDER_NOTES = (
    "Tired for four days after this one — longer than before.",
    "Some nausea in the evening after the session.",
)


@dataclass(frozen=True)
class DemoJournal:
    sessions: list[dict[str, Any]]
    checkins: list[dict[str, Any]]
    assessments: list[tuple[date, str, tuple[int, ...]]]


def build(today: date, seed: int = 7) -> DemoJournal:
    """About 14 weeks: a quiet week, 6 IV infusions over 2 weeks (Mon/Wed/Fri), then
    weekly maintenance sessions, one of them followed by a long crash.

    Water really matters in this journal, so `ketalog insights` has something true to
    find: after sessions with 7-9 glasses a day on days 0-2 fatigue lifts by day 1-2,
    after those with 2-4 glasses it takes 4-5 days."""
    rng = random.Random(seed)
    start = today - timedelta(days=DAYS)
    first = start + timedelta(days=(7 - start.weekday()) % 7 + 7)  # a Monday, a week in
    session_days = [first + timedelta(days=d) for d in (0, 2, 4, 7, 9, 11)]
    d = session_days[-1]
    for gap in [7] * 12:
        d += timedelta(days=gap)
        if d <= today:
            session_days.append(d)
    long_crash = session_days[6] if len(session_days) > 6 else None
    sip = random.Random(seed + 1000)  # its own stream: the rest of the journal stays as it was
    drank = [i % 2 == 0 for i in range(len(session_days))]  # about half the sessions
    sip.shuffle(drank)
    hydrated = {s: well and s != long_crash for s, well in zip(session_days, drank, strict=True)}
    sessions = []
    for i, day in enumerate(session_days):
        sessions.append(
            {
                "day": day.isoformat(),
                "time": "10:00" if i % 2 == 0 else "14:30",
                "drug": "ketamine",
                "route": "iv",
                "dose_mg_per_kg": 0.5 if i < 6 else 0.75,
                "dose_mg": 35.0 if i < 6 else 52.5,
                "duration_min": 40,
                "dissociation": rng.randint(4, 8),
                "clinic": "Riverside Clinic",
                "note": "First infusion, nervous beforehand." if i == 0 else None,
            }
        )
    upcoming = today + timedelta(days=2)
    sessions.append(
        {
            "day": upcoming.isoformat(),
            "time": "10:00",
            "drug": "ketamine",
            "route": "iv",
            "dose_mg_per_kg": 0.75,
            "dose_mg": 52.5,
            "duration_min": 40,
            "clinic": "Riverside Clinic",
        }
    )

    checkins = []
    day = start
    note_i = 0
    provider_i = 0
    while day <= today:
        past = [s for s in session_days if s <= day]
        offset = (day - past[-1]).days if past else None
        weeks_in = ((day - first).days // 7) if day >= first else 0
        settled = max(2, 5 - weeks_in // 2)  # fatigue between sessions eases over weeks
        if offset is None:
            fatigue = rng.choice((5, 5, 6, 4))
        elif past[-1] == long_crash and offset <= 6:
            fatigue = (8, 8, 7, 7, 7, 6, 5)[offset]
        else:
            crash = (HYDRATED if hydrated[past[-1]] else DRY).get(offset, 0)
            fatigue = min(10, settled + crash + rng.choice((-1, 0, 0, 1)))
        missed = day != today and rng.random() < 0.12
        if not missed:
            hours = rng.uniform(4.5, 6.5) if offset in (0, 1) else rng.uniform(6.5, 8.5)
            if offset is None:
                fog = 0
            else:
                fog = rng.randint(4, 7) if offset == 0 else rng.randint(0, 4 - min(offset, 4))
            row: dict[str, Any] = {
                "day": day.isoformat(),
                "fatigue": max(0, fatigue),
                "sleep_hours": round(hours * 2) / 2,
                "sleep_quality": rng.randint(3, 6) if offset in (0, 1) else rng.randint(5, 8),
                "fog": fog,
                "mood": min(8, 3 + weeks_in // 3 + rng.randint(0, 2)),
                "emotions": rng.randint(5, 8) if offset in (0, 1) else rng.randint(2, 5),
                "water": rng.randint(3, 9)
                if offset is None or offset > 2
                else (sip.randint(7, 9) if hydrated[past[-1]] else sip.randint(2, 4)),
                "activity": rng.choice((0, 10, 15, 20, 30, 45)),
                "mindful": rng.choice((0, 0, 5, 10, 15)),
            }
            if long_crash and offset == 4 and past[-1] == long_crash:
                row["note"] = PROVIDER_NOTES[0]
                row["for_provider"] = 1
            elif offset == 0 and provider_i == 0 and len(past) == 3:
                row["note"] = PROVIDER_NOTES[1]
                row["for_provider"] = 1
                provider_i = 1
            elif rng.random() < 0.15:
                row["note"] = NOTES[note_i % len(NOTES)]
                note_i += 1
            checkins.append(row)
        day += timedelta(days=1)
    # PHQ-9 and GAD-7 easing over the induction and after (item 9 stays 0)
    assessments = []
    phq9 = ((2, 3, 2, 3, 2, 2, 2, 2, 0), (2, 2, 1, 2, 1, 1, 2, 1, 0), (1, 1, 1, 2, 1, 1, 1, 0, 0),
            (1, 1, 0, 1, 1, 0, 1, 0, 0))  # fmt: skip
    gad7 = (
        (2, 2, 2, 2, 2, 2, 2),
        (2, 2, 1, 2, 1, 1, 1),
        (1, 1, 1, 1, 1, 1, 1),
        (1, 1, 1, 1, 0, 1, 0),
    )
    for when, p, g in zip(
        (first - timedelta(days=1), session_days[5] + timedelta(days=3), today - timedelta(days=40),
         today - timedelta(days=5)), phq9, gad7, strict=True,
    ):  # fmt: skip
        assessments += [(when, "phq9", p), (when, "gad7", g)]
    return DemoJournal(sessions, checkins, assessments)


def fill(conn: sqlite3.Connection, data: DemoJournal) -> None:
    with journal.writing(conn, "demo") as cmd:
        for s in data.sessions:
            journal.add_session(conn, s)
        for c in data.checkins:
            values = {k: v for k, v in c.items() if k != "day"}
            journal.save_checkin(conn, date.fromisoformat(c["day"]), values)
        for day, instrument, answers in data.assessments:
            scored = assess.score(assess.INSTRUMENTS[instrument], answers)
            journal.add_assessment(conn, day, instrument, answers, scored.total, scored.band,
                                   scored.item9, 1 if instrument == "phq9" else None)  # fmt: skip
        cmd.description = "demo journal"


def run(today: date, seed: int, console: Console) -> Path:
    """`ketalog demo`: build a made-up journal in the demo's folder in the user's cache
    (emptied first, so runs never pile up; left in place afterwards), show `today`, the
    recovery curve and the summary's key lines, write the PDF summary there, and return
    the folder."""
    import shutil

    from rich.padding import Padding

    from ketalog import actions, messages, trendtables
    from ketalog.db import open_db
    from ketalog.files import write_private
    from ketalog.insights.render import plain
    from ketalog.paths import demo_dir, make_private_dir
    from ketalog.report import collect, pdf
    from ketalog.wording import plural

    folder = demo_dir()
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)
    make_private_dir(folder)
    db = folder / "journal.db"
    conn = open_db(db, create=True)
    try:
        fill(conn, build(today, seed))
        console.rule("ketalog demo — a made-up journal: 6 IV infusions, then maintenance")
        console.print(f"Journal: {db}\n", highlight=False, soft_wrap=True)
        console.print("$ ketalog today", style="bold")
        view = actions.day_view(conn, today, limit=1)
        console.print(
            "\n".join(messages.wrapped(messages.today_lines(view, today), console.width)),
            highlight=False,
        )

        console.print("\n$ ketalog trends", style="bold")
        t = actions.recovery(conn, today, days=7, by="none")
        console.print(
            trendtables.trends_view(t, width=console.width, sessions=6, other_metrics=False)
        )

        console.print("\n$ ketalog summary --format pdf -o summary.pdf", style="bold")
        start, end = collect.period(None, None, today)
        s = collect.summary(conn, start, end, today, name="Alex Example (demo)")
        notes = f"{plural(len(s.notes), 'note')} marked for the provider."
        lines = (*s.usual_lines, s.recovery_text, *s.prolonged_lines(),
                 *s.assessment_trends(), notes, s.completeness_text)  # fmt: skip
        for line in lines:
            console.print(Padding(line, (0, 0, 0, 2)), highlight=False)

        console.print("\n$ ketalog insights", style="bold")
        assert s.insights is not None
        for part in plain(s.insights):
            console.print(Padding(part, (0, 0, 0, 2)), highlight=False)
        summary_pdf = folder / "summary.pdf"
        write_private(summary_pdf, pdf.write(s))
    finally:
        conn.close()
    # paths are never wrapped, so that they can be copied whole
    console.print(f"\nPDF summary: {summary_pdf}", style="bold", highlight=False, soft_wrap=True)
    console.print(
        f"Try more on this made-up journal with --db {db}",
        style="dim",
        highlight=False,
        soft_wrap=True,
    )
    return folder
