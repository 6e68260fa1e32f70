"""From factors to findings: the tests run, their verdicts, and the words that say them.

Pure: plain records and a `today` in, plain data out (docs/insights.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from ketalog.insights import stats
from ketalog.insights.factors import (
    DAYS,
    EARLY_FATIGUE,
    LIMIT,
    NEXT_DAY,
    RECOVERY,
    SESSION_OUTCOMES,
    Extracted,
    Factor,
    extract,
)
from ketalog.insights.words import (
    FEW,
    LOGGED,
    OUTCOME_LABELS,
    OUTCOME_NAMES,
    POWER,
    YOU,
    Voice,
    Words,
    words_for,
)
from ketalog.model import Checkin, Session
from ketalog.stats import int_if_whole, level_text, median, round1, whole_day
from ketalog.wording import plural, route_label


class Group(NamedTuple):
    label: str  # "6 or more", "IV"
    n: int
    median: float | None
    mark: str = ""  # the label in a narrow table: "6+", "IV"

    def to_json(self) -> dict[str, object]:
        return {"label": self.label, "n": self.n, "median": self.median}


class Finding(NamedTuple):
    factor: str
    label: str
    outcome: str
    rho: float | None
    groups: list[Group]
    difference: float | None  # first group's median outcome minus the second's
    chance: float | None
    verdict: str
    note: str  # what is missing, or what the verdict rests on
    words: Words
    grouped: bool  # route or drug rather than a number
    units: str  # "sessions" or "days"

    @property
    def n(self) -> int:
        return sum(g.n for g in self.groups)

    @property
    def short_note(self) -> str:
        """The note for a table cell: '' where it only says there are few sessions yet
        (said once under the table) or repeats the verdict."""
        if self.note.startswith(_HALVES):
            return self.note
        if self.verdict != stats.NOT_ENOUGH or self.note.startswith(FEW):
            return ""
        return self.note.split(";")[0] if self.note.startswith(LOGGED) else self.note

    @property
    def untested(self) -> bool:
        """Not enough yet for a reason more sessions alone would not change: nothing
        logged, nothing that varies, no outcome yet. Said in a line, not a table row."""
        return self.verdict == stats.NOT_ENOUGH and not self.note.startswith(_COUNTED)

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    def sentence(self, voice: Voice = YOU) -> str:
        """A pattern in plain words ('' for anything else): 'After sessions where you
        drank 6 or more glasses a day on days 0-2, you were back by day 2 (5 sessions);
        with less, by day 4 (4 sessions). Chance alone gives a gap this big about 1
        time in 15.'"""
        if self.verdict != stats.PATTERN or len(self.groups) != 2:
            return ""
        a, b = self.groups
        first = _outcome_words(self.outcome, a, self.units, voice, lead=True)
        second = _outcome_words(self.outcome, b, self.units, voice, lead=False)
        w = self.words
        if self.grouped:
            other = "the others" if b.label == "others" else f"{b.label} ones"
            said = f"After {a.label} sessions {first}; after {other}, {second}."
        elif self.units == "days":
            said = f"{w.above.format(t=a.label, who=voice.who)}, {first}; with {w.below}, {second}."
        else:
            said = (
                f"After sessions where {w.above.format(t=a.label, who=voice.who)}, {first}; "
                f"with {w.below}, {second}."
            )
        said = f"{said} Chance alone gives a gap this big {chance_words(self.chance)}."
        if w.caveat:
            said = f"{said} {w.caveat}"
        return f"{said} {voice.discuss}" if w.provider else said

    def to_json(self) -> dict[str, object]:
        return {
            "factor": self.factor,
            "label": self.label,
            "outcome": self.outcome,
            "rho": None if self.rho is None else round(self.rho, 3),
            "groups": [g.to_json() for g in self.groups],
            "difference": self.difference,
            "chance": None if self.chance is None else round(self.chance, 4),
            "verdict": self.verdict,
            "note": self.note,
        }


