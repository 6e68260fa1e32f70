"""config.toml: written by a TOML library, read back exactly, repairable when broken."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import run, run_process

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    folder = tmp_path / "config" / "ketalog"
    folder.mkdir(parents=True)
    return folder / "config.toml"


NEWER = """\
# written by hand: keep me
name = "Sam" # the summary's name
future_flag = true
future_list = [1, 2.5, "x", [true]]
future_date = 2026-11-25

[future_table]
colour = "blue"
"""


def test_keys_from_a_newer_ketalog_and_comments_survive_a_set(config_file: Path) -> None:
    config_file.write_text(NEWER, encoding="utf-8")
    assert run("config", "set", "default_route", "iv").code == 0
    assert run("config", "set", "name", "Alex").code == 0
    text = config_file.read_text(encoding="utf-8")
    assert "# written by hand: keep me" in text
    assert "future_flag = true" in text
    assert 'future_list = [1, 2.5, "x", [true]]' in text
    data = tomllib.loads(text)
    assert data["future_flag"] is True
    assert data["future_list"] == [1, 2.5, "x", [True]]
    assert data["future_table"] == {"colour": "blue"}
    assert str(data["future_date"]) == "2026-11-25"
    assert data["name"] == "Alex"
    assert data["default_route"] == "iv"
    assert run("config", "set", "name", "").code == 0
    data = tomllib.loads(config_file.read_text(encoding="utf-8"))
    assert "name" not in data
    assert data["future_flag"] is True


@pytest.mark.parametrize(
    "name",
    [
        "Emma \U000e0001 tag",  # outside the BMP, not printable
        "Zoë 😀",
        'quote " and \\ backslash',
        "tab\there",
        "escape \x1b[2J and \x7f and \x9b and \u202e",
        "'''triple'''",
    ],
)
def test_any_text_reads_back_exactly(config_file: Path, name: str) -> None:
    assert run("config", "set", "name", name).code == 0
    assert tomllib.loads(config_file.read_text(encoding="utf-8"))["name"] == name.strip()
    assert run("config", "show").code == 0


def test_a_broken_line_is_named_with_the_fix_and_config_set_repairs_it(config_file: Path) -> None:
    # what an older ketalog wrote for a name holding a byte that is not UTF-8
    config_file.write_text('# prefs\nname = "Jo\\udcffe"\nfuture = true\n', encoding="utf-8")
    for command in (("config", "show"), ("summary",), ("config", "set", "paper_size", "a4")):
        r = run(*command)
        assert r.code == 1, command
        assert "line 2" in r.err
        assert 'ketalog config set name ""' in r.err
        assert "Traceback" not in r.err
    assert run("config", "set", "name", "").code == 0
    text = config_file.read_text(encoding="utf-8")
    assert tomllib.loads(text) == {"future": True}
    assert "# prefs" in text
    assert run("config", "show").code == 0


def test_config_set_repairs_the_broken_key_by_setting_it(config_file: Path) -> None:
    config_file.write_bytes(b'paper_size = "letter"\nname = "Jo\xffe"\n')
    r = run("config", "show")
    assert r.code == 1
    assert "line 2: it is not UTF-8 text" in r.err
    assert run("config", "set", "name", "Joe").code == 0
    assert tomllib.loads(config_file.read_text(encoding="utf-8")) == {
        "paper_size": "letter",
        "name": "Joe",
    }


def test_a_broken_line_that_sets_no_key_says_to_edit_it(config_file: Path) -> None:
    config_file.write_text('name = "Sam"\nthis is not toml\n', encoding="utf-8")
    r = run("config", "set", "name", "")
    assert r.code == 1
    assert "line 2" in r.err
    assert "fix or delete line 2 in a text editor" in r.err
    assert config_file.read_text(encoding="utf-8") == 'name = "Sam"\nthis is not toml\n'


def test_a_bad_value_in_the_file_says_how_to_set_it_again(config_file: Path) -> None:
    config_file.write_text('default_route = "nasal"\n', encoding="utf-8")
    r = run("session", "add", "--date", "today")
    assert r.code == 1
    assert "ketalog config set default_route VALUE" in r.err


def test_config_file_stays_private(config_file: Path) -> None:
    assert run("config", "set", "name", "Sam").code == 0
    assert config_file.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in config_file.parent.iterdir()] == ["config.toml"]


def test_text_that_is_not_utf8_is_refused_before_anything_is_written(config_file: Path) -> None:
    """A real process, handed raw bytes as a user's shell would."""
    cases = [
        (["config", "set", "name", b"Jo\xffe"], "'Jo\\xffe'"),
        (["log", "--fatigue", "3", "--note", b"\xff"], "'\\xff' after --note"),
        (["log", "--fatigue", "3", b"--note=ok\xff"], "'ok\\xff' given to --note"),
        (["session", "add", "--route", "iv", "--clinic", b"\xc3("], "after --clinic"),
        (["import", b"caf\xe9.json"], "'caf\\xe9.json'"),
    ]
    for args, said in cases:
        r = run_process(*args)  # type: ignore[arg-type]
        assert r.code == 2, args
        assert said in r.err
        assert "not valid UTF-8" in r.err
        assert "Traceback" not in r.err and "unexpected" not in r.err
    assert not config_file.exists()
    assert not (config_file.parents[2] / "journal.db").exists()


def test_not_utf8_in_process_too() -> None:
    r = run("log", "--fatigue", "3", "--note", "Jo\udcffe")
    assert r.code == 2
    assert "'Jo\\xffe' after --note is not valid UTF-8 text" in r.err
