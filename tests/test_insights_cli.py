"""`ketalog insights` as a user meets it, and the summary section it feeds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from helpers import run, run_ok
from ketalog.insights import findings, render, stats, words
from ketalog.insights.factors import extract
from ketalog.model import Checkin, Session
from synthetic import fill, journal

TODAY = date(2026, 11, 25)
KEYS = {"factor", "outcome", "rho", "groups", "difference", "chance", "verdict"}


def planted(path: Path, seed: int = 0) -> None:
    """A 24-session journal, ending near TODAY, where water on days 0-2 matters."""
    sessions, checkins = journal(seed, 24, effect=True, start=TODAY - timedelta(days=260))
    fill(path, sessions, checkins)


def test_no_journal_says_what_is_missing_and_creates_nothing(isolated: Path) -> None:
    r = run("insights")
    assert r.code == 0, r.err
    assert "No sessions yet" in r.out and "ketalog session add" in r.out
    assert r.out.strip().endswith(words.NOT_PROOF)
    assert not isolated.exists()
    r = run("insights", "--json")
    assert r.code == 0
    found = json.loads(r.out)
    assert isinstance(found, list) and found
    assert all(f.keys() >= KEYS and f["verdict"] == stats.NOT_ENOUGH for f in found)


def test_one_session_does_not_crash_and_each_factor_says_what_it_lacks(isolated: Path) -> None:
    assert run("session", "add", "--date", "3 days ago", "--route", "iv").code == 0
    for ago, fatigue in ((3, 7), (2, 6), (1, 4)):
        assert run("log", "--date", f"{ago} days ago", "--fatigue", str(fatigue)).code == 0
    r = run("insights")
    assert r.code == 0, r.err
    assert "you have 1." in r.out
    assert r.out.strip().endswith(words.NOT_PROOF)
    found = json.loads(run("insights", "--json").out)
    assert {f["verdict"] for f in found} == {stats.NOT_ENOUGH}
    assert all(f["note"] for f in found)
    notes = {f["factor"]: f["note"] for f in found}
    assert notes["water_days_0_2"] == "not logged yet"
    assert notes["route"] == "every session was IV: nothing to compare yet"


def test_a_real_pattern_shows_first_in_words_and_in_json(isolated: Path) -> None:
    planted(isolated)
    r = run("insights")
    assert r.code == 0, r.err
    said = " ".join(r.out.split())
    assert "After sessions where you drank" in said
    assert re.search(r"Chance alone gives a gap this big (about|less than) 1 time in", said)
    assert said.endswith(words.NOT_PROOF)
    found = json.loads(run("insights", "--json").out)
    water = next(f for f in found if f["factor"] == "water_days_0_2" and f["verdict"] == "pattern")
    assert water["rho"] < -0.4 and water["chance"] <= 0.1
    assert [set(g) for g in water["groups"]] == [{"label", "n", "median"}] * 2
    high, low = water["groups"]
    assert water["difference"] == round(high["median"] - low["median"], 2)


def test_the_table_puts_patterns_first_and_dims_the_rest() -> None:
    sessions, checkins = journal(0, 24, effect=True)
    found = findings.compute(sessions, checkins, TODAY)
    assert found.patterns and found.others
    table = render.table(found)
    styles = [row.style for row in table.rows]
    k = len(found.patterns)
    assert styles[:k] == ["bold"] * k and set(styles[k:]) == {"dim"}
    console = Console(record=True, width=80, color_system=None)
    console.print(render.view(found))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    verdicts = [str(cell).split("\n")[0] for cell in table.columns[-1]._cells]
    assert verdicts[:k] == ["pattern"] * k and "pattern" not in verdicts[k:]
    assert " ".join(text.split()).endswith(words.NOT_PROOF)


def test_only_the_latest_60_sessions_are_looked_at_and_it_says_so() -> None:
    sessions, checkins = journal(3, 65, effect=False)
    found = findings.compute(sessions, checkins, TODAY)
    assert found.sessions == 60 and found.total_sessions == 65
    assert found.scope() == (
        "From your latest 60 sessions (of 65): ketalog looks at the latest 60 at most."
    )
    assert found.power() is None  # 60 sessions: enough to tell


def test_dose_route_and_schedule_are_only_worth_discussing() -> None:
    """However strong, a finding about dose, route or schedule never advises a change."""
    day0 = date(2026, 1, 5)
    sessions, checkins = [], []
    for i in range(12):
        d = day0 + timedelta(days=10 * i)
        route = "iv" if i % 2 else "intranasal"
        sessions.append(Session(i + 1, f"s{i}", d, "ketamine", route, dose_mg=50.0 + 10 * i))
        slow = route == "iv"
        for k, f in enumerate((8, 7, 7, 6, 3, 3, 3) if slow else (8, 3, 3, 3, 3, 3, 3)):
            checkins.append(Checkin(len(checkins) + 1, "", d + timedelta(days=k), f))
    before = [Checkin(1000 + k, "", day0 - timedelta(days=k), 3) for k in range(1, 8)]
    found = findings.compute(sessions, before + checkins, TODAY)
    route = next(f for f in found.patterns if f.factor == "route")
    assert route.sentence().endswith("Worth discussing with your provider.")
    assert "After intranasal sessions you were back by day 1" in route.sentence()
    for f in found.findings:
        words = f.sentence().lower()
        assert "skip" not in words and "lower your" not in words and "increase" not in words


def test_a_schedule_pattern_says_how_closeness_alone_can_produce_it() -> None:
    """Sessions close together start higher and have fewer days to recover in, so a
    'closer sessions recover sooner' pattern carries that caveat, in both voices."""
    gap = findings.Finding(
        factor="days_since_previous",
        label="Days since previous session",
        outcome="recovery_day",
        rho=0.6,
        groups=[findings.Group("5 or more", 5, 5.0), findings.Group("less", 7, 1.0)],
        difference=4.0,
        chance=0.09,
        verdict=stats.PATTERN,
        note="",
        words=words.WORDS["days_since_previous"],
        grouped=False,
        units="sessions",
    )
    for voice in (words.YOU, words.PATIENT):
        said = gap.sentence(voice)
        assert "start from a higher level and leave fewer days to recover in" in said
        assert said.endswith(voice.discuss)
    water = gap._replace(factor="water_days_0_2", words=words.WORDS["water_days_0_2"])
    assert "higher level" not in water.sentence()


@st.composite
def journals(draw: st.DrawFn) -> tuple[list[Session], list[Checkin]]:
    day0 = date(2026, 1, 1)
    n = draw(st.integers(0, 14))
    gaps = draw(st.lists(st.integers(0, 12), min_size=n, max_size=n))
    sessions, d = [], day0 + timedelta(days=10)
    for i, gap in enumerate(gaps):
        d += timedelta(days=gap)
        sessions.append(
            Session(
                i + 1,
                f"s{i}",
                d,
                draw(st.sampled_from(("ketamine", "esketamine"))),
                draw(st.sampled_from(("iv", "intranasal", "oral"))),
                dose_mg=draw(st.one_of(st.none(), st.sampled_from((28.0, 56.0, 84.0)))),
                dissociation=draw(st.one_of(st.none(), st.integers(0, 10))),
            )
        )
    days = draw(st.lists(st.booleans(), min_size=150, max_size=150))
    checkins = [
        Checkin(
            k + 1,
            "",
            day0 + timedelta(days=k),
            draw(st.integers(0, 10)),
            sleep_hours=draw(st.one_of(st.none(), st.sampled_from((5.0, 7.5)))),
            water=draw(st.one_of(st.none(), st.integers(0, 12))),
            activity=draw(st.one_of(st.none(), st.integers(0, 60))),
            mindful=draw(st.one_of(st.none(), st.integers(0, 20))),
        )
        for k, logged in enumerate(days)
        if logged
    ]
    return sessions, checkins


@settings(max_examples=40, deadline=None)
@given(journals())
def test_findings_hold_their_shape_on_any_journal(j: tuple[list[Session], list[Checkin]]) -> None:
    sessions, checkins = j
    until = date(2026, 6, 1)
    e = extract(sessions, checkins, until)
    found = findings.analyse(e)
    factors = {f.key: f for f in e.factors}
    for f in found.findings:
        if f.rho is not None:
            assert -1 <= f.rho <= 1
        if f.chance is not None:
            assert 0 < f.chance <= 1
        factor = factors[f.factor]
        both = [u for u in factor.values if u in e.outcomes[f.outcome]]
        assert sum(g.n for g in f.groups) == len(both)
        sides = [g.n for g in f.groups] if len(f.groups) == 2 else [0]
        if factor.unit == "day" and both:  # the sessions each side's days come from
            x = [float(factor.values[u]) for u in both]
            split, _, _ = stats.split_at_median(x, x)
            sides = [
                len(
                    {e.day_session[u] for u, v in zip(both, x, strict=True) if split.upper(v) == up}
                )
                for up in (True, False)
            ]
            assert all(s <= g.n for s, g in zip(sides, f.groups, strict=True))
        sessions_n = len({e.day_session[u] for u in both}) if factor.unit == "day" else len(both)
        gap = findings._gap(f.outcome, f.groups)
        assert f.verdict == stats.verdict(f.rho, f.chance, sides, sessions_n, gap)
        assert f.note
        assert (f.sentence() != "") == (f.verdict == stats.PATTERN)


def test_summary_has_the_section_in_every_format_only_when_there_is_a_pattern(
    isolated: Path, tmp_path: Path
) -> None:
    title = "What seems to go with faster recovery"
    run_ok("session", "add", "--route", "iv", "--date", "3 days ago")
    run_ok("log", "--fatigue", "5")
    for fmt in ("text", "markdown", "html", "json"):
        r = run("summary", "--format", fmt)
        assert r.code == 0, r.err
        assert title not in r.out
        if fmt == "json":
            assert json.loads(r.out)["faster_recovery"] == []
    isolated.unlink()
    planted(isolated)
    for fmt in ("text", "markdown", "html"):
        r = run("summary", "--format", fmt)
        assert r.code == 0, r.err
        said = " ".join(r.out.split())
        assert title in said, fmt
        assert "the patient drank" in said
        assert "not proof of cause" in said
    data = json.loads(run("summary", "--format", "json").out)
    assert 1 <= len(data["faster_recovery"]) <= 3
    assert data["faster_recovery"][0]["verdict"] == "pattern"
    assert data["faster_recovery"][0]["sentence"].startswith("After sessions where the patient")
    pdf = tmp_path / "s.pdf"
    assert run("summary", "--format", "pdf", "-o", str(pdf)).code == 0
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert title in text and "the patient drank" in " ".join(text.split())


def _modules_after(*args: str) -> set[str]:
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: print(','.join(m for m in ('numpy',) if m in sys.modules),"
        " file=sys.stderr))\n"
        f"sys.argv = ['ketalog', *{list(args)!r}]\n"
        "from ketalog.cli import main\n"
        "main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return (
        set(filter(None, proc.stderr.strip().splitlines()[-1].split(",")))
        if proc.stderr.strip()
        else set()
    )


def test_numpy_is_loaded_by_insights_and_summary_only(isolated: Path) -> None:
    run_ok("session", "add", "--route", "iv", "--date", "2 days ago")
    run_ok("log", "--fatigue", "5", "--date", "yesterday")
    for args in (("log", "--fatigue", "4", "--water", "6"), ("today",), ("trends",)):
        assert "numpy" not in _modules_after(*args), args
    assert "numpy" in _modules_after("insights")
    assert "numpy" in _modules_after("summary")
    out = subprocess.run(
        [sys.executable, "-c", "import sys, ketalog.cli; print('numpy' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"


@pytest.mark.skipif(
    not Path("/proc/self/task").is_dir() or (os.cpu_count() or 1) < 2,
    reason="counts threads through Linux's /proc, on more than one processor",
)
def test_the_statistics_start_no_threads() -> None:
    """numpy's BLAS would start a thread per processor as it loads (a third of numpy's
    start-up, on every `insights` and `summary`), for products far too small to share."""
    code = (
        "import os\n"
        "from ketalog.insights import stats\n"
        "stats.max_t([stats.Test('session', range(8), [1, 2, 3, 4, 5, 6, 7, 8],"
        " [2, 1, 4, 3, 6, 5, 8, 7])], {'session': [0] * 8}, permutations=50)\n"
        "print(len(os.listdir('/proc/self/task')))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "1"


def test_insights_help_has_an_example() -> None:
    r = run("insights", "--help")
    assert r.code == 0 and "Example: ketalog insights" in r.out


def test_a_fractional_cut_is_shown_to_one_decimal() -> None:
    """A mean of three days' glasses splits at 7.83...: shown as 7.8, as every level is."""
    cut = stats.Split(23.5 / 3, at_or_above=False)
    above, below = findings._threshold([7.5, 23.5 / 3, 8.5], cut)
    assert above == ("more than 7.8", ">7.8") and below == ("7.8 or less", "≤7.8")
    assert findings._threshold([5, 6, 7], stats.Split(6.0, False))[0] == ("7 or more", "7+")
    # values tied at the cut go up: the cut itself opens the upper half
    at = stats.Split(23.5 / 3, at_or_above=True)
    assert findings._threshold([7.5, 23.5 / 3, 8.5], at) == (
        ("7.8 or more", "≥7.8"),
        ("less than 7.8", "<7.8"),
    )
    assert findings._threshold([56, 84, 84], stats.Split(84.0, True)) == (
        ("84 or more", "84+"),
        ("less than 84", "<84"),
    )


