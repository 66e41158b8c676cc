"""The parts of a review window that show what the office knows: rules, checklist, history,
and what a revision changed since the one before."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.editor.rules_panel import COLOURS, WrappingDelegate
from app.gui.widgets.plain import PlainLabel, plain_tooltip
from db.manual_checks import MAX_NOTE, ManualCheck
from db.repository import AuditEntry
from db.review import DecisionRecord
from forms.core.display import format_local_time
from forms.core.field_issues import rule_field
from forms.core.revision_changes import ChangeKind, RevisionChanges
from forms.core.rules import RuleResult, Verdict
from forms.core.validation import ValidationReport, severity_order
from forms.exchange.review import rule_label

RULE_ROLE = Qt.ItemDataRole.UserRole
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
CHANGES_TAB = "与上一版比较"
# How each kind of change is marked: added green, removed red, the rest amber.
CHANGE_COLOURS = {
    ChangeKind.ADDED: "#15803d",
    ChangeKind.REMOVED: "#b91c1c",
}
CHANGE_COLOUR = "#b45309"
REMARK_ACTION = "就此提出补正意见…"


def _wrapping_tree(headers: list[str], stretch: int) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setWordWrap(True)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(False)
    tree.setTextElideMode(Qt.TextElideMode.ElideNone)
    tree.setItemDelegate(WrappingDelegate(tree))
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.sectionResized.connect(lambda *_: tree.doItemsLayout())
    return tree


def _with_note(panel: QWidget, tree: QTreeWidget, *between: QWidget | QLayout) -> QLabel:
    """Lay out ``panel`` as ``tree`` (then ``between``) over a wrapped hint line; the hint, to
    fill in."""
    note = PlainLabel()
    note.setObjectName("hint")
    note.setWordWrap(True)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(tree, 1)
    for part in between:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addWidget(note)
    return note


class RuleTable(QWidget):
    """The office's own run of the rules: 结论, 条款, 要求, 填报值; right-click to object."""

    remark_requested = Signal(str)  # a rule id
    field_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = _wrapping_tree(["结论", "条款", "要求", "填报值"], 2)
        self.tree.setColumnWidth(0, 90)
        self.tree.setColumnWidth(1, 230)
        self.tree.setColumnWidth(3, 150)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemActivated.connect(self._activated)
        self.note = _with_note(self, self.tree)
        self.results: dict[str, RuleResult] = {}

    def show_report(self, report: ValidationReport) -> None:
        self.tree.clear()
        self.results = {r.rule_id: r for r in report.results}
        hidden = 0
        for result in sorted(report.results, key=severity_order):
            if result.verdict is Verdict.NOT_APPLICABLE:
                hidden += 1
                continue
            item = QTreeWidgetItem(
                [result.verdict.value, result.article, result.requirement, result.observed]
            )
            item.setForeground(0, QBrush(QColor(COLOURS[result.verdict])))
            item.setData(0, RULE_ROLE, result.rule_id)
            item.setToolTip(2, plain_tooltip(result.message or result.requirement))
            self.tree.addTopLevelItem(item)
        self.note.setText(
            f"本机按政策参数目录“{report.catalogue_version}”重新检查的结论（不采信申报单位自查）"
            + (f"；另有 {hidden} 条不适用本申请" if hidden else "")
            + "。右键点击一条规则可就此提出补正意见。"
        )

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        result = self.results.get(item.data(0, RULE_ROLE))
        field = rule_field(result) if result is not None else None
        if field is not None:
            self.field_requested.emit(field)

    def _menu(self, point: QPoint) -> None:
        item = self.tree.itemAt(point)  # the point is in the viewport's coordinates
        if item is None:
            return
        self.tree.setCurrentItem(item)
        rule_id = item.data(0, RULE_ROLE)
        menu = QMenu(self)
        menu.addAction(REMARK_ACTION, lambda: self.remark_requested.emit(rule_id))
        menu.exec(self.tree.viewport().mapToGlobal(point))


