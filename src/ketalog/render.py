"""Journal data -> Rich renderables. Nothing here prints."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from ketalog.actions import HistoryRow
    from ketalog.model import Assessment, Session

from ketalog.messages import show
from ketalog.tables import scored, titled
from ketalog.visible import visible
from ketalog.wording import route_label

# The order in which `session list` leaves out columns on a narrow terminal; ID,
# date and route always stay (edit and delete need the ID).
_SESSION_DROP_ORDER = ("Clinic / note", "Dis.", "Min", "Time", "Drug", "Dose")


def sessions_table(sessions: Sequence[Session], today: date, width: int = 80) -> Table:
    """Sessions, oldest first. Columns are never cut: when the terminal is too narrow
    for all of them, the least important are left out whole."""
    rows = []
    for s in sessions:
        planned = " (planned)" if s.day > today else ""
        extra = " — ".join(x for x in (s.clinic, s.note) if x)
        rows.append(
            {
                "ID": str(s.id),
                "Date": s.day.isoformat() + planned,
                "Time": s.time or "",
                "Drug": s.drug,
                "Route": route_label(s.route),
                "Dose": s.dose_text(),
                "Min": show(s.duration_min) if s.duration_min else "",
                "Dis.": show(s.dissociation) if s.dissociation is not None else "",
                "Clinic / note": visible(extra),
            }
        )
    names = ["ID", "Date", "Time", "Drug", "Route", "Dose", "Min", "Dis.", "Clinic / note"]
    for name in _SESSION_DROP_ORDER:
        if _needs(rows, names) <= width:
            break
        names.remove(name)
    return _sessions_columns(rows, names)


def _needs(rows: list[dict[str, str]], names: list[str]) -> int:
    """How wide the table is when nothing in it is cut: the clinic and note column,
    which folds, at its least (10)."""
    from rich.console import Console

    unfolded = [{**r, "Clinic / note": ""} for r in rows]
    return Console(width=1000).measure(_sessions_columns(unfolded, names)).minimum


def _sessions_columns(rows: list[dict[str, str]], names: list[str]) -> Table:
    t = titled("Sessions")
    for name in names:
        if name == "Clinic / note":
            t.add_column(name, overflow="fold", min_width=10)
        else:
            right = name in ("ID", "Min", "Dis.")
            t.add_column(
                name,
                no_wrap=True,
                justify="right" if right else "left",
                min_width=max(len(name), *(len(r[name]) for r in rows)),
            )
    for r in rows:
        t.add_row(*(Text(r[n]) if n == "Clinic / note" else r[n] for n in names))
    return t


def history_table(rows: Sequence[HistoryRow], width: int = 80) -> Table:
    """Check-ins, newest last; below 72 columns the minor columns are left out."""
    narrow = width < 72
    t = titled("Check-ins")
    t.add_column("Date", no_wrap=True)
    names = (
        ("Day", "Fat", "Sleep", "Fog", "Mood")
        if narrow
        else ("Day", "Fat", "Sleep", "Qual", "Fog", "Mood", "Emo", "Wtr")
    )
    for name in names:
        t.add_column(name, justify="right", no_wrap=True)
    t.add_column("Note", overflow="fold", min_width=10)
    for r in rows:
        c = r.checkin
        note = (("★ " if c.for_provider else "") + (c.note or "")) if c.note else ""
        cells: dict[str, RenderableType] = {
            "Day": _blank(r.days_since_session),
            "Fat": scored(c.fatigue),
            "Sleep": _blank(c.sleep_hours),
            "Qual": _blank(c.sleep_quality),
            "Fog": scored(c.fog),
            "Mood": _blank(c.mood),
            "Emo": _blank(c.emotions),
            "Wtr": _blank(c.water),
        }
        t.add_row(c.day.isoformat(), *(cells[n] for n in names), Text(visible(note)))  # no markup
    t.caption = "Day: days since session · Fat: fatigue · ★ note for your provider"
    return t


def _blank(v: object) -> str:
    return "" if v is None else show(v)


def assessments_table(found: list[Assessment]) -> Table:
    """Questionnaire scores over time: total, band, change since the previous one."""
    from ketalog.assess import table_rows
    from ketalog.report.model import ASSESSMENT_HEAD

    t = titled("Questionnaires")
    for name in ASSESSMENT_HEAD:
        t.add_column(
            name, no_wrap=True, justify="right" if name in ("Total", "Change", "Item 9") else "left"
        )
    for *cells, item9 in table_rows(found):
        t.add_row(*cells, Text(item9, style="bold red") if item9 not in ("", "0") else item9)
    t.caption = "Item 9: PHQ-9's question about thoughts of death or self-harm (0-3)."
    return t
