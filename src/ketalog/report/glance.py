"""The "at a glance" box that opens the provider summary: the few figures a clinician
reads first, each on one line (label, value), the same in every format."""

from __future__ import annotations

from ketalog.report.model import Summary
from ketalog.stats import level_text
from ketalog.wording import nice_date, plural, route_label

TITLE = "At a glance"


def _sessions(s: Summary) -> str:
    if not s.sessions:
        text = "none in the period"
    else:
        drugs = sorted({f"{x.drug} {route_label(x.route)}" for x in s.sessions})
        text = f"{len(s.sessions)} ({', '.join(drugs)}); last {nice_date(s.sessions[-1].day)}"
    if s.next_session is not None:
        text += f"; next planned {nice_date(s.next_session.day)}"
    return text


def _questionnaire(s: Summary, key: str) -> str | None:
    from ketalog.assess import MEANINGFUL_CHANGE

    taken = [a for a in s.assessments if a.instrument == key]
    if not taken:
        return None
    first, last = taken[0], taken[-1]
    if len(taken) == 1:
        return f"{last.total} ({last.band}) on {nice_date(last.day)}, taken once"
    change = last.total - first.total
    text = (
        f"{first.total} ({first.band}) on {nice_date(first.day)} → {last.total} ({last.band}) "
        f"on {nice_date(last.day)}, change {change:+d}"
    )
    limit = MEANINGFUL_CHANGE.get(key)
    if limit is not None:
        text += (
            f" (meaningful: {limit} or more points)"
            if abs(change) >= limit
            else f" (below the {limit} points called meaningful)"
        )
    return text


def lines(s: Summary) -> list[tuple[str, str]]:
    """(label, value) rows of the box, in reading order."""
    t = s.trends
    usual = "not known yet" if t.usual_level is None else f"{level_text(t.usual_level)}/10"
    rows = [
        ("Sessions", _sessions(s)),
        ("Usual fatigue", usual),
        ("Recovery", s.recovery_text),
        ("Prolonged fatigue", f"{plural(len(t.prolonged), 'session')} flagged"),
    ]
    for key, name in (("phq9", "PHQ-9"), ("gad7", "GAD-7")):
        found = _questionnaire(s, key)
        rows.append((name, found or "not taken in the period"))
    safety = [a for a in s.assessments if a.item9]
    rows.append(
        (
            "PHQ-9 item 9",
            "; ".join(f"answered {a.item9} of 3 on {nice_date(a.day)}" for a in safety)
            if safety
            else "no answer above 0 in the period",
        )
    )
    rows.append(("Side effects", s.top_symptoms()))
    n = len(s.questions)
    rows.append(("Open questions", f"{n}" + (" (below)" if n else "")))
    return rows
