"""Export, import, backup, restore and check: the journal kept safe and portable."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from ketalog import db, deletions, journal
from ketalog.csvcells import allow_fields_up_to, protect, unprotect, with_nul, without_nul
from ketalog.errors import KetalogError
from ketalog.fields import CHECKIN, DRUGS, ROUTES, SESSION, Field
from ketalog.model import CHECKIN_JSON_KEYS
from ketalog.visible import is_utf8, json_dumps

FORMAT = "ketalog-export"
FORMAT_VERSION = 1
# table name in the journal -> key in the export file
TABLE_KEYS = {
    "session": "sessions",
    "checkin": "checkins",
    "assessment": "assessments",
    "question": "questions",
}
_UID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


# --- export --------------------------------------------------------------------------


def export_json(conn: sqlite3.Connection, now: datetime) -> str:
    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": db.schema_version(conn),
        "exported_at": now.isoformat(timespec="microseconds"),
    }
    for table, key in TABLE_KEYS.items():
        data[key] = journal.all_rows(conn, table)
    data["deletions"] = [
        {**d, "table": TABLE_KEYS[d["table"]]} for d in deletions.all_records(conn)
    ]
    for row in data["checkins"]:
        row["for_provider"] = bool(row["for_provider"])
    for row in data["assessments"]:
        row["answers"] = json.loads(row["answers"])
    return json_dumps(data) + "\n"


CHECKIN_CSV = (
    *(k for k in CHECKIN_JSON_KEYS if k != "id"),
    "created_at",
    "updated_at",
    "days_since_session",
    "session_day",
    "session_drug",
    "session_route",
    "session_dose_mg",
    "session_dose_mg_per_kg",
)
SESSION_CSV = (
    "uid",
    "day",
    "time",
    "drug",
    "route",
    "dose_mg",
    "dose_mg_per_kg",
    "duration_min",
    "dissociation",
    "clinic",
    "note",
    "created_at",
    "updated_at",
)


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
        return _csv(SESSION_CSV, journal.all_rows(conn, "session"))
    from ketalog import trends

    sessions = {s.uid: s for s in journal.list_sessions(conn)}
    placed = {
        p.checkin.uid: p for p in trends.place(sessions.values(), journal.list_checkins(conn))
    }
    rows = []
    for row in journal.all_rows(conn, "checkin"):
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


# --- reading an import file ------------------------------------------------------------


class Incoming(NamedTuple):
    sessions: list[dict[str, Any]]
    checkins: list[dict[str, Any]]
    assessments: list[dict[str, Any]]
    deletions: tuple[deletions.Deleted, ...] = ()
    made_at: str | None = None  # when the export was made; a CSV file does not say
    questions: tuple[dict[str, Any], ...] = ()


class BadRow(KetalogError):
    """A row of a file that breaks the journal's rules: where it is, and why."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}; nothing was imported")
        self.where = where
        self.why = why


def _bad(where: str, why: str) -> BadRow:
    return BadRow(where, why)


def read_file(path: Path, passphrase: Callable[[str], str] | None = None) -> Incoming:
    """Parse and check a ketalog JSON export or one of its CSV files; every row is
    validated before anything is written. An encrypted (age) file is decrypted in
    memory with the passphrase that `passphrase(file name)` gives."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KetalogError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise KetalogError(f"{path} is a folder, not an export file") from None
    except OSError as e:
        raise KetalogError(f"cannot read {path}: {e.strerror}") from None
    from ketalog import crypto

    if crypto.is_age(raw):
        if passphrase is None:
            raise _bad(str(path), "the file is encrypted")
        raw = crypto.decrypt(raw, passphrase(str(path)), str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _bad(str(path), "not a ketalog export (not UTF-8 text)") from None
    if text.lstrip().startswith("{"):
        return _from_json(path, text)
    return _from_csv(path, text)


def parse_export(text: str, where: str) -> Incoming:
    """A JSON export's text, checked whole as `import` checks a file named `where`."""
    return _from_json(Path(where), text)