class Insights(NamedTuple):
    findings: list[Finding]
    sessions: int  # sessions looked at
    total_sessions: int  # sessions in the journal up to today
    limit: int

    @property
    def patterns(self) -> list[Finding]:
        """Patterns, the least likely by chance first."""
        found = [f for f in self.findings if f.verdict == stats.PATTERN]
        return sorted(found, key=lambda f: (f.chance or 0.0, -abs(f.rho or 0.0)))

    @property
    def others(self) -> list[Finding]:
        return [f for f in self.findings if f.verdict != stats.PATTERN]

    def scope(self, voice: Voice = YOU) -> str | None:
        """Which sessions were looked at, said plainly (None without sessions)."""
        whose = voice.whose
        if self.total_sessions > self.sessions:
            return (
                f"From {whose} latest {self.sessions} sessions (of {self.total_sessions}): "
                f"ketalog looks at the latest {self.limit} at most."
            )
        if self.sessions == 0:
            return None
        return f"From {whose} {plural(self.sessions, 'session')}."

    def power(self) -> str | None:
        """Said while there are fewer sessions than a real difference usually needs."""
        if self.sessions >= stats.ENOUGH_SESSIONS or not self.findings:
            return None
        return POWER.format(enough=stats.ENOUGH_SESSIONS, n=self.sessions)

    def to_json(self) -> list[dict[str, object]]:
        return [f.to_json() for f in self.findings]


def compute(
    sessions: Sequence[Session], checkins: Sequence[Checkin], today: date, *, limit: int = LIMIT
) -> Insights:
    """Every factor against every outcome, tested together (max-T), with verdicts."""
    return analyse(extract(sessions, checkins, today, limit=limit), limit)


class _Pair(NamedTuple):
    factor: Factor
    outcome: str
    units: list[int]
    x: list[float]
    y: list[float]
    groups: list[tuple[str, str, list[int]]]  # (label, mark, units): upper/first, the rest
    label_suffix: str  # " (IV vs others)" for groups with more than two values


def analyse(e: Extracted, limit: int = LIMIT) -> Insights:
    pairs: list[_Pair] = []
    for f in e.factors:
        for o in SESSION_OUTCOMES if f.unit == "session" else (NEXT_DAY,):
            pairs += _pairs(f, o, e.outcomes[o])
    tests = [stats.Test(p.factor.unit, p.units, p.x, p.y) for p in pairs]
    run = [t for t in tests if _testable(t)]
    results = iter(stats.max_t(run, e.universes))
    findings = [
        _finding(p, next(results) if _testable(t) else stats.Tested(None, None), e)
        for p, t in zip(pairs, tests, strict=True)
    ]
    return Insights(findings, len(e.sessions), e.total_sessions, limit)


def _testable(t: stats.Test) -> bool:
    return len(t.units) >= 2 * stats.MIN_SIDE


def _pairs(f: Factor, outcome: str, ys: dict[int, float]) -> list[_Pair]:
    units = sorted(u for u in f.values if u in ys)
    y = [ys[u] for u in units]
    if not f.grouped:
        x = [float(f.values[u]) for u in units]
        if not units:
            return [_Pair(f, outcome, [], [], [], [], "")]
        split, _, _ = stats.split_at_median(x, y)
        (named_up, mark_up), (named_down, mark_down) = _threshold(x, split)
        up = [u for u, v in zip(units, x, strict=True) if split.upper(v)]
        down = [u for u, v in zip(units, x, strict=True) if not split.upper(v)]
        groups = [(named_up, mark_up, up), (named_down, mark_down, down)]
        return [_Pair(f, outcome, units, x, y, groups, "")]
    labels = [str(f.values[u]) for u in units]
    kinds = sorted(set(labels), key=lambda k: (-labels.count(k), k))

    def of(kind: str) -> list[int]:
        return [u for u, lab in zip(units, labels, strict=True) if lab == kind]

    if len(kinds) <= 2:
        x = [1.0 if lab == kinds[0] else 0.0 for lab in labels]
        named = [(route_label(k), route_label(k), of(k)) for k in kinds]
        return [_Pair(f, outcome, units, x, y, named, "")]
    out = []
    for k in kinds:
        x = [1.0 if lab == k else 0.0 for lab in labels]
        rest = [u for u, lab in zip(units, labels, strict=True) if lab != k]
        groups = [(route_label(k), route_label(k), of(k)), ("others", "others", rest)]
        out.append(_Pair(f, outcome, units, x, y, groups, f" ({route_label(k)} vs others)"))
    return out


