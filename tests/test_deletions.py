"""Deletion records: an older export does not bring back what was deleted since, a
newer one does, other journals learn of deletions through exports, and undo takes
a deletion record back with the delete that made it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import run

PAST = "2020-01-01T00:00:00+00:00"
FUTURE = "2099-01-01T00:00:00+00:00"


def on(db: Path, *args: str) -> str:
    r = run("--db", str(db), *args)
    assert r.code == 0, (args, r.out, r.err)
    return r.out


def export(db: Path, to: Path, **changes: Any) -> Path:
    """Export `db` to `to`; keyword arguments overwrite top-level keys of the file."""
    data = json.loads(on(db, "export"))
    data.update(changes)
    to.write_text(json.dumps(data), encoding="utf-8")
    return to


def days(db: Path) -> list[str]:
    return [c["day"] for c in json.loads(on(db, "history", "--json"))]


def session_days(db: Path) -> list[str]:
    return [s["day"] for s in json.loads(on(db, "session", "list", "--json"))]


def deletions(db: Path) -> list[dict[str, str]]:
    return json.loads(on(db, "export"))["deletions"]  # type: ignore[no-any-return]


@pytest.fixture
def a(tmp_path: Path) -> Path:
    """A journal with two check-ins and a session."""
    db = tmp_path / "a.db"
    on(db, "session", "add", "--route", "iv", "--date", "2026-11-20")
    on(db, "log", "--fatigue", "3", "--date", "2026-11-23")
    on(db, "log", "--fatigue", "4", "--date", "2026-11-24")
    return db


def test_reimporting_an_older_export_leaves_deleted_entries_out(a: Path, tmp_path: Path) -> None:
    older = export(a, tmp_path / "older.json")
    on(a, "log", "--date", "2026-11-23", "--delete", "--yes")
    on(a, "session", "delete", "1", "--yes")
    out = on(a, "import", str(older))
    assert "Left out 2 entries deleted from this journal after the export was made." in out
    assert "0 added" in out
    assert days(a) == ["2026-11-24"] and session_days(a) == []


def test_an_export_that_does_not_say_when_it_was_made_goes_by_each_row(
    a: Path, tmp_path: Path
) -> None:
    older = export(a, tmp_path / "older.json")
    data = json.loads(older.read_text(encoding="utf-8"))
    del data["exported_at"]
    older.write_text(json.dumps(data), encoding="utf-8")
    on(a, "log", "--date", "2026-11-23", "--delete", "--yes")
    assert "Left out 1 entry" in on(a, "import", str(older))
    assert days(a) == ["2026-11-24"]


def test_a_csv_export_made_before_the_delete_is_left_out_too(a: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "checkins.csv"
    on(a, "export", "--format", "csv", "-o", str(csv_file))
    on(a, "log", "--date", "2026-11-23", "--delete", "--yes")
    out = on(a, "import", str(csv_file))
    assert "Left out 1 entry" in out and days(a) == ["2026-11-24"]


def test_the_export_carries_each_deletion(a: Path) -> None:
    on(a, "log", "--date", "2026-11-23", "--delete", "--yes")
    [gone] = deletions(a)
    assert gone["table"] == "checkins" and len(gone["uid"]) == 32
    assert gone["deleted_at"] > "2026"


def test_undo_of_a_delete_removes_its_deletion_record(a: Path, tmp_path: Path) -> None:
    older = export(a, tmp_path / "older.json")
    on(a, "log", "--date", "2026-11-23", "--delete", "--yes")
    assert len(deletions(a)) == 1
    on(a, "undo")
    assert deletions(a) == [] and days(a) == ["2026-11-23", "2026-11-24"]
    out = on(a, "import", str(older))
    assert "Left out" not in out and "0 added" in out


def test_an_export_made_after_the_entry_came_back_still_works(a: Path, tmp_path: Path) -> None:
    on(a, "log", "--date", "2026-11-23", "--delete", "--yes")
    on(a, "undo")  # back again
    after = export(a, tmp_path / "after.json")
    on(a, "log", "--date", "2026-11-23", "--delete", "--yes")  # deleted after that export
    assert "Left out 1 entry" in on(a, "import", str(after))
    on(a, "undo")  # the import (it changed nothing: undo reaches the delete)
    assert "2026-11-23" in days(a)


def test_an_export_made_after_the_deletion_brings_the_entry_back(a: Path, tmp_path: Path) -> None:
    """Another copy of the journal still had the entry when it was exported, after the
    deletion here: that is a newer word, and the entry returns (and its record goes)."""
    copy = export(a, tmp_path / "copy.json")
    on(a, "log", "--date", "2026-11-23", "--delete", "--yes")
    newer = export(a, tmp_path / "newer.json")  # made after the delete, with the entry
    data = json.loads(newer.read_text(encoding="utf-8"))
    data.update(checkins=json.loads(copy.read_text(encoding="utf-8"))["checkins"], deletions=[])
    data["exported_at"] = FUTURE
    newer.write_text(json.dumps(data), encoding="utf-8")
    out = on(a, "import", str(newer))
    assert "1 added" in out and "Left out" not in out
    assert days(a) == ["2026-11-23", "2026-11-24"] and deletions(a) == []
    # and an older export now finds it there, as usual
    assert "0 added" in on(a, "import", str(copy))


def test_a_deletion_reaches_another_journal_and_undo_brings_it_back(
    a: Path, tmp_path: Path
) -> None:
    b = tmp_path / "b.db"
    on(b, "import", str(export(a, tmp_path / "first.json")))
    on(a, "log", "--date", "2026-11-23", "--delete", "--yes")
    later = export(a, tmp_path / "later.json")
    dry = on(b, "import", str(later), "--dry-run")
    assert "Would remove 1 entry deleted in the journal the export came from." in dry
    assert days(b) == ["2026-11-23", "2026-11-24"]
    out = on(b, "import", str(later))
    assert "Removed 1 entry deleted in the journal the export came from." in out
    assert days(b) == ["2026-11-24"] and len(deletions(b)) == 1
    again = on(b, "import", str(later))
    assert "Removed" not in again and "0 added, 0 updated" in again
    on(b, "undo")
    assert days(b) == ["2026-11-23", "2026-11-24"] and deletions(b) == []


def test_an_entry_changed_after_its_deletion_elsewhere_is_kept(a: Path, tmp_path: Path) -> None:
    b = tmp_path / "b.db"
    on(b, "import", str(export(a, tmp_path / "first.json")))
    on(a, "log", "--date", "2026-11-23", "--delete", "--yes")
    data = json.loads(export(a, tmp_path / "later.json").read_text(encoding="utf-8"))
    data["deletions"][0]["deleted_at"] = PAST  # deleted there before b's entry last changed
    (tmp_path / "later.json").write_text(json.dumps(data), encoding="utf-8")
    out = on(b, "import", str(tmp_path / "later.json"))
    assert "Removed" not in out and days(b) == ["2026-11-23", "2026-11-24"]


def test_a_day_deleted_and_logged_anew_elsewhere_replaces_the_old_check_in(
    a: Path, tmp_path: Path
) -> None:
    b = tmp_path / "b.db"
    on(b, "import", str(export(a, tmp_path / "first.json")))
    on(a, "log", "--date", "2026-11-23", "--delete", "--yes")
    on(a, "log", "--date", "2026-11-23", "--fatigue", "9", "--note", "anew")
    out = on(b, "import", str(export(a, tmp_path / "later.json")))
    assert "Removed 1 entry" in out and "1 added" in out and "Skipped" not in out
    [anew] = [c for c in json.loads(on(b, "history", "--json")) if c["day"] == "2026-11-23"]
    assert anew["fatigue"] == 9 and anew["note"] == "anew"


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"deletions": "all of them"}, '"deletions" is not a list'),
        ({"deletions": [7]}, "deletions item 1 is not an object"),
        ({"deletions": [{"table": "notes", "uid": "ab", "deleted_at": PAST}]}, "item 1: table"),
        (  # questions are closed, never deleted: no deletion record names one
            {"deletions": [{"table": "questions", "uid": "ab", "deleted_at": PAST}]},
            "item 1: table is not one of sessions, checkins, assessments",
        ),
        ({"deletions": [{"table": "checkins", "uid": "a b", "deleted_at": PAST}]}, "uid"),
        ({"deletions": [{"table": "checkins", "uid": "ab", "deleted_at": "soon"}]}, "deleted_at"),
        ({"exported_at": 1732000000}, "exported_at is not an ISO timestamp"),
        (
            {"deletions": [{"table": "checkins", "uid": "ab", "deleted_at": FUTURE}]},
            "deleted_at is after exported_at",
        ),
    ],
)
def test_a_bad_deletion_list_is_refused_in_one_line(
    a: Path, tmp_path: Path, changes: dict[str, Any], named: str
) -> None:
    bad = export(a, tmp_path / "bad.json", **changes)
    before = days(a)
    r = run("--db", str(a), "import", str(bad))
    assert r.code == 1 and named in r.err and "nothing was imported" in r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert days(a) == before
