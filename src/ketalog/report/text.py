"""The summary as Rich renderables: colour on a terminal, plain 80-column text in a pipe."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ketalog import tables, trendtables
from ketalog.report import scores, weekly
from ketalog.report.model import (
    ASSESSMENT_NOTE,
    FASTER_TITLE,
    LEVELS_NOTE,
    NO_CURVE,
    NO_PROLONGED,
    PATIENT_REPORTED,
    PROLONGED_TITLE,
    QUESTIONS_TITLE,
    SAFETY_TITLE,
    SYMPTOM_HEAD,
    SYMPTOM_NOTE,
    TITLE,
    Summary,
)
from ketalog.visible import visible
from ketalog.wording import nice_date


def _bullet(text: str, style: str = "") -> Padding:
    return Padding(Text(f"• {text}", style=style), (0, 0, 0, 2))


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def sessions_table(s: Summary) -> Table:
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0))
    for name in ("Date", "Drug", "Route", "Dose", "Min", "Dissociation"):
        t.add_column(
            name,
            no_wrap=name != "Dose",
            justify="right" if name in ("Min", "Dissociation") else "left",
        )
    for row in s.session_rows():
        t.add_row(*row)
    return t


def recovery_table(s: Summary) -> Table:
    """Each session's starting level, recovery day and prolonged-fatigue flag."""
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0))
    for name in ("Session", "Since previous", "Start", "Recovery", "Prolonged"):
        t.add_column(name, no_wrap=True, justify="right" if name == "Start" else "left")
    for row in s.recovery_rows():
        t.add_row(*row[:4], Text(row[4], style="bold red"))
    return t


def write(s: Summary, width: int = 80) -> Group:
    parts: list[RenderableType] = [Text(TITLE, style="bold")]
    if s.name:
        parts.append(Text(f"Patient: {visible(s.name)}"))
    parts += [Text(f"Period: {s.period_text}"), Text(f"Generated: {nice_date(s.generated)}")]

    from rich.panel import Panel

    from ketalog.report import glance

    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in glance.lines(s):
        grid.add_row(label, visible(value))
    parts.append(Panel(grid, title=glance.TITLE, title_align="left", box=box.SQUARE))
    if s.safety_lines():
        parts.append(Text(f"\n{SAFETY_TITLE}", style="bold red"))
        parts += [_bullet(line, "red") for line in s.safety_lines()]
    if s.questions:
        parts.append(_heading(QUESTIONS_TITLE))
        for q in s.questions:
            parts.append(Text.assemble((f"{nice_date(q.day)}: ", "bold"), visible(q.text)))
            parts.append(Text("    Answer: " + "_" * max(10, min(width, 80) - 12)))
    parts.append(_heading(f"Sessions in the period ({len(s.sessions)})"))
    parts.append(sessions_table(s) if s.sessions else Text("No sessions recorded in this period."))

    if s.checkin_days:
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0))
        for i, name in enumerate(weekly.HEAD):
            t.add_column(name, no_wrap=True, justify="left" if i == 0 else "right")
        for row in weekly.rows(s):
            t.add_row(*row)
        parts += [_heading(weekly.TITLE), t, Text(weekly.NOTE, style="dim")]

    parts.append(_heading("Fatigue after sessions"))
    parts += [Text(line) for line in s.usual_lines]
    if s.trends.placed_checkins:
        curve = trendtables.curve_table(s.trends, width)
        curve.title = None  # the section heading says it
        parts.append(tables.noted(curve))
        parts.append(Text(s.recovery_text))
    else:
        parts.append(Text(NO_CURVE))
    if s.trends.sessions:
        parts += [recovery_table(s), Text(LEVELS_NOTE, style="dim")]
    prolonged = s.prolonged_lines()
    if prolonged:
        parts.append(Text(PROLONGED_TITLE, style="bold red"))
        parts += [_bullet(p) for p in prolonged]
    else:
        parts.append(Text(NO_PROLONGED))

    other = trendtables.other_metrics_table(s.trends) if s.trends.placed_checkins else None
    if other is not None:
        other.title = None
        parts += [_heading("Sleep, mood and fog by days since session"), tables.noted(other)]

    if s.symptom_days and s.symptom_counts():
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0))
        for i, name in enumerate(SYMPTOM_HEAD):
            t.add_column(name, no_wrap=i > 0, justify="left" if i == 0 else "right")
        for row in s.symptom_rows():
            t.add_row(*row)
        parts += [_heading("Side effects by days since session"), t]
        parts.append(Text(SYMPTOM_NOTE, style="dim"))
    if s.faster_recovery():
        parts.append(_heading(FASTER_TITLE))
        parts += [_bullet(line) for line in s.faster_recovery_lines()]
        parts.append(Text(s.faster_recovery_note(), style="dim"))

    parts.append(_heading(scores.TITLE))
    if s.assessments:
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0))
        for name in scores.HEAD:
            t.add_column(
                name,
                no_wrap=name != "Band",
                justify="right" if name in ("Total", "vs first", "Item 9") else "left",
            )
        for row in scores.rows(s):
            t.add_row(*row)
        parts += [t, Text(f"{scores.CHANGE_NOTE} {ASSESSMENT_NOTE}", style="dim")]
        if scores.difficulty_note(s):
            parts.append(Text(str(scores.difficulty_note(s)), style="dim"))
    else:
        parts.append(Text(scores.NONE))
    parts.append(_heading("Notes for the provider"))
    if s.notes:
        parts += [
            Text.assemble((f"{nice_date(n.day)}: ", "bold"), visible(n.text)) for n in s.notes
        ]
    else:
        parts.append(Text("No notes marked for the provider in this period."))
    parts.append(_heading("Completeness"))
    parts += [Text(s.completeness_text), Text(PATIENT_REPORTED, style="dim")]
    return Group(*parts)