def _threshold(x: Sequence[float], split: stats.Split) -> tuple[tuple[str, str], tuple[str, str]]:
    """How the halves are named, in words and in a narrow table. Above the median:
    '6 or more' ('6+') and 'less than 6' ('<6') for whole numbers, else 'more than 5.5'
    ('>5.5') and '5.5 or less' ('≤5.5'). At or above it: '84 or more' ('84+') and
    'less than 84' ('<84'), or '7.5 or more' ('≥7.5') and 'less than 7.5' ('<7.5')."""
    whole = all(float(v).is_integer() for v in x)
    if split.at_or_above:
        shown = f"{split.cut:g}" if whole else level_text(split.cut)
        return (f"{shown} or more", f"{shown}+" if whole else f"≥{shown}"), (
            f"less than {shown}",
            f"<{shown}",
        )
    if whole:
        t = math.floor(split.cut) + 1
        return (f"{t} or more", f"{t}+"), (f"less than {t}", f"<{t}")
    shown = level_text(split.cut)  # one decimal, as every level is shown: '7.8', not '7.83'
    return (f"more than {shown}", f">{shown}"), (f"{shown} or less", f"≤{shown}")


def _finding(p: _Pair, t: stats.Tested, e: Extracted) -> Finding:
    ys = e.outcomes[p.outcome]
    groups = [
        Group(
            label,
            len(us),
            int_if_whole(round(median([ys[u] for u in us]), 2)) if us else None,
            mark,
        )
        for label, mark, us in p.groups
    ]
    per_day = p.factor.unit == "day"
    sessions = len({e.day_session[u] for u in p.units}) if per_day else len(p.units)
    sides = _sides(p, e)
    medians = [g.median for g in groups]
    difference = None
    if len(medians) == 2 and medians[0] is not None and medians[1] is not None:
        difference = int_if_whole(round(medians[0] - medians[1], 2))
    w = words_for(p.factor)
    found = Finding(
        factor=p.factor.key,
        label=w.label + p.label_suffix,
        outcome=p.outcome,
        rho=t.rho,
        groups=groups,
        difference=difference,
        chance=t.chance,
        verdict=stats.verdict(t.rho, t.chance, sides, sessions, _gap(p.outcome, groups)),
        note="",
        words=w,
        grouped=p.factor.grouped,
        units="days" if per_day else "sessions",
    )
    return found._replace(note=_note(found, p, e, sessions, sides))


def _gap(outcome: str, groups: Sequence[Group]) -> float | None:
    """The gap between the halves' medians as they are shown: whole days for the
    recovery day (1.5 and 2 both read 'day 2'), one decimal for fatigue."""
    if len(groups) != 2 or groups[0].median is None or groups[1].median is None:
        return None
    a, b = groups[0].median, groups[1].median
    if outcome == RECOVERY:
        return whole_day(a) - whole_day(b)
    return round1(a) - round1(b)


def _sides(p: _Pair, e: Extracted) -> list[int]:
    """What each side rests on: its sessions, or for a daily factor the sessions its
    days come from ([0] unless there are two sides)."""
    if len(p.groups) != 2:
        return [0]
    if p.factor.unit == "day":
        return [len({e.day_session[u] for u in us}) for _, _, us in p.groups]
    return [len(us) for _, _, us in p.groups]


MISSING_OUTCOME = {
    RECOVERY: "no recovery day yet: it needs a starting level and check-ins on days 1–7",
    EARLY_FATIGUE: "no check-ins on days 1–3 after a session yet",
    NEXT_DAY: "no two days in a row logged after a session yet",
}


_HAS = "has"
_HALVES = "the halves' medians"
_COUNTED = (_HAS, FEW, LOGGED, _HALVES)  # the notes of a factor that was tested, or could be


