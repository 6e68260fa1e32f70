"""`ketalog sync DIR`: two computers kept in step through a folder they both sync."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ketalog.commands.common import get_state, open_journal
from ketalog.commands.data import ENCRYPT, encrypting

app = typer.Typer()


@app.command("sync")
def sync_command(
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="A folder your computers already sync (Syncthing, Dropbox...)."
        ),
    ],
    encrypt: Annotated[bool | None, ENCRYPT] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            metavar="NAME",
            help="This journal's name in the folder, kept for its later syncs.",
        ),
    ] = None,
) -> None:
    """Keep this journal and another computer's in step through a synced folder.

    Writes this journal to FOLDER/ketalog-<device>.json and merges the other computers'
    files: for each entry the newer change wins, deletions included. Run it on each
    computer; `ketalog undo` takes back one sync. Each journal keeps the name of
    its first sync (the config's device name, or a new one); --name changes it.

    Example: ketalog sync ~/Sync/ketalog

    Example: ketalog sync ~/Sync/ketalog --name desktop
    """
    from ketalog import clock, passphrase, paths, sync

    sync.refuse_made_up(get_state(ctx).db_path, paths.demo_dir())
    config_file = paths.config_file()
    device = sync.this_device(config_file, name)
    secrets = sync.Secrets(passphrase.for_reading, passphrase.for_writing)
    report = sync.sync(
        get_state(ctx).db_path,
        lambda: open_journal(ctx, create=True),
        folder,
        device.name,
        clock.now_utc(),
        secrets,
        encrypt=encrypting(encrypt),
        keep_name=config_file if device.new else None,
        chosen=device.chosen,
    )
    from ketalog.visible import visible_line

    typer.echo("\n".join(map(visible_line, report.lines())))
