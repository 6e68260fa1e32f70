"""Import: read an export file (JSON or CSV, encrypted or not), then merge it into the
journal by uid, as one change that undo reverses."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from ketalog import changelog, db, deletions, uidrows
from ketalog.csvcells import allow_fields_up_to, unprotect, without_nul
from ketalog.dates import CLOCK_AHEAD
from ketalog.errors import KetalogError
from ketalog.exporting import FORMAT, FORMAT_VERSION, TABLE_KEYS
from ketalog.rowchecks import BadRow, brief, check_row, valid_uid
from ketalog.wording import plural


class Incoming(NamedTuple):
    sessions: list[dict[str, Any]]
    checkins: list[dict[str, Any]]
    assessments: list[dict[str, Any]]
    deletions: tuple[deletions.Deleted, ...] = ()
    made_at: str | None = None  # when the export was made; a CSV file does not say
    questions: tuple[dict[str, Any], ...] = ()


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
            raise BadRow(str(path), "the file is encrypted")
        raw = crypto.decrypt(raw, passphrase(str(path)), str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadRow(str(path), "not a ketalog export (not UTF-8 text)") from None
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
        raise BadRow(str(path), f"not valid JSON (line {e.lineno}: {e.msg})") from None
    except RecursionError:
        raise BadRow(
            str(path), "not a ketalog export (lists or objects nested too deeply)"
        ) from None
    except ValueError:  # Python reads whole numbers of at most 4,300 digits
        raise BadRow(str(path), "it holds a number too long to read (over 4,300 digits)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadRow(str(path), 'not a ketalog export (no "format": "ketalog-export")')
    version = data.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BadRow(str(path), "the export has no valid format_version")
    schema = data.get("schema_version", 0)
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 0:
        raise BadRow(str(path), f"schema_version {brief(schema)} is not a whole number")
    if version > FORMAT_VERSION or schema > db.LATEST:
        raise BadRow(
            str(path), f"made by a newer ketalog (format {version}); upgrade ketalog to import it"
        )
    tables = {}
    for table, key in TABLE_KEYS.items():
        rows = data.get(key, [])
        if not isinstance(rows, list):
            raise BadRow(str(path), f'"{key}" is not a list')
        tables[table] = [
            check_row(table, row, f"{path}: {key} row {n}") for n, row in enumerate(rows, 1)
        ]
    deletable = {v: k for k, v in TABLE_KEYS.items() if k in deletions.TABLES}
    gone = deletions.read(data.get("deletions", []), deletable, str(path), valid_uid)
    made = data.get("exported_at")
    if made is not None and (not isinstance(made, str) or not deletions.is_stamp(made)):
        raise BadRow(str(path), "exported_at is not an ISO timestamp")
    for n, d in enumerate(gone, 1):  # a file cannot know of a deletion after it was made
        if made is not None and deletions.stamp(d.deleted_at) > deletions.stamp(made):
            raise BadRow(str(path), f"deletions item {n}: deleted_at is after exported_at")
    return Incoming(
        tables["session"],
        tables["checkin"],
        tables["assessment"],
        tuple(gone),
        made,
        tuple(tables["question"]),
    )


def _from_csv(path: Path, text: str) -> Incoming:
    allow_fields_up_to(len(text))
    try:
        return _csv_rows(path, csv.DictReader(io.StringIO(without_nul(text), newline="")))
    except csv.Error as e:
        raise BadRow(str(path), f"not a readable CSV file ({e})") from None


def _csv_rows(path: Path, reader: csv.DictReader[str]) -> Incoming:
    header = set(reader.fieldnames or ())
    if {"uid", "day", "fatigue"} <= header:
        table = "checkin"
    elif {"uid", "day", "route", "drug"} <= header:
        table = "session"
    else:
        raise BadRow(str(path), "not a ketalog export (neither JSON nor a ketalog CSV file)")
    rows = []
    for n, raw in enumerate(reader, 1):  # row 1 is the first line after the header
        row: dict[str, Any] = {
            k: (None if v == "" else unprotect(v)) for k, v in raw.items() if k and v is not None
        }
        if table == "checkin" and row.get("for_provider") is not None:
            row["for_provider"] = str(row["for_provider"]).lower() in ("true", "1", "yes")
        rows.append(check_row(table, row, f"{path}: row {n}"))
    return Incoming([], rows, []) if table == "checkin" else Incoming(rows, [], [])


# --- dates ahead of today -------------------------------------------------------------

# A check-in or questionnaire dated after today can come from a computer whose clock runs
# a day fast, or from a time zone already on tomorrow: up to this many days after today
# it is kept and named in the import's report. Further ahead it is a wrong date (a year
# typed as 2031), and the file is refused whole. Sessions may be planned a year ahead.
AHEAD_KEPT = CLOCK_AHEAD
PLAN_AHEAD = 365
_CLOCK = f"too far ahead for a computer clock set fast (at most {AHEAD_KEPT} days)"
_DATED = {"checkin": ("check-in", AHEAD_KEPT), "assessment": ("questionnaire", AHEAD_KEPT)}


def refuse_far_ahead(incoming: Incoming, today: date, source: Path) -> None:
    """One line naming the first entry dated further after `today` than any clock
    could be wrong by (a session: than it could be planned); nothing is written."""
    tables = (
        ("check-in", incoming.checkins, AHEAD_KEPT, _CLOCK),
        ("questionnaire", incoming.assessments, AHEAD_KEPT, _CLOCK),
        (
            "session",
            incoming.sessions,
            PLAN_AHEAD + AHEAD_KEPT,
            f"further ahead than a session can be planned ({PLAN_AHEAD} days)",
        ),
    )
    for noun, rows, limit, why in tables:
        latest = today + timedelta(days=limit)
        far = sorted(row["day"] for row in rows if date.fromisoformat(row["day"]) > latest)
        if far:
            ahead = (date.fromisoformat(far[0]) - today).days
            what = f"{plural(len(far), noun)} are dated from" if far[1:] else f"a {noun} is dated"
            raise KetalogError(
                f"{source}: {what} {far[0]}, {ahead:,} days after today, {why}; "
                "check the file's dates; nothing was imported"
            )


def _ahead(table: str, row: dict[str, Any], today: date) -> bool:
    return table in _DATED and date.fromisoformat(row["day"]) > today


# --- merging --------------------------------------------------------------------------


class ImportReport(NamedTuple):
    added: int
    updated: int
    unchanged: int
    skipped_days: list[str]  # check-ins skipped: their day already has another check-in
    dry_run: bool
    left_out: int = 0  # entries deleted here after the export was made
    removed: int = 0  # entries deleted in the journal the export came from
    ahead: tuple[tuple[str, str], ...] = ()  # (table, 'Thu 26 Nov') written, dated after today

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
                f"Skipped {plural(len(self.skipped_days), 'check-in')} for days that already "
                f"have one: {shown}{more}."
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
        for table, (noun, _) in _DATED.items():
            days = [day for kind, day in self.ahead if kind == table]
            if days:
                out.append(
                    f"Note: {plural(len(days), noun)} dated after today ({', '.join(days)}), "
                    "perhaps from a computer whose clock runs ahead: "
                    f"{'would be ' if self.dry_run else ''}kept as dated."
                )
        if self.dry_run:
            out.append("Dry run: nothing was written.")
        elif self.added or self.updated or self.removed:
            out.append("`ketalog undo` reverses this whole import.")
        return out


def _entries(n: int) -> str:
    return plural(n, "entry", "entries")


def merge(
    conn: sqlite3.Connection, incoming: Incoming, *, dry_run: bool, today: date
) -> ImportReport:
    """Merge by uid in one transaction: new rows added, a newer updated_at wins, the
    same uid twice adds nothing, and a check-in for a day that has another is skipped.

    Deletions count too. The export's deletions come first: an entry deleted there
    goes here unless it changed here since (so a day's check-in deleted and logged
    anew there replaces the old one here). An entry deleted here at or after the
    moment the export was made stays deleted; one the export made later brings back.

    A check-in or questionnaire dated after `today` is written and named in the report
    (see AHEAD_KEPT); one dated far ahead refuses the whole file before anything is.
    """
    from ketalog.dates import label

    added = updated = unchanged = left_out = removed = 0
    skipped: list[str] = []
    ahead: list[tuple[str, str]] = []
    touched: dict[str, int] = {}  # rows added or changed, by table
    with changelog.writing(conn, "import") as cmd:
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
                current = uidrows.row_by_uid(conn, table, row["uid"])
                made_at = incoming.made_at or row["updated_at"]
                if current is None and deletions.left_out(conn, table, row["uid"], made_at):
                    left_out += 1
                    continue
                if current is None:
                    if (
                        table == "checkin"
                        and conn.execute(
                            "SELECT 1 FROM checkin WHERE day = ?", (row["day"],)
                        ).fetchone()
                    ):
                        skipped.append(row["day"])
                        continue
                    uidrows.insert_row(conn, table, row)
                    deletions.forget(conn, table, row["uid"])
                    added += 1
                elif deletions.stamp(row["updated_at"]) > deletions.stamp(current["updated_at"]):
                    uidrows.overwrite(conn, table, row)  # a newer stamp: some value differs
                    updated += 1
                else:
                    unchanged += 1
                    continue
                touched[table] = touched.get(table, 0) + 1
                if _ahead(table, row, today):
                    ahead.append((table, label(date.fromisoformat(row["day"]), today)))
        cmd.description = merge_description("import", touched, updated, removed)
        report = ImportReport(
            added, updated, unchanged, skipped, dry_run, left_out, removed, tuple(ahead)
        )
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
    conn: sqlite3.Connection, incoming: Incoming, *, dry_run: bool, source: Path, today: date
) -> ImportReport:
    """merge(), with a dry run's rollback and the journal's own rules turned into one line;
    a file with entries dated far after `today` is refused before anything is written."""
    refuse_far_ahead(incoming, today, source)
    try:
        return merge(conn, incoming, dry_run=dry_run, today=today)
    except _DryRun as done:  # the transaction was rolled back
        return done.report
    except sqlite3.IntegrityError as e:
        raise KetalogError(
            f"{source}: a row breaks the journal's rules ({e}); nothing was imported"
        ) from None


def dry_run_on_empty(incoming: Incoming, source: Path, today: date) -> ImportReport:
    """What importing into a journal that does not exist yet would do (nothing is kept)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        conn = db.open_db(Path(folder) / "journal.db", create=True)
        try:
            return merge_report(conn, incoming, dry_run=True, source=source, today=today)
        finally:
            conn.close()
