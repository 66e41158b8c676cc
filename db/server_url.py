"""A store's address on a database server, taken apart without its password.

Light on purpose (standard library only): the desktop app keys its lock and recovery journal by
the store before SQLAlchemy is imported. The password is never part of a key, a log line or a
message: the same store keeps its lock and journal when its password changes, and what a person
sees of an address never carries it.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit, urlunsplit

DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306, "mssql": 1433}
MASK = "***"
# user:password@ in any URL inside a longer text (a log line, a chained error)
_PASSWORD_IN_TEXT = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s'\"]*):[^@\s'\"]*@")


def is_server(url: str) -> bool:
    """Whether ``url`` names a store on a database server (anything but a SQLite file)."""
    return not url.lower().startswith("sqlite") and "://" in url


def dialect(url: str) -> str:
    """``postgresql`` of ``postgresql+psycopg://…``."""
    return url.split("://", 1)[0].split("+", 1)[0].lower()


def password_of(url: str) -> str | None:
    """The password written in ``url``, if any (None for SQLite and for a URL without one)."""
    if not is_server(url):
        return None
    password = urlsplit(url).password
    return unquote(password) if password is not None else None


def username_of(url: str) -> str:
    if not is_server(url):
        return ""
    return unquote(urlsplit(url).username or "")


def database_of(url: str) -> str:
    """The database's name on its server."""
    return unquote(urlsplit(url).path.lstrip("/")) if is_server(url) else ""


def _netloc(url: str, password: str | None, *, quoted: bool = True) -> str:
    parts = urlsplit(url)
    user = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    login = user
    if password is not None:
        login = f"{user}:{quote(password, safe='') if quoted else password}"
    place = f"{host}:{parts.port}" if parts.port is not None else host
    return f"{login}@{place}" if login else place


def with_password(url: str, password: str) -> str:
    """``url`` with ``password`` (in place of any it had)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=_netloc(url, password)))


def without_password(url: str) -> str:
    """``url`` with no password in it; SQLite URLs come back as they are."""
    if password_of(url) is None:
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=_netloc(url, None)))


def masked(url: str) -> str:
    """``url`` as it may be logged: the password, if any, replaced by ***."""
    if password_of(url) is None:
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=_netloc(url, MASK, quoted=False)))


def mask_passwords(text: str) -> str:
    """Every ``user:password@`` of a URL in ``text`` (a log record, an error) masked."""
    return _PASSWORD_IN_TEXT.sub(lambda m: f"{m.group('head')}:{MASK}@", text)


def server_key(url: str) -> str:
    """The store's identity on its server, the same whatever its password or driver and however
    its host is spelled: ``postgresql://officer@db.office:5432/gxapply``."""
    parts = urlsplit(url)
    kind = dialect(url)
    host = (parts.hostname or "localhost").lower().rstrip(".")
    if host in ("127.0.0.1", "::1"):
        host = "localhost"
    port = parts.port or DEFAULT_PORTS.get(kind, 0)
    user = unquote(parts.username or "")
    return f"{kind}://{quote(user, safe='')}@{host}:{port}/{database_of(url)}"
