"""The recovery chart's geometry, shared by the SVG (HTML) and PDF writers."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ketalog.report.model import Summary
from ketalog.severity import bands, severity
from ketalog.stats import level_text, round1

SEVERITY_COLOURS = {  # docs/clinical.md bands, as RGB
    "none": (120, 170, 120),
    "mild": (120, 170, 120),
    "moderate": (230, 170, 60),
    "severe": (205, 80, 70),
}


LEGEND = tuple(  # what the bar colours mean, in the chart's own corner: the bands
    (SEVERITY_COLOURS[word], f"{low}-{high} {word}")  # of every format's scale note
    for low, high, word in bands()
)
LABEL_GAP = 0.15  # between a bar's top and its value label, in fatigue points


class Bar(NamedTuple):
    label: str  # "0", "1", ..., "8+"
    mean: float | None
    n: int
    colour: tuple[int, int, int]

    def label_at(self, usual: float | None, height: float) -> float:
        """Where the value label's baseline goes, in fatigue points: just above the bar,
        or just above the usual-level line when that line would cross the label
        (`height`: the label's height in fatigue points)."""
        assert self.mean is not None
        base = self.mean + LABEL_GAP
        if usual is not None and self.mean - LABEL_GAP <= usual <= base + height + LABEL_GAP:
            base = usual + 2 * LABEL_GAP
        return base


class Chart(NamedTuple):
    bars: list[Bar]
    usual: float | None  # the usual level, rounded as everywhere (round1)
    title: str = "Mean fatigue (0-10) by days since session"

    @property
    def caption(self) -> str:
        return "days since session (0 = session day); n: check-ins"

    @property
    def usual_label(self) -> str | None:
        return None if self.usual is None else f"usual level {level_text(self.usual)}"


def chart(s: Summary) -> Chart:

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


def svg(c: Chart, width: int = 720, height: int = 300) -> str:
    """An inline SVG bar chart that scales to the page: no scripts, no external references."""
    left, right, top, bottom = 36, 12, 40, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(c.bars))
    font = 13

    def y(v: float) -> float:
        return top + plot_h * (1 - v / 10)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{c.title}">',
        f'<text x="{left}" y="16" font-size="15" font-weight="bold">{c.title}</text>',
    ]
    x = left
    for (red, green, blue), text in LEGEND:  # the legend, under the title
        out.append(
            f'<rect x="{x}" y="24" width="12" height="12" fill="rgb({red},{green},{blue})"/>'
            f'<text x="{x + 16}" y="34" font-size="{font - 1}">{text}</text>'
        )
        x += 16 + 8 * len(text) + 18
    if c.usual_label is not None:
        out.append(
            f'<line x1="{x}" x2="{x + 26}" y1="30" y2="30" stroke="#333" stroke-width="1.5" '
            f'stroke-dasharray="5,4"/><text x="{x + 32}" y="34" font-size="{font - 1}">'
            f"{c.usual_label}</text>"
        )
    for v in (0, 2, 4, 6, 8, 10):
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            'stroke="#ddd" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" font-size="{font - 1}" '
            f'text-anchor="end">{v}</text>'
        )
    label_h = (font + 1) / plot_h * 10  # a label's height in fatigue points
    for i, b in enumerate(c.bars):
        bx = left + i * step + step * 0.15
        w = step * 0.7
        mid = bx + w / 2
        if b.mean is not None:
            r, g, bl = b.colour
            out.append(
                f'<rect x="{bx:.1f}" y="{y(b.mean):.1f}" width="{w:.1f}" '
                f'height="{plot_h * b.mean / 10:.1f}" fill="rgb({r},{g},{bl})"/>'
                f'<text x="{mid:.1f}" y="{y(b.label_at(c.usual, label_h)):.1f}" '
                f'font-size="{font}" font-weight="bold" text-anchor="middle">{b.mean:.1f}</text>'
            )
        out.append(
            f'<text x="{mid:.1f}" y="{height - bottom + 17}" font-size="{font}" '
            f'text-anchor="middle">{b.label}</text>'
            f'<text x="{mid:.1f}" y="{height - bottom + 31}" font-size="{font - 2}" '
            f'fill="#555" text-anchor="middle">n={b.n}</text>'
        )
    if c.usual is not None:
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(c.usual):.1f}" '
            f'y2="{y(c.usual):.1f}" stroke="#333" stroke-width="1.5" stroke-dasharray="5,4"/>'
        )
    out.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 2}" font-size="{font - 1}" '
        f'text-anchor="middle">{c.caption}</text></svg>'
    )
    return "".join(out)


