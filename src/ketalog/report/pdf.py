"""The summary as a printable PDF (fpdf2): 1-2 pages, the chart drawn, tables that
keep their headings, and any note text shown or visibly replaced.

fpdf2 is imported here only, so no other command pays for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timezone
from typing import TYPE_CHECKING

from ketalog.report import scores, weekly
from ketalog.report.chart import (
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
from ketalog.report.pdfcharts import INK, MUTED, draw_chart, draw_scores
from ketalog.report.pdffonts import Text
from ketalog.wording import nice_date

if TYPE_CHECKING:
    pass

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
RULE = (170, 170, 170)


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
    txt = Text(pdf, _user_text(s))
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
        draw_chart(
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
            draw_scores(
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
