"""`ketalog trends`: exact text at a fixed width, narrow terminals, --json, little data."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

from rich.console import Console

from helpers import run, run_ok
from ketalog import tables, trends, trendtables
from ketalog.model import Checkin, Session

D0 = date(2026, 11, 2)


def build_sessions() -> list[Session]:
    return [
        Session(id=1, uid="a", day=D0, drug="ketamine", route="iv", dose_mg_per_kg=0.5),
        Session(
            id=2,
            uid="b",
            day=D0 + timedelta(days=10),
            drug="esketamine",
            route="intranasal",
            dose_mg=56,
        ),
    ]


def build_checkins() -> list[Checkin]:
    fatigue = {-3: 2, -2: 3, -1: 2, 0: 8, 1: 6, 2: 4, 3: 3, 4: 2, 6: 2, 10: 7, 11: 7, 12: 3}
    return [
        Checkin(
            id=i,
            uid=f"c{i}",
            day=D0 + timedelta(days=d),
            fatigue=f,
            sleep_hours=6.0 if d in (0, 10) else 8.0,
        )
        for i, (d, f) in enumerate(sorted(fatigue.items()))
    ]


def build() -> trends.Trends:
    return trends.compute(build_sessions(), build_checkins(), days=3)


def text(renderable: object, width: int = 80) -> str:
    console = Console(record=True, width=width, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


EXPECTED_80 = """\
Fatigue by days since session
\x20
 Day  n  Mean  Med  Range                   vs start
 ───────────────────────────────────────────────────
   0  2   7.5  7.5    7–8  ███████████████      +5.5
   1  2   6.5  6.5    6–7  █████████████        +4.5
   2  2   3.5  3.5    3–4  ███████              +1.5
   3  1   3.0    3      3  ██████               +1.0
  4+  2   2.0    2      2  ████                 ±0.0
