"""The recovery chart's geometry, shared by the SVG (HTML) and PDF writers."""

from __future__ import annotations

from typing import NamedTuple

from ketalog.report.model import Summary
from ketalog.stats import level_text, round1

SEVERITY_COLOURS = {  # docs/clinical.md bands, as RGB
    "none": (120, 170, 120),
    "mild": (120, 170, 120),
    "moderate": (230, 170, 60),
    "severe": (205, 80, 70),
}


class Bar(NamedTuple):
    label: str  # "0", "1", ..., "8+"
    mean: float | None
    n: int
    colour: tuple[int, int, int]


class Chart(NamedTuple):
    bars: list[Bar]
    usual: float | None  # the usual level, rounded as everywhere (round1)
    title: str = "Mean fatigue (0-10) by days since session"

    @property
    def caption(self) -> str:
        text = "days since session (0 = session day)"
        if self.usual is not None:
            text += f"; dashed line: usual level {level_text(self.usual)}"
        return text


def chart(s: Summary) -> Chart:
    from ketalog.assess import severity

    bars = [
        Bar(
            s.day_label(r),
            r.mean,
            r.n,
            SEVERITY_COLOURS[severity(r.mean)] if r.mean is not None else (200, 200, 200),
        )
        for r in s.fatigue_rows
    ]
    usual = s.trends.usual_level
    return Chart(bars, None if usual is None else round1(usual))


def svg(c: Chart, width: int = 560, height: int = 220) -> str:
    """An inline SVG bar chart: no scripts, no external references."""
    left, right, top, bottom = 34, 10, 24, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(c.bars))

    def y(v: float) -> float:
        return top + plot_h * (1 - v / 10)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{c.title}">',
        f'<text x="{left}" y="14" font-size="12" font-weight="bold">{c.title}</text>',
    ]
    for v in (0, 2, 4, 6, 8, 10):
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            'stroke="#ddd" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="10" text-anchor="end">{v}</text>'
        )
    for i, b in enumerate(c.bars):
        x = left + i * step + step * 0.15
        w = step * 0.7
        if b.mean is not None:
            r, g, bl = b.colour
            out.append(
                f'<rect x="{x:.1f}" y="{y(b.mean):.1f}" width="{w:.1f}" '
                f'height="{plot_h * b.mean / 10:.1f}" fill="rgb({r},{g},{bl})"/>'
                f'<text x="{x + w / 2:.1f}" y="{y(b.mean) - 3:.1f}" font-size="9" '
                f'text-anchor="middle">{b.mean:.1f}</text>'
            )
        out.append(
            f'<text x="{x + w / 2:.1f}" y="{height - bottom + 14}" font-size="10" '
            f'text-anchor="middle">{b.label}</text>'
        )
    if c.usual is not None:
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(c.usual):.1f}" '
            f'y2="{y(c.usual):.1f}" stroke="#333" stroke-width="1.5" stroke-dasharray="5,4"/>'
        )
    out.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 2}" font-size="10" '
        f'text-anchor="middle">{c.caption}</text></svg>'
    )
    return "".join(out)
