"""PHQ-9 and GAD-7: scoring, bands, the item-9 safety rule, storage and the summary."""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import digest, run, run_ok, run_process
from ketalog import assess
from ketalog.prompts import ask_questionnaire


def answers_for(total: int, items: int) -> tuple[int, ...]:
    out = []
    for _ in range(items):
        step = min(3, total)
        out.append(step)
        total -= step
    assert total == 0
    return tuple(out)


PHQ9_BANDS = [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
              (14, "moderate"), (15, "moderately severe"), (19, "moderately severe"),
              (20, "severe"), (27, "severe")]  # (score, band) at each band's edges  # fmt: skip
GAD7_BANDS = [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
              (14, "moderate"), (15, "severe"), (21, "severe")]  # (score, band) at each band's edges  # fmt: skip


@pytest.mark.parametrize(("total", "band"), PHQ9_BANDS)
def test_phq9_band_boundaries(total: int, band: str) -> None:
    s = assess.score(assess.PHQ9, answers_for(total, 9))
    assert (s.total, s.band) == (total, band)


@pytest.mark.parametrize(("total", "band"), GAD7_BANDS)
def test_gad7_band_boundaries(total: int, band: str) -> None:
    s = assess.score(assess.GAD7, answers_for(total, 7))
    assert (s.total, s.band) == (total, band)
    assert s.item9 is None


def test_item9_is_the_ninth_answer() -> None:
    assert assess.score(assess.PHQ9, (0,) * 8 + (2,)).item9 == 2
    assert assess.score(assess.PHQ9, (3,) * 8 + (0,)).item9 == 0


def test_cli_scores_stores_and_shows_change() -> None:
    r = run("assess", "phq9", "--answers", "2,2,2,2,2,2,2,2,0", "--date", "2026-11-01")
    assert r.code == 0 and "total 16 of 27 — moderately severe" in r.out
    assert "Spitzer" in r.out  # the credit line
    r = run("assess", "phq9", "--answers", "1,1,1,1,1,1,1,1,0", "--difficulty", "2")
    said = " ".join(r.out.split())
    assert (
        "Down 8 from last time (16 → 8). A change of 5 or more points is considered meaningful."
        in said
    )
    assert "Difficulty: Very difficult." in said
    r = run("assess", "gad7", "--answers", "1,1,1,1,1,1,1")
    assert "GAD-7 on 25 Nov 2026: total 7 of 21 — mild." in r.out
    data = json.loads(run("assess", "list", "--json").out)
    assert [(a["instrument"], a["total"], a["band"], a["item9"]) for a in data] == [
        ("phq9", 16, "moderately severe", 0),
        ("phq9", 8, "mild", 0),
        ("gad7", 7, "mild", None),
    ]
    assert set(data[0]) >= {"id", "uid", "day", "instrument", "answers", "total", "band", "item9"}
    assert "moderately severe" in run("assess", "list").out


@pytest.mark.parametrize(
    "args",
    [
        ("phq9", "--answers", "1,2,3"),
        ("phq9", "--answers", "0,0,0,0,0,0,0,0,0,0"),
        ("phq9", "--answers", "0,0,0,0,0,0,0,0,4"),
        ("phq9", "--answers", "0,0,0,0,0,0,0,0,-1"),
        ("gad7", "--answers", "a,b,c,d,e,f,g"),
        ("gad7", "--answers", "1,1,1,1,1,1"),
        ("phq9", "--answers", "0,0,0,0,0,0,0,0,0", "--difficulty", "4"),
        ("phq9", "--answers", "0,0,0,0,0,0,0,0,0", "--date", "tomorrow"),
        ("phq9",),  # no answers and no terminal
    ],
)
def test_wrong_answers_exit_2_and_store_nothing(isolated: Path, args: tuple[str, ...]) -> None:
    run_ok("log", "--fatigue", "3")
    before = digest(isolated)
    r = run_process("assess", *args)
    assert r.code == 2, r
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1
    assert digest(isolated) == before


