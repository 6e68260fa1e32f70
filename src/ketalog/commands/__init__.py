"""The commands, by theme; importing a module registers its commands on ketalog.cli.app."""
