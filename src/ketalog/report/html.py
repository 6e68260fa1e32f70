"""The summary as one self-contained HTML file: print CSS, inline SVG chart, escaped text."""

from __future__ import annotations

import html
import re

from ketalog.report import scores, weekly
from ketalog.report.chart import chart, score_panels, score_svg, svg
from ketalog.report.model import (
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
    dose_cell,
)
from ketalog.visible import visible
from ketalog.wording import nice_date, route_label


def escape(text: str) -> str:
    """Text made inert in HTML, its control characters written out visibly."""
    return html.escape(visible(text))


CSS = """
body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       color: #111; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.1rem; border-bottom: 1px solid #999; margin-top: 1.4rem; }
table { border-collapse: collapse; margin: .4rem 0; }
th, td { padding: .15rem .6rem; text-align: left; border-bottom: 1px solid #ddd;
         white-space: nowrap; }
thead th { white-space: normal; }
.num { text-align: right; }
.meta { color: #333; margin: 0; }
.flag { color: #a00; font-weight: bold; }
.alert { border: 2px solid #a00; padding: .4rem .8rem; margin: .8rem 0; }
.small { color: #555; font-size: .9rem; }
.glance { border: 1.5px solid #333; padding: .2rem .8rem .4rem; margin: .8rem 0; }
.glance h2 { border: none; margin: .2rem 0; }
.glance th { white-space: nowrap; vertical-align: top; border: none; }
.glance td { border: none; white-space: normal; }
svg.chart { width: 100%; height: auto; margin: .4rem 0; }
.charts svg { flex: 1 1 20rem; max-width: 24rem; height: auto; }
table.questions { width: 100%; }
.charts { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: .4rem 0; }
table.questions td { white-space: normal; }
table.questions td.date { white-space: nowrap; width: 7rem; }
table.questions td.answer { width: 45%; border-bottom: 1px solid #999; height: 2.4rem; }
@page { margin: 15mm; }
@media print { body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; } table, svg { break-inside: avoid; } }
"""


def _cell(v: object) -> str:
    return "" if v is None else escape(f"{v:g}" if isinstance(v, float) else str(v))


_NUMBER = re.compile(r"[-+±]?[\d.]+(/\d+)?|[\d.]+–[\d.]+|")


