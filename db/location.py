"""Where the store and the settings live. Light on purpose: the desktop app reads this before
it has imported SQLAlchemy, so that its window can show at once."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

from db.errors import StoreError

APP_NAME = "gxapply"
DEFAULT_FILE_NAME = "gxapply.sqlite3"  # the store's file in the data folder
ENV_URL = "GXAPPLY_DATABASE_URL"
ENV_HOME = "GXAPPLY_HOME"  # one folder for data and settings; tests and portable installs use it


def data_dir() -> Path:
    home = os.environ.get(ENV_HOME)
    return Path(home) if home else Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    home = os.environ.get(ENV_HOME)
    return Path(home) if home else Path(user_config_dir(APP_NAME, appauthor=False))


def settings_file() -> Path:
    return config_dir() / "settings.toml"


def read_settings() -> dict[str, Any]:
    path = settings_file()
    if not path.exists():
        return {}
    import tomllib  # only when there are settings to read: a few ms of every start

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(f"设置文件 {path} 无法读取（{exc}），请修正或删除该文件后重试") from exc


def database_url(explicit: str | None = None) -> str:
    """The store's URL: argument, then GXAPPLY_DATABASE_URL, then settings, then the default."""
    url = explicit or os.environ.get(ENV_URL) or read_settings().get("database_url")
    if url:
        return str(url)
    return f"sqlite:///{data_dir() / DEFAULT_FILE_NAME}"
