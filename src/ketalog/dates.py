"""Parsing the WHEN values users type: dates, `today`, `N days ago`, `in N days`."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ketalog.errors import InputError

_AGO = re.compile(r"^(\d{1,5}) days? ago$")
_AHEAD = re.compile(r"^in (\d{1,5}) days?$")
_MINUS = re.compile(r"^-(\d{1,5})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

ALLOWED_PAST = "YYYY-MM-DD, today, yesterday, 'N days ago' or -N"
ALLOWED_FUTURE = ALLOWED_PAST + ", tomorrow or 'in N days'"


def parse_when(text: str, today: date, *, max_ahead: int = 0, what: str = "date") -> date:
    """Turn WHEN text into a date relative to `today`.

    `max_ahead` is how many days into the future are allowed (0: none).
    """
    allowed = ALLOWED_FUTURE if max_ahead else ALLOWED_PAST
    raw = text
    text = " ".join(text.strip().lower().split())
    day: date | None = None
    if text == "today":
        day = today
    elif text == "yesterday":
        day = today - timedelta(days=1)
    elif text == "tomorrow":
        day = today + timedelta(days=1)
    elif m := _AGO.match(text) or _MINUS.match(text):
        day = today - timedelta(days=int(m.group(1)))
    elif m := _AHEAD.match(text):
        day = today + timedelta(days=int(m.group(1)))
    elif m := _ISO.match(text):
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise InputError(f"{what} {raw!r} is not a real calendar date") from None
    if day is None:
        raise InputError(f"{what} {raw!r} is not understood; use {allowed}")
    ahead = (day - today).days
    if ahead > max_ahead:
        if max_ahead == 0:
            raise InputError(f"{what} {raw!r} is in the future ({day}); use today or earlier")
        raise InputError(
            f"{what} {raw!r} is {ahead} days ahead; sessions can be planned at most "
            f"{max_ahead} days ahead"
        )
    return day


def parse_time(text: str) -> str:
    """Validate HH:MM (24-hour) and return it zero-padded."""
    m = re.match(r"^(\d{1,2}):(\d{2})$", text.strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise InputError(f"time {text!r} is not valid; use HH:MM, 24-hour (00:00 to 23:59)")
    return f"{int(m.group(1)):02d}:{m.group(2)}"
