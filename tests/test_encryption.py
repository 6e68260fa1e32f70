"""Encrypted copies: export/import now, backup/restore too; age through pyrage."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import digest, opened_for_writing, run, run_ok
from ketalog import crypto, passphrase

GOOD = "correct horse battery"
NOTE = "a private note nobody else should read"


@pytest.fixture
def journal(isolated: Path) -> Path:
    run_ok("log", "--fatigue", "4", "--note", NOTE)
    run_ok("session", "add", "--route", "iv", "--date", "2026-11-20")
    return isolated


def test_export_encrypt_writes_a_private_age_file(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETALOG_PASSPHRASE", GOOD)
    out = tmp_path / "export.json.age"
    r = run("export", "--encrypt", "-o", str(out))
    assert r.code == 0 and "encrypted" in r.err
    data = out.read_bytes()
    assert crypto.is_age(data) and NOTE.encode() not in data
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert b'"format": "ketalog-export"' in crypto.decrypt(data, GOOD, "x")


def test_encrypted_export_imports_with_the_passphrase(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETALOG_PASSPHRASE", GOOD)
    out = tmp_path / "export.age"
    run_ok("export", "--encrypt", "-o", str(out))
    monkeypatch.setenv("KETALOG_DB", str(tmp_path / "other.db"))
    r = run("import", str(out))
    assert r.code == 0, r.err
    assert NOTE in run("export").out


def test_wrong_passphrase_exits_1_and_changes_nothing(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETALOG_PASSPHRASE", GOOD)
    out = tmp_path / "export.age"
    run_ok("export", "--encrypt", "-o", str(out))
    monkeypatch.setenv("KETALOG_PASSPHRASE", "not the passphrase")
    other = tmp_path / "other.db"
    monkeypatch.setenv("KETALOG_DB", str(other))
    r = run("import", str(out))
    assert r.code == 1 and "wrong passphrase" in r.err and "nothing was changed" in r.err
    assert not other.exists()
    monkeypatch.setenv("KETALOG_DB", str(journal))
    before = digest(journal)
    assert run("import", str(out)).code == 1
    assert digest(journal) == before


def test_an_encrypted_file_without_a_passphrase_or_terminal(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "export.age"
    r = run("export", "--encrypt", "-o", str(out))
    assert r.code == 1 and "KETALOG_PASSPHRASE" in r.err and not out.exists()
    out.write_bytes(crypto.encrypt(b"{}", GOOD))
    r = run("import", str(out))
    assert r.code == 1 and "is encrypted: set KETALOG_PASSPHRASE" in r.err


def test_a_short_passphrase_is_refused(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETALOG_PASSPHRASE", "hunter2")
    out = tmp_path / "export.age"
    r = run("export", "--encrypt", "-o", str(out))
    assert r.code == 2 and "too short" in r.err and not out.exists()  # bad input


def _typing(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """A terminal where the user types `answers`; returns the prompts shown."""
    prompts: list[str] = []

    def fake_getpass(prompt: str) -> str:
        prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr(passphrase, "_terminal", lambda: True)
    monkeypatch.setattr(passphrase, "getpass", fake_getpass)
    return prompts


def test_on_a_terminal_the_new_passphrase_is_asked_twice(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompts = _typing(monkeypatch, [GOOD, GOOD, GOOD])
    out = tmp_path / "export.age"
    assert run("export", "--encrypt", "-o", str(out)).code == 0
    assert prompts == ["Passphrase for the export: ", "The same passphrase again: "]
    monkeypatch.setenv("KETALOG_DB", str(tmp_path / "other.db"))
    assert run("import", str(out)).code == 0
    assert prompts[-1] == f"Passphrase for {out}: "


def test_two_different_passphrases_write_nothing(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _typing(monkeypatch, [GOOD, GOOD + "!"])
    out = tmp_path / "export.age"
    r = run("export", "--encrypt", "-o", str(out))
    assert r.code == 2 and "differ" in r.err and not out.exists()  # bad input


def test_encrypt_backups_setting_is_the_default_for_files(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETALOG_PASSPHRASE", GOOD)
    assert run("config", "set", "encrypt_backups", "true").code == 0
    run_ok("export", "-o", str(tmp_path / "a"))
    assert crypto.is_age((tmp_path / "a").read_bytes())
    run_ok("export", "--no-encrypt", "-o", str(tmp_path / "b"))
    assert (tmp_path / "b").read_bytes().startswith(b"{")
    assert run("export").out.startswith("{")  # to the screen: plain unless asked
    r = run("config", "set", "encrypt_backups", "maybe")
    assert r.code == 2 and "true, false" in r.err


def test_encrypted_export_refuses_to_print_to_a_terminal(journal: Path) -> None:
    main, child = pty.openpty()
    env = {**os.environ, "KETALOG_PASSPHRASE": GOOD}
    proc = subprocess.run(
        [sys.executable, "-m", "ketalog", "export", "--encrypt"],
        stdout=child,
        stderr=subprocess.PIPE,
        env=env,
        timeout=60,
    )
    os.close(child)
    os.close(main)
    assert proc.returncode == 2 and b"add -o FILE" in proc.stderr


def test_no_plaintext_file_is_written_while_encrypting(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file opened for writing during an encrypted export gets only age bytes."""
    monkeypatch.setenv("KETALOG_PASSPHRASE", GOOD)
    written = opened_for_writing(monkeypatch)
    out = tmp_path / "export.age"
    assert run("export", "--encrypt", "-o", str(out)).code == 0
    assert len(written) == 1 and Path(written[0]).parent == tmp_path
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file() and "export" in p.name) == [
        "export.age"
    ]


