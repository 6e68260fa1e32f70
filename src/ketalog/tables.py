"""The look every Rich table shares: a left-aligned title, a light box, level colours,
its notes as dim lines below it, and the fixed-width slots and bars of the trend tables."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Group
from rich.table import Column, Table
from rich.text import Text

from ketalog.severity import severity

LEVEL_STYLE = {"none": "green", "mild": "green", "moderate": "yellow", "severe": "bold red"}


def level_style(score: float | None) -> str:
    return "" if score is None else LEVEL_STYLE[severity(score)]


def scored(score: float | None, fmt: str = "{:g}") -> Text:
    if score is None:
        return Text("")
    return Text(fmt.format(score), style=level_style(score))


def sized(table: Table, width: int | None = None) -> Table:
    """Set column widths from the cells' text, so that Rich lays the table out without
    rendering every cell once more to measure it; the layout stays Rich's own. A no-wrap
    column is as wide as its widest line either way. When the whole table surely fits
    in `width`, Rich would give every column its widest line too, so all are set. A
    column holding anything but Text or plain strings (a string Rich would read as
    markup, say) is left to Rich."""
    natural = [_column_width(column) for column in table.columns]
    known = [w for w in natural if w is not None]
    # at most 2 cells of padding a column, the two edges and a rule between columns
    fits = (
        width is not None
        and len(known) == len(natural)
        and sum(known) + 3 * len(known) + 1 <= width
    )
    for column, w in zip(table.columns, natural, strict=True):
        if w is not None and column.width is None and (fits or column.no_wrap):
            column.width = w
    return table


def _column_width(column: Column) -> int | None:
    widest = 1
    for cell in (column.header, *column.cells):
        if isinstance(cell, Text):
            text = cell.plain
        elif isinstance(cell, str) and "[" not in cell:
            text = cell
        else:
            return None
        widest = max(widest, *(cell_len(line) for line in text.split("\n")))
    return widest


def noted(table: Table, width: int | None = None) -> Group:
    """A table, `sized` for `width`, with its caption as a dim line below it, as wide as the screen
    (a Rich caption would wrap to the table's own width)."""
    sized(table, width)
    note = table.caption
    table.caption = None
    return Group(table, Text(str(note), style="dim")) if note else Group(table)


def titled(title: str) -> Table:
    return Table(
        title=title,
        title_justify="left",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        min_width=len(title),
    )


def bar(value: float | None, width: int = 20) -> Text:
    """A horizontal bar for a 0-10 score, in half-character steps."""
    if value is None:
        return Text("")
    halves = round(max(0.0, min(10.0, value)) / 10 * width * 2)
    return Text("█" * (halves // 2) + ("▌" if halves % 2 else ""), style=level_style(value))


Slot = tuple[str, int, str]  # text, width (right-aligned), style


def slots(*parts: Slot) -> Text:
    """Several right-aligned fixed-width fields as one Text: a table cell that reads
    like several columns but costs Rich one cell to lay out."""
    out = Text()
    for i, (text, width, style) in enumerate(parts):
        out.append(("  " if i else "") + text.rjust(width), style=style)
    return out
