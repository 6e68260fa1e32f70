"""A row from outside the journal (an export file, a backup) checked against the
journal's rules before anything is written; a bad row is refused, naming where it is."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from ketalog import deletions
from ketalog.dates import is_stored_time
from ketalog.errors import KetalogError
from ketalog.fields import CHECKIN, DRUGS, ROUTES, SESSION, Field
from ketalog.visible import is_utf8

_UID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadRow(KetalogError):
    """A row of a file that breaks the journal's rules: where it is, and why."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}; nothing was imported")
        self.where = where
        self.why = why


def valid_uid(uid: str) -> bool:
    return _UID.match(uid) is not None


def check_row(table: str, row: Any, where: str) -> dict[str, Any]:
    """One row from a file, validated like typed input; raises naming the row."""
    if not isinstance(row, dict):
        raise BadRow(where, "not an object")
    out: dict[str, Any] = {}
    uid = row.get("uid")
    if not isinstance(uid, str) or not valid_uid(uid):
        raise BadRow(where, f"uid {uid!r} is missing or not valid")
    out["uid"] = uid
    day = row.get("day")
    if not isinstance(day, str) or not _DAY.match(day) or not _is_date(day):
        raise BadRow(where, f"day {day!r} is not a YYYY-MM-DD date")
    out["day"] = day
    for stamp in ("created_at", "updated_at"):
        value = row.get(stamp)
        if not isinstance(value, str) or not deletions.is_stamp(value):
            raise BadRow(where, f"{stamp} {value!r} is not an ISO timestamp")
        out[stamp] = value
    if table == "assessment":
        return {**out, **_check_assessment(row, where)}
    if table == "question":
        return {**out, **_check_question(row, where)}
    specs: dict[str, Field] = SESSION if table == "session" else CHECKIN
    for name, spec in specs.items():
        value = row.get(name)
        if value is None:
            out[name] = None
            continue
        if spec.kind == "text":
            if not isinstance(value, str):
                raise BadRow(where, f"{name} is not text")
            if not is_utf8(value):
                raise BadRow(where, f"{name} holds a lone surrogate (such as \\ud800), not text")
            out[name] = value
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise BadRow(where, f"{name} {value!r} is not a number")
        try:
            out[name] = spec.parse(value)
        except KetalogError as e:
            raise BadRow(where, e.message.replace(spec.flag, name, 1)) from None
    if table == "checkin":
        if out["fatigue"] is None:
            raise BadRow(where, "fatigue is missing")
        provider = row.get("for_provider", False)
        if provider not in (True, False, 0, 1):
            raise BadRow(where, f"for_provider {provider!r} is not true or false")
        out["for_provider"] = int(bool(provider))
        out["symptoms"] = _check_symptoms(row.get("symptoms"), where)
    else:
        for name, choices in (("drug", DRUGS), ("route", ROUTES)):
            if row.get(name) not in choices:
                raise BadRow(where, f"{name} {row.get(name)!r} is not one of {', '.join(choices)}")
            out[name] = row[name]
        time = row.get("time")
        if time is not None and (not isinstance(time, str) or not is_stored_time(time)):
            raise BadRow(where, f"time {time!r} is not HH:MM")
        out["time"] = time
    return out


def _check_symptoms(value: Any, where: str) -> str | None:
    """Symptoms as stored ('headache,nausea') or as a list; each from the vocabulary."""
    from ketalog.fields import SYMPTOMS, symptoms_text

    if value is None or value == "" or value == []:
        return None
    keys = value.split(",") if isinstance(value, str) else value
    if not isinstance(keys, list) or any(not isinstance(k, str) or k not in SYMPTOMS for k in keys):
        raise BadRow(where, f"symptoms {value!r} are not from: {', '.join(SYMPTOMS)}")
    return symptoms_text(set(keys))


def _check_question(row: dict[str, Any], where: str) -> dict[str, Any]:
    from ketalog.questions import QUESTION_MAX

    text, done = row.get("text"), row.get("done")
    if not isinstance(text, str) or not text.strip() or len(text) > QUESTION_MAX:
        raise BadRow(where, f"text must be a question of 1-{QUESTION_MAX} characters")
    if not is_utf8(text):
        raise BadRow(where, "text holds a lone surrogate (such as \\ud800), not text")
    if done is not None and (
        not isinstance(done, str) or not _DAY.match(done) or not _is_date(done)
    ):
        raise BadRow(where, f"done {done!r} is not a YYYY-MM-DD date")
    return {"text": text, "done": done}


def _check_assessment(row: dict[str, Any], where: str) -> dict[str, Any]:
    """A questionnaire from a file: its total, band and item 9 are recomputed, never trusted."""
    from ketalog import assess

    name = row.get("instrument")
    inst = assess.INSTRUMENTS.get(name) if isinstance(name, str) else None
    if inst is None:
        raise BadRow(where, f"instrument {brief(name)} is not phq9 or gad7")
    answers = row.get("answers")
    if (
        not isinstance(answers, list)
        or any(isinstance(a, bool) or a not in (0, 1, 2, 3) for a in answers)
        or len(answers) != len(inst.items)
    ):
        raise BadRow(where, f"answers must be {len(inst.items)} numbers, each 0-3")
    scored = assess.score(inst, tuple(answers))
    difficulty = row.get("difficulty")
    if difficulty is not None and (inst.key != "phq9" or difficulty not in (0, 1, 2, 3)):
        raise BadRow(where, f"difficulty {difficulty!r} is not 0-3")
    return {
        "instrument": inst.key,
        "answers": json.dumps(list(scored.answers)),
        "total": scored.total,
        "band": scored.band,
        "item9": scored.item9,
        "difficulty": difficulty,
    }


def brief(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _is_date(text: str) -> bool:
    return _parses(date.fromisoformat, text)


def _parses(parse: Callable[[str], object], text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True