def _note(f: Finding, p: _Pair, e: Extracted, sessions: int, sides: Sequence[int]) -> str:
    """What is missing, or what the verdict rests on, in one line."""
    halves = _halves_note(f)
    if f.verdict != stats.NOT_ENOUGH:
        return halves or f"chance alone: {chance_words(f.chance)}"
    unit = f.units
    if not p.factor.values:
        if p.factor.key == "days_since_previous":
            return "needs the session before it: the first session has no gap"
        if p.factor.drug is not None:
            return f"no {p.factor.drug} dose recorded"
        return "not logged yet"
    if not e.outcomes[p.outcome]:
        return MISSING_OUTCOME[p.outcome]
    outcome = OUTCOME_NAMES[p.outcome]
    if not p.units:
        return f"never logged for the same {unit} as {outcome}"
    if p.factor.grouped and len(f.groups) == 1:
        return f"every {unit[:-1]} was {f.groups[0].label}: nothing to compare yet"
    if len(p.units) == 1:
        return f"only 1 {unit[:-1]} has both so far: nothing to compare yet"
    if len(set(p.x)) == 1:
        same = level_text(p.x[0])
        return f"the same every time ({same} {f.words.amount}): nothing to compare yet"
    if len(set(p.y)) == 1:
        return f"{outcome} was the same every time: nothing to compare yet"
    if f.rho is None and unit == "days" and len(p.units) >= 2 * stats.MIN_SIDE:
        strata = [e.day_strata[u] for u in p.units]
        what = "it" if not _varies(p.x, strata) else outcome
        return (
            f"{what} never differs between days at the same point after a session: "
            "nothing to compare yet"
        )
    if f.chance is None or min(sides) < stats.MIN_SIDE:
        have = " and ".join(str(g.n) for g in f.groups)
        if unit == "days":
            from_ = " and ".join(map(str, sides))
            return (
                f"{_HAS} {have} days, from {from_} sessions; needs days from "
                f"{stats.MIN_SIDE} or more sessions on each side"
            )
        return f"{_HAS} {have} {unit}; needs {stats.MIN_SIDE} or more on each side"
    if halves:
        return halves
    after = (
        f"a 2-day difference usually shows after about {stats.ENOUGH_SESSIONS} sessions"
        if p.outcome == RECOVERY
        else f"a real difference usually needs about {stats.ENOUGH_SESSIONS} sessions to show"
    )
    days = f"{f.n} days, from " if unit == "days" else ""
    if sessions < len(e.sessions):
        return f"{LOGGED} {days}{sessions} of {len(e.sessions)} sessions so far; {after}"
    return f"{FEW} {days}{plural(sessions, 'session')} so far; {after}"


def _varies(values: Sequence[float], strata: Sequence[int]) -> bool:
    """Whether the values differ within any stratum."""
    seen: dict[int, set[float]] = {}
    for v, k in zip(values, strata, strict=True):
        seen.setdefault(k, set()).add(v)
    return any(len(vs) > 1 for vs in seen.values())


def _halves_note(f: Finding) -> str:
    """Why a strong, unlikely rho is still no pattern: the halves' medians, as shown,
    are not a day or a point apart the way it points ('' otherwise)."""
    gap = _gap(f.outcome, f.groups)
    if f.rho is None or f.chance is None or gap is None:
        return ""
    if f.chance > stats.PATTERN_CHANCE or abs(f.rho) < stats.PATTERN_RHO:
        return ""
    if stats.agrees(f.rho, gap):
        return ""
    if gap == 0:
        return f"{_HALVES} are the same: no gap to call a pattern"
    if (gap > 0) != (f.rho > 0):
        return f"{_HALVES} differ the other way round from rho: no clear gap"
    step = "a day" if f.outcome == RECOVERY else "a point"
    return f"{_HALVES} are less than {step} apart: too small a gap to call a pattern"


def chance_words(chance: float | None) -> str:
    """'about 1 time in 15'."""
    if chance is None:
        return "not tested"
    if chance < 0.001:
        return "less than 1 time in 1,000"
    if chance > 0.5:
        return "more than 1 time in 2"
    return f"about 1 time in {math.floor(1 / chance):,}"  # 0.104: 9, never the 10 of a pattern


def _outcome_words(outcome: str, g: Group, unit: str, voice: Voice, *, lead: bool) -> str:
    count = f"({plural(g.n, unit[:-1], unit)})"
    if g.median is None:
        return count
    if outcome == RECOVERY:
        if g.median > DAYS:
            gone = f"{voice.who} {voice.was} not back" if lead else "not back"
            return f"{gone} by day {DAYS} {count}"
        back = f"{voice.who} {voice.was} back by" if lead else "by"
        return f"{back} day {whole_day(g.median)} {count}"
    whose = f"{voice.whose} fatigue" if lead else "fatigue"
    when = "on days 1–3" if outcome == EARLY_FATIGUE else "the next day"
    return f"{whose} {when} was {level_text(g.median)}/10 {count}"
