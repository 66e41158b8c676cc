"""The seams hold, read from the source: a status is set in one place (the workflow), no module
imports another's private name, and nothing outside the store reaches into its private parts."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "db", "forms")
STATUS_SETTER = Path("forms/core/workflow.py")  # apply_move: the one place a status is set
STORE_PRIVATES = ("_read", "_write", "_get")


def modules(*packages: str) -> Iterator[tuple[Path, ast.Module]]:
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def status_assignments(tree: ast.Module) -> list[int]:
    """Lines that set an application's status: ``x.status = …`` (a widget's own ``self.status``
    is a label, not a status), ``setattr(x, "status", …)`` or ``Application(status=…)``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for item in target.elts if isinstance(target, ast.Tuple | ast.List) else [target]:
                    if (
                        isinstance(item, ast.Attribute)
                        and item.attr == "status"
                        and not _is_self(item.value)
                    ):
                        found.append(node.lineno)
        elif isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name == "setattr" and len(node.args) > 1:
                key = node.args[1]
                if isinstance(key, ast.Constant) and key.value == "status":
                    found.append(node.lineno)
            if name == "Application" and any(k.arg == "status" for k in node.keywords):
                found.append(node.lineno)
    return found


def private_imports(path: Path, tree: ast.Module) -> list[str]:
    """``from m import _name`` of a name another module keeps to itself. A private submodule
    (``forms/_v1_values.py``) is a file of its package, not a name, and is left to the registry."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            folder = ROOT.joinpath(*node.module.split("."))
            for alias in node.names:
                if _private(alias.name) and not (folder / f"{alias.name}.py").exists():
                    found.append(f"{path}:{node.lineno} from {node.module} import {alias.name}")
    return found


def _names_store(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "store") or (
        isinstance(node, ast.Attribute) and node.attr == "store"
    )


def store_private_uses(path: Path, tree: ast.Module) -> list[str]:
    """``x._read(`` / ``x._write(`` / ``x._get(`` on anything but ``self``, and any private
    attribute of something called ``store``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not _private(node.attr):
            continue
        if _is_self(node.value):
            continue
        if node.attr in STORE_PRIVATES or _names_store(node.value):
            found.append(f"{path}:{node.lineno} {ast.unparse(node)}")
    return found


def test_the_detectors_see_what_they_look_for():
    sample = ast.parse(
        "row.status = 'draft'\n"
        "row.uid, row.status = 'u', 'ready'\n"
        "setattr(row, 'status', 'ready')\n"
        "Application(kind='x', status='draft')\n"
        "self.status = label\n"
        "from db.repository import _audit, Store\n"
        "from forms import _v1_values\n"
        "with store._write() as session:\n"
        "    self.store._get(session, 1)\n"
        "    self._read()\n"
        "    self.store._catalogue\n"
    )
    assert sorted(status_assignments(sample)) == [1, 2, 3, 4]
    assert private_imports(Path("probe.py"), sample) == [
        "probe.py:6 from db.repository import _audit"
    ]
    assert sorted(store_private_uses(Path("probe.py"), sample)) == [
        "probe.py:11 self.store._catalogue",
        "probe.py:8 store._write",
        "probe.py:9 self.store._get",
    ]


def test_only_the_workflow_sets_a_status():
    """Every status change goes through forms.core.workflow.apply_move, which checks the move
    against its table: no writer in db/ or screen in app/ sets one by hand."""
    found = [
        f"{path}:{line}"
        for path, tree in modules(*PACKAGES)
        if path != STATUS_SETTER
        for line in status_assignments(tree)
    ]
    assert not found, "a status set outside workflow.apply_move:\n" + "\n".join(found)


def test_no_module_imports_another_modules_private_name():
    found = [hit for path, tree in modules(*PACKAGES) for hit in private_imports(path, tree)]
    assert not found, "private names imported across modules:\n" + "\n".join(found)


def test_nothing_outside_the_store_calls_its_private_methods():
    """db/ modules read and write through the store's public unit of work (``reading``,
    ``writing``, ``application``), never its private sessions."""
    found = [hit for path, tree in modules(*PACKAGES) for hit in store_private_uses(path, tree)]
    assert not found, "the store's private parts used from outside:\n" + "\n".join(found)
