"""CSV cells that a spreadsheet opens as text, never as a formula.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some also after
a tab or a carriage return) as a formula: a note such as `=HYPERLINK(...)` could send
data away or start a program when the export is opened. Following OWASP's advice on
CSV injection, export puts one `'` before such a text cell, and before a text cell
that already starts with `'`, so that import takes exactly one `'` off and every cell
comes back as it was. Numbers are written as numbers: -2 stays -2.

Python 3.10's csv module refuses a NUL character in a cell ("need to escape", "line
contains NUL"), which 3.11 takes like any other. So a NUL goes through the csv module
as a stand-in that stored text can never hold (a lone surrogate is not UTF-8) and is
put back outside it: `protect` and `with_nul` on the way out, `without_nul` and
`unprotect` on the way in.
"""

from __future__ import annotations

import csv

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
NUL, STAND_IN = "\x00", "\udfff"


def protect(value: object) -> object:
    """A cell for export: text that a spreadsheet would run gets one leading `'`."""
    if not isinstance(value, str):
        return value
    value = value.replace(NUL, STAND_IN)
    return "'" + value if value.startswith(FORMULA_START) else value


def unprotect(cell: str) -> str:
    """A cell read back from an export: exactly one leading `'` taken off."""
    cell = cell.replace(STAND_IN, NUL)
    return cell[1:] if cell.startswith("'") else cell


def with_nul(written: str) -> str:
    """CSV text from the csv module, its NUL characters put back."""
    return written.replace(STAND_IN, NUL)


def without_nul(text: str) -> str:
    """CSV text ready for the csv module, its NUL characters stood in for."""
    return text.replace(NUL, STAND_IN)


def allow_fields_up_to(size: int) -> None:
    """Let the csv module read fields as long as the whole file (its default stops at
    131,072 characters, shorter than a long note)."""
    if csv.field_size_limit() < size:
        csv.field_size_limit(size)
