"""Interactive questions for `log` and `session add`: short, forgiving, Enter to skip."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ketalog.assess import Instrument
from ketalog.errors import InputError
from ketalog.fields import CHECKIN_FIELDS, DRUGS, ROUTES, SESSION_FIELDS, Field, parse_choice

if TYPE_CHECKING:
    from ketalog.model import Checkin

Ask = Callable[[str, str], str]  # (question, default) -> answer
Say = Callable[[str], None]


CLEAR = "-"  # typed at a question whose current value is shown: empties the field


class Skipped(Exception):
    """The patient skipped fatigue twice on a new day: nothing is saved."""


def _shown(value: object) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _ask_field(
    f: Field,
    ask: Ask,
    say: Say,
    *,
    required: bool = False,
    default: object = None,
    clearable: bool = False,
    day: str | None = None,
) -> int | float | str | None:
    """One question. Enter gives `default` (None: skipped); with `clearable`, "-"
    gives the CLEAR marker; a required field skipped once is asked again, and a
    second Enter raises Skipped."""
    skip = "" if required or default is not None else " (Enter to skip)"
    label = about_day(f.label, day)
    warned = False
    while True:
        answer = ask(f"{label}{f.hint()}{skip}", _shown(default)).strip()
        if clearable and answer == CLEAR:
            return CLEAR
        if not answer:
            if not required:
                return None
            if warned:
                raise Skipped
            name = label.split(",")[0]
            say(f"{name} is needed to save the check-in; Enter again saves nothing.")
            warned = True
            continue
        try:
            return f.parse(answer)
        except InputError as e:
            say(e.message.replace(f"{f.flag} ", "", 1))


def about_day(label: str, day: str | None) -> str:
    """A question about today asked about another `day` ('Mon 23 Nov'): "Fatigue on
    Mon 23 Nov", "Hours slept the night before"."""
    if day is None:
        return label
    return label.replace("today", f"on {day}").replace("last night", "the night before")


