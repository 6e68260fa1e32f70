"""Interactive questions for `log` and `session add`: short, forgiving, Enter to skip."""

from __future__ import annotations

from collections.abc import Callable

from ketalog.assess import Instrument
from ketalog.errors import InputError
from ketalog.fields import CHECKIN_FIELDS, DRUGS, ROUTES, SESSION_FIELDS, Field, parse_choice

Ask = Callable[[str, str], str]  # (question, default) -> answer
Say = Callable[[str], None]


def _ask_field(
    f: Field, ask: Ask, say: Say, *, required: bool = False, default: object = None
) -> int | float | str | None:
    hint = "" if f.kind == "text" else f" [{f.lo:g}-{f.hi:g}]"
    skip = "" if required or default is not None else " (Enter to skip)"
    shown = (
        "" if default is None else f"{default:g}" if isinstance(default, float) else str(default)
    )
    while True:
        answer = ask(f"{f.label}{hint}{skip}", shown).strip()
        if not answer:
            if required:
                say(f"{f.label.split(',')[0]} is needed.")
                continue
            return None
        try:
            return f.parse(answer)
        except InputError as e:
            say(e.message.replace(f"{f.flag} ", "", 1))


def ask_checkin(ask: Ask, say: Say) -> dict[str, object]:
    values: dict[str, object] = {}
    for f in CHECKIN_FIELDS:
        if f.name == "note":  # side effects just before the note
            values["symptoms"] = ask_symptoms(ask, say) or None
        values[f.name] = _ask_field(f, ask, say, required=f.name == "fatigue")
    if values.get("note"):
        answer = ask("Show this note to your provider in the summary? [y/N]", "").strip()
        values["for_provider"] = int(answer.lower() in ("y", "yes"))
    return {k: v for k, v in values.items() if v is not None}


def _ask_choice(
    label: str, choices: tuple[str, ...], default: str | None, ask: Ask, say: Say
) -> str:
    while True:
        answer = ask(f"{label} ({', '.join(choices)})", default or "").strip()
        if not answer and default:
            return default
        try:
            return parse_choice(label.lower(), answer, choices)
        except InputError as e:
            say(e.message)


def ask_session(
    ask: Ask, say: Say, defaults: dict[str, object]
) -> dict[str, int | float | str | None]:
    values: dict[str, int | float | str | None] = {
        "drug": _ask_choice("Drug", DRUGS, str(defaults.get("drug") or "ketamine"), ask, say),
        "route": _ask_choice("Route", ROUTES, _str(defaults.get("route")), ask, say),
    }
    for f in SESSION_FIELDS:
        values[f.name] = _ask_field(f, ask, say, default=defaults.get(f.name))
    return {k: v for k, v in values.items() if v is not None}


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
    say(f"Answer each with {key}.")
    answers: list[int] = []
    for number, item in enumerate(inst.items, 1):
        answers.append(_ask_0_to_3(f"{number}. {item}", ask, say))
        if inst.key == "phq9" and number == SAFETY_ITEM and answers[-1] > 0:
            on_safety()
    difficulty = None
    if inst.key == "phq9" and any(answers):
        say(DIFFICULTY_QUESTION)
        say("  ".join(f"{n} {text}" for n, text in enumerate(DIFFICULTY)))
        difficulty = _ask_0_to_3("Difficulty", ask, say)
    return tuple(answers), difficulty


def _ask_0_to_3(question: str, ask: Ask, say: Say) -> int:
    while True:
        answer = ask(f"{question} [0-3]", "").strip()
        if answer in ("0", "1", "2", "3"):
            return int(answer)
        say(f"{answer!r} is not an answer; type 0, 1, 2 or 3.")


def ask_symptoms(ask: Ask, say: Say) -> tuple[str, ...]:
    """One question with a numbered pick list: '1 3', '1,3' or names; Enter for none."""
    from ketalog.fields import SYMPTOMS, parse_symptom

    keys = tuple(SYMPTOMS)
    say("Any side effects today? " + "  ".join(
        f"{n} {label}" for n, label in enumerate(SYMPTOMS.values(), 1)))  # fmt: skip
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
