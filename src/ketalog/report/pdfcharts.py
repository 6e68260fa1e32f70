"""The PDF summary's charts drawn with fpdf2: recovery bars by day since session and
each questionnaire's totals over its shaded bands (geometry from `report/chart.py`).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from ketalog.report.chart import BAND_SHADES, LEGEND, SCORE_LINE, Chart, ScorePanel

if TYPE_CHECKING:
    from fpdf import FPDF

INK = (25, 25, 25)
MUTED = (90, 90, 90)


def draw_chart(
    pdf: FPDF, c: Chart, txt: Any, *, x: float, y: float, width: float, height: float
) -> None:
    """Bars of mean fatigue by day since session, each with its n, the usual level dashed
    across (never through a value label) and a legend for the colours."""
    left, bottom, top = 6.0, 10.5, 12.0
    px, pw = x + left, width - left
    py, ph = y + top, height - top - bottom
    pdf.set_font(txt.family, "B", 8)
    pdf.set_text_color(*INK)
    pdf.text(x, y + 3, txt(c.title))
    pdf.set_font(txt.family, "", 6.5)
    lx = x  # the legend, under the title
    for colour, text in LEGEND:
        pdf.set_fill_color(*colour)
        pdf.rect(lx, y + 5, 2.6, 2.6, style="F")
        pdf.text(lx + 3.4, y + 7.3, text)
        lx += 3.4 + pdf.get_string_width(text) + 3
    if c.usual_label is not None:
        _dashed(pdf, lx, y + 6.3, lx + 5)
        pdf.text(lx + 6.2, y + 7.3, c.usual_label)
    pdf.set_draw_color(220, 220, 220)
    pdf.set_line_width(0.2)
    for v in (0, 2, 4, 6, 8, 10):
        gy = py + ph * (1 - v / 10)
        pdf.line(px, gy, px + pw, gy)
        pdf.text(x + (0 if v == 10 else 1.3), gy + 1, str(v))
    step = pw / max(1, len(c.bars))
    label_h = 2.2 / ph * 10  # a 6.5 pt label's height in fatigue points
    for i, b in enumerate(c.bars):
        bx = px + i * step + step * 0.15
        bw = step * 0.7
        mid = bx + bw / 2
        if b.mean is not None:
            pdf.set_fill_color(*b.colour)
            bh = ph * b.mean / 10
            pdf.rect(bx, py + ph - bh, bw, bh, style="F")
            pdf.set_font(txt.family, "B", 6.5)
            label = f"{b.mean:.1f}"
            base = py + ph * (1 - b.label_at(c.usual, label_h) / 10)
            pdf.text(mid - pdf.get_string_width(label) / 2, base, label)
        pdf.set_font(txt.family, "", 6.5)
        pdf.text(mid - pdf.get_string_width(b.label) / 2, py + ph + 3, b.label)
        pdf.set_font(txt.family, "", 6)
        pdf.set_text_color(*MUTED)
        n = f"n={b.n}"
        pdf.text(mid - pdf.get_string_width(n) / 2, py + ph + 5.6, n)
        pdf.set_text_color(*INK)
    pdf.set_font(txt.family, "", 6.5)
    caption = txt(c.caption)
    pdf.text(px + pw / 2 - pdf.get_string_width(caption) / 2, py + ph + 9, caption)
    if c.usual is not None:
        _dashed(pdf, px, py + ph * (1 - c.usual / 10), px + pw)
    pdf.set_fill_color(255, 255, 255)


def _dashed(pdf: FPDF, x1: float, y: float, x2: float) -> None:
    pdf.set_draw_color(40, 40, 40)
    pdf.set_line_width(0.4)
    pdf.set_dash_pattern(dash=1.6, gap=1.2)
    pdf.line(x1, y, x2, y)
    pdf.set_dash_pattern()
    pdf.set_line_width(0.2)


def draw_scores(
    pdf: FPDF, p: ScorePanel, txt: Any, *, x: float, y: float, width: float, height: float
) -> None:
    """One questionnaire's totals as a line over its shaded severity bands."""
    left, right, top, bottom = 6.0, 24.0, 5.0, 4.5
    px, pw = x + left, width - left - right
    py, ph = y + top, height - top - bottom

    def gy(v: float) -> float:
        return py + ph * (1 - v / p.max_total)

    pdf.set_font(txt.family, "B", 8)
    pdf.set_text_color(*INK)
    pdf.text(x, y + 3, txt(p.title))
    pdf.set_font(txt.family, "", 6.5)
    for low, high, name in p.bands:
        pdf.set_fill_color(*BAND_SHADES[name])
        pdf.rect(px, gy(high), pw, gy(low) - gy(high), style="F")
        pdf.set_text_color(*MUTED)
        pdf.text(px + pw + 1, (gy(low) + gy(high)) / 2 + 1, name)
        pdf.set_text_color(*INK)
        pdf.text(px - 1 - pdf.get_string_width(str(low)), gy(low) + 1, str(low))
    top_label = str(p.max_total)
    pdf.text(px - 1 - pdf.get_string_width(top_label), gy(p.max_total) + 2, top_label)
    pdf.set_draw_color(*SCORE_LINE)
    pdf.set_fill_color(*SCORE_LINE)
    pdf.set_line_width(0.5)
    points = [(px + pw * f, gy(v), v) for f, v in p.points]
    for (x1, y1, _), (x2, y2, _) in itertools.pairwise(points):
        pdf.line(x1, y1, x2, y2)
    pdf.set_font(txt.family, "B", 6.5)
    for cx, cy, v in points:
        pdf.ellipse(cx - 0.9, cy - 0.9, 1.8, 1.8, style="F")
        pdf.text(cx - pdf.get_string_width(str(v)) / 2, cy - 1.6, str(v))
    pdf.set_font(txt.family, "", 6.5)
    pdf.text(px, py + ph + 3.5, p.start)
    pdf.text(px + pw - pdf.get_string_width(p.end), py + ph + 3.5, p.end)
    pdf.set_line_width(0.2)
    pdf.set_fill_color(255, 255, 255)
