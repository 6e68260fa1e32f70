"""`ketalog demo`: a realistic made-up journal, shown briefly, never the user's own."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
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
    for shown in (
        "$ ketalog today",
        "$ ketalog trends",
        "Fatigue by days since session",
        "Typical recovery day",
        "PHQ-9: 18 (moderately severe)",
    ):
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
    phq9 = [sum(a) for _, k, a, _ in data.assessments if k == "phq9"]
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


def test_demo_never_shows_the_users_own_name(tmp_path: Path) -> None:
    assert run("config", "set", "name", "Sam Q. Patient").code == 0
    r = run_process("demo")
    assert r.code == 0, r.err
    pdf = Path(re.search(r"PDF summary: (\S+)", r.out).group(1))  # type: ignore[union-attr]
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Sam Q. Patient" not in r.out and "Sam Q. Patient" not in text
    assert demo.NAME in text


def test_demo_has_an_esketamine_course_on_its_schedule() -> None:
    from datetime import date

    today = date(2026, 11, 25)
    data = demo.build(today, seed=7)
    esk = [s for s in data.sessions if s["drug"] == "esketamine"]
    assert {s["route"] for s in esk} == {"intranasal"}
    days = [date.fromisoformat(s["day"]) for s in esk]
    gaps = [(b - a).days for a, b in itertools.pairwise(days)]
    assert gaps[:7] == [3, 4, 3, 4, 3, 4, 3]  # twice weekly in weeks 1-4
    assert gaps[7:11] == [4, 7, 7, 7]  # then weekly in weeks 5-8
    assert all(g in (7, 14) for g in gaps[11:])  # every 1-2 weeks after
    assert [s["dose_mg"] for s in esk[:4]] == [56] * 4 and {s["dose_mg"] for s in esk[4:]} == {84}
    planned = [s for s in data.sessions if date.fromisoformat(s["day"]) > today]
    assert len(planned) == 1 and planned[0] is esk[-1]  # the next one fits the schedule
    assert days[-1] - days[-2] in (timedelta(days=7), timedelta(days=14))

    def dissociation(drug: str, dose: float) -> float:
        found = [
            s["dissociation"]
            for s in data.sessions
            if s["drug"] == drug
            and s.get("dose_mg_per_kg", s["dose_mg"]) == dose
            and "dissociation" in s
        ]
        return sum(found) / len(found)

    assert dissociation("esketamine", 84) > dissociation("esketamine", 56)
    assert dissociation("ketamine", 0.75) > dissociation("ketamine", 0.5)
    noted = {k for c in data.checkins for k in c.get("symptoms", ())}
    assert {"nausea", "headache", "dizziness"} <= noted
    assert len(data.questions) == 2
    phq9 = [sum(a) for _, k, a, _ in data.assessments if k == "phq9"]
    assert len(phq9) >= 5 and phq9 == sorted(phq9, reverse=True)


def test_demo_journal_compares_route_drug_and_dose_and_finds_water(tmp_path: Path) -> None:
    import json

    r = run_process("demo")
    assert r.code == 0, r.err
    db = str(tmp_path / "cache" / "ketalog" / "demo" / "journal.db")
    groups = {}
    for by in ("route", "drug", "dose"):
        data = json.loads(run("--db", db, "trends", "--by", by, "--json").out)
        groups[by] = [g["key"] for g in data["groups"]]
    assert sorted(groups["route"]) == ["intranasal", "iv"]
    assert sorted(groups["drug"]) == ["esketamine", "ketamine"]
    assert {"56 mg", "84 mg"} <= set(groups["dose"])
    assert "glasses a day on days 0–2" in r.out  # the water pattern `insights` finds
    asked = json.loads(run("--db", db, "ask", "--list", "--json").out)
    assert len(asked) == 2
