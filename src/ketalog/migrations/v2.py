"""Schema version 2, frozen the day it shipped: never edit this SQL; change the schema
with a new step at the end of ketalog.migrations.MIGRATIONS."""

from __future__ import annotations


def step() -> list[str]:
    """Questionnaires (PHQ-9, GAD-7), logged for undo like everything else."""
    return [
        """CREATE TABLE assessment (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    instrument TEXT NOT NULL CHECK (instrument IN ('phq9', 'gad7')),
    answers TEXT NOT NULL CHECK (json_valid(answers) AND json_array_length(answers) =
        CASE instrument WHEN 'phq9' THEN 9 ELSE 7 END),
    total INTEGER NOT NULL CHECK (typeof(total) = 'integer' AND total >= 0 AND total <=
        CASE instrument WHEN 'phq9' THEN 27 ELSE 21 END),
    band TEXT NOT NULL,
    item9 INTEGER CHECK (item9 IS NULL OR (instrument = 'phq9' AND item9 BETWEEN 0 AND 3)),
    difficulty INTEGER CHECK (difficulty IS NULL OR difficulty BETWEEN 0 AND 3),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)""",
        "CREATE INDEX assessment_day ON assessment (day)",
        """CREATE TRIGGER assessment_ai AFTER INSERT ON assessment BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'assessment',
        'insert', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day,
        'instrument', NEW.instrument, 'answers', NEW.answers, 'total', NEW.total,
        'band', NEW.band, 'item9', NEW.item9, 'difficulty', NEW.difficulty,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER assessment_au AFTER UPDATE ON assessment BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'assessment',
        'update', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'instrument', OLD.instrument, 'answers', OLD.answers, 'total', OLD.total,
        'band', OLD.band, 'item9', OLD.item9, 'difficulty', OLD.difficulty,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id,
        'uid', NEW.uid, 'day', NEW.day, 'instrument', NEW.instrument, 'answers', NEW.answers,
        'total', NEW.total, 'band', NEW.band, 'item9', NEW.item9, 'difficulty', NEW.difficulty,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER assessment_ad AFTER DELETE ON assessment BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'assessment',
        'delete', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'instrument', OLD.instrument, 'answers', OLD.answers, 'total', OLD.total,
        'band', OLD.band, 'item9', OLD.item9, 'difficulty', OLD.difficulty,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL);
END""",
    ]