def _table(head: list[str], rows: list[list[str]]) -> str:
    """A table whose columns of numbers (every cell a number or empty) align right."""
    numeric = [all(_NUMBER.fullmatch(r[i]) for r in rows) for i in range(len(head))]
    numeric[0] = False

    def cls(i: int) -> str:
        return ' class="num"' if numeric[i] else ""

    th = "".join(f"<th{cls(i)}>{escape(h)}</th>" for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(r)) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def write(s: Summary) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(TITLE)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(TITLE)}</h1>",
    ]
    if s.name:
        out.append(f'<p class="meta"><b>Patient:</b> {escape(s.name)}</p>')
    out += [
        f'<p class="meta"><b>Period:</b> {escape(s.period_text)}</p>',
        f'<p class="meta"><b>Generated:</b> {nice_date(s.generated)}</p>',
    ]
    from ketalog.report import glance

    out.append(f'<div class="glance"><h2>{escape(glance.TITLE)}</h2><table><tbody>')
    out += [f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in glance.lines(s)]
    out.append("</tbody></table></div>")
    if s.safety_lines():
        out.append(f'<div class="alert"><b>{escape(SAFETY_TITLE)}</b><ul>')
        out += [f"<li>{escape(line)}</li>" for line in s.safety_lines()]
        out.append("</ul></div>")
    if s.questions:
        out.append(f'<h2>{escape(QUESTIONS_TITLE)}</h2><table class="questions"><tbody>')
        out += [
            f'<tr><td class="date">{nice_date(q.day)}</td><td>{escape(q.text)}</td>'
            '<td class="answer"></td></tr>'
            for q in s.questions
        ]
        out.append("</tbody></table>")
    out.append(f"<h2>Sessions in the period ({len(s.sessions)})</h2>")
    if s.sessions:
        out.append(
            _table(
                ["Date", "Drug", "Route", "Dose", "Minutes", "Peak dissociation (0-10)"],
                [
                    [
                        nice_date(x.day),
                        escape(x.drug),
                        escape(route_label(x.route)),
                        escape(dose_cell(x)),
                        _cell(x.duration_min),
                        _cell(x.dissociation),
                    ]
                    for x in s.sessions
                ],
            )
        )
    else:
        out.append("<p>No sessions recorded in this period.</p>")
    if s.checkin_days:
        out.append(f"<h2>{escape(weekly.TITLE)}</h2>")
        out.append(_table(weekly.HEAD, weekly.rows(s)))
        out.append(f'<p class="small">{escape(weekly.NOTE)}</p>')
    out += ["<h2>Fatigue after sessions</h2>", f"<p>{escape(s.usual_text)}</p>"]
    if s.has_curve:
        out += [svg(chart(s)), _table(CURVE_HEAD, s.curve_rows())]
        out += [f'<p class="small">{escape(SCALE_NOTE)}</p>', f"<p>{escape(s.recovery_text)}</p>"]
    else:
        out.append(f"<p>{escape(NO_CURVE)}</p>")
    if s.trends.sessions:
        out.append(_table(RECOVERY_HEAD, [[escape(c) for c in r] for r in s.recovery_rows()]))
        out.append(f'<p class="small">{escape(LEVELS_NOTE)}</p>')
    prolonged = s.prolonged_lines()
    if prolonged:
        out.append(f'<p class="flag">{escape(PROLONGED_TITLE)}</p><ul>')
        out += [f"<li>{escape(p)}</li>" for p in prolonged]
        out.append("</ul>")
    else:
        out.append(f"<p>{escape(NO_PROLONGED)}</p>")
    if s.other_metrics():
        out.append("<h2>Sleep, mood and fog by days since session (means)</h2>")
        out.append(_table(s.other_head(), s.other_rows()))
    if s.symptom_days and s.symptom_counts():
        out.append("<h2>Side effects by days since session</h2>")
        out.append(_table(SYMPTOM_HEAD, [[escape(c) for c in r] for r in s.symptom_rows()]))
        out.append(f'<p class="small">{escape(SYMPTOM_NOTE)}</p>')
    if s.faster_recovery():
        out.append(f"<h2>{escape(FASTER_TITLE)}</h2><ul>")
        out += [f"<li>{escape(line)}</li>" for line in s.faster_recovery_lines()]
        out.append(f'</ul><p class="small">{escape(s.faster_recovery_note())}</p>')
    out.append(f"<h2>{escape(scores.TITLE)}</h2>")
    if s.assessments:
        out.append('<div class="charts">')
        out += [score_svg(p) for p in score_panels(s)]
        out.append("</div>")
        out.append(_table(scores.HEAD, [[escape(c) for c in r] for r in scores.rows(s)]))
        out.append(f'<p class="small">{escape(scores.CHANGE_NOTE)} {escape(ASSESSMENT_NOTE)}</p>')
        if scores.difficulty_note(s):
            out.append(f'<p class="small">{escape(str(scores.difficulty_note(s)))}</p>')
    else:
        out.append(f"<p>{escape(scores.NONE)}</p>")
    out.append("<h2>Notes for the provider</h2>")
    if s.notes:
        out.append("<ul>")
        out += [f"<li><b>{nice_date(n.day)}:</b> {escape(n.text)}</li>" for n in s.notes]
        out.append("</ul>")
    else:
        out.append("<p>No notes marked for the provider in this period.</p>")
    out += [
        "<h2>Completeness</h2>",
        f"<p>{escape(s.completeness_text)}</p>",
        f'<p class="small">{escape(PATIENT_REPORTED)}</p>',
        "</body></html>",
    ]
    return "\n".join(out) + "\n"
