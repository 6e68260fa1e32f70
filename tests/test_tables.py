"""`tables.sized` sets column widths to spare Rich a measuring pass, and must never
change what Rich would have drawn."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ketalog import tables

WORDS = ["day", "3", "7.5", "█████▌", "漢字", "–", "no clear difference", "back by day 4", ""]
cells = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
multiline = st.lists(cells, min_size=1, max_size=2).map("\n".join)


def draw(table: Table, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width, emoji=False, highlight=False).print(table)
    return out.getvalue()


def build(columns: list[bool], rows: list[list[str]], as_text: bool, title: str) -> Table:
    t = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0))
    t.min_width = len(title)
    for i, no_wrap in enumerate(columns):
        t.add_column(f"col {i}", no_wrap=no_wrap, justify="right" if i % 2 else "left")
    for row in rows:
        t.add_row(*(Text(c, style="bold") if as_text else c for c in row))
    return t


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.booleans(), min_size=1, max_size=5),
    st.data(),
    st.booleans(),
    st.sampled_from(["", "A title longer than some of these tables"]),
    st.integers(min_value=12, max_value=140),
)
def test_a_sized_table_looks_exactly_as_rich_would_draw_it(
    columns: list[bool], data: st.DataObject, as_text: bool, title: str, width: int
) -> None:
    rows = data.draw(
        st.lists(st.lists(multiline, min_size=len(columns), max_size=len(columns)), max_size=6)
    )
    plain = build(columns, rows, as_text, title)
    sized = tables.sized(build(columns, rows, as_text, title), width)
    assert draw(sized, width) == draw(plain, width)


def test_sized_sets_the_widths_it_knows_and_leaves_markup_to_rich() -> None:
    def table(*extra: str) -> Table:
        t = Table()
        t.add_column("Day", no_wrap=True)
        t.add_column("Note")
        for name in extra:
            t.add_column(name, no_wrap=True)
        t.add_row("12", "a long note", *("[bold]x[/bold]" for _ in extra))
        return t

    assert [c.width for c in tables.sized(table(), 10).columns] == [3, None]  # may not fit
    assert [c.width for c in tables.sized(table(), 100).columns] == [3, 11]
    assert [c.width for c in tables.sized(table("Styled"), 100).columns] == [3, None, None]