def _from_json(path: Path, text: str) -> Incoming:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise _bad(str(path), f"not valid JSON (line {e.lineno}: {e.msg})") from None
    except RecursionError:
        raise _bad(str(path), "not a ketalog export (lists or objects nested too deeply)") from None
    except ValueError:  # Python reads whole numbers of at most 4,300 digits
        raise _bad(str(path), "it holds a number too long to read (over 4,300 digits)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _bad(str(path), 'not a ketalog export (no "format": "ketalog-export")')
    version = data.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise _bad(str(path), "the export has no valid format_version")
    schema = data.get("schema_version", 0)
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 0:
        raise _bad(str(path), f"schema_version {_brief(schema)} is not a whole number")
    if version > FORMAT_VERSION or schema > db.LATEST:
        raise _bad(
            str(path), f"made by a newer ketalog (format {version}); upgrade ketalog to import it"
        )
    tables = {}
    for table, key in TABLE_KEYS.items():
        rows = data.get(key, [])
        if not isinstance(rows, list):
            raise _bad(str(path), f'"{key}" is not a list')
        tables[table] = [
            check_row(table, row, f"{path}: {key} row {n}") for n, row in enumerate(rows, 1)
        ]
    deletable = {v: k for k, v in TABLE_KEYS.items() if k in deletions.TABLES}
    gone = deletions.read(data.get("deletions", []), deletable, str(path), valid_uid)
    made = data.get("exported_at")
    if made is not None and (not isinstance(made, str) or not deletions.is_stamp(made)):
        raise _bad(str(path), "exported_at is not an ISO timestamp")
    for n, d in enumerate(gone, 1):  # a file cannot know of a deletion after it was made
        if made is not None and deletions.stamp(d.deleted_at) > deletions.stamp(made):
            raise _bad(str(path), f"deletions item {n}: deleted_at is after exported_at")
    return Incoming(
        tables["session"],
        tables["checkin"],
        tables["assessment"],
        tuple(gone),
        made,
        tuple(tables["question"]),
    )


def valid_uid(uid: str) -> bool:
    return _UID.match(uid) is not None


def _from_csv(path: Path, text: str) -> Incoming:
    allow_fields_up_to(len(text))
    try:
        return _csv_rows(path, csv.DictReader(io.StringIO(without_nul(text), newline="")))
    except csv.Error as e:
        raise _bad(str(path), f"not a readable CSV file ({e})") from None


def _csv_rows(path: Path, reader: csv.DictReader[str]) -> Incoming:
    header = set(reader.fieldnames or ())
    if {"uid", "day", "fatigue"} <= header:
        table = "checkin"
    elif {"uid", "day", "route", "drug"} <= header:
        table = "session"
    else:
        raise _bad(str(path), "not a ketalog export (neither JSON nor a ketalog CSV file)")
    rows = []
    for n, raw in enumerate(reader, 1):  # row 1 is the first line after the header
        row: dict[str, Any] = {
            k: (None if v == "" else unprotect(v)) for k, v in raw.items() if k and v is not None
        }
        if table == "checkin" and row.get("for_provider") is not None:
            row["for_provider"] = str(row["for_provider"]).lower() in ("true", "1", "yes")
        rows.append(check_row(table, row, f"{path}: row {n}"))
    return Incoming([], rows, []) if table == "checkin" else Incoming(rows, [], [])


def check_row(table: str, row: Any, where: str) -> dict[str, Any]:
    """One row from a file, validated like typed input; raises naming the row."""
    if not isinstance(row, dict):
        raise _bad(where, "not an object")
    out: dict[str, Any] = {}
    uid = row.get("uid")
    if not isinstance(uid, str) or not valid_uid(uid):
        raise _bad(where, f"uid {uid!r} is missing or not valid")
    out["uid"] = uid
    day = row.get("day")
    if not isinstance(day, str) or not _DAY.match(day) or not _is_date(day):
        raise _bad(where, f"day {day!r} is not a YYYY-MM-DD date")
    out["day"] = day
    for stamp in ("created_at", "updated_at"):
        value = row.get(stamp)
        if not isinstance(value, str) or not deletions.is_stamp(value):
            raise _bad(where, f"{stamp} {value!r} is not an ISO timestamp")
        out[stamp] = value
    if table == "assessment":
        return {**out, **_check_assessment(row, where)}
    if table == "question":
        return {**out, **_check_question(row, where)}
    specs: dict[str, Field] = SESSION if table == "session" else CHECKIN
    for name, spec in specs.items():
        value = row.get(name)
        if value is None:
            out[name] = None
            continue
        if spec.kind == "text":
            if not isinstance(value, str):
                raise _bad(where, f"{name} is not text")
            if not is_utf8(value):
                raise _bad(where, f"{name} holds a lone surrogate (such as \\ud800), not text")
            out[name] = value
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise _bad(where, f"{name} {value!r} is not a number")
        try:
            out[name] = spec.parse(value)
        except KetalogError as e:
            raise _bad(where, e.message.replace(spec.flag, name, 1)) from None
    if table == "checkin":
        if out["fatigue"] is None:
            raise _bad(where, "fatigue is missing")
        provider = row.get("for_provider", False)
        if provider not in (True, False, 0, 1):
            raise _bad(where, f"for_provider {provider!r} is not true or false")
        out["for_provider"] = int(bool(provider))
        out["symptoms"] = _check_symptoms(row.get("symptoms"), where)
    else:
        for name, choices in (("drug", DRUGS), ("route", ROUTES)):
            if row.get(name) not in choices:
                raise _bad(where, f"{name} {row.get(name)!r} is not one of {', '.join(choices)}")
            out[name] = row[name]
        time = row.get("time")
        if time is not None and (not isinstance(time, str) or not _TIME.match(time)):
            raise _bad(where, f"time {time!r} is not HH:MM")
        out["time"] = time
    return out


def _check_symptoms(value: Any, where: str) -> str | None:
    """Symptoms as stored ('headache,nausea') or as a list; each from the vocabulary."""
    from ketalog.fields import SYMPTOMS, symptoms_text

    if value is None or value == "" or value == []:
        return None
    keys = value.split(",") if isinstance(value, str) else value
    if not isinstance(keys, list) or any(k not in SYMPTOMS for k in keys):
        raise _bad(where, f"symptoms {value!r} are not from: {', '.join(SYMPTOMS)}")
    return symptoms_text(set(keys))


def _check_question(row: dict[str, Any], where: str) -> dict[str, Any]:
    from ketalog.journal import QUESTION_MAX

    text, done = row.get("text"), row.get("done")
    if not isinstance(text, str) or not text.strip() or len(text) > QUESTION_MAX:
        raise _bad(where, f"text must be a question of 1-{QUESTION_MAX} characters")
    if not is_utf8(text):
        raise _bad(where, "text holds a lone surrogate (such as \\ud800), not text")
    if done is not None and (
        not isinstance(done, str) or not _DAY.match(done) or not _is_date(done)
    ):
        raise _bad(where, f"done {done!r} is not a YYYY-MM-DD date")
    return {"text": text, "done": done}


def _check_assessment(row: dict[str, Any], where: str) -> dict[str, Any]:
    """A questionnaire from a file: its total, band and item 9 are recomputed, never trusted."""
    from ketalog import assess

    name = row.get("instrument")
    inst = assess.INSTRUMENTS.get(name) if isinstance(name, str) else None
    if inst is None:
        raise _bad(where, f"instrument {_brief(name)} is not phq9 or gad7")
    answers = row.get("answers")
    if (
        not isinstance(answers, list)
        or any(isinstance(a, bool) or a not in (0, 1, 2, 3) for a in answers)
        or len(answers) != len(inst.items)
    ):
        raise _bad(where, f"answers must be {len(inst.items)} numbers, each 0-3")
    scored = assess.score(inst, tuple(answers))
    difficulty = row.get("difficulty")
    if difficulty is not None and (inst.key != "phq9" or difficulty not in (0, 1, 2, 3)):
        raise _bad(where, f"difficulty {difficulty!r} is not 0-3")
    return {
        "instrument": inst.key,
        "answers": json.dumps(list(scored.answers)),
        "total": scored.total,
        "band": scored.band,
        "item9": scored.item9,
        "difficulty": difficulty,
    }


def _brief(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _is_date(text: str) -> bool:
    return _parses(date.fromisoformat, text)


def _parses(parse: Callable[[str], object], text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


# --- merging --------------------------------------------------------------------------


class ImportReport(NamedTuple):
    added: int
    updated: int
    unchanged: int
    skipped_days: list[str]  # check-ins skipped: their day already has another check-in
    dry_run: bool
    left_out: int = 0  # entries deleted here after the export was made
    removed: int = 0  # entries deleted in the journal the export came from

    def lines(self) -> list[str]:
        verb = "Would import" if self.dry_run else "Imported"
        out = [
            f"{verb}: {self.added:,} added, {self.updated:,} updated, "
            f"{self.unchanged:,} already there."
        ]
        if self.skipped_days:
            shown = ", ".join(self.skipped_days[:5])
            more = f" and {len(self.skipped_days) - 5} more" if len(self.skipped_days) > 5 else ""
            out.append(
                f"Skipped {len(self.skipped_days):,} check-in(s) for days that already have one: "
                f"{shown}{more}."
            )
        if self.left_out:
            out.append(
                f"Left out {_entries(self.left_out)} deleted from this journal after the "
                "export was made."
            )
        if self.removed:
            out.append(
                f"{'Would remove' if self.dry_run else 'Removed'} {_entries(self.removed)} "
                "deleted in the journal the export came from."
            )
        if self.dry_run:
            out.append("Dry run: nothing was written.")
        elif self.added or self.updated or self.removed:
            out.append("`ketalog undo` reverses this whole import.")
        return out


def _entries(n: int) -> str:
    return f"{n:,} {'entry' if n == 1 else 'entries'}"


def merge(conn: sqlite3.Connection, incoming: Incoming, *, dry_run: bool) -> ImportReport:
    """Merge by uid in one transaction: new rows added, a newer updated_at wins, the
    same uid twice adds nothing, and a check-in for a day that has another is skipped.

    Deletions count too. The export's deletions come first: an entry deleted there
    goes here unless it changed here since (so a day's check-in deleted and logged
    anew there replaces the old one here). An entry deleted here at or after the
    moment the export was made stays deleted; one the export made later brings back.
    """
    added = updated = unchanged = left_out = removed = 0
    skipped: list[str] = []
    touched: dict[str, int] = {}  # rows added or changed, by table
    with journal.writing(conn, "import") as cmd:
        for gone in incoming.deletions:
            removed += deletions.apply(conn, gone.table, gone.uid, gone.deleted_at)
        tables = (
            ("session", incoming.sessions),
            ("checkin", incoming.checkins),
            ("assessment", incoming.assessments),
            ("question", incoming.questions),
        )
        for table, rows in tables:
            for row in rows:
                current = journal.row_by_uid(conn, table, row["uid"])
                made_at = incoming.made_at or row["updated_at"]
                if current is None and deletions.left_out(conn, table, row["uid"], made_at):
                    left_out += 1
                elif current is None:
                    if (
                        table == "checkin"
                        and conn.execute(
                            "SELECT 1 FROM checkin WHERE day = ?", (row["day"],)
                        ).fetchone()
                    ):
                        skipped.append(row["day"])
                        continue
                    journal.insert_row(conn, table, row)
                    deletions.forget(conn, table, row["uid"])
                    added += 1
                    touched[table] = touched.get(table, 0) + 1
                elif deletions.stamp(row["updated_at"]) > deletions.stamp(
                    current["updated_at"]
                ) and any(current.get(k) != v for k, v in row.items()):
                    journal.overwrite(conn, table, row)
                    updated += 1
                    touched[table] = touched.get(table, 0) + 1
                else:
                    unchanged += 1
        cmd.description = merge_description("import", touched, updated, removed)
        report = ImportReport(added, updated, unchanged, skipped, dry_run, left_out, removed)
        if dry_run:
            raise _DryRun(report)
    return report


def merge_description(what: str, touched: dict[str, int], changed: int, removed: int) -> str:
    """'import of 3,650 check-ins and 3 sessions (2 changed; 1 entry removed)', as undo
    names the command."""
    from ketalog.changelog import kinds

    notes = [f"{changed:,} changed"] if changed else []
    if removed:
        notes.append(f"{_entries(removed)} removed")
    rows = kinds(touched)
    said = f"{what} of {rows}" if rows else f"{what} removing {_entries(removed)}"
    return said + (f" ({'; '.join(notes)})" if rows and notes else "")


class _DryRun(Exception):
    def __init__(self, report: ImportReport) -> None:
        self.report = report


def merge_report(
    conn: sqlite3.Connection, incoming: Incoming, *, dry_run: bool, source: Path
) -> ImportReport:
    """merge(), with a dry run's rollback and the journal's own rules turned into one line."""
    path = source
    try:
        return merge(conn, incoming, dry_run=dry_run)
    except _DryRun as done:  # the transaction was rolled back
        return done.report
    except sqlite3.IntegrityError as e:
        raise KetalogError(
            f"{path}: a row breaks the journal's rules ({e}); nothing was imported"
        ) from None


def dry_run_on_empty(incoming: Incoming, source: Path) -> ImportReport:
    """What importing into a journal that does not exist yet would do (nothing is kept)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        conn = db.open_db(Path(folder) / "journal.db", create=True)
        try:
            return merge_report(conn, incoming, dry_run=True, source=source)
        finally:
            conn.close()


def now_utc() -> datetime:
    return datetime.now(timezone.utc)
