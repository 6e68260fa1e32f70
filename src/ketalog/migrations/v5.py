"""Schema version 5, frozen the day it shipped: never edit this SQL; change the schema
with a new step at the end of ketalog.migrations.MIGRATIONS."""

from __future__ import annotations


def step() -> list[str]:
    """Symptoms on each check-in (a comma-separated list from a fixed vocabulary), and
    questions kept for the provider; both logged for undo like everything else."""
    return [
        """ALTER TABLE checkin ADD COLUMN symptoms TEXT CHECK (symptoms IS NULL OR (
    symptoms GLOB '[a-z]*' AND replace(replace(replace(replace(replace(replace(replace(
    replace(replace(symptoms, 'nausea', ''), 'headache', ''), 'dizziness', ''), 'bladder', ''),
    'anxiety', ''), 'appetite', ''), 'dreams', ''), 'other', ''), ',', '') = ''))""",
        "DROP TRIGGER checkin_ai",
        """CREATE TRIGGER checkin_ai AFTER INSERT ON checkin BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'checkin',
        'insert', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day,
        'fatigue', NEW.fatigue, 'sleep_hours', NEW.sleep_hours,
        'sleep_quality', NEW.sleep_quality, 'fog', NEW.fog, 'mood', NEW.mood,
        'emotions', NEW.emotions, 'water', NEW.water, 'activity', NEW.activity,
        'mindful', NEW.mindful, 'note', NEW.note, 'for_provider', NEW.for_provider,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at,
        'symptoms', NEW.symptoms));
    INSERT INTO change_real (change_id, side, col, value)
    SELECT (SELECT max(id) FROM change), side, col, value FROM (
        SELECT NULL AS side, NULL AS col, NULL AS value
        UNION ALL SELECT 'new', 'sleep_hours', NEW.sleep_hours
    ) WHERE value IS NOT NULL;
END""",
        "DROP TRIGGER checkin_au",
        """CREATE TRIGGER checkin_au AFTER UPDATE ON checkin BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'checkin',
        'update', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'fatigue', OLD.fatigue, 'sleep_hours', OLD.sleep_hours,
        'sleep_quality', OLD.sleep_quality, 'fog', OLD.fog, 'mood', OLD.mood,
        'emotions', OLD.emotions, 'water', OLD.water, 'activity', OLD.activity,
        'mindful', OLD.mindful, 'note', OLD.note, 'for_provider', OLD.for_provider,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at,
        'symptoms', OLD.symptoms),
        json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day, 'fatigue', NEW.fatigue,
        'sleep_hours', NEW.sleep_hours, 'sleep_quality', NEW.sleep_quality, 'fog', NEW.fog,
        'mood', NEW.mood, 'emotions', NEW.emotions, 'water', NEW.water,
        'activity', NEW.activity, 'mindful', NEW.mindful, 'note', NEW.note,
        'for_provider', NEW.for_provider, 'created_at', NEW.created_at,
        'updated_at', NEW.updated_at, 'symptoms', NEW.symptoms));
    INSERT INTO change_real (change_id, side, col, value)
    SELECT (SELECT max(id) FROM change), side, col, value FROM (
        SELECT NULL AS side, NULL AS col, NULL AS value
        UNION ALL SELECT 'old', 'sleep_hours', OLD.sleep_hours
        UNION ALL SELECT 'new', 'sleep_hours', NEW.sleep_hours
    ) WHERE value IS NOT NULL;
END""",
        "DROP TRIGGER checkin_ad",
        """CREATE TRIGGER checkin_ad AFTER DELETE ON checkin BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'checkin',
        'delete', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'fatigue', OLD.fatigue, 'sleep_hours', OLD.sleep_hours,
        'sleep_quality', OLD.sleep_quality, 'fog', OLD.fog, 'mood', OLD.mood,
        'emotions', OLD.emotions, 'water', OLD.water, 'activity', OLD.activity,
        'mindful', OLD.mindful, 'note', OLD.note, 'for_provider', OLD.for_provider,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at,
        'symptoms', OLD.symptoms), NULL);
    INSERT INTO change_real (change_id, side, col, value)
    SELECT (SELECT max(id) FROM change), side, col, value FROM (
        SELECT NULL AS side, NULL AS col, NULL AS value
        UNION ALL SELECT 'old', 'sleep_hours', OLD.sleep_hours
    ) WHERE value IS NOT NULL;
END""",
        """CREATE TABLE question (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0 AND length(text) <= 500),
    done TEXT CHECK (done IS NULL OR done GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)""",
        """CREATE TRIGGER question_ai AFTER INSERT ON question BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'question',
        'insert', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day,
        'text', NEW.text, 'done', NEW.done, 'created_at', NEW.created_at,
        'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER question_au AFTER UPDATE ON question BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'question',
        'update', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'text', OLD.text, 'done', OLD.done, 'created_at', OLD.created_at,
        'updated_at', OLD.updated_at), json_object('id', NEW.id, 'uid', NEW.uid,
        'day', NEW.day, 'text', NEW.text, 'done', NEW.done, 'created_at', NEW.created_at,
        'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER question_ad AFTER DELETE ON question BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'question',
        'delete', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'text', OLD.text, 'done', OLD.done, 'created_at', OLD.created_at,
        'updated_at', OLD.updated_at), NULL);
END""",
    ]
