"""`ketalog trends` as Rich tables: the recovery curve, the other metrics, the groups side
by side and one row per session; the text summary shows the first two."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ketalog.curves import Curve
from ketalog.readings import reading
from ketalog.stats import level_text, signed
from ketalog.tables import bar, level_style, noted, scored, slots, titled
from ketalog.trends import Trends
from ketalog.wording import METRIC_LABELS, day_label, plural, route_label

if TYPE_CHECKING:
    from ketalog.recovery import SessionRecovery


def curve_table(t: Trends, width: int = 80, *, with_others: bool = False) -> Table:
    """The recovery curve: fatigue by days since session, with a bar and the mean
    difference from each session's own starting level; `with_others` adds the means
    of sleep, mood and fog where they were logged."""
    curve = t.groups[0].fatigue
    others = (
        [c for m, c in t.groups[0].curves.items() if m != "fatigue" and c.n] if with_others else []
    )
    n_width = max(1, *(len(str(r.n)) for r in curve.rows))
    stats_head = (("n", n_width, ""), ("Mean", 4, ""), ("Med", 3, ""), ("Range", 5, ""))
    other_head = [(METRIC_LABELS[c.metric], len(METRIC_LABELS[c.metric]), "") for c in others]
    table = titled("Fatigue by days since session")
    table.add_column("Day", justify="right", no_wrap=True)
    table.add_column(slots(*stats_head), no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("vs start", justify="right", no_wrap=True)
    if others:
        table.add_column(slots(*other_head), no_wrap=True, style="dim")
    bar_width = 10 if width < 72 or others else 20
    for i, row in enumerate(curve.rows):
        label = day_label(row.day, t.days)
        extra = (
            [
                slots(
                    *(
                        (_mean_cell(c.rows[i].mean), len(METRIC_LABELS[c.metric]), "")
                        for c in others
                    )
                )
            ]
            if others
            else []
        )
        if row.n == 0:
            table.add_row(label, slots(("0", n_width, "")), "", "", *extra)
            continue
        assert row.mean is not None and row.min is not None and row.max is not None
        spread = f"{row.min:g}" if row.min == row.max else f"{row.min:g}–{row.max:g}"
        stats = slots(
            (str(row.n), n_width, ""),
            (f"{row.mean:.1f}", 4, level_style(row.mean)),
            (f"{row.median:g}", 3, ""),
            (spread, 5, ""),
        )
        table.add_row(label, stats, bar(row.mean, bar_width), signed(row.vs_start), *extra)
    notes = [
        "Day 0 is the session day. vs start: mean difference from each session's own "
        "starting level.",
        "Fatigue 1–3 mild, 4–6 moderate, 7–10 severe.",
    ]
    if others:
        notes.append(_others_note(others))
    table.caption = "\n".join(notes)
    return table


def _others_note(curves: list[Curve]) -> str:
    names = [METRIC_LABELS[c.metric].split(" ")[0].lower() for c in curves]
    return f"Means of {', '.join(names)}; sleep hours are the night before the check-in."


def other_metrics_table(t: Trends) -> Table | None:
    """Sleep, mood and fog means by day since session, for the metrics that were logged."""
    curves = [c for m, c in t.groups[0].curves.items() if m != "fatigue" and c.n]
    if not curves:
        return None
    table = titled("Sleep, mood, fog")
    table.add_column("Day", justify="right", no_wrap=True)
    for c in curves:
        table.add_column(METRIC_LABELS[c.metric], justify="right", no_wrap=True)
    for i, row in enumerate(curves[0].rows):
        label = day_label(row.day, t.days)
        table.add_row(label, *[_mean_cell(c.rows[i].mean) for c in curves])
    table.caption = _others_note(curves)
    return table


def _mean_cell(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def groups_table(t: Trends) -> Table:
    """Each group's fatigue curve side by side (trends --by route|drug|dose|interval)."""
    title = "days since the previous session" if t.by == "interval" else t.by
    table = titled(f"Fatigue by days since session, by {title}")
    table.add_column("Day", justify="right", no_wrap=True)
    for g in t.groups:
        table.add_column(
            f"{route_label(g.key)}\n{plural(len(g.sessions), 'session')}",
            justify="right",
            no_wrap=True,
        )
    for i, row in enumerate(t.groups[0].fatigue.rows):
        label = day_label(row.day, t.days)
        cells: list[RenderableType] = []
        for g in t.groups:
            r = g.fatigue.rows[i]
            cells.append(Text("") if r.mean is None else scored(r.mean, "{:.1f}") + f" ({r.n})")
        table.add_row(label, *cells)
    table.add_row(
        "rec.",
        *(
            "–" if g.typical_recovery_day is None else f"day {g.typical_recovery_day}"
            for g in t.groups
        ),
        style="bold",
        end_section=False,
    )
    table.add_row("back", *(f"{g.counts.recovered} of {g.counts.sessions}" for g in t.groups))
    table.caption = (
        "Mean fatigue (number of check-ins). rec.: typical recovery day; back: sessions "
        f"back near their starting level within {plural(t.days, 'day')}."
    )
    return table


MatrixColumn = tuple[str, int, int]  # name, width, importance (lowest dropped first)


