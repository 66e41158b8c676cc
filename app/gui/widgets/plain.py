"""Text from outside shown as text, never as Qt rich text.

QLabel, QMessageBox and tooltips guess: a string that looks like HTML (``王芳<br>指纹一致``,
``<b>✔ 通过并推荐</b>``) is rendered as HTML. Names, titles, reasons and file names come from
packages, decisions and other copies, so every label is a ``PlainLabel``, every message box goes
through the functions here, and a tooltip with outside text is made by ``plain_tooltip``.
"""

from __future__ import annotations

import html
from typing import Any, Protocol

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

Button = QMessageBox.StandardButton


PLAIN_TEXT = 0  # Qt.TextFormat.PlainText, as the property takes it (see PlainLabel)


class PlainLabel(QLabel):
    """A QLabel that shows its text as written, whatever it looks like."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Through the property, not setTextFormat(Qt.TextFormat.PlainText): naming Qt builds
        # PySide's whole Qt namespace, which the main window's first frame does without.
        self.setProperty("textFormat", PLAIN_TEXT)


def plain_tooltip(text: str) -> str:
    """A tooltip showing ``text`` as written (tooltips guess rich text like labels do); text
    with nothing Qt could take for markup is returned as it is."""
    if "<" not in text and "&" not in text:
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def _show(
    icon: QMessageBox.Icon,
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: Button,
    default: Button,
) -> Button:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setProperty("textFormat", PLAIN_TEXT)
    if default != Button.NoButton:
        box.setDefaultButton(default)
    return Button(box.exec())


class _MessageBox(Protocol):
    def __call__(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        buttons: Button = ...,
        default: Button = ...,
    ) -> Button: ...


def _kind(icon: QMessageBox.Icon, usual: Button) -> _MessageBox:
    """QMessageBox's static function of that icon, showing its text as written."""

    def show(
        parent: QWidget | None,
        title: str,
        text: str,
        buttons: Button = usual,
        default: Button = Button.NoButton,
    ) -> Button:
        return _show(icon, parent, title, text, buttons, default)

    return show


information = _kind(QMessageBox.Icon.Information, Button.Ok)
warning = _kind(QMessageBox.Icon.Warning, Button.Ok)
critical = _kind(QMessageBox.Icon.Critical, Button.Ok)
question = _kind(QMessageBox.Icon.Question, Button.Yes | Button.No)
