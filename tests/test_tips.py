"""The tip rules: which strategy fires, why, in what order, and how tips rotate."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from helpers import run, run_ok
from ketalog import tipdata, tips
from ketalog.model import Checkin, Session

DAY = date(2026, 11, 25)


def checkin(fatigue: int = 5, **fields: object) -> Checkin:
    return Checkin(id=1, uid="c", day=DAY, fatigue=fatigue, **fields)  # type: ignore[arg-type]


def session(days_ago: int, drug: str = "ketamine") -> Session:
    return Session(id=1, uid="s", day=DAY - timedelta(days=days_ago), drug=drug, route="iv")


def situation(c: Checkin | None = None, offset: int | None = None, **kw: object) -> tips.Situation:
    last = session(offset) if offset is not None else None
    return tips.Situation(day=DAY, checkin=c, offset=offset, last_session=last, **kw)  # type: ignore[arg-type]


def chosen(s: tips.Situation) -> list[tuple[str, str]]:
    return [(c.family.key, c.reason) for c in tips.choose(s)]


def test_session_day_and_day_after_mean_rest() -> None:
    assert chosen(situation(checkin(), offset=0)) == [("rest", "today is session day")]
    [(key, reason)] = chosen(situation(checkin(), offset=1))
    assert key == "rest" and reason == "it is the day after your session"
    assert "session_day" in tips.choose(situation(checkin(), offset=0))[0].tip.tags
    assert "day_after" in tips.choose(situation(checkin(), offset=1))[0].tip.tags


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"sleep_hours": 4.0}, "you slept 4 h last night"),
        ({"sleep_hours": 5.5}, "you slept 5.5 h last night"),
        ({"sleep_quality": 4}, "your sleep quality was 4/10"),
        (
            {"sleep_hours": 4.5, "sleep_quality": 2},
            "you slept 4.5 h last night and your sleep quality was 2/10",
        ),
    ],
)
def test_short_or_poor_sleep_means_rest_with_sleep_tips(
    fields: dict[str, object], reason: str
) -> None:
    [c] = tips.choose(situation(checkin(**fields), offset=5))
    assert (c.family.key, c.reason) == ("rest", reason)
    assert "sleep" in c.tip.tags


def test_enough_sleep_fires_nothing() -> None:
    [c] = tips.choose(situation(checkin(sleep_hours=6.0, sleep_quality=5), offset=5))
    assert c.reason == "for an ordinary day"


def test_little_water_means_hydration() -> None:
    assert chosen(situation(checkin(water=5), offset=6)) == [
        ("hydration", "you had 5 glasses of water")
    ]
    assert chosen(situation(checkin(water=1), offset=6)) == [
        ("hydration", "you had 1 glass of water")
    ]
    assert all(k != "hydration" for k, _ in chosen(situation(checkin(water=6), offset=6)))


def test_intense_emotions_or_fog_mean_mindfulness() -> None:
    assert chosen(situation(checkin(emotions=7), offset=6)) == [
        ("mindfulness", "emotions felt intense (7/10)")
    ]
    assert chosen(situation(checkin(fog=6), offset=6)) == [
        ("mindfulness", "the fog is still strong (6/10)")
    ]
    assert chosen(situation(checkin(emotions=6, fog=5), offset=6)) == [
        (tips.choose(situation(checkin(), offset=6))[0].family.key, "for an ordinary day")
    ]


def test_back_near_the_usual_level_from_day_3_means_activity() -> None:
    s = situation(checkin(fatigue=4), offset=3, usual_level=3.0)
    assert chosen(s) == [("activity", "it is day 3 and your fatigue is back near your usual 3/10")]
    assert chosen(situation(checkin(fatigue=5), offset=3, usual_level=3.0))[0][0] != "activity"
    assert chosen(situation(checkin(fatigue=4), offset=2, usual_level=3.0))[0][0] != "activity"
    # the usual level is shown rounded as everywhere else: 2.25 -> 2.3
    assert chosen(situation(checkin(fatigue=3), offset=5, usual_level=2.25))[0][1].endswith(
        "back near your usual 2.3/10"
    )
    # without a usual level, "near" means 3 or lower
    assert chosen(situation(checkin(fatigue=3), offset=4))[0] == (
        "activity",
        "it is day 4 and your fatigue is down to 3/10",
    )


def test_a_moderate_usual_level_is_raised_with_the_provider() -> None:
    reason = chosen(situation(checkin(fatigue=5), offset=5, usual_level=5.0))[0]
    assert reason == (
        "support",
        "your usual level before sessions is 5/10, moderate fatigue even on ordinary days "
        "— please let your provider know",
    )
    severe = chosen(situation(checkin(fatigue=7), offset=5, usual_level=7.5))[0][1]
    assert "7.5/10, severe fatigue" in severe
    assert chosen(situation(checkin(fatigue=4), offset=5, usual_level=3.75))[0][0] != "support"


@pytest.mark.parametrize(
    ("c", "kw", "reason"),
    [
        (checkin(fatigue=8), {}, "your fatigue is 8/10 — please let your provider know"),
        (checkin(mood=2), {}, "your mood is 2/10 — please let your provider know"),
        (
            checkin(),
            {"prolonged": True},
            "your fatigue has stayed high for more than a few days after a session — please let "
            "your provider know",
        ),
    ],
)
def test_support_names_the_provider(c: Checkin, kw: dict[str, object], reason: str) -> None:
    first = tips.choose(situation(c, offset=6, **kw))[0]
    assert (first.family.key, first.reason) == ("support", reason)
    assert "provider" in first.tip.text


def test_a_session_the_day_after_tomorrow_means_preparation() -> None:
    upcoming = Session(id=2, uid="n", day=DAY + timedelta(days=2), drug="ketamine", route="iv")
    [c] = tips.choose(situation(checkin(), offset=8, next_session=upcoming))
    assert c.reason == "your next session is the day after tomorrow"
    assert "prepare" in c.tip.tags
    far = upcoming._replace(day=DAY + timedelta(days=3))
    assert (
        "prepare" not in tips.choose(situation(checkin(), offset=8, next_session=far))[0].tip.tags
    )


def test_a_session_tomorrow_means_eating_well_and_the_ride_is_the_driving_line() -> None:
    upcoming = Session(
        id=2, uid="n", day=DAY + timedelta(days=1), drug="esketamine", route="intranasal"
    )
    s = situation(checkin(), offset=8, next_session=upcoming)
    [c] = tips.choose(s)
    assert c.reason == "your next session is tomorrow"
    assert c.tip.tags & {"prepare", "eve"} and "ride" not in c.tip.tags
    assert tips.driving(s) is not None and "ride" in tips.driving(s)  # type: ignore[operator]


def test_ties_keep_the_priority_order_and_at_most_three() -> None:
    busy = checkin(fatigue=9, sleep_hours=4.0, water=2, emotions=9)
    keys = [k for k, _ in chosen(situation(busy, offset=1))]
    assert keys == ["support", "rest", "mindfulness"]  # hydration is fourth, cut
    assert [c.family.key for c in tips.choose(situation(busy, offset=1), limit=5)] == [
        "support",
        "rest",
        "mindfulness",
        "hydration",
    ]


def test_nothing_logged_gives_a_general_tip_and_a_gentle_reason() -> None:
    [c] = tips.choose(situation(None, offset=None))
    assert c.reason == "a general tip until you log the day"
    assert "ordinary" in c.tip.tags


def test_rotation_is_deterministic_and_changes_day_to_day() -> None:
    s = situation(checkin(emotions=9), offset=6)
    assert tips.choose(s) == tips.choose(s)
    texts = {tips.choose(s._replace(day=DAY + timedelta(days=n)))[0].tip.text for n in range(4)}
    assert len(texts) == 4


def test_content_has_five_families_with_six_tips_and_safety_points() -> None:
    assert tipdata.KEYS == ("rest", "hydration", "mindfulness", "activity", "support")
    for family in tipdata.FAMILIES:
        assert len(family.tips) >= 6 and family.why.count(".") >= 2
    every = " ".join(t.text for f in tipdata.FAMILIES for t in f.tips)
    for needle in ("chest pain", "bladder", "esketamine", "drive", "provider"):
        assert needle in every
    assert len({t.key for f in tipdata.FAMILIES for t in f.tips}) == sum(
        len(f.tips) for f in tipdata.FAMILIES
    )


def test_tips_cli() -> None:
    run_ok("session", "add", "--route", "iv", "--date", "yesterday")
    run_ok("log", "--fatigue", "6", "--sleep-hours", "4")
    r = run("tips")
    assert r.code == 0
    assert "1. Rest and recovery — you slept 4 h last night" in r.out
    assert r.out.count("not medical advice") == 1
    data = json.loads(run("tips", "--json").out)
    assert (
        data["tips"][0]["strategy"] == "rest"
        and data["tips"][0]["reason"] == "you slept 4 h last night"
    )


def test_tips_strategy_and_all() -> None:
    out = run("tips", "--strategy", "activity").out
    assert out.startswith("Gradual activity resumption [activity]")
    assert out.count("•") == len(tipdata.BY_KEY["activity"].tips)
    everything = run("tips", "--all").out
    assert all(f"[{k}]" in everything for k in tipdata.KEYS)
    assert everything.count("not medical advice") == 1
    data = json.loads(run("tips", "--all", "--json").out)
    assert [f["key"] for f in data["strategies"]] == list(tipdata.KEYS)


def test_unknown_strategy_lists_the_five_keys() -> None:
    r = run("tips", "--strategy", "sleep")
    assert r.code == 2
    for key in tipdata.KEYS:
        assert key in r.err


def test_log_ends_with_one_tip_for_the_logged_day() -> None:
    r = run("log", "--fatigue", "5", "--water", "2", "--date", "yesterday")
    tip = " ".join(r.out.split("Tip · ", 1)[1].split())
    assert tip.startswith("Hydration and nutrition (you had 2 glasses of water)")
    assert tip.endswith("(General wellness guidance, not medical advice.)")
    assert r.out.count("Tip ·") == 1


def test_tips_without_a_journal_nudges_to_log() -> None:
    out = run("tips").out
    assert "Nothing logged for today yet" in out
