from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

TODAY = "2026-11-25"


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
