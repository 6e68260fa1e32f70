"""The summary opens with an "at a glance" box, in every format, on page 1 of the PDF."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from helpers import run, run_ok


def one_line(text: str) -> str:
    """Text with the box's borders, Markdown's escapes and the wrapping taken out."""
    return " ".join(text.replace("│", " ").replace("\\", "").split())


def _journal() -> None:
    run_ok(
        "session",
        "add",
        "--drug",
        "esketamine",
        "--route",
        "intranasal",
        "--dose",
        "56",
        "--date",
        "20 days ago",
    )
    run_ok(
        "session",
        "add",
        "--drug",
        "esketamine",
        "--route",
        "intranasal",
        "--dose",
        "84",
        "--date",
        "6 days ago",
    )
    run_ok(
        "session",
        "add",
        "--drug",
        "esketamine",
        "--route",
        "intranasal",
        "--dose",
        "84",
        "--date",
        "in 3 days",
    )
    for ago, fatigue in ((20, 7), (19, 5), (15, 2), (6, 8), (5, 5), (1, 3)):
        run_ok("log", "--date", f"{ago} days ago", "--fatigue", str(fatigue), "--symptom", "nausea")
    run_ok("assess", "phq9", "--answers", "3,3,2,2,2,2,2,1,1", "--date", "20 days ago")
    run_ok("assess", "phq9", "--answers", "1,1,1,1,1,1,1,0,0", "--date", "1 day ago")
    run_ok("ask", "Can I move my session to Friday?")


def test_glance_in_every_format_and_on_pdf_page_1(tmp_path: Path) -> None:
    _journal()
    wanted = [
        "At a glance",
        "2 (esketamine intranasal); last 19 Nov 2026; next planned 28 Nov 2026",
        "18 (moderately severe) on 5 Nov 2026 → 7 (mild) on 24 Nov 2026, change -11 "
        "(meaningful: 5 or more points)",
        "answered 1 of 3 on 5 Nov 2026",
        "nausea (6 of 6 days)",
        "Open questions",
    ]
    text = one_line(run("summary").out)
    md = one_line(run("summary", "--format", "markdown").out)
    html_text = one_line(run("summary", "--format", "html").out)
    for needle in wanted:
        assert needle in text, needle
        assert needle in md, needle
        assert needle in html_text.replace("&gt;", ">"), needle
    assert text.index("At a glance") < text.index("Sessions in the period")
    data = json.loads(run("summary", "--format", "json").out)
    glance = {row["label"]: row["value"] for row in data["at_a_glance"]}
    assert glance["Open questions"].startswith("1")
    assert "GAD-7" in glance and glance["GAD-7"] == "not taken in the period"
    pdf_path = tmp_path / "visit.pdf"
    run_ok("summary", "-o", str(pdf_path))
    first = one_line(PdfReader(pdf_path).pages[0].extract_text())
    for needle in wanted:  # the PDF's built-in font writes an arrow as ->
        assert needle in first or needle.replace("→", "->") in first, needle
    assert "Can I move my session to Friday?" in first


def test_glance_on_an_empty_period_says_so() -> None:
    run_ok("log", "--fatigue", "3")
    text = one_line(run("summary").out)
    assert "Sessions none in the period" in text
    assert "not taken in the period" in text and "no answer above 0" in text
    assert "Side effects none noted" in text
