"""Paths that are not ketalog's to change: a device, a fifo, a folder or another
program's file given as the journal is refused before its mode or contents are
touched; an output file never lands on a journal; every path is shown escaped."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from helpers import digest, run, run_ok, run_process

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX files")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path, 0o644)
    return path


@pytest.mark.parametrize("args", [("today",), ("log", "--fatigue", "3"), ("check",), ("backup",)])
def test_a_fifo_as_the_journal_is_refused_unchanged_without_waiting(
    fifo: Path, args: tuple[str, ...]
) -> None:
    r = run_process("--db", str(fifo), *args)  # a blocking open would time out here
    assert r.code == 1
    assert r.err.strip().splitlines() == [
        f"ketalog: {fifo} is not a journal file: a named pipe (fifo); ketalog left it "
        "untouched (use --db to pick another file)"
    ]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and mode(fifo) == 0o644


def test_due_does_not_hang_on_a_fifo(fifo: Path) -> None:
    r = run_process("--db", str(fifo), "due")
    assert r.code == 1 and "not a regular file" in r.err


def test_dev_null_as_the_journal_is_refused_and_its_mode_never_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Run in-process with every way of changing a mode recorded instead of done, so
    the check can never break /dev/null for the machine's other users."""
    changed: list[object] = []
    monkeypatch.setattr(os, "chmod", lambda *a, **k: changed.append(a))
    monkeypatch.setattr(os, "fchmod", lambda *a, **k: changed.append(a))
    monkeypatch.setattr(Path, "chmod", lambda *a, **k: changed.append(a))
    before = os.stat("/dev/null")
    for args in (("today",), ("log", "--fatigue", "3"), ("history",)):
        r = run("--db", "/dev/null", *args)
        assert r.code == 1
        assert "/dev/null is not a journal file: a device" in r.err
        assert "private" not in r.err
    assert changed == []
    after = os.stat("/dev/null")
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


