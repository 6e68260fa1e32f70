"""CSV cells that a spreadsheet opens as text, never as a formula.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and some also after
a tab or a carriage return) as a formula: a note such as `=HYPERLINK(...)` could send
data away or start a program when the export is opened. Following OWASP's advice on
CSV injection, export puts one `'` before such a text cell, and before a text cell
that already starts with `'`, so that import takes exactly one `'` off and every cell
comes back as it was. Numbers are written as numbers: -2 stays -2.
"""

from __future__ import annotations

import csv

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def protect(value: object) -> object:
    """A cell for export: text that a spreadsheet would run gets one leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unprotect(cell: str) -> str:
    """A cell read back from an export: exactly one leading `'` taken off."""
    return cell[1:] if cell.startswith("'") else cell


def allow_fields_up_to(size: int) -> None:
    """Let the csv module read fields as long as the whole file (its default stops at
    131,072 characters, shorter than a long note)."""
    if csv.field_size_limit() < size:
        csv.field_size_limit(size)
