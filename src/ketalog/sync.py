"""`ketalog sync DIR`: two computers kept in step through a folder both of them sync.

Each computer writes its whole journal as an export, deletion records included, to
DIR/ketalog-<device>.json, and merges every other computer's file into its journal.
Only those JSON (or age) files are ever read: a SQLite file in a synced folder is
never opened, since that is how synced databases get damaged.

The merge is a pure function of what both sides hold (`merge`): for each entry (by
uid) the newest version wins, a deletion counting as a version made when it was
deleted and winning a tie. Two check-ins for one day keep the newer one and record
the other as deleted. So every computer that has seen the same files holds the same
journal, whatever the order it saw them in.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from ketalog.errors import KetalogError
from ketalog.syncmerge import Changes, Key, Side, both_changed, canonical, changes, merge
from ketalog.wording import plural

PREFIX = "ketalog-"
_PEER = re.compile(r"^ketalog-([a-z0-9][a-z0-9-]{0,39})\.json$")
_JOURNAL_ID = re.compile(r"^[0-9a-f]{32}$")


class Device(NamedTuple):
    name: str
    new: bool  # made now: kept in the config by the first sync that writes its file
    chosen: bool = False  # given with --name: this journal's name from now on


def this_device(config_file: Path, wanted: str | None = None) -> Device:
    """The name a journal syncs under unless it has one of its own: `wanted` (checked),
    else the config's, else a new one (not saved yet)."""
    from ketalog import config

    if wanted is not None:
        return Device(config.parse_value("device", wanted), False, True)
    known = config.load(config_file).device
    if known:
        return Device(known, False)
    return Device(new_name(), True)


def new_name() -> str:
    """This computer's host name and a random part: 'laptop-3f9a'."""
    import socket

    host = re.sub(r"[^a-z0-9]+", "-", socket.gethostname().lower()).strip("-")[:30]
    return f"{host or 'computer'}-{os.urandom(2).hex()}"


class _Landing:
    """This computer's file in the folder and its new device name in the config, written
    by `write` and put back as they were by `undo` (a sync that fails changes nothing)."""

    def __init__(self, target: Path, config_file: Path | None, name: str) -> None:
        self.target, self.config_file, self.name = target, config_file, name
        self.was: dict[Path, bytes | None] = {}  # each file written, as it was before
        self.made: list[Path] = []  # folders made for the config

    def write(self, payload: bytes) -> None:
        from ketalog import config
        from ketalog.files import write_private
        from ketalog.paths import missing_dirs

        if self.config_file is not None:  # first, so the file never names a stray computer
            was = _bytes_of(self.config_file)
            self.made = missing_dirs(self.config_file.parent)
            config.save_value(self.config_file, "device", self.name)
            self.was[self.config_file] = was
        was = _bytes_of(self.target)
        write_private(self.target, payload, force=True)  # in one step: unchanged if it fails
        self.was[self.target] = was

    def undo(self) -> None:
        """Each file back as it was, newest first; as much as can be (the error that
        made the sync fail is the one the user hears)."""
        from ketalog.files import replace_private
        from ketalog.paths import remove_empty_dirs

        for path, was in reversed(self.was.items()):
            with contextlib.suppress(OSError):
                if was is None:
                    path.unlink(missing_ok=True)
                else:
                    replace_private(path, was)
        remove_empty_dirs(self.made)  # the config's folder, if this sync made it


