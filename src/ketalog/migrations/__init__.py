"""The journal's schema, step by step: an append-only list of literal SQL migrations.

Each step is literal SQL, frozen the day it shipped, in its own module (v1.py, ...):
never build one from today's fields or helpers, or new journals would silently differ
from upgraded old ones. A later change to a table is a new step appended at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

Migration = Callable[[], list[str]]


def _step(name: str) -> Migration:
    def step() -> list[str]:
        result: list[str] = import_module(f"ketalog.migrations.{name}").step()
        return result

    return step


# Append-only: version N is reached by running MIGRATIONS[N - 1]. A step's module is
# loaded only when a journal is created or upgraded, not by every command.
MIGRATIONS: tuple[Migration, ...] = tuple(_step(v) for v in ("v1", "v2", "v3", "v4", "v5", "v6"))
LATEST = len(MIGRATIONS)
