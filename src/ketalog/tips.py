"""Which recovery tips fit a day, and why: pure rules over the day's situation.

Each rule names the tag of the tips that answer its reason (tipdata.py), so the
reason shown always fits the tip beside it, and every tip is reached by some rule.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ketalog.model import Checkin, Session
from ketalog.recovery import MODERATE, SEVERE
from ketalog.stats import level_text
from ketalog.tipdata import BY_KEY, DRIVE_TODAY, DRIVE_TOMORROW, FAMILIES, Family, Tip
from ketalog.wording import plural

LOW_SLEEP_HOURS = 6
LOW_SLEEP_QUALITY = 4
LOW_WATER = 6
HIGH_EMOTIONS = 7
HIGH_FOG = 6
HIGH_FATIGUE = 8
MODERATE_FATIGUE = 4
LOW_MOOD = 2  # at or below: the crisis contacts are shown too
FLAT_MOOD = 4  # at or below (and above LOW_MOOD): therapy and support groups
REASSURE_DAYS = range(4)  # days 0-3 after a session
# Order in which reasons win a place when more apply than tips are shown; a rule's
# position also varies the daily rotation between buckets.
PRIORITY = (
    "support",
    "bladder",
    "warning",
    "prepare",
    "rest",
    "mindfulness",
    "stomach",
    "hydration",
    "energy",
    "activity",
    "visit",
    "talk",
)


class Situation(NamedTuple):
    """What the rules look at for one day."""

    day: date
    checkin: Checkin | None = None
    offset: int | None = None  # days since the latest session on or before `day`
    last_session: Session | None = None
    next_session: Session | None = None
    usual_level: float | None = None  # the latest session's starting level
    prolonged: bool = False  # a prolonged-fatigue episode is running
    symptoms: frozenset[str] = frozenset()  # the day's logged symptoms
    open_questions: int = 0  # questions kept for the provider
    past: bool = False  # `day` is before today (a back-dated check-in): reasons say "was"


class Chosen(NamedTuple):
    family: Family
    tip: Tip
    reason: str

    def to_json(self) -> dict[str, str]:
        return {
            "strategy": self.family.key,
            "title": self.family.title,
            "tip": self.tip.text,
            "key": self.tip.key,
            "reason": self.reason,
        }


def rotate(tips: tuple[Tip, ...], day: date, salt: int = 0) -> Tip:
    """The same day always gives the same tip; the next day gives the next one."""
    return tips[(day.toordinal() + salt) % len(tips)]


def tagged(*tags: str, without: str = "") -> tuple[Tip, ...]:
    """Every tip carrying one of `tags` (and not `without`), in the families' order."""
    wanted = set(tags)
    return tuple(t for f in FAMILIES for t in f.tips if t.tags & wanted and without not in t.tags)


def _is(s: Situation) -> str:
    """The verb of a reason: a back-dated day's reasons are in the past tense."""
    return "was" if s.past else "is"


def _support(s: Situation) -> tuple[str, tuple[Tip, ...]] | None:
    c = s.checkin
    why, tags = [], []
    if s.prolonged:
        why.append("your fatigue has stayed high for more than a few days after a session")
        tags.append("lasting")
    if c and c.fatigue >= HIGH_FATIGUE:
        why.append(f"your fatigue {_is(s)} {c.fatigue}/10")
        tags.append("lasting")
    if c and c.mood is not None and c.mood <= LOW_MOOD:
        why.append(f"your mood {_is(s)} {c.mood}/10")
        tags.append("provider")
    if s.usual_level is not None and s.usual_level >= MODERATE:
        word = "severe" if s.usual_level >= SEVERE else "moderate"
        why.append(
            f"your usual level before sessions is {level_text(s.usual_level)}/10, {word} "
            "fatigue even on ordinary days"
        )
        tags.append("provider")
    if not why:
        return None
    return " and ".join(why) + " — please let your provider know", tagged(*tags)


def _prepare(s: Situation) -> tuple[str, tuple[Tip, ...]] | None:
    if s.next_session is None:
        return None
    ahead = (s.next_session.day - s.day).days
    if ahead == 1:  # the ride is today's driving line; eat and drink well today
        when = "the next day" if s.past else "tomorrow"
        return f"your next session {_is(s)} {when}", tagged("prepare", "eve")
    if ahead == 2:
        when = "two days later" if s.past else "the day after tomorrow"
        return f"your next session {_is(s)} {when}", tagged("prepare", "ride")
    return None


def _rest(s: Situation) -> tuple[str, tuple[Tip, ...]] | None:
    c = s.checkin
    why = []
    if c and c.sleep_hours is not None and c.sleep_hours < LOW_SLEEP_HOURS:
        night = "the night before" if s.past else "last night"
        why.append(f"you slept {c.sleep_hours:g} h {night}")
    if c and c.sleep_quality is not None and c.sleep_quality <= LOW_SLEEP_QUALITY:
        why.append(f"your sleep quality was {c.sleep_quality}/10")
    if "dreams" in s.symptoms:
        why.append("you noted vivid dreams")
    if why:
        return " and ".join(why), tagged("sleep")
    if s.offset == 0:
        return ("it was" if s.past else "today is") + " session day", tagged("session_day")
    if s.offset == 1:
        return f"it {_is(s)} the day after your session", tagged("day_after")
    return None


