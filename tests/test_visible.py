"""Escape sequences in notes, clinics and names never reach a terminal or a text file."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from helpers import run
from ketalog.visible import visible

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # writes to the clipboard
CLEAR = "\x1b[2J\x1b[H"  # clears the screen
TITLE = "\x1b]0;owned\x1b\\"  # sets the window title
HOSTILE = f"a{OSC52}b{CLEAR}c{TITLE}d\x9b31m e\x7f f\u202eg\u2066h\r i\x00"
# only Rich's own colour codes (SGR) may appear on a terminal
FOREIGN_ESCAPE = re.compile(rb"\x1b(?!\[[0-9;]*m)|\x07|\xc2\x9b|\xe2\x80\xae|\xe2\x81\xa6|\r(?!\n)")


def test_visible_writes_controls_out_and_keeps_text() -> None:
    assert visible("plain ☃ 😀 \U000e0001\ttab\nline") == "plain ☃ 😀 \U000e0001\ttab\nline"
    assert visible("\x1b[2J") == "\\x1b[2J"
    assert visible("\x00\x07\x7f\x85\x9b") == "\\x00\\x07\\x7f\\x85\\x9b"
    assert visible("\u202a\u202e\u2066\u2069") == "\\u202a\\u202e\\u2066\\u2069"
    assert visible("lone \ud800") == "lone \\ud800"
    assert visible("a\r\nb") == "a\\x0d\nb"


def hostile_journal() -> None:
    assert run("config", "set", "name", f"Sam{CLEAR}").code == 0
    r = run(
        "session",
        "add",
        "--date",
        "2026-11-20",
        "--route",
        "iv",
        "--dose",
        "35",
        "--clinic",
        f"Clinic{TITLE}",
        "--note",
        HOSTILE,
    )
    assert r.code == 0, r.err
    r = run("log", "--date", "2026-11-21", "--fatigue", "6", "--note", HOSTILE, "--for-provider")
    assert r.code == 0, r.err


def assert_inert(text: str) -> None:
    for raw in ("\x1b", "\x07", "\x9b", "\x7f", "\u202e", "\u2066", "\x00"):
        assert raw not in text, repr(raw)
    assert "x1b" in text  # shown, not dropped


def test_plain_text_needs_no_pattern_compiled() -> None:
    """Every command shows text through visible(); the pattern of controls takes half a
    millisecond to compile, which text with nothing to escape must not pay."""
    from ketalog import visible as module

    module._hidden.cache_clear()
    assert (
        visible("Fatigue 4/10 · ketamine, IV — day 3 of 7")
        == "Fatigue 4/10 · ketamine, IV — day 3 of 7"
    )
    assert module._hidden.cache_info().currsize == 0
    assert visible("a\x1bb\u202ec") == "a\\x1bb\\u202ec"
    assert module._hidden.cache_info().currsize == 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_the_printable_shortcut_changes_nothing(text: str) -> None:
    """Text that is all printable is kept whole; anything else goes through the pattern,
    as before the shortcut."""
    from ketalog import visible as module

    def escape(m: re.Match[str]) -> str:
        code = ord(m.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    assert visible(text) == module._hidden().sub(escape, text)


@pytest.mark.parametrize(
    "command",
    [
        ("history",),
        ("session", "list"),
        ("summary",),
        ("summary", "--format", "markdown"),
        ("summary", "--format", "html"),
        ("config", "show"),
    ],
)
def test_every_listing_shows_controls_visibly(command: tuple[str, ...]) -> None:
    hostile_journal()
    r = run(*command)
    assert r.code == 0, r.err
    assert_inert(r.out)


def test_change_lines_show_controls_visibly() -> None:
    hostile_journal()
    r = run(
        "log", "--date", "2026-11-21", "--fatigue", "5", "--clear", "note", "--note", f"new{CLEAR}"
    )
    assert r.code == 0, r.err
    assert "note a\\x1b]52" in r.out and "→ new\\x1b[2J" in r.out
    assert_inert(r.out)
    r = run("session", "edit", "1", "--clinic", f"Other{OSC52}")
    assert r.code == 0, r.err
    assert "clinic Clinic\\x1b]0;owned" in r.out
    assert_inert(r.out)
    for command in (("today",), ("tips",), ("config", "set", "name", f"x{OSC52}")):
        r = run(*command)
        assert r.code == 0, r.err
        assert "\x1b" not in r.out


def test_error_messages_show_what_was_typed_visibly(tmp_path: Path) -> None:
    r = run("import", str(tmp_path / f"missing{OSC52}.json"))
    assert r.code == 1
    assert "missing\\x1b]52;c;" in r.err and "\x1b" not in r.err and "\x07" not in r.err
    r = run("log", "--fatigue", f"6{CLEAR}")
    assert r.code == 2 and "\x1b" not in r.err


def test_json_and_exports_keep_the_exact_text(tmp_path: Path) -> None:
    hostile_journal()
    [row] = json.loads(run("history", "--json").out)
    assert row["note"] == HOSTILE
    [session] = json.loads(run("session", "list", "--json").out)
    assert session["note"] == HOSTILE and session["clinic"] == f"Clinic{TITLE}"
    data = json.loads(run("export").out)
    assert data["checkins"][0]["note"] == HOSTILE
    export_file = tmp_path / "e.json"
    assert run("export", "-o", str(export_file)).code == 0
    assert json.loads(export_file.read_text(encoding="utf-8"))["sessions"][0]["note"] == HOSTILE
    assert json.loads(run("summary", "--format", "json").out)["name"] == f"Sam{CLEAR}"


def test_summary_files_show_controls_visibly_and_the_pdf_does_not_crash(tmp_path: Path) -> None:
    hostile_journal()
    for fmt in ("text", "markdown", "html"):
        out = tmp_path / f"s.{fmt}"
        assert run("summary", "--format", fmt, "-o", str(out)).code == 0
        assert_inert(out.read_text(encoding="utf-8"))
    out = tmp_path / "s.pdf"
    r = run("summary", "--format", "pdf", "-o", str(out))
    assert r.code == 0, r.err
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "\x1b" not in text and "x1b" in text


def run_in_pty(args: list[str], env: dict[str, str], typed: bytes = b"") -> bytes:
    """Run ketalog on a real terminal, typing `typed`, and return every byte it wrote."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ketalog", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    if typed:
        os.write(leader, typed)
    out = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=30)
    os.close(leader)
    return out


