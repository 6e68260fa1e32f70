"""The 0-10 symptom scores (fatigue, fog) read in words, as docs/clinical.md bands them:
a clinical rule on its own, so the tables and readings need not load the questionnaires."""

from __future__ import annotations

SEVERITY = ((7, "severe"), (4, "moderate"), (1, "mild"), (0, "none"))


def severity(score: float) -> str:
    """1-3 mild, 4-6 moderate, 7-10 severe (0: none)."""
    return next(word for cut, word in SEVERITY if score >= cut)
