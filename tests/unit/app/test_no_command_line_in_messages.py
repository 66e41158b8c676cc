"""No message of the desktop app sends a user to a command line or calls the program 「gxapply」:
every Chinese string in app/, db/ and forms/ (docstrings and the command line's own modules
aside) is scanned."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# The command line's own output may name its commands and options.
COMMAND_LINE = {
    "app/cli.py",
    "app/commands.py",
    "app/exchange_cli.py",
    "app/store_cli.py",
    "app/server_cli.py",  # the administrator's gxapply db upgrade / db copy
}
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# The program by its command name (a format id such as gxapply.package is data, not a name),
# a command line, an option, or a database URL.
FORBIDDEN = re.compile(
    r"gxapply(?![._])|命令行|命令|终端|控制台|--[a-z]|\bpython\b|sqlite:/|postgresql:/", re.I
)


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def user_strings() -> list[tuple[str, int, str]]:
    found = []
    for package in ("app", "db", "forms"):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name in COMMAND_LINE or "/migrations/" in name:
                continue
            tree = ast.parse(path.read_text("utf-8"))
            skip = docstrings(tree)
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in skip
                    and CHINESE.search(node.value)
                ):
                    found.append((name, node.lineno, node.value))
    return found


def test_the_scan_sees_the_messages():
    texts = [text for _, _, text in user_strings()]
    assert any("还没有任何申报" in t for t in texts)  # the empty 我的申报


def test_no_message_sends_a_user_to_a_command_line():
    offending = [
        f"{name}:{line}: {text[:80]}"
        for name, line, text in user_strings()
        if FORBIDDEN.search(text)
    ]
    assert not offending, "\n".join(offending)
