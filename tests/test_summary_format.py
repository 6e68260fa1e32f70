"""The summary's format follows the -o file's extension; names are case-insensitive."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import run, run_ok


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
