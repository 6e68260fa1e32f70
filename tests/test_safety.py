"""Safety wherever it matters: crisis contacts, severe scores, driving, the reasons
behind tips, and why people feel tired."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import digest, run, run_ok, run_process
from ketalog import crisis, tipdata, tips
from ketalog.cli import app
from ketalog.model import Checkin, Session

DAY = date(2026, 11, 25)
ITEM9 = "0,0,0,0,0,0,0,0,3"
BLOCK = "You said you have had thoughts"


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- 1. the crisis block shows even when the command fails ------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        ("--date", "tomorrow"),  # refused inside the command
        ("--date", "someday"),
        ("--difficulty", "7"),  # refused while the options are read
        ("--bogus",),
    ],
)
def test_crisis_block_shows_when_the_command_fails(isolated: Path, extra: tuple[str, ...]) -> None:
    r = run_process("assess", "phq9", "--answers", ITEM9, *extra)
    assert r.code == 2, r
    assert r.out.startswith(BLOCK)
    assert "988" in r.out and "findahelpline.com" in r.out
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1
    assert not isolated.exists()  # nothing was saved


def test_crisis_block_shows_with_answers_given_as_one_word(isolated: Path) -> None:
    r = run_process("assess", "phq9", f"--answers={ITEM9}", "--date", "tomorrow")
    assert r.code == 2 and r.out.startswith(BLOCK)


def test_crisis_block_shows_when_the_journal_cannot_be_opened(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-journal.db"
    bad.write_text("hello")
    r = run("--db", str(bad), "assess", "phq9", "--answers", ITEM9)
    assert r.code == 1 and r.out.startswith(BLOCK)
    assert bad.read_text() == "hello"


def test_crisis_block_shows_even_with_a_broken_config(isolated: Path) -> None:
    config = isolated.parent / "config" / "ketalog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("this is = = not toml")
    r = run("assess", "phq9", "--answers", ITEM9)
    assert r.code == 0 and r.out.startswith(BLOCK)


@pytest.mark.parametrize(
    "args",
    [
        ("assess", "phq9", "--answers", "0,0,0,0,0,0,0,0,0", "--date", "tomorrow"),
        ("assess", "phq9", "--answers", "0,0,0,0,0,0,0,0,9", "--date", "tomorrow"),
        ("assess", "gad7", "--answers", "0,0,0,0,0,0,3", "--bogus"),
        ("log", "--answers", ITEM9, "--bogus"),
    ],
)
def test_no_crisis_block_without_a_valid_safety_answer(args: tuple[str, ...]) -> None:
    r = run_process(*args)
    assert r.code == 2 and BLOCK not in r.out and "988" not in r.out


def _interactive(monkeypatch: pytest.MonkeyPatch) -> None:
    from ketalog.commands import assess

    monkeypatch.setattr(assess, "interactive", lambda: True)


def test_interactive_questionnaire_ends_with_a_pointer_to_the_contacts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _interactive(monkeypatch)
    run_ok("config", "set", "crisis_line", "Samaritans 116 123")
    answers = "\n".join(["1", "1", "0", "0", "0", "0", "0", "0", "2", "1"]) + "\n"
    result = CliRunner().invoke(app, ["assess", "phq9"], input=answers, prog_name="ketalog")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert BLOCK in result.stdout
    last = one_line(" ".join(lines[-3:]))
    assert "crisis contacts above" in last
    assert last.index("Samaritans 116 123") < last.index("988")
    assert lines[-1].rstrip().endswith("emergency number.")


def test_interactive_questionnaire_without_a_safety_answer_has_no_pointer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _interactive(monkeypatch)
    answers = "\n".join(["1", "1", "0", "0", "0", "0", "0", "0", "0", "1"]) + "\n"
    result = CliRunner().invoke(app, ["assess", "phq9"], input=answers, prog_name="ketalog")
    assert result.exit_code == 0 and "988" not in result.stdout


# --- 2. very low mood ------------------------------------------------------------------


def test_log_with_very_low_mood_shows_the_crisis_contacts_own_line_first() -> None:
    run_ok("config", "set", "crisis_line", "Samaritans 116 123")
    out = one_line(run("log", "--fatigue", "5", "--mood", "2").out)
    assert "Samaritans 116 123" in out and "988" in out and "findahelpline.com" in out
    assert out.index("Samaritans 116 123") < out.index("988")
    assert out.count("988") == 1


def test_a_broken_config_says_the_own_crisis_line_is_missing(isolated: Path) -> None:
    """The user's own crisis line never vanishes without a word: with the config file
    unreadable, the built-in contacts still show and stderr says why theirs is missing,
    for low mood, for the support tips and for PHQ-9's item 9."""
    run_ok("config", "set", "crisis_line", "Dr Lee 555-0100")
    config_file = isolated.parent / "config" / "ketalog" / "config.toml"
    config_file.write_text(config_file.read_text() + "name = Bob\n", encoding="utf-8")
    for args in (
        ("log", "--fatigue", "5", "--mood", "1"),
        ("tips", "--strategy", "support"),
        ("assess", "phq9", "--answers", "0,0,0,0,0,0,0,0,1"),
    ):
        r = run(*args)
        assert r.code == 0, (args, r.err)
        assert "988" in r.out and "Dr Lee" not in r.out, args
        assert "your own crisis line could not be read" in r.err, args
        assert "line 2" in r.err, args
    assert "could not be read" not in run("log", "--fatigue", "5", "--mood", "6").err


