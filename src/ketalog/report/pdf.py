"""The summary as a printable PDF (fpdf2): 1-2 pages, the chart drawn, tables that
keep their headings, and any note text shown or visibly replaced.

fpdf2 is imported here only, so no other command pays for it.
"""

from __future__ import annotations

from datetime import datetime, time, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketalog.report.chart import Chart, chart
from ketalog.report.model import (
    ASSESSMENT_HEAD,
    ASSESSMENT_NOTE,
    CURVE_HEAD,
    FASTER_TITLE,
    LEVELS_NOTE,
    NO_CURVE,
    NO_PROLONGED,
    PATIENT_REPORTED,
    PROLONGED_TITLE,
    QUESTIONS_TITLE,
    RECOVERY_HEAD,
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
UNICODE_FONTS = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", "Arial Unicode.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "arialbd.ttf"),
)  # (regular, bold beside it)
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
INK = (25, 25, 25)
MUTED = (90, 90, 90)
RULE = (170, 170, 170)


class _Text:
    """Makes every string printable in the chosen font: kept, or replaced by '?'."""

    def __init__(self, pdf: FPDF, needs_unicode: bool) -> None:
        self.family = "helvetica"
        self.cmap: set[int] | None = None
        if needs_unicode:
            for regular, bold_name in UNICODE_FONTS:
                if Path(regular).exists():
                    bold = Path(regular).with_name(bold_name)
                    pdf.add_font("body", "", regular)
                    pdf.add_font("body", "B", bold if bold.exists() else regular)
                    self.family = "body"
                    self.cmap = set(getattr(pdf.fonts["body"], "cmap", {}))
                    break

    def __call__(self, text: str) -> str:
        text = visible(text)
        if self.cmap is not None:
            return "".join(c if ord(c) in self.cmap or c in "\n" else REPLACEMENT for c in text)
        text = text.translate(PLAIN)
        return "".join(c if ord(c) < 256 and c.isprintable() else REPLACEMENT for c in text)


def _needs_unicode(s: Summary) -> bool:
    texts = [s.name or "", *(n.text for n in s.notes), *(q.text for q in s.questions)]
    return any(ord(c) > 255 for t in texts for c in t.translate(PLAIN))


