from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

TODAY = "2026-11-25"


@pytest.fixture(scope="session", autouse=True)
def session_tmpdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Temporary files of the tests, and of every ketalog process they start, go in a
    folder under pytest's own temporary folder for this run, never loose in /tmp."""
    folder = tmp_path_factory.mktemp("tmpdir")
    saved_env, saved_dir = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = str(folder)
    yield folder
    tempfile.tempdir = saved_dir
    if saved_env is None:
        del os.environ["TMPDIR"]
    else:
        os.environ["TMPDIR"] = saved_env


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own journal, config and data folders and a fixed today."""
    db = tmp_path / "journal.db"
    monkeypatch.setenv("KETALOG_DB", str(db))
    monkeypatch.setenv("KETALOG_TODAY", TODAY)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in ("NO_COLOR", "FORCE_COLOR", "TERMINAL_WIDTH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    yield db