def test_item9_shows_crisis_resources_first(isolated: Path) -> None:
    run_ok("config", "set", "crisis_line", "Samaritans 116 123")
    r = run("assess", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    lines = r.out.splitlines()
    assert lines[0].startswith("You said you have had thoughts")
    joined = " ".join(r.out.split())
    assert "call or text 988" in joined and "findahelpline.com" in joined
    assert "nobody will reach out" in joined and "today" in joined
    assert joined.index("Samaritans 116 123") < joined.index("988")
    assert joined.index("988") < joined.index("PHQ-9 on")
    assert "low risk" not in r.out.lower()


def test_no_crisis_block_when_item9_is_0() -> None:
    r = run("assess", "phq9", "--answers", "3,3,3,3,3,3,3,3,0")
    assert "988" not in r.out and "risk" not in r.out.lower()


def test_interactive_questionnaire_shows_resources_right_after_item_9() -> None:
    events: list[str] = []
    answers = iter(["0", "x", "1", "0", "0", "0", "0", "0", "0", "2", "1"])

    def ask(question: str, default: str) -> str:
        events.append(f"ask {question[:2]}")
        return next(answers)

    values, difficulty = ask_questionnaire(
        assess.PHQ9,
        ask,
        lambda line: events.append("say"),
        on_safety=lambda: events.append("SAFETY"),
    )
    assert values == (0, 1, 0, 0, 0, 0, 0, 0, 2) and difficulty == 1
    assert events.index("SAFETY") == events.index("ask 9.") + 1
    assert events.index("SAFETY") < events.index("ask Di")


def test_summary_shows_item9_answers_plainly(isolated: Path, tmp_path: Path) -> None:
    run_ok("log", "--fatigue", "3")
    run_ok("assess", "phq9", "--answers", "1,1,1,1,1,1,1,1,2", "--date", "2026-11-03")
    run_ok("assess", "gad7", "--answers", "2,2,2,2,2,2,2", "--date", "2026-11-03")
    needle = 'answered 2 of 3, "More than half the days", on 3 Nov 2026'
    assert needle in " ".join(run_process("summary").out.split())
    assert needle in run("summary", "-f", "markdown").out
    assert needle.replace('"', "&quot;") in run("summary", "-f", "html").out
    data = json.loads(run("summary", "-f", "json").out)
    assert data["safety_item_answers"] == [{"day": "2026-11-03", "item9": 2}]
    assert [a["total"] for a in data["assessments"]] == [10, 14]
    out = tmp_path / "s.pdf"
    run_ok("summary", "-f", "pdf", "-o", str(out))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Safety question answered above 0" in text and "on 3 Nov 2026" in text
    assert "10/27" in text and "14/21" in text and "moderate" in text
    for fmt in ("markdown", "html", "json"):
        assert "low risk" not in run("summary", "-f", fmt).out.lower()


def test_assessments_undo_export_and_import(isolated: Path, tmp_path: Path) -> None:
    run_ok("assess", "gad7", "--answers", "1,1,1,1,1,1,1")
    run_ok("assess", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", "--difficulty", "1")
    assert "Undid the PHQ-9 questionnaire for Wed 25 Nov 2026, made " in run("undo").out
    assert len(json.loads(run("assess", "list", "--json").out)) == 1
    run_ok("assess", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", "--difficulty", "1")
    dump = tmp_path / "e.json"
    assert run("export", "-o", str(dump)).code == 0
    data = json.loads(dump.read_text())
    assert [a["answers"] for a in data["assessments"]] == [[1] * 7, [0] * 8 + [1]]
    other = tmp_path / "o.db"
    assert run("--db", str(other), "import", str(dump)).code == 0
    mine = json.loads(run("assess", "list", "--json").out)
    theirs = json.loads(run("--db", str(other), "assess", "list", "--json").out)
    assert [dict(a, id=0) for a in mine] == [dict(a, id=0) for a in theirs]
    data["assessments"][0]["answers"] = [1, 1, 1]
    dump.write_text(json.dumps(data))
    r = run("--db", str(other), "import", str(dump))
    assert r.code == 1 and "assessments row 1" in r.err


def test_crisis_block_says_when_its_contacts_were_last_checked() -> None:
    r = run_ok("assess", "phq9", "--answers", "0,0,0,0,0,0,0,0,1")
    said = [line.strip() for line in r.out.splitlines() if "last checked" in line]
    assert len(said) == 1, r.out
    match = re.fullmatch(r"\(Crisis contacts last checked (\w+ \d{4})\.\)", said[0])
    assert match, said
    checked = datetime.strptime(match.group(1), "%B %Y").date()  # a real month and year
    assert checked <= date.fromisoformat(os.environ["KETALOG_TODAY"]), "checked in the future"
    assert r.out.index("988") < r.out.index("last checked")  # the date closes the block


def test_ketalog_never_says_low_risk() -> None:
    source = Path(__file__).parents[1] / "src" / "ketalog"
    for path in source.rglob("*.py"):
        assert "low risk" not in path.read_text(encoding="utf-8").lower(), path
