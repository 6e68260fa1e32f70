"""The journal's files: export, import, backup, restore, check, where, demo."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from ketalog.commands.common import (
    Opt,
    PlainUsage,
    confirm,
    get_state,
    make_console,
    notice,
    open_journal,
)
from ketalog.errors import InputError
from ketalog.visible import visible_line

app = typer.Typer()

ENCRYPT = Opt(
    "--encrypt/--no-encrypt",
    help="Encrypt with a passphrase (age); KETALOG_PASSPHRASE for scripts. "
    "Default: the encrypt_backups setting.",
    show_default=False,
)


def encrypting(flag: bool | None, *, to_file: bool = True) -> bool:
    """--encrypt / --no-encrypt when given, else the encrypt_backups setting for files."""
    if flag is not None:
        return flag
    if not to_file:
        return False
    from ketalog import config, paths

    return config.load(paths.config_file()).encrypt_backups


def seal(data: bytes, what: str) -> bytes:
    """`data` encrypted with a passphrase from the environment or the terminal."""
    from ketalog import crypto, passphrase

    return crypto.encrypt(data, passphrase.for_writing(what))


class ExportFormat(str, enum.Enum):
    json = "json"
    csv = "csv"


class ExportTable(str, enum.Enum):
    checkins = "checkins"
    sessions = "sessions"


@app.command("export")
def export_command(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, Opt("--format", "-f", help="json (everything) or csv.")] = (
        ExportFormat.json
    ),
    table: Annotated[ExportTable, Opt(help="For csv: checkins or sessions.")] = (
        ExportTable.checkins
    ),
    output: Annotated[
        Path | None, Opt("--output", "-o", metavar="FILE", help="Write to this file.")
    ] = None,
    force: Annotated[bool, Opt("--force", help="Replace the --output file if it exists.")] = False,
    encrypt: Annotated[bool | None, ENCRYPT] = None,
) -> None:
    """Export the journal: JSON keeps all, CSV for spreadsheets.

    Example: ketalog export --encrypt -o ketalog-export.json.age
    """
    from ketalog import clock, exporting
    from ketalog.files import check_output, write_private

    journal = get_state(ctx).db_path
    sealed = encrypting(encrypt, to_file=output is not None)
    if sealed and output is None and sys.stdout.isatty():
        raise InputError("--encrypt writes binary data: add -o FILE, or redirect the output")
    if output is not None:  # before a passphrase is asked for
        check_output(output, force=force, journal=journal)
    conn = open_journal(ctx, create=False)
    if fmt is ExportFormat.json:
        data = exporting.export_json(conn, clock.now_utc())
    else:
        data = exporting.export_csv(conn, table.value)
    payload = seal(data.encode(), "the export") if sealed else data.encode()
    if output is None:
        typer.echo(payload if sealed else data, nl=False)
        return
    write_private(output, payload, force=force, journal=journal)
    typer.echo(f"Exported{' (encrypted)' if sealed else ''} to {visible_line(output)}", err=True)


@app.command("import", cls=PlainUsage)
def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A ketalog JSON export, or one of its CSV files.")
    ],
    dry_run: Annotated[bool, Opt("--dry-run", help="Report what would change; write nothing.")] = (
        False
    ),
) -> None:
    """Merge an export into this journal (twice adds nothing).

    Entries you deleted after the export was made stay deleted; entries the
    export's journal deleted are removed here too. Check-ins up to 2 days after
    today (a computer clock set fast) are kept and named; a file dated further
    ahead is refused whole. `ketalog undo` reverses it.

    Example: ketalog import ketalog-backup.json --dry-run
    """
    from ketalog import importing, passphrase

    incoming = importing.read_file(file, passphrase.for_reading)  # checked before any write
    today = get_state(ctx).today
    if dry_run and not get_state(ctx).db_path.exists():
        report = importing.dry_run_on_empty(incoming, file, today)
    else:
        importing.refuse_far_ahead(incoming, today, file)  # before a journal is created
        conn = open_journal(ctx, create=True)
        report = importing.merge_report(conn, incoming, dry_run=dry_run, source=file, today=today)
    typer.echo("\n".join(map(visible_line, report.lines())))


@app.command("backup")
def backup_command(
    ctx: typer.Context,
    dest: Annotated[
        Path | None,
        typer.Argument(
            metavar="[DEST]", help="File or folder for the copy (default: the backups folder)."
        ),
    ] = None,
    encrypt: Annotated[bool | None, ENCRYPT] = None,
) -> None:
    """Save a consistent copy of the journal, even while in use.

    Example: ketalog backup --encrypt ~/Dropbox/
    """
    from ketalog import backups, clock, paths

    db_path = get_state(ctx).db_path
    conn = open_journal(ctx, create=False)
    secret = None
    if encrypting(encrypt):
        from ketalog import passphrase

        secret = passphrase.for_writing("the backup")
    suffix = ".db.age" if secret is not None else ".db"
    now = clock.now_utc()
    if dest is None or dest.is_dir():
        folder = paths.backup_dir(db_path) if dest is None else dest
        name = backups.new_copy_name(folder, now, suffix=suffix)
        done = backups.backup(conn, name, claimed=True, passphrase=secret)
    else:
        done = backups.backup(conn, dest, passphrase=secret)
    typer.echo(f"Backed up{' (encrypted)' if secret else ''} to {visible_line(done)}")


@app.command("restore", cls=PlainUsage)
def restore_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A backup made by `ketalog backup` (encrypted or not)."
        ),
    ],
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Replace the journal with a backup (the current one is kept).

    The backup's rows are checked and put into a journal built afresh; a file with a
    row that breaks the journal's rules is refused, naming the row. Undo history
    starts again from the restore.

    Example: ketalog restore ~/.local/share/ketalog/backups/journal-20261101-090000.db
    """
    from ketalog import clock, passphrase, restoring

    db_path = get_state(ctx).db_path
    done = restoring.restore_from(
        db_path,
        file,
        passphrase.for_reading,
        lambda question: confirm(question, yes),
        clock.now_utc(),
        notice,
    )
    if done.kept is None:
        typer.echo(
            f"Restored {visible_line(file)} ({done.what}) into a new journal at "
            f"{visible_line(db_path)}"
        )
    else:
        typer.echo(
            f"Restored {visible_line(file)} ({done.what}). The journal it replaced is kept "
            f"at {visible_line(done.kept)}"
        )


@app.command("check")
def check_command(ctx: typer.Context) -> None:
    """Check the journal's integrity, schema and contents.

    Example: ketalog check
    """
    from ketalog import health

    report = health.check_journal(get_state(ctx).db_path, notice)
    typer.echo("\n".join(map(visible_line, report.lines)))
    if not report.ok:
        raise typer.Exit(1)


@app.command("where")
def where(ctx: typer.Context) -> None:
    """Show where your journal, config and backups live.

    Example: ketalog where
    """
    from ketalog import paths

    db = get_state(ctx).db_path
    typer.echo(f"journal: {visible_line(db)}{'' if db.exists() else ' (not created yet)'}")
    typer.echo(f"config:  {visible_line(paths.config_file())}")
    typer.echo(f"backups: {visible_line(paths.backup_dir(db))}")


@app.command("demo")
def demo(
    ctx: typer.Context,
    seed: Annotated[int, Opt(metavar="N", help="Random seed for the made-up data.")] = 7,
) -> None:
    """Try ketalog on a made-up journal (never your own).

    Example: ketalog demo --seed 3
    """
    from ketalog import demo as demo_tour

    demo_tour.run(get_state(ctx).today, seed, make_console())
