"""The summary as Markdown: headings and pipe tables that paste into a portal message."""

from __future__ import annotations

import re

from ketalog.report import scores, weekly
from ketalog.report.model import (
    ASSESSMENT_NOTE,
    CURVE_HEAD,
    FASTER_TITLE,
    LEVELS_NOTE,
    NO_CURVE,
    NO_PROLONGED,
    PATIENT_REPORTED,
    PROLONGED_TITLE,
    QUESTIONS_TITLE,
    RECOVERY_HEAD,
    SAFETY_TITLE,
    SCALE_NOTE,
    SYMPTOM_HEAD,
    SYMPTOM_NOTE,
    TITLE,
    Summary,
    _cell,
    dose_cell,
)
from ketalog.visible import visible
from ketalog.wording import nice_date, route_label

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-!|~])")


def escape(text: str) -> str:
    """User text made inert in Markdown (and on one line, for table cells), its control
    characters written out visibly."""
    return _SPECIAL.sub(r"\\\1", " ".join(visible(text).split()))


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def write(s: Summary) -> str:
    lines = [f"# {TITLE}", ""]
    if s.name:
        lines.append(f"**Patient:** {escape(s.name)}  ")
    lines += [f"**Period:** {s.period_text}  ", f"**Generated:** {nice_date(s.generated)}", ""]
    from ketalog.report import glance

    lines += [f"## {glance.TITLE}", ""]
    lines += _table(["", ""], [[f"**{k}**", escape(v)] for k, v in glance.lines(s)])
    lines.append("")
    if s.safety_lines():
        lines += [f"> **{SAFETY_TITLE}**", ">"]
        lines += [f"> - {line}" for line in s.safety_lines()]
        lines.append("")

    if s.questions:
        lines += [f"## {QUESTIONS_TITLE}", ""]
        for q in s.questions:
            lines += [f"- **{nice_date(q.day)}:** {escape(q.text)}  ", "  Answer: ", ""]
    lines += [f"## Sessions in the period ({len(s.sessions)})", ""]
    if s.sessions:
        lines += _table(
            ["Date", "Drug", "Route", "Dose", "Minutes", "Peak dissociation (0-10)"],
            [
                [
                    nice_date(x.day),
                    x.drug,
                    route_label(x.route),
                    dose_cell(x),
                    _cell(x.duration_min),
                    _cell(x.dissociation),
                ]
                for x in s.sessions
            ],
        )
    else:
        lines.append("No sessions recorded in this period.")
    if s.checkin_days:
        lines += ["", f"## {weekly.TITLE}", ""]
        lines += [*_table(weekly.HEAD, weekly.rows(s)), "", weekly.NOTE]
    lines += ["", "## Fatigue after sessions", "", s.usual_text, ""]
    if s.has_curve:
        lines += [*_table(CURVE_HEAD, s.curve_rows()), "", SCALE_NOTE, "", s.recovery_text, ""]
    else:
        lines += [NO_CURVE, ""]
    if s.trends.sessions:
        lines += [*_table(RECOVERY_HEAD, s.recovery_rows()), "", LEVELS_NOTE, ""]
    prolonged = s.prolonged_lines()
    if prolonged:
        lines += [f"**{PROLONGED_TITLE}**", "", *(f"- {p}" for p in prolonged)]
    else:
        lines.append(NO_PROLONGED)
    if s.other_metrics():
        lines += ["", "## Sleep, mood and fog by days since session (means)", ""]
        lines += _table(s.other_head(), s.other_rows())
    if s.symptom_days and s.symptom_counts():
        lines += ["", "## Side effects by days since session", ""]
        lines += [*_table(SYMPTOM_HEAD, s.symptom_rows()), "", SYMPTOM_NOTE]
    if s.faster_recovery():
        lines += ["", f"## {FASTER_TITLE}", ""]
        lines += [f"- {line}" for line in s.faster_recovery_lines()]
        lines += ["", f"_{s.faster_recovery_note()}_"]
    lines += ["", f"## {scores.TITLE}", ""]
    if s.assessments:
        lines += _table(scores.HEAD, scores.rows(s))
        lines += ["", f"{scores.CHANGE_NOTE} {ASSESSMENT_NOTE}"]
        if scores.difficulty_note(s):
            lines += ["", str(scores.difficulty_note(s))]
    else:
        lines.append(scores.NONE)
    lines += ["", "## Notes for the provider", ""]
    if s.notes:
        lines += [f"- **{nice_date(n.day)}:** {escape(n.text)}" for n in s.notes]
    else:
        lines.append("No notes marked for the provider in this period.")
    lines += ["", "## Completeness", "", s.completeness_text, "", f"_{PATIENT_REPORTED}_", ""]
    return "\n".join(lines)
