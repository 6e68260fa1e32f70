"""The summary as one self-contained HTML file: print CSS, inline SVG chart, escaped text."""

from __future__ import annotations

from html import escape

from ketalog.report.chart import chart, svg
from ketalog.report.model import PATIENT_REPORTED, SCALE_NOTE, TITLE, Summary, dose_cell, route_text
from ketalog.trends import nice_date

CSS = """
body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       color: #111; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.1rem; border-bottom: 1px solid #999; margin-top: 1.4rem; }
table { border-collapse: collapse; margin: .4rem 0; }
th, td { padding: .15rem .6rem; text-align: right; border-bottom: 1px solid #ddd; }
th:first-child, td:first-child { text-align: left; }
.meta { color: #333; margin: 0; }
.flag { color: #a00; font-weight: bold; }
.small { color: #555; font-size: .9rem; }
@page { margin: 15mm; }
@media print { body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; } table, svg { break-inside: avoid; } }
"""


def _cell(v: object) -> str:
    return "" if v is None else escape(f"{v:g}" if isinstance(v, float) else str(v))


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
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
        f"<h2>Sessions in the period ({len(s.sessions)})</h2>",
    ]
    if s.sessions:
        out.append(_table(
            ["Date", "Drug", "Route", "Dose", "Minutes", "Peak dissociation (0-10)"],
            [[nice_date(x.day), escape(x.drug), escape(route_text(x.route)), escape(dose_cell(x)),
              _cell(x.duration_min), _cell(x.dissociation)] for x in s.sessions],
        ))  # fmt: skip
    else:
        out.append("<p>No sessions recorded in this period.</p>")
    out += ["<h2>Fatigue after sessions</h2>", f"<p>{escape(s.baseline_text)}</p>", svg(chart(s))]
    out.append(_table(
        ["Days since session", "n", "Mean", "Median", "Range", "vs baseline"],
        [[s.day_label(r), str(r.n), "" if r.mean is None else f"{r.mean:.1f}", _cell(r.median),
          "" if r.min is None else f"{r.min:g}–{r.max:g}",
          "" if r.delta is None else f"{r.delta:+.1f}"] for r in s.fatigue_rows],
    ))  # fmt: skip
    out += [f'<p class="small">{escape(SCALE_NOTE)}</p>', f"<p>{escape(s.recovery_text)}</p>"]
    prolonged = s.prolonged_lines()
    if prolonged:
        out.append('<p class="flag">Prolonged fatigue (days 4-14 after a session):</p><ul>')
        out += [f"<li>{escape(p)}</li>" for p in prolonged]
        out.append("</ul>")
    else:
        out.append("<p>No prolonged fatigue (day 4-14 above baseline + 2) in the period.</p>")
    others = s.other_metrics()
    if others:
        out.append("<h2>Sleep, mood and fog by days since session (means)</h2>")
        rows = [
            [
                s.day_label(r),
                *("" if rs[i].mean is None else f"{rs[i].mean:.1f}" for _, rs, _ in others),
            ]
            for i, r in enumerate(s.fatigue_rows)
        ]
        rows.append(["quiet days", *("" if b is None else f"{b:.1f}" for _, _, b in others)])
        out.append(_table(["Days since session", *(label for label, _, _ in others)], rows))
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
