"""Schema version 6, frozen the day it shipped: never edit this SQL; change the schema
with a new step at the end of ketalog.migrations.MIGRATIONS."""

from __future__ import annotations


def step() -> list[str]:
    """The journal's own identity: a random id made once, when the journal is made (or
    upgraded to this version), that travels with the file, and its name in a sync folder
    (set by its first sync). A sync file names the journal that wrote it, so two journals
    under one name are told apart."""
    return [
        """CREATE TABLE journal_identity (
    only INTEGER PRIMARY KEY CHECK (only = 1),
    id TEXT NOT NULL CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    device TEXT CHECK (device IS NULL OR (length(device) BETWEEN 1 AND 40
        AND device GLOB '[a-z0-9]*' AND device NOT GLOB '*[^a-z0-9-]*'))
)""",
        "INSERT INTO journal_identity (only, id) VALUES (1, lower(hex(randomblob(16))))",
    ]
