"""The provider summary: one model (model.py), one writer per format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ketalog.report.model import Summary

DEFAULT_DAYS = 90  # the days a summary covers unless --since says


def json_data(s: Summary) -> dict[str, Any]:
    """The summary as JSON: its title, the at-a-glance lines, then its numbers, with
    each questionnaire's change since the first of its kind and the calendar weeks."""
    from ketalog.report import glance, scores, weekly
    from ketalog.report.model import TITLE

    at_a_glance = [{"label": k, "value": v} for k, v in glance.lines(s)]
    data = {"title": TITLE, "at_a_glance": at_a_glance, **s.to_json()}
    data["assessments"] = [
        {**a, "change_since_first": change}
        for a, change in zip(data["assessments"], scores.changes(s), strict=True)
    ]
    data["weeks"] = weekly.to_json(s)
    return data


def file_bytes(s: Summary, fmt: str, paper: str = "a4") -> bytes:
    """The summary in `fmt` as the bytes of a file; text is plain, 80 columns wide.

    Each writer is imported only when asked for (fpdf2 alone costs ~230 ms).
    """
    if fmt == "pdf":
        from ketalog.report import pdf

        return pdf.write(s, paper)
    if fmt == "text":
        import io

        from rich.console import Console

        from ketalog.report import text

        buffer = io.StringIO()
        console = Console(file=buffer, width=80, color_system=None, emoji=False, highlight=False)
        console.print(text.write(s, 80))
        return buffer.getvalue().encode()
    if fmt == "json":
        from ketalog.visible import json_dumps

        return (json_dumps(json_data(s)) + "\n").encode()
    if fmt == "markdown":
        from ketalog.report import markdown

        return markdown.write(s).encode()
    if fmt == "html":
        from ketalog.report import html

        return html.write(s).encode()
    raise ValueError(f"unknown summary format {fmt!r}")