def test_factors_that_cannot_be_tested_yet_are_said_once_below_the_table() -> None:
    """Nothing logged, nothing that varies, no outcome yet: one line each under the
    table instead of a dimmed row per outcome; every finding is said one way or the
    other."""
    sessions, checkins = journal(0, 24, effect=True)
    checkins = [c._replace(activity=None, mindful=None) for c in checkins]
    found = findings.compute(sessions, checkins, TODAY)
    table = render.table(found)
    labels = [str(cell).split("\n")[0] for cell in table.columns[0]._cells]
    lines = render.untested(found)
    assert "Movement, days 1–3: not logged yet" in lines
    assert "Movement that day: not logged yet" in lines
    assert len(lines) == len(set(lines))
    for f in found.findings:
        in_table = f.label in labels
        assert in_table != f.untested, f
        if f.untested:
            assert any(line.startswith(f.label) or f.note in line for line in lines), f
    console = Console(record=True, width=80, color_system=None)
    console.print(render.view(found, 80))
    text = console.export_text()
    assert "Not tested yet" in text and "not logged yet" not in " ".join(labels)


def test_with_nothing_testable_yet_there_is_no_empty_table(isolated: Path) -> None:
    assert run("session", "add", "--date", "3 days ago", "--route", "iv").code == 0
    for ago, fatigue in ((3, 7), (2, 6), (1, 4)):
        assert run("log", "--date", f"{ago} days ago", "--fatigue", str(fatigue)).code == 0
    r = run("insights")
    assert r.code == 0, r.err
    assert r.out.startswith(render.TITLE) and "Factor → outcome" not in r.out
    said = " ".join(r.out.split())
    assert "Not tested yet" in said and "Water, days 0–2: not logged yet" in said
    assert "Every factor → recovery day: no recovery day yet" in said
    assert said.endswith(words.NOT_PROOF)


