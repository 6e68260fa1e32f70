"""`ketalog sync DIR`: two journals kept in step through one folder."""

from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import digest, run, run_ok, run_process
from ketalog import (
    actions,
    changelog,
    db,
    deletions,
    exporting,
    journal,
    questions,
    sync,
    syncmerge,
    uidrows,
)
from ketalog import config as ketalog_config
from ketalog.errors import KetalogError

GOOD = "correct horse battery"


class Clock:
    """A clock for the journal's timestamps that moves on a second at each reading."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)

    def stamp(self) -> str:
        self.now += timedelta(seconds=1)
        return self.now.isoformat(timespec="seconds")

    def exact(self) -> str:
        self.now += timedelta(seconds=1)
        return self.now.isoformat(timespec="microseconds")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(uidrows, "now_stamp", c.stamp)
    monkeypatch.setattr(deletions, "now_exact", c.exact)
    return c


class Computer:
    """One of two computers: its own journal and config, the same synced folder."""

    def __init__(self, tmp: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.db = tmp / name / "journal.db"
        self.config = tmp / name / "config"
        self.name = name
        self.mp = monkeypatch

    def __call__(self, *args: str):  # type: ignore[no-untyped-def]
        self.mp.setenv("KETALOG_DB", str(self.db))
        self.mp.setenv("XDG_CONFIG_HOME", str(self.config))
        return run(*args)

    def content(self) -> dict[str, object]:
        data = json.loads(self("export").out)
        data.pop("exported_at")
        return data


@pytest.fixture
def pair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Computer, Computer, Path]]:
    folder = tmp_path / "Sync"
    folder.mkdir()
    a, b = Computer(tmp_path, "a", monkeypatch), Computer(tmp_path, "b", monkeypatch)
    assert a("config", "set", "device", "laptop").code == 0
    assert b("config", "set", "device", "desktop").code == 0
    yield a, b, folder


def test_two_journals_converge_through_one_folder(pair, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    a, b, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    a("log", "--date", "2026-11-21", "--fatigue", "4")
    a("session", "add", "--route", "iv", "--date", "2026-11-19")
    r = a("sync", str(folder))
    assert r.code == 0, r.err
    assert (folder / "ketalog-laptop.json").exists()
    assert "No other computer's file" in r.out
    r = b("sync", str(folder))
    assert r.code == 0 and "Merged from laptop: 3 added" in r.out
    # both computers change things
    a("log", "--date", "2026-11-20", "--fatigue", "5")  # conflicting edit, older
    a("session", "delete", "1", "--yes")  # a deletion on one side
    b("log", "--date", "2026-11-22", "--fatigue", "6")  # a new day on the other
    b("log", "--date", "2026-11-20", "--fatigue", "7")  # conflicting edit, newer
    b("assess", "gad7", "--answers", "1,1,2,1,0,1,0")  # questionnaires travel too
    b("log", "--date", "2026-11-21", "--symptom", "nausea")  # symptoms ride on the check-in
    b("ask", "Can I move Friday's session?")  # questions too
    a("ask", "Is the headache normal?")
    a("sync", str(folder))
    r = b("sync", str(folder))
    assert r.code == 0
    assert "1 entry was changed on both computers; kept the newer." in r.out
    r = a("sync", str(folder))
    assert "Merged from desktop: 3 added, 2 changed, 0 removed." in r.out
    assert a.content() == b.content()
    checkins = {c["day"]: c["fatigue"] for c in a.content()["checkins"]}  # type: ignore[index, union-attr]
    assert checkins == {"2026-11-20": 7, "2026-11-21": 4, "2026-11-22": 6}
    symptoms = {c["day"]: c["symptoms"] for c in a.content()["checkins"]}  # type: ignore[index, union-attr]
    assert symptoms["2026-11-21"] == "nausea"
    assert a.content()["sessions"] == []
    assert [q["total"] for q in a.content()["assessments"]] == [6]  # type: ignore[index]
    asked = sorted(q["text"] for q in a.content()["questions"])  # type: ignore[union-attr]
    assert asked == ["Can I move Friday's session?", "Is the headache normal?"]
    # a question closed on one computer and its text untouched on the other: closed on both
    assert a("ask", "--done", "1").code == 0
    for side in (a, b):
        assert side("sync", str(folder)).code == 0
    assert a.content() == b.content()
    still_open = [q["text"] for q in json.loads(b("ask", "--json").out)]
    assert still_open == ["Can I move Friday's session?"]
    # nothing new: nothing changes, and it says so
    before = (digest(a.db), (folder / "ketalog-laptop.json").stat().st_mtime_ns)
    r = a("sync", str(folder))
    assert "Already in step: nothing changed." in r.out and "Wrote" not in r.out
    assert (digest(a.db), (folder / "ketalog-laptop.json").stat().st_mtime_ns) == before


def test_one_sync_is_one_undo(pair, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    a, b, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    a("session", "add", "--route", "iv", "--date", "2026-11-19")
    a("sync", str(folder))
    b("log", "--date", "2026-11-21", "--fatigue", "2")
    before = b.content()
    r = b("sync", str(folder))
    assert "`ketalog undo` reverses this sync." in r.out
    r = b("undo")
    assert r.code == 0 and r.out.startswith(
        "Undid the sync with laptop of 1 check-in and 1 session, made "
    )
    assert b.content() == before


def test_two_checkins_for_one_day_keep_the_newer(pair, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    a, b, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    b("log", "--date", "2026-11-20", "--fatigue", "8")
    for side in (a, b, a):
        assert side("sync", str(folder)).code == 0
    assert a.content() == b.content()
    assert [c["fatigue"] for c in a.content()["checkins"]] == [8]  # type: ignore[index]


def test_sessions_at_one_time_list_in_one_order_on_both(  # type: ignore[no-untyped-def]
    pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sessions on one day at one time, entered in the same second on two computers:
    both journals list them, and give the day's check-in to the same one, alike."""
    a, b, folder = pair
    monkeypatch.setattr(uidrows, "now_stamp", lambda: "2026-11-25T08:00:00+00:00")
    monkeypatch.setattr(uidrows, "entered_stamp", lambda: "2026-11-25T08:00:00.000000+00:00")
    day = ["--date", "2026-11-19", "--time", "10:00"]
    assert a("session", "add", "--route", "iv", *day, "--clinic", "North").code == 0
    assert b("session", "add", "--route", "oral", *day, "--clinic", "South").code == 0
    assert b("log", "--date", "2026-11-20", "--fatigue", "4").code == 0
    for side in (a, b, a):
        assert side("sync", str(folder)).code == 0

    def seen(side: Computer) -> tuple[object, ...]:
        listed = [
            (s["uid"], s["clinic"]) for s in json.loads(side("session", "list", "--json").out)
        ]
        owner = json.loads(side("trends", "--json").out)["sessions"]
        summary = side("summary", "--since", "2026-11-01", "--format", "markdown").out
        shown = [line for line in summary.splitlines() if "North" in line or "South" in line]
        return listed, [(s["route"], s["fatigue_by_day"]) for s in owner], shown

    assert seen(a) == seen(b)
    assert len(seen(a)[0]) == 2 and a.content() == b.content()


