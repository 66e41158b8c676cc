"""A store whose officers' accounts were made at revision 0011 (before recovery codes),
then upgraded as an office upgrades it: the accounts have no recovery code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from db.accounts import hash_password
from db.engine import current_revision, make_engine, run_migration
from db.schema_admin import upgrade_store

BEFORE_RECOVERY_CODES = "0011"


def store_made_at_0011(url: str, officers: list[tuple[str, str, str, bool]]) -> str:
    """``url``'s store taken to revision 0011 (from empty, or down from the head a server test
    database is handed at), ``officers`` (登录名, 姓名, 密码, 启用) added as that release did,
    and upgraded to the head; the URL again."""
    engine = make_engine(url)
    try:
        if current_revision(engine) is None:
            run_migration(engine, BEFORE_RECOVERY_CODES)
        else:
            run_migration(engine, BEFORE_RECOVERY_CODES, downgrade=True)
        assert current_revision(engine) == BEFORE_RECOVERY_CODES
        with engine.begin() as connection:
            for username, name, password, active in officers:
                connection.execute(
                    text(
                        "INSERT INTO accounts (username, display_name, password_hash, active,"
                        " created_at) VALUES (:username, :name, :hash, :active, :made)"
                    ),
                    {
                        "username": username,
                        "name": name,
                        "hash": hash_password(password),
                        "active": active,
                        "made": datetime(2026, 3, 2, 8, 30),
                    },
                )
    finally:
        engine.dispose()
    upgrade_store(url)
    return url