def _series(
    doses: list[tuple[str, str, float | None, float | None]], *, curve: tuple[int, ...]
) -> tuple[list[Session], list[Checkin]]:
    """Sessions 10 days apart (drug, route, mg, mg/kg each), a quiet week before the
    first, and the same fatigue `curve` on days 0.. after each, but one point higher
    after every other session so that the outcomes vary."""
    day0 = date(2026, 1, 5)
    sessions, checkins = [], []
    for i, (drug, route, mg, per_kg) in enumerate(doses):
        d = day0 + timedelta(days=10 * i)
        sessions.append(Session(i + 1, f"s{i}", d, drug, route, dose_mg=mg, dose_mg_per_kg=per_kg))
        for k, f in enumerate(curve):
            checkins.append(Checkin(len(checkins) + 1, "", d + timedelta(days=k), f + i % 2))
    before = [Checkin(1000 + k, "", day0 - timedelta(days=k), 2) for k in range(1, 8)]
    return sessions, before + checkins


def test_doses_tied_at_the_median_are_compared_with_the_lower_ones() -> None:
    """4 esketamine sessions at 56 mg and 8 at 84: the halves are 84 against 56, named
    '84 or more' ('84+') and 'less than 84' ('<84'), and counted as such."""
    doses = [("esketamine", "intranasal", 56.0 if i % 3 == 0 else 84.0, None) for i in range(12)]
    found = findings.compute(*_series(doses, curve=(6, 6, 5, 4, 2, 2, 2)), TODAY)
    dose = next(f for f in found.findings if f.factor == "dose_esketamine")
    assert [(g.label, g.mark, g.n) for g in dose.groups] == [
        ("84 or more", "84+", 8),
        ("less than 84", "<84", 4),
    ]
    assert "has 0" not in dose.note and "needs 3 or more" not in dose.note
    console = Console(record=True, width=80, color_system=None)
    console.print(render.view(found, 80))
    text = console.export_text()
    assert "84+: 5.5/10 (8)" in text and "<84: 5.5/10 (4)" in text


