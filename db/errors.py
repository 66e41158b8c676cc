"""The store's refusals, all ``UserError``s: each message is Chinese and says what to do.

Light on purpose (SQLAlchemy is not imported): the desktop app reads ``StoreError`` before the
store has been imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from forms.core.errors import UserError

if TYPE_CHECKING:  # pydantic comes with it: not for the light importers of this module
    from forms.core.issues import FieldIssue

# Where an administrator reads how the office's database server is set up and upgraded (the
# README's section; a message names it so, tests/unit/db/test_guide_sections.py checks it is there)
SERVER_GUIDE = "说明书“多名审核人员共用数据库服务器”一节"


class StoreError(UserError):
    """The store cannot be opened or written; the message is Chinese and says what to do."""


class StoreBusyError(StoreError):
    """Another program (or another task of this one) held the store's write lock for longer than
    the busy timeout; nothing was written, and trying again later may well succeed."""


class ConflictError(StoreError):
    """The row changed (or is no longer in a state that allows the change) since it was read."""


class WriteCollision(ConflictError):
    """Another writer (another officer's desktop, another window) got there first: a unique key
    taken or a row changed meanwhile. Nothing was saved; the same write done again from the
    start (an import from its file) sees the other's work."""


class SettingChanged(ConflictError):
    """A setting the user changed was changed meanwhile on another desktop; nothing was saved."""

    def __init__(self, someone_else: str, label: str) -> None:
        super().__init__(
            f"{someone_else}刚刚更改了“{label}”，您的更改未保存，以免覆盖对方的更改。"
            "请关闭后重新打开程序，查看对方的设置后再决定是否更改"
        )


class NotFound(StoreError):
    """A row asked for is not in the store (deleted meanwhile, or never there)."""


class InputError(UserError):
    """Input refused before anything was written; ``issues`` name each field."""

    def __init__(self, issues: Sequence[FieldIssue]) -> None:
        self.issues = list(issues)
        super().__init__("；".join(i.describe() for i in self.issues))


class ServerUnreachable(StoreError):
    """The database server could not be reached (switched off, wrong address, network down)."""


class ServerLoginRefused(StoreError):
    """The database server refused the user name or password this desktop signed in with."""


class ServerDatabaseMissing(StoreError):
    """The server is up and let us in, but has no database of the configured name."""


class ConnectionLost(StoreError):
    """The connection to the database server broke while reading or before a save was sent:
    nothing was saved, and trying again once the network is back may well succeed."""


class SaveOutcomeUnknown(ConnectionLost):
    """The connection broke while the server was committing a save: whether it was saved cannot
    be known here, so the message says how to find out instead of claiming either."""
