"""The park office's decision on an application, shown at the enterprise: a banner above the
editor (the texts and the reasons' places come from app/decision_notes.py). Reasons aimed at a
material are listed under the material's name, after those about fields and rules."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.decision_notes import is_applicant_path, material_heading, next_step, reason_text
from app.gui.widgets.plain import PlainLabel, plain_tooltip
from db.repository import ApplicationRecord
from db.review import DecisionRecord
from forms.core.display import one_line
from forms.exchange.review import Outcome, Reason

# text colour, background, border of each outcome
OUTCOME_COLOURS = {
    Outcome.RECOMMEND: ("#1b5e20", "#e8f5e9", "#7cb987"),
    Outcome.RETURN: ("#8a4b08", "#fff7e6", "#e7b46a"),
    Outcome.REJECT: ("#8a1f11", "#fdecea", "#e59a90"),
}
# ("field", "partners.1.uscc"), ("rule", rule id) or ("material", material id)
TARGET_ROLE = Qt.ItemDataRole.UserRole
MAX_VISIBLE_REASONS = 6


class DecisionBanner(QFrame):
    """The latest decision received from the park office, above the editor; hidden without one."""

    field_requested = Signal(str)  # a dotted field path (``partners.1.uscc``, ``applicant.uscc``)
    rule_requested = Signal(str)
    material_requested = Signal(str)  # a material id: its slot on the 附件 tab

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionBanner")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)  # escaped: see show_decision
        self.heading.setWordWrap(True)
        self.comment = PlainLabel(self)
        self.comment.setWordWrap(True)
        self.comment.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice = PlainLabel(self)
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet("font-weight: bold;")
        self.reasons = QListWidget(self)
        self.reasons.setWordWrap(True)
        self.reasons.setToolTip("点击或按回车，转到该栏目、条款或附件中的该项材料")
        self.reasons.itemActivated.connect(self._activated)
        self.reasons.itemClicked.connect(self._activated)
        self.applicant_note = PlainLabel(self)
        self.applicant_note.setWordWrap(True)
        for widget in (self.heading, self.comment, self.advice, self.reasons, self.applicant_note):
            layout.addWidget(widget)
        self.decision: DecisionRecord | None = None
        self.hide()

    def show_decision(self, decision: DecisionRecord | None, record: ApplicationRecord) -> None:
        self.decision = decision
        if decision is None:
            self.hide()
            return
        ink, background, border = OUTCOME_COLOURS[decision.outcome]
        self.setStyleSheet(
            f"QFrame#decisionBanner {{ background: {background}; border: 1px solid {border};"
            " border-radius: 4px; }"
            f" QFrame#decisionBanner QLabel {{ color: {ink}; }}"
            " QFrame#decisionBanner QListWidget { background: white; }"
        )
        # Rich text only for our own bold outcome; the office's and the officer's names are
        # escaped, so a name such as <b>✔ 通过并推荐</b> shows as written.
        office, officer = (
            html.escape(one_line(t)) for t in (decision.office_name, decision.officer_shown)
        )
        self.heading.setText(
            f"<b>园区审核决定：{html.escape(decision.outcome.label)}</b>　"
            f"{office}　审核人 {officer}　{decision.decided_on:%Y-%m-%d}"
            f"　（针对第{decision.revision}版）"
        )
        self.comment.setText(f"意见：{decision.comment}" if decision.comment else "")
        self.comment.setVisible(bool(decision.comment))
        self.advice.setText(next_step(decision, record))
        self._fill_reasons(decision.reasons)
        about_applicant = any(is_applicant_path(r.field_path) for r in decision.reasons)
        self.applicant_note.setText(
            "“申报主体·”开头的意见针对申报主体信息（单位名称、统一社会信用代码等），"
            "不在本表中：请到主窗口的“申报主体”页修改，导出时会带上修改后的信息。"
            if about_applicant
            else ""
        )
        self.applicant_note.setVisible(about_applicant)
        self.show()

    def update_advice(self, record: ApplicationRecord) -> None:
        """What to do next follows the status (marked 待提交, exported again…)."""
        if self.decision is not None:
            self.advice.setText(next_step(self.decision, record))

    def _fill_reasons(self, reasons: tuple[Reason, ...]) -> None:
        self.reasons.clear()
        by_material: dict[str, list[Reason]] = {}
        for reason in reasons:
            if reason.material is not None:
                by_material.setdefault(reason.material, []).append(reason)
                continue
            target = ("rule", reason.rule_id) if reason.rule_id else ("field", reason.field_path)
            self._add_line(reason_text(reason), target)
        for material, aimed in by_material.items():  # each material's name, then its reasons
            heading = self._add_line(material_heading(aimed[0]), ("material", material))
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            for reason in aimed:
                self._add_line(f"　　· {reason.message}", ("material", material))
        self.reasons.setVisible(bool(reasons))
        # as tall as its lines (up to a few, then it scrolls), so the editor below keeps most
        # of the window
        line = self.reasons.fontMetrics().lineSpacing() + 2
        self.reasons.setFixedHeight(min(self.reasons.count(), MAX_VISIBLE_REASONS) * line + 8)

    def _add_line(self, text: str, target: tuple[str, str | None]) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setToolTip(plain_tooltip(text))
        item.setData(TARGET_ROLE, target)
        self.reasons.addItem(item)
        return item

    def _activated(self, item: QListWidgetItem) -> None:
        kind, target = item.data(TARGET_ROLE)
        if kind == "rule":
            self.rule_requested.emit(target)
        elif kind == "material":
            self.material_requested.emit(target)
        else:
            self.field_requested.emit(target)
