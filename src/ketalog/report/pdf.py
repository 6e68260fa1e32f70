"""The summary as a printable PDF (fpdf2): 1-2 pages, the chart drawn, tables that
keep their headings, and any note text shown or visibly replaced.

fpdf2 is imported here only, so no other command pays for it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime, time, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketalog.report import scores, weekly
from ketalog.report.chart import (
    BAND_SHADES,
    LEGEND,
    SCORE_LINE,
    Chart,
    ScorePanel,
    chart,
    score_panels,
)
from ketalog.report.model import (
    FASTER_TITLE,
    LEVELS_NOTE,
    NO_CURVE,
    NO_PROLONGED,
    PATIENT_REPORTED,
    PROLONGED_TITLE,
    QUESTIONS_TITLE,
    SAFETY_TITLE,
    SCALE_NOTE,
    SYMPTOM_HEAD,
    SYMPTOM_NOTE,
    TITLE,
    Summary,
)
from ketalog.visible import visible
from ketalog.wording import nice_date

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
WEEKS_PER_LINE = 14  # calendar weeks in one line of the weekly table
TABLE_FONT = 8.0  # pt
LINE, PAD = 3.2, 0.3  # a table row's line height and its padding above and below, mm
ROW = LINE + 2 * PAD  # height of a one-line table row, mm
HEADING = 8.0  # height of a section heading with its rule, mm
SESSIONS_NOTE = "Min: minutes. Dissoc.: peak dissociation. Gap: days since the previous session."
CURVE_NOTE = (
    "Day: days since the session (0 = the session day). vs start: mean difference from each "
    "session's own starting level. Sleep h, Mood, Fog: means on that day."
)
INK = (25, 25, 25)
MUTED = (90, 90, 90)
RULE = (170, 170, 170)


class _Text:
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


def _user_text(s: Summary) -> str:
    return "\n".join([s.name or "", *(n.text for n in s.notes), *(q.text for q in s.questions)])


def write(s: Summary, paper: str = "a4") -> bytes:
    from fpdf import FPDF

    class Document(FPDF):
        def footer(self) -> None:
            self.set_y(-10)
            self.set_font(txt.family, "", 7.5)
            self.set_text_color(*MUTED)
            self.cell(
                0, 4, txt(f"{TITLE} · {s.period_text} · page {self.page_no()} of {{nb}}"), align="C"
            )

    pdf = Document(format="Letter" if paper == "letter" else "A4", unit="mm")
    txt = _Text(pdf, _user_text(s))
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(True, margin=13)
    pdf.set_title(TITLE)
    pdf.set_creator("ketalog")
    # the summary's own date rather than the clock: the same journal gives the same file
    pdf.set_creation_date(datetime.combine(s.generated, time(), tzinfo=timezone.utc))
    pdf.add_page()
    w = pdf.epw

    def font(size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        pdf.set_font(txt.family, "B" if bold else "", size)
        pdf.set_text_color(*colour)

    def heading(text: str, room: float) -> None:
        """A section heading, moved to the next page with its section's first part
        (`room`, mm) when that would not fit below it: never alone at a page's foot."""
        if pdf.will_page_break(room + HEADING):
            pdf.add_page()
        pdf.ln(2)
        font(11, bold=True)
        pdf.cell(0, 5, txt(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + w, pdf.get_y())
        pdf.ln(1)

    def para(
        text: str, size: float = 9.5, bold: bool = False, colour: tuple[int, int, int] = INK
    ) -> None:
        font(size, bold, colour)
        pdf.multi_cell(0, size * 0.46, txt(text), new_x="LMARGIN", new_y="NEXT")

    def table(
        head: list[str],
        rows: list[list[str]],
        widths: Sequence[float],
        align: list[str],
        place: str = "LEFT",
        hpad: float = 1.2,
        size: float = TABLE_FONT,
    ) -> None:
        font(size)
        with pdf.table(
            col_widths=widths,
            width=sum(widths),
            align=place,
            text_align=tuple(align),
            borders_layout="HORIZONTAL_LINES",
            line_height=LINE,
            padding=(PAD, hpad),
            first_row_as_headings=True,
        ) as t:
            for row in [head, *rows]:
                r = t.row()
                for cell in row:
                    r.cell(txt(cell))
        pdf.ln(1)

    # 1. header
    font(17, bold=True)
    pdf.cell(0, 9, txt(TITLE), new_x="LMARGIN", new_y="NEXT")
    font(10)
    if s.name:
        pdf.cell(0, 5.5, txt(f"Patient: {s.name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5.5, txt(f"Period: {s.period_text}"), new_x="LMARGIN", new_y="NEXT")
    font(9, colour=MUTED)
    made = f"Generated {nice_date(s.generated)} by ketalog from the patient's own daily log. "
    # how complete the log is, up front: it says how far the rest can be trusted
    pdf.multi_cell(0, 4, txt(made + s.completeness_text), new_x="LMARGIN", new_y="NEXT")
    font(8, colour=MUTED)
    pdf.multi_cell(0, 3.6, txt(PATIENT_REPORTED), new_x="LMARGIN", new_y="NEXT")

    from ketalog.report import glance

    pdf.ln(2)  # the box a clinician reads first
    top = pdf.get_y()
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.4)
    pdf.set_x(pdf.l_margin + 2)
    font(10.5, bold=True)
    pdf.cell(0, 6, txt(glance.TITLE), new_x="LMARGIN", new_y="NEXT")
    for label, value in glance.lines(s):
        pdf.set_x(pdf.l_margin + 2)
        font(8.8, bold=True)
        pdf.cell(31, 4.3, txt(label))
        font(8.8)
        pdf.multi_cell(w - 35, 4.3, txt(value), new_x="LMARGIN", new_y="NEXT")
    pdf.rect(pdf.l_margin, top, w, pdf.get_y() - top + 1.5)
    pdf.set_line_width(0.2)
    pdf.ln(2.5)

    if s.safety_lines():  # shown plainly, before anything else
        pdf.ln(2)
        pdf.set_draw_color(160, 30, 30)
        pdf.set_line_width(0.6)
        top = pdf.get_y()
        pdf.set_x(pdf.l_margin + 2)
        font(10.5, bold=True, colour=(160, 30, 30))
        pdf.cell(0, 6, txt(SAFETY_TITLE), new_x="LMARGIN", new_y="NEXT")
        for line in s.safety_lines():
            pdf.set_x(pdf.l_margin + 2)
            font(9.5, colour=(120, 20, 20))
            pdf.multi_cell(w - 4, 4.6, txt(line), new_x="LMARGIN", new_y="NEXT")
        pdf.rect(pdf.l_margin, top, w, pdf.get_y() - top + 1.5)
        pdf.set_line_width(0.2)
        pdf.ln(2)

    if s.questions:  # near the top, with room to write the answer beside each
        heading(QUESTIONS_TITLE, room=12 * min(len(s.questions), 3) + 10)
        text_w = w * 0.64
        for q in s.questions:
            if pdf.will_page_break(9):
                pdf.add_page()
            top = pdf.get_y()
            font(9.5, bold=True)
            pdf.cell(25, 4.6, txt(nice_date(q.day)))
            font(9.5)
            pdf.multi_cell(text_w - 25, 4.6, txt(q.text), new_x="LMARGIN", new_y="NEXT")
            bottom = max(pdf.get_y(), top + 7.5)
            pdf.set_draw_color(*RULE)
            pdf.line(pdf.l_margin + text_w + 4, bottom - 1, pdf.l_margin + w, bottom - 1)
            pdf.set_y(bottom + 1.5)

    # 2. sessions, each with its starting level, recovery day and any prolonged fatigue
    heading(f"Sessions in the period ({len(s.sessions)})", room=ROW * min(len(s.sessions) + 1, 6))
    if s.sessions:
        recovery = {
            r.session.id: row[1:]
            for r, row in zip(s.trends.sessions, s.recovery_rows(), strict=True)
        }
        table(
            [
                "Date",
                "Drug",
                "Route",
                "Dose",
                "Min",
                "Dissoc.",
                "Gap",
                "Start",
                "Recovery day",
                "Prolonged",
            ],
            [
                [*row, *recovery.get(x.id, ["", "", "", ""])]
                for x, row in zip(s.sessions, s.session_rows(), strict=True)
            ],
            [19, 19, 16, 31, 9, 14, 15, 12, 24, 21],
            ["LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "LEFT"],
        )
        para(f"{SESSIONS_NOTE} {LEVELS_NOTE}", size=7.5, colour=MUTED)
    else:
        para("No sessions recorded in this period.")

    if s.checkin_days:  # weeks across, so that 13 of them take a few lines
        heading(weekly.TITLE, room=ROW * len(weekly.HEAD))
        weeks = weekly.weeks(s)
        cells = weekly.rows(s)
        for i in range(0, len(weeks), WEEKS_PER_LINE):
            part = weeks[i : i + WEEKS_PER_LINE]
            across = [list(col) for col in zip(*cells[i : i + WEEKS_PER_LINE], strict=True)]
            table(
                [weekly.HEAD[0], *(f"{d.start.day} {d.start:%b}" for d in part)],
                [[label, *row] for label, row in zip(weekly.HEAD[1:], across[1:], strict=True)],
                [31, *([(w - 32) / WEEKS_PER_LINE] * len(part))],
                ["LEFT", *(["RIGHT"] * len(part))],
                hpad=0.6,
                size=7.5,
            )
        para(weekly.NOTE, size=7.5, colour=MUTED)

    # 3-4. fatigue after sessions: the chart beside the curve, with sleep, mood and fog
    if s.has_curve:
        others = s.other_metrics()
        head = ["Day", "n", "Mean", "Median", "Range", "vs start", *(lb for lb, _ in others)]
        rows = [[*c, *o[1:]] for c, o in zip(s.curve_rows(), s.other_rows(), strict=True)]
        widths = [9, 8, 10, 13, 11, 13, *([12] * len(others))]
        height = max(ROW * (len(rows) + 1), 46)
        heading("Fatigue after sessions", room=height + 6)
        para(s.usual_text)
        top = pdf.get_y() + 1
        pdf.set_y(top)
        align = ["LEFT", *(["RIGHT"] * (len(head) - 1))]
        table(head, rows, widths, align, place="RIGHT", hpad=0.8)
        below = pdf.get_y()
        _draw_chart(
            pdf, chart(s), txt, x=pdf.l_margin, y=top, width=w - sum(widths) - 6, height=height
        )
        pdf.set_y(max(below, top + height + 1))
        para(f"{CURVE_NOTE} {SCALE_NOTE}", size=7.5, colour=MUTED)
        para(s.recovery_text, bold=True)
    else:
        heading("Fatigue after sessions", room=15)
        para(s.usual_text)
        para(NO_CURVE)
    prolonged = s.prolonged_lines()
    if prolonged:
        if pdf.will_page_break(4.4 * min(len(prolonged) + 1, 3)):  # the title with a line
            pdf.add_page()
        para(PROLONGED_TITLE, bold=True, colour=(160, 30, 30))
        for line in prolonged:
            para(f"- {line}")
    else:
        para(NO_PROLONGED)

    if s.symptom_days and s.symptom_counts():
        rows = s.symptom_rows()
        heading("Side effects by days since session", room=ROW * min(len(rows) + 1, 4))
        table(SYMPTOM_HEAD, rows, [46, 22, 16, 18, 20, 20], ["LEFT", *(["RIGHT"] * 5)])
        para(SYMPTOM_NOTE, size=7.5, colour=MUTED)

    if s.faster_recovery():
        heading(FASTER_TITLE, room=12)
        for line in s.faster_recovery_lines():
            para(f"- {line}", size=8.5)
        para(s.faster_recovery_note(), size=7.5, colour=MUTED)

    # 5. questionnaires: the table, with a chart of each scale beside it
    if s.assessments:
        rows = scores.rows(s)
        panels = score_panels(s)
        panel_h = 27.0
        height = max(ROW * (len(rows) + 1), panel_h * len(panels))
        heading(scores.TITLE, room=min(height, 100))
        top = pdf.get_y()
        widths = [20, 12, 11, 26, 12, 12, 17]
        align = ["LEFT", "LEFT", "RIGHT", "LEFT", "RIGHT", "RIGHT", "LEFT"]
        table(scores.HEAD, rows, widths, align)
        below = pdf.get_y()
        at = pdf.l_margin + sum(widths) + 6
        for i, panel in enumerate(panels):
            _draw_scores(
                pdf,
                panel,
                txt,
                x=at,
                y=top + i * panel_h,
                width=w - at + pdf.l_margin,
                height=panel_h - 2,
            )
        pdf.set_y(max(below, top + panel_h * len(panels)))
        para(f"{scores.CHANGE_NOTE} {scores.SHORT_NOTE}", size=7.5, colour=MUTED)
    else:
        heading(scores.TITLE, room=6)
        para(scores.NONE)

    # 6. notes
    heading("Notes for the provider", room=6)
    if s.notes:
        for n in s.notes:
            font(9.5, bold=True)
            pdf.cell(26, 4.6, txt(nice_date(n.day)))
            font(9.5)
            pdf.multi_cell(0, 4.6, txt(n.text), new_x="LMARGIN", new_y="NEXT")
    else:
        para("No notes marked for the provider in this period.")

    return bytes(pdf.output())


def _draw_chart(
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


def _draw_scores(
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
