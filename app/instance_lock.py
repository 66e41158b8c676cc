"""The lock a copy of the program holds while it has a store open, so that a second copy (or a
script restoring a backup) does not write under it. QtCore only: the command line takes it too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from db.location import data_dir


def lock_path(url: str) -> Path:
    """Beside a SQLite file (so copies on other accounts see it too), else in the data folder."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and ":memory:" not in url and "?" not in url:
        database = Path(url[len(prefix) :])
        return database.with_name(database.name + ".lock")
    from app.recovery import store_key

    return data_dir() / "locks" / f"{store_key(url)}.lock"


class LockUnavailable(Exception):
    """The lock file cannot be created at all (no permission, read-only folder)."""


def acquire_instance_lock(url: str) -> QLockFile | None:
    """The lock held while this copy uses the store; None if another live copy holds it."""
    path = lock_path(url)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LockUnavailable(str(path.parent)) from exc
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # a lock is stale only when its process is gone, never by age
    if lock.tryLock(200):
        return lock
    if lock.error() is not QLockFile.LockError.LockFailedError:
        raise LockUnavailable(str(path.parent))
    return None