def _bytes_of(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise KetalogError(f"cannot read {path}: {e.strerror}; nothing was synced") from None


@contextmanager
def _landing(target: Path, config_file: Path | None, name: str) -> Iterator[_Landing]:
    landing = _Landing(target, config_file, name)
    try:
        yield landing
    except BaseException:
        landing.undo()
        raise


def refuse_made_up(journal: Path, demo_folder: Path) -> None:
    """The demo's journal is made-up data: synced, it would mix into this computer's
    real journal (both write this computer's file) and into every other computer's."""
    from ketalog.errors import InputError

    if journal.resolve().parent == demo_folder.resolve():
        raise InputError(
            f"{journal} is the demo's made-up journal; sync your own journal "
            "(leave out --db), so made-up entries never reach your computers"
        )


def file_name(device: str) -> str:
    return f"{PREFIX}{device}.json"


# --- reading the folder ----------------------------------------------------------------


class Found(NamedTuple):
    """One computer's file in the folder, read and checked."""

    device: str
    path: Path
    side: Side
    sealed: bool  # encrypted
    journal: str | None  # the id of the journal that wrote it (None: an older ketalog)


def side_of(incoming: Any) -> Side:
    """A Side from importing.Incoming."""
    rows: dict[Key, dict[str, Any]] = {}
    for table, items in (
        ("session", incoming.sessions),
        ("checkin", incoming.checkins),
        ("assessment", incoming.assessments),
        ("question", incoming.questions),
    ):
        for row in items:
            rows[(table, row["uid"])] = row
    gone = {(d.table, d.uid): d.deleted_at for d in incoming.deletions}
    return Side(rows, gone)


def _read(path: Path, device: str, secret: Callable[[], str]) -> Found:
    from ketalog import crypto, importing
    from ketalog.rowchecks import BadRow

    try:
        raw = path.read_bytes()
    except OSError as e:
        raise KetalogError(f"{path.name}: cannot be read ({e.strerror})") from None
    sealed = crypto.is_age(raw)
    if sealed:
        raw = crypto.decrypt(raw, secret(), str(path))  # a wrong passphrase stops it all
    try:
        text = raw.decode("utf-8")
        data = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise KetalogError(
            f"{path.name} is damaged or only half copied (not a whole ketalog export)"
        ) from None
    if not isinstance(data, dict) or data.get("device") != device:
        raise KetalogError(f"{path.name} was not written by `ketalog sync` on {device!r}")
    try:
        incoming = importing.parse_export(text, path.name)
    except BadRow as e:
        raise KetalogError(f"{_shown(e.where)}: {e.why}") from None
    journal = data.get("journal")
    if journal is not None and not (isinstance(journal, str) and _JOURNAL_ID.match(journal)):
        raise KetalogError(f"{path.name} names its journal as {_shown(str(journal))!r}, not an id")
    return Found(device, path, side_of(incoming), sealed, journal)


def _shown(name: str) -> str:
    from ketalog.visible import visible

    return visible(name)


def read_folder(folder: Path, secret: Callable[[], str]) -> dict[str, Found]:
    """Every ketalog file in `folder`, by device name, each checked whole; any file that
    is not sound stops the sync before anything is merged. Nothing but
    ketalog-<device>.json is opened."""
    if not folder.exists():
        raise KetalogError(f"{folder} does not exist; give the folder you sync")
    if not folder.is_dir():
        raise KetalogError(f"{folder} is not a folder; give the folder you sync")
    found: dict[str, Found] = {}
    refused: list[str] = []
    for name in sorted(os.listdir(folder)):
        if not (name.startswith(PREFIX) and name.endswith(".json")):
            continue  # not a sync file (a journal.db here is never opened)
        match = _PEER.match(name)
        if match is None:
            refused.append(
                f"{_shown(name)} is not a name ketalog writes (a sync program's conflicted "
                "or partial copy?): move it out of the folder; each computer's own file "
                "holds all it has"
            )
            continue
        try:
            found[match.group(1)] = _read(folder / name, match.group(1), secret)
        except KetalogError as e:
            if "could not be decrypted" in e.message:
                raise
            refused.append(e.message)
    if refused:  # never half-merged: nothing from any file until every one reads whole
        more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
        raise KetalogError(f"{refused[0]}{more}; nothing was synced")
    return found


def _check_writable(folder: Path) -> None:
    """Refuse a folder this computer cannot write to before anything is merged."""
    probe = folder / f".ketalog-probe-{os.getpid()}"
    try:
        os.close(os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        probe.unlink()
    except OSError as e:
        raise KetalogError(f"cannot write to {folder} ({e.strerror}); nothing was synced") from None


# --- one sync ---------------------------------------------------------------------------


class Report(NamedTuple):
    peers: list[str]
    added: int
    changed: int
    removed: int
    conflicts: int
    wrote: str | None
    renamed: tuple[str, str] | None = None  # (another journal's name, the one taken)

    def lines(self) -> list[str]:
        out = []
        if self.renamed:
            taken, name = self.renamed
            out.append(
                f"{taken!r} in the folder is another journal's name; this journal syncs "
                f"as {name!r} (`--name` to choose another)."
            )
        if not self.peers:
            out.append("No other computer's file in the folder yet.")
        elif self.added or self.changed or self.removed:
            out.append(
                f"Merged from {', '.join(self.peers)}: {self.added:,} added, "
                f"{self.changed:,} changed, {self.removed:,} removed."
            )
        else:
            out.append(f"Nothing new from {', '.join(self.peers)}.")
        if self.conflicts:
            n = self.conflicts
            out.append(
                f"{plural(n, 'entry was', 'entries were')} changed on both computers; "
                "kept the newer."
            )
        if self.wrote:
            out.append(f"Wrote {self.wrote}.")
        elif self.peers and not (self.added or self.changed or self.removed):
            out.append("Already in step: nothing changed.")
        if self.added or self.changed or self.removed:
            out.append("`ketalog undo` reverses this sync.")
        return out


class Secrets:
    """The passphrase, asked at most once a sync: to read a file, or to write a new one."""

    def __init__(self, reading: Callable[[str], str], writing: Callable[[str], str]) -> None:
        self._reading, self._writing = reading, writing
        self.value: str | None = None

    def read(self) -> str:
        if self.value is None:
            self.value = self._reading("the sync folder")
        return self.value

    def write(self) -> str:
        if self.value is None:
            self.value = self._writing("the sync folder")
        return self.value


def _same(a: Side, b: Side) -> bool:
    return a.gone == b.gone and {k: canonical(r) for k, r in a.rows.items()} == {
        k: canonical(r) for k, r in b.rows.items()
    }


def describe(plan: Changes, peers: list[str]) -> str:
    """'sync with desktop of 2 check-ins and 1 question (1 changed; 1 entry removed)'."""
    from ketalog.importing import merge_description

    touched: dict[str, int] = {}
    for table, _ in (*plan.added, *plan.changed):
        touched[table] = touched.get(table, 0) + 1
    return merge_description(
        f"sync with {', '.join(peers)}", touched, len(plan.changed), len(plan.removed)
    )


def _apply(conn: Any, plan: Changes) -> None:
    from ketalog import deletions, uidrows

    for (table, uid), at in plan.removed:
        deletions.apply(conn, table, uid, at)
    for (table, uid), at in plan.marked:
        deletions.record(conn, table, uid, at)
    for table, row in plan.changed:
        uidrows.overwrite(conn, table, row)
    for table, row in plan.added:
        uidrows.insert_row(conn, table, row)
    for table, uid in plan.revived:
        deletions.forget(conn, table, uid)


def sync(
    journal: Path,
    open_journal: Callable[[], Any],
    folder: Path,
    me: str,
    now: datetime,
    secrets: Secrets,
    *,
    encrypt: bool,
    keep_name: Path | None = None,
    chosen: bool = False,
) -> Report:
    """Merge every other computer's file in `folder` into the journal (one command for
    undo), and write this journal's file there atomically if it changed.

    All or nothing: the folder is read whole and checked (every file, the passphrase,
    that the folder can be written) before the journal is opened (`open_journal`). The
    file, and a new device name saved to the config file `keep_name`, are written inside
    the merge's transaction and put back as they were if it fails to commit. A first
    sync on a computer with no journal builds it beside `journal` and puts it in place
    last: until then, whatever happens, there is no journal there.
    """
    import sqlite3

    from ketalog import db

    if journal.is_symlink() and not journal.exists():
        raise KetalogError(
            f"the journal path {_shown(str(journal))} is a link to {_shown(os.readlink(journal))}, "
            "which does not exist; nothing was synced (point the link at the journal, "
            "or remove it)"
        )
    found = read_folder(folder, secrets.read)
    _check_writable(folder)
    if encrypt:
        secrets.write()  # asked now, not once the merge is under way
    try:
        with _landing(folder / file_name(me), keep_name, me) as landing:
            if journal.exists():
                return _sync(
                    open_journal(), found, now, secrets, landing, encrypt=encrypt, chosen=chosen
                )
            merging = False
            try:
                with db.building(journal) as conn:
                    merging = True
                    report = _sync(
                        conn, found, now, secrets, landing, encrypt=encrypt, chosen=chosen
                    )
                    merging = False
                return report
            except FileExistsError:
                if merging:
                    raise
                raise KetalogError(
                    f"a journal was made at {journal} during the sync; nothing was synced "
                    "(run `ketalog sync` again)"
                ) from None
            except OSError as e:
                if merging:
                    raise
                raise KetalogError(  # the new journal could not be made or put in place
                    f"cannot create a journal at {journal}: {e.strerror}; nothing was synced"
                ) from None
    except sqlite3.IntegrityError as e:
        raise KetalogError(
            f"the merge breaks the journal's rules ({e}); nothing was changed"
        ) from None
    except sqlite3.OperationalError as e:
        if "full" not in str(e):
            raise
        raise KetalogError(
            f"not enough space for the journal in {journal.parent}; nothing was synced"
        ) from None


def _holds_nothing_new(file: Found, conn: Any, found: dict[str, Found], now: datetime) -> bool:
    from ketalog import exporting, importing

    held = side_of(importing.parse_export(exporting.export_json(conn, now), "journal"))
    for other in found.values():
        if other is not file:
            held = merge(held, other.side)
    return _same(merge(held, file.side), held)


def _sync(
    conn: Any,
    found: dict[str, Found],
    now: datetime,
    secrets: Secrets,
    landing: _Landing,
    *,
    encrypt: bool,
    chosen: bool,
) -> Report:
    from ketalog import changelog, db, exporting, importing

    identity, kept = db.identity(conn)
    name = landing.name if chosen or kept is None else kept
    renamed = None
    own = found.get(name)
    if own is not None and own.journal is not None and own.journal != identity:
        if chosen or kept is not None:
            raise KetalogError(
                f"{_shown(str(own.path))} was written by another journal under this "
                f"journal's name {name!r}; nothing was synced. Give this journal a name "
                f"of its own: `ketalog sync {_shown(str(own.path.parent))} --name NEW`"
            )
        # its first sync, under a name (a copied config's, say) another journal took:
        # a name of its own, unless that file holds nothing this sync would not (a
        # first sync killed before its journal was put in place left it)
        if not _holds_nothing_new(own, conn, found, now):
            name = next(n for n in iter(new_name, "") if n not in found)
            renamed = (own.device, name)
        own = None
    if name != landing.name:  # the config keeps only a name made for this sync
        landing.config_file = None
    landing.target = landing.target.with_name(file_name(name))
    landing.name = name
    base = own.side if own is not None else None
    others = [f for device, f in sorted(found.items()) if device != name]
    peers = [p.device for p in others]

    def plan() -> tuple[Changes, int]:
        local = side_of(importing.parse_export(exporting.export_json(conn, now), "journal"))
        merged, conflicts = local, 0
        for peer in others:
            conflicts += both_changed(local, peer.side, base)
            merged = merge(merged, peer.side)
        return changes(local, merged), conflicts

    def write_own() -> str | None:
        """This journal's file, written (in one step) if it differs from the folder's."""
        from ketalog.visible import json_dumps

        data = json.loads(exporting.export_json(conn, now))
        data["device"] = landing.name
        data["journal"] = identity
        text = json_dumps(data) + "\n"
        mine = side_of(importing.parse_export(text, "journal"))
        if (
            own is not None
            and own.sealed == encrypt
            and own.journal == identity
            and _same(own.side, mine)
        ):
            return None
        payload = text.encode("utf-8")
        if encrypt:
            from ketalog import crypto

            payload = crypto.encrypt(payload, secrets.write())
        landing.write(payload)
        return f"{landing.target}{' (encrypted)' if encrypt else ''}"

    todo, conflicts = plan()
    if todo.empty:  # nothing to merge: the journal is not even opened for writing
        if kept == name:
            wrote = write_own()
        else:
            with db.transaction(conn):  # but for its name, kept with its file
                db.keep_device(conn, name)
                wrote = write_own()
    else:
        with changelog.writing(conn, "sync") as cmd:
            todo, conflicts = plan()  # again, now that no other ketalog can write
            _apply(conn, todo)
            cmd.description = describe(todo, peers)
            if kept != name:
                db.keep_device(conn, name)
            wrote = write_own()  # a failed write takes the merge back with it
    return Report(
        peers, len(todo.added), len(todo.changed), len(todo.removed), conflicts, wrote, renamed
    )
