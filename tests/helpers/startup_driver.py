"""The desktop app's start-up (``app.gui.main.run``) in a process of its own, as a user starts
it, with its dialogs answered by a script; prints what was shown, asked and kept as JSON.

Run by tests/end2end/test_server_startup.py: the real event loop that ``run`` enters and quits
must not be the test process's own, whose later tests it would leave changed.
Usage: ``python -m tests.helpers.startup_driver '{"keyring": "memory", ...}'``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def main() -> int:
    config: dict[str, Any] = json.loads(sys.argv[1])
    import keyring

    from tests.helpers.credentials import MemoryKeyring, no_keyring

    memory = config.get("keyring") == "memory"
    backend = MemoryKeyring() if memory else no_keyring()
    for key, password in config.get("kept", {}).items():
        backend.set_password("gxapply", key, password)
    keyring.set_keyring(backend)

    from PySide6.QtWidgets import QMessageBox

    from app.gui.widgets import plain

    dialogs: list[list[str]] = []
    asked: list[list[Any]] = []
    answers: list[str | None] = list(config.get("answers", []))

    def record(_parent: Any, title: str, text: str, *_args: Any, **_kwargs: Any) -> Any:
        dialogs.append([title, text])
        return QMessageBox.StandardButton.Ok

    for kind in ("warning", "critical", "information"):
        setattr(plain, kind, record)

    import app.gui.server_password as server_password

    def ask(url: str, *, can_remember: bool, refused: bool = False, parent: Any = None) -> Any:
        asked.append([url, can_remember, refused])
        return answers.pop(0) if answers else None

    server_password.ask_password = ask  # type: ignore[assignment]
    if config.get("set_up"):
        import app.settings

        app.settings.is_set_up = lambda _store: True  # type: ignore[assignment]

    from app.gui import main as gui_main

    code = gui_main.run(
        argparse.Namespace(db=None, self_check=bool(config.get("self_check")), command=None)
    )
    kept = {k[1]: v for k, v in backend.passwords.items()} if memory else {}  # type: ignore[attr-defined]
    print(json.dumps({"code": code, "dialogs": dialogs, "asked": asked, "kept": kept}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
