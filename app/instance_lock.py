"""The lock a copy of the program holds while it has a store open, so that a second copy (or a
script restoring a backup) does not write under it. QtCore only: the command line takes it too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from db.location import data_dir
from forms.core.errors import UserError


def lock_path(url: str) -> Path:
    """Beside a SQLite file (so copies on other accounts see it too), else in the data folder.

    A store on a database server is locked by its server, port, database and user (never its
    password: a changed password keeps the same lock). That lock is this desktop's only: it
    keeps a second window here off the store, but cannot stop another officer's desktop."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and ":memory:" not in url and "?" not in url:
        database = Path(url[len(prefix) :])
        return database.with_name(database.name + ".lock")
    from app.recovery import store_key

    return data_dir() / "locks" / f"{store_key(url)}.lock"


class LockUnavailable(UserError):
    """The lock file cannot be created at all (no permission, read-only folder)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        super().__init__(
            f"无法在文件夹 {folder} 中建立锁文件：没有写入权限或该文件夹为只读。"
            "请检查文件夹权限，或选择一个可写的数据位置；未做任何更改"
        )


def acquire_instance_lock(url: str) -> QLockFile | None:
    """The lock held while this copy uses the store; None if another live copy holds it."""
    path = lock_path(url)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LockUnavailable(path.parent) from exc
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # a lock is stale only when its process is gone, never by age
    if lock.tryLock(200):
        return lock
    if lock.error() is not QLockFile.LockError.LockFailedError:
        raise LockUnavailable(path.parent)
    return None
