"""Today's date, as every command sees it, and the time a backup or export is stamped with."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from ketalog.errors import InputError


def today() -> date:
    """Today, or the day KETALOG_TODAY pins (for tests and reproducible demos)."""
    pinned = os.environ.get("KETALOG_TODAY")
    if not pinned:
        return date.today()
    try:
        if len(pinned) != 10 or pinned[4] + pinned[7] != "--":  # 3.11 would take 20261125
            raise ValueError
        return date.fromisoformat(pinned)
    except ValueError:
        raise InputError(f"KETALOG_TODAY {pinned!r} is not a YYYY-MM-DD date") from None


def now_utc() -> datetime:
    return datetime.now(timezone.utc)
