"""The project's own papers agree with it: the licence, the pages the code cites."""

from __future__ import annotations

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).parents[1]
CODE = [
    *(ROOT / "src").rglob("*.py"),
    *(ROOT / "tests").glob("*.py"),
    *(ROOT / "bench").glob("*.py"),
]


def test_the_licence_file_is_the_one_pyproject_names() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 the ketalog authors" in text
    assert project["authors"] == [{"name": "the ketalog authors"}]


def test_every_docs_page_the_code_or_docs_cite_exists() -> None:
    cited = {}
    for path in [*CODE, ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        text = path.read_text(encoding="utf-8")
        for page in re.findall(r"docs/[\w.-]+\.md", text):
            cited.setdefault(page, path)
        if path.parent.name == "docs":  # links between the pages themselves
            for page in re.findall(r"\]\(([\w.-]+\.md)\)", text):
                cited.setdefault(f"docs/{page}", path)
    assert {"docs/recovery-maths.md", "docs/clinical.md"} <= set(cited)
    missing = {page: str(path) for page, path in cited.items() if not (ROOT / page).is_file()}
    assert not missing


def test_the_code_cites_only_files_in_the_repository() -> None:
    outside = re.compile(r"\b(DESIGN|CLINICAL)\.md\b")
    found = [str(p) for p in CODE if outside.search(p.read_text(encoding="utf-8"))]
    assert not found


def test_every_fmt_skip_says_why() -> None:
    """`ruff format` lays out all code alike; a line kept out of it says why beside it."""
    bare = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in CODE
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"#\s*fmt:\s*(skip|off)\s*$", line)
        and not re.search(r"#(?!\s*fmt:).*#\s*fmt:", line)  # a comment before the marker
    ]
    assert not bare
