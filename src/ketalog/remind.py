"""`ketalog remind`: a daily reminder through the scheduler this computer already has.

A systemd user timer where `systemctl --user` works, a launchd agent on macOS, and
otherwise one line in the user's crontab. Each backend installs under a fixed name,
so installing again replaces the reminder instead of adding a second one.
"""

from __future__ import annotations

import os
import plistlib
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple, TypeAlias

from ketalog.errors import InputError, KetalogError

UNIT = "ketalog-remind"
LABEL = "org.ketalog.remind"
CRON_MARK = "# ketalog remind"


class Report(NamedTuple):
    """What was installed, removed or found: lines for the user."""

    installed: bool
    lines: list[str]


def parse_at(text: str) -> tuple[int, int]:
    from ketalog.dates import hour_minute

    found = hour_minute(text.strip(), ":")
    if found is None:
        raise InputError(f"--at {text!r} is not a time of day; use 24-hour HH:MM, like 20:00")
    return found


def reminder_argv(db: Path | None) -> list[str]:
    """The command the scheduler runs: this ketalog, `due --notify`, and the journal
    when it is not the default one."""
    script = Path(sys.argv[0])
    if script.name == "ketalog" and script.is_file():
        head = [str(script.resolve())]
    elif found := shutil.which("ketalog"):
        head = [str(Path(found).resolve())]
    else:
        head = [str(Path(sys.executable).resolve()), "-m", "ketalog"]
    journal = ["--db", str(db.expanduser().resolve())] if db is not None else []
    argv = [*head, *journal, "due", "--notify"]
    for arg in argv:
        if any(ord(c) < 32 or ord(c) == 127 for c in arg):
            raise KetalogError(f"cannot schedule {arg!r}: the path holds control characters")
    return argv


