"""The one error a package reader or importer raises: a Chinese message and a stable code."""

from __future__ import annotations


class PackageError(Exception):
    """A package that is refused. ``code`` names the reason for programs (and tests);
    the message says, in Chinese, what is wrong, where, and what to do."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)
