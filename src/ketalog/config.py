"""Preferences in config.toml: keys, validation, reading and writing."""

from __future__ import annotations

import os
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
    "default_dose_mg": "dose in mg for new sessions (above 0, at most 1000)",
    "default_dose_mg_per_kg": "dose in mg/kg for new sessions (above 0, at most 10)",
    "crisis_line": "your own crisis line, shown first with the crisis resources",
    "paper_size": "paper for the PDF summary (a4, letter)",
}


@dataclass(frozen=True)
class Config:
    name: str | None = None
    default_drug: str | None = None
    default_route: str | None = None
    default_dose_mg: float | None = None
    default_dose_mg_per_kg: float | None = None
    crisis_line: str | None = None
    paper_size: str = "a4"

    def session_defaults(self) -> dict[str, Any]:
        pairs = {
            "drug": self.default_drug or "ketamine",
            "route": self.default_route,
            "dose_mg": self.default_dose_mg,
            "dose_mg_per_kg": self.default_dose_mg_per_kg,
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


def parse_value(key: str, raw: str) -> Any:
    """Check one KEY VALUE pair; raise InputError naming what is allowed."""
    if key not in KEYS:
        raise InputError(f"config key {key!r} is not known; use one of: {', '.join(KEYS)}")
    value = raw.strip()
    if key == "default_drug":
        return parse_choice("default_drug", value, DRUGS)
    if key == "default_route":
        return parse_choice("default_route", value, ROUTES)
    if key == "paper_size":
        return parse_choice("paper_size", value, ("a4", "letter"))
    if key == "default_dose_mg":
        return SESSION["dose_mg"].parse(value)
    if key == "default_dose_mg_per_kg":
        return SESSION["dose_mg_per_kg"].parse(value)
    return value


def read_raw(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        return data
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise KetalogError(f"cannot read the config file {path}: {e}") from None


def load(path: Path) -> Config:
    raw = read_raw(path)
    values = {}
    for key, value in raw.items():
        if key not in KEYS:
            continue  # a key from a newer ketalog: keep it, but ignore it
        try:
            values[key] = parse_value(key, str(value))
        except InputError as e:
            raise KetalogError(f"{path}: {e.message}") from None
    return Config(**values)


def _toml_value(value: Any) -> str:
    if isinstance(value, (int, float)):
        return repr(value)
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def save_value(path: Path, key: str, raw: str) -> Any:
    """Set (or, with an empty value, unset) one key; returns the stored value."""
    data = read_raw(path)
    if raw.strip() == "":
        if key not in KEYS:
            raise InputError(f"config key {key!r} is not known; use one of: {', '.join(KEYS)}")
        data.pop(key, None)
        value = None
    else:
        value = parse_value(key, raw)
        data[key] = value
    text = "".join(f"{k} = {_toml_value(v)}\n" for k, v in data.items())
    from ketalog.paths import make_private_dir

    make_private_dir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return value
