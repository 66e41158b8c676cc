"""Why an application cannot be changed here, and what to do instead: a banner above the editor,
and a look for its fields that says "read-only" before anyone tries to type."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from app.gui.widgets.plain import PlainLabel
from db.repository import ApplicationRecord
from forms.core.workflow import Status

# Read-only text boxes look like boxes one may type in: grey them, keep the text legible.
READ_ONLY_STYLE = (
    'QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"], QTextEdit[readOnly="true"]'
    " { background: #f1f1f1; color: #303030; border: 1px solid #d0d0d0; }"
)
BANNER_STYLE = (
    "#readOnlyBanner { background: #eef3fa; border: 1px solid #9db5d6; border-radius: 3px; }"
    " #readOnlyBanner QLabel { color: #1f3b63; }"
)
COPY_HINT = "如需在此基础上再次申报，请在“我的申报”中选中它，用“复制为新申报”。"


def read_only_reason(record: ApplicationRecord, *, store_read_only: bool) -> str:
    """Why ``record`` cannot be changed in this window, and what to do; "" when it can."""
    if record.received:
        return (
            "只读：这份申报是从申报包收到的，本机只能查看、打印和审核，不能修改。"
            "如需更正，请在审核中“退回补正”，由申报单位修改后重新提交。"
        )
    if store_read_only:
        return (
            "只读：数据文件为只读，只能查看、导出和打印。"
            "请将数据文件复制到可写的位置，或取消其只读属性后重新打开程序。"
        )
    if record.editable:
        return ""
    if record.status is Status.SUBMITTED:
        return (
            f"只读：这份申报已提交（第{record.submission_revision}版已导出申报包），正在园区审核，"
            "内容不能再修改。如需更正，请等待园区“退回补正”；所在高新区选错时，"
            "可用工具栏的“撤回并重新报送”。"
        )
    if record.status is Status.RECOMMENDED:
        return f"只读：这份申报已推荐，园区审核已结束，内容不能再修改。{COPY_HINT}"
    return f"只读：“{record.status.label}”状态的申报不能修改。{COPY_HINT}"


class ReadOnlyBanner(QFrame):
    """Above the editor while the application cannot be changed; hidden while it can."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet(BANNER_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.text = PlainLabel(self)
        self.text.setWordWrap(True)
        layout.addWidget(self.text, 1)
        self.hide()

    def show_reason(self, reason: str) -> None:
        self.text.setText(reason)
        self.setVisible(bool(reason))
