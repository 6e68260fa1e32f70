"""The recovery numbers in plain words: one wording for `today`, `tips`, `trends` and
the summary, so a level or a prolonged-fatigue day reads the same everywhere."""

from __future__ import annotations

from ketalog.recovery import (
    MODERATE,
    PROLONGED_MARGIN,
    PROLONGED_OFFSETS,
    SEVERE,
    SHOW_PROLONGED,
    RecoveryCounts,
    SessionRecovery,
)
from ketalog.severity import severity
from ketalog.stats import level_text
from ketalog.trends import Trends
from ketalog.wording import nice_date, noun, plural

PROVIDER = "worth raising with your provider"
NO_START = (
    "No starting level yet for your latest session: it needs an ordinary day logged in "
    "the 3 days before it (not one of the 3 days after a session), or 4 such days in the "
    "4 weeks before it. Until then recovery days can't be judged."
)
CANNOT_JUDGE = (
    "No check-in falls 4 or more days after its session yet (sessions come close "
    "together, or those days were not logged), so prolonged fatigue cannot be judged yet."
)


def and_list(items: list[str]) -> str:
    """'4', '4 and 5', '4, 5 and 6'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def level_words(level: float) -> str:
    """'2/10 (mild)'."""
    return f"{level_text(level)}/10 ({severity(level)})"


def usual_lines(level: float | None) -> list[str]:
    """The usual level, and — from 4 — that the everyday level itself is worth raising."""
    if level is None:
        return []
    lines = [
        f"Your usual level: {level_words(level)}, how tired you are on an ordinary day "
        "before a session."
    ]
    if level >= MODERATE:
        word = "severe" if level >= SEVERE else "moderate"
        lines.append(
            f"That everyday level is itself {word} fatigue, not only after sessions — {PROVIDER}."
        )
    return lines


def counts_text(counts: RecoveryCounts, days: int) -> str:
    """'recovered 5 of 7 sessions, 1 not back within 7 days, 1 too few check-ins to tell'."""
    parts = [f"recovered {counts.recovered} of {plural(counts.sessions, 'session')}"]
    if counts.not_recovered:
        parts.append(f"{counts.not_recovered} not back within {plural(days, 'day')}")
    if counts.unknown:
        parts.append(f"{counts.unknown} with too few check-ins or no starting level to tell")
    return ", ".join(parts)


def typical_text(typical: int | None, counts: RecoveryCounts, days: int) -> str:
    """The typical recovery day, always with its counts."""
    if typical is None:
        return f"No typical recovery day yet ({counts_text(counts, days)})."
    return f"Typical recovery day: day {typical} ({counts_text(counts, days)})."


def prolonged_phrase(r: SessionRecovery) -> str:
    """'above 4/10 on days 4 (6/10) and 5 (6/10)' or 'at 7/10 or more on day 5 (8/10)'."""
    start = r.start_level
    if start is None or start + PROLONGED_MARGIN >= SEVERE:
        level = f"at {SEVERE}/10 or more"
    else:
        level = f"above {level_text(start + PROLONGED_MARGIN)}/10"
    found = r.prolonged_fatigue()
    days = and_list([f"{d} ({f}/10)" for d, f in found])
    return f"{level} on {noun(len(found), 'day')} {days}"


def prolonged_sentence(r: SessionRecovery, *, still: bool) -> str:
    """Names the days; says "still" only while the latest check-in is one of them."""
    when = nice_date(r.session.day)
    if still:
        return (
            f"Fatigue is still {prolonged_phrase(r)} after your {when} session — "
            "please tell your provider; they may want to adjust the plan."
        )
    return (
        f"After the {when} session fatigue was {prolonged_phrase(r)}, longer than the "
        f"usual few days — {PROVIDER}."
    )


def reading(t: Trends) -> list[str]:
    """A few plain-language sentences about the numbers, for under the tables."""
    if not t.sessions and t.checkins == 0:
        return ["Nothing logged yet: add a session and a few daily check-ins."]
    lines: list[str] = []
    if t.usual_session is not None:
        lines += usual_lines(t.usual_level) if t.usual_level is not None else [NO_START]
    if t.sessions:
        lines.append(typical_text(t.typical_recovery_day, t.counts, t.days))
    flagged = t.prolonged
    for r in flagged[-SHOW_PROLONGED:]:
        lines.append(prolonged_sentence(r, still=t.is_latest(r)))
    if len(flagged) > SHOW_PROLONGED:
        earlier = len(flagged) - SHOW_PROLONGED
        lines.append(
            f"{plural(earlier, 'earlier session')} also had prolonged fatigue (marked ! in "
            "the table)."
        )
    if t.sessions and all(max(r.own, default=-1) < PROLONGED_OFFSETS.start for r in t.sessions):
        lines.append(CANNOT_JUDGE)
    return lines