# Severity bands of the questionnaires, shaded pale behind the scores (HTML and PDF).
BAND_SHADES = {
    "minimal": (229, 242, 226),
    "mild": (243, 245, 214),
    "moderate": (252, 236, 204),
    "moderately severe": (250, 220, 198),
    "severe": (244, 200, 196),
}
SCORE_LINE = (40, 70, 140)


class ScorePanel(NamedTuple):
    """One questionnaire's totals over the period, over its shaded severity bands."""

    name: str  # "PHQ-9"
    max_total: int
    bands: list[tuple[int, int, str]]  # (from, to) totals, band; to is the next band's from
    points: list[tuple[float, int]]  # (0..1 across the period, total), oldest first
    start: str  # the period's ends, "28 Aug"
    end: str

    @property
    def title(self) -> str:
        return f"{self.name} total (0-{self.max_total})"


def score_panels(s: Summary) -> list[ScorePanel]:
    """A panel for each questionnaire taken in the period (PHQ-9 first)."""
    from ketalog.assess import INSTRUMENTS

    span = max(1, (s.until - s.since).days)
    out = []
    for key, inst in INSTRUMENTS.items():
        taken = [a for a in s.assessments if a.instrument == key]
        if not taken:
            continue
        lows = [low for low, _ in inst.bands] + [inst.max_total]
        bands = [(lows[i], lows[i + 1], name) for i, (_, name) in enumerate(inst.bands)]
        points = [((a.day - s.since).days / span, a.total) for a in taken]
        out.append(
            ScorePanel(inst.name, inst.max_total, bands, points, _short(s.since), _short(s.until))
        )
    return out


def _short(d: date) -> str:
    return f"{d.day} {d:%b}"


def score_svg(p: ScorePanel, width: int = 360, height: int = 190) -> str:
    """A small line chart of one questionnaire's totals over its shaded bands."""
    left, right, top, bottom = 26, 112, 22, 20
    plot_w, plot_h = width - left - right, height - top - bottom

    def y(v: float) -> float:
        return top + plot_h * (1 - v / p.max_total)

    def x(f: float) -> float:
        return left + plot_w * f

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{p.title}">',
        f'<text x="{left}" y="14" font-size="12" font-weight="bold">{p.title}</text>',
    ]
    for low, high, name in p.bands:
        r, g, b = BAND_SHADES[name]
        out.append(
            f'<rect x="{left}" y="{y(high):.1f}" width="{plot_w}" '
            f'height="{y(low) - y(high):.1f}" fill="rgb({r},{g},{b})"/>'
            f'<text x="{left + plot_w + 4}" y="{(y(low) + y(high)) / 2 + 4:.1f}" '
            f'font-size="10" fill="#444">{name}</text>'
            f'<text x="{left - 4}" y="{y(low) + 4:.1f}" font-size="10" '
            f'text-anchor="end">{low}</text>'
        )
    out.append(
        f'<text x="{left - 4}" y="{y(p.max_total) + 4:.1f}" font-size="10" '
        f'text-anchor="end">{p.max_total}</text>'
    )
    r, g, b = SCORE_LINE
    colour = f"rgb({r},{g},{b})"
    if len(p.points) > 1:
        path = " ".join(f"{x(f):.1f},{y(v):.1f}" for f, v in p.points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
    for f, v in p.points:
        out.append(
            f'<circle cx="{x(f):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}"/>'
            f'<text x="{x(f):.1f}" y="{y(v) - 7:.1f}" font-size="10" font-weight="bold" '
            f'text-anchor="middle">{v}</text>'
        )
    out.append(
        f'<text x="{left}" y="{height - 4}" font-size="10">{p.start}</text>'
        f'<text x="{left + plot_w}" y="{height - 4}" font-size="10" '
        f'text-anchor="end">{p.end}</text></svg>'
    )
    return "".join(out)