def test_log_with_mood_above_2_has_no_crisis_line() -> None:
    assert "988" not in run("log", "--fatigue", "5", "--mood", "3").out


def test_today_with_very_low_mood_shows_the_crisis_contacts() -> None:
    run_ok("log", "--fatigue", "5", "--mood", "1")
    out = one_line(run("today").out)
    assert "988" in out and "findahelpline.com" in out
    run_ok("log", "--mood", "6")
    assert "988" not in run("today").out


def test_tips_support_always_ends_with_the_crisis_contacts() -> None:
    run_ok("config", "set", "crisis_line", "Lifeline 13 11 14")
    out = run("tips", "--strategy", "support").out
    support_end = one_line(out.split("Tips are general")[0]).rstrip()
    assert support_end.endswith("local emergency number.")
    assert "Lifeline 13 11 14" in support_end.rsplit("•", 1)[1]
    every = one_line(run("tips", "--all").out)
    assert "988" in every and "Lifeline 13 11 14" in every
    data = json.loads(run("tips", "--strategy", "support", "--json").out)
    assert "988" in data["crisis"]
    assert "988" not in run("tips", "--strategy", "rest").out


def test_tips_for_the_day_with_very_low_mood_show_the_contacts() -> None:
    run_ok("log", "--fatigue", "5", "--mood", "2")
    assert "988" in run("tips").out
    assert "988" in json.loads(run("tips", "--json").out)["crisis"]


def test_contacts_line_is_the_one_kept_list() -> None:
    line = crisis.contacts("My line 123")
    assert line.startswith("your crisis line My line 123")
    assert "988" in line and "findahelpline.com" in line and "911" in line
    assert "low risk" not in line.lower()


# --- 3. severe scores ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "answers", "urgent"),
    [
        ("phq9", "3,3,2,2,2,2,2,2,0", False),  # 18
        ("phq9", "3,3,3,3,2,2,2,2,0", True),  # 20
        ("gad7", "2,2,2,2,2,2,2", False),  # 14
        ("gad7", "3,2,2,2,2,2,2", True),  # 15
    ],
)
def test_severe_scores_say_contact_the_provider_soon(
    instrument: str, answers: str, urgent: bool
) -> None:
    out = one_line(run("assess", instrument, "--answers", answers).out)
    assert ("contact your provider soon" in out) is urgent
    assert ("rather than waiting for your next visit" in out) is urgent


