"""One administrator's ``gxapply db upgrade`` in a process of its own, started together with
others (tests/unit/db/test_schema_admin.py): it says ``ready``, waits for a line on its stdin
(the test's start signal, so all begin at once), then runs the command and prints what it said."""

from __future__ import annotations

import contextlib
import io
import sys

from app.cli import main as gxapply


def main(url: str) -> None:
    print("ready", flush=True)
    sys.stdin.readline()
    said, errors = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(errors):
        code = gxapply(["db", "upgrade", "--url", url])
    print(f"exit {code}: {said.getvalue().strip()} {errors.getvalue().strip()}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
