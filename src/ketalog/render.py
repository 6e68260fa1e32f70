"""Journal data -> Rich renderables. Nothing here prints."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ketalog.actions import HistoryRow
from ketalog.messages import severity, show
from ketalog.model import Session
from ketalog.trends import nice_date

LEVEL_STYLE = {"none": "green", "mild": "green", "moderate": "yellow", "severe": "bold red"}


def level_style(score: float | None) -> str:
    return "" if score is None else LEVEL_STYLE[severity(score)]


def scored(score: float | None, fmt: str = "{:g}") -> Text:
    if score is None:
        return Text("")
    return Text(fmt.format(score), style=level_style(score))


def route_label(route: str) -> str:
    return route.upper() if route in ("iv", "im") else route


def _table(title: str) -> Table:
    return Table(
        title=title,
        title_justify="left",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )


def sessions_table(sessions: Sequence[Session], today: date) -> Table:
    t = _table("Sessions")
    for name in ("ID", "Date", "Time", "Drug", "Route", "Dose", "Min", "Dis."):
        t.add_column(
            name, no_wrap=True, justify="right" if name in ("ID", "Min", "Dis.") else "left"
        )
    t.add_column("Clinic / note", overflow="fold", min_width=10)
    for s in sessions:
        planned = " (planned)" if s.day > today else ""
        extra = " — ".join(x for x in (s.clinic, s.note) if x)
        t.add_row(
            str(s.id), s.day.isoformat() + planned, s.time or "", s.drug, route_label(s.route),
            s.dose_text(), show(s.duration_min) if s.duration_min else "",
            show(s.dissociation) if s.dissociation is not None else "", extra,
        )  # fmt: skip
    return t


def history_table(rows: Sequence[HistoryRow], width: int = 80) -> Table:
    """Check-ins, newest last; below 72 columns the minor columns are left out."""
    narrow = width < 72
    t = _table("Check-ins")
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
        t.add_row(c.day.isoformat(), *(cells[n] for n in names), note)
    t.caption = "Day: days since session · Fat: fatigue · ★ note for your provider"
    return t


def _blank(v: object) -> str:
    return "" if v is None else show(v)


def stack(*parts: RenderableType) -> Group:
    return Group(*parts)


__all__ = ["history_table", "nice_date", "scored", "sessions_table", "stack"]
