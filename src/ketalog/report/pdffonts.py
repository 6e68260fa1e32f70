"""Fonts for the PDF summary: the user's own text kept where a font on this machine can
show it (a Unicode font, then a CJK-capable fallback), and visibly replaced by "?"
where none can.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ketalog.visible import visible

if TYPE_CHECKING:
    from fpdf import FPDF

# Unicode fonts looked for on this machine, used only when the text needs them.
UNICODE_FONTS = (  # DejaVu Sans Condensed first: as wide as Helvetica, so tables keep their fit
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", "Arial Unicode.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "arialbd.ttf"),
)  # (regular, bold beside it)
# CJK-capable fonts (path, face in a collection), the fallback for what the font above
# lacks: Noto Sans CJK and Droid Sans Fallback (Linux), PingFang and Hiragino (macOS),
# Microsoft YaHei (Windows).
CJK_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallback.ttf", 0),
    ("/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/Hiragino Sans GB.ttc", 0),
    ("/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
)
ASCII = set(range(32, 127))
REPLACEMENT = "?"
# Typographic characters the built-in PDF fonts lack, and their plain stand-ins.
PLAIN = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "•": "-",
        "…": "...",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "→": "->",
        "★": "*",
    }
)


class Text:
    """Makes every string printable in the chosen fonts: kept, or replaced by '?'.

    `needed` is the user's own text (name, notes, questions): a Unicode font is looked
    for only when it has characters beyond Latin-1, and a CJK one, as the fallback for
    glyphs the first lacks, only when the first cannot show some of them."""

    def __init__(self, pdf: FPDF, needed: str) -> None:
        self.family = "helvetica"
        self.cmap: set[int] | None = None
        if not any(ord(c) > 255 for c in needed.translate(PLAIN)):
            return
        for regular, bold_name in UNICODE_FONTS:
            if Path(regular).exists():
                bold = Path(regular).with_name(bold_name)
                pdf.add_font("body", "", regular)
                pdf.add_font("body", "B", bold if bold.exists() else regular)
                self.family = "body"
                self.cmap = set(getattr(pdf.fonts["body"], "cmap", {}))
                break
        missing = {ord(c) for c in visible(needed) if c.isprintable()} - (self.cmap or set())
        if missing:
            self._fallback(pdf, missing)

    def _fallback(self, pdf: FPDF, missing: set[int]) -> None:
        """Add the first CJK-capable font on this machine that has any of `missing`."""
        for path, number in CJK_FONTS:
            if not Path(path).is_file():
                continue
            try:
                pdf.add_font("wide", "", path, collection_font_number=number)
            except Exception:  # an unreadable or unsupported font file: try the next
                pdf.fonts.pop("wide", None)
                continue
            cmap = set(getattr(pdf.fonts["wide"], "cmap", {}))
            if not cmap & missing:
                continue
            if self.cmap is None:  # no other Unicode font: this one writes everything, if it can
                if not ASCII.issubset(cmap):
                    return  # (Droid Sans Fallback has no Latin letters)
                self.family, self.cmap = "wide", cmap
            else:
                pdf.set_fallback_fonts(["wide"], exact_match=False)
                self.cmap |= cmap
            pdf.add_font("wide", "B", path, collection_font_number=number)
            return

    def __call__(self, text: str) -> str:
        text = visible(text)
        if self.cmap is not None:
            return "".join(c if ord(c) in self.cmap or c in "\n" else REPLACEMENT for c in text)
        text = text.translate(PLAIN)
        return "".join(c if ord(c) < 256 and c.isprintable() else REPLACEMENT for c in text)
