"""`ketalog demo`: a realistic made-up journal, shown briefly, never the user's own."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from helpers import run, run_process
from ketalog import demo


def test_demo_runs_in_a_temporary_folder_and_leaves_the_pdf(isolated: Path) -> None:
    r = run_process("demo")
    assert r.code == 0, r.err
    assert not isolated.exists()  # the user's journal is never created or touched
    pdf = Path(re.search(r"PDF summary: (\S+)", r.out).group(1))  # type: ignore[union-attr]
    assert pdf.exists() and pdf.parent.name.startswith("ketalog-demo-")
    assert (pdf.parent / "journal.db").exists()
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Alex Example (demo)" in text and "PHQ-9" in text
    lines = r.out.splitlines()
    assert 25 <= len(lines) <= 110  # a screenful or two
    for shown in ("$ ketalog today", "$ ketalog trends", "Fatigue by days since session",
                  "Typical recovery day", "PHQ-9: 18 (moderately severe)"):  # fmt: skip
        assert shown in r.out, shown


def test_demo_journal_is_realistic() -> None:
    from datetime import date

    data = demo.build(date(2026, 11, 25), seed=3)
    past = [s for s in data.sessions if s["day"] <= "2026-11-25"]
    induction = [s["day"] for s in past[:6]]
    assert len(induction) == 6
    assert (date.fromisoformat(induction[-1]) - date.fromisoformat(induction[0])).days == 11
    assert any(s["day"] > "2026-11-25" for s in data.sessions)  # one planned ahead
    days = {c["day"] for c in data.checkins}
    assert 60 <= len(days) < 99  # some missed days
    assert any(c.get("for_provider") for c in data.checkins)
    phq9 = [sum(a) for _, k, a in data.assessments if k == "phq9"]
    assert phq9 == sorted(phq9, reverse=True) and phq9[0] - phq9[-1] >= 5


def test_demo_seed_changes_the_data() -> None:
    assert run("demo", "--seed", "1").code == 0
    from datetime import date

    assert demo.build(date(2026, 11, 25), 1) != demo.build(date(2026, 11, 25), 2)
