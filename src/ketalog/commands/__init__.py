"""The commands, by theme: each module owns a Typer app that ketalog.cli composes."""
