"""Questionnaires over time in the provider summary: each PHQ-9 and GAD-7 with its band,
the change since the first one of its kind in the period, item 9 and PHQ-9's
difficulty answer. The same rows in every format; the chart is in chart.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ketalog.assess import CREDIT, score_cells

if TYPE_CHECKING:
    from ketalog.report.model import Summary

TITLE = "Questionnaires over time"
HEAD = ["Date", "Scale", "Total", "Band", "vs first", "Item 9", "Difficulty"]
NONE = "No PHQ-9 or GAD-7 taken in this period."
# PHQ-9's difficulty answers in a table cell; difficulty_note says the question
DIFFICULTY_SHORT = ("not at all", "somewhat", "very", "extremely")
CHANGE_NOTE = "vs first: change since the first of the same scale in the period."
# Beside the charts (which show the bands): what item 9 and difficulty are, and the credit.
SHORT_NOTE = (
    "Item 9: PHQ-9's question about thoughts of death or self-harm (0-3). Difficulty: "
    "PHQ-9's closing, unscored question, how difficult the problems made work, home life "
    f"or getting along with people. {CREDIT}"
)


def changes(s: Summary) -> list[int | None]:
    """Each questionnaire's change from the first of its kind in the period (None for
    that first one)."""
    first: dict[str, int] = {}
    out: list[int | None] = []
    for a in s.assessments:
        out.append(None if a.instrument not in first else a.total - first[a.instrument])
        first.setdefault(a.instrument, a.total)
    return out


def rows(s: Summary) -> list[list[str]]:
    """Cells under HEAD, oldest first: '12 Oct 2026', 'PHQ-9', '8/27', 'mild', '-10', '0',
    'Somewhat difficult'."""
    return [
        [*score_cells(a, change), "" if a.difficulty is None else DIFFICULTY_SHORT[a.difficulty]]
        for a, change in zip(s.assessments, changes(s), strict=True)
    ]


def difficulty_note(s: Summary) -> str | None:
    """PHQ-9's tenth question in words, when any answer to it is shown."""
    from ketalog.assess import DIFFICULTY_QUESTION

    if not any(a.difficulty is not None for a in s.assessments):
        return None
    return (
        f'Difficulty: PHQ-9\'s closing question, "{DIFFICULTY_QUESTION}" Answered not at all, '
        "somewhat, very or extremely difficult; not scored."
    )
