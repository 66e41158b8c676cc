"""Unsaved edits kept on disk between keystrokes and saves, so a crash loses nothing.

One small JSON file per open application, written atomically on every pause in typing and
removed once the edit is saved (or deliberately discarded). At start-up, files still present are
the drafts a crash interrupted, and the app offers them back.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class RecoveredDraft:
    application_id: int
    revision: int
    title: str
    data: dict[str, Any]
    written_at: datetime


def store_key(url: str) -> str:
    """A short, file-name-safe name for one store, so two stores' drafts never mix.

    A store on a server is named by its server, port, database and user, never its password:
    a changed password keeps the same drafts (and the same instance lock)."""
    from db.server_url import is_server, server_key

    name = server_key(url) if is_server(url) else url
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


class RecoveryJournal:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, application_id: int) -> Path:
        return self.folder / f"application-{application_id}.json"

    def write(self, application_id: int, revision: int, title: str, data: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(application_id)
        temporary = path.with_suffix(".part")
        payload = {
            "application_id": application_id,
            "revision": revision,
            "title": title,
            "written_at": datetime.now().isoformat(timespec="seconds"),
            "data": data,
        }
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)

    def discard(self, application_id: int) -> None:
        self._path(application_id).unlink(missing_ok=True)

    def read(self, application_id: int) -> RecoveredDraft | None:
        return self._load(self._path(application_id))

    def pending(self) -> list[RecoveredDraft]:
        if not self.folder.is_dir():
            return []
        drafts = [self._load(p) for p in sorted(self.folder.glob("application-*.json"))]
        return [d for d in drafts if d is not None]

    @staticmethod
    def before(draft: RecoveredDraft, moment: str | None) -> bool:
        """Whether ``draft`` was written no later than ``moment`` (an ISO time, e.g. when a
        backup was restored over the data it was typed into)."""
        if not moment:
            return False
        try:
            return draft.written_at <= datetime.fromisoformat(moment)
        except ValueError:
            return False

    @staticmethod
    def _load(path: Path) -> RecoveredDraft | None:
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            return RecoveredDraft(
                application_id=int(payload["application_id"]),
                revision=int(payload["revision"]),
                title=str(payload.get("title", "")),
                data=dict(payload["data"]),
                written_at=datetime.fromisoformat(payload["written_at"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a half-written or foreign file is not a draft
