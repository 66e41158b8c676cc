"""The park office's decision on an application, shown at the enterprise: a banner above the
editor, and each reason beside the field or rule it is about."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.repository import ApplicationRecord
from db.review import DecisionRecord
from forms.core.issues import Path
from forms.core.workflow import Status
from forms.exchange.review import Outcome, Reason

# text colour, background, border of each outcome
OUTCOME_COLOURS = {
    Outcome.RECOMMEND: ("#1b5e20", "#e8f5e9", "#7cb987"),
    Outcome.RETURN: ("#8a4b08", "#fff7e6", "#e7b46a"),
    Outcome.REJECT: ("#8a1f11", "#fdecea", "#e59a90"),
}
TARGET_ROLE = Qt.ItemDataRole.UserRole  # ("field", "partners.1.uscc") or ("rule", rule id)
APPLICANT_PREFIX = "applicant."
MAX_VISIBLE_REASONS = 6


def remark(decision: DecisionRecord, reason: Reason, where: str = "") -> str:
    """A reason as shown beside its field or rule: whose words, about which revision."""
    return f"园区意见（第{decision.revision}版{where}）：{reason.message}"


def field_remarks(decision: DecisionRecord) -> list[tuple[Path, str]]:
    """Reasons about the form's own fields, as (path, text) for ``FormEditor.show_remarks``.

    A reason about a row's cell names the row and column, since rows may have moved since.
    """
    remarks: list[tuple[Path, str]] = []
    for reason in decision.reasons:
        if reason.field_path is None or reason.field_path.startswith(APPLICANT_PREFIX):
            continue
        where = f"，{reason.label}" if len(reason.path) > 1 and reason.label else ""
        remarks.append((reason.path, remark(decision, reason, where)))
    return remarks


def rule_remarks(decision: DecisionRecord) -> dict[str, tuple[str, list[str]]]:
    """Reasons about rules, by rule id with the rule's label, for ``RulesPanel.show_remarks``."""
    remarks: dict[str, tuple[str, list[str]]] = {}
    for reason in decision.reasons:
        if reason.rule_id is not None:
            remarks.setdefault(reason.rule_id, (reason.label, []))[1].append(
                remark(decision, reason)
            )
    return remarks


def next_step(decision: DecisionRecord, record: ApplicationRecord) -> str:
    """What the clerk does now, given the decision and where the application stands."""
    if decision.outcome is Outcome.RECOMMEND:
        return "园区已通过并推荐，本申报无需再修改。"
    if decision.outcome is Outcome.REJECT:
        return "园区决定不予推荐，本申报到此结束；如有疑问，请联系园区。"
    following = decision.revision + 1
    if record.submission_revision > decision.revision:
        return (
            f"第{record.submission_revision}版已导出提交，正等待园区审核；"
            f"下列为园区对第{decision.revision}版的意见，供核对。"
        )
    if record.status is Status.READY:
        return (
            f"已重新检查并标记为待提交：请“导出申报包”（将作为第{following}版）交给园区。"
            "下列意见供最后核对。"
        )
    return (
        "下一步：按下列意见修改后，再“检查并标记为待提交”，"
        f"然后重新导出申报包（将作为第{following}版）。"
    )


def reason_text(reason: Reason) -> str:
    label = reason.label or reason.field_path or reason.rule_id or ""
    kind = "条款" if reason.rule_id is not None else "栏目"
    return f"〔{kind}〕{label}：{reason.message}"


class DecisionBanner(QFrame):
    """The latest decision received from the park office, above the editor; hidden without one."""

    field_requested = Signal(str)  # a dotted field path (``partners.1.uscc``, ``applicant.uscc``)
    rule_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionBanner")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.comment = QLabel(self)
        self.comment.setWordWrap(True)
        self.comment.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice = QLabel(self)
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet("font-weight: bold;")
        self.reasons = QListWidget(self)
        self.reasons.setWordWrap(True)
        self.reasons.setToolTip("点击或按回车，转到该栏目或条款")
        self.reasons.itemActivated.connect(self._activated)
        self.reasons.itemClicked.connect(self._activated)
        self.applicant_note = QLabel(self)
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
        self.heading.setText(
            f"<b>园区审核决定：{decision.outcome.value}</b>　"
            f"{decision.office_name}　审核人 {decision.officer}　{decision.decided_on:%Y-%m-%d}"
            f"　（针对第{decision.revision}版）"
        )
        self.comment.setText(f"意见：{decision.comment}" if decision.comment else "")
        self.comment.setVisible(bool(decision.comment))
        self.advice.setText(next_step(decision, record))
        self._fill_reasons(decision.reasons)
        about_applicant = [
            r
            for r in decision.reasons
            if r.field_path is not None and r.field_path.startswith(APPLICANT_PREFIX)
        ]
        self.applicant_note.setText(
            "“申报主体·”开头的意见针对申报主体信息（单位名称、统一社会信用代码等），"
            "不在本表中：请到主窗口的“申报主体”页修改，导出时会带上修改后的信息。"
            if about_applicant
            else ""
        )
        self.applicant_note.setVisible(bool(about_applicant))
        self.show()

    def update_advice(self, record: ApplicationRecord) -> None:
        """What to do next follows the status (marked 待提交, exported again…)."""
        if self.decision is not None:
            self.advice.setText(next_step(self.decision, record))

    def _fill_reasons(self, reasons: tuple[Reason, ...]) -> None:
        self.reasons.clear()
        for reason in reasons:
            item = QListWidgetItem(reason_text(reason))
            item.setToolTip(reason_text(reason))
            target = ("rule", reason.rule_id) if reason.rule_id else ("field", reason.field_path)
            item.setData(TARGET_ROLE, target)
            self.reasons.addItem(item)
        self.reasons.setVisible(bool(reasons))
        # as tall as its reasons (up to a few, then it scrolls), so the editor below keeps most
        # of the window
        line = self.reasons.fontMetrics().lineSpacing() + 2
        self.reasons.setFixedHeight(min(len(reasons), MAX_VISIBLE_REASONS) * line + 8)

    def _activated(self, item: QListWidgetItem) -> None:
        kind, target = item.data(TARGET_ROLE)
        if kind == "rule":
            self.rule_requested.emit(target)
        else:
            self.field_requested.emit(target)
