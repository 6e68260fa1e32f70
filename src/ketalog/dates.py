"""Parsing the WHEN values users type: dates, `today`, `N days ago`, `last monday`,
`20 Nov`, `in 2 weeks`.

The common forms are read here, by hand, so that most commands never load a date
library. Anything else ("2 weeks ago", "Nov 20", "the 20th") goes to `dateparser`,
imported only then: it costs about a quarter of a second.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ketalog.errors import InputError

# Patterns as text: `re` compiles each on first use, so the commands that never read
# a date (most of them import this module) do not pay for compiling them.
_AGO = r"^(\d{1,5}) days? ago$"
_AHEAD = r"^in (\d{1,5}) days?$"
_MINUS = r"^-(\d{1,5})$"
_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})$"
_NUMERIC = r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?$"
_WEEKDAY = r"^(?:(last|this|next|on) )?([a-z]+)$"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# words the date library would silently drop, changing the meaning ("2 days before X")
_DROPPED = r"\b(before|after|except|not|or|and|between)\b"

# A day this far ahead can come in from a computer whose clock runs fast (import, sync);
# such a check-in or questionnaire is kept, and `log --date` may change or delete it.
CLOCK_AHEAD = 2

ALLOWED_PAST = "YYYY-MM-DD, today, yesterday, '3 days ago', 'last monday' or '20 Nov'"
ALLOWED_FUTURE = ALLOWED_PAST + "; ahead: tomorrow, 'next friday' or 'in 2 weeks'"


def parse_when(text: str, today: date, *, max_ahead: int = 0, what: str = "date") -> date:
    """Turn WHEN text into a date relative to `today`.

    `max_ahead` is how many days into the future are allowed (0: none). A bare
    weekday or a day of the year means the latest one on or before today; the
    future only when the text says so ("next friday", "in 2 weeks", "tomorrow").
    """
    raw = text
    day = read_when(text, today, what, ALLOWED_FUTURE if max_ahead else ALLOWED_PAST)
    ahead = (day - today).days
    if ahead > max_ahead:
        if max_ahead == 0:
            raise InputError(
                f"{what} {raw!r} is in the future ({label(day, today)}); use today or earlier"
            )
        raise InputError(
            f"{what} {raw!r} is {ahead} days ahead; sessions can be planned at most "
            f"{max_ahead} days ahead"
        )
    return day


def read_when(text: str, today: date, what: str = "date", allowed: str = ALLOWED_PAST) -> date:
    """WHEN text as a date relative to `today`, past or future (parse_when's rules
    without its limit); `allowed` is what the refusal of unreadable text suggests."""
    raw = text
    text = " ".join(text.strip().lower().split())
    day = _fast(text, raw, today, what)
    if day is None and text and not re.match(_NUMERIC, text) and not text.isdigit():
        day = _library(text, today)
    if day is None:
        raise InputError(f"{what} {raw!r} is not understood; use {allowed}")
    return day


def _fast(text: str, raw: str, today: date, what: str) -> date | None:
    """The forms read without the date library; None when the text is none of them."""
    if text in ("today", "now"):
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    if text == "tomorrow":
        return today + timedelta(days=1)
    if m := re.match(_AGO, text) or re.match(_MINUS, text):
        return today - timedelta(days=int(m.group(1)))
    if m := re.match(_AHEAD, text):
        return today + timedelta(days=int(m.group(1)))
    if m := re.match(_ISO, text):
        return _real(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw, what)
    if m := re.match(_NUMERIC, text):
        return _numeric(m, raw, today, what)
    if (m := re.match(_WEEKDAY, text)) and (weekday := _weekday(m.group(2))) is not None:
        return _on_weekday(today, weekday, m.group(1))
    return None


def _real(year: int, month: int, day: int, raw: str, what: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(f"{what} {raw!r} is not a real calendar date") from None


def _numeric(m: re.Match[str], raw: str, today: date, what: str) -> date:
    """25/11 or 25.11.2026: read only when one number can only be the day."""
    a, b = int(m.group(1)), int(m.group(2))
    year = today.year if m.group(3) is None else int(m.group(3))
    if year < 100:
        year += 2000
    if a != b and a <= 12 and b <= 12:
        hint = f"{year}-{a:02d}-{b:02d} or {year}-{b:02d}-{a:02d}"
        raise InputError(
            f"{what} {raw!r} could be day/month or month/day; write it as YYYY-MM-DD "
            f"({hint}) or with the month's name ('{a} {date(2000, b, 1):%b}' or "
            f"'{b} {date(2000, a, 1):%b}')"
        )
    day, month = (a, b) if a > 12 else (b, a)
    found = _real(year, month, day, raw, what)
    if m.group(3) is None and found > today:
        found = _real(year - 1, month, day, raw, what)
    return found


def _weekday(word: str) -> int | None:
    if len(word) < 3:
        return None
    matches = [i for i, name in enumerate(WEEKDAYS) if name.startswith(word)]
    if word.endswith("s") and not matches:  # "mondays"
        matches = [i for i, name in enumerate(WEEKDAYS) if name == word[:-1]]
    return matches[0] if len(matches) == 1 else None


def _on_weekday(today: date, weekday: int, word: str | None) -> date:
    """'monday' and 'last monday': the latest on or before today ('last': before it);
    'next' and 'this' monday: the first after today ('this' may be today)."""
    back = (today.weekday() - weekday) % 7
    forward = (weekday - today.weekday()) % 7
    if word == "next":
        return today + timedelta(days=forward or 7)
    if word == "this":
        return today + timedelta(days=forward)
    if word == "last":
        return today - timedelta(days=back or 7)
    return today - timedelta(days=back)


def _library(text: str, today: date) -> date | None:
    """Everything else, by dateparser: the past preferred unless the text says
    'next', 'in' or 'from now'. Forms naming no day ("december", "3pm") are refused."""
    if re.search(_DROPPED, text):
        return None
    import warnings
    from datetime import datetime

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import dateparser

        ahead = bool(re.search(r"\b(next|in|from now|coming)\b", text))
        found = dateparser.parse(
            text,
            languages=["en"],
            settings={
                "PREFER_DATES_FROM": "future" if ahead else "past",
                "RELATIVE_BASE": datetime(today.year, today.month, today.day),
                "REQUIRE_PARTS": ["day"],
                "PARSERS": ["relative-time", "absolute-time"],
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    return None if found is None else found.date()


def label(day: date, today: date | None = None) -> str:
    """'Mon 23 Nov', with the year when it is not this year's: how a resolved date
    is echoed back."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if today is not None and day.year == today.year else f"{text} {day.year}"