# --- backup and restore --------------------------------------------------------------


def test_backup_encrypt_then_restore(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    monkeypatch.setenv("KETALOG_PASSPHRASE", GOOD)
    folder = tmp_path / "copies"
    folder.mkdir()
    opened: list[str] = []
    real_connect = sqlite3.connect

    def watching(target: str, *a: object, **kw: object) -> sqlite3.Connection:
        opened.append(str(target))
        return real_connect(target, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", watching)
    r = run("backup", "--encrypt", str(folder))
    assert r.code == 0 and "(encrypted)" in r.out
    [copy] = folder.iterdir()  # the copy alone: no temporary file is left
    assert copy.name.endswith(".db.age") and str(copy) in r.out
    data = copy.read_bytes()
    assert crypto.is_age(data) and b"SQLite format 3" not in data and NOTE.encode() not in data
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    # SQLite opened the journal and memory, never a file in the copies folder
    assert not [t for t in opened if str(folder) in t]

    run_ok("log", "--fatigue", "9", "--note", "after the backup")
    r = run("restore", "--yes", str(copy))
    assert r.code == 0, r.err
    assert not [t for t in opened if str(folder) in t]
    out = run("export").out
    assert NOTE in out and "after the backup" not in out


def test_restore_with_a_wrong_passphrase_changes_nothing(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETALOG_PASSPHRASE", GOOD)
    copy = tmp_path / "copy.db.age"
    assert run("backup", "--encrypt", str(copy)).code == 0
    run_ok("log", "--fatigue", "9")
    before = digest(journal)
    monkeypatch.setenv("KETALOG_PASSPHRASE", "not the passphrase")
    r = run("restore", "--yes", str(copy))
    assert r.code == 1 and "wrong passphrase" in r.err
    assert digest(journal) == before
    assert not (journal.parent / "backups").exists()  # no copy of the journal was kept either


def test_restore_asks_for_the_passphrase_on_a_terminal(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompts = _typing(monkeypatch, [GOOD, GOOD, GOOD])
    copy = tmp_path / "copy.db.age"
    assert run("backup", "--encrypt", str(copy)).code == 0
    assert run("restore", "--yes", str(copy)).code == 0
    assert prompts == [
        "Passphrase for the backup: ",
        "The same passphrase again: ",
        f"Passphrase for {copy}: ",
    ]


def test_encrypt_backups_setting_encrypts_the_default_backup(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETALOG_PASSPHRASE", GOOD)
    run_ok("config", "set", "encrypt_backups", "true")
    r = run("backup")
    assert r.code == 0
    [copy] = (journal.parent / "backups").iterdir()
    assert copy.name.endswith(".db.age") and crypto.is_age(copy.read_bytes())
    r = run("backup", "--no-encrypt", str(journal.parent / "plain.db"))
    assert (journal.parent / "plain.db").read_bytes().startswith(b"SQLite format 3")


def test_a_damaged_encrypted_backup_is_refused(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETALOG_PASSPHRASE", GOOD)
    copy = tmp_path / "copy.db.age"
    copy.write_bytes(crypto.encrypt(b"SQLite format 3\x00" + b"\x00" * 200, GOOD))
    before = digest(journal)
    r = run("restore", "--yes", str(copy))
    assert r.code == 1 and "nothing was restored" in r.err
    assert digest(journal) == before
