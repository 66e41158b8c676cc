"""The one place the desktop app shows an error a user sees: a ``UserError``, in its own words.

A window runs what may be refused inside ``shows_errors`` (a message box) or ``user_errors``
(the caller shows the message where it belongs: under a field, in a banner), then stops if it
was refused::

    with shows_errors(self, "导出审核决定") as refused:
        exported = decisions.decision_package(application_id)
    if refused:
        return

Anything that is not a ``UserError`` is a bug: it is not caught here, and goes on to the crash
handler (app.gui.main.install_crash_handler), which logs it and says "程序出错".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Literal

from PySide6.QtWidgets import QWidget

from app.gui.widgets import plain
from forms.core.errors import UserError

Box = Literal["warning", "critical", "information"]


class Refusal:
    """What a guarded block was refused with; false while (and if) it ran through."""

    def __init__(self) -> None:
        self.error: UserError | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def message(self) -> str:
        """The refusal's Chinese sentence ("" when there was none)."""
        return self.error.message if self.error is not None else ""


@contextmanager
def user_errors(on_refusal: Callable[[UserError], None] | None = None) -> Iterator[Refusal]:
    """Catch a ``UserError`` in the block (and only that) into the ``Refusal`` it yields;
    ``on_refusal`` puts back what the block had changed on screen, before anything is shown."""
    refusal = Refusal()
    try:
        yield refusal
    except UserError as exc:
        refusal.error = exc
        if on_refusal is not None:
            on_refusal(exc)


@contextmanager
def shows_errors(
    parent: QWidget | None,
    title: str,
    template: str = "{}",
    *,
    box: Box = "warning",
    on_refusal: Callable[[UserError], None] | None = None,
) -> Iterator[Refusal]:
    """``user_errors``, the refusal then shown in a message box: ``template`` with the error's
    message in place of ``{}`` (to say what stays as it was, or what to do next)."""
    with user_errors(on_refusal) as refusal:
        yield refusal
    if refusal:
        show_error(parent, title, template.replace("{}", refusal.message), box=box)


def show_error(parent: QWidget | None, title: str, text: str, *, box: Box = "warning") -> None:
    """A message box, looked up when shown (so tests that answer the boxes see it too)."""
    getattr(plain, box)(parent, title, text)
