"""The pure merge behind `ketalog sync`: what two journals agree on, entry by entry.

Each side is a journal as its export holds it: live rows and deletion records, keyed by
(table, uid). For each entry the newest version wins, a deletion counting as a version
made when it was deleted and winning a tie; two check-ins for one day keep the newer.
`merge` is commutative, associative and idempotent, so every computer that has seen the
same files holds the same journal, whatever the order it saw them in. Nothing here reads
a file, the clock or the journal.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, NamedTuple

Key = tuple[str, str]  # (table, uid)


class Side(NamedTuple):
    """A journal's entries as an export holds them: live rows and deletion records."""

    rows: dict[Key, dict[str, Any]]
    gone: dict[Key, str]  # deleted_at


def _stamp(text: str) -> datetime:
    from ketalog.deletions import stamp

    return stamp(text)


def canonical(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)


def _version(side: Side, key: Key) -> tuple[Any, ...] | None:
    """The order in which versions of one entry win: newer first; at the same moment a
    deletion, then the larger content (any fixed rule would do: all sides agree)."""
    best: tuple[Any, ...] | None = None
    if key in side.rows:
        row = side.rows[key]
        best = (_stamp(row["updated_at"]), 0, canonical(row))
    if key in side.gone:
        mark = (_stamp(side.gone[key]), 1, "")
        best = mark if best is None or mark > best else best
    return best


def merge(a: Side, b: Side) -> Side:
    """The journal both sides agree on: commutative, associative and idempotent."""
    rows: dict[Key, dict[str, Any]] = {}
    gone: dict[Key, str] = {}
    for key in {*a.rows, *a.gone, *b.rows, *b.gone}:
        va, vb = _version(a, key), _version(b, key)
        side = a if vb is None or (va is not None and va >= vb) else b
        win = va if side is a else vb
        assert win is not None
        if win[1] == 1:
            gone[key] = side.gone[key]
        else:
            rows[key] = side.rows[key]
    return _one_checkin_a_day(Side(rows, gone))


def _one_checkin_a_day(side: Side) -> Side:
    by_day: dict[str, list[Key]] = {}
    for key, row in side.rows.items():
        if key[0] == "checkin":
            by_day.setdefault(row["day"], []).append(key)
    rows, gone = dict(side.rows), dict(side.gone)
    for keys in by_day.values():
        if len(keys) < 2:
            continue
        keys.sort(key=lambda k: (_stamp(rows[k]["updated_at"]), canonical(rows[k])))
        winner = rows[keys[-1]]
        for loser in keys[:-1]:
            del rows[loser]
            gone[loser] = winner["updated_at"]  # a deletion wins its tie with the loser
    return Side(rows, gone)


def both_changed(local: Side, remote: Side, base: Side | None) -> int:
    """Entries changed here and there, to different content, since `base`: what this
    computer last wrote to the folder (so what the other could have merged)."""
    if base is None:
        return 0
    count = 0
    for key, mine in local.rows.items():
        theirs, was = remote.rows.get(key), base.rows.get(key)
        if theirs is None or was is None:
            continue
        mine_c, theirs_c, was_c = canonical(mine), canonical(theirs), canonical(was)
        if (
            mine_c != theirs_c
            and mine_c != was_c
            and theirs_c != was_c
            and _stamp(theirs["updated_at"]) > _stamp(was["updated_at"])
        ):
            count += 1
    return count


class Changes(NamedTuple):
    """What turns `before` into `after` in a journal."""

    removed: list[tuple[Key, str]]  # live entries that go, with their deletion time
    marked: list[tuple[Key, str]]  # deletion records of entries not here
    changed: list[tuple[str, dict[str, Any]]]
    added: list[tuple[str, dict[str, Any]]]
    revived: list[Key]  # deletion records dropped: the entry lives again

    @property
    def empty(self) -> bool:
        return not (self.removed or self.marked or self.changed or self.added or self.revived)


def changes(before: Side, after: Side) -> Changes:
    removed = [(k, after.gone[k]) for k in before.rows if k not in after.rows]
    marked = [
        (k, at) for k, at in after.gone.items() if k not in before.rows and before.gone.get(k) != at
    ]
    changed = [
        (k[0], row)
        for k, row in after.rows.items()
        if k in before.rows and canonical(before.rows[k]) != canonical(row)
    ]
    added = [(k[0], row) for k, row in after.rows.items() if k not in before.rows]
    revived = [k for k in before.gone if k not in after.gone]
    return Changes(removed, marked, changed, added, revived)
