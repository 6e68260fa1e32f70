"""The everyday journal as a tired person types it: dates, numbers, notes, planned
sessions, messages about the day logged."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from helpers import digest, run, run_ok, run_process
from ketalog import uidrows


def checkin(day: str = "2026-11-25") -> dict[str, object]:
    [found] = [c for c in json.loads(run("history", "--all", "--json").out) if c["day"] == day]
    return found  # type: ignore[no-any-return]


def sessions() -> list[dict[str, object]]:
    return json.loads(run("session", "list", "--json").out)  # type: ignore[no-any-return]


# --- dates --------------------------------------------------------------------------


def test_log_echoes_the_day_a_word_resolved_to() -> None:
    r = run("log", "5", "--date", "last monday")
    assert r.code == 0, r.err
    assert r.out.startswith("Saved the check-in for Mon 23 Nov: fatigue 5/10")
    r = run("log", "4", "--date", "2 weeks ago")
    assert "Wed 11 Nov" in r.out


def test_an_ambiguous_date_is_refused_and_nothing_is_written(isolated: Path) -> None:
    r = run("log", "5", "--date", "03/04")
    assert r.code == 2 and "could be day/month or month/day" in r.err
    assert not isolated.exists()


def test_a_session_is_planned_ahead_only_with_next_or_in() -> None:
    assert run("session", "add", "--route", "iv", "--date", "next friday").code == 0
    assert run("session", "add", "--route", "iv", "--date", "friday").code == 0
    assert [s["day"] for s in sessions()] == ["2026-11-20", "2026-11-27"]


# --- numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"), [("7h", 7.0), ("7.5h", 7.5), ("7:30", 7.5), ("0,5", 0.5), ("7h30", 7.5)]
)
def test_sleep_as_people_type_it(given: str, stored: float) -> None:
    assert run("log", "5", "--sleep-hours", given).code == 0
    assert checkin()["sleep_hours"] == stored


def test_doses_with_their_units() -> None:
    assert run("session", "add", "--route", "iv", "--dose", "35mg").code == 0
    assert run("session", "add", "--route", "iv", "--dose", "0.5mg/kg", "--date", "-1").code == 0
    assert run("session", "add", "--route", "iv", "--dose-per-kg", "0,5", "--date", "-2").code == 0
    assert [(s["dose_mg"], s["dose_mg_per_kg"]) for s in sessions()] == [
        (None, 0.5),
        (None, 0.5),
        (35.0, None),
    ]


def test_a_thousands_comma_is_refused_as_ambiguous() -> None:
    r = run("session", "add", "--route", "iv", "--dose", "1,000")
    assert r.code == 2 and "write 1000 or 1.000" in r.err


def test_messages_name_the_flag_the_user_typed() -> None:
    run_ok("session", "add", "--route", "iv")
    r = run("session", "edit", "1", "--duration", "forty")
    assert r.code == 2 and r.err.startswith("ketalog: --duration 'forty' is not valid")
    assert "--duration-min" not in r.err
    assert run("session", "edit", "1", "--duration", "2h").code == 0
    assert sessions()[0]["duration_min"] == 120
    r = run("session", "edit", "1", "--dose", "0")
    assert "--dose '0' is out of range; use a number above 0 and at most 1000 mg" in r.err


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (("--dose-per-kg", "5"), "is 5 mg/kg right?"),
        (("--dose", "35", "--dose-per-kg", "0.05"), "a body weight of 700 kg"),
        (("--dose", "35mg", "--dose-per-kg", "0.5"), None),
    ],
)
def test_an_unusual_dose_needs_yes(isolated: Path, args: tuple[str, ...], why: str | None) -> None:
    r = run("session", "add", "--route", "iv", *args)
    if why is None:
        assert r.code == 0
        return
    assert r.code == 2 and why in r.err and "add --yes" in r.err
    assert not isolated.exists()
    assert run("session", "add", "--route", "iv", *args, "--yes").code == 0
    r = run("session", "edit", "1", "--dose-per-kg", "6")
    assert r.code == 2 and "is 6 mg/kg right?" in r.err


def test_the_answers_may_be_separated_by_spaces() -> None:
    r = run("assess", "gad7", "--answers", "1 2 1 1 0 2 1")
    assert r.code == 0 and "total 8 of 21" in r.out
    r = run("assess", "gad7", "--answers", "1 2 1")
    assert r.code == 2 and "has 3 answers" in r.err


# --- log ----------------------------------------------------------------------------


def test_the_first_argument_is_fatigue_and_f_its_short_flag() -> None:
    assert run("log", "6").code == 0
    assert checkin()["fatigue"] == 6
    assert run("log", "-f", "4").code == 0
    assert checkin()["fatigue"] == 4
    r = run("log", "5", "--fatigue", "7")
    assert r.code == 2 and "given twice" in r.err
    r = run("log", "eleven")
    assert r.code == 2 and "--fatigue 'eleven'" in r.err


def test_for_provider_without_a_note_is_a_usage_error(isolated: Path) -> None:
    r = run("log", "5", "--for-provider")
    assert r.code == 2 and "--note" in r.err
    assert run("history", "--json").out.strip() == "[]"
    run_ok("log", "5", "--note", "dizzy")
    before = digest(isolated)
    assert run("log", "--for-provider").code == 0
    assert checkin()["for_provider"] is True
    assert digest(isolated) != before


def test_a_second_note_adds_a_line_and_clear_replaces() -> None:
    run_ok("log", "5", "--note", "slept badly")
    r = run("log", "--note", "better after a walk")
    assert r.code == 0 and "added a line to the note" in r.out
    assert checkin()["note"] == "slept badly\nbetter after a walk"
    run_ok("log", "--clear", "note", "--note", "just this")
    assert checkin()["note"] == "just this"


def test_clearing_the_note_clears_its_provider_mark() -> None:
    run_ok("log", "5", "--note", "ask about dose", "--for-provider")
    run_ok("log", "--clear", "note")
    assert checkin()["note"] is None and checkin()["for_provider"] is False


def test_back_dated_messages_speak_of_the_day_logged() -> None:
    run_ok("session", "add", "--route", "iv", "--date", "2026-11-02")
    r = run("log", "5", "--date", "30 days ago")
    assert "the first was on 2 Nov 2026" in r.out and "planned" not in r.out
    r = run("log", "7", "--date", "2026-11-02")
    assert "Session day" in r.out
    assert "today is session day" not in r.out
    assert "it was session day" in r.out
    r = run("log", "4", "--date", "2026-11-05")
    assert "Thu 5 Nov was 3 days after your session of 2 Nov 2026" in r.out


def test_today_still_says_today() -> None:
    run_ok("session", "add", "--route", "iv")
    r = run("log", "7")
    assert "today is session day" in r.out


# --- planned sessions ---------------------------------------------------------------


def test_the_planned_session_becomes_the_actual_one(monkeypatch: pytest.MonkeyPatch) -> None:
    now = date.today()  # "planned" means entered before its day, by the real clock
    day = now + timedelta(days=12)
    monkeypatch.setenv("KETALOG_TODAY", now.isoformat())
    r = run("session", "add", "--route", "iv", "--date", "in 12 days", "--dose-per-kg", "0.5")
    assert "(planned)" in r.out
    monkeypatch.setenv("KETALOG_TODAY", day.isoformat())  # its day, by the journal's clock too
    monkeypatch.setattr(uidrows, "now_stamp", lambda: f"{day.isoformat()}T12:00:00+00:00")
    r = run("session", "add", "--duration", "40", "--dissociation", "6")
    assert r.code == 0, r.err
    assert r.out.startswith(f"Recorded planned session 1 of {day:%a} {day.day} {day:%b}")
    assert "duration — → 40 min" in r.out
    [s] = sessions()
    assert (s["duration_min"], s["dissociation"], s["dose_mg_per_kg"]) == (40, 6, 0.5)
    summary = json.loads(run("summary", "--format", "json").out)
    assert len(summary["sessions"]) == 1
    trends = json.loads(run("trends", "--json").out)
    assert len(trends["sessions"]) == 1
    # recorded, it is the day's actual session: another one that day is a second session
    r = run("session", "add", "--route", "intranasal")
    assert r.code == 2 and "already has session 1" in r.err and "--yes" in r.err
    assert len(sessions()) == 1


def test_a_plan_recorded_as_planned_is_recorded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    now = date.today()
    monkeypatch.setenv("KETALOG_TODAY", now.isoformat())
    run("session", "add", "--route", "iv", "--date", "in 3 days")
    r = run("session", "add", "--route", "iv", "--date", "in 3 days")  # its day has not come
    assert r.code == 2 and "Add a second session that day?" in r.err
    later = now + timedelta(days=3)
    monkeypatch.setenv("KETALOG_TODAY", later.isoformat())
    monkeypatch.setattr(uidrows, "now_stamp", lambda: f"{later.isoformat()}T12:00:00+00:00")
    r = run("session", "add")
    assert r.code == 0 and "as planned" in " ".join(r.out.split())
    r = run("session", "add", "--route", "oral")
    assert r.code == 2 and "already has session 1" in r.err
    assert run("undo").code == 0  # undo takes the recording back: a plan again
    assert "Recorded planned session 1" in run("session", "add").out


def test_a_second_session_on_one_day_needs_yes(isolated: Path) -> None:
    run_ok("session", "add", "--route", "iv")
    before = digest(isolated)
    r = run("session", "add", "--route", "intranasal")
    assert r.code == 2 and "already has session 1" in r.err and "--yes" in r.err
    assert digest(isolated) == before
    assert run("session", "add", "--route", "intranasal", "--yes").code == 0
    assert len(sessions()) == 2


# --- history ------------------------------------------------------------------------


def test_history_shows_30_days_unless_all() -> None:
    for day in ("2026-10-01", "2026-10-26", "2026-10-27", "2026-11-25"):
        run_ok("log", "5", "--date", day)
    days = [c["day"] for c in json.loads(run("history", "--json").out)]
    assert days == ["2026-10-27", "2026-11-25"]
    days = [c["day"] for c in json.loads(run("history", "--all", "--json").out)]
    assert days == ["2026-10-01", "2026-10-26", "2026-10-27", "2026-11-25"]
    days = [c["day"] for c in json.loads(run("history", "--since", "2026-10-20", "--json").out)]
    assert days == ["2026-10-26", "2026-10-27", "2026-11-25"]


def test_an_empty_period_points_to_all() -> None:
    run_ok("log", "5", "--date", "2026-09-01")
    r = run("history")
    assert r.code == 0 and "`ketalog history --all` shows every day" in r.out


def test_piped_history_is_plain_text_without_trailing_spaces() -> None:
    run_ok("session", "add", "--route", "iv", "--date", "2026-11-20")
    run_ok("log", "5", "--date", "2026-11-21", "--note", "first", "--for-provider")
    run_ok("log", "--date", "2026-11-21", "--note", "second")
    run_ok("log", "3", "--date", "2026-11-22", "--sleep-hours", "7.5")
    out = run("history").out
    lines = out.splitlines()
    assert lines[0].startswith("Date") and lines[0].endswith("Note")
    assert "2026-11-21   1   5" in lines[1] and lines[1].endswith("* first / second")
    assert lines[2].startswith("2026-11-22   2   3   7.5")
    assert all(line == line.rstrip() for line in lines)
    assert "\x1b" not in out and "─" not in out


# --- narrow terminals ---------------------------------------------------------------


@pytest.mark.parametrize("width", [100, 80, 60, 40])
def test_session_list_never_cuts_ids(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    for n in range(1, 13):
        run_ok(
            "session",
            "add",
            "--drug",
            "esketamine",
            "--route",
            "intranasal",
            "--dose",
            "84",
            "--time",
            "10:30",
            "--duration",
            "120",
            "--dissociation",
            "5",
            "--clinic",
            "Riverside Clinic",
            "--date",
            f"-{n * 3}",
        )
    run_ok(
        "session",
        "add",
        "--route",
        "iv",
        "--dose",
        "35",
        "--dose-per-kg",
        "0.5",
        "--date",
        "in 7 days",
    )
    monkeypatch.setenv("COLUMNS", str(width))
    out = run("session", "list").out
    assert "…" not in out
    lines = out.splitlines()
    assert all(len(line) <= width for line in lines)
    assert any(line.split()[:2] == ["ID", "Date"] for line in lines)
    ids = [line.split()[0] for line in lines if " 2026-" in line]
    assert ids == [str(n) for n in range(12, 0, -1)] + ["13"]
    assert "2026-12-02 (planned)" in out
    if width >= 80:
        assert "esketamine" in out and "intranasal" in out


# --- help, version, completion, piped text ------------------------------------------


def test_bare_ketalog_prints_the_short_help() -> None:
    r = run_process()
    assert r.code == 0 and r.err == ""
    assert r.out.startswith("ketalog: a private recovery journal")
    assert "ketalog log 6" in r.out and "Usage:" not in r.out
    r = run_process("session")
    assert r.code == 0 and r.out.startswith("Usage: ketalog session")


def test_version_short_and_long() -> None:
    assert run("-V").out == run("--version").out != ""
    assert run("-V").out.startswith("ketalog ")


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        (("import",), "Usage: ketalog import [OPTIONS] FILE\n"),
        (("restore",), "Usage: ketalog restore [OPTIONS] FILE\n"),
        (("config", "set"), "Usage: ketalog config set [OPTIONS] KEY VALUE\n"),
        (("session", "edit"), "Usage: ketalog session edit [OPTIONS] ID\n"),
        (("log",), "Usage: ketalog log [OPTIONS] [FATIGUE]\n"),
    ],
)
def test_help_placeholders_read_as_words(command: tuple[str, ...], usage: str) -> None:
    assert run(*command, "--help").out.startswith(usage)


def test_questionnaire_help_is_not_cut_off() -> None:
    out = run("assess", "--help").out
    assert "Take the PHQ-9 depression questionnaire: 9 questions, about 2 minutes." in out
    assert "Developed by Drs. Robert L. Spitzer" in out


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F _ketalog_completion ketalog"),
        ("zsh", "#compdef ketalog"),
        ("fish", "complete --command ketalog"),
    ],
)
def test_completion_scripts_for_each_shell(shell: str, marker: str) -> None:
    env = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    r = run_process("--show-completion", shell, env=env)
    assert r.code == 0 and marker in r.out


def test_completion_completes_commands_and_options() -> None:
    r = run_process(
        env={"_KETALOG_COMPLETE": "complete_bash", "COMP_WORDS": "ketalog hi", "COMP_CWORD": "1"}
    )
    assert r.out.split() == ["history"]
    r = run_process(
        env={
            "_KETALOG_COMPLETE": "complete_bash",
            "COMP_WORDS": "ketalog log --sl",
            "COMP_CWORD": "2",
        }
    )
    assert r.out.split() == ["--sleep-hours", "--sleep-quality"]


@pytest.mark.parametrize("command", [("session", "list"), ("trends",), ("summary",), ("history",)])
def test_piped_text_has_no_trailing_spaces(command: tuple[str, ...]) -> None:
    run_ok("session", "add", "--route", "iv", "--date", "-3", "--clinic", "Riverside")
    for n in range(3):
        run_ok("log", str(5 - n), "--date", f"-{n}", "--note", "ok")
    out = run(*command).out
    assert out.strip() and all(line == line.rstrip() for line in out.splitlines())


# --- config keys --------------------------------------------------------------------


def test_config_keys_match_the_flags_and_old_names_still_work(isolated: Path) -> None:
    assert run("config", "set", "default_dose_per_kg", "0.5").out == "default_dose_per_kg = 0.5\n"
    assert run("config", "set", "default_dose_mg", "35").out == "default_dose = 35.0\n"
    assert run("config", "set", "default-route", "iv").out == "default_route = iv\n"
    run_ok("session", "add")
    [s] = sessions()
    assert (s["route"], s["dose_mg"], s["dose_mg_per_kg"]) == ("iv", 35.0, 0.5)


def test_a_config_file_with_the_old_names_is_read_and_renamed_on_set(tmp_path: Path) -> None:
    folder = tmp_path / "config" / "ketalog"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text("default_dose_mg = 40.0\ndefault_route = 'iv'\n")
    run_ok("session", "add")
    assert sessions()[0]["dose_mg"] == 40.0
    assert "default_dose         40.0" in run("config", "show").out
    run_ok("config", "set", "default_dose", "30")
    text = (folder / "config.toml").read_text()
    assert "default_dose = 30.0" in text and "default_dose_mg" not in text


def test_an_unknown_key_gets_did_you_mean() -> None:
    r = run("config", "set", "default_rout", "iv")
    assert r.code == 2 and "did you mean default_route?" in r.err
    r = run("config", "set", "default_dose_perkg", "0.5")
    assert r.code == 2 and "did you mean default_dose_per_kg?" in r.err


def test_config_show_stays_aligned_with_a_long_value() -> None:
    line = "Call my sister Anna on 555 0100 or the clinic's after-hours line 555 0199"
    run_ok("config", "set", "crisis_line", line)
    run_ok("config", "set", "default_route", "intranasal")
    lines = run("config", "show").out.splitlines()[1:]
    column = lines[0].index("your name")
    meanings = [ln for ln in lines if not ln.startswith("crisis_line")]
    assert all(ln[column - 2 : column] == "  " and ln[column] != " " for ln in meanings)
    assert any(ln.startswith("crisis_line") and ln.endswith(line) for ln in lines)


def test_change_lines_name_the_option_the_user_types() -> None:
    """`session edit --duration 45` says "duration", never the column "duration min"."""
    r = run(
        "session",
        "add",
        "--route",
        "iv",
        "--date",
        "2026-11-19",
        "--dose",
        "35",
        "--duration",
        "40",
    )
    assert r.code == 0, r.err
    r = run(
        "session",
        "edit",
        "1",
        "--date",
        "2026-11-20",
        "--dose",
        "40",
        "--dose-per-kg",
        "0.5",
        "--duration",
        "45",
    )
    assert r.code == 0, r.err
    for said in (
        "date 2026-11-19 → 2026-11-20",
        "dose 35 → 40 mg",
        "dose per kg — → 0.5 mg/kg",
        "duration 40 → 45 min",
    ):
        assert said in r.out, r.out
    assert "_" not in r.out and "dose mg" not in r.out and "duration min" not in r.out
    run("log", "--date", "2026-11-20", "--fatigue", "3", "--note", "tired")
    r = run("log", "--date", "2026-11-20", "--for-provider", "--sleep-hours", "7")
    assert "for provider no → yes" in r.out and "sleep hours — → 7" in r.out
