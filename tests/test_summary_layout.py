"""The summary as it looks on paper and on screen: two pages for 90 days of the demo
journal, no heading alone at a page's foot, a chart that can be read."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import run, run_ok
from ketalog import demo
from ketalog.report.chart import LEGEND, Bar, Chart, svg
from test_glance import one_line

TODAY = date(2026, 11, 25)
HEADINGS = (
    "At a glance",
    "Questions from the patient",
    "Sessions in the period",
    "Mood and fatigue by calendar week",
    "Fatigue after sessions",
    "Prolonged fatigue (days 4-14 after a session):",
    "Side effects by days since session",
    "What seems to go with faster recovery",
    "Questionnaires over time",
    "Notes for the provider",
    "Completeness",
)


def _demo_journal(isolated: Path, seed: int = 7) -> None:
    from ketalog.db import open_db

    conn = open_db(isolated, create=True)
    try:
        demo.fill(conn, demo.build(TODAY, seed))
    finally:
        conn.close()


def _pages(out: Path) -> list[list[str]]:
    return [page.extract_text().splitlines() for page in PdfReader(out).pages]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_90_days_of_the_demo_journal_fit_on_two_pages(
    isolated: Path, tmp_path: Path, paper: str
) -> None:
    _demo_journal(isolated)
    run_ok("config", "set", "paper_size", paper)
    out = tmp_path / "visit.pdf"
    assert run("summary", "-o", str(out)).code == 0
    pages = _pages(out)
    assert len(pages) <= 2
    text = one_line(" ".join(" ".join(p) for p in pages))
    needles = [
        # the at-a-glance figures
        "Sessions 20 (esketamine intranasal, ketamine IV); last 20 Nov 2026; next planned "
        "4 Dec 2026",
        "PHQ-9 18 (moderately severe) on 30 Aug 2026 -> 5 (mild) on 20 Nov 2026, change -13",
        "Open questions 2 (below)",
        # the questions, the symptom counts, the questionnaires and the weeks
        demo.QUESTIONS[0],
        "headache 8 of 18 5 of 19 0 of 26 0 of 22 13 of 85",
        "20 Nov 2026 PHQ-9 5/27 mild -13 0 not at all",
        "Mood and fatigue by calendar week",
        "Mean mood 3.5 3.8 4.1",
        # each session with its recovery, and each bar with its n
        "18 Sep 2026 ketamine IV 52.5 mg · 0.75 mg/kg 40 5/10 7 days 4.5/10 day 6 day 4",
        "n=18",
        "1-3 mild 4-6 moderate 7-10 severe",
    ]
    for needle in needles:
        assert needle in text, needle


@pytest.mark.parametrize("seed", [7, 3])
@pytest.mark.parametrize("days_back", [30, 45, 60, 75, 90])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_no_heading_is_left_alone_at_the_foot_of_a_page(
    isolated: Path, tmp_path: Path, seed: int, days_back: int, paper: str
) -> None:
    """Page breaks fall in many places across these periods; after each break the
    section heading keeps at least a line of its section on the same page."""
    _demo_journal(isolated, seed)
    run_ok("config", "set", "paper_size", paper)
    out = tmp_path / "visit.pdf"
    assert run("summary", "--since", f"{days_back} days ago", "-o", str(out)).code == 0
    pages = _pages(out)
    for number, lines in enumerate(pages[:-1], start=1):
        body = [line for line in lines if "page " not in line]  # the footer
        assert not any(body[-1].startswith(h) for h in HEADINGS), (number, body[-3:])


def test_a_value_label_never_meets_the_usual_level_line() -> None:
    height = 0.6  # a label's height in fatigue points
    for mean10 in range(0, 101):
        for usual10 in range(0, 101):
            mean, usual = mean10 / 10, usual10 / 10
            base = Bar("1", mean, 3, (0, 0, 0)).label_at(usual, height)
            assert base >= mean  # above the bar, never inside it
            assert not base - 0.1 <= usual <= base + height, (mean, usual, base)


def test_the_html_chart_keeps_labels_off_the_line_shows_n_and_a_legend() -> None:
    chart = Chart(
        [Bar("0", 6.2, 12, (1, 2, 3)), Bar("1", 2.1, 9, (1, 2, 3)), Bar("2", None, 0, (1, 2, 3))],
        usual=2.3,
    )
    drawn = svg(chart)
    lines = re.findall(r'<line x1="\d+" x2="\d+" y1="([\d.]+)" y2="[\d.]+" stroke="#333"', drawn)
    line_y = float(lines[-1])
    labels = re.findall(
        r'y="([\d.]+)" font-size="(\d+)" font-weight="bold" '
        r'text-anchor="middle">(\d\.\d)</text>',
        drawn,
    )
    assert [v for _, _, v in labels] == ["6.2", "2.1"]
    for y, size, _ in labels:  # the text spans [baseline - size, baseline]
        assert not float(y) - int(size) <= line_y <= float(y) + 1
    for n in ("n=12", "n=9", "n=0"):
        assert f">{n}</text>" in drawn
    for _, text in LEGEND:
        assert f">{text}</text>" in drawn
    assert ">usual level 2.3</text>" in drawn
    assert 'viewBox="0 0 720 300"' in drawn and 'width="' not in drawn.split(">", 1)[0]


def test_html_tables_keep_dates_and_doses_on_one_line(isolated: Path) -> None:
    _demo_journal(isolated)
    html = run("summary", "-f", "html").out
    css = html[html.index("<style>") : html.index("</style>")]
    assert re.search(r"th, td \{[^}]*white-space: nowrap", css)
    assert "svg.chart { width: 100%" in css  # the chart fills the page's width
    assert "<td>35 mg · 0.5 mg/kg</td>" in html and "<td>31 Aug 2026</td>" in html
