"""Ways to run ketalog in tests: in-process (fast) and as a real process."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ketalog.cli import app


@dataclass
class Result:
    code: int
    out: str
    err: str


def run(*args: str) -> Result:
    """Run ketalog in-process, stdout and stderr apart."""
    result = CliRunner().invoke(app, list(args), prog_name="ketalog")
    return Result(result.exit_code, result.stdout, result.stderr)


def run_ok(*args: str) -> Result:
    """Run ketalog in-process for a step a test builds on: it must succeed, and if it
    does not, the failure shows what ketalog said."""
    result = run(*args)
    assert result.code == 0, (
        f"ketalog {' '.join(args)} exited {result.code}\n"
        f"stdout:\n{result.out}\nstderr:\n{result.err}"
    )
    return result


def run_process(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """Run ketalog as a real process, as a user would."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "ketalog", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=input,
        timeout=60,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def opened_for_writing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path `os.open` is asked to write from now on (the list fills as it goes)."""
    written: list[str] = []
    real_open = os.open

    def watching(path: str, flags: int, *args: int, **kw: int) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR):
            written.append(str(path))
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", watching)
    return written
