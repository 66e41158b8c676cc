"""The password of a store on a database server: kept in the system's credential store
(Windows Credential Manager, macOS Keychain, the Secret Service on Linux) through ``keyring``,
never in ``settings.toml``. Where there is no credential store (a bare Linux desktop), the desktop
asks for it at each start and keeps it in memory only. No Qt here: the dialog is in app/gui.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from pathlib import Path

from app.server_setup import URL_SETTING, replace_settings, with_store_url
from db.errors import StoreError
from db.location import database_url, settings_file
from db.server_url import is_server, password_of, server_key, with_password, without_password

SERVICE = "gxapply"  # the credential store's entry: service gxapply, user = the store's key


def _keyring():  # imported only for a server store: a few ms at every start otherwise
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def credential_store_available() -> bool:
    """Whether this desktop has a credential store the password can be kept in."""
    return _keyring() is not None


def saved_password(url: str) -> str | None:
    """The password kept for the store at ``url`` (never ``url``'s own), or None."""
    keyring = _keyring()
    if keyring is None or not is_server(url):
        return None
    try:
        return keyring.get_password(SERVICE, server_key(url))
    except Exception:  # a locked or broken credential store: ask instead
        logging.getLogger(__name__).warning("credential store unreadable", exc_info=True)
        return None


def save_password(url: str, password: str) -> bool:
    """Keep ``password`` for the store at ``url``; False where there is no credential store."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.set_password(SERVICE, server_key(url), password)
    except Exception:
        logging.getLogger(__name__).warning("credential store unwritable", exc_info=True)
        return False
    return True


def forget_password(url: str) -> None:
    """Drop the kept password (it was refused): the next start asks again."""
    keyring = _keyring()
    if keyring is None:
        return
    # nothing kept, or the credential store unreachable: either way nothing to drop
    with suppress(Exception):
        keyring.delete_password(SERVICE, server_key(url))


def move_password_out_of_settings(path: Path | None = None) -> str | None:
    """A password written in settings.toml's ``database_url`` is moved to the credential store
    (or, where there is none, dropped: the desktop asks for it at the next start) and the file
    is rewritten without it, everything else as it was. Returns the URL as it was (password and
    all), for this start: the caller uses its password only for that store."""
    path = path or settings_file()
    if not path.exists():
        return None
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
        url = tomllib.loads(text).get(URL_SETTING)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # reading the settings says what is wrong with the file
    if not isinstance(url, str):
        return None
    password = password_of(url)
    if password is None:
        return None
    rewritten = with_store_url(text, without_password(url))
    if rewritten is None:  # written in a form we do not rewrite: leave it, say so in the log
        logging.getLogger(__name__).warning("settings.toml: database_url not rewritten")
        return url
    try:
        replace_settings(path, rewritten)
    except OSError:  # a read-only settings file: it keeps the password, this start still runs
        logging.getLogger(__name__).warning("settings.toml could not be rewritten", exc_info=True)
        return url
    saved = save_password(url, password)  # only once the file no longer holds it
    logging.getLogger(__name__).info(
        "password moved out of settings.toml (%s)", "credential store" if saved else "dropped"
    )
    return url


def command_line_url(explicit: str | None) -> str | None:
    """The store's URL for a command: a server store with the password kept for it (the command
    line asks no questions: without one, the server's refusal says what to do)."""
    moved = move_password_out_of_settings()
    try:
        url = database_url(explicit)
    except StoreError:  # unreadable settings: a command that opens the store says so
        return explicit
    if not is_server(url) or password_of(url) is not None:
        return explicit
    same = moved is not None and server_key(moved) == server_key(url)
    password = password_of(moved) if moved is not None and same else saved_password(url)
    return with_password(url, password) if password else explicit
