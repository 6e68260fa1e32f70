"""`ketalog config show / set`: the preferences."""

from __future__ import annotations

from typing import Annotated

import typer

from ketalog.commands.common import PlainUsage

app = typer.Typer(help="Show or change your preferences.", no_args_is_help=True)


@app.command("show")
def config_show() -> None:
    """Show your preferences and every key you can set.

    Example: ketalog config show
    """
    from ketalog import config, messages, paths
    from ketalog.visible import visible_line

    path = paths.config_file()
    typer.echo(f"# {visible_line(path)}")
    typer.echo("\n".join(messages.settings_lines(config.settings(path))))


@app.command("set", cls=PlainUsage)
def config_set(
    key: Annotated[
        str, typer.Argument(metavar="KEY", help="One of the keys `ketalog config show` lists.")
    ],
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="The new value; an empty value unsets the key.")
    ],
) -> None:
    """Set a preference; an empty value ("") unsets it.

    Example: ketalog config set default_route iv
    """
    from ketalog import config, paths
    from ketalog.visible import visible

    key = config.canonical(key)
    stored = config.save_value(paths.config_file(), key, value)
    typer.echo(f"{key} unset." if stored is None else f"{key} = {visible(str(stored))}")
