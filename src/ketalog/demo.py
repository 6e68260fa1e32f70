"""A realistic, made-up journal for `ketalog demo`: an IV ketamine induction and
maintenance, then a course of intranasal esketamine."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketalog import assess, changelog, journal, questions

if TYPE_CHECKING:
    from rich.console import Console

NAME = "Alex Example (demo)"  # made up: the demo never shows the user's configured name
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
QUESTIONS = (
    "Is it normal to feel more tired after 84 mg than after 56 mg?",
    "After week 8, can the esketamine sessions be every other week?",
)
# Days after the first IV infusion (a Monday): Mon/Wed/Fri for two weeks, then weekly.
IV_DAYS = (0, 2, 4, 7, 9, 11, 18, 25)
# Intranasal esketamine from day 32 (a Monday): twice weekly in weeks 1-4, weekly in
# weeks 5-8, then every other week. 56 mg for the first two weeks, then 84 mg.
ESKETAMINE_START = 32
ESKETAMINE_DAYS = (0, 3, 7, 10, 14, 17, 21, 24, 28, 35, 42, 49)
ESKETAMINE_EVERY = 14  # after week 8
# Symptoms by day since session, with how often each is noted (per route).
SYMPTOM_ODDS = {
    "iv": {0: (("nausea", 0.3), ("headache", 0.3), ("dizziness", 0.3)), 1: (("dreams", 0.3),)},
    "intranasal": {
        0: (("nausea", 0.5), ("dizziness", 0.5), ("headache", 0.3)),
        1: (("headache", 0.3), ("dreams", 0.3)),
    },
}


@dataclass(frozen=True)
class DemoJournal:
    sessions: list[dict[str, Any]]
    checkins: list[dict[str, Any]]
    assessments: list[tuple[date, str, tuple[int, ...], int | None]]
    questions: tuple[tuple[date, str], ...] = ()


def _schedule(first: date, today: date) -> list[tuple[date, str, float]]:
    """(day, route, dose) of every session up to the first one after `today`."""
    out = [(first + timedelta(days=d), "iv", 0.5 if i < 6 else 0.75) for i, d in enumerate(IV_DAYS)]
    start = first + timedelta(days=ESKETAMINE_START)
    offsets = list(ESKETAMINE_DAYS)
    while start + timedelta(days=offsets[-1]) <= today:
        offsets.append(offsets[-1] + ESKETAMINE_EVERY)
    for i, d in enumerate(offsets):
        out.append((start + timedelta(days=d), "intranasal", 56.0 if i < 4 else 84.0))
    return out


def build(today: date, seed: int = 7) -> DemoJournal:
    """About 14 weeks: a quiet week; 6 IV infusions over 2 weeks (Mon/Wed/Fri) and two
    weekly ones, the first of those followed by a long crash; then intranasal
    esketamine, 56 mg and then 84 mg, twice weekly and then weekly, with the next
    session planned on that schedule. Dissociation rises with the dose.

    Water really matters in this journal, so `ketalog insights` has something true to
    find: after sessions with 7-9 glasses a day on days 0-2 fatigue lifts by day 1-2,
    after those with 2-4 glasses it stays up for 4-5 days (or until the next session)."""
    rng = random.Random(seed)
    start = today - timedelta(days=DAYS)
    first = start + timedelta(days=(7 - start.weekday()) % 7 + 7)  # a Monday, a week in
    schedule = _schedule(first, today)
    session_days = [d for d, _, _ in schedule if d <= today]
    long_crash = session_days[6] if len(session_days) > 6 else None
    sip = random.Random(seed + 1000)  # its own stream: the rest of the journal stays as it was
    drank = [i % 2 == 0 for i in range(len(session_days))]  # about half the sessions
    sip.shuffle(drank)
    hydrated = {s: well and s != long_crash for s, well in zip(session_days, drank, strict=True)}
    route_of = {d: route for d, route, _ in schedule}
    dose_of = {d: dose for d, _, dose in schedule}
    sessions = []
    for i, (day, route, dose) in enumerate(schedule):
        planned = day > today
        row: dict[str, Any] = {
            "day": day.isoformat(),
            "time": "10:00" if i % 2 == 0 else "14:30",
            "clinic": "Riverside Clinic",
        }
        if route == "iv":
            high = dose > 0.5
            row |= {"drug": "ketamine", "route": "iv", "dose_mg_per_kg": dose}
            row |= {"dose_mg": dose * 70, "duration_min": 40}
            row["dissociation"] = rng.randint(5, 8) if high else rng.randint(3, 5)
        else:
            high = dose > 56
            row |= {"drug": "esketamine", "route": "intranasal", "dose_mg": dose}
            row["duration_min"] = 120  # with the monitoring after the dose
            row["dissociation"] = rng.randint(5, 7) if high else rng.randint(2, 4)
        if planned:
            del row["dissociation"]
        elif i == 0:
            row["note"] = "First infusion, nervous beforehand."
        elif route == "intranasal" and schedule[i - 1][1] == "iv":
            row["note"] = "First esketamine session; two hours of monitoring."
        sessions.append(row)
        if planned:
            break

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
            crash += offset in (0, 1) and dose_of[past[-1]] == 84  # the higher dose tires more
            fatigue = min(10, settled + crash + rng.choice((-1, 0, 0, 1)))
        missed = day != today and rng.random() < 0.12
        if not missed:
            hours = rng.uniform(4.5, 6.5) if offset in (0, 1) else rng.uniform(6.5, 8.5)
            if offset is None:
                fog = 0
            else:
                fog = rng.randint(4, 7) if offset == 0 else rng.randint(0, 4 - min(offset, 4))
            row = {
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
            if offset is not None and past:
                odds = SYMPTOM_ODDS[route_of[past[-1]]].get(offset, ())
                noted = tuple(k for k, p in odds if sip.random() < p)
                if noted:
                    row["symptoms"] = noted
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
    # PHQ-9 (with its difficulty question) and GAD-7 easing over the weeks; item 9 stays 0
    phq9 = (
        (2, 3, 2, 3, 2, 2, 2, 2, 0),
        (2, 2, 2, 2, 1, 2, 2, 1, 0),
        (2, 2, 1, 2, 1, 1, 2, 1, 0),
        (1, 2, 1, 2, 1, 1, 1, 1, 0),
        (1, 1, 1, 2, 1, 1, 1, 0, 0),
        (1, 1, 0, 1, 1, 0, 1, 0, 0),
    )
    difficulty = (2, 2, 1, 1, 1, 0)
    gad7 = (
        (2, 2, 2, 2, 2, 2, 2),
        (2, 2, 2, 2, 1, 2, 1),
        (2, 2, 1, 2, 1, 1, 1),
        (1, 2, 1, 1, 1, 1, 1),
        (1, 1, 1, 1, 1, 1, 1),
        (1, 1, 1, 1, 0, 1, 0),
    )
    when = [first + timedelta(days=d) for d in (-1, 14, 31, 52)]
    when += [today - timedelta(days=d) for d in (19, 5)]
    assessments: list[tuple[date, str, tuple[int, ...], int | None]] = []
    for day, p, g, d in zip(when, phq9, gad7, difficulty, strict=True):
        assessments += [(day, "phq9", p, d), (day, "gad7", g, None)]
    questions = tuple(
        (today - timedelta(days=ago), q) for ago, q in zip((9, 2), QUESTIONS, strict=True)
    )
    return DemoJournal(sessions, checkins, assessments, questions)


def fill(conn: sqlite3.Connection, data: DemoJournal) -> None:
    with changelog.writing(conn, "demo") as cmd:
        for s in data.sessions:
            journal.add_session(conn, s)
        for c in data.checkins:
            values = {k: v for k, v in c.items() if k != "day"}
            journal.save_checkin(conn, date.fromisoformat(c["day"]), values)
        for day, instrument, answers, difficulty in data.assessments:
            scored = assess.score(assess.INSTRUMENTS[instrument], answers)
            journal.add_assessment(
                conn, day, instrument, answers, scored.total, scored.band, scored.item9, difficulty
            )
        for day, text in data.questions:
            questions.add_question(conn, day, text)
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
        console.rule("ketalog demo — a made-up journal: IV ketamine, then intranasal esketamine")
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
        s = collect.summary(conn, start, end, today, name=NAME)
        notes = f"{plural(len(s.notes), 'note')} marked for the provider."
        lines = (
            *s.usual_lines,
            s.recovery_text,
            *s.prolonged_lines(),
            *s.assessment_trends(),
            notes,
            s.completeness_text,
        )
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