# --- 4. driving -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("drug", "route"),
    [("ketamine", "iv"), ("esketamine", "intranasal"), ("ketamine", "oral"), ("other", "im")],
)
def test_driving_point_on_every_session_day_for_every_drug(drug: str, route: str) -> None:
    run_ok("session", "add", "--drug", drug, "--route", route)
    assert "do not drive" in one_line(run("today").out)
    log = one_line(run("log", "--fatigue", "4").out)
    assert "do not drive" in log and "restful night's sleep" in log
    assert "do not drive" in one_line(run("tips").out)


@pytest.mark.parametrize("drug", ["ketamine", "esketamine", "other"])
def test_driving_point_the_day_before_a_planned_session(drug: str) -> None:
    run_ok("session", "add", "--drug", drug, "--route", "iv", "--date", "tomorrow")
    out = one_line(run("today").out)
    assert "arrange a ride" in out and "do not drive" in out


def test_no_driving_point_on_other_days() -> None:
    run_ok("session", "add", "--route", "iv", "--date", "2 days ago")
    run_ok("session", "add", "--route", "iv", "--date", "in 2 days")
    assert "drive" not in run("today").out


# --- 5. every tip is reachable, and the reason fits the tip ---------------------------------


def _situations(day: date = DAY) -> list[tips.Situation]:
    """One situation per rule, and the plain ones: enough to reach every tip."""

    def _session(days: int) -> Session:
        return Session(id=1, uid="s", day=day + timedelta(days=days), drug="ketamine", route="iv")

    c = Checkin(id=1, uid="c", day=day, fatigue=5)
    out = [
        tips.Situation(day),
        tips.Situation(day, checkin=c, offset=9, last_session=_session(-9)),
        tips.Situation(day, checkin=c, offset=0, last_session=_session(0)),
        tips.Situation(day, checkin=c, offset=1, last_session=_session(-1)),
        tips.Situation(day, checkin=c._replace(fatigue=6), offset=2),
        tips.Situation(day, checkin=c._replace(fatigue=2), offset=5),
        tips.Situation(day, checkin=c, offset=9, prolonged=True),
        tips.Situation(day, checkin=c._replace(fatigue=9), offset=9),
        tips.Situation(day, checkin=c._replace(mood=1), offset=9),
        tips.Situation(day, checkin=c._replace(mood=4), offset=9),
        tips.Situation(day, checkin=c._replace(sleep_hours=4.0), offset=9),
        tips.Situation(day, checkin=c._replace(water=2), offset=9),
        tips.Situation(day, checkin=c._replace(emotions=9), offset=9),
        tips.Situation(day, checkin=c._replace(fog=8), offset=9),
        tips.Situation(day, checkin=c, offset=9, next_session=_session(1)),
        tips.Situation(day, checkin=c, offset=9, next_session=_session(2)),
        tips.Situation(day, checkin=c, offset=9, open_questions=2),
    ]
    for symptom in ("nausea", "appetite", "headache", "dizziness", "bladder", "anxiety", "dreams"):
        out.append(tips.Situation(day, checkin=c, offset=9, symptoms=frozenset({symptom})))
    return out


def test_every_tip_is_reached_by_some_rule() -> None:
    reached = {
        chosen.tip.key
        for n in range(12)  # the rotation reaches every candidate within a few days
        for s in _situations(DAY + timedelta(days=n))
        for chosen in tips.choose(s, limit=5)
    }
    every = {t.key for f in tipdata.FAMILIES for t in f.tips}
    assert every - reached == set()


def test_every_tip_carries_a_tag_some_rule_uses() -> None:
    used = {"ordinary"}
    for s in _situations():
        for reason, candidates in tips._reasons(s).values():
            assert reason and candidates
            used |= {tag for t in candidates for tag in t.tags}
    for family in tipdata.FAMILIES:
        for t in family.tips:
            assert t.tags & used, t.key


