"""The modules' imports, read from the source: commands go through `actions`, no layer
imports one above it, and no ketalog modules import each other in a circle.

Every import counts, at the top or inside a function, and type-only ones too: each
says which module this one needs to be read or to run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "ketalog"

# From the top down; a module may import its own layer's modules and those below.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("command line", ("__main__", "entry", "cli", "commands", "demo")),
    ("views", ("render", "messages", "listing", "prompts", "insights.render")),
    ("actions", ("actions",)),
    ("summary and tables", ("report", "tables", "trendtables")),
    ("domain", ()),  # every module not named in another layer
    ("storage", ("db", "migrations")),
    (
        "basics",
        (
            "ketalog",
            "errors",
            "model",
            "fields",
            "paths",
            "files",
            "clock",
            "visible",
            "stats",
            "csvcells",
            "tipdata",
            "crypto",
            "notify",
            "wording",
            "dates",
        ),
    ),
)
DOMAIN = next(i for i, (name, _) in enumerate(LAYERS) if name == "domain")
# What only `actions` may touch: the records and the change log, and the database.
BEHIND_ACTIONS = (
    "ketalog.journal",
    "ketalog.questions",
    "ketalog.uidrows",
    "ketalog.changelog",
    "ketalog.db",
)


def module_name(path: Path) -> str:
    parts = ["ketalog", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def imports(name: str) -> set[str]:
    """The ketalog modules `name` imports (`from ketalog.x import y` is ketalog.x.y
    when y is a module, else ketalog.x)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            found |= {
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            }
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports(name) for name in MODULES}


def layer(name: str) -> int:
    """The layer naming the longest prefix of `name` (`insights.render` before
    `insights`), else the domain."""
    short = "ketalog" if name == "ketalog" else name.removeprefix("ketalog.")
    named = [
        (len(prefix), i)
        for i, (_, prefixes) in enumerate(LAYERS)
        for prefix in prefixes
        if short == prefix or short.startswith(prefix + ".")
    ]
    return max(named)[1] if named else DOMAIN


def test_the_walk_sees_the_imports() -> None:
    assert "ketalog.actions" in GRAPH["ketalog.commands.daily"]
    assert "ketalog.commands.common" in GRAPH["ketalog.cli"]
    assert "ketalog.db" in GRAPH["ketalog.changelog"]
    assert layer("ketalog.commands.data") == 0 and layer("ketalog.insights.render") == 1
    assert layer("ketalog.trends") == DOMAIN and layer("ketalog.report.pdf") == 3


@pytest.mark.parametrize("name", [m for m in MODULES if m.startswith("ketalog.commands")])
def test_commands_reach_the_journal_through_actions_only(name: str) -> None:
    assert not GRAPH[name] & set(BEHIND_ACTIONS)


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = sorted(
        f"{name} ({LAYERS[layer(name)][0]}) imports {other} ({LAYERS[layer(other)][0]})"
        for name, targets in GRAPH.items()
        for other in targets
        if layer(other) < layer(name)
    )
    assert upward == []


def circles() -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    return found


def test_no_import_circles() -> None:
    assert circles() == []


def test_the_circle_finder_finds_one() -> None:
    saved = dict(GRAPH)
    try:
        GRAPH["ketalog.db"] = GRAPH["ketalog.db"] | {"ketalog.changelog"}
        assert ["ketalog.changelog", "ketalog.db"] in circles()
    finally:
        GRAPH.clear()
        GRAPH.update(saved)
