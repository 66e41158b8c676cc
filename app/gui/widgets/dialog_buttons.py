"""The buttons of a dialog that does something that cannot be taken back: the action stays
disabled until the dialog says the user has done their part, and 取消 is the default (Enter)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton


def guarded_buttons(dialog: QDialog, action: str) -> tuple[QDialogButtonBox, QPushButton]:
    """A button box with ``action`` (disabled; the caller enables it) and 取消 (the default)."""
    buttons = QDialogButtonBox(dialog)
    confirm = QPushButton(action, dialog)
    confirm.setEnabled(False)
    buttons.addButton(confirm, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    cancel.setDefault(True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, confirm
