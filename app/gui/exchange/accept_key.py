"""核对指纹后接受新密钥: the user types the fingerprint the sender read out on the phone.

Accepting a changed key is the one step that lets a package in against the trust record, so the
dialog shows both fingerprints and accepts only when what was typed is the new key's fingerprint
(spaces, dashes and case aside), the same comparison db/trust.accepts makes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.gui.widgets.dialog_buttons import guarded_buttons
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.window_geometry import place_window
from db.trust import SignerInfo
from db.trust import plain_fingerprint as _plain
from forms.core.zones import zone_name


class AcceptKeyDialog(QDialog):
    """Confirm ``signer``'s new key; ``files`` is how many refused files it would let in."""

    def __init__(
        self, signer: SignerInfo, old_fingerprint: str, files: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.signer = signer
        self.setWindowTitle("核对指纹后接受新密钥")
        place_window(self, "accept_key")
        self.setMinimumWidth(520)
        zone = f"，高新区“{zone_name(signer.zone)}”" if signer.zone else ""
        warning = PlainLabel(
            f"“{signer.name}”（{signer.uscc}{zone}）的签名密钥与本机记录的不同。"
            "这可能是对方重装了软件，也可能是他人冒充。\n"
            "请用您已知的电话号码（不要用文件或邮件里附带的号码）联系对方，"
            "请对方在其软件中查看本机密钥指纹并念给您听。\n"
            f"接受后，只对该单位（{signer.uscc}）的文件生效。",
            self,
        )
        warning.setTextFormat(Qt.TextFormat.PlainText)
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #b45309;")
        old = PlainLabel(old_fingerprint or "（未知）", self)
        new = PlainLabel(signer.fingerprint, self)
        new.setStyleSheet("font-weight: bold;")
        self.entry = QLineEdit(self)
        self.entry.setPlaceholderText("例如 3F2A-91BC-0D44-7E18")
        self.entry.textChanged.connect(self._check)
        self.hint = PlainLabel("", self)
        self.hint.setWordWrap(True)

        form = QFormLayout()
        form.addRow("本机记录的原指纹：", old)
        form.addRow("此文件的新指纹：", new)
        form.addRow("对方念出的指纹：", self.entry)

        buttons, self.accept_button = guarded_buttons(
            self, f"接受新密钥并重新导入（{files} 个文件）"
        )

        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)

    @property
    def confirmed(self) -> bool:
        return _plain(self.entry.text()) == _plain(self.signer.fingerprint)

    def _check(self) -> None:
        typed = _plain(self.entry.text())
        self.accept_button.setEnabled(self.confirmed)
        if not typed:
            self.hint.setText("")
        elif self.confirmed:
            self.hint.setText("指纹一致。接受后，今后该单位的文件按新密钥核验。")
        elif len(typed) >= len(_plain(self.signer.fingerprint)):
            self.hint.setText("与此文件的指纹不一致：不要接受，文件可能不是对方发出的。")
        else:
            self.hint.setText("")

    def accept(self) -> None:
        if self.confirmed:  # Enter in the entry must not get past the check
            super().accept()
