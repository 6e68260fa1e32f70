"""Eight ketalog processes at once for a while: log, session add, undo, import, backup
and restore. Afterwards every write that said it was saved is in the journal or in a
journal a restore kept, `check` says ok, and every file is sound.

Each write carries a unique tag in its note. A write counts as kept when its tag is
in a kept journal: as a row, or in the change log (a write undone later is still
recorded there). A write lost by a restore would be in neither.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from helpers import run

ACTIVE_SECONDS = 16  # workers start no new command after this
HARD_STOP_SECONDS = 27  # anything still running then is killed (its write was never acknowledged)
KINDS = ("log", "log", "log", "session", "import", "undo", "backup", "restore")

WORKER = r"""
import json, os, subprocess, sys, time
from datetime import date, timedelta

kind, index, deadline, folder = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]


def ketalog(*args):
    return subprocess.run(
        [sys.executable, "-m", "ketalog", *args], capture_output=True, text=True, timeout=60
    )


def day(n):
    return (date(1950, 1, 1) + timedelta(days=index * 3000 + n)).isoformat()


def report(tags, r):
    if r.returncode == 0:
        for tag in tags:
            print("ACK", kind, tag, flush=True)
    else:
        line = (r.stderr.strip().splitlines() or ["(no message)"])[-1]
        print("FAIL", kind, r.returncode, line, flush=True)


n = 0
while time.time() < deadline:
    n += 1
    tag = f"[{kind}{index}-{n}]"
    if kind == "log":
        r = ketalog("log", "--fatigue", str(n % 11), "--date", day(n), "--note", tag)
        report([tag], r)
    elif kind == "session":
        r = ketalog("session", "add", "--route", "iv", "--date", day(n), "--note", tag)
        report([tag], r)
    elif kind == "import":
        stamp = "2026-11-25T09:00:00+00:00"
        tags = [tag + "a", tag + "b"]
        rows = [
            {"uid": os.urandom(16).hex(), "day": day(2 * n + k), "fatigue": 4, "note": t,
             "for_provider": False, "created_at": stamp, "updated_at": stamp}
            for k, t in enumerate(tags)
        ]
        path = os.path.join(folder, f"import-{n}.json")
        with open(path, "w") as fh:
            json.dump({"format": "ketalog-export", "format_version": 1, "checkins": rows}, fh)
        r = ketalog("import", path)
        report(tags if "2 added" in r.stdout else [], r)
    elif kind == "undo":
        report(["undo"], ketalog("undo"))
        time.sleep(0.3)
    elif kind == "backup":
        report(["backup"], ketalog("backup", os.path.join(folder, "copies")))
    else:
        report(["restore"], ketalog("restore", os.path.join(folder, "base.db"), "--yes"))
        time.sleep(0.3)
"""


def _text_of(path: Path) -> str:
    """Every note of a journal and its whole change log, as one string."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", path
        parts = [
            str(r[0])
            for sql in (
                "SELECT note FROM checkin",
                "SELECT note FROM session",
                "SELECT coalesce(old, '') || coalesce(new, '') FROM change",
            )
            for r in conn.execute(sql)
        ]
    finally:
        conn.close()
    return "\n".join(parts)


def test_eight_processes_lose_no_acknowledged_write(isolated: Path, tmp_path: Path) -> None:
    assert run("session", "add", "--route", "iv", "--date", "2026-11-20").code == 0
    assert run("log", "--fatigue", "6", "--date", "2026-11-21").code == 0
    assert run("backup", str(tmp_path / "base.db")).code == 0
    (tmp_path / "copies").mkdir()
    start = time.monotonic()
    deadline = time.time() + ACTIVE_SECONDS
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, kind, str(i), str(deadline), str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # a process group, so a straggler dies with its children
        )
        for i, kind in enumerate(KINDS)
    ]
    lines: list[str] = []
    for p in procs:
        try:
            out, err = p.communicate(timeout=max(1.0, start + HARD_STOP_SECONDS - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
        assert "Traceback" not in err, err
        lines += out.splitlines()

    acked = [line.split(" ", 2)[1:] for line in lines if line.startswith("ACK ")]
    failed = [line for line in lines if line.startswith("FAIL ")]
    # the only failure allowed is a clear "locked, try again" after the busy timeout
    assert all(" 1 " in f and "locked by another program" in f for f in failed), failed
    done = {kind for kind, _ in acked}
    assert done == set(KINDS), (done, failed)

    journal_folder = isolated.parent
    kept = sorted((journal_folder / "backups").glob("journal-before-restore-*.db"))
    assert kept, "no restore kept a journal"
    seen = "\n".join(_text_of(p) for p in [isolated, *kept] if p.stat().st_size > 0)
    written = [tag for kind, tag in acked if kind in ("log", "session", "import")]
    lost = [tag for tag in written if tag not in seen]
    assert not lost, f"{len(lost)} of {len(written)} acknowledged writes were lost: {lost[:10]}"

    r = run("check")
    assert r.code == 0 and "status: ok" in r.out, r.out
    for copy in (tmp_path / "copies").iterdir():
        if copy.stat().st_size > 0:
            _text_of(copy)  # sound
