"""Preferences in config.toml: keys, validation, reading and writing."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ketalog.errors import InputError, KetalogError
from ketalog.fields import DRUGS, ROUTES, SESSION, parse_choice

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KEYS = {
    "name": "your name, printed on the provider summary",
    "default_drug": f"drug for new sessions ({', '.join(DRUGS)})",
    "default_route": f"route for new sessions ({', '.join(ROUTES)})",
    "default_dose": "dose in mg for new sessions, as --dose (above 0, at most 1000)",
    "default_dose_per_kg": "dose in mg/kg for new sessions, as --dose-per-kg (above 0, at most 10)",
    "crisis_line": "your own crisis line, shown first with the crisis resources",
    "paper_size": "paper for the PDF summary (a4, letter)",
    "encrypt_backups": "encrypt backups, export files and sync files with a passphrase "
    "(true, false)",
    "device": "the name a journal takes in a sync folder on its first sync (lowercase "
    "letters, digits, -; made on the first sync)",
}
# Names keys had before they matched the flags; still read and set.
ALIASES = {"default_dose_mg": "default_dose", "default_dose_mg_per_kg": "default_dose_per_kg"}
DEVICE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_BOOLEANS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


@dataclass(frozen=True)
class Config:
    name: str | None = None
    default_drug: str | None = None
    default_route: str | None = None
    default_dose: float | None = None
    default_dose_per_kg: float | None = None
    crisis_line: str | None = None
    paper_size: str = "a4"
    encrypt_backups: bool = False
    device: str | None = None

    def session_defaults(self) -> dict[str, Any]:
        pairs = {
            "drug": self.default_drug or "ketamine",
            "route": self.default_route,
            "dose_mg": self.default_dose,
            "dose_mg_per_kg": self.default_dose_per_kg,
        }
        return {k: v for k, v in pairs.items() if v is not None}

    def fill_session(self, values: dict[str, Any]) -> dict[str, Any]:
        """Add the configured drug, route and dose where the session lacks them; a
        dose given in either unit replaces both default doses."""
        defaults = self.session_defaults()
        if "dose_mg" in values or "dose_mg_per_kg" in values:
            defaults.pop("dose_mg", None)
            defaults.pop("dose_mg_per_kg", None)
        return {**defaults, **values}


def canonical(key: str) -> str:
    """The key as ketalog names it: dashes read as underscores, old names as the new
    ones; an unknown key is refused with the nearest known one."""
    name = key.strip().lower().replace("-", "_")
    name = ALIASES.get(name, name)
    if name in KEYS:
        return name
    import difflib

    close = difflib.get_close_matches(name, [*KEYS, *ALIASES], n=1, cutoff=0.6)
    hint = f"did you mean {ALIASES.get(close[0], close[0])}? " if close else ""
    raise InputError(f"config key {key!r} is not known; {hint}keys: {', '.join(KEYS)}")


def parse_value(key: str, raw: str) -> Any:
    """Check one KEY VALUE pair; raise InputError naming what is allowed."""
    key = canonical(key)
    value = raw.strip()
    if key == "default_drug":
        return parse_choice("default_drug", value, DRUGS)
    if key == "default_route":
        return parse_choice("default_route", value, ROUTES)
    if key == "paper_size":
        return parse_choice("paper_size", value, ("a4", "letter"))
    if key == "device":
        if not DEVICE.match(value):
            raise InputError(
                f"device {value!r} is not a name ketalog can use; use 1-40 lowercase "
                "letters, digits and -, like laptop"
            )
        return value
    if key == "encrypt_backups":
        if value.lower() not in _BOOLEANS:
            raise InputError(f"encrypt_backups {value!r} is not one of: true, false")
        return _BOOLEANS[value.lower()]
    if key == "default_dose":
        return SESSION["dose_mg"].parse(value, key)
    if key == "default_dose_per_kg":
        return SESSION["dose_mg_per_kg"].parse(value, key)
    return value


def read_raw(path: Path) -> dict[str, Any]:
    """The config file's keys and values; a file that can't be read is refused with the
    line at fault and how to fix it."""
    if not path.exists():
        return {}
    return _parse(path, _read_bytes(path))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise KetalogError(f"cannot read the config file {path}: {e.strerror}") from None


def _parse(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        line = next(n for n, x in enumerate(raw.split(b"\n"), 1) if not _decodes(x))
        raise _unreadable(path, raw, line, "it is not UTF-8 text") from None
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        found = _AT.search(message)
        why = message[: found.start()] if found else message
        if found and found["line"]:
            line = int(found["line"])
            why += f" at column {found['col']}"
        else:  # "at end of document"
            line = text.rstrip("\n").count("\n") + 1
        raise _unreadable(path, raw, line, why[:1].lower() + why[1:]) from None
    return data


_AT = re.compile(r" \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$")
_SETS = re.compile(rb'^\s*"?([A-Za-z0-9_-]+)"?\s*=')


def _decodes(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _unreadable(path: Path, raw: bytes, line: int, why: str) -> KetalogError:
    from ketalog.visible import visible

    lines = raw.split(b"\n")
    sets = _SETS.match(lines[line - 1]) if line <= len(lines) else None
    key = sets.group(1).decode("ascii") if sets else None
    fix = (
        f'`ketalog config set {key} ""` clears it, or fix line {line} in a text editor'
        if key in KEYS or key in ALIASES
        else f"fix or delete line {line} in a text editor"
    )
    return KetalogError(f"cannot read the config file {path}: line {line}: {visible(why)}; {fix}")


def load(path: Path) -> Config:
    raw = read_raw(path)
    values = {}
    for old, new in ALIASES.items():  # a file written before the keys were renamed
        if old in raw and new not in raw:
            raw[new] = raw[old]
    for key, value in raw.items():
        if key not in KEYS:
            continue  # an old name read above, or a key from a newer ketalog: ignored
        try:
            values[key] = parse_value(key, str(value))
        except InputError as e:
            raise KetalogError(
                f"{path}: {e.message}; set it again with `ketalog config set {key} VALUE`"
            ) from None
    return Config(**values)


def settings(path: Path) -> list[tuple[str, Any, str]]:
    """Every key with its value as set (None: not set, an old name read as the new)
    and its meaning, for `config show`."""
    raw = read_raw(path)
    for old, new in ALIASES.items():
        if old in raw and new not in raw:
            raw[new] = raw[old]
    return [(key, raw.get(key), meaning) for key, meaning in KEYS.items()]


def _editable(path: Path, key: str) -> tuple[str, dict[str, Any]]:
    """The config file's text and values, ready to change `key`. A file that can't be
    read is still repaired when the lines at fault set `key`: they are blanked."""
    if not path.exists():
        return "", {}
    raw = _read_bytes(path)
    try:
        data = _parse(path, raw)
        return raw.decode("utf-8"), data
    except KetalogError:
        lines = raw.split(b"\n")
        ours = [(m := _SETS.match(x)) is not None and m.group(1).decode() == key for x in lines]
        if not any(ours):
            raise
        kept = b"\n".join(b"" if mine else x for x, mine in zip(lines, ours, strict=True))
        return kept.decode("utf-8"), _parse(path, kept)


def save_value(path: Path, key: str, raw: str) -> Any:
    """Set (or, with an empty value, unset) one key; returns the stored value. Every
    other line of the file, comments and keys from a newer ketalog included, is kept."""
    key = canonical(key)
    value = None if raw.strip() == "" else parse_value(key, raw)
    text, before = _editable(path, key)
    import tomlkit

    doc = tomlkit.parse(text)
    expected = dict(before)
    for old in (old for old, new in ALIASES.items() if new == key):  # the new name replaces it
        doc.pop(old, None)
        expected.pop(old, None)
    if value is None:
        doc.pop(key, None)
        expected.pop(key, None)
    else:
        doc[key] = value
        expected[key] = value
    out = tomlkit.dumps(doc)
    if tomllib.loads(out) != expected:  # never write a file that would not read back
        raise KetalogError(f"the config file {path} could not be updated safely; nothing changed")
    from ketalog.files import write_private
    from ketalog.paths import make_private_dir

    make_private_dir(path.parent)
    write_private(path, out.encode("utf-8"), force=True)
    return value
