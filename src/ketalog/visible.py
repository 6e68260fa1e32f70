"""User text made safe to show on a terminal or in a text file.

A note, a clinic or a name can hold anything, and an imported file can put escape
sequences in them (a clipboard write, a title change, a screen clear). Everything
ketalog writes for people to read (tables, summaries, change lines, messages) passes
user text through `visible()`; JSON and exports keep the exact text.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline; DEL and the C1 controls; the bidi embeddings,
# overrides and isolates, which reorder what follows them on screen; and lone
# surrogates, which no terminal or file encoding can hold.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control character written out as its escape (ESC as `\\x1b`,
    a right-to-left override as `\\u202e`); tab, newline and all printable text kept."""
    return _HIDDEN.sub(_escape, text) if _HIDDEN.search(text) else text