def test_oral_doses_in_mg_beside_iv_doses_per_kg_are_a_factor_of_their_own() -> None:
    """IV ketamine in mg/kg and oral ketamine in mg cannot share a scale; the oral
    doses get their own factor instead of vanishing."""
    doses = [("ketamine", "iv", None, 0.5 + 0.25 * (i % 2)) for i in range(6)]
    doses += [("ketamine", "oral", 100.0 + 50 * (i % 2), None) for i in range(6)]
    found = findings.compute(*_series(doses, curve=(6, 6, 5, 4, 2, 2, 2)), TODAY)
    labels = {f.factor: f.label for f in found.findings}
    assert labels["dose_ketamine"] == "Dose of ketamine (mg/kg)"
    assert labels["dose_ketamine_mg"] == "Dose of ketamine (mg)"
    oral = [f for f in found.findings if f.factor == "dose_ketamine_mg"]
    assert {f.n for f in oral} == {6}
    # a single oral session still says why it cannot be compared yet
    one = doses[:6] + doses[6:7]
    found = findings.compute(*_series(one, curve=(6, 6, 5, 4, 2, 2, 2)), TODAY)
    lines = render.untested(found)
    assert "Dose of ketamine (mg): only 1 session has both so far: nothing to compare yet" in lines


def _days(x: dict[int, float], y: dict[int, float], owner: dict[int, int]) -> findings.Insights:
    """Movement on days 1 and 2 after sessions (units alternate between the two days)
    against fatigue the next day."""
    from ketalog.insights.factors import EARLY_FATIGUE, NEXT_DAY, RECOVERY, Extracted, Factor

    n = max(owner.values()) + 1
    sessions = [
        Session(i + 1, f"s{i}", date(2026, 1, 1 + 10 * i), "ketamine", "iv") for i in range(n)
    ]
    strata = {u: 1 + u % 2 for u in x}
    e = Extracted(
        sessions,
        n,
        [Factor("movement_that_day", "day", dict(x))],
        {RECOVERY: {}, EARLY_FATIGUE: {}, NEXT_DAY: y},
        strata,
        owner,
    )
    return findings.analyse(e)