@pytest.mark.parametrize(
    ("fields", "symptoms", "reason_word", "tip_words"),
    [
        ({"water": 4}, (), "water", ("water",)),
        ({"sleep_hours": 4.0}, (), "slept", ("nap", "bed", "sleep")),
        ({"emotions": 9}, (), "emotions", ("breathing", "Write", "name five", "calm music")),
        ({"fog": 8}, (), "fog", ("detached", "yoga", "name five")),
        ({"mood": 1}, (), "mood", ("mood",)),
        ({}, ("bladder",), "bladder", ("bladder",)),
        ({}, ("headache",), "headache", ("headache",)),
        ({}, ("nausea",), "nausea", ("stomach",)),
    ],
)
def test_the_reason_shown_fits_its_tip(
    fields: dict[str, object],
    symptoms: tuple[str, ...],
    reason_word: str,
    tip_words: tuple[str, ...],
) -> None:
    c = Checkin(id=1, uid="c", day=DAY, fatigue=5, **fields)  # type: ignore[arg-type]
    for n in range(10):
        s = tips.Situation(
            DAY + timedelta(days=n), checkin=c, offset=9, symptoms=frozenset(symptoms)
        )
        for chosen in tips.choose(s, limit=5):
            if reason_word in chosen.reason:
                assert any(w in chosen.tip.text for w in tip_words), (chosen.reason, chosen.tip)
        assert any(reason_word in chosen.reason for chosen in tips.choose(s, limit=5))


def test_water_never_comes_with_the_caffeine_tip() -> None:
    c = Checkin(id=1, uid="c", day=DAY, fatigue=5, water=4)
    for n in range(30):
        s = tips.Situation(DAY + timedelta(days=n), checkin=c, offset=9)
        for chosen in tips.choose(s, limit=5):
            if "water" in chosen.reason:
                assert "caffeine" not in chosen.tip.text


def test_bladder_symptom_brings_the_bladder_tip_and_the_provider() -> None:
    c = Checkin(id=1, uid="c", day=DAY, fatigue=3)
    first = tips.choose(tips.Situation(DAY, checkin=c, offset=9, symptoms=frozenset({"bladder"})))
    assert "bladder" in first[0].tip.text and "provider" in first[0].reason


# --- 6. why am I tired? ----------------------------------------------------------------------


def test_tips_why_gives_the_four_causes_and_that_it_passes() -> None:
    r = run("tips", "--why")
    assert r.code == 0
    out = one_line(r.out)
    for words in (
        "energy",
        "detached",
        "emotions",
        "sleep",
        "dose",
        "intranasal",
        "within a few days",
        "more energetic",
        "not medical advice",
    ):
        assert words in out, words
    assert [line[:2] for line in r.out.splitlines() if line[:2] in ("1.", "2.", "3.", "4.")] == [
        "1.",
        "2.",
        "3.",
        "4.",
    ]
    data = json.loads(run("tips", "--why", "--json").out)
    assert len(data["causes"]) == 4 and "few days" in data["passes"]
    r = run("tips", "--why", "--all")
    assert r.code == 2 and "--why" in r.err


@pytest.mark.parametrize(("days_ago", "shown"), [(0, True), (1, True), (3, True), (4, False)])
def test_today_reassures_on_days_0_to_3(days_ago: int, shown: bool) -> None:
    run_ok("session", "add", "--route", "iv", "--date", f"{days_ago} days ago")
    out = one_line(run("today").out)
    assert ("usually passes within a few days" in out) is shown
    assert ("tips --why" in out) is shown


def test_the_failing_command_leaves_the_journal_as_it_was(isolated: Path) -> None:
    run_ok("log", "--fatigue", "3")
    before = digest(isolated)
    r = run_process("assess", "phq9", "--answers", ITEM9, "--date", "tomorrow")
    assert r.out.startswith(BLOCK) and digest(isolated) == before
