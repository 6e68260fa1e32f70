"""Crisis resources, kept in one place and dated. Checked 2026-11 (CLINICAL.md)."""

from __future__ import annotations

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