def test_a_text_file_and_a_symlink_to_it_keep_their_mode(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    notes.chmod(0o644)
    link = tmp_path / "link.db"
    link.symlink_to(notes)
    for path in (notes, link):
        r = run_process("--db", str(path), "today")
        assert r.code == 1
        assert "is not a ketalog journal" in r.err and "untouched" in r.err
        assert "private" not in r.err
    assert mode(notes) == 0o644 and notes.read_text() == "my notes\n"


def test_another_programs_database_keeps_its_mode(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    other.chmod(0o644)
    r = run_process("--db", str(other), "today")
    assert r.code == 1 and "another program" in r.err and "private" not in r.err
    assert mode(other) == 0o644


def test_a_journal_reached_through_a_symlink_is_still_made_private(tmp_path: Path) -> None:
    journal = tmp_path / "real.db"
    run_ok("--db", str(journal), "log", "--fatigue", "3")
    journal.chmod(0o644)
    link = tmp_path / "link.db"
    link.symlink_to(journal)
    r = run_process("--db", str(link), "today")
    assert r.code == 0, r.err
    assert mode(journal) == 0o600 and "private" in r.err


def test_a_wal_that_is_a_symlink_is_not_followed(isolated: Path, tmp_path: Path) -> None:
    run_ok("log", "--fatigue", "3")
    for side in ("-wal", "-shm"):
        Path(f"{isolated}{side}").unlink(missing_ok=True)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not ketalog's\n")
    elsewhere.chmod(0o644)
    Path(f"{isolated}-shm").symlink_to(elsewhere)
    isolated.chmod(0o644)
    run_process("today")
    assert mode(elsewhere) == 0o644 and mode(isolated) == 0o600


def outputs(tmp_path: Path, journal: Path) -> dict[str, tuple[Path, str]]:
    """Output paths ketalog must refuse even with --force, and why it says so."""
    run_ok("log", "--fatigue", "3")
    run_ok("backup", str(tmp_path / "copy.db"))
    sqlite3.connect(tmp_path / "app.db").execute("CREATE TABLE t (x)").connection.close()
    (tmp_path / "link").symlink_to(journal)
    os.link(journal, tmp_path / "hard")
    os.mkfifo(tmp_path / "fifo")
    holder = sqlite3.connect(journal)  # keeps -wal and -shm on disk
    holder.execute("SELECT count(*) FROM checkin").fetchone()
    outputs.holder = holder  # type: ignore[attr-defined]
    return {
        "journal": (journal, "is the journal in use"),
        "symlink": (tmp_path / "link", "is the journal in use"),
        "hard link": (tmp_path / "hard", "is the journal in use"),
        "-wal": (Path(f"{journal}-wal"), "is the journal's -wal file in use"),
        "-shm": (Path(f"{journal}-shm"), "is the journal's -shm file in use"),
        "another journal": (tmp_path / "copy.db", "is a ketalog journal"),
        "an SQLite file": (tmp_path / "app.db", "is an SQLite database"),
        "a fifo": (tmp_path / "fifo", "is not a regular file: a named pipe (fifo)"),
    }


@pytest.mark.parametrize(
    "command",
    [
        ("export", "--force", "-o"),
        ("export", "--format", "csv", "--force", "-o"),
        ("export", "--encrypt", "--force", "-o"),
        ("summary", "--force", "-o"),
        ("summary", "--format", "pdf", "--force", "-o"),
    ],
)
def test_an_output_file_never_lands_on_a_journal(
    isolated: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    cases = outputs(tmp_path, isolated)
    try:
        for name, (path, why) in cases.items():
            before = {p: digest(p) for p in (isolated, tmp_path / "copy.db", tmp_path / "app.db")}
            r = run(*command, str(path))
            assert r.code == 1, (name, r)
            assert r.err.strip().splitlines() == [
                f"ketalog: {path} {why}; ketalog never writes over it, even with --force "
                "(choose another file name)"
            ], name
            assert {p: digest(p) for p in before} == before, name
    finally:
        outputs.holder.close()  # type: ignore[attr-defined]
    r = run_process("check")
    assert r.code == 0, r.out + r.err
    conn = sqlite3.connect(isolated)
    try:
        assert conn.execute("SELECT fatigue FROM checkin").fetchall() == [(3,)]
    finally:
        conn.close()


def test_a_backup_onto_the_journal_is_refused(isolated: Path, tmp_path: Path) -> None:
    run_ok("log", "--fatigue", "3")
    before = digest(isolated)
    link = tmp_path / "link"
    link.symlink_to(isolated)
    for dest in (isolated, link):
        r = run("backup", str(dest))
        assert r.code == 1 and "already exists" in r.err
    assert digest(isolated) == before and link.is_symlink()


def test_a_plain_file_is_still_replaced_with_force(tmp_path: Path) -> None:
    run_ok("log", "--fatigue", "3")
    out = tmp_path / "old.json"
    out.write_text("old")
    assert run("export", "-o", str(out)).code == 1
    assert run("export", "-o", str(out), "--force").code == 0
    assert out.read_text().startswith("{")


OSC = "\x1b]0;pwned\x07"


def test_success_lines_show_paths_escaped_never_raw_or_stripped(tmp_path: Path) -> None:
    run_ok("log", "--fatigue", "3")
    out = tmp_path / f"x{OSC}"
    r = run_ok("export", "-o", str(out))
    assert r.err.strip() == f"Exported to {tmp_path}/x\\x1b]0;pwned\\x07"
    r = run_ok("summary", "--format", "json", "-o", str(tmp_path / f"s{OSC}"))
    assert r.err.strip() == f"Wrote the json summary to {tmp_path}/s\\x1b]0;pwned\\x07"
    r = run_ok("backup", str(tmp_path / "\x1b[2Jb#.db"))
    assert r.out.strip() == f"Backed up to {tmp_path}/\\x1b[2Jb#.db"
    assert "\x1b" not in r.out + r.err


def test_where_shows_the_journal_path_escaped_on_one_line(tmp_path: Path) -> None:
    red = tmp_path / "\x1b[31mred.db"
    r = run_ok("--db", str(red), "where")
    assert r.out.splitlines()[0] == f"journal: {tmp_path}/\\x1b[31mred.db (not created yet)"
    split = tmp_path / "a\nb.db"
    r = run_ok("--db", str(split), "where")
    lines = r.out.splitlines()
    assert len(lines) == 3 and lines[0] == f"journal: {tmp_path}/a\\nb.db (not created yet)"


def test_an_error_naming_a_path_stays_on_one_line(tmp_path: Path) -> None:
    weird = tmp_path / "a\nb\x1b]0;t\x07"
    weird.write_text("not a journal")
    r = run_process("--db", str(weird), "today")
    assert r.code == 1
    assert len(r.err.strip().splitlines()) == 1
    assert "a\\nb\\x1b]0;t\\x07 is not a ketalog journal" in r.err


def test_visible_line_escapes_controls_newline_and_tab() -> None:
    from ketalog.visible import visible_line

    assert visible_line(Path("/a/b\nc\td\x1b[2J")) == "/a/b\\nc\\td\\x1b[2J"
    assert visible_line("plain é path") == "plain é path"
