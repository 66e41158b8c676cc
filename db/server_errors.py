"""A database server's failures, said in Chinese: cannot reach it, wrong password, no such
database, connection lost. The driver's text is English (or the server's own language), so each
case is recognised by its words in both and never shown as it is."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from db.errors import (
    ConnectionLost,
    SaveOutcomeUnknown,
    ServerDatabaseMissing,
    ServerLoginRefused,
    ServerUnreachable,
    StoreError,
)

CALL_ADMIN = "请联系本单位的数据库管理员"
ASK_ADMIN = f"如仍无法解决，{CALL_ADMIN}"  # the last resort a message ends with

# libpq's and the server's words for each case, in English and in PostgreSQL's Chinese messages
_LOGIN = (
    "password authentication failed",
    "authentication failed",
    "no password supplied",
    'role "',
    "认证失败",
    "角色",
)
_NO_DATABASE = ("does not exist", "不存在")
_UNREACHABLE = (
    "connection refused",
    "timeout expired",
    "timed out",
    "could not translate host name",
    "failed to resolve host",
    "name or service not known",
    "no route to host",
    "network is unreachable",
    "could not connect",
    "connection to server",
)
_LOST = (
    "server closed the connection",
    "terminating connection",
    "connection already closed",
    "the connection is closed",
    "consuming input failed",
    "sending query failed",
    "ssl syscall error",
    "connection reset",
    "broken pipe",
    "eof detected",
    "the connection is lost",
)


def _text(exc: BaseException) -> str:
    original = getattr(exc, "orig", None)
    return str(original if original is not None else exc).lower()


def server_error(exc: BaseException, database: str, *, reading: bool = False) -> StoreError | None:
    """What a failure to connect to or talk with the server means, or None when it is not one
    of those (a SQLite error, a constraint: the caller says those). ``reading``: the failure
    came while reading, so no save is in question."""
    text = _text(exc)
    if ('database "' in text or '数据库 "' in text) and any(w in text for w in _NO_DATABASE):
        return ServerDatabaseMissing(
            f"数据库服务器上没有名为“{database}”的数据库。请检查设置中的数据库名称，"
            "或请管理员在服务器上建立该数据库后重新启动程序"
        )
    if any(w in text for w in _LOGIN):
        return ServerLoginRefused(
            "数据库服务器拒绝登录：用户名或密码不正确（或该用户已被停用）。"
            "请确认密码后重试；如密码已更改，请向管理员索取新密码。" + ASK_ADMIN
        )
    said_lost = any(w in text for w in _LOST)
    if not said_lost and any(w in text for w in _UNREACHABLE):
        return ServerUnreachable(
            "无法连接数据库服务器：服务器未开启、地址不对，或网络不通。"
            "请检查本机网络连接，确认服务器已开启后重试。" + ASK_ADMIN
        )
    if not said_lost and not (isinstance(exc, DBAPIError) and exc.connection_invalidated):
        return None
    if reading:
        return ConnectionLost(
            "与数据库服务器的连接已断开，未能读取数据。请检查网络连接后重试。" + ASK_ADMIN
        )
    return ConnectionLost(
        "与数据库服务器的连接已断开，本次操作未完成，未保存任何更改。"
        "请检查网络连接后重试；已填写的内容仍在窗口中。" + ASK_ADMIN
    )


def outcome_unknown() -> SaveOutcomeUnknown:
    return SaveOutcomeUnknown(
        "保存时与数据库服务器的连接已断开，无法确定这次保存是否已完成。"
        "请在网络恢复后重新打开该申报（或刷新列表）查看：如已是刚才的内容，说明已保存；"
        "如不是，已填写的内容仍在窗口中，请再保存一次。" + ASK_ADMIN
    )
