"""What a store file holds, read straight from the file (a backup's copy, before it is a store):
its revision, whose it is, how many applications, and whether its pages are sound."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from db.this_copy import MODE_SETTING, OWN_APPLICANT_SETTING


def store_counts(database: Path) -> dict[str, Any]:
    """What a store file holds, for the manifest: revision, store id, whose it is, counts."""
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:

        def count(table: str) -> int:
            return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        def setting(key: str) -> str:
            row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            return str(row[0]) if row else ""

        own = setting(OWN_APPLICANT_SETTING)
        unit = connection.execute(
            "SELECT name FROM applicants WHERE id = ?", (int(own) if own.isdigit() else -1,)
        ).fetchone()
        return {
            "revision": connection.execute("SELECT version_num FROM alembic_version").fetchone()[0],
            "store_id": setting("store_id"),
            "mode": setting(MODE_SETTING),
            "unit": str(unit[0]) if unit else "",
            "applications": count("applications"),
            "attachments": count("attachments"),
            "decisions": count("review_decisions"),
        }
    finally:
        connection.close()


def integrity_problem(database: Path) -> str:
    """What SQLite's integrity check finds wrong with the file at ``database``; "" if nothing."""
    try:
        connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return str(exc)
    return "" if rows == [("ok",)] else "；".join(str(r[0]) for r in rows[:3])
