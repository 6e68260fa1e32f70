"""Plain-text lines (no Rich, so they start fast) for log, today, tips and questionnaires."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ketalog.visible import visible
from ketalog.wording import nice_date, plural, route_label

if TYPE_CHECKING:
    from ketalog.actions import DayView, Taken
    from ketalog.changelog import Entry
    from ketalog.model import Checkin, Session
    from ketalog.tipdata import Family
    from ketalog.tips import Chosen


def show(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ", ".join(value) or "—"
    return visible(str(value))


def symptom_words(keys: tuple[str, ...]) -> str:
    from ketalog.fields import SYMPTOMS

    return "symptoms: " + ", ".join(SYMPTOMS[k] for k in keys)


def session_brief(s: Session) -> str:
    parts = [s.drug, route_label(s.route)]
    if s.dose_text():
        parts.append(s.dose_text())
    at = f" at {s.time}" if s.time else ""
    return f"{nice_date(s.day)}{at} ({', '.join(parts)})"


def changes(old: Checkin | Session, new: Checkin | Session, names: tuple[str, ...]) -> list[str]:
    """'fatigue 6 → 4', 'duration 40 → 45 min' for each field that changed, each named
    as the option that sets it (--duration, not the column duration_min)."""
    from ketalog.fields import CHECKIN, SESSION, field_word

    out = []
    for name in names:
        was, now = getattr(old, name), getattr(new, name)
        if was == now:
            continue
        spec = SESSION.get(name) or CHECKIN.get(name)
        unit = f" {spec.unit}" if spec and spec.unit in ("mg", "mg/kg", "min") else ""
        shown = show(now) + (unit if now is not None else "")
        out.append(f"{field_word(name)} {show(was)} → {shown}")
    return out


def since_line(view: DayView, today: date | None = None) -> str:
    """Days since the session before `view.day`, said about that day: a back-dated
    check-in (`today` later than the day) gets "was", not "today"."""
    from ketalog.dates import label

    past = today is not None and view.day < today
    if view.last_session is None:
        nxt = view.next_session
        if nxt is not None and (today is None or nxt.day > today):
            return f"No session yet; the first is planned for {session_brief(nxt)}."
        if nxt is not None:
            return (
                f"No session before {label(view.day, today)}; the first was on "
                f"{session_brief(nxt)}."
            )
        if view.has_sessions:
            return f"No session on or before {label(view.day, today)}."
        return "No sessions yet — add one with `ketalog session add`."
    if view.offset == 0:
        return f"Session day: {session_brief(view.last_session)}."
    assert view.offset is not None  # a last session gives the day its offset
    days = plural(view.offset, "day")
    if past:
        return (
            f"{label(view.day, today)} was {days} after your session of "
            f"{session_brief(view.last_session)}."
        )
    return f"{days} since your last session, {session_brief(view.last_session)}."


def tip_line(chosen: Chosen) -> str:
    return f"Tip · {chosen.family.title} ({chosen.reason}): {chosen.tip.text}"


def today_lines(view: DayView, today: date, own_line: str | None = None) -> list[str]:
    lines = [f"Today is {today:%A} {nice_date(today)}.", since_line(view, today)]
    if view.next_session is not None:
        ahead = (view.next_session.day - today).days
        when = "tomorrow" if ahead == 1 else f"in {ahead} days"
        lines.append(f"Next session {when}: {session_brief(view.next_session)}.")
    if view.driving:
        lines.append(view.driving)
    c = view.checkin
    if c is None:
        lines.append("No check-in yet today — `ketalog log` takes under a minute.")
    else:
        from ketalog.severity import severity

        bits = [f"fatigue {c.fatigue}/10 ({severity(c.fatigue)})"]
        if c.sleep_hours is not None:
            bits.append(f"slept {c.sleep_hours:g} h")
        if c.mood is not None:
            bits.append(f"mood {c.mood}/10")
        if c.fog is not None:
            bits.append(f"fog {c.fog}/10")
        if c.symptoms:
            bits.append(symptom_words(c.symptoms))
        lines.append("Logged today: " + ", ".join(bits) + ".")
    from ketalog import readings

    lines += safety_lines(view, own_line)
    lines += symptom_lines(view)
    lines += readings.usual_lines(view.usual_level)
    if view.prolonged is not None:
        lines.append("! " + readings.prolonged_sentence(view.prolonged, still=True))
    from ketalog.tipdata import DISCLAIMER, REASSURE

    if view.reassure:
        lines.append(REASSURE)
    lines.extend(tip_line(t) for t in view.tips[:1])
    lines.append(DISCLAIMER)
    return lines


def safety_lines(view: DayView, own_line: str | None) -> list[str]:
    """The crisis contacts with a very low mood (own line first)."""
    from ketalog import crisis

    return [crisis.low_mood_line(own_line)] if view.low_mood else []


def symptom_lines(view: DayView) -> list[str]:
    """Bladder or urinary discomfort is always worth telling the provider about."""
    c = view.checkin
    if c is None or "bladder" not in c.symptoms:
        return []
    return [
        "! You noted bladder or urinary discomfort: please mention it to your provider, "
        "and do not wait for your next visit if it keeps on or gets worse."
    ]


def after_log_lines(view: DayView, own_line: str | None, today: date | None = None) -> list[str]:
    """What `log` says after saving: days since session, the driving point, the crisis
    contacts with a very low mood, and one tip; all of them about the day logged."""
    lines = [since_line(view, today)]
    if view.driving:
        lines.append(view.driving)
    lines += safety_lines(view, own_line)
    lines += symptom_lines(view)
    lines += [
        tip_line(t) + " (General wellness guidance, not medical advice.)" for t in view.tips[:1]
    ]
    return lines


def _wrap(text: str, width: int, indent: str = "   ", hanging: str | None = None) -> list[str]:
    """`text` wrapped; every plain-text line passes here, so control characters in
    user text (a note, the user's own crisis line) are shown visibly."""
    import textwrap

    later = indent if hanging is None else hanging
    return textwrap.wrap(visible(text), width=width, initial_indent=indent, subsequent_indent=later)


def why_lines(width: int = 80) -> list[str]:
    """`ketalog tips --why`: why people feel drained after a session, in plain words."""
    from ketalog.tipdata import DISCLAIMER, WHY_DEPENDS, WHY_PASSES, WHY_TIRED, WHY_TITLE

    lines = [WHY_TITLE, ""]
    for n, text in enumerate(WHY_TIRED, 1):
        lines += _wrap(f"{n}. {text}", width, "", "   ")
    lines.append("")
    for text in (WHY_DEPENDS, WHY_PASSES):
        lines += [*_wrap(text, width, ""), ""]
    lines += _wrap(DISCLAIMER, width, "")
    return lines


def wrapped(lines: list[str], width: int | None = None) -> list[str]:
    """Lines wrapped to the terminal (at most 100 columns), for plain-text output;
    control characters in them are written out visibly."""
    import shutil

    width = width or min(shutil.get_terminal_size().columns, 100)
    return [part for line in lines for part in (_wrap(line, width, "") or [""])]


def tips_lines(view: DayView, width: int = 80, own_line: str | None = None) -> list[str]:
    """`ketalog tips`: the day's tips, each with its reason, and the disclaimer once."""
    when = f"{view.day:%A} {nice_date(view.day)}"
    if view.offset is not None:
        when += f", day {view.offset} after your session"
    if view.usual_level is not None:
        from ketalog.readings import level_words

        when += f"; your usual level is {level_words(view.usual_level)}"
    from ketalog.tipdata import DISCLAIMER

    lines = [*_wrap(f"Tips for {when}:", width, ""), ""]
    for line in ([view.driving] if view.driving else []) + safety_lines(view, own_line):
        lines += [*_wrap(line, width, ""), ""]
    if view.checkin is None:
        lines += _wrap(
            "Nothing logged for today yet — `ketalog log` takes under a minute, "
            "and the tips follow how you are doing.",
            width,
            "",
        )
        lines.append("")
    for n, chosen in enumerate(view.tips, 1):
        head = f"{n}. {chosen.family.title} — {chosen.reason}"
        lines += _wrap(head, width, "", "   ")
        lines += _wrap(chosen.tip.text, width)
        lines.append("")
    lines += _wrap(DISCLAIMER, width, "")
    return lines


def family_lines(families: list[Family], width: int = 80, own_line: str | None = None) -> list[str]:
    """`ketalog tips --strategy KEY` or `--all`: each family's why and every tip; the
    support strategy always ends with the crisis contacts."""
    from ketalog import crisis
    from ketalog.tipdata import DISCLAIMER

    lines: list[str] = []
    for family in families:
        lines.append(f"{family.title} [{family.key}]")
        lines += _wrap(family.why, width, indent="  ")
        for tip in family.tips:
            lines += [
                f"  • {line}" if i == 0 else f"    {line}"
                for i, line in enumerate(_wrap(tip.text, width - 4, indent=""))
            ]
        if family.key == "support":
            lines += _wrap(crisis.support_line(own_line), width, indent="  ")
        lines.append("")
    lines += _wrap(DISCLAIMER, width, "")
    return lines


def assessment_lines(taken: Taken) -> list[str]:
    """The result of a questionnaire: total, band, change since last time, credit."""
    from ketalog import assess

    a = taken.assessment
    inst = assess.INSTRUMENTS[a.instrument]
    lines = [f"{inst.name} on {nice_date(a.day)}: total {a.total} of {inst.max_total} — {a.band}."]
    change = assess.change_text(inst, a.total, taken.previous.total if taken.previous else None)
    if change:
        lines.append(change)
    if a.difficulty is not None:
        lines.append(f"Difficulty: {assess.DIFFICULTY[a.difficulty]}.")
    if a.total >= assess.URGENT_FROM[a.instrument]:
        lines.append(
            f"! A total of {a.total} is in the {a.band} range. Please contact your provider "
            "soon, in the next day or two, rather than waiting for your next visit."
        )
    if a.item9:
        lines.append(
            f"Item 9 answered {a.item9} ({assess.ANSWERS[a.item9]}): it will show on your "
            "provider summary."
        )
    lines.append(assess.CREDIT_LINE)
    return lines


def change_log_lines(entries: list[Entry], redo_next: Entry | None) -> list[str]:
    """`undo --list`: newest first, what `undo` and `redo` would do marked."""
    from ketalog.changelog import kinds, when

    if not entries:
        return ["No changes yet."]
    lines = []
    undo_next = next((e for e in entries if not e.undone), None)
    for e in entries:
        mark = "undone" if e.undone else ""
        if e is undo_next:
            mark = "← undo"
        elif redo_next is not None and e.id == redo_next.id:
            mark = "undone ← redo"
        said, rows = e.summary(), kinds(e.counts)
        if sum(e.counts.values()) > 1 and rows not in said:  # an import names them already
            said += f"  ({rows})"
        lines.append(f"{when(e.at):>12}  {said}" + (f"  {mark}" if mark else ""))
    return lines


def settings_lines(settings: list[tuple[str, object, str]], widest: int = 30) -> list[str]:
    """`config show`: key, value, meaning in aligned columns; a value longer than
    `widest` has the meaning on the next line, at the meaning's column."""
    from ketalog.visible import visible

    shown = [(k, "(not set)" if v is None else visible(str(v)), m) for k, v, m in settings]
    key_width = max(len(k) for k, _, _ in shown)
    value_width = max([len("(not set)"), *(len(v) for _, v, _ in shown if len(v) <= widest)])
    lines = []
    for key, value, meaning in shown:
        if len(value) > widest:
            lines.append(f"{key:{key_width}}  {value}")
            lines.append(f"{'':{key_width}}  {'':{value_width}}  {meaning}")
        else:
            lines.append(f"{key:{key_width}}  {value:{value_width}}  {meaning}")
    return lines
