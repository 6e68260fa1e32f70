"""Passphrase encryption of ketalog's copies (backups, exports, sync files) with age,
through pyrage. Everything happens in memory: no plaintext copy is ever written.

Only the copies are protected; the journal on this computer stays a plain SQLite file.
"""

from __future__ import annotations

from ketalog.errors import InputError, KetalogError

AGE_MAGIC = b"age-encryption.org/v1\n"
SUFFIX = ".age"
MIN_PASSPHRASE = 8


def is_age(data: bytes) -> bool:
    """Whether `data` is an age file (the binary format pyrage writes)."""
    return data.startswith(AGE_MAGIC)


def check_new_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InputError(
            f"the passphrase is too short ({len(passphrase)} characters); use at least "
            f"{MIN_PASSPHRASE}, a few unrelated words are easy to remember"
        )
    return passphrase


def encrypt(data: bytes, passphrase: str) -> bytes:
    from pyrage import EncryptError
    from pyrage import passphrase as age

    try:
        return age.encrypt(data, check_new_passphrase(passphrase))
    except EncryptError as e:
        raise KetalogError(f"could not encrypt: {e}") from None


def decrypt(data: bytes, passphrase: str, source: str) -> bytes:
    """The plaintext of an age file; a wrong passphrase or a damaged file is refused."""
    from pyrage import DecryptError
    from pyrage import passphrase as age

    try:
        return age.decrypt(data, passphrase)
    except DecryptError:
        raise KetalogError(
            f"{source} could not be decrypted: wrong passphrase, or the file is damaged; "
            "nothing was changed"
        ) from None
