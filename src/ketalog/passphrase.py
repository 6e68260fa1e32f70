"""Getting the passphrase for an encrypted copy: KETALOG_PASSPHRASE for scripts, else
asked on the terminal (twice when it protects something new)."""

from __future__ import annotations

import os
import sys
from getpass import getpass

from ketalog.errors import InputError, KetalogError

ENV = "KETALOG_PASSPHRASE"


def _terminal() -> bool:
    return sys.stdin.isatty()


def _from_env() -> str | None:
    value = os.environ.get(ENV)
    return value if value else None


def for_writing(what: str) -> str:
    """A new passphrase for `what`: from the environment, or typed twice alike."""
    from ketalog.crypto import check_new_passphrase

    found = _from_env()
    if found is not None:
        return check_new_passphrase(found)
    if not _terminal():
        raise KetalogError(f"encrypting {what} needs a passphrase: set {ENV} or run in a terminal")
    first = check_new_passphrase(getpass(f"Passphrase for {what}: "))
    if getpass("The same passphrase again: ") != first:
        raise InputError("the two passphrases differ; nothing was written")
    return first


def for_reading(source: str) -> str:
    """The passphrase of the encrypted file `source`: from the environment, or asked."""
    found = _from_env()
    if found is not None:
        return found
    if not _terminal():
        raise KetalogError(f"{source} is encrypted: set {ENV} or run in a terminal to type it")
    return getpass(f"Passphrase for {source}: ")
