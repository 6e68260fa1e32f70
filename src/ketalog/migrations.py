"""The journal's schema, step by step: an append-only list of literal SQL migrations."""

from __future__ import annotations

from collections.abc import Callable

# Each step is literal SQL, frozen the day it shipped: never build one from today's
# fields or helpers, or new journals would silently differ from upgraded old ones.
# A later change to a table is a new step appended at the end.


def _v1() -> list[str]:
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


def _v2() -> list[str]:
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


def _v3() -> list[str]:
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


def _v4() -> list[str]:
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


def _v5() -> list[str]:
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


Migration = Callable[[], list[str]]
# Append-only: version N is reached by running MIGRATIONS[N - 1].
MIGRATIONS: tuple[Migration, ...] = (_v1, _v2, _v3, _v4, _v5)
LATEST = len(MIGRATIONS)
