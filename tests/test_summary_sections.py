"""The summary's questionnaires over time and mood by calendar week, in every format."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from helpers import run, run_ok
from test_glance import one_line

PERIOD = ("--since", "2026-11-02")


def _journal() -> None:
    """Four calendar weeks from Monday 2 Nov: quiet days before the first session and from
    day 4 after one; PHQ-9 17 -> 7 and GAD-7 14 -> 5."""
    checkins = {
        "02": ("3", "4"),  # before the first session: quiet
        "03": ("3", "6"),
        "04": ("8", "3"),  # session day
        "05": ("6", "5"),
        "08": ("2", "7"),  # day 4: quiet
        "09": ("2", "8"),  # day 5: quiet
        "12": ("5", None),  # day 1 of the 11 Nov session
        "14": ("4", None),  # day 3: not quiet
        "25": ("3", "6"),  # day 14: quiet
    }
    for day in ("04", "11"):
        assert run("session", "add", "--route", "iv", "--date", f"2026-11-{day}").code == 0
    for day, (fatigue, mood) in checkins.items():
        args = ["log", "--date", f"2026-11-{day}", "--fatigue", fatigue]
        assert run(*args, *(("--mood", mood) if mood else ())).code == 0
    for day, phq9, gad7, difficulty in (
        ("03", "3,3,2,2,2,2,2,1,0", "2,2,2,2,2,2,2", "2"),
        ("24", "1,1,1,1,1,1,1,0,0", "1,1,1,1,0,1,0", "1"),
    ):
        when = f"2026-11-{day}"
        phq9_args = ("--answers", phq9, "--difficulty", difficulty, "--date", when)
        assert run("assess", "phq9", *phq9_args).code == 0
        assert run("assess", "gad7", "--answers", gad7, "--date", when).code == 0


WEEKS = [  # week of, sessions, days logged, mean mood, quiet days, fatigue on quiet days
    ["2 Nov 2026", "1", "5", "5.0", "3", "2.7"],
    ["9 Nov 2026", "1", "3", "8.0", "1", "2.0"],
    ["16 Nov 2026", "0", "0", "", "0", ""],
    ["23 Nov 2026", "0", "1", "6.0", "1", "3.0"],
]
SCORES = [
    ["3 Nov 2026", "PHQ-9", "17/27", "moderately severe", "", "0", "very"],
    ["3 Nov 2026", "GAD-7", "14/21", "moderate", "", "", ""],
    ["24 Nov 2026", "PHQ-9", "7/27", "mild", "-10", "0", "somewhat"],
    ["24 Nov 2026", "GAD-7", "5/21", "mild", "-9", "", ""],
]


def test_markdown_has_the_weekly_table_and_the_change_since_the_first() -> None:
    _journal()
    md = run("summary", "-f", "markdown", *PERIOD).out
    assert "## Mood and fatigue by calendar week" in md
    assert (
        "| Week of | Sessions | Days logged | Mean mood | Quiet days | Fatigue, quiet days |" in md
    )
    for row in WEEKS:
        assert "| " + " | ".join(row) + " |" in md, row
    assert "## Questionnaires over time" in md
    assert "| Date | Scale | Total | Band | vs first | Item 9 | Difficulty |" in md
    for row in SCORES:
        assert "| " + " | ".join(row) + " |" in md, row
    assert "how difficult have these problems made it for you" in md


def test_text_has_both_within_80_columns() -> None:
    _journal()
    out = run("summary", *PERIOD).out
    assert max(len(line) for line in out.splitlines()) <= 80
    lines = [" ".join(line.split()) for line in out.splitlines()]
    for row in WEEKS:
        assert " ".join(c for c in row if c) in lines, row
    for row in SCORES:
        assert " ".join(c for c in row if c) in lines, row


def test_json_carries_the_weeks_and_the_changes() -> None:
    _journal()
    data = json.loads(run("summary", "-f", "json", *PERIOD).out)
    first = {"start": "2026-11-02", "sessions": 1, "days_logged": 5}
    first |= {"mood": 5.0, "quiet_days": 3, "quiet_fatigue": 2.67}
    assert data["weeks"][0] == first
    assert data["weeks"][2]["mood"] is None and data["weeks"][2]["quiet_fatigue"] is None
    assert [a["change_since_first"] for a in data["assessments"]] == [None, None, -10, -9]
    assert [a["difficulty"] for a in data["assessments"]] == [2, None, 1, None]


def test_html_draws_each_scale_over_its_shaded_bands() -> None:
    _journal()
    html = run("summary", "-f", "html", *PERIOD).out
    assert 'aria-label="PHQ-9 total (0-27)"' in html and 'aria-label="GAD-7 total (0-21)"' in html
    phq9 = html[html.index('aria-label="PHQ-9') : html.index('aria-label="GAD-7')]
    for band in ("minimal", "mild", "moderate", "moderately severe", "severe"):
        assert f">{band}</text>" in phq9, band
    assert phq9.count("<circle") == 2 and "<polyline" in phq9
    assert ">17</text>" in phq9 and ">7</text>" in phq9
    assert "<h2>Mood and fatigue by calendar week</h2>" in html
    assert '<td>2 Nov 2026</td><td class="num">1</td><td class="num">5</td>' in html


def test_pdf_reads_back_the_questionnaires_and_the_weeks(tmp_path: Path) -> None:
    _journal()
    out = tmp_path / "visit.pdf"
    assert run("summary", *PERIOD, "-o", str(out)).code == 0
    text = one_line(" ".join(page.extract_text() for page in PdfReader(out).pages))
    needles = [
        "Questionnaires over time",
        "PHQ-9 total (0-27)",
        "GAD-7 total (0-21)",
        "24 Nov 2026 PHQ-9 7/27 mild -10 0 somewhat",
        "24 Nov 2026 GAD-7 5/21 mild -9",
        "3 Nov 2026 PHQ-9 17/27 moderately severe 0 very",
        "Mood and fatigue by calendar week",
        "Mean mood 5.0 8.0 6.0",
        "Quiet days 3 1 0 1",
        "Fatigue, quiet days 2.7 2.0 3.0",
    ]
    for needle in needles:
        assert needle in text, needle


def test_no_questionnaire_and_no_check_in_leave_the_sections_short() -> None:
    run_ok("session", "add", "--route", "iv", "--date", "2026-11-04")
    md = run("summary", "-f", "markdown").out
    assert "No PHQ-9 or GAD-7 taken in this period." in md
    assert "calendar week" not in md  # no check-in in the period: nothing to show by week


def test_html_band_names_fit_inside_their_chart() -> None:
    """'moderately severe' was cut off at the right edge of the PHQ-9 chart."""
    import re

    _journal()
    html = run("summary", "-f", "html", *PERIOD).out
    for drawn in re.findall(r"<svg [^>]*aria-label=\"(?:PHQ-9|GAD-7)[^>]*>.*?</svg>", html):
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', drawn).group(1))  # type: ignore[union-attr]
        for x, size, text in re.findall(
            r'<text x="([\d.]+)" y="[\d.]+" font-size="(\d+)" fill="#444">([a-z ]+)</text>', drawn
        ):
            assert float(x) + 0.6 * int(size) * len(text) <= width, text