def hour_minute(text: str, separators: str = ":.h") -> tuple[int, int] | None:
    """(hour, minute) of a 24-hour time of day written H:MM or HH:MM (or with another of
    `separators` between them); None when `text` is not one."""
    m = re.match(rf"^(\d{{1,2}})[{re.escape(separators)}](\d{{2}})$", text)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    return int(m.group(1)), int(m.group(2))


def is_stored_time(text: str) -> bool:
    """A session's time as the journal keeps it: HH:MM, 24-hour, zero-padded."""
    return len(text) == 5 and text.isascii() and hour_minute(text, ":") is not None


# "2pm", "2 pm", "2:30pm", "2.30 p.m.", "2h30pm": an hour of 1-12 with am or pm
_MERIDIEM = r"^(\d{1,2})(?:[:.h](\d{2}))?\s*([ap])\.?\s*m?\.?$"
_HOUR_H = r"^(\d{1,2})h$"  # "14h", as French and German speakers write it
_TIME_WORDS = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}
ALLOWED_TIMES = "14:30, 14h30, 2:30pm, 2pm, noon or midnight"


def parse_time(text: str, name: str = "time") -> str:
    """A time of day as people type it, returned as the journal keeps it (HH:MM,
    24-hour, zero-padded): 14:30, 7.30, 14h30, 14h, 2pm, 2:30 pm, 2.30 p.m., noon,
    midday, midnight. `name` is what the message calls the value (`--time`)."""
    said = text.strip().lower()
    if said in _TIME_WORDS:
        return _TIME_WORDS[said]
    found = hour_minute(said)
    if found is None and (m := re.match(_HOUR_H, said)) and int(m.group(1)) <= 23:
        found = int(m.group(1)), 0
    if found is None and (m := re.match(_MERIDIEM, said)):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            part = "the hour is 1 to 12" if minute <= 59 else "the minutes are 00 to 59"
            raise InputError(
                f"{name} {text!r} is not a time of day: with am or pm {part}; use {ALLOWED_TIMES}"
            )
        found = hour % 12 + (12 if m.group(3) == "p" else 0), minute
    if found is None:
        raise InputError(f"{name} {text!r} is not a time of day; use {ALLOWED_TIMES}")
    return f"{found[0]:02d}:{found[1]:02d}"
