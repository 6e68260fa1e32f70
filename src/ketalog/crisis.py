"""Crisis resources, kept in one place and dated. Checked 2026-11 (docs/clinical.md)."""

from __future__ import annotations

from collections.abc import Callable

CHECKED = "November 2026"
RESOURCES = (
    "United States: call or text 988 (988 Suicide & Crisis Lifeline), or chat at "
    "988lifeline.org. In immediate danger, call 911.",
    "Elsewhere: findahelpline.com lists verified helplines by country. In immediate "
    "danger, call your local emergency number.",
)
PRIVATE = (
    "ketalog is private: nobody sees these answers unless you share them, so nobody "
    "will reach out to you because of them."
)
URGE = (
    "Please contact your provider or a crisis line today. You do not have to wait for "
    "your next appointment."
)


def lines(own_line: str | None) -> list[str]:
    """The block shown before anything else when a safety question is answered above 0."""
    out = ["You said you have had thoughts of being better off dead or of hurting yourself."]
    out.append(URGE)
    if own_line:
        out.append(f"Your crisis line: {own_line}")
    out += list(RESOURCES)
    out += [PRIVATE, f"(Crisis contacts last checked {CHECKED}.)"]
    return out


def contacts(own_line: str | None) -> str:
    """Every crisis contact on one line, the user's own line first."""
    parts = [f"your crisis line {own_line}"] if own_line else []
    parts += [
        "in the US call or text 988",
        "elsewhere see findahelpline.com",
        "in immediate danger call 911 or your local emergency number",
    ]
    return "; ".join(parts)


def low_mood_line(own_line: str | None) -> str:
    """Shown with a very low mood (2/10 or below) in `log`, `today` and `tips`."""
    return f"! If you feel unsafe or it gets too much, reach out now: {contacts(own_line)}."


def support_line(own_line: str | None) -> str:
    """The last line of the support strategy: where to turn in a crisis."""
    return f"In a crisis, do not wait for an appointment: {contacts(own_line)}."


def reminder_line(own_line: str | None) -> str:
    """The last line after a questionnaire whose safety item was above 0."""
    return f"! Please reach out today (crisis contacts above): {contacts(own_line)}."


def own_line(warn: Callable[[str], None] | None = None) -> str | None:
    """The user's own crisis line from the config; None if unset or unreadable, so the
    built-in contacts show even when the config file is broken. `warn` hears why an
    unreadable config leaves the user's own line out (a line they rely on must not
    vanish without a word)."""
    from ketalog import config, paths
    from ketalog.errors import KetalogError

    try:
        return config.load(paths.config_file()).crisis_line
    except KetalogError as e:
        problem = e.message
    except (OSError, ValueError) as e:
        problem = str(e)
    if warn is not None:
        warn(f"ketalog: your own crisis line could not be read, so it is missing below: {problem}")
    return None
