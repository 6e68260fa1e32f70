"""The summary as Markdown: headings and pipe tables that paste into a portal message."""

from __future__ import annotations

import re

from ketalog.report.model import PATIENT_REPORTED, SCALE_NOTE, TITLE, Summary, dose_cell, route_text
from ketalog.trends import nice_date

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-!|~])")


def escape(text: str) -> str:
    """User text made inert in Markdown (and on one line, for table cells)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def _num(v: float | None, fmt: str = "{:g}") -> str:
    return "" if v is None else fmt.format(v)


def write(s: Summary) -> str:
    lines = [f"# {TITLE}", ""]
    if s.name:
        lines.append(f"**Patient:** {escape(s.name)}  ")
    lines += [f"**Period:** {s.period_text}  ", f"**Generated:** {nice_date(s.generated)}", ""]

    lines += [f"## Sessions in the period ({len(s.sessions)})", ""]
    if s.sessions:
        lines += _table(
            ["Date", "Drug", "Route", "Dose", "Minutes", "Peak dissociation (0-10)"],
            [[nice_date(x.day), x.drug, route_text(x.route), dose_cell(x),
              _num(x.duration_min), _num(x.dissociation)] for x in s.sessions],
        )  # fmt: skip
    else:
        lines.append("No sessions recorded in this period.")
    lines += ["", "## Fatigue after sessions", "", s.baseline_text, ""]
    lines += _table(
        ["Days since session", "n", "Mean", "Median", "Range", "vs baseline"],
        [[s.day_label(r), str(r.n), _num(r.mean, "{:.1f}"), _num(r.median),
          "" if r.min is None else f"{r.min:g}-{r.max:g}",
          "" if r.delta is None else f"{r.delta:+.1f}"] for r in s.fatigue_rows],
    )  # fmt: skip
    lines += ["", SCALE_NOTE, "", s.recovery_text, ""]
    prolonged = s.prolonged_lines()
    if prolonged:
        lines += ["**Prolonged fatigue (days 4-14 after a session):**", ""]
        lines += [f"- {p}" for p in prolonged]
    else:
        lines.append("No prolonged fatigue (day 4-14 above baseline + 2) in the period.")
    others = s.other_metrics()
    if others:
        lines += ["", "## Sleep, mood and fog by days since session (means)", ""]
        head = ["Days since session", *(label for label, _, _ in others)]
        rows = [
            [s.day_label(r), *(_num(rows[i].mean, "{:.1f}") for _, rows, _ in others)]
            for i, r in enumerate(s.fatigue_rows)
        ]
        rows.append(["quiet days", *(_num(b, "{:.1f}") for _, _, b in others)])
        lines += _table(head, rows)
    lines += ["", "## Notes for the provider", ""]
    if s.notes:
        lines += [f"- **{nice_date(n.day)}:** {escape(n.text)}" for n in s.notes]
    else:
        lines.append("No notes marked for the provider in this period.")
    lines += ["", "## Completeness", "", s.completeness_text, "", f"_{PATIENT_REPORTED}_", ""]
    return "\n".join(lines)
