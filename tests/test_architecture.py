"""ARCHITECTURE.md (and CONTRIBUTING.md) match the code: every module, folder and file
they name exists, and the pure core they describe stays pure."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
SRC = ROOT / "src"  # holds the package folder, ketalog/


def named(text: str) -> list[str]:
    """What a page names in backticks: files and folders of the package
    (`ketalog/x.py`, `ketalog/x/`, or short, `x.py` and `report/model.py`), modules
    (`ketalog.x.y`), files of the repository (`tests/...`, `docs/...`, `bench/...`,
    `README.md`)."""
    patterns = (
        r"(tests|docs|bench)/[\w./-]+|[A-Z]+\.md",  # files of the repository
        r"ketalog(\.\w+)+",  # modules
        r"[\w/]+(\.py|/)",  # files and folders of the package
    )
    out = []
    for token in re.findall(r"`([^`\s]+)`", text):
        if any(re.fullmatch(pattern, token) for pattern in patterns):
            out.append(token)
    return out


def exists(name: str) -> bool:
    if re.fullmatch(r"ketalog(\.\w+)+", name):  # a module, or a name inside one
        parts = name.split(".")
        for end in range(len(parts), 1, -1):
            base = SRC.joinpath(*parts[:end])
            source = base.with_suffix(".py") if base.with_suffix(".py").is_file() else None
            source = source or (base / "__init__.py" if (base / "__init__.py").is_file() else None)
            if source is not None:  # and the name after the module is defined in it
                rest = parts[end:]
                return not rest or re.search(rf"\b{rest[0]}\b", source.read_text()) is not None
        return False
    if name.endswith((".py", "/")) and not name.startswith(("tests/", "bench/")):
        wanted = name.rstrip("/")
        # `ketalog/x.py` from the package's folder; a short name anywhere inside it
        return any(str(p).endswith("/" + wanted) for p in SRC.rglob("*"))
    return (ROOT / name).exists()


def test_names_are_found() -> None:
    text = "`ketalog/db.py`, `report/`, `ketalog.trends`, `docs/clinical.md`, `x`, `curves.py`"
    expected = ["ketalog/db.py", "report/", "ketalog.trends", "docs/clinical.md", "curves.py"]
    assert named(text) == expected
    assert all(exists(name) for name in expected)
    assert exists("ketalog.report.model") and exists("insights/stats.py")
    assert exists("ketalog.crisis.CHECKED") and not exists("ketalog.crisis.NOWHERE")
    assert not exists("ketalog.nowhere") and not exists("ketalog/nowhere.py")
    assert not exists("nowhere.py") and not exists("stats/")


PAGES = (
    "ARCHITECTURE.md",
    "CONTRIBUTING.md",
    *(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")),
)
NAMED = sorted({(page, name) for page in PAGES for name in named((ROOT / page).read_text())})


def test_the_codemap_names_the_modules() -> None:
    assert len([name for page, name in NAMED if page == "ARCHITECTURE.md"]) >= 30


@pytest.mark.parametrize(("page", "name"), NAMED, ids=[f"{p}:{n}" for p, n in NAMED])
def test_every_name_on_the_pages_exists(page: str, name: str) -> None:
    assert exists(name), f"{page} names {name}, which is not in the code"


# The pure core: plain records and a `today` in, plain data out.
PURE = (
    "recovery", "trends", "curves", "stats", "readings", "wording", "tips", "tipdata", "assess",
    "severity",
    "insights.stats", "insights.factors", "insights.findings", "report.model",
)  # fmt: skip  # the list reads as one paragraph
# What would let a pure module read the clock, the journal, the config or the terminal.
IMPURE = ("sqlite3", "typer", "rich", "time", "ketalog.db", "ketalog.journal",
          "ketalog.changelog", "ketalog.actions", "ketalog.clock", "ketalog.config",
          "ketalog.paths")  # fmt: skip  # the list reads as one paragraph
READS_OUTSIDE = re.compile(r"\b(date\.today|datetime\.now|time\.time|input|print)\(")


def _imports(module: str) -> set[str]:
    path = SRC / "ketalog" / (module.replace(".", "/") + ".py")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return found


@pytest.mark.parametrize("module", PURE)
def test_the_core_is_pure(module: str) -> None:
    imported = _imports(module)
    reached = sorted(m for m in imported for bad in IMPURE if m == bad or m.startswith(bad + "."))
    assert not reached, f"ketalog.{module} imports {reached}"
    allowed = {name.split(".")[0] for name in PURE} | {"model", "errors", "fields"}
    inside = {m.removeprefix("ketalog.").split(".")[0] for m in imported if "ketalog." in m}
    assert inside <= allowed, f"ketalog.{module} imports {sorted(inside - allowed)}"
    text = (SRC / "ketalog" / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8")
    assert not READS_OUTSIDE.findall(text)
