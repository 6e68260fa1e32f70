"""The summary's format follows the -o file's extension; names are case-insensitive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import run, run_ok
from ketalog import severity
from ketalog.report.chart import LEGEND


@pytest.fixture(autouse=True)
def journal() -> None:
    run_ok("session", "add", "--route", "iv", "--date", "3 days ago")
    run_ok("log", "--fatigue", "5")


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("visit.pdf", b"%PDF-"),
        ("visit.PDF", b"%PDF-"),
        ("visit.html", b"<!DOCTYPE html>"),
        ("visit.htm", b"<!DOCTYPE html>"),
        ("visit.md", b"# Ketamine therapy"),
        ("visit.json", b"{"),
        ("visit.txt", b"Ketamine therapy"),
        ("visit", b"Ketamine therapy"),
    ],
)
def test_the_format_follows_the_extension(tmp_path: Path, name: str, start: bytes) -> None:
    out = tmp_path / name
    r = run("summary", "-o", str(out))
    assert r.code == 0, r
    assert out.read_bytes().startswith(start)


@pytest.mark.parametrize(
    ("fmt", "name"), [("html", "visit.pdf"), ("pdf", "visit.md"), ("text", "visit.json")]
)
def test_a_format_that_contradicts_the_extension_is_a_usage_error(
    tmp_path: Path, fmt: str, name: str
) -> None:
    out = tmp_path / name
    r = run("summary", "--format", fmt, "-o", str(out))
    assert r.code == 2 and name in r.err and fmt in r.err
    assert len(r.err.strip().splitlines()) == 1 and not out.exists()


@pytest.mark.parametrize("fmt", ["PDF", "Pdf", "HTML", "Markdown", "JSON", "Text"])
def test_format_names_are_case_insensitive(tmp_path: Path, fmt: str) -> None:
    ext = {"pdf": "pdf", "html": "html", "markdown": "md", "json": "json", "text": "txt"}
    out = tmp_path / f"visit.{ext[fmt.lower()]}"
    r = run("summary", "--format", fmt, "-o", str(out))
    assert r.code == 0, r
    assert out.stat().st_size > 0


def test_an_agreeing_format_and_extension_write_that_format(tmp_path: Path) -> None:
    out = tmp_path / "visit.pdf"
    assert run("summary", "-f", "pdf", "-o", str(out)).code == 0
    assert out.read_bytes().startswith(b"%PDF-")


BANDS = re.compile(
    r"(\d+) ?[-–] ?(\d+) mild\W+(\d+) ?[-–] ?(\d+) moderate\W+(\d+) ?[-–] ?(\d+) severe"
)


def test_every_format_gives_the_same_fatigue_bands(tmp_path: Path) -> None:
    """The scale note and the chart legend: docs/clinical.md's 1-3 mild, 4-6 moderate,
    7-10 severe, in every format (once the PDF legend said 0-3 mild)."""
    expected = [(1, 3, 4, 6, 7, 10)]
    found = {}
    for fmt in ("text", "markdown", "html", "pdf"):
        out = tmp_path / f"visit.{fmt}"
        run_ok("summary", "--format", fmt, "-o", str(out))
        if fmt == "pdf":
            text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
        else:
            text = re.sub(r"<[^>]+>", " ", out.read_text()).replace("\\", "")  # html tags, md \-
        found[fmt] = [tuple(map(int, m)) for m in BANDS.findall(" ".join(text.split()))]
        assert not re.search(r"\b0 ?[-–] ?3 mild", text), fmt
    # the note under the curve everywhere, and the chart's legend in html and pdf
    assert found == {
        "text": expected,
        "markdown": expected,
        "html": expected * 2,
        "pdf": expected * 2,
    }
    assert severity.bands_text() == "1-3 mild, 4-6 moderate, 7-10 severe"
    legend = [text for _, text in LEGEND]
    assert legend == ["1-3 mild", "4-6 moderate", "7-10 severe"]