def test_no_raw_escape_reaches_a_real_terminal(tmp_path: Path) -> None:
    """An imported file is enough to deliver a note; history on a terminal stays inert."""
    hostile_journal()
    export_file = tmp_path / "shared.json"
    assert run("export", "-o", str(export_file)).code == 0
    env = {**os.environ, "KETALOG_DB": str(tmp_path / "other.db"), "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    assert run("--db", str(tmp_path / "other.db"), "import", str(export_file)).code == 0
    shown = b"x1b]52;c;"
    for args, needle in (
        (["history"], shown),
        (["session", "list"], shown),
        (["summary"], shown),
        (["history", "--json"], b"\\u001b]52;c;"),
        (["export"], b"\\u001b]52;c;"),
    ):
        out = run_in_pty(args, env)
        assert needle in out, out  # the note is there, written out
        found = FOREIGN_ESCAPE.search(out.replace(b"\r\n", b"\n"))
        assert found is None, (args, out[max(0, found.start() - 40) : found.end() + 40])


def test_a_prompt_answer_that_is_not_utf8_is_asked_again(tmp_path: Path) -> None:
    env = {**os.environ, "KETALOG_DB": str(tmp_path / "j.db")}
    typed = b"5\xff\n5\n" + b"\n" * 9 + b"tired \xff\ntired\nn\n"  # 8 fields, symptoms
    out = run_in_pty(["log"], env, typed)
    assert b"'5\\xff' is not valid UTF-8 text" in out, out
    assert b"'tired \\xff' is not valid UTF-8 text" in out, out
    assert b"Saved the check-in" in out and b"unexpected" not in out
    [row] = json.loads(run("--db", str(tmp_path / "j.db"), "history", "--json").out)
    assert row["fatigue"] == 5 and row["note"] == "tired"


def test_the_own_crisis_line_is_shown_visibly_wherever_it_appears() -> None:
    assert run("config", "set", "crisis_line", f"Call Ana 555{CLEAR}").code == 0
    for command in (
        ("tips", "--strategy", "support"),
        ("assess", "phq9", "--answers", "0,0,0,0,0,0,0,0,1"),
    ):
        r = run(*command)
        assert r.code == 0, r.err
        assert "Ana 555\\x1b[2J" in " ".join(r.out.split())
        assert "\x1b" not in r.out