def write(s: Summary, paper: str = "a4") -> bytes:
    from fpdf import FPDF

    class Document(FPDF):
        def footer(self) -> None:
            self.set_y(-11)
            self.set_font(txt.family, "", 7.5)
            self.set_text_color(*MUTED)
            self.cell(
                0, 4, txt(f"{TITLE} · {s.period_text} · page {self.page_no()} of {{nb}}"), align="C"
            )

    pdf = Document(format="Letter" if paper == "letter" else "A4", unit="mm")
    txt = _Text(pdf, _needs_unicode(s))
    pdf.set_margins(15, 14, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(TITLE)
    pdf.set_creator("ketalog")
    # the summary's own date rather than the clock: the same journal gives the same file
    pdf.set_creation_date(datetime.combine(s.generated, time(), tzinfo=timezone.utc))
    pdf.add_page()
    w = pdf.epw

    def font(size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        pdf.set_font(txt.family, "B" if bold else "", size)
        pdf.set_text_color(*colour)

    def heading(text: str, room: float = 30) -> None:
        if pdf.will_page_break(room):
            pdf.add_page()
        pdf.ln(3)
        font(11.5, bold=True)
        pdf.cell(0, 6, txt(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + w, pdf.get_y())
        pdf.ln(1.5)

    def para(
        text: str, size: float = 9.5, bold: bool = False, colour: tuple[int, int, int] = INK
    ) -> None:
        font(size, bold, colour)
        pdf.multi_cell(0, 4.6, txt(text), new_x="LMARGIN", new_y="NEXT")

    def table(
        head: list[str], rows: list[list[str]], widths: list[float], align: list[str]
    ) -> None:
        font(8.5)
        with pdf.table(
            col_widths=widths,
            width=sum(widths),
            align="LEFT",
            text_align=tuple(align),
            borders_layout="HORIZONTAL_LINES",
            line_height=4.6,
            padding=(0.6, 1.2),
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
    made = f"Generated {nice_date(s.generated)} by ketalog from the patient's own daily log."
    pdf.cell(0, 5, txt(made), new_x="LMARGIN", new_y="NEXT")

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
        pdf.cell(30, 4.3, txt(label))
        font(8.8)
        pdf.multi_cell(w - 34, 4.3, txt(value), new_x="LMARGIN", new_y="NEXT")
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
        text_w = w * 0.55
        for q in s.questions:
            if pdf.will_page_break(11):
                pdf.add_page()
            top = pdf.get_y()
            font(9.5, bold=True)
            pdf.cell(24, 4.6, txt(nice_date(q.day)))
            font(9.5)
            pdf.multi_cell(text_w - 24, 4.6, txt(q.text), new_x="LMARGIN", new_y="NEXT")
            bottom = max(pdf.get_y(), top + 9.5)
            pdf.set_draw_color(*RULE)
            pdf.line(pdf.l_margin + text_w + 4, bottom - 1, pdf.l_margin + w, bottom - 1)
            pdf.set_y(bottom + 1.5)

    # 2. sessions
    heading(f"Sessions in the period ({len(s.sessions)})")
    if s.sessions:
        table(
            ["Date", "Drug", "Route", "Dose", "Minutes", "Peak dissociation"],
            s.session_rows(),
            [26, 24, 22, 44, 18, 30],
            ["LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT"],
        )
    else:
        para("No sessions recorded in this period.")

    # 3. fatigue after sessions
    heading("Fatigue after sessions", room=95)
    para(s.usual_text)
    if s.has_curve:
        _draw_chart(pdf, chart(s), txt, x=pdf.l_margin, y=pdf.get_y() + 1, width=w, height=52)
        table(
            CURVE_HEAD,
            s.curve_rows(),
            [34, 14, 18, 18, 18, 24],
            ["LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"],
        )
        para(SCALE_NOTE, size=8, colour=MUTED)
        para(s.recovery_text, bold=True)
    else:
        para(NO_CURVE)
    if s.trends.sessions:
        table(
            RECOVERY_HEAD,
            s.recovery_rows(),
            [30, 32, 28, 30, 44],
            ["LEFT", "RIGHT", "RIGHT", "LEFT", "LEFT"],
        )
        para(LEVELS_NOTE, size=8, colour=MUTED)
    prolonged = s.prolonged_lines()
    if prolonged:
        para(PROLONGED_TITLE, bold=True, colour=(160, 30, 30))
        for line in prolonged:
            para(f"- {line}")
    else:
        para(NO_PROLONGED)

    # 4. sleep, mood and fog
    others = s.other_metrics()
    if others:
        heading("Sleep, mood and fog by days since session (means)", room=60)
        table(
            s.other_head(),
            s.other_rows(),
            [34, *([24] * len(others))],
            ["LEFT", *(["RIGHT"] * len(others))],
        )

    if s.symptom_days and s.symptom_counts():
        heading("Side effects by days since session", room=30)
        table(SYMPTOM_HEAD, s.symptom_rows(), [52, 24, 18, 20, 24, 22], ["LEFT", *(["RIGHT"] * 5)])
        para(SYMPTOM_NOTE, size=8, colour=MUTED)

    # 5. questionnaires
    if s.faster_recovery():
        heading(FASTER_TITLE, room=30)
        for line in s.faster_recovery_lines():
            para(f"- {line}")
        para(s.faster_recovery_note(), size=8, colour=MUTED)

    heading("Questionnaires", room=25)
    if s.assessments:
        table(
            ASSESSMENT_HEAD,
            s.assessment_rows(),
            [26, 18, 18, 34, 18, 18],
            ["LEFT", "LEFT", "RIGHT", "LEFT", "RIGHT", "RIGHT"],
        )
        para(ASSESSMENT_NOTE, size=8, colour=MUTED)
    else:
        para("No PHQ-9 or GAD-7 taken in this period.")

    # 6. notes
    heading("Notes for the provider", room=20)
    if s.notes:
        for n in s.notes:
            font(9.5, bold=True)
            pdf.cell(26, 4.6, txt(nice_date(n.day)))
            font(9.5)
            pdf.multi_cell(0, 4.6, txt(n.text), new_x="LMARGIN", new_y="NEXT")
    else:
        para("No notes marked for the provider in this period.")

    # 7. completeness
    heading("Completeness", room=20)
    para(s.completeness_text)
    para(PATIENT_REPORTED, size=8.5, colour=MUTED)
    return bytes(pdf.output())


def _draw_chart(
    pdf: FPDF, c: Chart, txt: Any, *, x: float, y: float, width: float, height: float
) -> None:
    """Bars of mean fatigue by day since session, with the usual level dashed across."""
    left, bottom, top = 9.0, 8.0, 6.0
    px, pw = x + left, width - left
    py, ph = y + top, height - top - bottom
    pdf.set_font(txt.family, "B", 8.5)
    pdf.set_text_color(*INK)
    pdf.text(x, y + 3.5, txt(c.title))
    pdf.set_font(txt.family, "", 7)
    pdf.set_draw_color(220, 220, 220)
    pdf.set_line_width(0.2)
    for v in (0, 2, 4, 6, 8, 10):
        gy = py + ph * (1 - v / 10)
        pdf.line(px, gy, px + pw, gy)
        pdf.text(x + 3, gy + 1.2, str(v))
    step = pw / max(1, len(c.bars))
    for i, b in enumerate(c.bars):
        bx = px + i * step + step * 0.18
        bw = step * 0.64
        if b.mean is not None:
            pdf.set_fill_color(*b.colour)
            bh = ph * b.mean / 10
            pdf.rect(bx, py + ph - bh, bw, bh, style="F")
            pdf.text(bx + bw / 2 - 2.2, py + ph - bh - 1, f"{b.mean:.1f}")
        pdf.text(bx + bw / 2 - 1.2, py + ph + 4, b.label)
    caption = c.caption
    pdf.text(px + pw / 2 - pdf.get_string_width(caption) / 2, py + ph + 7.5, txt(caption))
    if c.usual is not None:
        by = py + ph * (1 - c.usual / 10)
        pdf.set_draw_color(40, 40, 40)
        pdf.set_line_width(0.4)
        pdf.set_dash_pattern(dash=1.6, gap=1.2)
        pdf.line(px, by, px + pw, by)
        pdf.set_dash_pattern()
    pdf.set_line_width(0.2)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_y(y + height + 2)
