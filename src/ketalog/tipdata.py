"""The words of the five recovery strategies. Data only: tips.py picks from it.

General wellness guidance written for ketalog; it is not medical advice.
"""

from __future__ import annotations

from typing import NamedTuple

DISCLAIMER = (
    "Tips are general wellness guidance, not medical advice; your care team knows your "
    "situation best."
)

# `ketalog tips --why`: why people feel drained after a session (docs/clinical.md).
WHY_TITLE = "Why am I so tired after a session?"
WHY_TIRED = (
    "Your brain is working hard. Ketamine sets off fast changes in how nerve cells signal "
    "and helps them build new connections; that rebuilding uses real energy.",
    "The detached feeling wears you out. Being far away from yourself during a session "
    "can leave you spent once it lifts, more so after a higher dose or a longer session.",
    "Feelings take effort. Sessions can stir up strong emotions and memories, and working "
    "through them is tiring in itself.",
    "Sleep can be off. Some people sleep less well for a few nights after a session, and "
    "a short night shows the next day.",
)
WHY_DEPENDS = (
    "How much this hits you depends on the drug and how it is given (IV, intranasal, "
    "oral), on the dose and on how close together sessions are; `ketalog trends --by "
    "route` shows your own pattern."
)
WHY_PASSES = (
    "It is usually temporary: for most people the tiredness fades within a few days, and "
    "many then feel more energetic than before treatment. If it keeps going past a few "
    "days, tell your provider."
)
# One line on `today` in the first days after a session (days 0-3).
REASSURE = (
    "Feeling drained in the first days after a session is common and usually passes within "
    "a few days (`ketalog tips --why` says why)."
)
# The no-driving point: docs/clinical.md (esketamine label; clinics say the same after ketamine).
DRIVE_TODAY = (
    "No driving today: do not drive or use machinery until the next day, after a restful "
    "night's sleep."
)
DRIVE_TOMORROW = (
    "Session tomorrow: arrange a ride home; do not drive after it until the next day, after "
    "a restful night's sleep."
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
                {"session_day"},
            ),
            (
                "Book the day after a session lightly too; if work allows, start late or "
                "work from home.",
                {"session_day", "prepare"},
            ),
            (
                "A 20–30 minute nap early in the afternoon restores without spoiling the "
                "night; set an alarm.",
                {"session_day", "day_after", "sleep"},
            ),
            (
                "Go to bed and get up at your usual times for the next few nights, even if "
                "sleep is patchy.",
                {"day_after", "sleep"},
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
                {"ride"},
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
            (
                "Aim for 6–8 glasses of water today; keep a full bottle within reach so you "
                "don't have to think about it.",
                {"water", "ordinary"},
            ),
            (
                "Eat something small every 3–4 hours: toast with nut butter, yoghurt, a "
                "banana, soup.",
                {"appetite", "energy"},
            ),
            (
                "If your stomach is unsettled, try ginger tea, plain crackers or broth, then "
                "a normal meal once it settles.",
                {"stomach"},
            ),
            (
                "Build meals around protein, whole grains and vegetables for a few days; "
                "they keep energy steadier than sugar.",
                {"energy"},
            ),
            (
                "Cut back on caffeine and sugary drinks, which give a lift and then a dip.",
                {"energy"},
            ),
            (
                "The day before a session, eat regular meals and drink well; follow your "
                "clinic's instructions about fasting beforehand.",
                {"eve"},
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
            (
                "Try five minutes of slow breathing: in for 4, out for 6, hand on your belly.",
                {"emotions", "ordinary"},
            ),
            (
                "Write three lines about what came up in the session; you don't have to "
                "make sense of it yet.",
                {"emotions"},
            ),
            (
                "A body scan lying down, from toes to head, is a gentle way back after "
                "feeling detached.",
                {"fog"},
            ),
            (
                "Gentle yoga or stretching for 10 minutes; move slowly and stop at any dizziness.",
                {"fog"},
            ),
            (
                "Step outside for a few minutes and name five things you can see, four you "
                "can hear, three you can touch.",
                {"fog", "emotions"},
            ),
            (
                "Listen to calm music or a guided meditation instead of the news or a busy feed.",
                {"emotions", "ordinary"},
            ),
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
            (
                "Start with a 10-minute walk at an easy pace, ideally in daylight.",
                {"resume", "ordinary"},
            ),
            ("This week, add about 5 minutes a day if you felt fine the day after.", {"resume"}),
            ("Break chores into short blocks with a sit-down in between.", {"resume"}),
            (
                "Pick one small, satisfying task today, like one drawer or one email, and "
                "stop there.",
                {"resume", "ordinary"},
            ),
            (
                "Save hard workouts until your fatigue has been near your usual level for a "
                "couple of days.",
                {"resume"},
            ),
            (
                "If a walk leaves you more drained the next day, go back to the last "
                "distance that felt fine.",
                {"resume"},
            ),
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
                {"lasting"},
            ),
            (
                "Bring `ketalog summary` to your next appointment so you don't have to "
                "remember the details.",
                {"visit", "ordinary"},
            ),
            (
                "Let someone close to you know your session days, so they can check in and "
                "help out.",
                {"prepare"},
            ),
            (
                "Contact your provider if you can't stay awake, notice bladder or urinary "
                "problems, or your mood is low or getting worse.",
                {"provider", "bladder", "lasting"},
            ),
            (
                "Call emergency services right away for chest pain, shortness of breath, a "
                "sudden severe headache, changes in vision, a seizure or fainting.",
                {"warning"},
            ),
            (
                "Therapy alongside treatment, or a support group for people in ketamine or "
                "esketamine care, can help you make sense of what comes up.",
                {"talk"},
            ),
        ),
    ),
)

BY_KEY = {f.key: f for f in FAMILIES}
KEYS = tuple(BY_KEY)