def test_encrypted_sync_files(pair, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    a, b, folder = pair
    monkeypatch.setenv("KETALOG_PASSPHRASE", GOOD)
    a("config", "set", "encrypt_backups", "true")
    a("log", "--date", "2026-11-20", "--fatigue", "3", "--note", "private words")
    r = a("sync", str(folder))
    assert r.code == 0 and "(encrypted)" in r.out
    data = (folder / "ketalog-laptop.json").read_bytes()
    assert data.startswith(b"age-encryption.org/v1") and b"private words" not in data
    assert oct((folder / "ketalog-laptop.json").stat().st_mode & 0o777) == "0o600"
    monkeypatch.setenv("KETALOG_PASSPHRASE", "not the passphrase")
    r = b("sync", str(folder))
    assert r.code == 1 and "wrong passphrase" in r.err
    assert not b.db.exists()
    assert not (folder / "ketalog-desktop.json").exists()
    monkeypatch.setenv("KETALOG_PASSPHRASE", GOOD)
    r = b("sync", str(folder))
    assert r.code == 0 and "1 added" in r.out


BAD_FILES = [
    (
        "ketalog-phone.json",
        b'{"format": "ketalog-export", "format_version": 99, "device": "phone"}',
        "newer ketalog",
    ),
    ("ketalog-phone.json", b'{"format": "ketalog-export", "format_ver', "half copied"),
    ("ketalog-laptop (conflicted copy 2026-11-25).json", b"{}", "conflicted"),
    ("ketalog-phone.sync-conflict-20261125-101010-ABCDEFG.json", b"{}", "conflicted"),
]


@pytest.mark.parametrize(("name", "content", "why"), BAD_FILES)
def test_a_bad_file_stops_the_sync_before_anything_is_merged(  # type: ignore[no-untyped-def]
    pair, clock: Clock, name: str, content: bytes, why: str
) -> None:
    a, b, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    a("sync", str(folder))
    b("log", "--date", "2026-11-21", "--fatigue", "5")
    (folder / name).write_bytes(content)
    before = digest(b.db)
    r = b("sync", str(folder))
    assert r.code == 1 and len(r.err.splitlines()) == 1
    assert name in r.err and why in r.err and "nothing was synced" in r.err
    assert digest(b.db) == before and not (folder / "ketalog-desktop.json").exists()
    assert (folder / name).read_bytes() == content
    (folder / name).unlink()  # once it is moved away, the sync goes through
    assert "Merged from laptop: 1 added" in b("sync", str(folder)).out


def test_a_hostile_file_name_is_shown_harmlessly(pair) -> None:  # type: ignore[no-untyped-def]
    a, _, folder = pair
    (folder / "ketalog-\x1b[2J.json").write_bytes(b"{}")
    r = a("sync", str(folder))
    assert r.code == 1 and "\x1b" not in r.err and "ketalog-" in r.err


def test_a_file_claiming_another_device_is_refused(pair, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    a, b, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    a("sync", str(folder))
    (folder / "ketalog-laptop.json").rename(folder / "ketalog-phone.json")
    r = b("sync", str(folder))
    assert r.code == 1 and "not written by `ketalog sync` on 'phone'" in r.err
    assert not b.db.exists()


def test_sync_never_opens_a_sqlite_file_in_the_folder(  # type: ignore[no-untyped-def]
    pair, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    a("sync", str(folder))
    (folder / "journal.db").write_bytes(a.db.read_bytes())
    (folder / "ketalog-old.db").write_bytes(a.db.read_bytes())
    opened: list[str] = []
    real_connect = sqlite3.connect

    def watching(target: str, *args: object, **kw: object) -> sqlite3.Connection:
        opened.append(str(target))
        return real_connect(target, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", watching)
    r = b("sync", str(folder))
    assert "Merged from laptop: 1 added" in r.out
    assert opened and not [t for t in opened if str(folder) in t]


def test_sync_refuses_a_folder_that_is_not_one(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, _, _ = pair
    r = a("sync", str(tmp_path / "nowhere"))
    assert r.code == 1 and "does not exist" in r.err
    (tmp_path / "file").write_text("x")
    r = a("sync", str(tmp_path / "file"))
    assert r.code == 1 and "is not a folder" in r.err


# --- a failed sync writes nothing -----------------------------------------------------


@pytest.fixture
def newcomer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Computer:
    """A computer that never synced: no journal, no device name (a config of its own)."""
    c = Computer(tmp_path, "new", monkeypatch)
    assert c("config", "set", "name", "Sam").code == 0
    return c


def _config(c: Computer) -> bytes:
    return (c.config / "ketalog" / "config.toml").read_bytes()


def _fails_and_writes_nothing(c: Computer, folder: Path, said: str) -> None:
    config, had = _config(c), c.db.exists()
    listing = sorted(os.listdir(folder)) if folder.is_dir() else None
    r = c("sync", str(folder))
    assert r.code == 1 and said in r.err and len(r.err.splitlines()) == 1, r.err
    assert c.db.exists() == had and _config(c) == config
    assert (sorted(os.listdir(folder)) if folder.is_dir() else None) == listing


@pytest.mark.parametrize(("name", "content", "why"), BAD_FILES)
def test_a_refused_file_leaves_no_journal_and_no_device_name(  # type: ignore[no-untyped-def]
    newcomer: Computer, tmp_path: Path, name: str, content: bytes, why: str
) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    (folder / name).write_bytes(content)
    _fails_and_writes_nothing(newcomer, folder, why)
    assert not newcomer.db.exists()


def test_a_wrong_passphrase_leaves_no_journal_and_no_device_name(  # type: ignore[no-untyped-def]
    pair, newcomer: Computer, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _, folder = pair
    monkeypatch.setenv("KETALOG_PASSPHRASE", GOOD)
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    assert a("sync", str(folder), "--encrypt").code == 0
    monkeypatch.setenv("KETALOG_PASSPHRASE", "not the passphrase")
    _fails_and_writes_nothing(newcomer, folder, "wrong passphrase")
    assert not newcomer.db.exists()


def test_a_missing_folder_leaves_no_journal_and_no_device_name(
    newcomer: Computer, tmp_path: Path
) -> None:
    _fails_and_writes_nothing(newcomer, tmp_path / "not-there", "does not exist")
    assert not newcomer.db.exists() and not (tmp_path / "not-there").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to any folder")
def test_a_folder_that_cannot_be_written_leaves_nothing(newcomer: Computer, tmp_path: Path) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        _fails_and_writes_nothing(newcomer, folder, "cannot write to")
    finally:
        folder.chmod(0o700)
    assert not newcomer.db.exists()


def test_a_failed_write_takes_the_merge_back(  # type: ignore[no-untyped-def]
    pair, newcomer: Computer, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder's file cannot be written after all (a full disk, say): the merge is
    rolled back and the new device name goes."""
    from ketalog import files

    a, _, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    a("sync", str(folder))
    newcomer("log", "--date", "2026-11-21", "--fatigue", "5")
    before = digest(newcomer.db)
    real = files.write_private

    def full(path: Path, data: bytes, *, force: bool = False) -> None:
        if path.parent == folder:
            raise KetalogError(f"cannot write {path}: No space left on device")
        real(path, data, force=force)

    monkeypatch.setattr(files, "write_private", full)
    _fails_and_writes_nothing(newcomer, folder, "No space left")
    assert digest(newcomer.db) == before
    assert "device" not in _config(newcomer).decode()


# --- a sync whose last steps fail -----------------------------------------------------


def _fail_folder_writes(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> list[Path]:
    """Every write into `folder` fails with `code` (a full disk, a read-only folder) once
    the sync's own checks have passed; returns the files it refused."""
    from ketalog import files

    real, refused = files.replace_private, []

    def failing(path: Path, data: bytes) -> None:
        if path.parent == folder:
            refused.append(path)
            raise OSError(code, os.strerror(code))
        real(path, data)

    monkeypatch.setattr(files, "replace_private", failing)
    return refused


def _leftovers(c: Computer) -> list[str]:
    """Temporary files beside the journal: a journal being built, say."""
    return sorted(p.name for p in c.db.parent.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize(
    "code",
    [pytest.param(errno.ENOSPC, id="full"), pytest.param(errno.EROFS, id="read-only")],
)
@pytest.mark.parametrize("journal", ["no journal", "a journal"])
def test_a_first_sync_whose_write_fails_changes_nothing(  # type: ignore[no-untyped-def]
    pair,
    newcomer: Computer,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    journal: str,
) -> None:
    """The folder fills up, or turns read-only, after every check passed: a computer
    that had no journal still has none (not an empty one), and one that had a journal
    has it exactly as it was; no device name, no file in the folder."""
    a, _, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    assert a("sync", str(folder)).code == 0
    if journal == "a journal":
        newcomer("log", "--date", "2026-11-21", "--fatigue", "5")
        before = digest(newcomer.db)
    refused = _fail_folder_writes(monkeypatch, folder, code)
    _fails_and_writes_nothing(newcomer, folder, os.strerror(code))
    assert refused, "the write was never reached"
    if journal == "a journal":
        assert digest(newcomer.db) == before
    else:
        assert not newcomer.db.exists() and not _leftovers(newcomer)
    assert "device" not in _config(newcomer).decode()


def test_a_first_sync_alone_whose_write_fails_leaves_no_journal(  # type: ignore[no-untyped-def]
    newcomer: Computer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing to merge yet (an empty folder): the failed write still leaves no journal."""
    folder = tmp_path / "Sync"
    folder.mkdir()
    _fail_folder_writes(monkeypatch, folder, errno.ENOSPC)
    _fails_and_writes_nothing(newcomer, folder, "No space left")
    assert not newcomer.db.exists() and not _leftovers(newcomer)


def test_a_failed_first_sync_leaves_no_folder_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A computer that never ran ketalog: a first sync that fails leaves neither a
    journal nor the data and config folders it made for them."""
    folder = tmp_path / "Sync"
    folder.mkdir()
    monkeypatch.setenv("KETALOG_DB", str(tmp_path / "data" / "ketalog" / "journal.db"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    _fail_folder_writes(monkeypatch, folder, errno.ENOSPC)
    r = run("sync", str(folder))
    assert r.code == 1 and "No space left" in r.err, r.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Sync"]
    assert not list(folder.iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to any folder")
def test_a_folder_made_read_only_after_the_check_leaves_nothing(  # type: ignore[no-untyped-def]
    pair, newcomer: Computer, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    assert a("sync", str(folder)).code == 0
    real = sync._check_writable

    def then_read_only(f: Path) -> None:
        real(f)
        f.chmod(0o500)

    monkeypatch.setattr(sync, "_check_writable", then_read_only)
    try:
        _fails_and_writes_nothing(newcomer, folder, "Permission denied")
    finally:
        folder.chmod(0o700)
    assert not newcomer.db.exists() and not _leftovers(newcomer)


def _commit_fails(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The merge's COMMIT fails (the journal's disk full): rolled back instead."""
    failed: list[int] = []

    @contextmanager
    def full(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")
        failed.append(1)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(changelog, "transaction", full)
    return failed


@pytest.mark.parametrize("journal", ["no journal", "a journal", "synced before"])
def test_a_merge_that_fails_to_commit_puts_the_folder_and_name_back(  # type: ignore[no-untyped-def]
    pair, newcomer: Computer, clock: Clock, monkeypatch: pytest.MonkeyPatch, journal: str
) -> None:
    """This computer's file and its new device name are written before the merge
    commits; when the commit fails they are put back as they were (or removed)."""
    a, _, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    assert a("sync", str(folder)).code == 0
    if journal != "no journal":
        newcomer("log", "--date", "2026-11-21", "--fatigue", "5")
    if journal == "synced before":
        assert newcomer("sync", str(folder)).code == 0
        a("log", "--date", "2026-11-22", "--fatigue", "4")
        assert a("sync", str(folder)).code == 0  # something new to merge
    before = digest(newcomer.db) if newcomer.db.exists() else None
    files_before = {p.name: p.read_bytes() for p in folder.iterdir()}
    failed = _commit_fails(monkeypatch)
    _fails_and_writes_nothing(newcomer, folder, "not enough space for the journal in")
    assert failed
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == files_before
    assert (digest(newcomer.db) if newcomer.db.exists() else None) == before
    assert not _leftovers(newcomer)


@pytest.mark.parametrize(
    "code",
    [pytest.param(errno.ENOSPC, id="full"), pytest.param(errno.EEXIST, id="made meanwhile")],
)
def test_a_new_journal_that_cannot_be_put_in_place_takes_the_sync_back(  # type: ignore[no-untyped-def]
    pair, newcomer: Computer, clock: Clock, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """The very last step of a first sync, the new journal put in place, fails (a full
    disk, or another ketalog made a journal meanwhile): the folder file and the device
    name written just before go again."""
    a, _, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    assert a("sync", str(folder)).code == 0
    files_before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real = os.link

    def link(src: object, dst: object) -> None:
        if Path(str(dst)) == newcomer.db:
            assert any(p.name not in files_before for p in folder.iterdir())  # written by now
            raise OSError(code, os.strerror(code))
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(db.os, "link", link)
    said = "during the sync" if code == errno.EEXIST else "No space left"
    _fails_and_writes_nothing(newcomer, folder, said)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == files_before
    assert not newcomer.db.exists() and not _leftovers(newcomer)


# A first sync (no journal, no device name yet) run with a pause at one of its last
# steps. `first-write`: this computer's file written under its temporary name, not yet
# moved into place. `first-link`: that file in place and the new journal built whole
# beside its path, not yet linked there.
FIRST = """
import os, sys, time
from pathlib import Path
point, flag, journal, folder = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
def pause():
    flag.touch()
    time.sleep(120)
real_replace, real_link = os.replace, os.link
def replace(src, dst):
    if point == "first-write" and Path(dst).parent == folder:
        pause()
    real_replace(src, dst)
def link(src, dst):
    if point == "first-link" and Path(dst) == journal:
        pause()
    real_link(src, dst)
os.replace, os.link = replace, link
sys.argv = ["ketalog", "sync", str(folder)]
from ketalog.entry import main
main()
"""


@pytest.mark.parametrize("point", ["first-write", "first-link"])
def test_kill_9_during_a_first_sync_leaves_no_journal(tmp_path: Path, point: str) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    laptop = {
        **os.environ,
        "KETALOG_TODAY": "2026-11-25",
        "KETALOG_DB": str(tmp_path / "laptop" / "journal.db"),
        "XDG_CONFIG_HOME": str(tmp_path / "laptop-config"),
    }
    assert run_process("config", "set", "device", "laptop", env=laptop).code == 0
    for day in ("2026-11-20", "2026-11-21"):
        assert run_process("log", "--date", day, "--fatigue", "3", env=laptop).code == 0
    assert run_process("sync", str(folder), env=laptop).code == 0
    laptop_file = {p.name: p.read_bytes() for p in folder.iterdir()}
    journal = tmp_path / "new" / "journal.db"
    config = tmp_path / "new-config"
    new = {**laptop, "KETALOG_DB": str(journal), "XDG_CONFIG_HOME": str(config)}
    flag = tmp_path / "paused"
    proc = subprocess.Popen(
        [sys.executable, "-c", FIRST, point, str(flag), str(journal), str(folder)],
        env=new,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while not flag.exists():
            assert proc.poll() is None, "the sync ended before it reached the point"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert not journal.exists()  # no journal, not an empty one
    files = sorted(p.name for p in folder.glob("ketalog-*.json"))
    device = ketalog_config.load(config / "ketalog" / "config.toml").device
    mine = f"ketalog-{device}.json"
    if point == "first-write":  # never a half-written file
        assert files == sorted(laptop_file)
    else:  # the file in place carries the name the config keeps: no stray computer
        assert files == sorted([*laptop_file, mine])
        assert json.loads((folder / mine).read_text())["device"] == device
    assert all((folder / n).read_bytes() == b for n, b in laptop_file.items())
    done = run_process("sync", str(folder), env=new)  # the next sync goes through
    assert done.code == 0 and "Merged from laptop: 2 added" in done.out, (done.out, done.err)
    assert sorted(p.name for p in folder.glob("ketalog-*.json")) == sorted([*laptop_file, mine])
    assert [p.name for p in journal.parent.iterdir()] == ["journal.db"]  # no leftovers
    check = sqlite3.connect(journal)
    assert check.execute("SELECT count(*) FROM checkin").fetchone()[0] == 2
    check.close()


def test_device_name_is_made_once_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    run_ok("log", "--fatigue", "3")
    assert run("sync", str(folder)).code == 0
    [first] = [p.name for p in folder.iterdir()]
    assert run("sync", str(folder)).code == 0
    assert [p.name for p in folder.iterdir()] == [first]
    assert first.startswith("ketalog-") and first.endswith(".json")
    r = run("config", "set", "device", "Bad Name!")
    assert r.code == 2 and "lowercase" in r.err


# --- the pure merge -------------------------------------------------------------------

DAYS = ["2026-11-20", "2026-11-21", "2026-11-22"]


def _op(conn: sqlite3.Connection, op: tuple[str, int, int]) -> None:
    kind, day, value = op
    when = date.fromisoformat(DAYS[day])
    if kind == "log":
        actions.log_checkin(conn, when, {"fatigue": value})
    elif kind == "unlog":
        if conn.execute("SELECT 1 FROM checkin WHERE day = ?", (DAYS[day],)).fetchone():
            actions.delete_checkin(conn, when)
    elif kind == "session":  # the same day and time, so their order rests on entry and uid
        actions.add_session(
            conn, {"day": DAYS[day], "time": "10:00", "drug": "ketamine", "route": "iv"}
        )
    elif kind == "drop":
        ids = [r[0] for r in conn.execute("SELECT id FROM session ORDER BY id")]
        if ids:
            actions.delete_session(conn, ids[value % len(ids)])
    elif kind == "symptom":
        actions.log_checkin(conn, when, {"fatigue": value, "symptoms": (SYMPTOMS[value % 3],)})
    elif kind == "ask":
        actions.ask_question(conn, when, f"question {value}")
    elif kind == "answer":
        ids = [q.id for q in questions.list_questions(conn)]
        if ids:
            actions.close_question(conn, ids[value % len(ids)], when)


SYMPTOMS = ("headache", "nausea", "dizziness")


def _entries(export: str) -> dict[str, object]:
    """An export's content, as it is (lists in the export's own order)."""
    data = json.loads(export)
    data.pop("exported_at")
    return data


OPS = st.tuples(
    st.sampled_from(["log", "unlog", "session", "drop", "symptom", "ask", "answer"]),
    st.integers(0, 2),
    st.integers(0, 10),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    script=st.lists(st.tuples(st.booleans(), st.one_of(OPS, st.just(("sync", 0, 0)))), max_size=14)
)
def test_random_edits_on_two_computers_converge(  # type: ignore[no-untyped-def]
    tmp_path_factory: pytest.TempPathFactory, clock: Clock, script
) -> None:
    tmp = tmp_path_factory.mktemp("hyp")
    folder = tmp / "Sync"
    folder.mkdir()
    conns = {
        "laptop": db.open_db(tmp / "a.db", create=True),
        "desktop": db.open_db(tmp / "b.db", create=True),
    }
    secrets = sync.Secrets(lambda _: GOOD, lambda _: GOOD)

    def do_sync(name: str) -> sync.Report:
        path = tmp / ("a.db" if name == "laptop" else "b.db")
        return sync.sync(path, lambda: conns[name], folder, name, clock.now, secrets, encrypt=False)

    try:
        for on_a, op in script:
            name = "laptop" if on_a else "desktop"
            if op[0] == "sync":
                do_sync(name)
            else:
                _op(conns[name], op)
        for name in ("laptop", "desktop", "laptop"):
            do_sync(name)
        exported = {n: _entries(exporting.export_json(c, clock.now)) for n, c in conns.items()}
        assert exported["laptop"] == exported["desktop"]
        assert "Already in step" in " ".join(do_sync("desktop").lines())
    finally:
        for c in conns.values():
            c.close()


def _side(entries: dict[str, tuple[str, int] | str]) -> syncmerge.Side:
    rows, gone = {}, {}
    for uid, v in entries.items():
        if isinstance(v, str):
            gone[("session", uid)] = v
        else:
            rows[("session", uid)] = {"uid": uid, "updated_at": v[0], "note": str(v[1])}
    return syncmerge.Side(rows, gone)


STAMPS = st.sampled_from([f"2026-11-25T08:00:0{i}+00:00" for i in range(4)])
SIDES = st.dictionaries(
    st.sampled_from(["u1", "u2", "u3"]),
    st.one_of(STAMPS, st.tuples(STAMPS, st.integers(0, 3))),
).map(_side)


@given(SIDES, SIDES, SIDES)
def test_merge_is_order_free(x: syncmerge.Side, y: syncmerge.Side, z: syncmerge.Side) -> None:
    assert syncmerge.merge(x, y) == syncmerge.merge(y, x)
    assert syncmerge.merge(syncmerge.merge(x, y), z) == syncmerge.merge(x, syncmerge.merge(y, z))
    assert syncmerge.merge(x, x) == syncmerge.merge(x, syncmerge.Side({}, {}))


def test_a_deletion_wins_over_an_older_edit_and_loses_to_a_newer_one() -> None:
    edit = _side({"u1": ("2026-11-25T08:00:02+00:00", 1)})
    assert syncmerge.merge(edit, _side({"u1": "2026-11-25T08:00:03+00:00"})).gone
    assert syncmerge.merge(edit, _side({"u1": "2026-11-25T08:00:02+00:00"})).gone  # a tie: deleted
    kept = syncmerge.merge(edit, _side({"u1": "2026-11-25T08:00:01+00:00"}))
    assert kept.rows and not kept.gone


# --- kill -9 ------------------------------------------------------------------------


# The sync run under test, with a pause at one point of its work: it touches a flag file
# there and waits to be killed. `mid-merge`: every merged row written in the journal's
# transaction, not committed. `mid-write`: this computer's file written under its
# temporary name, not yet moved into place.
PAUSED = """
import sys, time
from pathlib import Path
from ketalog import files, sync
point, flag = sys.argv[1], Path(sys.argv[2])
def pause():
    flag.touch()
    time.sleep(120)
if point == "mid-merge":
    real_apply = sync._apply
    def _apply(conn, plan):
        real_apply(conn, plan)
        assert conn.in_transaction
        pause()
    sync._apply = _apply
else:  # the real all-or-nothing write, stopped after its temporary file, before the rename
    real_replace = files.os.replace
    def replace(src, dst):
        if Path(dst).name == "ketalog-desktop.json":
            pause()
        real_replace(src, dst)
    files.os.replace = replace
sys.argv = ["ketalog", *sys.argv[3:]]
from ketalog.entry import main
main()
"""


@pytest.mark.parametrize("point", ["mid-merge", "mid-write"])
def test_kill_9_during_sync_leaves_journal_and_folder_consistent(
    tmp_path: Path, point: str
) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    env = {**os.environ, "KETALOG_TODAY": "2026-11-25"}
    journals = {}
    for name in ("laptop", "desktop"):
        journals[name] = {
            **env,
            "KETALOG_DB": str(tmp_path / f"{name}.db"),
            "XDG_CONFIG_HOME": str(tmp_path / f"{name}-config"),
        }
        subprocess.run(
            [sys.executable, "-m", "ketalog", "config", "set", "device", name],
            env=journals[name],
            check=True,
            capture_output=True,
        )
    conn = db.open_db(tmp_path / "laptop.db", create=True)
    start = date(2016, 1, 1)
    with changelog.writing(conn, "fill"):
        for i in range(3000):
            journal.save_checkin(
                conn, start + timedelta(days=i), {"fatigue": i % 10, "note": f"day {i}"}
            )
    conn.close()
    argv = [sys.executable, "-m", "ketalog", "sync", str(folder)]
    subprocess.run(argv, env=journals["laptop"], check=True, capture_output=True)
    laptop_file = (folder / "ketalog-laptop.json").read_bytes()
    subprocess.run(  # the desktop has a journal of its own, one check-in
        [sys.executable, "-m", "ketalog", "log", "--date", "2026-11-24", "--fatigue", "2"],
        env=journals["desktop"],
        check=True,
        capture_output=True,
    )
    flag = tmp_path / "paused"
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED, point, str(flag), "sync", str(folder)],
        env=journals["desktop"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while not flag.exists():  # killed at that point of its work, not before or after
            assert proc.poll() is None, "the sync ended before it reached the point"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    check = sqlite3.connect(tmp_path / "desktop.db")
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check.execute("SELECT count(*) FROM checkin").fetchone()[0] == 1  # none of it
    assert check.execute("SELECT count(*) FROM command WHERE name = 'sync'").fetchone()[0] == 0
    check.close()
    assert not (folder / "ketalog-desktop.json").exists()  # never a half-written file
    if point == "mid-write":  # killed with the whole file written under its temporary name
        assert len(list(folder.glob(".ketalog-desktop.json.*.tmp"))) == 1
    assert (folder / "ketalog-laptop.json").read_bytes() == laptop_file
    # the next sync, on either computer, goes through (a leftover temporary file is not read)
    done = subprocess.run(argv, env=journals["desktop"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Merged from laptop: 3,000 added" in done.stdout
    again = subprocess.run(argv, env=journals["laptop"], capture_output=True, text=True)
    assert again.returncode == 0 and "Merged from desktop: 1 added" in again.stdout


def test_the_demo_journal_is_never_synced(tmp_path: Path) -> None:
    """The demo's made-up entries would mix into this computer's real journal (both write
    this computer's file) and into every other computer's: refused, nothing written."""
    demo_journal = tmp_path / "cache" / "ketalog" / "demo" / "journal.db"
    demo_journal.parent.mkdir(parents=True)
    run_ok("--db", str(demo_journal), "log", "--fatigue", "3")
    folder = tmp_path / "Sync"
    folder.mkdir()
    r = run("--db", str(demo_journal), "sync", str(folder))
    assert r.code == 2 and "demo's made-up journal" in r.err
    assert list(folder.iterdir()) == []
    assert not (tmp_path / "config" / "ketalog" / "config.toml").exists()


def test_a_deletion_stamped_ahead_of_this_clock_still_exports_and_syncs(
    tmp_path: Path,
) -> None:
    """A deletion can carry a time later than this computer's clock (another computer's
    clock ahead, a tie-break): the file's own time moves up to it, so the export and the
    sync file stay readable instead of being refused as 'deleted after it was made'."""
    run_ok("log", "--fatigue", "4", "--date", "2026-11-20")
    run_ok("log", "--delete", "--date", "2026-11-20", "--yes")
    ahead = "2099-01-01T00:00:00.000000+00:00"
    conn = sqlite3.connect(os.environ["KETALOG_DB"])
    conn.execute("UPDATE deletion SET deleted_at = ?", (ahead,))
    conn.commit()
    conn.close()
    exported = tmp_path / "all.json"
    run_ok("export", "-o", str(exported))
    assert json.loads(exported.read_text())["exported_at"] == ahead
    r = run("--db", str(tmp_path / "other.db"), "import", str(exported))
    assert r.code == 0, r.err
    folder = tmp_path / "Sync"
    folder.mkdir()
    run_ok("sync", str(folder))
    assert run_ok("sync", str(folder)).code == 0  # its own file is read back fine


def test_sync_takes_a_day_logged_by_a_computer_whose_clock_is_hours_ahead(  # type: ignore[no-untyped-def]
    pair, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The laptop's clock runs five hours fast: already past midnight, it logs Thursday
    while the desktop is still on Wednesday 25 Nov. Sync keeps that day on both."""
    a, b, folder = pair
    b("log", "--date", "2026-11-24", "--fatigue", "6")
    assert b("sync", str(folder)).code == 0
    monkeypatch.setenv("KETALOG_TODAY", "2026-11-26")
    clock.now += timedelta(hours=5)
    assert a("log", "--fatigue", "3").code == 0
    assert a("sync", str(folder)).code == 0
    clock.now -= timedelta(hours=5)
    monkeypatch.setenv("KETALOG_TODAY", "2026-11-25")
    r = b("sync", str(folder))
    assert r.code == 0, r.err
    assert "Merged from laptop: 1 added" in r.out
    b("log", "--date", "2026-11-24", "--fatigue", "5")  # an edit on the slow clock still counts
    assert b("sync", str(folder)).code == 0
    assert a("sync", str(folder)).code == 0
    assert a.content() == b.content()
    days = {c["day"]: c["fatigue"] for c in b.content()["checkins"]}  # type: ignore[index, union-attr]
    assert days == {"2026-11-24": 5, "2026-11-26": 3}


# --- one name, two journals -----------------------------------------------------------


def _journal_id(c: Computer) -> str:
    conn = db.connect(c.db)
    try:
        return db.identity(conn)[0]
    finally:
        conn.close()


def test_a_copied_config_gives_the_second_journal_a_name_of_its_own(  # type: ignore[no-untyped-def]
    pair, clock: Clock
) -> None:
    a, b, folder = pair
    assert b("config", "set", "device", "laptop").code == 0  # a config copied from a
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    assert a("sync", str(folder)).code == 0
    own = folder / "ketalog-laptop.json"
    assert json.loads(own.read_text())["journal"] == _journal_id(a)
    written = own.read_bytes()
    b("log", "--date", "2026-11-21", "--fatigue", "4")
    r = b("sync", str(folder))
    assert r.code == 0, r.err
    assert "'laptop' in the folder is another journal's name; this journal syncs as" in r.out
    assert "Merged from laptop: 1 added" in r.out
    assert own.read_bytes() == written  # a's file is never replaced
    [theirs] = [n for n in os.listdir(folder) if n != own.name]
    assert json.loads((folder / theirs).read_text())["journal"] == _journal_id(b)
    assert _config(b) == b'device = "laptop"\n'  # the shared config is left as it was
    r = b("sync", str(folder))  # the new name was kept with b's journal
    assert r.code == 0 and "another journal's name" not in r.out
    assert sorted(os.listdir(folder)) == sorted([own.name, theirs])
    r = a("sync", str(folder))
    assert r.code == 0 and "1 added" in r.out
    assert a.content() == b.content()


def test_a_name_another_journal_holds_is_refused(pair, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    a, b, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    assert a("sync", str(folder)).code == 0
    assert b("sync", str(folder)).code == 0  # b syncs as desktop
    own = folder / "ketalog-laptop.json"
    written, before = own.read_bytes(), digest(b.db)
    r = b("sync", str(folder), "--name", "laptop")
    assert r.code == 1 and len(r.err.splitlines()) == 1, r.err
    assert f"{own} was written by another journal under this journal's name 'laptop'" in r.err
    assert f"ketalog sync {folder} --name NEW" in r.err
    assert own.read_bytes() == written and digest(b.db) == before
    assert sorted(os.listdir(folder)) == ["ketalog-desktop.json", "ketalog-laptop.json"]
    # a journal whose kept name another journal's file now holds (its file replaced
    # by hand, say) is refused the same way, and --name puts it right
    (folder / "ketalog-desktop.json").write_bytes(
        written.replace(b'"device": "laptop"', b'"device": "desktop"')
    )
    r = b("sync", str(folder))
    assert r.code == 1 and "under this journal's name 'desktop'" in r.err
    r = b("sync", str(folder), "--name", "desk")
    assert r.code == 0 and (folder / "ketalog-desk.json").exists(), r.err
    assert b("sync", str(folder)).code == 0
    assert not (set(os.listdir(folder)) - {"ketalog-desk.json", "ketalog-desktop.json", own.name})


def test_two_journals_with_one_config_on_one_computer_sync(  # type: ignore[no-untyped-def]
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    monkeypatch.setenv("KETALOG_DB", str(a))
    run_ok("log", "--date", "2026-11-20", "--fatigue", "3")
    assert run("sync", str(folder)).code == 0
    monkeypatch.setenv("KETALOG_DB", str(b))
    run_ok("log", "--date", "2026-11-21", "--fatigue", "4")
    r = run("sync", str(folder))
    assert r.code == 0 and "1 added" in r.out and len(os.listdir(folder)) == 2
    monkeypatch.setenv("KETALOG_DB", str(a))
    r = run("sync", str(folder))
    assert r.code == 0 and "1 added" in r.out and "another journal" not in r.out
    assert len(os.listdir(folder)) == 2


def test_a_bad_name_is_refused_before_anything_is_written(pair) -> None:  # type: ignore[no-untyped-def]
    a, _, folder = pair
    r = a("sync", str(folder), "--name", "My Laptop")
    assert r.code == 2 and "'My Laptop' is not a name ketalog can use" in r.err
    assert os.listdir(folder) == [] and not a.db.exists()
    assert "desktop" not in _config(a).decode()


def test_a_file_from_an_older_ketalog_is_taken_as_this_journals(pair, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    a, _, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    assert a("sync", str(folder)).code == 0
    own = folder / "ketalog-laptop.json"
    data = json.loads(own.read_text())
    del data["journal"]
    own.write_text(json.dumps(data))
    r = a("sync", str(folder))
    assert r.code == 0 and "Wrote" in r.out  # rewritten, now naming its journal
    assert json.loads(own.read_text())["journal"] == _journal_id(a)


def test_each_journal_has_its_own_identity(tmp_path: Path) -> None:
    ids = set()
    for name in ("one.db", "two.db"):
        conn = db.open_db(tmp_path / name, create=True)
        ids.add(db.identity(conn)[0])
        conn.close()
    assert len(ids) == 2 and all(len(i) == 32 for i in ids)


def test_a_dangling_link_as_the_journal_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "Sync"
    folder.mkdir()
    link = tmp_path / "flink.db"
    link.symlink_to(tmp_path / "gone.db")
    monkeypatch.setenv("KETALOG_DB", str(link))
    r = run("sync", str(folder))
    assert r.code == 1 and len(r.err.splitlines()) == 1, r.err
    assert f"{link} is a link to {tmp_path / 'gone.db'}, which does not exist" in r.err
    assert "during the sync" not in r.err
    assert os.listdir(folder) == [] and not (tmp_path / "gone.db").exists()


def test_a_restored_journal_merges_the_file_the_journal_before_it_wrote(  # type: ignore[no-untyped-def]
    pair, clock: Clock, tmp_path: Path
) -> None:
    a, _, folder = pair
    a("log", "--date", "2026-11-20", "--fatigue", "3")
    assert a("backup", str(tmp_path / "copy.db")).code == 0
    a("log", "--date", "2026-11-21", "--fatigue", "4")
    assert a("sync", str(folder)).code == 0
    before = _journal_id(a)
    assert a("restore", str(tmp_path / "copy.db"), "--yes").code == 0
    assert _journal_id(a) != before
    r = a("sync", str(folder))
    assert r.code == 0 and "'laptop' in the folder is another journal's name" in r.out, r.err
    assert "Merged from laptop: 1 added" in r.out
