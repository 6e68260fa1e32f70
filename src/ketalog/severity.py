"""The 0-10 symptom scores (fatigue, fog) read in words, as docs/clinical.md bands them:
a clinical rule on its own, so the tables and readings need not load the questionnaires."""

from __future__ import annotations

SEVERITY = ((7, "severe"), (4, "moderate"), (1, "mild"), (0, "none"))


def severity(score: float) -> str:
    """1-3 mild, 4-6 moderate, 7-10 severe (0: none)."""
    return next(word for cut, word in SEVERITY if score >= cut)


def bands() -> list[tuple[int, int, str]]:
    """The scores each word covers, as every format's scale note and chart legend
    write them: [(1, 3, 'mild'), (4, 6, 'moderate'), (7, 10, 'severe')] (0: none)."""
    cuts = sorted(SEVERITY)
    tops = [cut - 1 for cut, _ in cuts[1:]] + [10]
    return [(cut, top, word) for (cut, word), top in zip(cuts, tops, strict=True) if cut > 0]


def bands_text() -> str:
    """'1-3 mild, 4-6 moderate, 7-10 severe'."""
    return ", ".join(f"{low}-{high} {word}" for low, high, word in bands())
