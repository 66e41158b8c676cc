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
# The setting's value as a one-line TOML string; what follows it on its line (a comment) stays.
_URL_VALUE = re.compile(
    r"""^[ \t]*database_url[ \t]*=[ \t]*(?P<value>"(?:[^"\\\n]|\\.)*"|'[^'\n]*')""",
    re.MULTILINE,
)


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


def with_store_url(text: str, url: str) -> str | None:
    """settings.toml's ``text`` with ``url`` as the store's URL, everything else (a comment after
    the old value too) as it was; None when the file is not TOML, or names its store in a form
    this does not rewrite: the result would not read back as ``url``."""
    import tomllib

    old = _URL_VALUE.search(text)
    if old is not None:
        rewritten = text[: old.start("value")] + _toml_string(url) + text[old.end("value") :]
    else:  # a top-level key goes before any [table]
        rewritten = f"{URL_SETTING} = {_toml_string(url)}\n{text}"
    try:
        read_back = tomllib.loads(rewritten).get(URL_SETTING)
    except tomllib.TOMLDecodeError:
        return None
    return rewritten if read_back == url else None


def replace_settings(path: Path, text: str) -> None:
    """Write a settings file (settings.toml, desktop.json) whole or not at all (an OSError
    says why not)."""
    temporary = path.with_name(path.name + ".part")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def write_store_url(url: str, path: Path | None = None) -> Path:
    """Make ``url`` (no password in it) the store of this desktop in settings.toml, every other
    setting kept as it was; the file written whole or not at all."""
    path = path or settings_file()
    unchanged = "；本机仍使用原来的数据"
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(
            f"无法读取设置文件 {path}，请检查该文件的读取权限，或删除该文件后重试{unchanged}"
        ) from exc
    rewritten = with_store_url(text, url)
    if rewritten is None:
        raise StoreError(
            f"设置文件 {path} 的写法无法自动修改（其中的数据库地址不是一行普通文字，或文件有误）："
            f"请修正或删除该文件后重试{unchanged}"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_settings(path, rewritten)
    except OSError as exc:
        raise StoreError(
            f"无法写入设置文件 {path}，请检查该文件夹的写入权限后重试{unchanged}"
        ) from exc
    return path
