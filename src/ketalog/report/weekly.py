"""Mood by calendar week, and fatigue on quiet days, for the provider summary: the
response over the weeks of treatment, beside the picture by days since session."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from ketalog.recovery import QUIET_FROM
from ketalog.stats import mean, round1
from ketalog.wording import nice_date

if TYPE_CHECKING:
    from ketalog.report.model import Summary

TITLE = "Mood and fatigue by calendar week"
HEAD = ["Week of", "Sessions", "Days logged", "Mean mood", "Quiet days", "Fatigue, quiet days"]
NOTE = (
    "Weekly means, 0-10 (mood: 10 best; fatigue: 10 worst). Quiet days: check-ins with no "
    "session that day or in the 3 days before. Weeks start on Monday; the first is named "
    "by the period's first day."
)


class Week(NamedTuple):
    start: date  # the week's first day in the period
    sessions: int
    logged: int
    mood: float | None
    quiet: int  # quiet check-ins
    quiet_fatigue: float | None


def weeks(s: Summary) -> list[Week]:
    """One row per calendar week (Monday to Sunday) that meets the period."""
    monday = s.since - timedelta(days=s.since.weekday())
    count = (s.until - monday).days // 7 + 1
    moods: list[list[int]] = [[] for _ in range(count)]
    quiet: list[list[int]] = [[] for _ in range(count)]
    logged = [0] * count
    sessions = [0] * count
    for x in s.sessions:
        sessions[(x.day - monday).days // 7] += 1
    for day, offset, fatigue, mood in s.checkin_days:
        i = (day - monday).days // 7
        logged[i] += 1
        if mood is not None:
            moods[i].append(mood)
        if offset is None or offset >= QUIET_FROM:
            quiet[i].append(fatigue)
    return [
        Week(
            max(s.since, monday + timedelta(weeks=i)),
            sessions[i],
            logged[i],
            mean(moods[i]) if moods[i] else None,
            len(quiet[i]),
            mean(quiet[i]) if quiet[i] else None,
        )
        for i in range(count)
    ]


def _level(x: float | None) -> str:
    return "" if x is None else f"{round1(x):.1f}"


def rows(s: Summary) -> list[list[str]]:
    """Cells under HEAD: '31 Aug 2026', '3', '6', '4.5', '2', '3.0'."""
    return [
        [
            nice_date(w.start),
            str(w.sessions),
            str(w.logged),
            _level(w.mood),
            str(w.quiet),
            _level(w.quiet_fatigue),
        ]
        for w in weeks(s)
    ]


def to_json(s: Summary) -> list[dict[str, object]]:
    from ketalog.stats import round2

    return [
        {
            "start": w.start.isoformat(),
            "sessions": w.sessions,
            "days_logged": w.logged,
            "mood": None if w.mood is None else round2(w.mood),
            "quiet_days": w.quiet,
            "quiet_fatigue": None if w.quiet_fatigue is None else round2(w.quiet_fatigue),
        }
        for w in weeks(s)
    ]
