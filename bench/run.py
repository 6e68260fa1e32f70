"""Time ketalog's everyday commands as whole processes on a 10-year journal.

Usage: uv run python bench/run.py [--rounds N] [--only NAME ...]

Each round runs the floor (`python -c "import typer"`) and every command once, in
turn, so machine noise hits all of them alike; medians and ratios to the floor
are printed with each command's budget.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from ketalog import changelog, db, journal

TODAY = date(2026, 11, 25)
YEARS = 10


def build_journal(path: Path, days: int = 3650, sessions: int = 300) -> None:
    """`days` daily check-ins and `sessions` evenly spread sessions, ending TODAY."""
    rng = random.Random(1)
    conn = db.open_db(path, create=True)
    start = TODAY - timedelta(days=days - 1)
    last = 0
    with changelog.writing(conn, "bench"):
        for i in range(days):
            day = start + timedelta(days=i)
            if (i * sessions) % days < sessions:
                last = i
                journal.add_session(
                    conn,
                    {
                        "day": day.isoformat(),
                        "drug": "ketamine",
                        "route": rng.choice(("iv", "intranasal")),
                        "dose_mg_per_kg": 0.5,
                        "duration_min": 40,
                        "dissociation": rng.randint(2, 8),
                    },
                )
            offset = i - last
            fatigue = min(10, max(0, 3 + {0: 4, 1: 3, 2: 2}.get(offset, 0) + rng.randint(-1, 1)))
            journal.save_checkin(
                conn,
                day,
                {
                    "fatigue": fatigue,
                    "sleep_hours": rng.choice((5.5, 6.0, 7.0, 8.0)),
                    "mood": rng.randint(3, 8),
                    "fog": rng.randint(0, 5),
                    "water": rng.randint(2, 9),
                    "note": "bench note" if rng.random() < 0.1 else None,
                    "for_provider": int(rng.random() < 0.02),
                },
            )
    conn.close()


def commands(scratch: Path) -> dict[str, tuple[list[str], float]]:
    """name -> (ketalog arguments, budget as a multiple of the floor)."""
    return {
        "log": (["log", "--fatigue", "4", "--water", "6"], 1.5),
        # the same, with a date only the date library reads: what that library costs
        "log 2 weeks ago": (["log", "--fatigue", "4", "--date", "2 weeks ago"], 7.0),
        # before every shell prompt: must not load Typer at all
        "due": (["due", "--quiet"], 0.6),
        "today": (["today"], 1.8),
        "history": (["history"], 1.8),  # the last 30 days, piped
        "trends": (["trends"], 2.2),
        "tips": (["tips"], 1.8),
        "insights": (["insights"], 3.0),  # numpy and 2,000 shuffles of the latest 60 sessions
        "summary": (["summary"], 4.0),  # now with the insights section
        "summary pdf": (["summary", "--format", "pdf"], 12.0),
    }


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--only", nargs="*", help="command names to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        path = scratch / "journal.db"
        t0 = time.perf_counter()
        build_journal(path)
        print(
            f"built a {YEARS}-year journal (3650 check-ins, 300 sessions) "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        # Time what users run: with cached bytecode, whatever this shell says.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env = {
            **env,
            "KETALOG_DB": str(path),
            "KETALOG_TODAY": TODAY.isoformat(),
            "XDG_CONFIG_HOME": str(scratch / "config"),
            "COLUMNS": "100",
        }
        cmds = commands(scratch)
        if args.only:
            cmds = {k: v for k, v in cmds.items() if k in args.only}
        floor_argv = [sys.executable, "-c", "import typer"]
        times: dict[str, list[float]] = {"floor": [], **{k: [] for k in cmds}}
        # the `ketalog` script that users run, installed beside this Python
        script = str(Path(sys.executable).with_name("ketalog"))
        for argv, _ in cmds.values():  # warm the disk and bytecode caches once
            timed([script, *argv], env)
        for _ in range(args.rounds):
            times["floor"].append(timed(floor_argv, env))
            for name, (argv, _) in cmds.items():
                times[name].append(timed([script, *argv], env))
        floor = statistics.median(times["floor"])
        print(f"{'command':<16}{'median':>10}{'ratio':>8}{'budget':>8}  verdict")
        print(f"{'import typer':<16}{floor * 1000:>8.1f}ms{1:>8.2f}")
        failed = False
        for name, (_, budget) in cmds.items():
            med = statistics.median(times[name])
            ratio = med / floor
            ok = ratio <= budget
            failed |= not ok
            print(
                f"{name:<16}{med * 1000:>8.1f}ms{ratio:>8.2f}{budget:>8.1f}  "
                f"{'ok' if ok else 'OVER'}"
            )
        if not args.only or "history-all" in args.only:
            failed |= not history_all(env)
        if not args.only or "import" in args.only:
            failed |= not timed_import(scratch, env)
        if not args.only or "trends-100k" in args.only:
            failed |= not big_trends(scratch, env)
        sys.exit(1 if failed else 0)


def timed_import(scratch: Path, env: dict[str, str]) -> bool:
    """`ketalog import` of the 10-year journal's export into an empty journal: under 2 s."""
    script = str(Path(sys.executable).with_name("ketalog"))
    dump = scratch / "export.json"
    dump.write_bytes(
        subprocess.run([script, "export"], env=env, capture_output=True, check=True).stdout
    )
    times = []
    for i in range(3):
        fresh = {**env, "KETALOG_DB": str(scratch / f"imported-{i}.db")}
        times.append(timed([script, "import", str(dump)], fresh))
    med = statistics.median(times)
    print(
        f"{'import 3650':<16}{med * 1000:>8.1f}ms{'':>8}{'2 s':>8}  {'ok' if med < 2 else 'OVER'}"
    )
    return med < 2


def history_all(env: dict[str, str]) -> bool:
    """`ketalog history --all` of the 10-year journal piped: 3650 rows within 0.5 s."""
    script = str(Path(sys.executable).with_name("ketalog"))
    times = [timed([script, "history", "--all"], env) for _ in range(5)]
    med = statistics.median(times)
    ok = med <= 0.5
    print(f"{'history --all':<16}{med * 1000:>8.1f}ms{'':>8}{'0.5 s':>8}  {'ok' if ok else 'OVER'}")
    return ok


def big_trends(scratch: Path, env: dict[str, str], checkins: int = 100_000) -> bool:
    """`ketalog trends` on a journal of 100,000 check-ins: budget 1 s, whole process."""
    path = scratch / "big.db"
    build_journal(path, days=checkins, sessions=checkins // 12)
    big_env = {**env, "KETALOG_DB": str(path)}
    script = str(Path(sys.executable).with_name("ketalog"))
    times = [timed([script, "trends"], big_env) for _ in range(5)]
    med = statistics.median(times)
    print(
        f"{'trends 100k':<16}{med * 1000:>8.1f}ms{'':>8}{'1 s':>8}  {'ok' if med <= 1 else 'OVER'}"
    )
    return med <= 1


if __name__ == "__main__":
    main()
