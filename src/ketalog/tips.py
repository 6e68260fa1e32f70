"""Which recovery tips fit a day, and why: pure rules over the day's situation."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ketalog.model import Checkin, Session
from ketalog.tipdata import BY_KEY, FAMILIES, Family, Tip
from ketalog.trends import MODERATE, SEVERE, level_text

LOW_SLEEP_HOURS = 6
LOW_SLEEP_QUALITY = 4
LOW_WATER = 6
HIGH_EMOTIONS = 7
HIGH_FOG = 6
HIGH_FATIGUE = 8
LOW_MOOD = 2
# Order in which reasons win a place when more apply than tips are shown.
PRIORITY = ("support", "prepare", "rest", "mindfulness", "hydration", "activity")


class Situation(NamedTuple):
    """What the rules look at for one day."""

    day: date
    checkin: Checkin | None = None
    offset: int | None = None  # days since the latest session on or before `day`
    last_session: Session | None = None
    next_session: Session | None = None
    usual_level: float | None = None  # the latest session's starting level
    prolonged: bool = False  # a prolonged-fatigue episode is running


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


def _untagged(family: Family) -> tuple[Tip, ...]:
    plain = tuple(t for t in family.tips if not t.tags & {"prepare", "early", "esketamine"})
    return plain or family.tips


def _reasons(s: Situation) -> dict[str, tuple[str, tuple[Tip, ...]]]:
    """Every rule that fires: bucket -> (reason, candidate tips)."""
    out: dict[str, tuple[str, tuple[Tip, ...]]] = {}
    c = s.checkin
    rest, hydration = BY_KEY["rest"], BY_KEY["hydration"]
    support, mindful, activity = BY_KEY["support"], BY_KEY["mindfulness"], BY_KEY["activity"]

    support_why = []
    if s.prolonged:
        support_why.append("your fatigue has stayed high for more than a few days after a session")
    if c and c.fatigue >= HIGH_FATIGUE:
        support_why.append(f"your fatigue is {c.fatigue}/10")
    if c and c.mood is not None and c.mood <= LOW_MOOD:
        support_why.append(f"your mood is {c.mood}/10")
    if s.usual_level is not None and s.usual_level >= MODERATE:
        word = "severe" if s.usual_level >= SEVERE else "moderate"
        support_why.append(
            f"your usual level before sessions is {level_text(s.usual_level)}/10, {word} "
            "fatigue even on ordinary days"
        )
    if support_why:
        reason = " and ".join(support_why) + " — please let your provider know"
        out["support"] = (reason, support.tagged("provider"))

    if s.next_session is not None:
        ahead = (s.next_session.day - s.day).days
        if 1 <= ahead <= 2:
            when = "tomorrow" if ahead == 1 else "the day after tomorrow"
            tips = rest.tagged("prepare") + hydration.tagged("prepare")
            if s.next_session.drug == "esketamine":
                tips = rest.tagged("esketamine")
            out["prepare"] = (f"your next session is {when}", tips)

    sleep_why = []
    if c and c.sleep_hours is not None and c.sleep_hours < LOW_SLEEP_HOURS:
        sleep_why.append(f"you slept {c.sleep_hours:g} h last night")
    if c and c.sleep_quality is not None and c.sleep_quality <= LOW_SLEEP_QUALITY:
        sleep_why.append(f"your sleep quality was {c.sleep_quality}/10")
    if sleep_why:
        out["rest"] = (" and ".join(sleep_why), rest.tagged("sleep"))
    elif s.offset is not None and s.offset <= 1:
        day = "today is session day" if s.offset == 0 else "it is the day after your session"
        out["rest"] = (day, rest.tagged("early"))

    mind_why = []
    if c and c.emotions is not None and c.emotions >= HIGH_EMOTIONS:
        mind_why.append(f"emotions felt intense ({c.emotions}/10)")
    if c and c.fog is not None and c.fog >= HIGH_FOG:
        mind_why.append(f"the fog is still strong ({c.fog}/10)")
    if mind_why:
        out["mindfulness"] = (" and ".join(mind_why), mindful.tips)

    if c and c.water is not None and c.water < LOW_WATER:
        glasses = "glass" if c.water == 1 else "glasses"
        out["hydration"] = (f"you had {c.water} {glasses} of water", _untagged(hydration))

    if c and s.offset is not None and s.offset >= 3:
        near = s.usual_level + 1 if s.usual_level is not None else 3
        if c.fatigue <= near:
            where = (
                f"is back near your usual {level_text(s.usual_level)}/10"
                if s.usual_level is not None
                else f"is down to {c.fatigue}/10"
            )
            out["activity"] = (f"it is day {s.offset} and your fatigue {where}", activity.tips)
    return out


def choose(s: Situation, limit: int = 3) -> list[Chosen]:
    """1 to `limit` tips for the day, most important first, each with its reason."""
    fired = _reasons(s)
    chosen = []
    for salt, bucket in enumerate(PRIORITY):
        if bucket not in fired:
            continue
        reason, candidates = fired[bucket]
        tip = rotate(candidates, s.day, salt)
        family = BY_KEY[tip.key.split(".")[0]]
        chosen.append(Chosen(family, tip, reason))
    if not chosen:
        reason = (
            "a general tip until you log the day" if s.checkin is None else "for an ordinary day"
        )
        family = FAMILIES[s.day.toordinal() % len(FAMILIES)]
        chosen.append(Chosen(family, rotate(_untagged(family), s.day), reason))
    return chosen[:limit]
