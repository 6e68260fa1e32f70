"""Where ketalog keeps its files: the journal, the config, backups."""

from __future__ import annotations

from pathlib import Path

APP = "ketalog"


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def default_db() -> Path:
    return data_dir() / "journal.db"


def resolve_db(option: str | None) -> Path:
    """The journal path: `--db`/KETALOG_DB when given, else the platform data dir."""
    if option:
        return Path(option).expanduser()
    return default_db()


def config_file() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"


def demo_dir() -> Path:
    """The demo's own folder in the user's cache: one, replaced on each run."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP, appauthor=False)) / "demo"


def backup_dir(db: Path) -> Path:
    return db.parent / "backups"


def missing_dirs(folder: Path) -> list[Path]:
    """`folder` and those of its parents that do not exist yet, deepest first."""
    missing = []
    for p in (folder, *folder.parents):
        if p.exists():
            break
        missing.append(p)
    return missing


def make_private_dir(folder: Path) -> None:
    """Create `folder` (and missing parents) so that every folder made here is 0700."""
    for p in reversed(missing_dirs(folder)):
        p.mkdir(mode=0o700, exist_ok=True)
        p.chmod(0o700)


def remove_empty_dirs(folders: list[Path]) -> None:
    """Take back folders a failed command made (deepest first), each only if empty."""
    for p in folders:
        try:
            p.rmdir()
        except OSError:
            return
