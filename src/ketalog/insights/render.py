"""`ketalog insights` as Rich renderables: patterns first, the rest dimmed, then what
cannot be tested yet in a few lines. Never prints."""

from __future__ import annotations

from rich import box
from rich.console import Group as Stack
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ketalog.insights.factors import DAYS, RECOVERY
from ketalog.insights.findings import MISSING_OUTCOME, Finding, Group, Insights, chance_words
from ketalog.insights.stats import PATTERN
from ketalog.insights.words import NOT_PROOF
from ketalog.stats import level_text, whole_day
from ketalog.tables import sized

TITLE = "What goes with faster recovery, in your own sessions"


def median_text(outcome: str, g: Group) -> str:
    if g.median is None:
        return "—"
    if outcome == RECOVERY:
        return f"day {whole_day(g.median)}" if g.median <= DAYS else f"after day {DAYS}"
    return f"{level_text(g.median)}/10"


def halves(f: Finding) -> Text:
    """'6+: day 2 (5)' over '<6: day 4 (4)'."""
    return Text("\n".join(f"{g.mark}: {median_text(f.outcome, g)} ({g.n})" for g in f.groups))


def table(r: Insights, width: int | None = None) -> Table:
    t = Table(
        title=TITLE,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    t.add_column("Factor → outcome", ratio=6)
    t.add_column("Halves: median (n)", ratio=6)
    t.add_column("rho", justify="right", no_wrap=True)
    t.add_column("Chance", no_wrap=True)
    t.add_column("Verdict", ratio=6)
    for f in [*r.patterns, *(f for f in r.others if not f.untested)]:
        style = "bold" if f.verdict == PATTERN else "dim"
        verdict = Text(f.verdict, style="bold green" if f.verdict == PATTERN else "")
        if f.short_note:
            verdict.append(f"\n{f.short_note}")
        t.add_row(
            Text.assemble(f.label, "\n→ ", f.outcome_label),
            halves(f),
            "" if f.rho is None else f"{f.rho:+.2f}",
            "" if f.chance is None else chance_cell(f.chance),
            verdict,
            style=style,
        )
    return sized(t, width)


def chance_cell(chance: float) -> str:
    """'1 in 15', '>1 in 2', '<1 in 1,000'."""
    if chance > 0.5:
        return ">1 in 2"
    words = chance_words(chance).removeprefix("about ").replace("less than ", "<")
    return words.replace(" time in ", " in ")


def untested(r: Insights) -> list[str]:
    """Each factor that cannot be tested yet, once, with why ('Movement that day: not
    logged yet'); an outcome that is missing altogether once for every factor."""
    missing = set(MISSING_OUTCOME.values())
    lines: list[str] = []
    for f in r.others:
        if not f.untested:
            continue
        if f.note in missing:
            line = f"Every factor → {f.outcome_label}: {f.note}"
        else:
            same = [g for g in r.findings if g.label == f.label and g.note not in missing]
            alike = all(g.untested and g.note == f.note for g in same)
            line = f"{f.label}: {f.note}" if alike else f"{f.label} → {f.outcome_label}: {f.note}"
        if line not in lines:
            lines.append(line)
    return lines


def plain(r: Insights) -> list[RenderableType]:
    """The findings in plain words: each pattern, how far the data go, what they are not."""
    parts: list[RenderableType] = []
    if r.sessions:
        tested = any(not f.untested for f in r.findings)
        if r.patterns:
            parts += [Text(f"• {f.sentence()}") for f in r.patterns]
        elif tested:
            parts.append(Text("No clear patterns yet."))
        else:
            parts.append(Text("Nothing can be compared yet."))
        if (power := r.power()) is not None:
            parts.append(Text(f"Not enough yet for the rest: {power}" if tested else power))
    if (scope := r.scope()) is not None:
        parts.append(Text(scope, style="dim"))
    parts.append(Text(NOT_PROOF, style="italic"))
    return parts


def view(r: Insights, width: int | None = None) -> Stack:
    """The whole `ketalog insights` screen for a terminal `width` wide: the table, then
    the findings in words."""
    if r.sessions == 0:
        intro: list[RenderableType] = [
            Text(
                "No sessions yet. Insights compare your sessions with each other: record "
                "them with `ketalog session add` and log each day with `ketalog log`."
            )
        ]
    else:
        tested = table(r, width)
        intro = [tested] if tested.rows else [Text(TITLE, style="italic")]
        if lines := untested(r):
            intro.append(Text("Not tested yet", style="bold"))
            intro += [Text(line, style="dim") for line in lines]
            intro.append(Text(""))
        intro.append(Text("In plain words", style="bold"))
    return Stack(*intro, *plain(r))
