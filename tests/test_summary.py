"""The provider summary in every format: same numbers, safe text, files handled with care."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import digest, run, run_ok, run_process

NASTY = "Привет 😀 漢字 <script>alert('x')</script> | *bold* & done"


@pytest.fixture
def journal(isolated: Path) -> Path:
    """A quiet week, two IV sessions with a 2-day crash, a flagged note and a nasty one."""
    for d in range(1, 8):
        assert run("log", "--fatigue", "2", "--date", f"2026-11-{d:02d}", "--mood", "6").code == 0
    run_ok(
        "session",
        "add",
        "--route",
        "iv",
        "--dose-per-kg",
        "0.5",
        "--duration",
        "40",
        "--dissociation",
        "6",
        "--date",
        "2026-11-08",
    )
    run_ok(
        "session",
        "add",
        "--route",
        "intranasal",
        "--drug",
        "esketamine",
        "--dose",
        "56",
        "--date",
        "2026-11-16",
    )
    days = {8: 8, 9: 6, 10: 3, 11: 2, 12: 2, 13: 2, 16: 7, 17: 4, 18: 2, 20: 2}
    for d, f in days.items():
        run_ok("log", "--fatigue", str(f), "--date", f"2026-11-{d:02d}", "--sleep-hours", "6.5")
    run_ok("log", "--date", "2026-11-09", "--note", "Dizzy until the evening", "--for-provider")
    run_ok("log", "--date", "2026-11-17", "--note", NASTY, "--for-provider")
    run_ok("log", "--date", "2026-11-18", "--note", "private thought")  # not for the provider
    run_ok("config", "set", "name", "Sam Q. Patient")
    return isolated


def test_json_carries_the_numbers(journal: Path) -> None:
    data = json.loads(run("summary", "--format", "json").out)
    # 90 days back would start on 28 Aug; the journal's first entry is 1 Nov
    assert (data["since"], data["until"]) == ("2026-11-01", "2026-11-25")
    assert data["name"] == "Sam Q. Patient"
    assert [s["day"] for s in data["sessions"]] == ["2026-11-08", "2026-11-16"]
    assert "baseline" not in data and "baseline" not in data["trends"]
    # Nov 8: eve Nov 7 (2), quiet week (2s) -> 2; Nov 16: eves Nov 7, Nov 13 (2, 2) -> 2
    assert data["usual_level"] == 2.0
    assert [s["start_level"] for s in data["trends"]["sessions"]] == [2, 2]
    # recovery: session 1 day 2 (3 <= 3, then 2), session 2 day 2 (2) -> 2
    assert [s["recovery_day"] for s in data["trends"]["sessions"]] == [2, 2]
    assert data["typical_recovery_day"] == 2
    assert data["recovery_counts"] == {"recovered": 2, "not_recovered": 0, "unknown": 0}
    assert [s["prolonged"] for s in data["trends"]["sessions"]] == [False, False]
    assert [n["note"] for n in data["provider_notes"]] == ["Dizzy until the evening", NASTY]
    assert data["days_logged"] == 17 and data["days_in_period"] == 25
    assert "patient" in data["patient_reported"]


def test_period_never_starts_before_the_first_entry(journal: Path) -> None:
    data = json.loads(run("summary", "-f", "json", "--since", "2026-01-01").out)
    assert data["since"] == "2026-11-01" and data["days_in_period"] == 25
    text = run_process("summary").out
    assert "Check-ins on 17 of 25 days in the period (68%)." in text
    assert "1 Nov 2026 to 25 Nov 2026 (25 days)" in text


def test_period_options(journal: Path) -> None:
    data = json.loads(
        run("summary", "-f", "json", "--since", "2026-11-15", "--until", "2026-11-20").out
    )
    assert [s["day"] for s in data["sessions"]] == ["2026-11-16"]
    # the starting level still uses the journal before the period
    assert data["usual_level"] == 2.0
    assert data["days_in_period"] == 6 and data["days_logged"] == 4
    assert run("summary", "--since", "2026-11-20", "--until", "2026-11-10").code == 2
    assert run("summary", "--until", "tomorrow").code == 2


def test_every_format_shows_each_sessions_start_recovery_and_flag(journal: Path) -> None:
    run_ok("session", "add", "--route", "iv", "--date", "2026-11-21")
    for d, f in ((21, 8), (22, 8), (23, 7), (24, 7), (25, 7)):
        run_ok("log", "--fatigue", str(f), "--date", f"2026-11-{d:02d}")
    md = run("summary", "-f", "markdown").out
    assert "| 8 Nov 2026 | first | 2/10 | day 2 |  |" in md
    # today (Nov 25) is day 4 of the Nov 21 session: still under way, not "not back"
    assert "| 21 Nov 2026 | 5 days | 2/10 | not yet | day 4 |" in md
    assert "Typical recovery day: day 2 (recovered 2 of 3 sessions, 1 with too few" in md
    assert "21 Nov 2026 session: fatigue above 4/10 on day 4 (7/10) — still, at the latest" in md
    html = run("summary", "-f", "html").out
    assert '<td>21 Nov 2026</td><td class="num">5 days</td>' in html or "5 days" in html
    assert "vs start" in html and ">usual level 2</text>" in html
    text = " ".join(run_process("summary").out.split())
    assert "21 Nov 2026 5 days 2/10 not yet day 4" in text
    assert "Typical recovery day: day 2 (recovered 2 of 3 sessions" in text
    data = json.loads(run("summary", "-f", "json").out)
    assert data["prolonged"] == [
        {"session_id": 3, "day": "2026-11-21", "days": [{"day": 4, "fatigue": 7}]}
    ]


def test_markdown(journal: Path) -> None:
    md = run("summary", "-f", "markdown").out
    assert md.startswith("# Ketamine therapy recovery summary")
    assert "| 8 Nov 2026 | ketamine | IV | 0.5 mg/kg | 40 | 6 |" in md
    assert "Typical recovery day: day 2" in md
    assert "\\<script\\>" in md and "<script>" not in md
    assert "\\| \\*bold\\*" in md
    assert "private thought" not in md


def test_html_is_self_contained_and_escaped(journal: Path) -> None:
    html = run("summary", "-f", "html").out
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "@media print" in html
    assert "<script" not in html.replace("&lt;script", "")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "Привет 😀 漢字" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing loaded from anywhere
    assert "Sam Q. Patient" in html and "private thought" not in html


def test_pdf_reads_back(journal: Path, tmp_path: Path) -> None:
    out = tmp_path / "visit.pdf"
    r = run("summary", "-f", "pdf", "-o", str(out))
    assert r.code == 0 and out.exists()
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    reader = PdfReader(out)
    assert 1 <= len(reader.pages) <= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    needles = (
        "8 Nov 2026",
        "16 Nov 2026",
        "Typical recovery day: day 2",
        "Dizzy until the evening",
        "Sam Q. Patient",
        "Your usual level: 2/10 (mild)",
        "Recovery day",
        "vs start",
    )
    for needle in needles:
        assert needle in text, needle
    assert "private thought" not in text
    assert "alert('x')" in text  # shown as text, not lost


def test_pdf_never_crashes_on_any_unicode(journal: Path, tmp_path: Path) -> None:
    odd = "\u202e\u0000\x07 ☃ 🎉 👩‍👩‍👧 ❤️ 한국어 עברית العربية \U0010ffff"
    run_ok("log", "--date", "2026-11-19", "--fatigue", "2", "--note", odd, "--for-provider")
    out = tmp_path / "u.pdf"
    r = run("summary", "-f", "pdf", "-o", str(out))
    assert r.code == 0, r.err
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    line = next(ln for ln in text.splitlines() if "19 Nov 2026" in ln)  # the note is there
    assert "☃" in line or "?" in line  # each odd character shown, or visibly replaced


def test_text_to_a_pipe_is_plain_80_columns(journal: Path) -> None:
    r = run_process("summary")
    assert r.code == 0, r.err
    assert "\x1b[" not in r.out
    assert max(len(line) for line in r.out.splitlines()) <= 80
    assert "Sessions in the period (2)" in r.out and "Typical recovery day: day 2" in r.out
    assert NASTY in r.out


def test_output_file_is_not_overwritten_without_force(journal: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.md"
    out.write_text("keep me")
    r = run("summary", "-f", "markdown", "-o", str(out))
    assert r.code == 1 and "--force" in r.err and out.read_text() == "keep me"
    assert run("summary", "-f", "markdown", "-o", str(out), "--force").code == 0
    assert out.read_text().startswith("# Ketamine")
    text_out = tmp_path / "s.txt"
    assert run("summary", "-o", str(text_out)).code == 0
    assert "\x1b[" not in text_out.read_text()


def test_pdf_to_a_terminal_is_refused(journal: Path) -> None:
    before = digest(journal)
    leader, follower = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "ketalog", "summary", "--format", "pdf"],
        stdout=follower,
        stderr=subprocess.PIPE,
        stdin=follower,
        env=os.environ,
        timeout=60,
    )
    os.close(follower)
    os.close(leader)
    assert proc.returncode == 2
    assert b"-o FILE" in proc.stderr
    assert digest(journal) == before


def test_pdf_to_a_pipe_is_the_document(journal: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ketalog", "summary", "-f", "pdf"], capture_output=True, timeout=60
    )
    assert proc.returncode == 0 and proc.stdout.startswith(b"%PDF-")
    assert PdfReader(io.BytesIO(proc.stdout)).pages


def test_summary_without_a_journal() -> None:
    r = run("summary")
    assert r.code == 1 and "No journal yet" in r.err


def test_letter_paper(journal: Path, tmp_path: Path) -> None:
    run_ok("config", "set", "paper_size", "letter")
    out = tmp_path / "l.pdf"
    run_ok("summary", "-f", "pdf", "-o", str(out))
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_chart_and_text_round_the_usual_level_alike(isolated: Path) -> None:
    # quiet days 2, 2, 3, 3, 3, 3: lower quartile (2*3 + 3)/4 = 2.25; eve (Nov 6) 3
    for d, f in enumerate((2, 2, 3, 3, 3, 3), start=1):
        run_ok("log", "--fatigue", str(f), "--date", f"2026-11-{d:02d}")
    run_ok("session", "add", "--route", "iv", "--date", "2026-11-07")
    run_ok("log", "--fatigue", "7", "--date", "2026-11-07")
    html = run("summary", "-f", "html").out
    assert "Your usual level: 2.3/10 (mild)" in html
    assert ">usual level 2.3</text>" in html and "2.2" not in html
    data = json.loads(run("summary", "-f", "json").out)
    assert data["usual_level"] == 2.25


def test_a_finished_session_still_high_reads_not_back(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_ok("session", "add", "--route", "iv", "--date", "2026-11-21")
    for d, f in ((21, 8), (22, 8), (23, 7), (24, 7), (25, 7)):
        run_ok("log", "--fatigue", str(f), "--date", f"2026-11-{d:02d}")
    monkeypatch.setenv("KETALOG_TODAY", "2026-12-02")  # a week on, nothing logged since
    md = run("summary", "-f", "markdown").out
    assert "| 21 Nov 2026 | 5 days | 2/10 | not back in 7 days | day 4 |" in md
    assert "(recovered 2 of 3 sessions, 1 not back within 7 days)" in md
