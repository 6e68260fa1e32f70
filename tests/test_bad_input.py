"""Bad input: one clear line, exit 2, no traceback, the journal untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import digest, run, run_process

BAD = [
    (("log", "--fatigue", "11"), "'11'"),
    (("log", "--fatigue", "-1"), "'-1'"),
    (("log", "--fatigue", "abc"), "'abc'"),
    (("log", "--fatigue", "5.5"), "'5.5'"),
    (("log", "--fatigue", "5", "--sleep-hours", "25"), "'25'"),
    (("log", "--fatigue", "5", "--water", "51"), "'51'"),
    (("log", "--fatigue", "5", "--date", "tomorrow"), "'tomorrow'"),
    (("log", "--fatigue", "5", "--date", "2026-12-01"), "'2026-12-01'"),
    (("log", "--fatigue", "5", "--date", "2026-02-30"), "'2026-02-30'"),
    (("log", "--fatigue", "5", "--date", "someday"), "'someday'"),
    (("session", "add", "--route", "nasal"), "'nasal'"),
    (("session", "add", "--route", "iv", "--drug", "lsd"), "'lsd'"),
    (("session", "add", "--route", "iv", "--dose", "0"), "'0'"),
    (("session", "add", "--route", "iv", "--dose", "-5"), "'-5'"),
    (("session", "add", "--route", "iv", "--dose-per-kg", "11"), "'11'"),
    (("session", "add", "--route", "iv", "--duration", "0"), "'0'"),
    (("session", "add", "--route", "iv", "--time", "25:99"), "'25:99'"),
    (("session", "add", "--route", "iv", "--date", "in 800 days"), "'in 800 days'"),
    (("session", "add", "--route", "iv", "--date", "2026-13-01"), "'2026-13-01'"),
    (("config", "set", "colour", "blue"), "'colour'"),
    (("log", "--fatigue"), "--fatigue"),
    (("log", "--bogus"), "--bogus"),
]


@pytest.fixture
def journal(isolated: Path) -> Path:
    assert run("log", "--fatigue", "4", "--date", "yesterday").code == 0
    assert run("session", "add", "--route", "iv", "--date", "3 days ago").code == 0
    return isolated


@pytest.mark.parametrize(
    ("args", "named"), BAD, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_bad_input_in_a_real_process(journal: Path, args: tuple[str, ...], named: str) -> None:
    before = digest(journal)
    r = run_process(*args)
    assert r.code == 2, r
    assert named in r.err
    assert "Traceback" not in r.err + r.out
    assert len(r.err.strip().splitlines()) == 1, r.err
    assert digest(journal) == before


ARG = st.one_of(
    st.sampled_from(
        [
            "--fatigue",
            "--sleep-hours",
            "--water",
            "--fog",
            "--date",
            "--note",
            "--clear",
            "--route",
            "--drug",
            "--dose",
            "--dose-per-kg",
            "--duration",
            "--time",
            "--dissociation",
            "--for-provider",
            "--delete",
            "--yes",
            "5",
            "-1",
            "11",
            "1e9",
            "nan",
            "inf",
            "today",
            "yesterday",
            "2026-02-30",
            "iv",
            "fog",
            "",
            "--",
            "☃",
        ]
    ),
    st.text(max_size=8),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(command=st.sampled_from([("log",), ("session", "add")]), args=st.lists(ARG, max_size=6))
def test_random_arguments_never_crash(
    isolated: Path, command: tuple[str, ...], args: list[str]
) -> None:
    from typer.testing import CliRunner

    from ketalog.cli import app

    result = CliRunner().invoke(app, [*command, *args], prog_name="ketalog")
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
