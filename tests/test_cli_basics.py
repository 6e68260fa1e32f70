"""Help, version, where, and the everyday log/session/history/today flows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from helpers import run, run_ok
from ketalog.cli import app


def _commands(group: typer.main.TyperGroup, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, cmd in group.commands.items():
        path = (*prefix, name)
        out.append(path)
        if hasattr(cmd, "commands"):
            out.extend(_commands(cmd, path))  # type: ignore[arg-type]
    return out


ALL_COMMANDS = _commands(typer.main.get_command(app))  # type: ignore[arg-type]


def test_there_are_commands() -> None:
    assert ("log",) in ALL_COMMANDS and ("session", "add") in ALL_COMMANDS


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    r = run(*path, "--help")
    assert r.code == 0
    assert "Usage: ketalog " + " ".join(path) in r.out
    if len(path) == 1 and path[0] in ("session", "config", "assess"):
        return  # groups list their commands; the commands carry the examples
    assert "Example: ketalog " in r.out


def test_version() -> None:
    r = run("--version")
    assert r.code == 0 and r.out.startswith("ketalog ")


def test_where_names_the_journal(isolated: Path) -> None:
    r = run("where")
    assert str(isolated) in r.out and "not created yet" in r.out


def test_reading_commands_on_a_missing_journal_create_nothing(isolated: Path) -> None:
    for args in (("today",), ("history",), ("session", "list"), ("undo",)):
        r = run(*args)
        assert r.code == 0, (args, r.err)
    assert "ketalog log" in run("today").out
    assert not isolated.exists()


def test_history_json_is_a_bare_array_when_empty() -> None:
    r = run("history", "--json")
    assert r.code == 0 and json.loads(r.out) == []


def test_log_adds_then_updates_only_given_fields() -> None:
    assert run("log", "--fatigue", "6", "--sleep-hours", "5.5", "--note", "tired").code == 0
    r = run("log", "--water", "4", "--fatigue", "5")
    assert r.code == 0
    assert "fatigue 6 → 5" in r.out and "water — → 4" in r.out
    [row] = json.loads(run("history", "--json").out)
    assert row["fatigue"] == 5 and row["sleep_hours"] == 5.5 and row["note"] == "tired"
    assert row["water"] == 4 and row["days_since_session"] is None


def test_log_without_sessions_says_so() -> None:
    r = run("log", "--fatigue", "3")
    assert "No sessions yet" in r.out


def test_clear_empties_a_field() -> None:
    run_ok("log", "--fatigue", "6", "--fog", "3")
    r = run("log", "--clear", "fog")
    assert r.code == 0 and "fog 3 → —" in r.out
    [row] = json.loads(run("history", "--json").out)
    assert row["fog"] is None


def test_clear_unknown_field_is_a_usage_error() -> None:
    run_ok("log", "--fatigue", "6")
    r = run("log", "--clear", "fatigue")
    assert r.code == 2 and "'fatigue'" in r.err and "sleep-hours" in r.err


def test_new_checkin_needs_fatigue() -> None:
    r = run("log", "--water", "3")
    assert r.code == 1 and "--fatigue" in r.err


def test_delete_checkin_needs_yes_off_a_terminal() -> None:
    run_ok("log", "--fatigue", "6")
    r = run("log", "--delete")
    assert r.code == 2 and "--yes" in r.err
    assert run("log", "--delete", "--yes").code == 0
    assert json.loads(run("history", "--json").out) == []


def test_history_shows_days_since_session() -> None:
    run_ok("session", "add", "--route", "iv", "--date", "2026-11-20")
    run_ok("log", "--fatigue", "8", "--date", "2026-11-21")
    run_ok("log", "--fatigue", "2", "--date", "2026-11-19")
    rows = json.loads(run("history", "--json").out)
    assert [(r["day"], r["days_since_session"]) for r in rows] == [
        ("2026-11-19", None),
        ("2026-11-21", 1),
    ]
    text = run("history").out
    assert "2026-11-21" in text and text.startswith("Date")
    since = json.loads(run("history", "--json", "--since", "2026-11-20").out)
    assert [r["day"] for r in since] == ["2026-11-21"]


def test_session_add_list_edit_delete() -> None:
    r = run(
        "session",
        "add",
        "--route",
        "iv",
        "--dose-per-kg",
        "0.5",
        "--duration",
        "40",
        "--time",
        "9:30",
        "--clinic",
        "Riverside",
        "--date",
        "yesterday",
    )
    assert r.code == 0 and "Saved session 1: 24 Nov 2026 at 09:30 (" in r.out
    [s] = json.loads(run("session", "list", "--json").out)
    assert s == {
        "id": 1,
        "uid": s["uid"],
        "day": "2026-11-24",
        "time": "09:30",
        "drug": "ketamine",
        "route": "iv",
        "dose_mg": None,
        "dose_mg_per_kg": 0.5,
        "duration_min": 40,
        "dissociation": None,
        "clinic": "Riverside",
        "note": None,
    }
    r = run("session", "edit", "1", "--dissociation", "6", "--route", "im")
    assert r.code == 0 and "dissociation — → 6" in r.out and "route iv → im" in r.out
    assert "Sessions" in run("session", "list").out
    assert run("session", "delete", "1", "--yes").code == 0
    assert json.loads(run("session", "list", "--json").out) == []


def test_session_needs_a_route_unless_configured() -> None:
    r = run("session", "add")
    assert r.code == 2 and "--route" in r.err
    assert run("config", "set", "default_route", "intranasal").code == 0
    assert run("config", "set", "default_drug", "esketamine").code == 0
    assert run("config", "set", "default_dose_mg", "56").code == 0
    assert run("session", "add").code == 0
    [s] = json.loads(run("session", "list", "--json").out)
    assert (s["route"], s["drug"], s["dose_mg"]) == ("intranasal", "esketamine", 56)


def test_session_edit_unknown_id() -> None:
    run_ok("session", "add", "--route", "iv")
    r = run("session", "edit", "9", "--dose", "30")
    assert r.code == 1 and "no session with ID 9" in r.err


def test_planned_session_shows_in_today() -> None:
    run_ok("session", "add", "--route", "iv", "--date", "tomorrow")
    r = run("session", "add", "--route", "iv", "--date", "in 400 days")
    assert r.code == 2
    out = run("today").out
    assert "Next session tomorrow" in out and "No check-in yet today" in out


def test_today_after_logging() -> None:
    run_ok("session", "add", "--route", "iv", "--date", "3 days ago")
    run_ok("log", "--fatigue", "4", "--sleep-hours", "7")
    out = run("today").out
    assert "3 days since your last session" in out
    assert "fatigue 4/10 (moderate)" in out
    assert "not medical advice" in out


def test_config_show_and_unset() -> None:
    assert run("config", "set", "name", "Sam Doe").code == 0
    assert "Sam Doe" in run("config", "show").out
    assert run("config", "set", "name", "").code == 0
    assert "Sam Doe" not in run("config", "show").out
    r = run("config", "set", "paper_size", "a5")
    assert r.code == 2 and "'a5'" in r.err and "letter" in r.err


def test_user_text_that_looks_like_markup_is_shown_as_typed() -> None:
    odd = "[/oops] [bold]x[/bold] :smile:"
    run_ok(
        "session", "add", "--route", "iv", "--clinic", "[red]C[/]", "--note", "[/x]", "--date", "-1"
    )
    run_ok("log", "--fatigue", "3", "--note", odd)
    history = run("history")
    assert history.code == 0 and "[/oops] [bold]x[/bold]" in " ".join(history.out.split())
    sessions = run("session", "list")
    assert sessions.code == 0 and "[red]C[/]" in sessions.out
    summary = run("summary", "--name", "[/bad]")
    assert summary.code == 0 and "Patient: [/bad]" in summary.out


HELP_THROUGH_ENTRY = """
import contextlib, io, json, sys
from ketalog import cli, entry