def ask_checkin(
    ask: Ask, say: Say, current: Checkin | None = None, day: str | None = None
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The check-in questions, fatigue first, about `day` (None: today). On a day
    already logged, each question shows the current value (Enter keeps it, "-" empties
    it) and a typed note adds a line. Returns only what changed: (new values, fields
    to empty)."""
    values: dict[str, Any] = {}
    cleared: list[str] = []
    for f in CHECKIN_FIELDS:
        now = None if current is None else getattr(current, f.name)
        if f.name == "note":  # side effects just before the note; they add to the day's
            picked = ask_symptoms(ask, say, current.symptoms if current else (), day)
            if picked:
                values["symptoms"] = picked
        if f.name == "note" and now:
            say(f"Note so far: {now}")
            answer = ask("Add a line to the note (Enter keeps it as it is, - empties it)", "")
            if answer.strip() == CLEAR:
                cleared.append("note")
            elif answer.strip():
                values["note"] = answer.strip()
            continue
        required = f.name == "fatigue" and current is None
        value = _ask_field(
            f, ask, say, required=required, default=now, clearable=now is not None, day=day
        )
        if value == CLEAR and f.name != "fatigue":
            cleared.append(f.name)
        elif value is not None and value != CLEAR and value != now:
            values[f.name] = value
    if values.get("note"):
        was = bool(current and current.for_provider)
        answer = ask(
            "Show this note to your provider in the summary? [y/N]", "y" if was else ""
        ).strip()
        mark = int(answer.lower() in ("y", "yes"))
        if mark != was:
            values["for_provider"] = mark
    return values, tuple(cleared)


def _ask_choice(
    label: str, choices: tuple[str, ...], default: str | None, ask: Ask, say: Say
) -> str:
    while True:
        answer = ask(f"{label} ({', '.join(choices)})", default or "").strip()
        if not answer and default:
            return default
        if not answer:
            say(f"A {label.lower()} is needed: type one of {', '.join(choices)}.")
            continue
        try:
            return parse_choice(label.lower(), answer, choices)
        except InputError as e:
            say(e.message)


def ask_session(
    ask: Ask,
    say: Say,
    defaults: dict[str, object],
    read_day: Callable[[str], str] | None = None,
    planned: Callable[[str], dict[str, object] | None] | None = None,
) -> dict[str, int | float | str | None]:
    """The session questions: day and time (with `read_day`, which turns any WHEN
    text into YYYY-MM-DD), drug, route, then the optional fields. When `planned`
    gives a planned session's values for the day answered, they are the defaults."""
    from ketalog.dates import parse_time

    values: dict[str, int | float | str | None] = {}
    if read_day is not None:
        values["day"] = _ask_text(
            "Date (today, yesterday, monday, 20 Nov ...)", "today", read_day, ask, say
        )
        found = planned(str(values["day"])) if planned and values["day"] else None
        defaults = found if found is not None else defaults
        values["time"] = _ask_text(
            f"Time (14:30, 2pm ...){'' if defaults.get('time') else ', Enter to skip'}",
            _str(defaults.get("time")) or "",
            parse_time,
            ask,
            say,
        )
    values["drug"] = _ask_choice("Drug", DRUGS, str(defaults.get("drug") or "ketamine"), ask, say)
    values["route"] = _ask_choice("Route", ROUTES, _str(defaults.get("route")), ask, say)
    for f in SESSION_FIELDS:
        values[f.name] = _ask_field(f, ask, say, default=defaults.get(f.name))
    return {k: v for k, v in values.items() if v is not None}


DOSE_FIELDS = ("dose_mg", "dose_mg_per_kg")


def ask_dose(ask: Ask, say: Say) -> dict[str, int | float | str | None]:
    """The dose questions once more, after an unusual dose was not confirmed: asked
    afresh (Enter skips one), while every other answer stands. Returns both fields,
    None for a skipped one."""
    say("Type the dose again (Enter skips it); your other answers are kept.")
    return {f.name: _ask_field(f, ask, say) for f in SESSION_FIELDS if f.name in DOSE_FIELDS}


def _ask_text(
    question: str, default: str, read: Callable[[str], str], ask: Ask, say: Say
) -> str | None:
    """A question whose answer `read` checks; None when skipped with no default."""
    while True:
        answer = ask(question, default).strip()
        if not answer:
            return None
        try:
            return read(answer)
        except InputError as e:
            say(e.message)


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def ask_questionnaire(
    inst: Instrument, ask: Ask, say: Say, *, on_safety: Callable[[], None]
) -> tuple[tuple[int, ...], int | None]:
    """Ask each item (0-3); call `on_safety` at once if the safety item is above 0.
    Returns the answers and, for PHQ-9 with any problem checked, the difficulty."""
    from ketalog.assess import ANSWERS, DIFFICULTY, DIFFICULTY_QUESTION, SAFETY_ITEM

    key = "  ".join(f"{n} {text}" for n, text in enumerate(ANSWERS))
    say(f"{inst.name}. {inst.lead_in}")
    say(f"Answer each with {key}. b goes back one question.")
    answers: list[int] = []
    while len(answers) < len(inst.items):
        number = len(answers) + 1
        answer = _ask_0_to_3(f"{number}. {inst.items[number - 1]}", ask, say, back=number > 1)
        if answer is None:
            answers.pop()
            continue
        answers.append(answer)
        if inst.key == "phq9" and number == SAFETY_ITEM and answer > 0:
            on_safety()
    difficulty = None
    if inst.key == "phq9" and any(answers):
        say(DIFFICULTY_QUESTION)
        say("  ".join(f"{n} {text}" for n, text in enumerate(DIFFICULTY)))
        difficulty = _ask_0_to_3("Difficulty", ask, say)
    return tuple(answers), difficulty


def _ask_0_to_3(question: str, ask: Ask, say: Say, *, back: bool = False) -> int | None:
    """0-3, or None for "b" (back one question) when `back` allows it."""
    while True:
        answer = ask(f"{question} [0-3]", "").strip().lower()
        if answer in ("0", "1", "2", "3"):
            return int(answer)
        if back and answer in ("b", "back"):
            return None
        also = ", or b to go back" if back else ""
        say(f"{answer!r} is not an answer; type 0, 1, 2 or 3{also}.")


def ask_symptoms(
    ask: Ask, say: Say, noted: tuple[str, ...] = (), day: str | None = None
) -> tuple[str, ...]:
    """One question with a numbered pick list: '1 3', '1,3' or names; Enter for none.
    Side effects already noted that day are named, and the answer adds to them."""
    from ketalog.fields import SYMPTOMS, parse_symptom

    keys = tuple(SYMPTOMS)
    if noted:
        say("Side effects noted so far: " + ", ".join(SYMPTOMS[k] for k in noted) + ".")
    say(
        about_day("Any side effects today? ", day)
        + "  ".join(f"{n} {label}" for n, label in enumerate(SYMPTOMS.values(), 1))
    )
    while True:
        answer = ask("Numbers, e.g. 1 3 (Enter for none)", "").strip()
        if not answer:
            return ()
        picked: list[str] = []
        try:
            for word in answer.replace(",", " ").split():
                if word.isdigit():
                    if not 1 <= int(word) <= len(keys):
                        raise InputError(f"{word} is not on the list; use 1 to {len(keys)}")
                    picked.append(keys[int(word) - 1])
                else:
                    picked.append(parse_symptom(word))
        except InputError as e:
            say(e.message.replace("--symptom ", "", 1))
            continue
        return tuple(k for k in keys if k in picked)
