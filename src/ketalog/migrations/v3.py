"""Schema version 3, frozen the day it shipped: never edit this SQL; change the schema
with a new step at the end of ketalog.migrations.MIGRATIONS."""

from __future__ import annotations


def step() -> list[str]:
    """Numbers kept exactly in the change log, so that undo gives back what was there.

    SQLite writes a REAL into JSON with 15 significant digits (7.123456789012345
    becomes 7.12345678901235), so every REAL value of a change is also kept as
    itself in change_real; undo takes it from there.
    """
    return [
        """CREATE TABLE change_real (
    change_id INTEGER NOT NULL REFERENCES change (id),
    side TEXT NOT NULL CHECK (side IN ('old', 'new')),
    col TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (change_id, side, col)
) WITHOUT ROWID""",
        "DROP TRIGGER session_ai",
        """CREATE TRIGGER session_ai AFTER INSERT ON session BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'session',
        'insert', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day,
        'time', NEW.time, 'drug', NEW.drug, 'route', NEW.route, 'dose_mg', NEW.dose_mg,
        'dose_mg_per_kg', NEW.dose_mg_per_kg, 'duration_min', NEW.duration_min,
        'dissociation', NEW.dissociation, 'clinic', NEW.clinic, 'note', NEW.note,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
    INSERT INTO change_real (change_id, side, col, value)
    SELECT (SELECT max(id) FROM change), side, col, value FROM (
        SELECT NULL AS side, NULL AS col, NULL AS value
        UNION ALL SELECT 'new', 'dose_mg', NEW.dose_mg
        UNION ALL SELECT 'new', 'dose_mg_per_kg', NEW.dose_mg_per_kg
    ) WHERE value IS NOT NULL;
END""",
        "DROP TRIGGER session_au",
        """CREATE TRIGGER session_au AFTER UPDATE ON session BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'session',
        'update', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'time', OLD.time, 'drug', OLD.drug, 'route', OLD.route, 'dose_mg', OLD.dose_mg,
        'dose_mg_per_kg', OLD.dose_mg_per_kg, 'duration_min', OLD.duration_min,
        'dissociation', OLD.dissociation, 'clinic', OLD.clinic, 'note', OLD.note,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at),
        json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day, 'time', NEW.time,
        'drug', NEW.drug, 'route', NEW.route, 'dose_mg', NEW.dose_mg,
        'dose_mg_per_kg', NEW.dose_mg_per_kg, 'duration_min', NEW.duration_min,
        'dissociation', NEW.dissociation, 'clinic', NEW.clinic, 'note', NEW.note,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
    INSERT INTO change_real (change_id, side, col, value)
    SELECT (SELECT max(id) FROM change), side, col, value FROM (
        SELECT NULL AS side, NULL AS col, NULL AS value
        UNION ALL SELECT 'old', 'dose_mg', OLD.dose_mg
        UNION ALL SELECT 'old', 'dose_mg_per_kg', OLD.dose_mg_per_kg
        UNION ALL SELECT 'new', 'dose_mg', NEW.dose_mg
        UNION ALL SELECT 'new', 'dose_mg_per_kg', NEW.dose_mg_per_kg
    ) WHERE value IS NOT NULL;
END""",
        "DROP TRIGGER session_ad",
        """CREATE TRIGGER session_ad AFTER DELETE ON session BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'session',
        'delete', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'time', OLD.time, 'drug', OLD.drug, 'route', OLD.route, 'dose_mg', OLD.dose_mg,
        'dose_mg_per_kg', OLD.dose_mg_per_kg, 'duration_min', OLD.duration_min,
        'dissociation', OLD.dissociation, 'clinic', OLD.clinic, 'note', OLD.note,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL);
    INSERT INTO change_real (change_id, side, col, value)
    SELECT (SELECT max(id) FROM change), side, col, value FROM (
        SELECT NULL AS side, NULL AS col, NULL AS value
        UNION ALL SELECT 'old', 'dose_mg', OLD.dose_mg
        UNION ALL SELECT 'old', 'dose_mg_per_kg', OLD.dose_mg_per_kg
    ) WHERE value IS NOT NULL;
END""",
        "DROP TRIGGER checkin_ai",
        """CREATE TRIGGER checkin_ai AFTER INSERT ON checkin BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'checkin',
        'insert', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day,
        'fatigue', NEW.fatigue, 'sleep_hours', NEW.sleep_hours,
        'sleep_quality', NEW.sleep_quality, 'fog', NEW.fog, 'mood', NEW.mood,
        'emotions', NEW.emotions, 'water', NEW.water, 'activity', NEW.activity,
        'mindful', NEW.mindful, 'note', NEW.note, 'for_provider', NEW.for_provider,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
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
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at),
        json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day, 'fatigue', NEW.fatigue,
        'sleep_hours', NEW.sleep_hours, 'sleep_quality', NEW.sleep_quality, 'fog', NEW.fog,
        'mood', NEW.mood, 'emotions', NEW.emotions, 'water', NEW.water,
        'activity', NEW.activity, 'mindful', NEW.mindful, 'note', NEW.note,
        'for_provider', NEW.for_provider, 'created_at', NEW.created_at,
        'updated_at', NEW.updated_at));
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
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL);
    INSERT INTO change_real (change_id, side, col, value)
    SELECT (SELECT max(id) FROM change), side, col, value FROM (
        SELECT NULL AS side, NULL AS col, NULL AS value
        UNION ALL SELECT 'old', 'sleep_hours', OLD.sleep_hours
    ) WHERE value IS NOT NULL;
END""",
    ]