def help_of(call):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        try:
            call()
        except SystemExit as e:
            return [e.code, buf.getvalue()]
    return [None, buf.getvalue()]

out = {}
for path in json.loads(sys.argv[1]):
    sys.argv = ["ketalog", *path, "--help"]
    out[" ".join(path)] = {
        "entry": help_of(entry.main),
        "full": help_of(lambda: cli.app([*path, "--help"], prog_name="ketalog")),
        "slim": cli._app_for(path) is not cli.app,
    }
print(json.dumps(out))
"""


def test_every_help_through_the_entry_point_equals_the_full_apps() -> None:
    """The one-command app `ketalog log` starts with shows the same help as the full app,
    for every command (the two are built from the same settings and registrations)."""
    import subprocess
    import sys

    paths = [list(p) for p in ALL_COMMANDS]
    proc = subprocess.run(
        [sys.executable, "-c", HELP_THROUGH_ENTRY, json.dumps(paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(proc.stdout)
    groups = {("session",), ("assess",), ("config",)}
    slim = {name for name, got in seen.items() if got["slim"]}
    assert slim == {" ".join(p) for p in ALL_COMMANDS if len(p) == 1 and p not in groups}
    for path in ALL_COMMANDS:
        got = seen[" ".join(path)]
        assert got["entry"] == got["full"], path
        assert got["entry"][0] == 0 and "Usage: ketalog " + " ".join(path) in got["entry"][1]


def test_each_top_level_command_is_found_in_the_module_that_registers_it() -> None:
    """The start-up table of top-level commands names every command each unnamed part
    registers, and nothing else, so a new command cannot be left out of it."""
    from ketalog import cli

    registered = {
        c.name: module
        for module, name in cli._PARTS
        if name is None
        for c in cli._part(module).registered_commands
    }
    assert registered == cli._HOME


def test_a_command_loads_only_its_own_command_module(isolated: Path) -> None:
    """`ketalog log` imports ketalog.commands.daily and none of the other command modules,
    nor the maths of many sessions (ketalog.trends) that only the readings need."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from ketalog import entry\n"
        "sys.argv = ['ketalog', 'log', '--fatigue', '4']\n"
        "try:\n    entry.main()\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "print(sorted(m for m in sys.modules if m.startswith('ketalog.commands.')),"
        " file=sys.stderr)\n"
        "print('ketalog.trends' in sys.modules, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    *_, loaded, trends_loaded = proc.stderr.strip().splitlines()
    assert loaded == "['ketalog.commands.common', 'ketalog.commands.daily']"
    assert trends_loaded == "False"


# A bug anywhere in a command: here the clock itself fails.
BROKEN_CLOCK = """
import sys
import ketalog.clock


def today():
    raise RuntimeError("the clock broke")


ketalog.clock.today = today
from ketalog.cli import main

sys.argv = ["ketalog", "today"]
main()
"""


@pytest.mark.parametrize("debug", ["", "1"])
def test_an_unexpected_error_is_one_line_and_ketalog_debug_shows_its_traceback(
    debug: str,
) -> None:
    env = {**os.environ, "KETALOG_DEBUG": debug}
    r = subprocess.run(
        [sys.executable, "-c", BROKEN_CLOCK], capture_output=True, text=True, env=env, timeout=60
    )
    assert r.returncode == 1
    last = "ketalog: unexpected error (RuntimeError); nothing was saved"
    assert r.stderr.strip().splitlines()[-1] == last
    if debug:
        assert r.stderr.startswith("Traceback (most recent call last):")
        assert "RuntimeError: the clock broke" in r.stderr
    else:
        assert r.stderr.strip() == last  # no traceback, nothing else


def test_the_ketalog_script_runs_without_the_cycle_collector() -> None:
    """A command lives for a moment: the script turns the cyclic collector off rather
    than let it re-scan everything the imports made (reference counting still frees)."""
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('collector on' if gc.isenabled() else 'collector off'))\n"
        "sys.argv = ['ketalog', '--version']\n"
        "from ketalog.entry import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "collector off"
