"""The journal's schema, step by step: an append-only list of literal SQL migrations.

Each step is literal SQL, frozen the day it shipped, in its own module (v1.py, ...):
never build one from today's fields or helpers, or new journals would silently differ
from upgraded old ones. A later change to a table is a new step appended at the end.
"""

from __future__ import annotations

from collections.abc import Callable

from ketalog.migrations import v1, v2, v3, v4, v5

Migration = Callable[[], list[str]]
# Append-only: version N is reached by running MIGRATIONS[N - 1].
MIGRATIONS: tuple[Migration, ...] = (v1.step, v2.step, v3.step, v4.step, v5.step)
LATEST = len(MIGRATIONS)
