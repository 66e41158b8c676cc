"""Several officers' desktops at once on one store, each its own process
(tests/helpers/desktop_worker.py), made to overlap: every desktop's transaction is held just
before its COMMIT until each of the others is there too, or waits on a lock, or has finished;
then all go on. Without the store's locks both sides of a race read the same state and both
commit; with them, the second waits and then sees the first's work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_S = 90


@dataclass
class Desktop:
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return "ready" in self.lines

    @property
    def started(self) -> bool:
        return "started" in self.lines

    @property
    def finished(self) -> bool:
        return self.process.poll() is not None

    def result(self) -> dict[str, Any]:
        for line in self.lines:
            if line.startswith("result "):
                return json.loads(line.removeprefix("result "))
        raise AssertionError(f"the desktop said no result: {self.lines}")


def _waiting_on_locks(url: str) -> int:
    """How many connections to the server database ``url`` wait on a lock."""
    from tests.helpers.server import admin_statement

    parsed = make_url(url)
    server = parsed.set(database="postgres").render_as_string(hide_password=False)
    rows = admin_statement(
        server,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
        parsed.database,
    )
    return int(rows[0][0])


def race(url: str, *work: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Run each (scenario, arguments) on its own desktop against ``url`` at once; what each saw."""
    changed = threading.Condition()
    desktops: list[Desktop] = []
    for scenario, args in work:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.desktop_worker", scenario, url, json.dumps(args)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        desktops.append(Desktop(process))

    def read(desktop: Desktop) -> None:
        assert desktop.process.stdout is not None
        for line in desktop.process.stdout:
            with changed:
                desktop.lines.append(line.strip())
                changed.notify_all()
        with changed:
            changed.notify_all()

    readers = [threading.Thread(target=read, args=(d,), daemon=True) for d in desktops]
    for reader in readers:
        reader.start()
    server = not url.startswith("sqlite")

    def overlapping() -> bool:
        held = sum(d.ready for d in desktops)
        done = sum(d.finished for d in desktops)
        if not held:
            return False
        if not server:  # SQLite: its writers queue at BEGIN IMMEDIATE; all have started
            return all(d.started or d.finished for d in desktops)
        return held + done + _waiting_on_locks(url) >= len(desktops)

    deadline = time.monotonic() + DEADLINE_S
    overlapped = False
    try:
        with changed:
            # woken by each line a desktop prints; a lock wait prints nothing, so look again
            # now and then
            while not overlapping():
                if all(d.finished for d in desktops) or time.monotonic() > deadline:
                    break
                changed.wait(timeout=0.1)
            overlapped = overlapping()
        for desktop in desktops:
            assert desktop.process.stdin is not None
            with suppress(BrokenPipeError, OSError):
                desktop.process.stdin.write("go\n")
                desktop.process.stdin.flush()
        for desktop in desktops:
            desktop.process.wait(timeout=DEADLINE_S)
        for reader in readers:
            reader.join(timeout=DEADLINE_S)
    finally:
        for desktop in desktops:
            if desktop.process.poll() is None:
                desktop.process.kill()
                desktop.process.wait()
    results = []
    for desktop in desktops:
        assert desktop.process.stderr is not None
        errors = desktop.process.stderr.read()
        assert desktop.process.returncode == 0, errors
        results.append(desktop.result())
    assert overlapped, [d.lines for d in desktops]  # else the race did not happen
    return results