class ChecklistPanel(QWidget):
    """需人工核实清单: one box per rule the office's run cannot decide; ``toggled`` on a click.

    Under it, the 核实说明 of the chosen rule: typed there, kept as a draft (per revision and rule,
    so choosing another rule or revision loses nothing) until ``note_saved`` is acted on.
    ``refresh_checks`` shows records changed elsewhere (another officer's desktop): a draft is
    kept, and when its rule changed under it the banner says who changed it and to what.
    ``seen`` holds the record on screen of each rule, which a save must still find in the store.
    """

    toggled = Signal(str, bool)  # rule id, ticked
    note_saved = Signal(str, str)  # rule id, the note typed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = _wrapping_tree(["已核实", "条款：要求", "核实人与时间"], 1)
        self.tree.setColumnWidth(0, 80)
        self.tree.setColumnWidth(2, 190)
        self.tree.setMinimumHeight(90)  # two rules or so, whatever the warning above the note
        self.tree.itemChanged.connect(self._changed)
        self.tree.currentItemChanged.connect(lambda *_: self._show_note())
        self.conflict = PlainLabel()
        self.conflict.setObjectName("banner")
        self.conflict.setProperty("level", "error")
        self.conflict.setWordWrap(True)
        self.conflict.hide()
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(MAX_NOTE)
        self.note_edit.setAccessibleName("核实说明")
        self.note_edit.textEdited.connect(self._note_edited)
        self.save_note_button = QPushButton("记录说明")
        self.save_note_button.setAutoDefault(False)
        self.save_note_button.clicked.connect(self._save_note)
        self.note_edit.returnPressed.connect(self._save_note)
        note_row = QHBoxLayout()
        note_row.addWidget(PlainLabel("核实说明"))
        note_row.addWidget(self.note_edit, 1)
        note_row.addWidget(self.save_note_button)
        self.note = _with_note(self, self.tree, self.conflict, note_row)
        self.items: dict[str, QTreeWidgetItem] = {}
        self.labels: dict[str, str] = {}
        self.seen: dict[str, ManualCheck | None] = {}
        self.drafts: dict[tuple[int, str], str] = {}  # (revision, rule id): unsaved note
        self.conflicts: dict[tuple[int, str], str] = {}  # drafts whose rule changed under them
        self.revision = 0
        self.editable = False

    def show_checks(
        self,
        report: ValidationReport,
        checks: Mapping[str, ManualCheck],
        editable: bool,
        note: str,
        revision: int,
    ) -> None:
        chosen = self.current_rule()
        self.revision, self.editable = revision, editable
        self.tree.blockSignals(True)
        self.tree.clear()
        self.items, self.labels, self.seen = {}, {}, {}
        for result in report.results:
            if result.verdict is not Verdict.MANUAL:
                continue
            item = QTreeWidgetItem(["", rule_label(result), ""])
            item.setData(0, RULE_ROLE, result.rule_id)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if editable:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            item.setToolTip(1, plain_tooltip(result.message or result.requirement))
            self.tree.addTopLevelItem(item)
            self.items[result.rule_id] = item
            self.labels[result.rule_id] = rule_label(result)
            self.set_check(result.rule_id, checks.get(result.rule_id))
        self.tree.blockSignals(False)
        if not self.items:
            note = "本版次没有需人工核实的条款。"
        elif editable:
            note += "选中一条后可在“核实说明”中写明核实方式，勾选或点「记录说明」时一并保存。"
        if self._drafts_here() and not editable:
            note += "您未保存的核实说明仍显示在框中（只读），可复制后另作记录。"
        self.note.setText(note)
        first = next(iter(self.items), None)
        current = self.items.get(chosen or "") or (self.items[first] if first else None)
        if current is not None:
            self.tree.setCurrentItem(current)
        self._show_note()
        self._show_conflicts()

    def set_check(self, rule_id: str, check: ManualCheck | None) -> None:
        """Show ``check`` as the rule's record (the one a save must still find in the store)."""
        item = self.items.get(rule_id)
        if item is None:
            return
        self.seen[rule_id] = check
        blocked = self.tree.blockSignals(True)
        done = check is not None and check.done
        item.setCheckState(0, Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
        item.setText(0, "已核实" if done else "未核实")
        who = f"{check.officer}　{format_local_time(check.at)}" if check else ""
        if check is not None and not check.done:
            who = f"{who}（已取消）"
        item.setText(2, who + (f"\n{check.note}" if check and check.note else ""))
        self.tree.blockSignals(blocked)
        if rule_id == self.current_rule() and (self.revision, rule_id) not in self.drafts:
            self._show_note()

    def refresh_checks(self, checks: Mapping[str, ManualCheck]) -> None:
        """The records as the store has them now (changed on another desktop): each changed
        one shown; a draft typed here is kept, and the banner names who changed its rule."""
        for rule_id in self.items:
            check = checks.get(rule_id)
            if check == self.seen.get(rule_id):
                continue
            self.set_check(rule_id, check)
            key = (self.revision, rule_id)
            if key in self.drafts and check is not None:
                self.conflicts[key] = changed_under_draft(self.labels[rule_id], check)
        self._show_conflicts()

    def note_for(self, rule_id: str) -> str:
        """The note a tick of ``rule_id`` saves: the draft typed, else the one on record."""
        draft = self.drafts.get((self.revision, rule_id))
        return draft if draft is not None else self.recorded_note(rule_id)

    def recorded_note(self, rule_id: str) -> str:
        """The note of the rule's record on screen ("" with none)."""
        seen = self.seen.get(rule_id)
        return seen.note if seen is not None else ""

    def saved(self, rule_id: str, check: ManualCheck) -> None:
        """``check`` was just saved from here: its draft is no longer one."""
        key = (self.revision, rule_id)
        if self.drafts.get(key) == check.note:
            self.drafts.pop(key, None)
            self.conflicts.pop(key, None)
        self.set_check(rule_id, check)
        self._show_note()
        self._show_conflicts()

    def current_rule(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, RULE_ROLE) if item is not None else None

    def _drafts_here(self) -> bool:
        return any(revision == self.revision for revision, _ in self.drafts)

    def _show_note(self) -> None:
        rule_id = self.current_rule()
        draft = self.drafts.get((self.revision, rule_id or ""))
        self.note_edit.setEnabled(rule_id is not None)
        self.note_edit.setReadOnly(not self.editable)
        if rule_id is None:
            self.note_edit.clear()
            self.note_edit.setPlaceholderText("")
        else:
            self.note_edit.setText(self.note_for(rule_id))
            self.note_edit.setPlaceholderText(
                "例如：已查验营业执照原件" if self.editable else "本版次的清单不能再修改"
            )
        self.save_note_button.setEnabled(self.editable and draft is not None)

    def _note_edited(self, text: str) -> None:
        rule_id = self.current_rule()
        if rule_id is None or not self.editable:
            return
        key = (self.revision, rule_id)
        if text == self.recorded_note(rule_id):
            self.drafts.pop(key, None)
            self.conflicts.pop(key, None)
            self._show_conflicts()
        else:
            self.drafts[key] = text
        self.save_note_button.setEnabled(key in self.drafts)

    def _save_note(self) -> None:
        rule_id = self.current_rule()
        if rule_id is not None and self.editable and (self.revision, rule_id) in self.drafts:
            self.note_saved.emit(rule_id, self.drafts[(self.revision, rule_id)])

    def _show_conflicts(self) -> None:
        shown = [
            text for (revision, _), text in self.conflicts.items() if revision == self.revision
        ]
        self.conflict.setText("\n".join(shown))
        self.conflict.setVisible(bool(shown))
        self._fit_wrapped()

    def _fit_wrapped(self) -> None:
        """The warning's and the hint's wrapped height at the panel's width as their minimum:
        the splitter (and the page's scroll area) then make room for every line instead of
        drawing them over the checklist (a wrapped label's own minimum is one line)."""
        for label in (self.conflict, self.note):
            if label.isVisibleTo(self):
                label.setMinimumHeight(label.heightForWidth(self.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_wrapped()

    def _changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0:
            self.toggled.emit(item.data(0, RULE_ROLE), item.checkState(0) == Qt.CheckState.Checked)


def changed_under_draft(label: str, check: ManualCheck) -> str:
    """What the officer is told when another officer changed the record of a rule whose note
    they are still typing: who, when, to what; their text stays where it is."""
    return (
        f"{check.officer}于 {format_local_time(check.at)} 把“{label}”{check.change_text}。"
        "您正在填写的核实说明尚未保存，仍保留在下面的框中：请核对对方的记录，需要时再点「记录说明」。"
    )


class HistoryPanel(QWidget):
    """审核记录: the decisions on every revision, then the whole audit trail here."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.decisions = _wrapping_tree(["决定日期", "版次", "结论", "审核人", "意见与理由"], 4)
        for column, width in enumerate((100, 64, 90, 90)):
            self.decisions.setColumnWidth(column, width)
        self.trail = _wrapping_tree(["时间", "操作人", "操作", "状态", "说明"], 4)
        for column, width in enumerate((140, 150, 100, 150)):
            self.trail.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(PlainLabel("审核决定"))
        layout.addWidget(self.decisions, 1)
        layout.addWidget(PlainLabel("操作记录（审计）"))
        layout.addWidget(self.trail, 2)

    def show_history(self, decisions: list[DecisionRecord], trail: list[AuditEntry]) -> None:
        self.decisions.clear()
        for d in reversed(decisions):  # newest first, like the trail
            reasons = [f"· {r.label}：{r.message}" for r in d.reasons]
            text = "\n".join([d.comment, *reasons] if d.comment else reasons)
            self.decisions.addTopLevelItem(
                QTreeWidgetItem(
                    [
                        d.decided_on.isoformat(),
                        f"第{d.revision}版",
                        d.outcome.label,
                        d.officer_shown,
                        text,
                    ]
                )
            )
        if not decisions:
            self.decisions.addTopLevelItem(QTreeWidgetItem(["", "", "", "", "尚未作出审核决定"]))
        self.trail.clear()
        for entry in reversed(trail):
            before = entry.from_status.label if entry.from_status else "—"
            change = f"{before} → {entry.to_status.label}" if entry.to_status else ""
            self.trail.addTopLevelItem(
                QTreeWidgetItem(
                    [format_local_time(entry.at), entry.actor, entry.action, change, entry.detail]
                )
            )


class ChangesPanel(QWidget):
    """与上一版比较: every field, table row and attachment a revision changed since the one the
    office received before it. Values came from outside: shown as plain text only.
    ``field_requested`` with a field's path (``name`` or ``applicant.name``) on a double-click."""

    field_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = PlainLabel()
        self.summary.setObjectName("banner")
        self.summary.setWordWrap(True)
        self.tree = _wrapping_tree(["位置", "项目", "变更", "上一版", "本版"], 3)
        for column, width in enumerate((120, 200, 56)):
            self.tree.setColumnWidth(column, width)
        self.tree.header().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.tree.itemActivated.connect(self._activated)
        self.note = PlainLabel(
            "双击一行栏目的变更可转到该栏目。附件按文件名和校验值（SHA-256）比对。"
        )
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        layout.addStretch(0)
        self.changes: RevisionChanges | None = None

    def show_changes(self, changes: RevisionChanges) -> None:
        self.changes = changes
        self.summary.setText(changes.summary())
        self.summary.setProperty("level", "info")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)
        previous = f"第{changes.previous}版" if changes.previous else "上一版"
        self.tree.setHeaderLabels(["位置", "项目", "变更", previous, f"第{changes.revision}版"])
        self.tree.clear()
        for line in changes.lines():
            shown = [line.area, line.item, line.kind.value, line.before, line.after_with_detail]
            item = QTreeWidgetItem(shown)
            item.setForeground(2, QBrush(QColor(CHANGE_COLOURS.get(line.kind, CHANGE_COLOUR))))
            item.setData(0, PATH_ROLE, line.path)
            self.tree.addTopLevelItem(item)
        self.tree.setVisible(bool(changes.count))
        self.note.setVisible(bool(changes.count))

    def title(self) -> str:
        """The tab's title, with how many changes there are."""
        count = self.changes.count if self.changes is not None else 0
        return f"{CHANGES_TAB}（{count}）" if count else CHANGES_TAB

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        path = item.data(0, PATH_ROLE)
        if path:
            self.field_requested.emit(path)
