"""The days-since-session maths of docs/recovery-maths.md, checked against hand-worked numbers."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ketalog import curves, readings, recovery, stats, trends, wording
from ketalog.model import Checkin, Session

D0 = date(2026, 3, 2)  # a Monday


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def sessions(*days: int, route: str = "iv", drug: str = "ketamine") -> list[Session]:
    return [
        Session(id=i + 1, uid=f"s{i}", day=day(d), drug=drug, route=route)
        for i, d in enumerate(days)
    ]


def checkins(fatigue: dict[int, int], **extra: dict[int, float]) -> list[Checkin]:
    out = []
    for i, (d, f) in enumerate(sorted(fatigue.items())):
        fields = {k: v[d] for k, v in extra.items() if d in v}
        out.append(Checkin(id=i + 1, uid=f"c{i}", day=day(d), fatigue=f, **fields))  # type: ignore[arg-type]
    return out


def offsets(t_sessions: list[Session], t_checkins: list[Checkin]) -> dict[int, int | None]:
    return {(p.checkin.day - D0).days: p.offset for p in recovery.place(t_sessions, t_checkins)}


def row(t: trends.Trends, d: int | str) -> curves.DayStats:
    return next(r for r in t.groups[0].fatigue.rows if r.day == d)


def test_offsets_before_first_session_are_none_and_session_day_is_zero() -> None:
    s = sessions(3, 10)
    c = checkins({0: 2, 3: 7, 4: 6, 9: 3, 10: 8, 12: 4})
    assert offsets(s, c) == {0: None, 3: 0, 4: 1, 9: 6, 10: 0, 12: 2}


def test_twice_weekly_day_3_of_one_is_day_0_of_the_next() -> None:
    s = sessions(0, 3, 7, 10)  # Mon/Thu twice a week
    c = checkins({d: 5 for d in range(0, 12)})
    assert offsets(s, c) == {
        0: 0,
        1: 1,
        2: 2,
        3: 0,
        4: 1,
        5: 2,
        6: 3,
        7: 0,
        8: 1,
        9: 2,
        10: 0,
        11: 1,
    }


def flat(first: int, last: int, fatigue: int) -> dict[int, int]:
    return {d: fatigue for d in range(first, last + 1)}


def one_session(after: dict[int, int], *, start: int = 3, days: int = 7) -> trends.Trends:
    """A session on day 28 after four weeks at `start`; `after` maps offsets to fatigue."""
    c = checkins({**flat(0, 27, start), **{28 + d: f for d, f in after.items()}})
    return trends.compute(sessions(28), c, days=days)


# --- starting level ---------------------------------------------------------------


def test_lower_quartile_is_the_inclusive_method() -> None:
    # hand-worked: 13 values -> rank (13-1)/4 = 3 exactly; 14 values -> 3.25
    assert stats.lower_quartile([5, 1, 4, 2, 3]) == 2
    assert stats.lower_quartile([1, 2, 3, 4]) == 1.75
    assert stats.lower_quartile([2] * 9 + [3] * 2 + [4] * 3) == 2
    assert stats.lower_quartile([0, 10, 10, 10, 10, 10]) == 10  # rank 1.25 between 10s


@given(st.lists(st.integers(0, 10), min_size=2, max_size=40))
def test_lower_quartile_matches_statistics(values: list[int]) -> None:
    import statistics

    expected = statistics.quantiles(values, n=4, method="inclusive")[0]
    assert stats.lower_quartile(values) == expected


def test_starting_level_is_the_lower_of_eve_median_and_recent_quartile() -> None:
    # sessions on days 10, 20, 30; the eve of day 20 is missing (days 17-19 not logged)
    s = sessions(10, 20, 30)
    c = checkins({**flat(5, 9, 2), 10: 8, 11: 6, 12: 4, 13: 3, 14: 2, 15: 2, 16: 2,
                  20: 8, 21: 5, 22: 3, 23: 2, 24: 2, 25: 3, 26: 3, 27: 4, 28: 4, 29: 4,
                  30: 7})  # day: fatigue, in rows as a table  # fmt: skip
    t = trends.compute(s, c)
    a, b, c30 = (r.start for r in t.sessions)
    # day 10: eve = day 9 (2); quiet in 28 days = days 5-9 (five 2s): quartile 2
    assert (a.eve_median, a.recent_quartile, a.value) == (2, 2, 2)
    assert a.eve is not None and a.eve.day == day(9)
    # day 20: no eve of its own; the latest that exist: [2]; quiet: 5-9 and 14-16 (2s)
    assert b.eve is None and (b.eve_median, b.recent_quartile, b.value) == (2, 2, 2)
    # day 30: eves [2, 4] -> median 3; quiet in days 2-29: nine 2s, two 3s, three 4s:
    # rank 13/4 = 3.25 between 2 and 2 -> 2; the lower of 3 and 2 is 2
    assert (c30.eve_median, c30.recent_quartile, c30.value) == (3, 2, 2)
    assert t.usual_level == 2 and t.usual_session == s[2]


def test_latest_three_eve_readings_and_their_median() -> None:
    # weekly sessions, each eve (offset 6) logged: 2, 6, 3, 5; nothing else quiet enough
    # for estimate (b) to have 4 values in the last sessions' windows? it does: the eves
    # themselves are quiet (offset 6), so (b) is there too and can be the lower one
    s = sessions(7, 14, 21, 28)
    c = checkins({6: 2, 13: 6, 20: 3, 27: 5})
    starts = [r.start for r in trends.compute(s, c).sessions]
    assert [x.eve_median for x in starts] == [2, 4, 3, 5]  # [2], [2,6], [2,6,3], [6,3,5]
    assert [x.recent_quartile for x in starts] == [None, None, None, 2.75]  # 2,6,3,5 -> 2.75
    assert [x.value for x in starts] == [2, 4, 3, 2.75]


def test_mon_wed_fri_induction_has_no_eve_reading_and_no_start() -> None:
    # no check-in before treatment: the days before each session are crash days
    s = sessions(0, 2, 4, 7, 9, 11)
    t = trends.compute(s, checkins(flat(0, 13, 6)))
    assert all(r.start.eve is None and r.start_level is None for r in t.sessions)
    assert t.usual_level is None and all(r.recovery_day is None for r in t.sessions)
    assert t.counts == recovery.RecoveryCounts(0, 0, 6)
    assert not t.prolonged
    lines = readings.reading(t)
    assert lines[0] == readings.NO_START
    assert readings.CANNOT_JUDGE in lines


def test_induction_after_a_quiet_week_keeps_the_quiet_week_as_start() -> None:
    s = sessions(7, 9, 11, 14, 16, 18)
    pre = {0: 3, 1: 4, 2: 3, 3: 2, 4: 3, 5: 3, 6: 2}
    crash = {d: 7 for d in range(7, 20)}
    t = trends.compute(s, checkins({**pre, **crash}))
    # the day-6 reading is the eve of the first two sessions and counts once; later
    # sessions have none of their own; quartile of the quiet week 2,2,3,3,3,3,4: 2.5
    assert [r.start.eve_median for r in t.sessions] == [2] * 6
    assert [r.start.recent_quartile for r in t.sessions] == [2.5] * 6
    assert t.usual_level == 2


def test_one_check_in_before_a_flat_6_is_not_a_start_from_nothing() -> None:
    # the first case of the old reading: constant 6, one check-in before the session
    t = trends.compute(sessions(1), checkins(flat(0, 12, 6)))
    [r] = t.sessions
    assert r.start_level == 6 and r.recovery_day == 1 and not r.prolonged
    lines = readings.reading(t)
    assert lines[0].startswith("Your usual level: 6/10 (moderate)")
    assert "That everyday level is itself moderate fatigue" in lines[1]
    assert "worth raising with your provider" in lines[1]


# --- recovery day -----------------------------------------------------------------


def test_relapse_is_not_recovered_on_day_2() -> None:
    # start 3: day 2 (4) is back, but day 3 (8) is clearly up again; day 5 (3) stays
    t = one_session({0: 7, 1: 7, 2: 4, 3: 8, 4: 5, 5: 3}, start=3)
    [r] = t.sessions
    assert r.start_level == 3 and r.recovery_day == 5
    assert not r.prolonged  # day 4 (5) is not above 3 + 2
    # the same days against a start of 2: day 4 (5) is above 4, before recovery
    [r2] = one_session({0: 7, 1: 7, 2: 4, 3: 8, 4: 5, 5: 3}, start=2).sessions
    assert r2.recovery_day == 5 and r2.prolonged_days == [4]


def test_relapse_never_back_within_the_window() -> None:
    [r] = one_session({0: 7, 1: 7, 2: 5, 3: 8}, start=4).sessions
    # day 2: 5 <= 5 but day 3: 8 > 6; day 3 is the last own check-in, before day 4
    assert r.recovery_day is None and r.outcome == "unknown"


def test_one_point_wobble_after_recovery_keeps_the_recovery() -> None:
    [r] = one_session({0: 8, 1: 6, 2: 3, 3: 4, 4: 3, 5: 2}, start=2).sessions
    assert r.recovery_day == 2  # 3 <= 2 + 1, next 4 <= 2 + 2
    assert not r.prolonged


def test_single_late_blip_after_recovery_is_not_prolonged() -> None:
    after = {0: 8, 1: 5, 2: 3, 3: 2, 4: 2, 5: 2, 12: 6}
    t = one_session(after, start=2, days=14)
    [r] = t.sessions
    assert r.recovery_day == 2 and r.prolonged_days == [] and not t.prolonged
    assert not any("day 12" in line for line in readings.reading(t))


def test_flat_6_has_no_post_session_fatigue() -> None:
    t = one_session(flat(0, 10, 6), start=6)
    [r] = t.sessions
    assert r.start_level == 6 and r.recovery_day == 1 and not r.prolonged
    assert row(t, 0).vs_start == 0 and row(t, "later").vs_start == 0


def test_recovery_looks_only_at_the_next_check_in_up_to_day_n() -> None:
    # day 3 is back; its next own check-in (day 5) is beyond --days 3, so it stands
    [r] = one_session({0: 8, 3: 3, 5: 9}, start=2, days=3).sessions
    assert r.recovery_day == 3
    [r7] = one_session({0: 8, 3: 3, 5: 9}, start=2, days=7).sessions
    assert r7.recovery_day is None and r7.outcome == "not_recovered"


def test_depressed_start_then_weekly_sessions() -> None:
    # 14 days at 7 (depression), then weekly esketamine: 8, 7, 6, 6, 6, 6, 2
    week = [8, 7, 6, 6, 6, 6, 2]
    fatigue = {
        **flat(0, 13, 7),
        **{14 + 7 * w + i: f for w in range(4) for i, f in enumerate(week)},
    }
    t = trends.compute(sessions(14, 21, 28, 35), checkins(fatigue))
    first, *rest = t.sessions
    assert first.start_level == 7 and first.recovery_day == 1  # severe before treatment
    # day 21: eves [7, 2] -> 4.5; quiet in 28 days: fourteen 7s, 6, 6, 2 -> rank 4: 7
    # day 28: eves [7, 2, 2] -> 2 (the quartile of 2, 2, 6, 6, 6, 6, 7 x 14 is 6)
    assert [r.start_level for r in rest] == [4.5, 2, 2]
    assert [r.recovery_day for r in rest] == [6, 6, 6]
    assert [r.prolonged_days for r in rest] == [[], [4, 5], [4, 5]]  # 6 > 2 + 2
    assert t.typical_recovery_day == 6 and t.counts == recovery.RecoveryCounts(4, 0, 0)
    assert t.usual_level == 2
    lines = readings.reading(t)
    assert "Typical recovery day: day 6 (recovered 4 of 4 sessions)." in lines
    assert (
        "After the 6 Apr 2026 session fatigue was above 4/10 on days 4 (6/10) and 5 (6/10), "
        "longer than the usual few days — worth raising with your provider." in lines
    )
    assert not any("still" in line for line in lines)  # the latest check-in is a day 6


def test_still_only_while_the_latest_check_in_is_a_prolonged_day() -> None:
    fatigue = {**flat(0, 6, 2), 7: 8, 8: 7, 9: 6, 10: 6, 11: 6, 12: 6}
    t = trends.compute(sessions(7), checkins(fatigue))
    [r] = t.sessions
    assert r.prolonged_days == [4, 5] and t.is_latest(r)
    assert readings.prolonged_sentence(r, still=True) == (
        "Fatigue is still above 4/10 on days 4 (6/10) and 5 (6/10) after your 9 Mar 2026 "
        "session — please tell your provider; they may want to adjust the plan."
    )
    assert any(line.startswith("Fatigue is still above 4/10") for line in readings.reading(t))
    later = trends.compute(sessions(7), checkins({**fatigue, 13: 2}))
    assert not later.is_latest(later.sessions[0])
    assert not any("still" in line for line in readings.reading(later))


def test_prolonged_without_a_starting_level_needs_7_or_more() -> None:
    # no eve reading, so no start: only 7 or more on days 4-14 counts; the values sit on
    # each edge (6 and 7, day 3 and day 4) so a looser or stricter rule changes the days
    t = trends.compute(sessions(0), checkins({0: 8, 1: 8, 2: 7, 3: 9, 4: 6, 5: 7, 6: 8}))
    [r] = t.sessions
    assert r.start_level is None and r.recovery_day is None
    assert r.prolonged_days == [5, 6]  # not day 3 (too early), not day 4 (6 is below 7)
    assert readings.prolonged_phrase(r) == "at 7/10 or more on days 5 (7/10) and 6 (8/10)"
    assert r.outcome == "unknown"


def test_prolonged_only_counts_offsets_4_to_14_of_its_own_session() -> None:
    s = sessions(0, 30)
    c = checkins({0: 5, 3: 9, 15: 9, 16: 1, 30: 1, 34: 1})
    t = trends.compute(s, c)
    # no start for the first session; offset 3 (9) is too early, offset 15 (9) too late
    assert [r.prolonged for r in t.sessions] == [False, False]


def test_prolonged_at_7_even_with_a_high_start() -> None:
    # day 4 (7) is back within 1 of 6, but the next day (9) is clearly up again
    [r] = one_session({0: 8, 4: 7, 5: 9}, start=6).sessions
    assert r.start_level == 6 and r.recovery_day is None
    assert r.prolonged_days == [4, 5]  # 7 is severe, though not above 6 + 2
    assert readings.prolonged_phrase(r) == "at 7/10 or more on days 4 (7/10) and 5 (9/10)"


def test_typical_day_is_a_whole_day_halves_up_with_counts() -> None:
    # recovery days 3 and 4: median 3.5 -> day 4
    s = sessions(28, 42, 56)
    fatigue = {**flat(0, 27, 2), 28: 8, 29: 6, 30: 5, 31: 3, 32: 2, 33: 2, 34: 2,
               35: 2, 36: 2, 37: 2, 38: 2, 39: 2, 40: 2, 41: 2,
               42: 8, 43: 6, 44: 5, 45: 4, 46: 3, 47: 2, 48: 2, 49: 2, 50: 2,
               56: 8, 57: 7, 58: 7, 59: 6, 60: 6, 61: 5, 62: 5, 63: 5}  # day: fatigue, one row per session  # fmt: skip
    t = trends.compute(s, checkins(fatigue))
    assert [r.recovery_day for r in t.sessions] == [3, 4, None]
    assert t.typical_recovery_day == 4
    assert t.counts == recovery.RecoveryCounts(recovered=2, not_recovered=1, unknown=0)
    assert readings.typical_text(t.typical_recovery_day, t.counts, t.days) == (
        "Typical recovery day: day 4 (recovered 2 of 3 sessions, 1 not back within 7 days)."
    )


def test_counts_words_for_one() -> None:
    counts = recovery.RecoveryCounts(1, 0, 1)
    assert readings.counts_text(counts, 1) == (
        "recovered 1 of 2 sessions, 1 with too few check-ins or no starting level to tell"
    )
    assert readings.counts_text(recovery.RecoveryCounts(0, 1, 0), 1) == (
        "recovered 0 of 1 session, 1 not back within 1 day"
    )
    assert wording.plural(1, "quiet day") == "1 quiet day"
    assert wording.plural(2, "quiet day") == "2 quiet days"


# --- placing, curves, groups ---------------------------------------------------------


def test_curve_rows_later_bucket_and_vs_start() -> None:
    s = sessions(10, 20)
    c = checkins({5: 2, 6: 2, 7: 2, 9: 2, 10: 8, 11: 6, 12: 5, 15: 2, 19: 1,
                  20: 7, 21: 4, 22: 4, 30: 2})  # day: fatigue, in rows as a table  # fmt: skip
    t = trends.compute(s, c, days=3)
    # day 10: eve 2 (day 9), quiet 5,6,7,9 -> quartile 2: start 2
    # day 20: eves [2, 1] -> 1.5; quiet 5,6,7,9,15,19 (2,2,2,2,2,1) -> 1.25 + ... = 2? :
    #   sorted 1,2,2,2,2,2, rank 5/4 = 1.25 -> 2: start min(1.5, 2) = 1.5
    assert [r.start_level for r in t.sessions] == [2, 1.5]
    assert [r.day for r in t.groups[0].fatigue.rows] == [0, 1, 2, 3, "later"]
    assert row(t, 0) == curves.DayStats(0, 2, 7.5, 7.5, 7, 8, ((8 - 2) + (7 - 1.5)) / 2)
    assert row(t, 1).n == 2 and row(t, 1).mean == 5.0 and row(t, 1).median == 5
    assert row(t, 2).mean == 4.5 and (row(t, 2).min, row(t, 2).max) == (4, 5)
    assert row(t, 3).n == 0 and row(t, 3).mean is None
    later = row(t, "later")  # offsets 5, 9 and 10 (day 30 is offset 10 of day 20)
    assert (later.n, later.mean, later.median, later.min, later.max) == (3, 1.7, 2, 1, 2)
    assert later.to_json()["vs_start"] == round(((2 - 2) + (1 - 2) + (2 - 1.5)) / 3, 1)


def test_mean_rounds_half_up_to_one_decimal() -> None:
    s = sessions(0)
    c = checkins({0: 2, 7: 2, 14: 2, 21: 3})  # offsets 0, 7, 14, 21 -> later: 2, 2, 3 with days=3
    t = trends.compute(s, c, days=3)
    assert row(t, "later").mean == 2.3  # 7/3 = 2.333...
    assert stats.round1(2.25) == 2.3 and stats.round1(2.35) == 2.4 and stats.round1(0.05) == 0.1
    assert stats.level_text(2.25) == "2.3" and stats.level_text(2.0) == "2"


def test_counted_words_go_through_one_plural() -> None:
    assert wording.plural(1, "check-in") == "1 check-in"
    assert wording.plural(3650, "check-in") == "3,650 check-ins"
    assert wording.plural(2, "entry was", "entries were") == "2 entries were"
    assert wording.noun(1, "day") == "day" and wording.noun(2, "day") == "days"
    hand_rolled = re.compile(
        r"""['"]s['"] if |else ['"]s['"]|if [\w.()]+ [!=]= 1 else ['"][\w ]+['"]"""
    )
    package = Path(wording.__file__).parent
    found = [
        f"{p.relative_to(package)}:{n}"
        for p in package.rglob("*.py")
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if hand_rolled.search(line)
    ]
    assert found == []


def test_vs_start_is_written_by_one_function_for_tables_and_summary() -> None:
    assert [stats.signed(x) for x in (1.25, -0.5, 0.04, -0.04, None)] == [
        "+1.3",
        "-0.5",
        "±0.0",
        "±0.0",
        "",
    ]
    package = Path(stats.__file__).parent
    defined = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if re.search(r"^def signed\(", p.read_text(), re.MULTILINE)
    ]
    assert defined == ["stats.py"]


def test_a_session_never_recovered_before_the_next() -> None:
    s = sessions(10, 13)
    c = checkins({0: 2, 1: 2, 9: 2, 10: 8, 11: 7, 12: 6, 13: 8, 14: 6, 15: 2})
    t = trends.compute(s, c)
    assert [r.start_level for r in t.sessions] == [2, 2]
    assert [r.recovery_day for r in t.sessions] == [None, 2]
    assert t.sessions[0].fatigue_by_day == {0: 8, 1: 7, 2: 6}
    assert t.sessions[0].outcome == "unknown"  # the next session came on day 3
    assert [r.days_since_previous for r in t.sessions] == [None, 3]


def test_two_sessions_on_one_day_the_later_owns_the_checkins() -> None:
    s = [
        Session(id=1, uid="a", day=day(0), drug="ketamine", route="iv", time="15:00"),
        Session(id=2, uid="b", day=day(0), drug="ketamine", route="iv", time="09:00"),
        Session(id=3, uid="c", day=day(0), drug="esketamine", route="intranasal"),
    ]
    c = checkins({0: 7, 1: 5})
    placed = recovery.place(s, c)
    assert [p.session.id for p in placed if p.session] == [1, 1]  # 15:00 is latest
    assert [x.id for x in sorted(s, key=recovery.session_order)] == [3, 2, 1]
    t = trends.compute(s, c)
    assert [r.fatigue_by_day for r in t.sessions] == [{}, {}, {0: 7, 1: 5}]


def test_two_sessions_on_one_day_share_a_start_and_the_later_recovers() -> None:
    s = [
        Session(id=1, uid="a", day=day(10), drug="ketamine", route="iv"),
        Session(id=2, uid="b", day=day(10), drug="ketamine", route="iv", time="14:00"),
    ]
    t = trends.compute(s, checkins({**flat(5, 9, 3), 10: 8, 11: 6, 12: 4, 13: 3, 14: 3}))
    first, later = t.sessions
    assert (first.session.id, later.session.id) == (1, 2)
    assert first.start_level == later.start_level == 3  # one eve reading, counted once
    assert first.own == {} and first.recovery_day is None and first.outcome == "unknown"
    assert later.recovery_day == 2  # 4 <= 3 + 1, next 3 <= 3 + 2
    assert later.days_since_previous == 0 and trends.interval_band(0) == "0-3"
    assert t.counts == recovery.RecoveryCounts(1, 0, 1)


def test_untimed_sessions_on_one_day_go_by_entry_order() -> None:
    s = [
        Session(
            id=5,
            uid="a",
            day=day(0),
            drug="ketamine",
            route="iv",
            created_at="2026-03-01T10:00:05+00:00",
        ),
        Session(
            id=4,
            uid="b",
            day=day(0),
            drug="ketamine",
            route="oral",
            created_at="2026-03-01T10:00:00+00:00",
        ),
    ]
    [p] = recovery.place(s, checkins({0: 6}))
    assert p.session is not None and p.session.id == 5


def test_sessions_entered_in_one_second_go_by_uid_not_local_id() -> None:
    """Local ids differ between two synced journals; the order must not."""
    at = "2026-03-01T10:00:00+00:00"
    here = [
        Session(id=1, uid="b", day=day(0), drug="ketamine", route="iv", created_at=at),
        Session(id=2, uid="a", day=day(0), drug="ketamine", route="oral", created_at=at),
    ]
    there = [s._replace(id=3 - s.id) for s in here]
    for journal_sessions in (here, there):
        [p] = recovery.place(journal_sessions, checkins({0: 6}))
        assert p.session is not None and p.session.uid == "b"
        ordered = sorted(journal_sessions, key=recovery.session_order)
        assert [x.uid for x in ordered] == ["a", "b"]


def test_grouping_by_route_and_drug() -> None:
    iv = sessions(10, route="iv")
    nasal = [Session(id=2, uid="n", day=day(20), drug="esketamine", route="intranasal")]
    pre = {0: 2, 1: 2, 9: 2, 19: 2}
    c = checkins({**pre, 10: 8, 11: 6, 12: 3, 20: 5, 21: 3, 22: 2})
    t = trends.compute(iv + nasal, c, days=3, by="route")
    assert [r.start_level for r in t.sessions] == [2, 2]
    assert [g.key for g in t.groups] == ["intranasal", "iv"]
    nasal_g, iv_g = t.groups
    assert [r.mean for r in iv_g.fatigue.rows] == [8.0, 6.0, 3.0, None, 2.0]  # day 19
    assert [r.mean for r in nasal_g.fatigue.rows] == [5.0, 3.0, 2.0, None, None]
    assert iv_g.typical_recovery_day == 2 and nasal_g.typical_recovery_day == 1
    by_drug = trends.compute(iv + nasal, c, days=3, by="drug")
    assert [g.key for g in by_drug.groups] == ["esketamine", "ketamine"]
    data = t.to_json()
    assert [g["key"] for g in data["groups"]] == ["intranasal", "iv"]  # type: ignore[index]


def test_grouping_by_dose_as_recorded() -> None:
    s = [
        Session(id=1, uid="a", day=day(10), drug="esketamine", route="intranasal", dose_mg=84),
        Session(id=2, uid="b", day=day(20), drug="esketamine", route="intranasal", dose_mg=56),
        Session(id=3, uid="c", day=day(30), drug="ketamine", route="iv", dose_mg_per_kg=0.5),
        Session(id=4, uid="d", day=day(40), drug="ketamine", route="iv"),
        Session(id=5, uid="e", day=day(50), drug="esketamine", route="intranasal", dose_mg=112),
    ]
    t = trends.compute(s, checkins({d: 3 for d in range(0, 60, 2)}), by="dose")
    assert [g.key for g in t.groups] == ["56 mg", "84 mg", "112 mg", "0.5 mg/kg", "unknown"]
    assert [len(g.sessions) for g in t.groups] == [1, 1, 1, 1, 1]
    assert [r.to_json()["dose"] for r in t.sessions] == [
        "84 mg",
        "56 mg",
        "0.5 mg/kg",
        None,
        "112 mg",
    ]


def test_grouping_by_interval_bands() -> None:
    # gaps: first, 2, 7, 8, 14, 15, 28, 29, 0
    s = sessions(0, 2, 9, 17, 31, 46, 74, 103, 103)
    t = trends.compute(s, checkins({d: 3 for d in range(0, 110)}), by="interval")
    assert [r.days_since_previous for r in t.sessions] == [None, 2, 7, 8, 14, 15, 28, 29, 0]
    assert [g.key for g in t.groups] == ["first", "0-3", "4-7", "8-14", "15-28", "29+"]
    assert [len(g.sessions) for g in t.groups] == [1, 2, 1, 2, 2, 1]
    assert [trends.interval_band(n) for n in (3, 4, 7, 8, 14, 15, 28, 29)] == [
        "0-3",
        "4-7",
        "4-7",
        "8-14",
        "8-14",
        "15-28",
        "15-28",
        "29+",
    ]


def test_missed_days_are_just_absent() -> None:
    s = sessions(0)
    t = trends.compute(s, checkins({0: 8, 2: 5, 5: 2}), days=3)
    [r] = t.sessions
    assert r.fatigue_by_day == {0: 8, 2: 5}
    assert row(t, 1).n == 0
    assert r.to_json()["fatigue_by_day"] == {"0": 8, "2": 5}


def test_sessions_3_days_apart_cannot_be_judged_and_the_reading_says_so() -> None:
    s = sessions(0, 2, 4, 7, 9, 11)
    t = trends.compute(s, checkins({d: 6 for d in range(0, 14)}))
    assert not t.prolonged
    assert readings.CANNOT_JUDGE in readings.reading(t)


def test_period_uses_whole_journal_for_starting_levels() -> None:
    s = sessions(10, 40)
    c = checkins({0: 1, 1: 1, 9: 1, 10: 8, 11: 5, 36: 3, 37: 3, 38: 2, 39: 3, 40: 6, 41: 2,
                  50: 3})  # day: fatigue, in rows as a table  # fmt: skip
    t = trends.compute(s, c, since=day(35), until=day(50))
    # day 40: eves [1 (day 9), 3 (day 39)] -> 2; quiet 14..39 (offsets 4+): 3, 3, 2, 3 -> 2.75
    assert [r.session.id for r in t.sessions] == [2]
    assert t.sessions[0].start.eve_median == 2 and t.sessions[0].start.recent_quartile == 2.75
    assert t.usual_level == 2
    assert t.checkins == 7


def test_json_shape() -> None:
    t = trends.compute(sessions(0, 7), checkins({0: 5, 1: 3, 6: 2, 7: 6, 8: 3}), days=2)
    data = t.to_json()
    assert set(data) >= {
        "usual_level",
        "typical_recovery_day",
        "recovery_counts",
        "groups",
        "sessions",
    }
    assert "baseline" not in data and "baseline_days" not in data
    assert data["usual_level"] == 2 and data["typical_recovery_day"] == 1
    assert data["recovery_counts"] == {"recovered": 1, "not_recovered": 0, "unknown": 1}
    assert data["groups"][0]["key"] == "all"  # type: ignore[index]
    assert [d["day"] for d in data["groups"][0]["days"]] == [0, 1, 2, "later"]  # type: ignore[index]
    first, second = data["sessions"]  # type: ignore[misc]
    assert set(second) >= {
        "id",
        "day",
        "route",
        "drug",
        "fatigue_by_day",
        "start_level",
        "recovery_day",
        "prolonged",
        "prolonged_days",
        "dose",
        "days_since_previous",
    }
    assert (first["start_level"], first["days_since_previous"]) == (None, None)
    assert (second["start_level"], second["days_since_previous"], second["recovery_day"]) == (
        2,
        7,
        1,
    )
    assert second["fatigue_by_day"] == {"0": 6, "1": 3} and second["prolonged_days"] == []


JOURNALS = st.tuples(
    st.lists(st.integers(0, 120), max_size=12),
    st.dictionaries(st.integers(0, 130), st.integers(0, 10), max_size=90),
    st.integers(1, 14),
)


@given(JOURNALS)
def test_properties(journal: tuple[list[int], dict[int, int], int]) -> None:
    session_days, fatigue, days = journal
    s = sessions(*session_days)
    t = trends.compute(s, checkins(fatigue), days=days)
    first = min(session_days, default=None)
    expected = sum(1 for d in fatigue if first is not None and d >= first)
    assert sum(r.n for r in t.groups[0].fatigue.rows) == expected
    for r in t.groups[0].fatigue.rows:
        if r.n:
            assert r.min is not None and r.max is not None and r.mean is not None
            assert r.min <= r.mean <= r.max
            assert r.min <= r.median <= r.max  # type: ignore[operator]
    found = []
    for rec in t.sessions:
        # a recovery day lies in 1..N and is one of the session's own check-ins
        assert rec.recovery_day is None or (
            1 <= rec.recovery_day <= days and rec.recovery_day in rec.own
        )
        if rec.recovery_day is not None:
            found.append(rec.recovery_day)
        # prolonged implies an own check-in on days 4-14 before the recovery day
        if rec.prolonged:
            assert any(
                4 <= d <= 14 and d in rec.own and (rec.recovery_day is None or d < rec.recovery_day)
                for d in rec.prolonged_days
            )
        # a starting level is never above either of its two estimates
        st_ = rec.start
        estimates = [x for x in (st_.eve_median, st_.recent_quartile) if x is not None]
        assert (st_.value is None) == (not estimates)
        assert all(st_.value is not None and st_.value <= x for x in estimates)
    # the typical day lies within min..max of the recovery days
    if found:
        assert t.typical_recovery_day is not None
        assert min(found) <= t.typical_recovery_day <= max(found)
    else:
        assert t.typical_recovery_day is None
    # the counts add up to the number of sessions, overall and in each group
    assert t.counts.sessions == len(t.sessions) == len(session_days)
    for by in ("route", "interval"):
        grouped = trends.compute(s, checkins(fatigue), days=days, by=by)  # type: ignore[arg-type]
        assert sum(g.counts.sessions for g in grouped.groups) == len(session_days)


def test_a_session_still_under_way_is_not_yet_not_back() -> None:
    # today is day 4 of the latest session, still above start + 1: too early to tell
    c = checkins({**flat(0, 27, 1), 28: 5, 29: 6, 30: 4, 31: 3, 32: 3})
    t = trends.compute(sessions(28), c, until=day(32))
    [r] = t.sessions
    assert r.under_way and r.recovery_day is None and r.outcome == "unknown"
    assert t.counts == recovery.RecoveryCounts(0, 0, 1)
    # a week later, with nothing logged since, the window is past: not back
    later = trends.compute(sessions(28), c, until=day(40))
    assert not later.sessions[0].under_way and later.sessions[0].outcome == "not_recovered"
    # an earlier session whose next session came is never under way
    two = trends.compute(sessions(20, 28), c, until=day(32))
    assert [r.under_way for r in two.sessions] == [False, True]
