"""The one error a package reader or importer raises: a Chinese message and a stable code."""

from __future__ import annotations

from forms.core.errors import UserError


class PackageError(UserError):
    """A package that is refused. ``code`` names the reason for programs (and tests);
    the message says, in Chinese, what is wrong, where, and what to do."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)  # ``message`` (UserError) is this sentence
