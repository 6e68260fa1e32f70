"""User text made safe to show on a terminal or in a text file.

A note, a clinic or a name can hold anything, and an imported file can put escape
sequences in them (a clipboard write, a title change, a screen clear). Everything
ketalog writes for people to read (tables, summaries, change lines, messages) passes
user text through `visible()`; JSON and exports keep the exact text.
"""

from __future__ import annotations

import functools
import re


@functools.cache
def _hidden() -> re.Pattern[str]:
    """C0 controls but tab and newline; DEL and the C1 controls; the bidi embeddings,
    overrides and isolates, which reorder what follows them on screen; and lone
    surrogates, which no terminal or file encoding can hold. Compiled on first need
    (it costs half a millisecond, and most text never needs it: see `visible`)."""
    return re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character written out as its escape (ESC as `\\x1b`,
    a right-to-left override as `\\u202e`); tab, newline and all printable text kept."""
    if text.isprintable():  # every character _hidden() matches is unprintable
        return text
    hidden = _hidden()
    return hidden.sub(_escape, text) if hidden.search(text) else text


def visible_line(value: object) -> str:
    """`value` (a path, a file name, a one-line message) as one line on the terminal:
    `visible()`, with newline and tab written out too (as `\\n`, `\\t`). Every path
    ketalog shows goes through this, success and error alike: never stripped (which
    would show a different name), never raw (which would let it drive the terminal)."""
    return visible(str(value)).replace("\n", "\\n").replace("\t", "\\t")


NOT_UTF8 = "is not valid UTF-8 text; check your terminal's encoding and type it again"


def is_utf8(text: str) -> bool:
    """False for text holding bytes that were not UTF-8 (Python keeps them as lone
    surrogates, which nothing can store, print or write back)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def as_typed(text: str) -> str:
    """`text` quoted as typed, each byte that is not UTF-8 written as \\xNN."""
    raw = text.encode("utf-8", "surrogateescape")
    return "'" + visible(raw.decode("utf-8", "backslashreplace")) + "'"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_dumps(data: object) -> str:
    """`data` as indented JSON with the exact text kept, every control character in it
    written as a JSON escape (which reads back as the same character), so that JSON
    shown on a terminal is as inert as a table."""
    import json

    return _hidden().sub(_json_escape, json.dumps(data, indent=2, ensure_ascii=False))
