"""`due` and `remind`: the fast path, and the schedulers driven through fake programs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import run, run_ok, run_process
from ketalog import due, paths

# Each fake program appends "name arg arg ..." to $FAKE_LOG and acts from $FAKE_DIR.
FAKES = {
    "systemctl": """
case "$*" in
  "--user show-environment") exit "${FAKE_SYSTEMD_RC:-0}" ;;
  "--user is-active ketalog-remind.timer") echo active ;;
esac
exit 0
""",
    "crontab": """
case "$1" in
  -l) if [ -f "$FAKE_DIR/crontab" ]; then /bin/cat "$FAKE_DIR/crontab"; else echo "no crontab for tester" >&2; exit 1; fi ;;
  -) /bin/cat > "$FAKE_DIR/crontab" ;;
esac
""",
    "launchctl": """
case "$1" in
  print) [ -f "$FAKE_DIR/loaded" ] || exit 113 ;;
  bootstrap) /usr/bin/touch "$FAKE_DIR/loaded" ;;
  bootout) [ -f "$FAKE_DIR/loaded" ] || exit 3; /bin/rm "$FAKE_DIR/loaded" ;;
esac
""",
    "notify-send": "",
    "osascript": "",
}


@pytest.fixture
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH holding only the fake programs (and sh); returns their folder."""
    folder = tmp_path / "fakebin"
    folder.mkdir()
    for name, body in FAKES.items():
        script = folder / name
        script.write_text(f'#!/bin/sh\necho "{name} $*" >> "$FAKE_LOG"\n{body}')
        script.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "calls.log"))
    monkeypatch.setenv("FAKE_DIR", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return folder


def calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def without(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).unlink()


# --- due ---------------------------------------------------------------------------


def test_due_says_whether_today_is_logged(isolated: Path) -> None:
    r = run("due")
    assert r.code == 1 and r.out == "Not logged yet today: `ketalog log`\n"
    assert not isolated.exists()  # asking creates no journal
    run_ok("log", "--fatigue", "4")
    r = run("due")
    assert (r.code, r.out) == (0, "")
    run_ok("log", "--fatigue", "4", "--date", "2026-11-24")
    assert run("due").code == 0


def test_due_only_counts_today(isolated: Path) -> None:
    run_ok("log", "--fatigue", "4", "--date", "2026-11-24")
    assert run("due").code == 1


def test_due_quiet_prints_nothing() -> None:
    r = run("due", "--quiet")
    assert (r.code, r.out, r.err) == (1, "", "")


def test_due_as_a_process_takes_the_fast_path_and_agrees(isolated: Path) -> None:
    r = run_process("due")
    assert (r.code, r.out) == (1, "Not logged yet today: `ketalog log`\n")
    run_ok("log", "--fatigue", "4")
    assert run_process("due", "--quiet").code == 0
    assert run_process("--db", str(isolated.with_name("other.db")), "due", "-q").code == 1


def test_due_fast_path_imports_neither_typer_nor_rich(isolated: Path) -> None:
    run_ok("log", "--fatigue", "4")
    code = (
        "import sys\n"
        "sys.argv = ['ketalog', 'due', '--quiet', '--notify']\n"
        "from ketalog.entry import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    status = e.code\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'typer', 'click', 'rich', 'platformdirs', 'pyrage', 'subprocess'})\n"
        "loaded = [m for m in ('ketalog.cli', 'ketalog.notify') if m in sys.modules]\n"
        "print(status, heavy, loaded)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 [] []"


def test_due_on_a_file_that_is_not_a_journal(isolated: Path) -> None:
    isolated.write_text("hello")
    r = run_process("due")
    assert r.code == 1 and "not a ketalog journal" in r.err and "Traceback" not in r.err
    assert run_process("due", "--quiet").err == ""
    assert isolated.read_text() == "hello"


def test_due_help_and_typos_go_to_the_full_app() -> None:
    assert "Example: ketalog due" in run_process("due", "--help").out
    r = run_process("due", "--quiet", "--nope")
    assert r.code == 2 and "--nope" in r.err


@pytest.mark.parametrize("xdg", [None, "", "relative/dir", "/abs/data"])
def test_due_finds_the_default_journal_where_every_command_does(
    xdg: str | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME")
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert due.default_db() == str(paths.default_db())


def test_due_notify_calls_the_notifier_only_when_not_logged(fakes: Path, tmp_path: Path) -> None:
    r = run("due", "--notify", "--quiet")
    assert r.code == 1
    [call] = calls(tmp_path)
    assert call.startswith("notify-send --app-name=ketalog ketalog ")
    run_ok("log", "--fatigue", "4")
    assert run("due", "--notify").code == 0
    assert len(calls(tmp_path)) == 1


def test_due_notify_is_silent_without_a_notifier(fakes: Path, tmp_path: Path) -> None:
    without(fakes, "notify-send", "osascript")
    r = run("due", "--notify")
    assert (r.code, r.err) == (1, "")
    assert calls(tmp_path) == []


def test_due_notify_uses_osascript_on_macos(
    fakes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert run("due", "--notify", "-q").code == 1
    [call] = calls(tmp_path)
    assert call.startswith('osascript -e display notification "Not logged yet today.')


OPTIONAL = (
    "pyrage",
    "ketalog.crypto",
    "ketalog.notify",
    "ketalog.remind",
    "ketalog.due",
    "ketalog.sync",
)


@pytest.mark.parametrize("argv", [["log", "--fatigue", "4"], ["today"], ["--help"]])
def test_other_commands_load_no_reminder_encryption_or_sync_code(argv: list[str]) -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['ketalog', *{argv!r}]\n"
        "from ketalog.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {OPTIONAL!r} if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip().splitlines()[-1] == "[]"


# --- remind: systemd ---------------------------------------------------------------


def test_remind_installs_a_systemd_timer(fakes: Path, tmp_path: Path) -> None:
    r = run("remind", "--at", "20:00")
    assert r.code == 0, r.err
    units = tmp_path / "config" / "systemd" / "user"
    timer, service = units / "ketalog-remind.timer", units / "ketalog-remind.service"
    assert "OnCalendar=*-*-* 20:00:00" in timer.read_text()
    assert '"due" "--notify"' in service.read_text()
    assert oct(timer.stat().st_mode & 0o777) == "0o600"
    assert str(timer) in r.out and str(service) in r.out and "20:00" in r.out
    assert calls(tmp_path) == [
        "systemctl --user show-environment",
        "crontab -l",  # a reminder moved from cron would be taken out
        "systemctl --user daemon-reload",
        "systemctl --user enable ketalog-remind.timer",
        "systemctl --user restart ketalog-remind.timer",
    ]


def test_remind_twice_keeps_one_timer_at_the_new_time(fakes: Path, tmp_path: Path) -> None:
    run_ok("remind", "--at", "20:00")
    r = run("remind", "--at", "7:30")
    assert r.code == 0
    units = tmp_path / "config" / "systemd" / "user"
    assert sorted(p.name for p in units.iterdir()) == [
        "ketalog-remind.service",
        "ketalog-remind.timer",
    ]
    assert "OnCalendar=*-*-* 07:30:00" in (units / "ketalog-remind.timer").read_text()
    assert calls(tmp_path)[-1] == "systemctl --user restart ketalog-remind.timer"


def test_remind_status_and_off_with_systemd(fakes: Path, tmp_path: Path) -> None:
    assert "No daily reminder" in run("remind", "--status").out
    run_ok("remind", "--at", "21:15")
    r = run("remind", "--status")
    assert "every day at 21:15" in r.out and "ketalog-remind.timer, active" in r.out
    assert run("remind").out == r.out  # no option: the status
    r = run("remind", "--off")
    assert r.code == 0 and "Removed a systemd user timer" in r.out
    assert "systemctl --user disable --now ketalog-remind.timer" in calls(tmp_path)
    assert not (tmp_path / "config" / "systemd" / "user" / "ketalog-remind.timer").exists()
    assert "nothing to remove" in run("remind", "--off").out
    assert "No daily reminder" in run("remind", "--status").out


def test_remind_keeps_the_journal_it_was_set_for(
    fakes: Path, tmp_path: Path, isolated: Path
) -> None:
    run_ok("remind", "--at", "20:00")
    service = tmp_path / "config" / "systemd" / "user" / "ketalog-remind.service"
    assert f'"--db" "{isolated}" "due" "--notify"' in service.read_text()


# --- remind: crontab ---------------------------------------------------------------

USER_CRONTAB = b"# my own jobs\r\nMAILTO=me\n*/5 * * * * backup.sh   # keep\n\n0 1 * * * x % y"


def test_remind_falls_back_to_crontab_and_keeps_other_lines(fakes: Path, tmp_path: Path) -> None:
    without(fakes, "systemctl")
    (tmp_path / "crontab").write_bytes(USER_CRONTAB)
    r = run("remind", "--at", "20:05")
    assert r.code == 0, r.err
    table = (tmp_path / "crontab").read_bytes()
    assert table.startswith(USER_CRONTAB + b"\n")
    [ours] = table[len(USER_CRONTAB) + 1 :].splitlines()
    assert ours.startswith(b"5 20 * * * ") and ours.endswith(b"due --notify # ketalog remind")
    assert "crontab" in r.out and ours.decode() in r.out
    run_ok("remind", "--at", "06:00")  # again: replaced, not added
    table = (tmp_path / "crontab").read_bytes()
    assert table.count(b"# ketalog remind") == 1 and b"\n0 6 * * * " in table
    assert "every day at 06:00: a line in your crontab" in run("remind", "--status").out
    r = run("remind", "--off")
    assert r.code == 0 and "Removed a line in your crontab" in r.out
    assert (tmp_path / "crontab").read_bytes() == USER_CRONTAB + b"\n"


def test_remind_crontab_from_nothing_and_back(fakes: Path, tmp_path: Path) -> None:
    without(fakes, "systemctl")
    assert run("remind", "--at", "20:00").code == 0
    assert (tmp_path / "crontab").read_bytes().count(b"\n") == 1
    run_ok("remind", "--off")
    assert (tmp_path / "crontab").read_bytes() == b""


def test_remind_uses_crontab_when_systemd_user_does_not_answer(
    fakes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SYSTEMD_RC", "1")
    run_ok("remind", "--at", "20:00")
    assert b"# ketalog remind" in (tmp_path / "crontab").read_bytes()
    assert not (tmp_path / "config" / "systemd").exists()


def test_remind_moves_from_crontab_to_systemd_without_leaving_two(
    fakes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "crontab").write_bytes(b"0 1 * * * mine\n")
    monkeypatch.setenv("FAKE_SYSTEMD_RC", "1")
    run_ok("remind", "--at", "20:00")
    monkeypatch.setenv("FAKE_SYSTEMD_RC", "0")
    r = run("remind", "--at", "20:00")
    assert "Removed a line in your crontab" in r.out
    assert (tmp_path / "crontab").read_bytes() == b"0 1 * * * mine\n"
    assert (
        len([line for line in run("remind", "--status").out.splitlines() if "every day" in line])
        == 1
    )


def test_remind_without_any_scheduler_says_so(fakes: Path, tmp_path: Path) -> None:
    without(fakes, "systemctl", "crontab")
    r = run("remind", "--at", "20:00")
    assert r.code == 1 and "no scheduler found" in r.err


def test_remind_when_crontab_fails_changes_nothing(fakes: Path, tmp_path: Path) -> None:
    without(fakes, "systemctl")
    (fakes / "crontab").write_text('#!/bin/sh\necho "crontab: permission denied" >&2\nexit 1\n')
    r = run("remind", "--at", "20:00")
    assert r.code == 1 and "cannot read your crontab: crontab: permission denied" in r.err


# --- remind: launchd ---------------------------------------------------------------


def test_remind_with_launchd_on_macos(
    fakes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import plistlib

    monkeypatch.setattr(sys, "platform", "darwin")
    uid = os.getuid()
    r = run("remind", "--at", "19:45")
    assert r.code == 0, r.err
    plist = tmp_path / "home" / "Library" / "LaunchAgents" / "org.ketalog.remind.plist"
    data = plistlib.loads(plist.read_bytes())
    assert data["StartCalendarInterval"] == {"Hour": 19, "Minute": 45}
    assert data["ProgramArguments"][-2:] == ["due", "--notify"]
    assert str(plist) in r.out
    assert f"launchctl bootstrap gui/{uid} {plist}" in calls(tmp_path)
    run_ok("remind", "--at", "20:00")  # again: the old agent is booted out first
    assert calls(tmp_path)[-2:] == [
        f"launchctl bootout gui/{uid}/org.ketalog.remind",
        f"launchctl bootstrap gui/{uid} {plist}",
    ]
    assert len(list(plist.parent.iterdir())) == 1
    r = run("remind", "--status")
    assert "every day at 20:00: a launchd agent (org.ketalog.remind, loaded)" in r.out
    r = run("remind", "--off")
    assert "Removed a launchd agent" in r.out and not plist.exists()
    assert "No daily reminder" in run("remind", "--status").out


# --- remind: bad input -------------------------------------------------------------


@pytest.mark.parametrize("at", ["25:00", "8pm", "20:60", "", "20:00:00"])
def test_remind_refuses_a_time_that_is_not_one(at: str, fakes: Path, tmp_path: Path) -> None:
    r = run("remind", "--at", at)
    assert r.code == 2 and "HH:MM" in r.err
    assert calls(tmp_path) == []


def test_remind_refuses_two_actions_at_once(fakes: Path, tmp_path: Path) -> None:
    r = run("remind", "--at", "20:00", "--off")
    assert r.code == 2 and calls(tmp_path) == []
