"""Unicode in the PDF: a CJK-capable font on the machine carries what the first Unicode
font lacks; without one, each such character is a visible '?', never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import run
from ketalog.report import pdffonts

NOTE = "头晕 漢字 and Привет"
QUESTION = "周五可以吗"


def _fake_cjk_font(path: Path, chars: str) -> Path:
    """A tiny TrueType font with a square glyph for each of `chars`."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef", "space", *(f"uni{ord(c):04X}" for c in chars)]
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 700))
    pen.lineTo((900, 700))
    pen.lineTo((900, 0))
    pen.closePath()
    square = pen.glyph()
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({32: "space", **{ord(c): f"uni{ord(c):04X}" for c in chars}})
    fb.setupGlyf({n: TTGlyphPen(None).glyph() if n == "space" else square for n in names})
    fb.setupHorizontalMetrics({n: (1000, 100) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Fake Wide", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))
    return path


def _journal() -> None:
    run("session", "add", "--route", "iv", "--date", "2026-11-20")
    run("log", "--date", "2026-11-21", "--fatigue", "5", "--note", NOTE, "--for-provider")
    run("ask", QUESTION)


def _text(out: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)


def _fonts(out: Path) -> set[str]:
    names = set()
    for page in PdfReader(out).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_a_cjk_font_carries_what_the_unicode_font_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    font = _fake_cjk_font(tmp_path / "wide.ttf", "头晕漢字周五可以吗")
    monkeypatch.setattr(pdffonts, "CJK_FONTS", (("/nowhere/NotoSansCJK.ttc", 0), (str(font), 0)))
    _journal()
    out = tmp_path / "visit.pdf"
    assert run("summary", "-o", str(out)).code == 0
    text = _text(out)
    assert "头晕 漢字" in text and QUESTION in text and "?" not in text.split("Notes")[-1][:80]
    if any(Path(regular).exists() for regular, _ in pdffonts.UNICODE_FONTS):
        assert "Привет" in text  # from the first Unicode font, the rest from the fallback
        assert len(_fonts(out)) >= 2


def test_the_cjk_font_alone_writes_everything_when_no_other_unicode_font_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    latin = "".join(chr(c) for c in range(33, 127))
    font = _fake_cjk_font(tmp_path / "wide.ttf", latin + "头晕漢字周五可以吗")
    monkeypatch.setattr(pdffonts, "UNICODE_FONTS", ())
    monkeypatch.setattr(pdffonts, "CJK_FONTS", ((str(font), 0),))
    _journal()
    out = tmp_path / "visit.pdf"
    assert run("summary", "-o", str(out)).code == 0
    text = _text(out)
    assert "头晕 漢字 and ??????" in text and QUESTION in text  # no Cyrillic in this font
    assert all("FakeWide" in f for f in _fonts(out))  # the only font in the file


def test_a_cjk_font_without_latin_letters_cannot_write_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like Droid Sans Fallback: with no other Unicode font, the built-in font stays."""
    font = _fake_cjk_font(tmp_path / "wide.ttf", "头晕漢字周五可以吗")
    monkeypatch.setattr(pdffonts, "UNICODE_FONTS", ())
    monkeypatch.setattr(pdffonts, "CJK_FONTS", ((str(font), 0),))
    _journal()
    out = tmp_path / "visit.pdf"
    assert run("summary", "-o", str(out)).code == 0
    text = _text(out)
    assert "?? ?? and ??????" in text and "Questions from the patient" in text
    assert not any("FakeWide" in f for f in _fonts(out))


def test_without_a_cjk_font_each_character_is_a_visible_question_mark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdffonts, "CJK_FONTS", (("/nowhere/DroidSansFallbackFull.ttf", 0),))
    _journal()
    out = tmp_path / "visit.pdf"
    assert run("summary", "-o", str(out)).code == 0
    text = _text(out)
    assert "?? ?? and" in text and "?????" in text  # the note and the question
    assert "漢" not in text


def test_a_broken_cjk_font_file_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.ttc"
    broken.write_bytes(b"not a font at all")
    font = _fake_cjk_font(tmp_path / "wide.ttf", "头晕漢字周五可以吗")
    monkeypatch.setattr(pdffonts, "CJK_FONTS", ((str(broken), 0), (str(font), 0)))
    _journal()
    out = tmp_path / "visit.pdf"
    assert run("summary", "-o", str(out)).code == 0
    assert "漢字" in _text(out)
