"""Schema version 4, frozen the day it shipped: never edit this SQL; change the schema
with a new step at the end of ketalog.migrations.MIGRATIONS."""

from __future__ import annotations


def step() -> list[str]:
    """Deletion records: which entry was deleted, and when, so that importing an
    export made before the deletion does not bring the entry back. Logged for undo
    like everything else, so undoing a delete removes its record too."""
    return [
        """CREATE TABLE deletion (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    tbl TEXT NOT NULL CHECK (tbl IN ('session', 'checkin', 'assessment')),
    row_uid TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    UNIQUE (tbl, row_uid)
)""",
        """CREATE TRIGGER deletion_ai AFTER INSERT ON deletion BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'deletion',
        'insert', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'tbl', NEW.tbl,
        'row_uid', NEW.row_uid, 'deleted_at', NEW.deleted_at));
END""",
        """CREATE TRIGGER deletion_au AFTER UPDATE ON deletion BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'deletion',
        'update', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'tbl', OLD.tbl,
        'row_uid', OLD.row_uid, 'deleted_at', OLD.deleted_at), json_object('id', NEW.id,
        'uid', NEW.uid, 'tbl', NEW.tbl, 'row_uid', NEW.row_uid,
        'deleted_at', NEW.deleted_at));
END""",
        """CREATE TRIGGER deletion_ad AFTER DELETE ON deletion BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'deletion',
        'delete', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'tbl', OLD.tbl,
        'row_uid', OLD.row_uid, 'deleted_at', OLD.deleted_at), NULL);
END""",
    ]
