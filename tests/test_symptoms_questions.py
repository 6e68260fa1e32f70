"""Side effects on check-ins, and questions kept for the provider: stored, undoable,
carried by export and import, and shown in the summary."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from helpers import run, run_ok
from ketalog import db, fields
from ketalog.cli import app


def one_line(text: str) -> str:
    return " ".join(text.split())


def checkin_json(day: str = "2026-11-25") -> dict[str, object]:
    return next(c for c in json.loads(run("history", "--json").out) if c["day"] == day)


# --- symptoms --------------------------------------------------------------------------------


def test_log_symptoms_repeated_and_shown_in_history_json() -> None:
    r = run("log", "--fatigue", "4", "--symptom", "Nausea", "--symptom", "headache")
    assert r.code == 0, r
    assert checkin_json()["symptoms"] == ["nausea", "headache"]


def test_more_symptoms_add_to_the_day_and_clear_empties_them() -> None:
    run_ok("log", "--fatigue", "4", "--symptom", "headache")
    r = run("log", "--symptom", "low appetite")
    assert "symptoms headache → headache, appetite" in r.out
    assert checkin_json()["symptoms"] == ["headache", "appetite"]
    run_ok("log", "--clear", "symptoms")
    assert checkin_json()["symptoms"] == []
    run_ok("log", "--clear", "symptoms", "--symptom", "dreams")
    assert checkin_json()["symptoms"] == ["dreams"]


def test_unknown_symptom_is_a_usage_error_naming_the_vocabulary(isolated: Path) -> None:
    r = run("log", "--fatigue", "4", "--symptom", "fever")
    assert r.code == 2 and "'fever'" in r.err and "nausea" in r.err and "bladder" in r.err
    assert not isolated.exists()


def test_symptoms_are_undoable() -> None:
    run_ok("log", "--fatigue", "4", "--symptom", "nausea")
    run_ok("log", "--symptom", "dizziness")
    assert run("undo").code == 0
    assert checkin_json()["symptoms"] == ["nausea"]


def test_the_schema_refuses_symptoms_outside_the_vocabulary(isolated: Path) -> None:
    run_ok("log", "--fatigue", "4")
    conn = sqlite3.connect(isolated)
    for bad in ("fever", "nausea;fever", "", "NAUSEA"):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE checkin SET symptoms = ?", (bad,))
    conn.execute("UPDATE checkin SET symptoms = 'nausea,bladder'")
    conn.close()


def test_symptoms_and_questions_travel_through_export_and_import(tmp_path: Path) -> None:
    run_ok("log", "--fatigue", "4", "--symptom", "bladder", "--symptom", "nausea")
    run_ok("ask", "Is the bladder pain expected?")
    run_ok("ask", "Can I drive the day after?")
    run_ok("ask", "--done", "2")
    exported = tmp_path / "all.json"
    run_ok("export", "-o", str(exported))
    data = json.loads(exported.read_text())
    assert data["checkins"][0]["symptoms"] == "nausea,bladder"
    assert [q["text"] for q in data["questions"]] == [
        "Is the bladder pain expected?",
        "Can I drive the day after?",
    ]
    other = tmp_path / "other.db"
    r = run("--db", str(other), "import", str(exported))
    assert r.code == 0 and "3 added" in r.out, r
    assert run("--db", str(other), "import", str(exported)).out.count("0 added") == 1
    days = json.loads(run("--db", str(other), "history", "--json").out)
    assert days[0]["symptoms"] == ["nausea", "bladder"]
    questions = json.loads(run("--db", str(other), "ask", "--json").out)
    assert [q["text"] for q in questions] == ["Is the bladder pain expected?"]
    csv_text = run("export", "--format", "csv").out
    assert "symptoms" in csv_text.splitlines()[0] and '"nausea,bladder"' in csv_text


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("nausea,bladder", True),
        (["headache"], True),
        ("fever", False),
        ([[1]], False),  # not text at all: refused in one line, not a crash
        ([{}], False),
    ],
)
def test_import_checks_symptoms(tmp_path: Path, value: object, ok: bool) -> None:
    run_ok("log", "--fatigue", "4")
    exported = tmp_path / "all.json"
    run_ok("export", "-o", str(exported))
    data = json.loads(exported.read_text())
    data["checkins"][0]["symptoms"] = value
    exported.write_text(json.dumps(data))
    r = run("--db", str(tmp_path / "new.db"), "import", str(exported))
    assert (r.code == 0) is ok, r
    if not ok:
        assert "symptoms" in r.err and "nothing was imported" in r.err


def test_interactive_log_asks_symptoms_with_a_numbered_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ketalog.commands import daily

    monkeypatch.setattr(daily, "interactive", lambda: True)
    # fatigue, sleep h, quality, fog, mood, emotions, water, activity, mindful,
    # symptoms (a wrong number first, then two), note
    answers = ["5", "", "", "", "", "", "", "", "", "9", "1, 4", ""]
    result = CliRunner().invoke(app, ["log"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    shown = one_line(result.output)
    assert "1 nausea" in shown and "4 bladder or urinary discomfort" in shown
    assert "9 is not on the list" in result.output
    assert checkin_json()["symptoms"] == ["nausea", "bladder"]
    assert "mention it to your provider" in one_line(result.output)


def test_bladder_symptom_tells_the_user_to_mention_it_in_log_and_today() -> None:
    out = one_line(run("log", "--fatigue", "3", "--symptom", "bladder").out)
    assert "mention it to your provider" in out and "bladder" in out
    today = one_line(run("today").out)
    assert "mention it to your provider" in today
    assert "symptoms: bladder or urinary discomfort" in today


def test_symptom_vocabulary_matches_the_schema_check() -> None:
    sql = db.expected_schema()["checkin"][2]
    for key in fields.SYMPTOMS:
        assert f"'{key}'" in sql


# --- questions ------------------------------------------------------------------------------


def test_ask_keeps_lists_and_closes_questions() -> None:
    r = run("ask", "Can I move my session to Friday?")
    assert r.code == 0 and "Kept question 1" in r.out
    run_ok("ask", "  Is   the headache normal?  ")
    listed = run("ask", "--list").out
    assert "Can I move my session to Friday?" in listed and "Is the headache normal?" in listed
    r = run("ask", "--done", "1")
    assert r.code == 0 and "Closed question 1" in r.out
    data = json.loads(run("ask", "--json").out)
    assert [(q["id"], q["text"], q["done"]) for q in data] == [(2, "Is the headache normal?", None)]
    assert "Can I move" not in run("ask", "--list").out


def test_ask_is_undoable() -> None:
    run_ok("ask", "First?")
    run_ok("ask", "--done", "1")
    assert run("undo").out.startswith("Undid the closing of question 1, “First?”, made ")
    assert [q["id"] for q in json.loads(run("ask", "--json").out)] == [1]
    assert run("undo").out.startswith("Undid the question for your next visit, “First?”, made ")
    assert json.loads(run("ask", "--json").out) == []


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("ask", ""), 2, "empty"),
        (("ask", "x" * 501), 2, "500"),
        (("ask", "Why?", "--list"), 2, "one at a time"),
        (("ask", "--done", "7"), 2, "no question with ID 7"),
        (("ask", "--done", "seven"), 2, "seven"),
    ],
)
def test_ask_refuses_bad_input(args: tuple[str, ...], code: int, words: str) -> None:
    r = run(*args)
    assert r.code == code and words in r.err and len(r.err.strip().splitlines()) == 1


def test_ask_done_twice_or_unknown_in_a_journal() -> None:
    run_ok("ask", "Why?")
    run_ok("ask", "--done", "1")
    r = run("ask", "--done", "1")
    assert r.code == 1 and "already closed" in r.err
    assert run("ask", "--done", "5").code == 1


def test_no_questions_lists_nothing_and_exits_0() -> None:
    r = run("ask", "--list")
    assert r.code == 0 and "No open questions" in r.out
    assert json.loads(run("ask", "--json").out) == []


# --- the summary --------------------------------------------------------------------------------


def _journal_with_symptoms() -> None:
    for days_ago in (13, 6):
        run_ok("session", "add", "--route", "iv", "--date", f"{days_ago} days ago")
    run_ok(
        "log",
        "--date",
        "13 days ago",
        "--fatigue",
        "7",
        "--symptom",
        "headache",
        "--symptom",
        "nausea",
    )
    run_ok("log", "--date", "12 days ago", "--fatigue", "5", "--symptom", "headache")
    run_ok("log", "--date", "8 days ago", "--fatigue", "3")
    run_ok("log", "--date", "6 days ago", "--fatigue", "7", "--symptom", "headache")
    run_ok("log", "--date", "5 days ago", "--fatigue", "4")
    run_ok("ask", "Can I move my session to Friday?")
    run_ok("ask", "Is the headache expected?")


def test_summary_counts_symptoms_by_days_since_session_in_every_format(tmp_path: Path) -> None:
    _journal_with_symptoms()
    text = run("summary").out
    assert "Side effects by days since session" in text
    row = next(line for line in text.splitlines() if line.strip().startswith("headache"))
    assert one_line(row) == "headache 2 of 2 1 of 2 0 of 1 3 of 5"
    md = run("summary", "--format", "markdown").out
    assert "| headache | 2 of 2 | 1 of 2 |  | 0 of 1 | 3 of 5 |" in md
    html_text = run("summary", "--format", "html").out
    assert "Side effects by days since session" in html_text and "2 of 2" in html_text
    data = json.loads(run("summary", "--format", "json").out)
    [headache] = [x for x in data["symptoms"] if x["symptom"] == "headache"]
    assert headache["by_days_since_session"]["Session day"] == {"days": 2, "of": 2}
    pdf_path = tmp_path / "s.pdf"
    run_ok("summary", "--format", "pdf", "-o", str(pdf_path))
    pdf_text = one_line("".join(p.extract_text() for p in PdfReader(pdf_path).pages))
    assert "Side effects by days since session" in pdf_text
    assert "headache 2 of 2 1 of 2 0 of 1 3 of 5" in pdf_text


def test_summary_shows_open_questions_near_the_top_with_room_to_write(tmp_path: Path) -> None:
    _journal_with_symptoms()
    run_ok("ask", "--done", "2")
    text = run("summary").out
    assert text.index("Questions from the patient") < text.index("Sessions in the period")
    assert "Can I move my session to Friday?" in text and "Is the headache expected?" not in text
    assert "Answer: ____" in text
    md = run("summary", "--format", "markdown").out
    assert md.index("## Questions from the patient") < md.index("## Sessions")
    html_text = run("summary", "--format", "html").out
    assert '<td class="answer"></td>' in html_text
    data = json.loads(run("summary", "--format", "json").out)
    assert [q["text"] for q in data["questions"]] == ["Can I move my session to Friday?"]
    pdf_path = tmp_path / "s.pdf"
    run_ok("summary", "--format", "pdf", "-o", str(pdf_path))
    first = PdfReader(pdf_path).pages[0].extract_text()
    assert first.index("Questions from the patient") < first.index("Sessions in the period")
    assert "Can I move my session to Friday?" in first


def test_summary_without_questions_or_symptoms_leaves_the_sections_out() -> None:
    run_ok("session", "add", "--route", "iv", "--date", "3 days ago")
    run_ok("log", "--fatigue", "4")
    text = run("summary").out
    assert "Questions from the patient" not in text
    assert "Side effects by days since session" not in text
    assert json.loads(run("summary", "--format", "json").out)["symptoms"] == []


def test_open_questions_bring_the_bring_your_summary_tip() -> None:
    run_ok("log", "--fatigue", "3")
    assert "ketalog summary" not in run("tips").out
    run_ok("ask", "What about my sleep?")
    out = one_line(run("tips").out)
    assert "you have 1 question for your provider" in out and "ketalog summary" in out


def test_backup_and_restore_keep_symptoms_and_questions(tmp_path: Path) -> None:
    run_ok("log", "--fatigue", "4", "--symptom", "anxiety")
    run_ok("ask", "Should I keep taking notes?")
    copy = tmp_path / "copy.db"
    assert run("backup", str(copy)).code == 0
    run_ok("log", "--clear", "symptoms")
    run_ok("ask", "--done", "1")
    r = run("restore", str(copy), "--yes")
    assert r.code == 0, r
    assert checkin_json()["symptoms"] == ["anxiety"]
    assert [q["text"] for q in json.loads(run("ask", "--json").out)] == [
        "Should I keep taking notes?"
    ]