def _mindfulness(s: Situation) -> tuple[str, tuple[Tip, ...]] | None:
    c = s.checkin
    why, tags = [], []
    if c and c.emotions is not None and c.emotions >= HIGH_EMOTIONS:
        why.append(f"emotions felt intense ({c.emotions}/10)")
        tags.append("emotions")
    if c and c.fog is not None and c.fog >= HIGH_FOG:
        why.append(f"the fog {_is(s)} still strong ({c.fog}/10)")
        tags.append("fog")
    if "anxiety" in s.symptoms:
        why.append("you noted anxiety")
        tags.append("emotions")
    return (" and ".join(why), tagged(*tags)) if why else None


def _warning(s: Situation) -> tuple[str, tuple[Tip, ...]] | None:
    noted = [x for x in ("headache", "dizziness") if x in s.symptoms]
    if not noted:
        return None
    return (
        f"you noted {' and '.join(noted)}; most pass, but know the signs that need help at once",
        tagged("warning"),
    )


def _bladder(s: Situation) -> tuple[str, tuple[Tip, ...]] | None:
    if "bladder" not in s.symptoms:
        return None
    return "you noted bladder or urinary discomfort — tell your provider", tagged("bladder")


def _stomach(s: Situation) -> tuple[str, tuple[Tip, ...]] | None:
    if "nausea" in s.symptoms:
        return "you noted nausea", tagged("stomach")
    if "appetite" in s.symptoms:
        return "you noted a low appetite", tagged("appetite")
    return None


def _hydration(s: Situation) -> tuple[str, tuple[Tip, ...]] | None:
    c = s.checkin
    if c is None or c.water is None or c.water >= LOW_WATER:
        return None
    return f"you had {plural(c.water, 'glass', 'glasses')} of water", tagged("water")


def _energy(s: Situation) -> tuple[str, tuple[Tip, ...]] | None:
    c = s.checkin
    if c is None or s.offset not in (2, 3) or c.fatigue < MODERATE_FATIGUE or _near_usual(s):
        return None
    return f"it {_is(s)} day {s.offset} and your fatigue {_is(s)} {c.fatigue}/10", tagged("energy")


def _near_usual(s: Situation) -> bool:
    """Fatigue within a point of the usual level (or 3 or lower without one)."""
    near = s.usual_level + 1 if s.usual_level is not None else 3
    return s.checkin is not None and s.checkin.fatigue <= near


def _activity(s: Situation) -> tuple[str, tuple[Tip, ...]] | None:
    c = s.checkin
    if c is None or s.offset is None or s.offset < 3 or not _near_usual(s):
        return None
    where = (
        f"{_is(s)} back near your usual {level_text(s.usual_level)}/10"
        if s.usual_level is not None
        else f"{_is(s)} down to {c.fatigue}/10"
    )
    return f"it {_is(s)} day {s.offset} and your fatigue {where}", tagged("resume")


def _visit(s: Situation) -> tuple[str, tuple[Tip, ...]] | None:
    if s.open_questions <= 0:
        return None
    return f"you have {plural(s.open_questions, 'question')} for your provider", tagged("visit")


def _talk(s: Situation) -> tuple[str, tuple[Tip, ...]] | None:
    c = s.checkin
    if c is None or c.mood is None or not LOW_MOOD < c.mood <= FLAT_MOOD:
        return None
    return f"your mood {_is(s)} {c.mood}/10", tagged("talk")


RULES = {
    "support": _support,
    "bladder": _bladder,
    "warning": _warning,
    "prepare": _prepare,
    "rest": _rest,
    "mindfulness": _mindfulness,
    "stomach": _stomach,
    "hydration": _hydration,
    "energy": _energy,
    "activity": _activity,
    "visit": _visit,
    "talk": _talk,
}
assert tuple(RULES) == PRIORITY


def _reasons(s: Situation) -> dict[str, tuple[str, tuple[Tip, ...]]]:
    """Every rule that fires: bucket -> (reason, candidate tips)."""
    out = {}
    for bucket, rule in RULES.items():
        fired = rule(s)
        if fired is not None:
            out[bucket] = fired
    return out


def choose(s: Situation, limit: int = 3) -> list[Chosen]:
    """1 to `limit` tips for the day, most important first, each with its reason.
    A tip already chosen for a weightier reason is not repeated."""
    chosen: list[Chosen] = []
    for bucket, (reason, candidates) in _reasons(s).items():
        fresh = tuple(t for t in candidates if all(t != c.tip for c in chosen))
        if not fresh:
            continue
        tip = rotate(fresh, s.day, PRIORITY.index(bucket))
        chosen.append(Chosen(BY_KEY[tip.key.split(".")[0]], tip, reason))
    if not chosen:
        reason = (
            "a general tip until you log the day" if s.checkin is None else "for an ordinary day"
        )
        tip = rotate(tagged("ordinary"), s.day)
        chosen.append(Chosen(BY_KEY[tip.key.split(".")[0]], tip, reason))
    return chosen[:limit]


def driving(s: Situation) -> str | None:
    """The no-driving point on session day and the day before a planned session,
    whatever the drug (docs/clinical.md). Advice for now: none for a back-dated day."""
    if s.past:
        return None
    if s.offset == 0:
        return DRIVE_TODAY
    if s.next_session is not None and (s.next_session.day - s.day).days == 1:
        return DRIVE_TOMORROW
    return None


def low_mood(c: Checkin | None) -> bool:
    """Mood at LOW_MOOD or below: the crisis contacts are shown with the day."""
    return c is not None and c.mood is not None and c.mood <= LOW_MOOD


def reassure(s: Situation) -> bool:
    """Days 0-3 after a session: say the tiredness is common and usually passes."""
    return s.offset in REASSURE_DAYS