\x20
Day 0 is the session day. vs start: mean difference from each session's own
starting level.
Fatigue 1–3 mild, 4–6 moderate, 7–10 severe.
"""


def lines_of(out: str) -> list[str]:
    return [line.rstrip() for line in out.splitlines()]


def test_curve_table_exact_text() -> None:
    t = build()
    # both sessions start at 2: the eve of the first (Nov 1), the same eve reading and
    # the quiet days Oct 30-Nov 1 and offsets 4, 6 for the second
    assert [r.start_level for r in t.sessions] == [2, 2]
    out = text(tables.noted(trendtables.curve_table(t, 80)))
    assert lines_of(out) == lines_of(EXPECTED_80)


def test_matrix_and_reading_exact_lines() -> None:
    lines = lines_of(text(trendtables.trends_view(build(), width=80)))
    start = lines.index("Fatigue after each session")
    assert lines[start + 2 :] == [
        " Session     Route       Drug        Dose       Gap  Start    0  1  2  3  Rec",
        " ────────────────────────────────────────────────────────────────────────────",
        " 2026-11-02  IV          ketamine    0.5 mg/kg           2    8  6  4  3    3",
        " 2026-11-12  intranasal  esketamine  56 mg       10      2    7  7  3       2",
        "",
        "Gap: days since the previous session.",
        "Start: starting level (fatigue on ordinary days just before the session).",
        "Rec: recovery day, back within 1 of the start and staying. !: prolonged fatigue.",
        "",
        "Your usual level: 2/10 (mild), how tired you are on an ordinary day before a",
        "session.",
        "Typical recovery day: day 3 (recovered 2 of 2 sessions).",
    ]
    assert "Means of sleep; sleep hours are the night before the check-in." in lines
    assert "   0  2   7.5  7.5    7–8  ███████▌      +5.5      6.0" in lines


def test_60_columns_drops_the_least_important_columns_first() -> None:
    out = text(trendtables.trends_view(build(), width=60), width=60)
    for line in out.splitlines():
        assert len(line) <= 60
    assert "…" not in out
    assert " 2026-11-02  0.5 mg/kg           2    8  6  4  3    3" in out
    assert "Route" not in out and "Drug" not in out  # dropped, not squeezed
    assert "   0  2   7.5  7.5    7–8  ███████▌      +5.5" in out  # a shorter bar
    narrow = text(trendtables.trends_view(build(), width=50), width=50)
    assert "Dose" not in narrow and " 2026-11-12   10      2    7  7  3       2" in narrow
    assert "…" not in narrow


def test_matrix_keeps_start_and_recovery_with_14_days_at_80_columns() -> None:
    t = trends.compute(build_sessions(), build_checkins(), days=14)
    out = text(trendtables.matrix_table(t, width=80))
    assert all(len(line) <= 80 for line in out.splitlines()) and "…" not in out
    head = out.splitlines()[2]
    assert "Start" in head and "Rec" in head and "Gap" in head and "Route" not in head


def test_trends_cli_json_and_by_route() -> None:
    run_ok("session", "add", "--route", "iv", "--date", "2026-11-10")
    run_ok(
        "session", "add", "--route", "intranasal", "--drug", "esketamine", "--date", "2026-11-20"
    )
    for d, f in ((8, 2), (9, 2), (10, 8), (11, 5), (12, 3), (20, 6), (21, 3)):
        assert run("log", "--fatigue", str(f), "--date", f"2026-11-{d:02d}").code == 0
    data = json.loads(run("trends", "--json", "--by", "route", "--days", "2").out)
    assert "baseline" not in data and "baseline_days" not in data
    # the second session has no eve of its own (Nov 17-19 not logged): Nov 9's counts
    assert data["usual_level"] == 2.0
    assert data["recovery_counts"] == {"recovered": 2, "not_recovered": 0, "unknown": 0}
    assert [g["key"] for g in data["groups"]] == ["intranasal", "iv"]
    iv = data["groups"][1]["days"]
    assert iv[0] == {
        "day": 0,
        "n": 1,
        "mean": 8.0,
        "median": 8,
        "min": 8,
        "max": 8,
        "vs_start": 6.0,
    }
    assert iv[-1]["day"] == "later" and iv[-1]["n"] == 0
    assert [s["fatigue_by_day"] for s in data["sessions"]] == [
        {"0": 8, "1": 5, "2": 3},
        {"0": 6, "1": 3},
    ]
    assert [s["start_level"] for s in data["sessions"]] == [2, 2]
    assert [s["recovery_day"] for s in data["sessions"]] == [2, 1]
    assert [s["days_since_previous"] for s in data["sessions"]] == [None, 10]
    assert [s["dose"] for s in data["sessions"]] == [None, None]
    out = run("trends", "--by", "route").out
    assert "IV" in out and "intranasal" in out and "1 session" in out
    assert "1 sessions" not in out


def test_trends_by_interval_and_dose() -> None:
    for when, dose in (("2026-10-01", "84"), ("2026-10-04", "84"), ("2026-10-20", "56")):
        assert (
            run(
                "session",
                "add",
                "--date",
                when,
                "--drug",
                "esketamine",
                "--route",
                "intranasal",
                "--dose",
                dose,
            ).code
            == 0
        )
    for d in range(1, 31):
        run_ok("log", "--fatigue", "3", "--date", f"2026-10-{d:02d}")
    data = json.loads(run("trends", "--json", "--by", "interval").out)
    assert [g["key"] for g in data["groups"]] == ["first", "0-3", "15-28"]
    assert data["by"] == "interval"
    data = json.loads(run("trends", "--json", "--by", "dose").out)
    assert [g["key"] for g in data["groups"]] == ["56 mg", "84 mg"]
    out = run("trends", "--by", "interval").out
    assert "by days since the previous session" in out and "first" in out and "15-28" in out
    assert run("trends", "--by", "weekly").code == 2


def test_trends_with_little_data_says_what_is_missing() -> None:
    assert "Nothing logged yet" in run("trends").out
    run_ok("log", "--fatigue", "3")
    assert "No sessions yet" in run("trends").out
    run_ok("session", "add", "--route", "iv")
    run_ok("log", "--fatigue", "7")
    out = run("trends").out
    assert "No starting level yet" in out and "Fatigue by days since session" in out
    r = run("trends", "--days", "0")
    assert r.code == 2


def test_trends_json_without_a_journal_is_empty() -> None:
    data = json.loads(run("trends", "--json").out)
    assert data["usual_level"] is None and data["sessions"] == []
    assert data["groups"][0]["key"] == "all" and data["typical_recovery_day"] is None
    assert data["recovery_counts"] == {"recovered": 0, "not_recovered": 0, "unknown": 0}


def _prolonged_journal() -> None:
    for d in range(1, 11):
        run_ok("log", "--fatigue", "2", "--date", f"2026-11-{d:02d}")
    run_ok("session", "add", "--route", "iv", "--date", "2026-11-15")
    for d, f in ((14, 2), (15, 8), (16, 8), (17, 7), (18, 7), (19, 7), (20, 6), (21, 6)):
        run_ok("log", "--fatigue", str(f), "--date", f"2026-11-{d:02d}")


def test_today_warns_while_the_latest_check_in_is_a_prolonged_day() -> None:
    _prolonged_journal()
    out = " ".join(run("today").out.split())  # today is Nov 25: not logged yet
    assert (
        "Fatigue is still above 4/10 on days 4 (7/10), 5 (6/10) and 6 (6/10) after your "
        "15 Nov 2026 session — please tell your provider" in out
    )
    assert "Your usual level: 2/10 (mild)" in out
    assert "Seek support" in out
    run_ok("log", "--fatigue", "2", "--date", "2026-11-22")  # back at day 7
    out = run("today").out
    assert "still" not in out and "Seek support" not in out
    trends_out = " ".join(run("trends").out.split())
    assert "After the 15 Nov 2026 session fatigue was above 4/10 on days 4 (7/10), 5 (6/10)" in (
        trends_out
    )


def test_today_says_plainly_when_the_usual_level_is_moderate() -> None:
    for d in range(1, 15):
        run_ok("log", "--fatigue", "5", "--date", f"2026-11-{d:02d}")
    run_ok("session", "add", "--route", "iv", "--date", "2026-11-15")
    out = " ".join(run("today").out.split())
    assert "Your usual level: 5/10 (moderate)" in out
    assert "That everyday level is itself moderate fatigue, not only after sessions" in out
    tips = " ".join(run("tips").out.split())
    assert "your usual level before sessions is 5/10, moderate fatigue even on ordinary days" in (
        tips
    )
    assert "day 10 after your session; your usual level is 5/10 (moderate):" in tips


def test_matrix_shows_the_days_that_fit_and_says_so() -> None:
    t = trends.compute(build_sessions(), build_checkins(), days=30)
    out = text(trendtables.matrix_table(t, width=80))
    lines = out.splitlines()
    assert lines[0].rstrip() == "Fatigue after each session, days 0–16 of 30"
    assert all(len(line) <= 80 for line in lines) and "…" not in out
    assert lines[2].split()[-2:] == ["16", "Rec"] and "Start" in lines[2]
    assert " 2026-11-02      2    8  6  4  3  2     2" in out  # date, start, the days
