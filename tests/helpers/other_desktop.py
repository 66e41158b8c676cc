"""Another officer's desktop on the same server store, as a separate process
(tests/helpers/live_worker.py), driven one command at a time: no sleeps, each answer awaited."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 30  # the longest a desktop's answer (or a change it sent) may take


class Desktop:
    """tests/helpers/live_worker.py on the store at ``url``, ready once constructed."""

    def __init__(self, url: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.live_worker", url],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert self.answer() == "ready"

    def answer(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def send(self, *commands: str) -> None:
        """Send commands without waiting for their answers (read them with ``answer``)."""
        assert self.process.stdin is not None
        self.process.stdin.write("".join(f"{c}\n" for c in commands))
        self.process.stdin.flush()

    def ask(self, command: str) -> str:
        self.send(command)
        return self.answer()

    def imported(self, kind: str) -> int:
        """The id of a package of the example ``kind`` this desktop receives."""
        answer = self.ask(f"import {kind}")
        assert answer.startswith("imported "), answer
        return int(answer.split()[1])

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.ask("quit") == "bye"
        self.process.wait(WAIT_S)
