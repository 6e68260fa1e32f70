"""What only a real terminal shows: questions, defaults, confirmations and the pager,
driven through a pseudo-terminal as a person would type."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, timedelta
from pathlib import Path

import pexpect
import pytest

from helpers import run, run_ok, run_process


def spawn(*args: str, env: dict[str, str] | None = None) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ketalog", *args],
        env={**os.environ, "TERM": "dumb", **(env or {})},
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=30,
    )
    return child


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return int(child.exitstatus if child.exitstatus is not None else -1)


def history() -> list[dict[str, object]]:
    return json.loads(run("history", "--all", "--json").out)  # type: ignore[no-any-return]


def test_log_on_a_logged_day_offers_the_current_values() -> None:
    run_ok("log", "6", "--sleep-hours", "7.5", "--mood", "4", "--note", "heavy legs")
    child = spawn("log")
    child.expect("already logged: Enter keeps the value in \\[brackets\\]")
    child.expect(r"Fatigue today.*\[0-10\] \[6\]: ")
    child.sendline("")
    child.expect(r"Hours slept last night \[0-24 h\] \[7.5\]: ")
    child.sendline("7:30")
    for _ in range(2):  # sleep quality, fog: not logged, Enter skips
        child.expect(r"\(Enter to skip\): ")
        child.sendline("")
    child.expect(r"Mood.*\[4\]: ")
    child.sendline("5")
    for _ in range(4):
        child.expect(": ")
        child.sendline("")
    child.expect(r"Any side effects today\? 1 nausea")
    child.expect(r"Numbers, e\.g\. 1 3 \(Enter for none\): ")
    child.sendline("")
    child.expect("Note so far: heavy legs")
    child.expect("Add a line to the note")
    child.sendline("")
    child.expect("Updated Wed 25 Nov: mood 4 → 5.")
    assert finish(child) == 0
    [c] = history()
    assert (c["fatigue"], c["sleep_hours"], c["mood"], c["note"]) == (6, 7.5, 5, "heavy legs")


def test_skipping_fatigue_twice_saves_nothing_and_says_so(isolated: Path) -> None:
    child = spawn("log")
    child.expect("Enter skips a question")
    child.expect(r"Fatigue today.*: ")
    child.sendline("")
    child.expect("Enter again saves nothing")
    child.sendline("")
    child.expect("nothing saved: a check-in needs a fatigue rating")
    assert finish(child) == 1
    assert not isolated.exists()


def test_interactive_session_add_asks_the_date_and_fills_a_planned_session() -> None:
    # "planned" means entered before its day, by the real clock
    now = date.today()
    day = now + timedelta(days=12)
    pinned = {"KETALOG_TODAY": now.isoformat()}
    assert (
        run_process(
            "session",
            "add",
            "--route",
            "iv",
            "--date",
            "in 12 days",
            "--dose-per-kg",
            "0.5",
            env=pinned,
        ).code
        == 0
    )
    later = {"KETALOG_TODAY": (day + timedelta(days=1)).isoformat()}
    child = spawn("session", "add", env=later)
    child.expect(r"Date \(today, yesterday, monday, 20 Nov ...\) \[today\]: ")
    child.sendline("yesterday")
    child.expect(f"{day:%a} {day.day} {day:%b}")
    child.expect("Planned for that day: ")
    child.expect(r"This records it;\s+Enter keeps each planned value\.")
    child.expect(r"Time \(14:30, 2pm \.\.\.\), Enter to skip: ")
    child.sendline("9:30")
    child.expect(r"Drug.*\[ketamine\]: ")
    child.sendline("")
    child.expect(r"Route.*\[iv\]: ")  # the planned values are the defaults
    child.sendline("")
    child.expect(r"Dose in mg \[.*\(Enter to skip\): ")
    child.sendline("")
    child.expect(r"Dose in mg/kg \[.*\] \[0.5\]: ")
    child.sendline("")
    for _ in range(4):
        child.expect(r": ")
        child.sendline("")
    child.expect(f"Recorded planned session 1 of {day:%a} {day.day} {day:%b}")
    assert finish(child) == 0
    [s] = json.loads(run_process("session", "list", "--json", env=later).out)
    assert (s["day"], s["time"], s["dose_mg_per_kg"]) == (day.isoformat(), "09:30", 0.5)


def test_an_unusual_dose_is_confirmed_on_a_terminal(isolated: Path) -> None:
    child = spawn("session", "add", "--route", "iv", "--dose-per-kg", "5")
    child.expect(r"Unusual dose — is 5 mg/kg right\? \[y/N\]: ")
    child.sendline("n")
    child.expect("nothing saved")
    assert finish(child) == 1
    child = spawn("session", "add", "--route", "iv", "--dose-per-kg", "5")
    child.expect(r"\[y/N\]: ")
    child.sendline("y")
    child.expect("Saved session 1")
    assert finish(child) == 0


def test_a_second_session_that_day_is_confirmed_on_a_terminal() -> None:
    run_ok("session", "add", "--route", "iv")
    child = spawn("session", "add", "--route", "intranasal")
    child.expect(r"already has session 1: .*Add a second session that day\? \[y/N\]: ")
    child.sendline("y")
    child.expect("Saved session 2")
    assert finish(child) == 0


def test_b_goes_back_in_the_gad7() -> None:
    child = spawn("assess", "gad7")
    child.expect("b goes back one question")
    child.expect(r"1\. Feeling nervous.*\[0-3\]: ")
    child.sendline("1")
    child.expect(r"2\. .*\[0-3\]: ")
    child.sendline("b")
    child.expect(r"1\. Feeling nervous.*\[0-3\]: ")
    child.sendline("3")
    for _ in range(6):
        child.expect(r"\[0-3\]: ")
        child.sendline("0")
    child.expect("total 3 of 21")
    child.expect("Questionnaire by Drs. Spitzer")
    out = child.before or ""
    assert finish(child) == 0
    assert "No permission required" not in out
    [a] = json.loads(run("assess", "list", "--json").out)
    assert a["answers"] == [3, 0, 0, 0, 0, 0, 0]


def test_long_questions_wrap_at_word_boundaries() -> None:
    from ketalog.assess import PHQ9

    child = spawn("assess", "phq9")
    for _ in range(7):
        child.expect(r"\[0-3\]: ")
        child.sendline("0")
    child.expect(r"\[0-3\]: ")
    screen = (child.before or "").replace("\r", "")
    lines = screen[screen.index("8. Moving") :].split("\n")
    assert len(lines) > 1 and all(len(line) <= 80 for line in lines)
    assert " ".join(line.strip() for line in lines) == f"8. {PHQ9.items[7]}"
    child.sendeof()
    child.close()


@pytest.fixture
def month_of_checkins() -> None:
    for day in range(1, 26):
        run_ok("log", "5", "--date", f"2026-11-{day:02d}", "--note", f"day {day}")


def test_a_long_history_goes_through_the_pager(tmp_path: Path, month_of_checkins: None) -> None:
    paged = tmp_path / "paged.txt"
    child = spawn("history", env={"PAGER": f"sh -c 'cat > {paged}'"})
    assert finish(child) == 0
    text = paged.read_text()
    assert "2026-11-01" in text and "2026-11-25" in text
    child = spawn("history", "--no-pager", env={"PAGER": f"sh -c 'cat > {tmp_path / 'no'}'"})
    child.expect("2026-11-25")
    assert finish(child) == 0
    assert not (tmp_path / "no").exists()


def test_a_short_history_is_not_paged(tmp_path: Path) -> None:
    run_ok("log", "5")
    paged = tmp_path / "paged.txt"
    child = spawn("history", env={"PAGER": f"sh -c 'cat > {paged}'"})
    child.expect("2026-11-25")
    assert finish(child) == 0
    assert not paged.exists()


def test_undo_names_the_change_and_asks_on_a_terminal() -> None:
    run_ok("log", "5")
    run_ok("log", "--mood", "4")
    child = spawn("undo")
    child.expect(
        r"Undo the change to the check-in for Wed 25 Nov 2026 \(mood\), made .*\? \[y/N\]: "
    )
    child.sendline("")
    child.expect("nothing undone")
    assert finish(child) == 1
    assert history()[0]["mood"] == 4
    child = spawn("undo", "-y")
    child.expect("Undid the change to the check-in")
    assert finish(child) == 0
    assert history()[0]["mood"] is None
    child = spawn("redo")
    child.expect(r"Redo the change to the check-in.*\[y/N\]: ")
    child.sendline("y")
    child.expect("Redid the change")
    assert finish(child) == 0
    assert history()[0]["mood"] == 4
