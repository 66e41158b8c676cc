"""撤回并重新报送: confirm, with a reason, taking back a 已提交 application to send it to the
office of the zone now in the profile (db/withdrawal.py does it; the window then exports)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.gui.widgets.dialog_buttons import guarded_buttons
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.window_geometry import place_window, resize_within_screen
from db.withdrawal import MAX_REASON, reason_problem
from forms.core.zones import zone_name_or


class WithdrawDialog(QDialog):
    """Asks whether to withdraw application ``number`` (sent to ``was_to``) and send it to
    ``now_to``; ``reason`` is what the user typed once accepted."""

    def __init__(
        self, number: str, was_to: str | None, now_to: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("撤回并重新报送")
        place_window(self, "withdrawal")
        self.setMinimumWidth(520)
        text = PlainLabel(
            f"撤回申报 {number}，并重新报送？\n\n"
            f"它已报送：{zone_name_or(was_to, '（未写明高新区）')}\n"
            f"将改为报送：{zone_name_or(now_to, '（申报主体尚未选择所在高新区）')}\n\n"
            "撤回后，本机会按“申报主体”中现在的所在高新区，重新导出一个新的申报包（第1版），"
            "请把新文件交给该园区。原园区此后发回的审核决定将不再接收；"
            "如原园区已收到旧申报包，请电话告知其作废。",
            self,
        )
        text.setTextFormat(Qt.TextFormat.PlainText)  # zone names come from profiles and packages
        text.setWordWrap(True)
        self.entry = QLineEdit(self)
        self.entry.setMaxLength(MAX_REASON)
        self.entry.setPlaceholderText("撤回原因（必填），例如：所在高新区选错，应报送柳州高新区")
        self.entry.textChanged.connect(self._check)
        self.problem = PlainLabel(self)
        self.problem.setObjectName("fieldError")
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons, self.confirm = guarded_buttons(self, "撤回并重新报送")
        layout = self.box = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.entry)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        # A wrapped label's height depends on the width: ask for it, or the text is cut off.
        self.setMinimumHeight(layout.totalHeightForWidth(self.minimumWidth()))

    def _fit(self) -> None:
        """Grow to show the problem under the entry, not squeeze the text above it."""
        layout = self.box
        layout.activate()
        needed = layout.totalHeightForWidth(max(self.width(), self.minimumWidth()))
        self.setMinimumHeight(needed)
        if self.height() < needed:
            resize_within_screen(self, self.width(), needed)

    @property
    def reason(self) -> str:
        return self.entry.text().strip()

    def typed_problem(self) -> str | None:
        """A control character in the reason, as withdraw_submission refuses it (one rule)."""
        return reason_problem(self.entry.text())

    def _check(self) -> None:
        problem = self.typed_problem()
        self.problem.setText(problem or "")
        if self.problem.isVisibleTo(self) != (problem is not None):
            self.problem.setVisible(problem is not None)
            self._fit()
        self.confirm.setEnabled(bool(self.reason) and problem is None)

    def accept(self) -> None:
        # Enter in an empty entry, or one holding a control character, must not withdraw
        if self.reason and self.typed_problem() is None:
            super().accept()
