"""How ketalog words dates, counts, routes and metric names: shared by every screen and
summary format. Imports nothing from ketalog, so the maths stays free of wording."""

from __future__ import annotations

from datetime import date

METRIC_LABELS = {
    "fatigue": "Fatigue",
    "sleep_hours": "Sleep h",
    "mood": "Mood",
    "fog": "Fog",
}


def nice_date(d: date) -> str:
    """'31 Aug 2026': unambiguous in every country."""
    return f"{d.day} {d:%b %Y}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 quiet day', '2 quiet days', '3,650 check-ins'."""
    return f"{n:,} {noun(n, word, many)}"


def noun(n: int, word: str, many: str | None = None) -> str:
    """The word alone, as a count of `n` takes it: 'day' for 1, 'days' for 2 ('on days 4
    and 5')."""
    return word if n == 1 else many or word + "s"


def route_label(route: str) -> str:
    """'IV' and 'IM' as clinicians write them; the other routes (and drugs) as they are."""
    return route.upper() if route in ("iv", "im") else route


def day_label(day: int | str, days: int) -> str:
    """A row of the curve: its day since session, or "N+" for the days after the last
    one shown (N = days + 1)."""
    return f"{days + 1}+" if day == "later" else str(day)
