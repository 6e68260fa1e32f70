"""The README and the program agree: every command and option that `--help` shows is
written in the README, and every command in the README's code blocks runs."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from helpers import run
from ketalog.cli import app

README = Path(__file__).parents[1] / "README.md"
# Asks its questions on a terminal; tests/test_terminal.py answers them there.
INTERACTIVE = {("log",)}


def _shown(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command `--help` lists, with its path: ("session", "add")."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        if not sub.hidden:
            yield from _shown(sub, (*path, name))


COMMANDS = list(_shown(typer.main.get_command(app)))


def _long_options(command: Any) -> list[str]:
    return [
        opt
        for param in command.params
        if not getattr(param, "hidden", False)
        for opt in (*param.opts, *param.secondary_opts)
        if opt.startswith("--")
    ]


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(path) or "ketalog" for path, _ in COMMANDS]
)
def test_every_command_and_option_is_in_the_readme(path: tuple[str, ...], command: Any) -> None:
    readme = README.read_text(encoding="utf-8")
    if path:
        assert " ".join(path) in readme, f"`ketalog {' '.join(path)}` is not in the README"
    missing = [opt for opt in _long_options(command) if opt not in readme]
    assert not missing, f"ketalog {' '.join(path)}: {missing} not in the README"


def readme_commands(text: str) -> list[list[str]]:
    """The ketalog command lines of the README's shell blocks, comments taken off."""
    blocks = re.findall(r"^```sh\n(.*?)^```", text, flags=re.M | re.S)
    out = []
    for block in blocks:
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words[:2] == ["uv", "run"]:
                words = words[2:]
            if words[:1] == ["ketalog"]:
                out.append(words[1:])
    return out


def test_readme_commands_are_found() -> None:
    found = readme_commands(README.read_text(encoding="utf-8"))
    assert ["demo"] in found and ["trends", "--by", "route"] in found
    assert ["log", "6", "--sleep-hours", "5.5", "--water", "4"] in found
    assert readme_commands("```sh\nuv run ketalog today  # where you are\necho\n```\n") == [
        ["today"]
    ]


def test_every_readme_command_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # files the examples write land here
    failed = []
    for args in readme_commands(README.read_text(encoding="utf-8")):
        if tuple(args) in INTERACTIVE:
            continue
        r = run(*args)
        if r.code != 0 or "Traceback" in r.err:
            failed.append(f"ketalog {shlex.join(args)} exited {r.code}: {r.err.strip()}")
    assert not failed, "\n".join(failed)
    assert (tmp_path / "visit.pdf").read_bytes().startswith(b"%PDF")
