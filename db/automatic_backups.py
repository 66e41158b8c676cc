"""Automatic backups: one a day while the program runs, kept by rotation (the newest of each of
the last days, weeks and months) in the ``backups/`` folder beside the store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from db.backup import (
    BACKUP_SUFFIX,
    STAMP,
    BackupInfo,
    automatic_folder,
    make_backup,
    never,
    stamp,
)
from db.repository import Store

AUTOMATIC_PREFIX = "自动备份-"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
AUTOMATIC_EVERY = timedelta(days=1)


def automatic_backups(folder: Path) -> list[tuple[datetime, Path]]:
    """The automatic backups in ``folder``, newest first, by the time in their names."""
    found = []
    if folder.is_dir():
        for path in folder.glob(f"{AUTOMATIC_PREFIX}*{BACKUP_SUFFIX}"):
            named = path.name.removeprefix(AUTOMATIC_PREFIX).removesuffix(BACKUP_SUFFIX)
            try:
                found.append((datetime.strptime(named, STAMP), path))
            except ValueError:
                continue
    return sorted(found, reverse=True)


def automatic_backup_due(folder: Path, now: datetime | None = None) -> bool:
    backups = automatic_backups(folder)
    return not backups or (now or datetime.now()) - backups[0][0] >= AUTOMATIC_EVERY


def to_keep(backups: list[tuple[datetime, Path]]) -> set[Path]:
    """Which automatic backups rotation keeps: the newest of each of the last 7 days, of the
    last 4 weeks and of the last 12 months (like Anki's and many a tax client's)."""
    keep: set[Path] = set()
    for period, count in (
        (lambda t: t.date(), KEEP_DAILY),
        (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
        (lambda t: (t.year, t.month), KEEP_MONTHLY),
    ):
        seen: list[Any] = []
        for moment, path in backups:  # newest first: the first of each period is its newest
            key = period(moment)
            if key not in seen:
                seen.append(key)
                if len(seen) > count:
                    break
                keep.add(path)
    return keep


def automatic_backup(
    store: Store,
    *,
    now: datetime | None = None,
    force: bool = False,
    cancelled: Callable[[], bool] = never,
) -> BackupInfo | None:
    """Take an automatic backup if one is due (or ``force``), then rotate; None if not due.

    None too for a store on the office's server: the administrator backs it up on the server,
    and a desktop that tried would only report a failure every day."""
    if store.engine.dialect.name != "sqlite":
        return None
    folder = automatic_folder(store)
    if not force and not automatic_backup_due(folder, now):
        return None
    info = make_backup(
        store, folder / f"{AUTOMATIC_PREFIX}{stamp(now)}{BACKUP_SUFFIX}", cancelled=cancelled
    )
    backups = automatic_backups(folder)
    keep = to_keep(backups)
    for _moment, path in backups:
        if path not in keep:
            path.unlink(missing_ok=True)
    return info


__all__ = ["automatic_folder"]  # known here too: where these backups are
