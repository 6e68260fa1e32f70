"""Long listings: plain text when piped (fast, streamed), a pager when longer than
the terminal (as git does: $PAGER, or `less -FRX`)."""

from __future__ import annotations

import itertools
import os
import shlex
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from ketalog.actions import HistoryRow

# (heading, width) after the date: days since session, fatigue, sleep hours and
# quality, fog, mood, emotions, water, activity, mindfulness; then the note
PLAIN_COLUMNS = (
    ("Day", 3),
    ("Fat", 3),
    ("Sleep", 5),
    ("Qual", 4),
    ("Fog", 3),
    ("Mood", 4),
    ("Emo", 3),
    ("Wtr", 3),
    ("Act", 4),
    ("Mind", 4),
)
CHUNK = 1000


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def plain_lines(rows: Iterable[HistoryRow]) -> Iterator[str]:
    """One line per check-in, fixed columns, the note last (control characters shown
    visibly); no trailing spaces."""
    from ketalog.visible import visible

    head = "Date       " + " ".join(name.rjust(width) for name, width in PLAIN_COLUMNS)
    yield head + " Note"
    for r in rows:
        c = r.checkin
        cells = [
            _cell(r.days_since_session),
            str(c.fatigue),
            _cell(c.sleep_hours),
            _cell(c.sleep_quality),
            _cell(c.fog),
            _cell(c.mood),
            _cell(c.emotions),
            _cell(c.water),
            _cell(c.activity),
            _cell(c.mindful),
        ]
        note = ""
        if c.note:
            note = ("* " if c.for_provider else "") + visible(" / ".join(c.note.splitlines()))
        padded = (v.rjust(w) for v, (_, w) in zip(cells, PLAIN_COLUMNS, strict=True))
        line = c.day.isoformat() + " " + " ".join(padded)
        yield (line + " " + note).rstrip()


def write_plain(rows: Sequence[HistoryRow], out: TextIO) -> None:
    """The listing for a pipe or a file, written in chunks (memory stays flat)."""
    lines = plain_lines(rows)
    while True:
        chunk = list(itertools.islice(lines, CHUNK))
        if not chunk:
            break
        out.write("\n".join(chunk) + "\n")
    out.write("Day: days since session · * note for your provider\n")


def pager_command() -> list[str] | None:
    """The pager to use, or None for none: $PAGER (empty or `cat`: none), else less."""
    chosen = os.environ.get("PAGER")
    if chosen is None:
        return ["less"]
    words = shlex.split(chosen)
    if not words or words[0] in ("cat", "/bin/cat"):
        return None
    return words


def show(console: Console, renderable: RenderableType, lines: int, *, pager: bool) -> None:
    """Print `renderable`; through the pager when it is longer than the terminal."""
    command = pager_command() if pager else None
    if command is None or lines <= console.height:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    env = {**os.environ}
    env.setdefault("LESS", "FRX")  # quit if one screen, keep colours, leave it on screen
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        console.print(renderable)  # no such pager: print as if there were none
        return
    assert proc.stdin is not None
    try:
        proc.stdin.write(captured.get().encode())
        proc.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit the pager early
    proc.wait()
