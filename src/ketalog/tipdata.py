"""The words of the five recovery strategies. Data only: tips.py picks from it.

General wellness guidance written for ketalog; it is not medical advice.
"""

from __future__ import annotations

from typing import NamedTuple

DISCLAIMER = (
    "Tips are general wellness guidance, not medical advice; your care team knows your "
    "situation best."
)


class Tip(NamedTuple):
    key: str  # stable: "<family>.<n>"
    text: str
    tags: frozenset[str] = frozenset()


class Family(NamedTuple):
    key: str
    title: str
    why: str
    tips: tuple[Tip, ...]

    def tagged(self, tag: str) -> tuple[Tip, ...]:
        return tuple(t for t in self.tips if tag in t.tags)

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "title": self.title,
            "why": self.why,
            "tips": [{"key": t.key, "tip": t.text} for t in self.tips],
        }


def _tips(family: str, *items: tuple[str, set[str]] | str) -> tuple[Tip, ...]:
    out = []
    for n, item in enumerate(items, 1):
        text, tags = (item, set()) if isinstance(item, str) else item
        out.append(Tip(f"{family}.{n}", text, frozenset(tags)))
    return tuple(out)


FAMILIES: tuple[Family, ...] = (
    Family(
        key="rest",
        title="Rest and recovery",
        why=(
            "Rewiring after a session takes real brain energy, and the detached feeling "
            "can leave you spent once it lifts. Planned downtime lets that work finish "
            "instead of competing with a full day."
        ),
        tips=_tips(
            "rest",
            (
                "Keep the rest of session day free: no errands, no big decisions, no "
                "screens that demand focus.",
                {"early"},
            ),
            (
                "Book the day after a session lightly too; if work allows, start late or "
                "work from home.",
                {"early", "prepare"},
            ),
            (
                "A 20–30 minute nap early in the afternoon restores without spoiling the "
                "night; set an alarm.",
                {"early", "sleep"},
            ),
            (
                "Go to bed and get up at your usual times for the next few nights, even if "
                "sleep is patchy.",
                {"sleep"},
            ),
            (
                "Dim lights and put the phone away an hour before bed; a warm shower helps "
                "the body wind down.",
                {"sleep"},
            ),
            (
                "Skip caffeine after midday and alcohol altogether for the days around a "
                "session; both disturb sleep.",
                {"sleep"},
            ),
            (
                "Clear the day after your session now: move meetings, line up help with "
                "children or pets, leave the evening empty.",
                {"prepare"},
            ),
            (
                "Arrange your ride home before session day; you should not drive until the "
                "next day after a restful night's sleep, and after esketamine that is the "
                "rule.",
                {"prepare", "esketamine"},
            ),
        ),
    ),
    Family(
        key="hydration",
        title="Hydration and nutrition",
        why=(
            "A brain busy building new connections runs on steady fuel and fluid. Nausea "
            "or skipped meals on session day leave less of both, which deepens the crash."
        ),
        tips=_tips(
            "hydration",
            "Aim for 6–8 glasses of water today; keep a full bottle within reach so you "
            "don't have to think about it.",
            "Eat something small every 3–4 hours: toast with nut butter, yoghurt, a banana, soup.",
            "If your stomach is unsettled, try ginger tea, plain crackers or broth, then "
            "a normal meal once it settles.",
            "Build meals around protein, whole grains and vegetables for a few days; "
            "they keep energy steadier than sugar.",
            "Cut back on caffeine and sugary drinks, which give a lift and then a dip.",
            (
                "The day before a session, eat regular meals and drink well; follow your "
                "clinic's instructions about fasting beforehand.",
                {"prepare"},
            ),
            (
                "Pack a water bottle and a light snack for the trip home after the session.",
                {"prepare"},
            ),
        ),
    ),
    Family(
        key="mindfulness",
        title="Mindfulness and relaxation",
        why=(
            "Sessions can stir up strong feelings and memories, and working through them "
            "is tiring. Calm, unhurried attention helps the mind settle and lifts the "
            "lingering fog."
        ),
        tips=_tips(
            "mindfulness",
            "Try five minutes of slow breathing: in for 4, out for 6, hand on your belly.",
            "Write three lines about what came up in the session; you don't have to "
            "make sense of it yet.",
            "A body scan lying down, from toes to head, is a gentle way back after "
            "feeling detached.",
            "Gentle yoga or stretching for 10 minutes; move slowly and stop at any dizziness.",
            "Step outside for a few minutes and name five things you can see, four you "
            "can hear, three you can touch.",
            "Listen to calm music or a guided meditation instead of the news or a busy feed.",
        ),
    ),
    Family(
        key="activity",
        title="Gradual activity resumption",
        why=(
            "Moving a little helps energy and sleep come back, but pushing hard too soon "
            "can stretch out the tiredness. Start small and let your body set the pace."
        ),
        tips=_tips(
            "activity",
            "Start with a 10-minute walk at an easy pace, ideally in daylight.",
            "This week, add about 5 minutes a day if you felt fine the day after.",
            "Break chores into short blocks with a sit-down in between.",
            "Pick one small, satisfying task today, like one drawer or one email, and stop there.",
            "Save hard workouts until your fatigue has been near your usual level for a "
            "couple of days.",
            "If a walk leaves you more drained the next day, go back to the last "
            "distance that felt fine.",
        ),
    ),
    Family(
        key="support",
        title="Seek support",
        why=(
            "Your provider can only adjust dose, route or spacing if they know how "
            "recovery is going. Talking with people who understand also lightens the "
            "emotional load."
        ),
        tips=_tips(
            "support",
            (
                "Tell your provider how long the tiredness lasts after sessions; fatigue "
                "that keeps going past a few days is worth raising.",
                {"provider"},
            ),
            "Bring `ketalog summary` to your next appointment so you don't have to "
            "remember the details.",
            "Let someone close to you know your session days, so they can check in and help out.",
            (
                "Contact your provider if you can't stay awake, notice bladder or urinary "
                "problems, or your mood is low or getting worse.",
                {"provider"},
            ),
            "Call emergency services right away for chest pain, shortness of breath, a "
            "sudden severe headache, changes in vision, a seizure or fainting.",
            "Therapy alongside treatment, or a support group for people in ketamine or "
            "esketamine care, can help you make sense of what comes up.",
        ),
    ),
)

BY_KEY = {f.key: f for f in FAMILIES}
KEYS = tuple(BY_KEY)
