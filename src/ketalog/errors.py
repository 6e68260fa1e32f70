"""The only exceptions the CLI turns into messages."""

from __future__ import annotations


class KetalogError(Exception):
    """A failure the user should read about in one line (exit status 1)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(KetalogError):
    """Bad input from the user: a value out of range, an unknown choice (exit status 2)."""

    exit_code = 2


class NotFound(KetalogError):
    """Something the user named does not exist (exit status 1)."""


class NoJournal(KetalogError):
    """A reading command found no journal yet."""
