"""`ketalog trends`: exact text at a fixed width, narrow terminals, --json, little data."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

from rich.console import Console

from helpers import run
from ketalog import render, trends
from ketalog.model import Checkin, Session

D0 = date(2026, 11, 2)


def build() -> trends.Trends:
    s = [
        Session(id=1, uid="a", day=D0, drug="ketamine", route="iv", dose_mg_per_kg=0.5),
        Session(id=2, uid="b", day=D0 + timedelta(days=10), drug="esketamine",
                route="intranasal", dose_mg=56),
    ]  # fmt: skip
    fatigue = {-3: 2, -2: 3, -1: 2, 0: 8, 1: 6, 2: 4, 3: 3, 4: 2, 6: 2, 10: 7, 11: 7, 12: 3}
    c = [
        Checkin(id=i, uid=f"c{i}", day=D0 + timedelta(days=d), fatigue=f,
                sleep_hours=6.0 if d in (0, 10) else 8.0)
        for i, (d, f) in enumerate(sorted(fatigue.items()))
    ]  # fmt: skip
    return trends.compute(s, c, days=3)


def text(renderable: object, width: int = 80) -> str:
    console = Console(record=True, width=width, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


EXPECTED_80 = """\
Fatigue by days since session
\x20
 Day  n  Mean  Med  Range                   vs base
 ──────────────────────────────────────────────────
   0  2   7.5  7.5    7–8  ███████████████     +5.3
   1  2   6.5  6.5    6–7  █████████████       +4.3
   2  2   3.5  3.5    3–4  ███████             +1.3
   3  1   3.0    3      3  ██████              +0.8
  4+  2   2.0    2      2  ████                -0.2
\x20
Day 0 is the session day; baseline 2.2 from 5 quiet days.
Fatigue 1–3 mild, 4–6 moderate, 7–10 severe.
"""


def lines_of(out: str) -> list[str]:
    return [line.rstrip() for line in out.splitlines()]


def test_curve_table_exact_text() -> None:
    t = build()
    assert t.baseline == 11 / 5  # quiet: -3, -2, -1 (2, 3, 2) and offsets 4, 6 (2, 2)
    out = text(render.noted(render.curve_table(t, 80)))
    assert lines_of(out) == lines_of(EXPECTED_80)


def test_matrix_and_reading_exact_lines() -> None:
    lines = lines_of(text(render.trends_view(build(), width=80)))
    start = lines.index("Fatigue after each session")
    assert lines[start + 2 :] == [
        " Session     Route       Drug        Dose         0  1  2  3  Rec",
        " ────────────────────────────────────────────────────────────────",
        " 2026-11-02  IV          ketamine    0.5 mg/kg    8  6  4  3    3",
        " 2026-11-12  intranasal  esketamine  56 mg        7  7  3       2",
        "",
        "Rec: first day back near baseline. !: fatigue stayed high on days 4–14.",
        "",
        "Your baseline fatigue is 2.2/10, from 5 quiet days.",
        "Fatigue is usually back near your baseline by day 2.5 after a session.",
    ]
    assert "Means of sleep; on quiet days: sleep 8.0." in lines
    assert "   0  2   7.5  7.5    7–8  ███████▌     +5.3      6.0" in lines


def test_60_columns_still_reads() -> None:
    out = text(render.trends_view(build(), width=60), width=60)
    for line in out.splitlines():
        assert len(line) <= 60
    assert "…" not in out
    assert " 2026-11-02    8  6  4  3    3" in out
    assert "Route" not in out  # dropped, not squeezed
    assert "   0  2   7.5  7.5    7–8  ███████▌     +5.3" in out  # a shorter bar


def test_trends_cli_json_and_by_route() -> None:
    run("session", "add", "--route", "iv", "--date", "2026-11-10")
    run("session", "add", "--route", "intranasal", "--drug", "esketamine", "--date", "2026-11-20")
    for d, f in ((8, 2), (9, 2), (10, 8), (11, 5), (12, 3), (20, 6), (21, 3)):
        assert run("log", "--fatigue", str(f), "--date", f"2026-11-{d:02d}").code == 0
    data = json.loads(run("trends", "--json", "--by", "route", "--days", "2").out)
    assert data["baseline"] == 2.0 and data["baseline_days"] == 2
    assert [g["key"] for g in data["groups"]] == ["intranasal", "iv"]
    iv = data["groups"][1]["days"]
    assert iv[0] == {"day": 0, "n": 1, "mean": 8.0, "median": 8, "min": 8, "max": 8, "delta": 6.0}
    assert iv[-1]["day"] == "later" and iv[-1]["n"] == 0
    assert [s["fatigue_by_day"] for s in data["sessions"]] == [
        {"0": 8, "1": 5, "2": 3},
        {"0": 6, "1": 3},
    ]
    assert [s["recovery_day"] for s in data["sessions"]] == [2, 1]
    out = run("trends", "--by", "route").out
    assert "IV (1 session)" in out and "intranasal (1 session)" in out


def test_trends_with_little_data_says_what_is_missing() -> None:
    assert "Nothing logged yet" in run("trends").out
    run("log", "--fatigue", "3")
    assert "No sessions yet" in run("trends").out
    run("session", "add", "--route", "iv")
    run("log", "--fatigue", "7")
    out = run("trends").out
    assert "No baseline yet" in out and "Fatigue by days since session" in out
    r = run("trends", "--days", "0")
    assert r.code == 2


def test_trends_json_without_a_journal_is_empty() -> None:
    data = json.loads(run("trends", "--json").out)
    assert data["baseline"] is None and data["sessions"] == [] and data["groups"][0]["key"] == "all"


def test_today_warns_while_prolonged_fatigue_runs() -> None:
    for d in range(1, 11):
        run("log", "--fatigue", "2", "--date", f"2026-11-{d:02d}")
    run("session", "add", "--route", "iv", "--date", "2026-11-19")
    for d, f in ((19, 8), (20, 8), (21, 7), (22, 7), (23, 7), (24, 6), (25, 6)):
        run("log", "--fatigue", str(f), "--date", f"2026-11-{d:02d}")
    out = run("today").out
    assert "Fatigue is still high on day 6 (6/10)" in out
    assert "tell your provider" in out
    assert "Seek support" in out
