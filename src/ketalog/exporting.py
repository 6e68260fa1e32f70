"""Export: the whole journal as JSON, or check-ins or sessions as CSV for a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ketalog import db, deletions, journal, uidrows
from ketalog.csvcells import protect, with_nul
from ketalog.model import CHECKIN_COLUMNS, SESSION_COLUMNS
from ketalog.visible import json_dumps

FORMAT = "ketalog-export"
FORMAT_VERSION = 1
# table name in the journal -> key in the export file
TABLE_KEYS = {
    "session": "sessions",
    "checkin": "checkins",
    "assessment": "assessments",
    "question": "questions",
}


def export_json(conn: sqlite3.Connection, now: datetime) -> str:
    gone = deletions.all_records(conn)
    # A file cannot know of a deletion after it was made (import checks this), so a
    # deletion stamped later than this clock (another computer's clock ahead, a sync's
    # tie-break) moves the file's time up to it rather than making the file unreadable.
    made = max([now, *(deletions.stamp(d["deleted_at"]) for d in gone)])
    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": db.schema_version(conn),
        "exported_at": made.isoformat(timespec="microseconds"),
    }
    for table, key in TABLE_KEYS.items():
        data[key] = uidrows.all_rows(conn, table)
    data["deletions"] = [{**d, "table": TABLE_KEYS[d["table"]]} for d in gone]
    for row in data["checkins"]:
        row["for_provider"] = bool(row["for_provider"])
    for row in data["assessments"]:
        row["answers"] = json.loads(row["answers"])
    return json_dumps(data) + "\n"


CHECKIN_CSV = (
    "uid",
    *CHECKIN_COLUMNS,
    "created_at",
    "updated_at",
    "days_since_session",
    "session_day",
    "session_drug",
    "session_route",
    "session_dose_mg",
    "session_dose_mg_per_kg",
)
SESSION_CSV = ("uid", *SESSION_COLUMNS, "created_at", "updated_at")


def _csv(header: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(header), extrasaction="ignore", lineterminator="\r\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else protect(v) for k, v in row.items()})
    return with_nul(out.getvalue())


def export_csv(conn: sqlite3.Connection, table: str = "checkins") -> str:
    """One row per check-in with its session context, or one row per session."""
    if table == "sessions":
        return _csv(SESSION_CSV, uidrows.all_rows(conn, "session"))
    from ketalog import recovery

    sessions = {s.uid: s for s in journal.list_sessions(conn)}
    placed = {
        p.checkin.uid: p for p in recovery.place(sessions.values(), journal.list_checkins(conn))
    }
    rows = []
    for row in uidrows.all_rows(conn, "checkin"):
        p = placed[row["uid"]]
        s = p.session
        row.update(
            for_provider="true" if row["for_provider"] else "false",
            days_since_session=p.offset,
            session_day=s.day.isoformat() if s else None,
            session_drug=s.drug if s else None,
            session_route=s.route if s else None,
            session_dose_mg=s.dose_mg if s else None,
            session_dose_mg_per_kg=s.dose_mg_per_kg if s else None,
        )
        rows.append(row)
    return _csv(CHECKIN_CSV, rows)
