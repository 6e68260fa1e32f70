"""The tests keep their temporary files inside pytest's folder for the run."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path


def test_temporary_files_stay_in_the_session_folder(session_tmpdir: Path) -> None:
    assert Path(tempfile.gettempdir()) == session_tmpdir
    child = subprocess.run(
        [sys.executable, "-c", "import tempfile; print(tempfile.gettempdir())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(child.stdout.strip()) == session_tmpdir
