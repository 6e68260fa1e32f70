"""Interactive questions for `log` and `session add`: short, forgiving, Enter to skip."""

from __future__ import annotations

from collections.abc import Callable

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


def ask_checkin(ask: Ask, say: Say) -> dict[str, int | float | str | None]:
    values: dict[str, int | float | str | None] = {}
    for f in CHECKIN_FIELDS:
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
