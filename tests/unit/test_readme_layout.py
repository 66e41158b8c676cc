"""The README's layout tree names every module of forms/, db/ and app/, and nothing that is gone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("forms", "db", "app")


def tree_paths() -> set[str]:
    """The paths the tree under 'How the forms and rules are organised' names."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## How the forms and rules are organised", 1)[1].split("```")[1]
    found: set[str] = set()
    stack: list[tuple[int, str]] = []  # (indent, folder)
    for line in block.splitlines():
        match = re.match(r"^( *)(\S+)", line)
        if not match:
            continue
        indent, name = len(match.group(1)), match.group(2)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        path = "/".join([*(folder for _, folder in stack), name.rstrip("/")])
        if name.endswith("/"):
            stack.append((indent, name.rstrip("/")))
        found.add(path)
    return found


def modules() -> set[str]:
    return {
        str(p.relative_to(ROOT))
        for package in PACKAGES
        for p in (ROOT / package).rglob("*.py")
        if p.name != "__init__.py" and "migrations" not in p.parts
    }


def test_every_module_is_in_the_readme_tree():
    assert sorted(modules() - tree_paths()) == []


def test_the_readme_tree_names_nothing_that_is_gone():
    listed = {p for p in tree_paths() if p.endswith(".py") and p.split("/")[0] in PACKAGES}
    assert sorted(p for p in listed if not (ROOT / p).exists()) == []
