"""Schema version 1, frozen the day it shipped: never edit this SQL; change the schema
with a new step at the end of ketalog.migrations.MIGRATIONS."""

from __future__ import annotations


def step() -> list[str]:
    """Sessions, check-ins and the change log that undo reads, with its triggers."""
    return [
        """CREATE TABLE session (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    time TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'),
    drug TEXT NOT NULL CHECK (drug IN ('ketamine', 'esketamine', 'other')),
    route TEXT NOT NULL CHECK (route IN ('iv', 'im', 'intranasal', 'oral', 'sublingual', 'other')),
    dose_mg REAL CHECK (dose_mg IS NULL OR (typeof(dose_mg) IN ('integer', 'real')
        AND dose_mg > 0 AND dose_mg <= 1000)),
    dose_mg_per_kg REAL CHECK (dose_mg_per_kg IS NULL OR (typeof(dose_mg_per_kg) IN ('integer',
        'real') AND dose_mg_per_kg > 0 AND dose_mg_per_kg <= 10)),
    duration_min INTEGER CHECK (duration_min IS NULL OR (typeof(duration_min) = 'integer'
        AND duration_min >= 1 AND duration_min <= 1440)),
    dissociation INTEGER CHECK (dissociation IS NULL OR (typeof(dissociation) = 'integer'
        AND dissociation >= 0 AND dissociation <= 10)),
    clinic TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)""",
        "CREATE INDEX session_day ON session (day)",
        """CREATE TABLE checkin (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL UNIQUE CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    fatigue INTEGER CHECK (fatigue IS NULL OR (typeof(fatigue) = 'integer'
        AND fatigue >= 0 AND fatigue <= 10)),
    sleep_hours REAL CHECK (sleep_hours IS NULL OR (typeof(sleep_hours) IN ('integer', 'real') AND
        sleep_hours >= 0 AND sleep_hours <= 24)),
    sleep_quality INTEGER CHECK (sleep_quality IS NULL OR (typeof(sleep_quality) = 'integer' AND
        sleep_quality >= 0 AND sleep_quality <= 10)),
    fog INTEGER CHECK (fog IS NULL OR (typeof(fog) = 'integer' AND fog >= 0 AND fog <= 10)),
    mood INTEGER CHECK (mood IS NULL OR (typeof(mood) = 'integer' AND mood >= 0 AND mood <= 10)),
    emotions INTEGER CHECK (emotions IS NULL OR (typeof(emotions) = 'integer'
        AND emotions >= 0 AND emotions <= 10)),
    water INTEGER CHECK (water IS NULL OR (typeof(water) = 'integer' AND water >= 0
        AND water <= 50)),
    activity INTEGER CHECK (activity IS NULL OR (typeof(activity) = 'integer'
        AND activity >= 0 AND activity <= 1440)),
    mindful INTEGER CHECK (mindful IS NULL OR (typeof(mindful) = 'integer'
        AND mindful >= 0 AND mindful <= 1440)),
    note TEXT,
    for_provider INTEGER NOT NULL DEFAULT 0 CHECK (for_provider IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (fatigue IS NOT NULL)
)""",
        """CREATE TABLE command (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    undone_by INTEGER REFERENCES command (id)
)""",
        """CREATE TABLE change (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    command_id INTEGER NOT NULL REFERENCES command (id),
    tbl TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    uid TEXT NOT NULL,
    old TEXT,
    new TEXT
)""",
        "CREATE INDEX change_command ON change (command_id)",
        """CREATE TRIGGER session_ai AFTER INSERT ON session BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'session',
        'insert', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day,
        'time', NEW.time, 'drug', NEW.drug, 'route', NEW.route, 'dose_mg', NEW.dose_mg,
        'dose_mg_per_kg', NEW.dose_mg_per_kg, 'duration_min', NEW.duration_min,
        'dissociation', NEW.dissociation, 'clinic', NEW.clinic, 'note', NEW.note,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER session_au AFTER UPDATE ON session BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'session',
        'update', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'time', OLD.time, 'drug', OLD.drug, 'route', OLD.route, 'dose_mg', OLD.dose_mg,
        'dose_mg_per_kg', OLD.dose_mg_per_kg, 'duration_min', OLD.duration_min,
        'dissociation', OLD.dissociation, 'clinic', OLD.clinic, 'note', OLD.note,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id,
        'uid', NEW.uid, 'day', NEW.day, 'time', NEW.time, 'drug', NEW.drug, 'route', NEW.route,
        'dose_mg', NEW.dose_mg, 'dose_mg_per_kg', NEW.dose_mg_per_kg,
        'duration_min', NEW.duration_min, 'dissociation', NEW.dissociation,
        'clinic', NEW.clinic, 'note', NEW.note, 'created_at', NEW.created_at,
        'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER session_ad AFTER DELETE ON session BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'session',
        'delete', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'time', OLD.time, 'drug', OLD.drug, 'route', OLD.route, 'dose_mg', OLD.dose_mg,
        'dose_mg_per_kg', OLD.dose_mg_per_kg, 'duration_min', OLD.duration_min,
        'dissociation', OLD.dissociation, 'clinic', OLD.clinic, 'note', OLD.note,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL);
END""",
        """CREATE TRIGGER checkin_ai AFTER INSERT ON checkin BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'checkin',
        'insert', NEW.uid, NULL, json_object('id', NEW.id, 'uid', NEW.uid, 'day', NEW.day,
        'fatigue', NEW.fatigue, 'sleep_hours', NEW.sleep_hours,
        'sleep_quality', NEW.sleep_quality, 'fog', NEW.fog, 'mood', NEW.mood,
        'emotions', NEW.emotions, 'water', NEW.water, 'activity', NEW.activity,
        'mindful', NEW.mindful, 'note', NEW.note, 'for_provider', NEW.for_provider,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER checkin_au AFTER UPDATE ON checkin BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'checkin',
        'update', NEW.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'fatigue', OLD.fatigue, 'sleep_hours', OLD.sleep_hours,
        'sleep_quality', OLD.sleep_quality, 'fog', OLD.fog, 'mood', OLD.mood,
        'emotions', OLD.emotions, 'water', OLD.water, 'activity', OLD.activity,
        'mindful', OLD.mindful, 'note', OLD.note, 'for_provider', OLD.for_provider,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id,
        'uid', NEW.uid, 'day', NEW.day, 'fatigue', NEW.fatigue, 'sleep_hours', NEW.sleep_hours,
        'sleep_quality', NEW.sleep_quality, 'fog', NEW.fog, 'mood', NEW.mood,
        'emotions', NEW.emotions, 'water', NEW.water, 'activity', NEW.activity,
        'mindful', NEW.mindful, 'note', NEW.note, 'for_provider', NEW.for_provider,
        'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END""",
        """CREATE TRIGGER checkin_ad AFTER DELETE ON checkin BEGIN
    INSERT INTO change (command_id, tbl, op, uid, old, new)
    VALUES ((SELECT max(id) FROM command), 'checkin',
        'delete', OLD.uid, json_object('id', OLD.id, 'uid', OLD.uid, 'day', OLD.day,
        'fatigue', OLD.fatigue, 'sleep_hours', OLD.sleep_hours,
        'sleep_quality', OLD.sleep_quality, 'fog', OLD.fog, 'mood', OLD.mood,
        'emotions', OLD.emotions, 'water', OLD.water, 'activity', OLD.activity,
        'mindful', OLD.mindful, 'note', OLD.note, 'for_provider', OLD.for_provider,
        'created_at', OLD.created_at, 'updated_at', OLD.updated_at), NULL);
END""",
    ]
