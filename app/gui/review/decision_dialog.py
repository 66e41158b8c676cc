"""作出审核决定: outcome, date, comment and reasons per field, rule or material, recorded for the
officer."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.widgets.errors import user_errors
from app.gui.widgets.plain import PlainLabel, plain_tooltip
from app.gui.widgets.titles import window_title
from app.gui.widgets.window_geometry import place_window
from db.accounts import AccountRecord
from db.errors import InputError
from db.review import DecisionRecord, Review, RevisionRecord
from forms import form_registry, get_form
from forms.core.control_chars import text_problem
from forms.core.validation import ValidationReport
from forms.exchange.review import (
    MAX_MESSAGE,
    Outcome,
    Target,
    comment_problem,
    decision_targets,
    draft_problems,
    message_problem,
)

TARGET_ROLE = Qt.ItemDataRole.UserRole
TARGET_PREFIXES = {"field": "栏目　", "rule": "规则　", "material": "材料　"}


class DecisionDialog(QDialog):
    """Records one decision on the current revision; ``decision`` holds it once accepted."""

    def __init__(
        self,
        review: Review,
        revision: RevisionRecord,
        report: ValidationReport,
        officer: AccountRecord,
        parent: QWidget | None = None,
        *,
        number: str = "",
        target: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.review = review
        self.revision = revision
        self.officer = officer
        self.decision: DecisionRecord | None = None
        self.targets = decision_targets(
            get_form(revision.kind),
            revision.form,
            revision.applicant,
            report,
            applicant_definition=form_registry().profile_definition(revision.applicant),
        )
        self.setWindowTitle(window_title("作出审核决定", f"{number} 第{revision.revision}版"))
        place_window(self, "decision", (760, 640))

        heading = PlainLabel(f"{number}　{revision.title}（第{revision.revision}版）")
        heading.setObjectName("pageTitle")
        heading.setWordWrap(True)

        self.outcomes: dict[Outcome, QRadioButton] = {}
        self.outcome_group = QButtonGroup(self)
        outcome_row = QHBoxLayout()
        for outcome in Outcome:
            button = QRadioButton(outcome.label)
            self.outcomes[outcome] = button
            self.outcome_group.addButton(button)
            outcome_row.addWidget(button)
        outcome_row.addStretch(1)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText("审核意见（不予推荐时必填；通过时可写推荐意见）")
        self.comment.setFixedHeight(80)

        form = QFormLayout()
        form.addRow("审核结论", outcome_row)
        form.addRow("决定日期", self.date_edit)
        form.addRow("审核意见", self.comment)

        self.target_box = QComboBox()
        self.target_box.setEditable(True)  # type to find a field or rule among a hundred
        self.target_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.target_box.setAccessibleName("理由针对的栏目、规则或申报材料")
        for choice in self.targets:
            self.target_box.addItem(TARGET_PREFIXES[choice.kind] + choice.label, choice)
        completer = self.target_box.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.target_box.setMinimumContentsLength(24)
        self.target_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.message_edit = QLineEdit()
        self.message_edit.setPlaceholderText("要求申报单位补正或说明的内容，回车添加")
        self.message_edit.setMaxLength(MAX_MESSAGE)
        self.add_button = QPushButton("添加理由")
        self.remove_button = QPushButton("删除所选理由")
        self.add_button.setAutoDefault(False)
        self.remove_button.setAutoDefault(False)
        adder = QFormLayout()
        adder.addRow("针对", self.target_box)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message_edit, 1)
        message_row.addWidget(self.add_button)
        adder.addRow("意见", message_row)

        self.reasons = QTableWidget(0, 2)
        self.reasons.setHorizontalHeaderLabels(["针对（栏目、规则或材料）", "意见"])
        self.reasons.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.reasons.setWordWrap(True)
        self.reasons.verticalHeader().hide()
        header = self.reasons.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 300)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.banner = PlainLabel()
        self.banner.setObjectName("banner")
        self.banner.setProperty("level", "error")
        self.banner.setWordWrap(True)
        self.banner.hide()
        signer = PlainLabel(f"审核人：{officer.actor}")
        signer.setObjectName("hint")

        # Plain buttons, not a QDialogButtonBox, which makes its accept button the default when
        # shown: Enter adds the reason being typed and must never record the decision by surprise.
        self.record_button = QPushButton("记录审核决定")
        self.cancel_button = QPushButton("取消")
        self.record_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(
            PlainLabel("理由（退回补正须至少一条；每条针对一个栏目、一条规则或一项申报材料）")
        )
        layout.addLayout(adder)
        layout.addWidget(self.reasons, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.banner)
        bottom = QHBoxLayout()
        bottom.addWidget(signer, 1)
        bottom.addWidget(self.record_button)
        bottom.addWidget(self.cancel_button)
        layout.addLayout(bottom)

        self.add_button.clicked.connect(self.add_reason)
        self.message_edit.returnPressed.connect(self.add_reason)
        self.remove_button.clicked.connect(self.remove_selected)
        self.record_button.clicked.connect(self.record)
        self.cancel_button.clicked.connect(self.reject)
        # a control character pasted in is said at once, where it is (as a form's field does)
        self.live_problem = False
        self.comment.textChanged.connect(self.check_typed)
        self.message_edit.textChanged.connect(self.check_typed)
        self.reasons.itemChanged.connect(self.check_typed)

        if target is not None:
            self.outcomes[Outcome.RETURN].setChecked(True)
            self.choose_target(*target)
            self.message_edit.setFocus()

    # --- reasons ----------------------------------------------------------------------------

    def choose_target(self, kind: str, key: str) -> bool:
        for row, target in enumerate(self.targets):
            if target.kind == kind and target.key == key:
                self.target_box.setCurrentIndex(row)
                return True
        return False

    def add_reason(self) -> bool:
        """Add the typed reason to the table; False (and why, in the banner) if it cannot be."""
        message = self.message_edit.text().strip()
        target = self._chosen_target()
        if target is None:
            self.show_problems(
                ["请在左边的列表中选择理由针对的栏目、规则或申报材料（可输入文字查找）"]
            )
            return False
        if not message:
            self.show_problems([f"请写明对“{target.label}”的意见，再添加"])
            self.message_edit.setFocus()
            return False
        if self.typed_message_problem():
            self.check_typed()  # said with whatever else holds one, as while typing
            self.message_edit.setFocus()
            return False
        row = self.reasons.rowCount()
        self.reasons.insertRow(row)
        shown = TARGET_PREFIXES[target.kind] + target.label
        label = QTableWidgetItem(shown)
        label.setData(TARGET_ROLE, target)
        label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
        label.setToolTip(plain_tooltip(shown))
        self.reasons.setItem(row, 0, label)
        self.reasons.setItem(row, 1, QTableWidgetItem(message))
        self.reasons.resizeRowToContents(row)
        self.message_edit.clear()
        self.banner.hide()
        return True

    def typed_message_problem(self) -> str | None:
        """A control character in the reason being typed, if it holds one: the rule of the
        reasons it is added to (message_problem), line breaks and tabs pasted in allowed."""
        return text_problem("意见", self.message_edit.text(), multi_line=True)

    def check_typed(self) -> None:
        """Say at once what in the typed text cannot be recorded: a control character (a NUL
        pasted from another program, which the office's server refuses, or an invisible one)."""
        problems = [
            p
            for p in [
                comment_problem(self.comment.toPlainText()),
                self.typed_message_problem(),
                *(
                    message_problem(number, target.label, typed)
                    for number, (target, typed) in enumerate(self.typed_reasons(), start=1)
                ),
            ]
            if p
        ]
        if problems:
            self.show_problems(problems, "请修改：")
            self.live_problem = True
        elif self.live_problem:
            self.banner.hide()
            self.live_problem = False

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.reasons.selectedIndexes()}, reverse=True):
            self.reasons.removeRow(row)

    def typed_reasons(self) -> list[tuple[Target, str]]:
        """The table's reasons as typed, each with what it is about."""
        typed: list[tuple[Target, str]] = []
        for row in range(self.reasons.rowCount()):
            label, text = self.reasons.item(row, 0), self.reasons.item(row, 1)
            if label is not None:
                typed.append((label.data(TARGET_ROLE), text.text() if text is not None else ""))
        return typed

    # --- recording --------------------------------------------------------------------------

    def chosen_outcome(self) -> Outcome | None:
        return next((o for o, b in self.outcomes.items() if b.isChecked()), None)

    def record(self) -> None:
        """记录审核决定: refused decisions keep everything typed and say why."""
        # A reason typed but not yet added is part of the decision: never recorded without it.
        if self.message_edit.text().strip() and not self.add_reason():
            return
        outcome = self.chosen_outcome()
        typed = self.comment.toPlainText()  # as in the box: a problem's place is the box's
        comment = typed.strip()
        decided_on = self.date_edit.date().toPython()
        assert isinstance(decided_on, date)
        # the decision's own rules (the store applies the same): the dialog only shows them
        reasons, problems = draft_problems(outcome, typed, self.typed_reasons(), decided_on)
        if problems or outcome is None:
            self.show_problems(problems)
            return
        with user_errors() as refused:
            self.decision = self.review.record_decision(
                self.revision.application_id,
                outcome,
                officer=self.officer,
                comment=comment,
                reasons=reasons,
                decided_on=decided_on,
                revision=self.revision.revision,  # refused if a newer one came in meanwhile
            )
        if refused:
            error = refused.error
            issues = error.issues if isinstance(error, InputError) else []  # the dialog's fields
            self.show_problems([i.message for i in issues] or [refused.message])
            return
        self.accept()

    def show_problems(self, problems: list[str], heading: str = "未记录：") -> None:
        self.live_problem = False
        self.banner.setText(heading + "；".join(problems))
        self.banner.show()
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)

    def _chosen_target(self) -> Target | None:
        box, text = self.target_box, self.target_box.currentText()
        index = box.currentIndex()  # the entry picked: labels may repeat (两行同名单元格)
        if index < 0 or box.itemText(index) != text:
            index = box.findText(text)  # else the typed text must name one entry
        if index < 0:
            return None
        target = self.target_box.itemData(index)
        return target if isinstance(target, Target) else None
