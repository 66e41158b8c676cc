"""A backup or a restore in its own process, that stops mid-way until it is killed
(tests/unit/db/test_backup_kill.py): its progress callback says so on stdout and waits on stdin."""

from __future__ import annotations

import sys
from pathlib import Path

from db.backup import make_backup, restore_backup
from db.repository import Store


def hold(done: int, total: int) -> None:
    if 0 < done < total or total == done:
        print(f"at {done}/{total}", flush=True)
        sys.stdin.readline()  # the parent kills this process here


def main(action: str, url: str, file: str) -> None:
    store = Store.open(url)
    if action == "backup":
        make_backup(store, Path(file), progress=hold)
    else:
        restore_backup(store, Path(file), progress=hold)
    print("finished", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