def test_a_day_level_gap_of_nothing_is_not_a_pattern() -> None:
    """Three sessions, rho +1.00 within each day and a chance of 1 in 17, but both halves
    at 5/10: no gap, so no pattern, and the note says why."""
    x = {0: 20.0, 1: 30.0, 2: 30.0, 3: 20.0, 4: 10.0, 5: 30.0}
    y = {0: 6.0, 1: 5.0, 2: 7.0, 3: 4.0, 4: 5.0, 5: 5.0}
    [f] = _days(x, y, {u: u // 2 for u in x}).findings
    assert f.rho == 1.0 and f.chance is not None and f.chance <= stats.PATTERN_CHANCE
    assert [g.median for g in f.groups] == [5, 5] and [g.n for g in f.groups] == [3, 3]
    assert f.verdict == stats.NOT_ENOUGH and f.sentence() == ""
    assert f.note == "the halves' medians are the same: no gap to call a pattern"
    assert not f.untested and f.short_note == f.note


def test_day_level_factors_need_days_from_3_sessions_on_each_side() -> None:
    """Twelve days with a clear gap, but the active days all come from two sessions:
    two sessions are not three, however many days they have."""
    owner = {u: u // 3 for u in range(12)}  # four sessions, three days each
    x = {u: 30.0 if owner[u] < 2 else 0.0 for u in owner}
    y = {u: 3.0 + u % 2 if owner[u] < 2 else 6.0 + u % 2 for u in owner}
    [f] = _days(x, y, owner).findings
    assert f.rho is not None and f.rho <= -stats.PATTERN_RHO
    assert f.chance is not None and f.chance <= stats.PATTERN_CHANCE
    assert f.difference is not None and f.difference < 0
    assert f.verdict == stats.NOT_ENOUGH
    assert f.note == (
        "has 6 and 6 days, from 2 and 2 sessions; needs days from 3 or more sessions on each side"
    )


def test_notes_say_what_is_missing_in_the_outcome_s_own_terms() -> None:
    """Fatigue is a 0-10 score, not days; day-level factors count days; the fatigue
    phrase reads as English; the first session's missing gap is said plainly."""
    sessions, checkins = journal(0, 14, effect=False)
    found = findings.compute(sessions, checkins, TODAY)
    for f in found.findings:
        if f.outcome != "recovery_day":
            assert "2-day" not in f.note, f
        if f.units == "days" and f.note.startswith((words.LOGGED, words.FEW)):
            assert f"{f.n} days, from " in f.note, f
    few = [f for f in found.findings if f.note.startswith(words.FEW)]
    assert any(f.outcome == "early_fatigue" for f in few)
    assert all(
        "usually needs about 20 sessions" in f.note for f in few if f.outcome != "recovery_day"
    )
    flat = [c._replace(fatigue=5) for c in checkins]
    notes = {f.note for f in findings.compute(sessions, flat, TODAY).findings}
    assert "fatigue on days 1–3 was the same every time: nothing to compare yet" in notes
    one = findings.compute(sessions[:1], checkins, TODAY)
    gap = next(f for f in one.findings if f.factor == "days_since_previous")
    assert gap.note == "needs the session before it: the first session has no gap"


def test_with_nothing_compared_the_plain_words_say_so(isolated: Path) -> None:
    assert run("session", "add", "--date", "3 days ago", "--route", "iv").code == 0
    for ago, fatigue in ((3, 7), (2, 6), (1, 4)):
        assert run("log", "--date", f"{ago} days ago", "--fatigue", str(fatigue)).code == 0
    said = " ".join(run("insights").out.split())
    assert "Nothing can be compared yet." in said
    assert "Not enough yet for the rest" not in said and "No clear patterns yet" not in said
    assert "ketalog can usually tell a 2-day difference in recovery" in said
