"""Pointing this desktop at the office's database server (the set-up wizard's 办公室数据库服务器
page): the store's URL built from what the officer typed, tried once, and written to
``settings.toml`` without its password (which goes to the credential store: app/server_login.py).
No Qt here: the page is app/gui/applications/server_page.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from db.errors import StoreError
from db.location import settings_file
from db.server_url import with_password

DRIVER = "postgresql+psycopg"  # the `postgres` extra's driver
DEFAULT_PORT = 5432
DEFAULT_DATABASE = "gxapply"
URL_SETTING = "database_url"
_URL_LINE = re.compile(r"^[ \t]*database_url[ \t]*=.*$", re.MULTILINE)


@dataclass(frozen=True)
class ServerPlace:
    host: str
    port: int
    database: str
    user: str

    def missing(self) -> list[str]:
        """The boxes still empty, by their labels."""
        named = {"服务器地址": self.host, "数据库名称": self.database, "用户名": self.user}
        return [label for label, value in named.items() if not value.strip()]

    def url(self) -> str:
        """The store's URL, without a password."""
        host = self.host.strip()
        if ":" in host and not host.startswith("["):  # an IPv6 address
            host = f"[{host}]"
        user = quote(self.user.strip(), safe="")
        database = quote(self.database.strip(), safe="")
        return f"{DRIVER}://{user}@{host}:{self.port}/{database}"


def try_server(place: ServerPlace, password: str) -> str:
    """Open the office's store once as ``place.user`` with ``password``: a sentence saying it
    is ready, or the StoreError saying (in Chinese) why not: cannot connect, wrong password,
    no such database, or a database the administrator has still to upgrade."""
    from db.repository import Store

    missing = place.missing()
    if missing:
        raise StoreError(f"请填写{'、'.join(missing)}后再测试连接")
    store = Store.open(with_password(place.url(), password) if password else place.url())
    try:
        applications = store.list_applications()[1]
    finally:
        store.close()
    return f"连接成功：办公室数据库已就绪，现有 {applications} 份申报。"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_store_url(url: str, path: Path | None = None) -> Path:
    """Make ``url`` (no password in it) the store of this desktop in settings.toml, every other
    setting kept as it was; the file written whole or not at all."""
    path = path or settings_file()
    line = f"{URL_SETTING} = {_toml_string(url)}"
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if _URL_LINE.search(text):
            text = _URL_LINE.sub(lambda _m: line, text, count=1)
        else:  # a top-level key goes before any [table]
            text = f"{line}\n{text}"
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".toml.part")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(
            f"无法写入设置文件 {path}，请检查该文件夹的写入权限后重试；本机仍使用原来的数据"
        ) from exc
    return path
