"""Desktop notifications through what the system already has: notify-send on Linux
and the BSDs, osascript on macOS. Where neither exists, nothing is shown and nothing
fails: a reminder must never turn into an error."""

from __future__ import annotations

import shutil
import subprocess
import sys


def _applescript_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def command(title: str, body: str) -> list[str] | None:
    """The notifier command line for this system, or None when there is none."""
    if sys.platform == "darwin":
        osascript = shutil.which("osascript")
        if osascript is None:
            return None
        script = f"display notification {_applescript_text(body)}"
        return [osascript, "-e", f"{script} with title {_applescript_text(title)}"]
    notify_send = shutil.which("notify-send")
    if notify_send is None:
        return None
    return [notify_send, "--app-name=ketalog", title, body]


def notify(title: str, body: str) -> bool:
    """Show a notification; True when a notifier accepted it."""
    argv = command(title, body)
    if argv is None:
        return False
    try:
        done = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0
