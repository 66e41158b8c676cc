"""The one root of every error a user is shown: its message, in Chinese, says what is wrong,
where, and how to fix it. Catching ``UserError`` is how the desktop app and the command line tell
a refusal the user can act on from a bug (anything else), which they report as a bug.

Light on purpose (no imports): the store's location module and the command line load it early.
"""

from __future__ import annotations

import errno
import logging


class UserError(Exception):
    """An error shown to the user as it is. ``message`` is its Chinese sentence (what is wrong,
    where, how to fix it); a subclass that builds its sentence from parts overrides ``__str__``
    or passes the sentence to ``__init__``."""

    @property
    def message(self) -> str:
        return str(self)


def os_error_text(exc: OSError) -> str:
    """An operating-system error in Chinese (the system's own text is often English)."""
    if isinstance(exc, FileNotFoundError):
        return "文件不存在，请检查路径"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹，请选择文件"
    if isinstance(exc, PermissionError):
        return "没有读取或写入权限"
    if exc.errno == errno.ENOSPC:
        return "磁盘空间不足"
    return f"系统错误（错误码 {exc.errno}）"


def explain(exc: BaseException) -> str:
    """What to tell the user about ``exc``: a UserError's own message; for anything else (a bug)
    a plain sentence, the error itself going to the error log."""
    if isinstance(exc, UserError):
        return exc.message
    logging.getLogger("gxapply").error("unexpected error", exc_info=exc)
    return f"程序内部错误 {exc.__class__.__name__}，已记入错误日志"