def _matrix_days(t: Trends, shown: list[SessionRecovery], width: int) -> int:
    """The last day column that fits beside date, start and recovery day (at most N)."""
    rec = max(3, *(len(_rec_cell(r)) for r in shown))
    room = width - 1 - sum(w + 2 for w in (10, 5, rec)) - 2
    return max(0, min(t.days, room // 3 - 1))


def _matrix_columns(
    t: Trends, shown: list[SessionRecovery], width: int, last_day: int
) -> list[str]:
    """The per-session table's optional columns that fit in `width`, dropping the least
    important first: drug (only when there are several), route, dose, gap."""
    drugs = {r.session.drug for r in shown}
    optional: list[MatrixColumn] = [
        ("Route", max(5, *(len(route_label(r.session.route)) for r in shown)), 2),
        ("Dose", max(4, *(len(_dose_cell(r)) for r in shown)), 3),
        ("Gap", 3, 4),
    ]
    if len(drugs) > 1:
        optional.append(("Drug", max(4, *(len(d) for d in drugs)), 1))
    rec = max(3, *(len(_rec_cell(r)) for r in shown))
    # each column costs its width and 2 spaces, the table 1 more
    fixed = 1 + sum(w + 2 for w in (10, 5, 3 * (last_day + 1), rec))  # date, start, days, rec
    while optional and fixed + sum(w + 2 for _, w, _ in optional) > width:
        optional.remove(min(optional, key=lambda c: c[2]))
    kept = {name for name, _, _ in optional}
    return [name for name in ("Route", "Drug", "Dose", "Gap") if name in kept]


def _rec_cell(r: SessionRecovery) -> str:
    return ("" if r.recovery_day is None else str(r.recovery_day)) + (" !" if r.prolonged else "")


def _dose_cell(r: SessionRecovery) -> str:
    return r.session.dose_text().split(" · ")[-1]


def matrix_table(t: Trends, limit: int = 12, width: int = 80) -> Table:
    """One row per session (latest `limit`): its days since the previous session,
    starting level, fatigue on each day since it, recovery day and prolonged flag."""
    shown = t.sessions[-limit:] if limit > 0 else t.sessions
    title = "Fatigue after each session"
    if len(shown) < len(t.sessions):
        title += f" (latest {len(shown)} of {len(t.sessions)})"
    last_day = _matrix_days(t, shown, width) if shown else t.days
    if last_day < t.days:
        title += f", days 0–{last_day} of {t.days}"
    table = titled(title)
    optional = _matrix_columns(t, shown, width, last_day) if shown else []
    table.add_column("Session", no_wrap=True)
    for name in optional:
        table.add_column(name, no_wrap=True, justify="right" if name == "Gap" else "left")
    table.add_column("Start", justify="right", no_wrap=True)
    # the day cells go in one column of fixed 3-character slots: it reads the same and
    # spares Rich laying out a cell per day
    slot = 3
    table.add_column("".join(f"{d:>{slot}}" for d in range(last_day + 1)), no_wrap=True)
    table.add_column("Rec", justify="right", no_wrap=True)
    for r in shown:
        s = r.session
        cell = {
            "Route": route_label(s.route),
            "Drug": s.drug,
            "Dose": _dose_cell(r),
            "Gap": "" if r.days_since_previous is None else str(r.days_since_previous),
        }
        days = Text()
        for d in range(last_day + 1):
            f = r.own.get(d)
            days.append(f"{'' if f is None else f:>{slot}}", style=level_style(f))
        start = r.start_level
        flag = Text(_rec_cell(r))
        if r.prolonged:
            flag.stylize("bold red")
        table.add_row(
            s.day.isoformat(),
            *(cell[n] for n in optional),
            Text("" if start is None else level_text(start), style=level_style(start)),
            days,
            flag,
        )
    notes = ["Start: starting level (fatigue on ordinary days just before the session)."]
    if "Gap" in optional:
        notes.insert(0, "Gap: days since the previous session.")
    notes.append("Rec: recovery day, back within 1 of the start and staying. !: prolonged fatigue.")
    table.caption = "\n".join(notes)
    return table


def trends_view(
    t: Trends, *, width: int = 80, sessions: int = 12, other_metrics: bool = True
) -> Group:
    parts: list[RenderableType] = []
    if not t.sessions:
        parts.append(
            Text(
                "No sessions yet: trends count days since a session. "
                "Add one with `ketalog session add`."
            )
        )
    elif t.placed_checkins == 0:
        parts.append(
            Text(
                "No check-ins on or after your first session yet: log each day with `ketalog log`."
            )
        )
    else:
        wide = width >= 80 and other_metrics
        if t.by != "none":
            parts.append(noted(groups_table(t), width))
        else:
            parts.append(noted(curve_table(t, width, with_others=wide), width))
        other = other_metrics_table(t) if other_metrics and not wide and t.by == "none" else None
        if other is not None:
            parts += [Text(""), noted(other, width)]
        parts += [Text(""), noted(matrix_table(t, sessions, width), width)]
    parts.append(Text(""))
    parts += [Text(line) for line in reading(t)]
    return Group(*parts)
