"""`ketalog demo`: a realistic made-up journal, shown briefly, never the user's own."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from helpers import run, run_process
from ketalog import demo


def test_demo_runs_in_its_own_cache_folder_and_leaves_the_pdf(
    isolated: Path, tmp_path: Path
) -> None:
    r = run_process("demo")
    assert r.code == 0, r.err
    assert not isolated.exists()  # the user's journal is never created or touched
    pdf = Path(re.search(r"PDF summary: (\S+)", r.out).group(1))  # type: ignore[union-attr]
    assert pdf.exists() and pdf.parent == tmp_path / "cache" / "ketalog" / "demo"
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


def test_demo_reuses_one_folder(tmp_path: Path) -> None:
    first = run_process("demo")
    (tmp_path / "cache" / "ketalog" / "demo" / "left-over.txt").write_text("old run")
    second = run_process("demo")
    assert first.code == second.code == 0, second.err
    folder = tmp_path / "cache" / "ketalog"
    assert [p.name for p in folder.iterdir()] == ["demo"]
    assert not (folder / "demo" / "left-over.txt").exists()  # replaced, not added to
    assert sorted(p.name for p in (folder / "demo").glob("*.pdf")) == ["summary.pdf"]


def test_the_lint_tools_are_not_installed_to_run_ketalog_or_the_tests() -> None:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    root = Path(__file__).resolve().parents[1]
    groups = tomllib.loads((root / "pyproject.toml").read_text())["dependency-groups"]
    default = " ".join(groups["dev"])  # what `uv run` installs besides the program
    assert "ruff" not in default and "mypy" not in default
    assert any("ruff" in d for d in groups["lint"]) and any("mypy" in d for d in groups["lint"])
    ci = (root / ".ci" / "run").read_text()
    assert "--group lint ruff check" in ci and "--group lint mypy" in ci
