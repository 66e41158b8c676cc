"""The import graph of app/, db/ and forms/ has no cycles, and the form framework names no form.

Read with ``ast``, not by importing: every ``import`` counts, at module level, inside a function or
under ``TYPE_CHECKING`` alike, since an import moved into a function still ties the two modules
together. ``from package import name`` is an edge to ``package.name`` when that is a module.
"""

from __future__ import annotations

import ast
import itertools
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "db", "forms")

# The form framework: the pieces every form is built from, which therefore name no form.
FRAMEWORK = ("forms.core", "forms.packet", "forms.exchange")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of app/, db/ and forms/ by dotted name (a package by its ``__init__``)."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


def imported_names(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """The first-party modules ``name`` imports, each with the line that imports it."""
    known = modules()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                # ``from . import x`` in a package's __init__ is relative to the package itself
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                yield (submodule if submodule in known else source), node.lineno


@cache
def graph() -> dict[str, dict[str, int]]:
    """Each module's first-party imports: target module -> first line importing it."""
    known = modules()
    edges: dict[str, dict[str, int]] = {}
    for name, path in known.items():
        targets: dict[str, int] = {}
        for target, line in imported_names(name, path):
            if target in known and target != name:
                targets.setdefault(target, line)
        edges[name] = targets
    return edges


def strongly_connected(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """Tarjan's components of more than one module: each one holds at least one cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return components


def a_cycle(edges: dict[str, dict[str, int]], component: list[str]) -> list[str]:
    """One shortest cycle through the first module of ``component``, to print."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(edges[node]):
            if target == start:
                return [*paths[node], start]
            if target in members and target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    return component  # unreachable: a component's members reach one another


def edge(edges: dict[str, dict[str, int]], source: str, target: str) -> str:
    return (
        f"  {source} -> {target}  ({modules()[source].relative_to(ROOT)}:{edges[source][target]})"
    )


def describe(edges: dict[str, dict[str, int]], component: list[str]) -> str:
    """One cycle of ``component``, then every import between its modules (all must go)."""
    cycle = a_cycle(edges, component)
    members = set(component)
    inside = [edge(edges, s, t) for s in component for t in edges[s] if t in members]
    return "\n".join(
        [
            f"cycle through {len(cycle) - 1} modules:",
            *(edge(edges, s, t) for s, t in itertools.pairwise(cycle)),
            f"all imports among {', '.join(component)}:",
            *inside,
        ]
    )


def test_the_graph_sees_function_level_and_submodule_imports():
    """The reader itself: ``from forms import all_forms`` is an edge to the package,
    ``from forms.core import rules`` one to the submodule, and an import inside a function counts."""
    edges = graph()
    assert "forms.core.definition" in edges["forms"]  # imported inside all_forms() (or at the top)
    assert "forms" in edges["db.review_stats"]
    assert all(target in modules() for targets in edges.values() for target in targets)


def test_no_import_cycles():
    edges = graph()
    components = strongly_connected(edges)
    report = "\n\n".join(describe(edges, component) for component in components)
    assert not components, f"import cycles (function-level imports included):\n{report}"


def test_the_form_framework_imports_no_concrete_form():
    """forms/core, forms/packet and forms/exchange take the forms (and the applicant profile)
    they work on as arguments or from the registry's caller; they never name one."""
    from forms.registry import FORMS

    # each registered form's module (a package's __init__ for a form that is a package)
    declared = {d.model.__module__ for d in (FORMS.applicant, *FORMS.forms)}
    assert {"forms.applicant", "forms.incubator", "forms.rd_subsidy"} <= declared
    concrete = {"forms", "forms.registry", *declared}
    concrete |= {name for name in modules() if name.startswith(tuple(f"{m}." for m in declared))}
    offenders = [
        f"{modules()[source].relative_to(ROOT)}:{line} imports {target}"
        for source, targets in graph().items()
        if source.startswith(FRAMEWORK)
        for target, line in targets.items()
        if target in concrete
    ]
    assert not offenders, "\n".join(offenders)


def test_every_form_module_is_registered():
    """A module under forms/ that declares a form is listed in ``forms.registry``: discovery is
    gone, so one left out would silently not exist."""
    from forms.registry import FORMS

    registered = {d.model.__module__ for d in (FORMS.applicant, *FORMS.forms)}
    declaring = {
        name
        for name, path in modules().items()
        if name.startswith("forms.")
        and not name.startswith(FRAMEWORK)
        and "\nFORM = FormDefinition(" in path.read_text(encoding="utf-8")
    }
    assert declaring <= registered, declaring - registered


def test_importing_every_module_of_the_domain_and_the_store_loads_no_qt():
    """The runtime side of the ruff ban (TID251 in forms/ruff.toml and db/ruff.toml): every module
    of forms/ and db/, imported in a fresh interpreter, leaves PySide6 unloaded."""
    names = [
        name
        for name in modules()
        if name.startswith(("forms", "db")) and not name.startswith("db.migrations")
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6')\n"
        "print(*qt)\n"
        "sys.exit(1 if qt else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
