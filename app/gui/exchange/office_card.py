"""园区名片 in the GUI: the office exports its card; the enterprise imports one (checking the
fingerprint by phone) and sees the offices it has pinned per 高新区 (db/offices.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.files import write_file
from app.gui.exchange.accept_key import AcceptKeyDialog
from app.gui.widgets import plain
from app.gui.widgets.dialog_buttons import guarded_buttons
from app.gui.widgets.errors import shows_errors
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.save_dialogs import ask_save_path
from app.gui.widgets.window_geometry import place_window
from app.settings import last_folder, remember_folder
from db.exchange import Exchange
from db.offices import CardPreview, Offices
from db.repository import SYSTEM_ACTOR, Store
from db.trust import KeyAcceptance, KeyStatus, signer_info
from forms.core.errors import os_error_text
from forms.core.zones import zone_name
from forms.exchange.errors import PackageError
from forms.exchange.office_card import CARD_SUFFIX, MAX_CARD_BYTES

CARD_FOLDER_KEY = "office_card_folder"
CARD_FILTER = f"园区名片 (*{CARD_SUFFIX});;所有文件 (*)"
PHONE_ADVICE = (
    "请用您已知的电话号码（不要用名片或邮件里附带的号码）联系该园区，"
    "请对方在其软件“帮助 → 本机密钥指纹”中查看指纹并念给您听，与下面的指纹逐位核对。"
)


def _plain_label(text: str, parent: QWidget) -> QLabel:
    label = PlainLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names come from another copy
    label.setWordWrap(True)
    return label


# --- park office -----------------------------------------------------------------------------------


def export_office_card(parent: QWidget, store: Store) -> Path | None:
    """导出本园区名片: save the signed card where the user picks; the path, or None."""
    with shows_errors(parent, "导出园区名片") as refused:
        content, name = Offices(store).export_card()
    if refused:
        return None
    path = ask_save_path(
        parent,
        "导出园区名片",
        name,
        CARD_FILTER,
        store=store,
        folder_key=CARD_FOLDER_KEY,
        suffix=CARD_SUFFIX,
    )
    if path is None:
        return None
    with shows_errors(parent, "导出园区名片") as refused:
        write_file(path, content)
    if refused:
        return None
    remember_folder(store, CARD_FOLDER_KEY, path.parent)
    plain.information(
        parent,
        "已导出园区名片",
        f"已保存：{path}\n\n请把名片交给本园区的申报单位。申报单位导入名片时，"
        f"会打电话核对本机密钥指纹：{Exchange(store).fingerprint}",
    )
    return path


# --- enterprise --------------------------------------------------------------------------------------


class CardDialog(QDialog):
    """First contact: the card's office and fingerprint, recorded once checked by phone."""

    def __init__(self, preview: CardPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入园区名片")
        place_window(self, "office_card")
        self.setMinimumWidth(520)
        office = preview.card.office
        details = _plain_label(preview.describe(), self)
        fingerprint = _plain_label(office.fingerprint, self)
        fingerprint.setStyleSheet("font-weight: bold; font-size: 15px;")
        self.checked = QCheckBox("我已电话核对，指纹一致", self)
        buttons, self.record = guarded_buttons(self, "记录此园区")
        self.checked.toggled.connect(self.record.setEnabled)
        layout = QVBoxLayout(self)
        for widget in (
            details,
            _plain_label(PHONE_ADVICE, self),
            fingerprint,
            _plain_label(
                "记录后，该高新区的审核决定只接受这个园区、这把密钥签署的；"
                "其他单位冒充该园区发来的决定会被拒收。",
                self,
            ),
            self.checked,
            buttons,
        ):
            layout.addWidget(widget)

    def accept(self) -> None:
        if self.checked.isChecked():
            super().accept()


def import_office_card(
    parent: QWidget, store: Store, path: Path | None = None, *, actor: str = SYSTEM_ACTOR
) -> KeyStatus | None:
    """导入园区名片: check a card, confirm its fingerprint by phone, pin its office for its zone.
    The pin's status, or None if nothing was recorded."""
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent, "选择园区名片", str(last_folder(store, CARD_FOLDER_KEY)), CARD_FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
    offices = Offices(store)
    with shows_errors(parent, "导入园区名片", "{}\n\n未做任何更改。") as refused:
        try:
            if path.stat().st_size > MAX_CARD_BYTES:
                raise PackageError("file_too_large", f"{path.name} 过大，不是本软件导出的园区名片")
            data = path.read_bytes()
        except OSError as exc:
            raise PackageError("unreadable", f"无法打开 {path.name}：{os_error_text(exc)}") from exc
        preview = offices.preview_card(data, path.name)
    if refused:
        return None
    remember_folder(store, CARD_FOLDER_KEY, path.parent)
    office = preview.card.office
    accept = None
    if preview.status is KeyStatus.KNOWN:
        plain.information(
            parent, "导入园区名片", f"本机已记录此园区，无需更改。\n\n{preview.describe()}"
        )
        return KeyStatus.KNOWN
    if preview.status is KeyStatus.CHANGED:
        signer = signer_info(office, KeyStatus.CHANGED)
        dialog = AcceptKeyDialog(signer, preview.pinned_fingerprint, 1, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.confirmed:
            return None
        accept = KeyAcceptance.of(signer)
    elif CardDialog(preview, parent).exec() != QDialog.DialogCode.Accepted:
        return None
    with shows_errors(parent, "导入园区名片", "{}\n\n未做任何更改。") as refused:
        status = offices.import_card(data, path.name, actor=actor, accept_key=accept)
    if refused:
        return None
    plain.information(
        parent,
        "导入园区名片",
        f"已记录：高新区“{zone_name(preview.card.zone)}”的审核决定只接受“{office.name}”"
        f"（指纹 {office.fingerprint}）签署的。",
    )
    return status


class PinnedOfficesDialog(QDialog):
    """已记录的园区: the office this copy expects for each 高新区, and where that came from."""

    HEADERS = ("高新区", "园区", "统一社会信用代码", "密钥指纹", "来源", "记录时间")

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("已记录的园区")
        self.setMinimumSize(860, 320)
        pins = Offices(store).pinned()
        self.table = QTableWidget(len(pins), len(self.HEADERS), self)
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for row, pin in enumerate(pins):
            cells = (
                zone_name(pin.zone),
                pin.name,
                pin.uscc,
                pin.fingerprint,
                pin.source.label,
                f"{pin.first_seen:%Y-%m-%d %H:%M}",
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))  # items are plain text
        self.table.resizeColumnsToContents()
        hint = _plain_label(
            "每个高新区的审核决定，只接受这里记录的园区签署的。"
            "还没有记录的高新区，收到的第一份审核决定会记录其园区；"
            "建议先导入园区名片（文件 → 导入园区名片），并电话核对指纹。"
            if pins
            else "尚未记录任何园区。请向园区索取园区名片（.gxcard），用“文件 → 导入园区名片”导入，"
            "并电话核对指纹；没有名片时，收到的第一份审核决定会记录其园区。",
            self,
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        # Wide enough for every column, as far as the screen allows (1366 px, or 150% scaling).
        wanted = self.table.horizontalHeader().length() + 40
        place_window(self, "pinned_offices", (max(self.minimumWidth(), wanted), 360), store=store)