def _run(argv: Sequence[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(list(argv), input=stdin, capture_output=True, timeout=30)
    except OSError as e:
        raise KetalogError(f"cannot run {argv[0]}: {e.strerror}") from None
    except subprocess.TimeoutExpired:
        raise KetalogError(f"{argv[0]} did not answer within 30 seconds") from None


def _try(argv: Sequence[str]) -> int:
    """Run a clean-up step whose failure changes nothing for the user; its exit code."""
    try:
        return _run(argv).returncode
    except KetalogError:
        return 127


def _checked(argv: Sequence[str], stdin: bytes | None = None) -> bytes:
    done = _run(argv, stdin)
    if done.returncode != 0:
        why = done.stderr.decode(errors="replace").strip().splitlines()
        raise KetalogError(
            f"`{' '.join(argv)}` failed: {why[-1] if why else f'exit {done.returncode}'}"
        )
    return done.stdout


def _at_text(hour: int, minute: int) -> str:
    return f"{hour:02d}:{minute:02d}"


# --- systemd -----------------------------------------------------------------------


def systemd_works() -> bool:
    if shutil.which("systemctl") is None:
        return False
    try:
        return _run(["systemctl", "--user", "show-environment"]).returncode == 0
    except KetalogError:
        return False


def _systemd_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME", "")
    root = Path(base) if base.startswith("/") else Path.home() / ".config"
    return root / "systemd" / "user"


def _systemd_quote(arg: str) -> str:
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'


def _write_private(path: Path, text: str) -> None:
    from ketalog.files import replace_private

    path.parent.mkdir(parents=True, exist_ok=True)
    replace_private(path, text.encode("utf-8"))


class Systemd:
    name = "a systemd user timer"

    def __init__(self) -> None:
        folder = _systemd_dir()
        self.service = folder / f"{UNIT}.service"
        self.timer = folder / f"{UNIT}.timer"

    def install(self, argv: list[str], hour: int, minute: int) -> Report:
        at = _at_text(hour, minute)
        _write_private(
            self.service,
            "[Unit]\nDescription=ketalog daily reminder: is today logged?\n\n"
            "[Service]\nType=oneshot\n"
            f"ExecStart={' '.join(_systemd_quote(a) for a in argv)}\n"
            "# `ketalog due` exits 1 when today is not logged yet: that is not a failure\n"
            "SuccessExitStatus=1\n",
        )
        _write_private(
            self.timer,
            f"[Unit]\nDescription=ketalog daily reminder at {at}\n\n"
            f"[Timer]\nOnCalendar=*-*-* {at}:00\n\n[Install]\nWantedBy=timers.target\n",
        )
        _checked(["systemctl", "--user", "daemon-reload"])
        _checked(["systemctl", "--user", "enable", f"{UNIT}.timer"])
        _checked(["systemctl", "--user", "restart", f"{UNIT}.timer"])
        return Report(
            True,
            [
                f"Installed {self.name} that runs `{shlex.join(argv)}` every day at {at}:",
                f"  {self.timer}",
                f"  {self.service}",
                f"enabled and started with `systemctl --user enable {UNIT}.timer`.",
            ],
        )

    def find(self) -> str | None:
        if not self.timer.exists():
            return None
        match = re.search(r"^OnCalendar=\*-\*-\* (\d\d:\d\d):00$", self.timer.read_text(), re.M)
        return match.group(1) if match else "an edited time"

    def remove(self) -> list[str]:
        if not (self.timer.exists() or self.service.exists()):
            return []
        _try(["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"])
        self.timer.unlink(missing_ok=True)
        self.service.unlink(missing_ok=True)
        _try(["systemctl", "--user", "daemon-reload"])
        return [f"Removed {self.name}: {self.timer} and {self.service}"]

    def status(self) -> list[str]:
        at = self.find()
        if at is None:
            return []
        try:
            done = _run(["systemctl", "--user", "is-active", f"{UNIT}.timer"])
            state = done.stdout.decode(errors="replace").strip() or "unknown"
        except KetalogError:
            state = "systemctl not available"
        return [
            f"Reminder every day at {at}: {self.name} ({UNIT}.timer, {state})",
            f"  {self.timer}",
            f"  {self.service}",
        ]


# --- launchd -----------------------------------------------------------------------


class Launchd:
    name = "a launchd agent"

    def __init__(self) -> None:
        self.plist = Path.home() / "Library" / "LaunchAgents" / f"{LABEL}.plist"
        self.domain = f"gui/{os.getuid()}"

    def install(self, argv: list[str], hour: int, minute: int) -> Report:
        _try(["launchctl", "bootout", f"{self.domain}/{LABEL}"])  # an earlier one, if any
        data = plistlib.dumps(
            {
                "Label": LABEL,
                "ProgramArguments": argv,
                "StartCalendarInterval": {"Hour": hour, "Minute": minute},
            }
        )
        _write_private(self.plist, data.decode())
        _checked(["launchctl", "bootstrap", self.domain, str(self.plist)])
        return Report(
            True,
            [
                f"Installed {self.name} that runs `{shlex.join(argv)}` every day at "
                f"{_at_text(hour, minute)}:",
                f"  {self.plist}",
                f"loaded with `launchctl bootstrap {self.domain}`.",
            ],
        )

    def find(self) -> str | None:
        if not self.plist.exists():
            return None
        try:
            when = plistlib.loads(self.plist.read_bytes())["StartCalendarInterval"]
            return _at_text(int(when["Hour"]), int(when["Minute"]))
        except (plistlib.InvalidFileException, KeyError, TypeError, ValueError):
            return "an edited time"

    def remove(self) -> list[str]:
        if not self.plist.exists():
            return []
        _try(["launchctl", "bootout", f"{self.domain}/{LABEL}"])
        self.plist.unlink()
        return [f"Removed {self.name}: {self.plist}"]

    def status(self) -> list[str]:
        at = self.find()
        if at is None:
            return []
        loaded = _try(["launchctl", "print", f"{self.domain}/{LABEL}"]) == 0
        return [
            f"Reminder every day at {at}: {self.name} ({LABEL}, "
            f"{'loaded' if loaded else 'not loaded'})",
            f"  {self.plist}",
        ]


# --- crontab -----------------------------------------------------------------------


def _cron_quote(arg: str) -> str:
    return shlex.quote(arg).replace("%", "\\%")  # cron turns a bare % into a newline


class Crontab:
    name = "a line in your crontab"

    def _read(self) -> bytes:
        done = _run(["crontab", "-l"])
        if done.returncode == 0:
            return done.stdout
        if b"no crontab" in done.stderr.lower():
            return b""
        why = done.stderr.decode(errors="replace").strip() or f"exit {done.returncode}"
        raise KetalogError(f"cannot read your crontab: {why}")

    @staticmethod
    def _split(table: bytes) -> tuple[list[bytes], list[bytes]]:
        """(the user's own lines, ketalog's lines), each line with its own ending."""
        mark = CRON_MARK.encode()
        ours: list[bytes] = []
        theirs: list[bytes] = []
        for line in table.splitlines(keepends=True):
            (ours if line.rstrip(b"\r\n").endswith(mark) else theirs).append(line)
        return theirs, ours

    def install(self, argv: list[str], hour: int, minute: int) -> Report:
        if shutil.which("crontab") is None:
            raise KetalogError(
                "no scheduler found: neither `systemctl --user` nor `crontab` works here"
            )
        theirs, _ = self._split(self._read())
        if theirs and not theirs[-1].endswith(b"\n"):
            theirs[-1] += b"\n"  # cron ignores a last line without its newline
        # notify-send needs the desktop session's bus, which cron does not pass on
        bus = f"DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/{os.getuid()}/bus"
        line = f"{minute} {hour} * * * {bus} {' '.join(map(_cron_quote, argv))} {CRON_MARK}\n"
        _checked(["crontab", "-"], b"".join(theirs) + line.encode())
        return Report(
            True,
            [
                f"Installed {self.name} that runs `{shlex.join(argv)}` every day at "
                f"{_at_text(hour, minute)}:",
                f"  {line.rstrip()}",
                "(`crontab -l` shows it; your other crontab lines are unchanged.)",
            ],
        )

    def _ours(self) -> tuple[list[bytes], list[bytes]]:
        if shutil.which("crontab") is None:
            return [], []
        return self._split(self._read())

    def remove(self) -> list[str]:
        theirs, ours = self._ours()
        if not ours:
            return []
        _checked(["crontab", "-"], b"".join(theirs))
        return [f"Removed {self.name}: {ours[0].decode(errors='replace').rstrip()}"]

    def status(self) -> list[str]:
        _, ours = self._ours()
        lines = []
        for line in ours:
            text = line.decode(errors="replace").rstrip()
            fields = text.split()
            at = (
                f"{int(fields[1]):02d}:{int(fields[0]):02d}"
                if fields[:2] and all(f.isdigit() for f in fields[:2])
                else "an edited time"
            )
            lines += [f"Reminder every day at {at}: {self.name}", f"  {text}"]
        return lines


Backend: TypeAlias = Systemd | Launchd | Crontab


def backends() -> list[Backend]:
    """Every scheduler a reminder may have been installed with on this computer."""
    if sys.platform == "darwin":
        return [Launchd(), Crontab()]
    return [Systemd(), Crontab()]


def _scheduler() -> Backend:
    """launchd on macOS; systemd where `systemctl --user` works; else cron."""
    if sys.platform == "darwin":
        return Launchd()
    return Systemd() if systemd_works() else Crontab()


def install(at: str, db: Path | None) -> Report:
    """Install (or replace) the daily reminder; remove it from any other scheduler."""
    hour, minute = parse_at(at)
    argv = reminder_argv(db)
    chosen = _scheduler()
    moved = [line for b in backends() if type(b) is not type(chosen) for line in b.remove()]
    report = chosen.install(argv, hour, minute)
    return Report(True, moved + report.lines)


def remove() -> Report:
    lines = [line for b in backends() for line in b.remove()]
    return Report(False, lines or ["No ketalog reminder was installed; nothing to remove."])


def status() -> Report:
    lines = [line for b in backends() for line in b.status()]
    if not lines:
        return Report(False, ["No daily reminder. `ketalog remind --at 20:00` sets one."])
    return Report(True, lines)
