"""The self-check panel: every measure rule with its verdict and article; a click finds the field."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.widgets.plain import PlainLabel, plain_tooltip
from forms.core.field_issues import field_of, fields_in_error, rule_field, waits_for_fix
from forms.core.issues import FieldIssue
from forms.core.materials import material_of_result
from forms.core.rules import RuleResult, Verdict
from forms.core.validation import ValidationReport, not_applicable_summary, severity_order

COLOURS = {
    Verdict.FAIL: "#c0392b",
    Verdict.INCOMPLETE: "#b45309",
    Verdict.PASS: "#1b7f3b",
    Verdict.MANUAL: "#1e40af",
    Verdict.NOT_APPLICABLE: "#6b7280",
}
FIELD_ROLE = Qt.ItemDataRole.UserRole
RULE_ROLE = Qt.ItemDataRole.UserRole + 1
MATERIAL_ROLE = Qt.ItemDataRole.UserRole + 2
REMARK_INK, REMARK_BACKGROUND = "#8a4b08", "#fff7e6"  # the park office's words: amber


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text, so no requirement or article is cut off."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        width = max(self.tree.columnWidth(index.column()) - 8, 40)
        text = str(index.data() or "")
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(width, bounds.height() + 8)


class RulesPanel(QWidget):
    field_requested = Signal(str)
    material_requested = Signal(str)  # a 材料齐全 line was clicked: its material's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner = PlainLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["结论", "类别", "要求 / 条款", "填报值"])
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(0, 84)
        self.tree.setColumnWidth(1, 64)
        self.tree.setColumnWidth(3, 140)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        # word-wrapped rows get their height from the column width: lay out again on resize
        header.sectionResized.connect(lambda *_: self.tree.doItemsLayout())
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        layout.addWidget(self.banner)
        layout.addWidget(self.tree, 1)
        self.catalogue_label = PlainLabel(self)
        self.catalogue_label.setObjectName("hint")
        layout.addWidget(self.catalogue_label)
        self._remarks: dict[str, tuple[str, list[str]]] = {}

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        name = item.data(0, FIELD_ROLE)
        material = item.data(0, MATERIAL_ROLE)
        if name:
            self.field_requested.emit(name)
        elif material:
            self.material_requested.emit(material)

    def _add(
        self,
        verdict: str,
        colour: str,
        cells: list[str],
        field: str | None,
        tip: str,
        rule_id: str | None = None,
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem([verdict, *cells])
        item.setForeground(0, QBrush(QColor(colour)))
        item.setData(0, FIELD_ROLE, field)
        item.setData(0, RULE_ROLE, rule_id)
        item.setToolTip(2, plain_tooltip(tip))
        item.setToolTip(3, plain_tooltip(cells[2]))
        self.tree.addTopLevelItem(item)
        return item

    def show_remarks(self, remarks: dict[str, tuple[str, list[str]]]) -> None:
        """The park office's words about rules (rule id → the rule's label, the remarks), kept on
        their rows as the report is redrawn; a rule not listed now (不适用, or input to fix
        first) gets a row of its own under its label."""
        self._remarks = dict(remarks)
        self._apply_remarks()

    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _apply_remarks(self) -> None:
        shown: set[str] = set()
        for item in self._items():
            rule_id = item.data(0, RULE_ROLE)
            if rule_id in self._remarks:
                self._mark(item, self._remarks[rule_id][1])
                shown.add(rule_id)
        for rule_id, (label, lines) in self._remarks.items():
            if rule_id not in shown:
                item = self._add("园区意见", REMARK_INK, ["条款", label, ""], None, "", rule_id)
                self._mark(item, lines)

    @staticmethod
    def _mark(item: QTreeWidgetItem, lines: list[str]) -> None:
        item.setText(2, "\n".join([item.text(2), *lines]))
        item.setBackground(2, QBrush(QColor(REMARK_BACKGROUND)))
        item.setToolTip(2, plain_tooltip("\n".join(lines)))

    def select_rule(self, rule_id: str) -> bool:
        """Bring a rule's row into view and select it (e.g. from a reason in the decision)."""
        for item in self._items():
            if item.data(0, RULE_ROLE) == rule_id:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return True
        return False

    def show_input_problems(self, issues: list[FieldIssue]) -> None:
        """Typed values that don't fit their fields: the rules can't run until they are fixed."""
        self.tree.clear()
        for issue in issues:
            self._add(
                "填写有误",
                COLOURS[Verdict.FAIL],
                ["栏目", issue.describe(), "", ""],
                field_of(issue.path),
                "",
            )
        self._apply_remarks()
        self._set_banner(
            "error", f"有 {len(issues)} 处填写有误，请按红字提示修改；修改后再按政策条款检查。"
        )

    def show_report(self, report: ValidationReport, typed: Sequence[FieldIssue] = ()) -> None:
        """Every rule of ``report`` with its verdict, what to fix first at the top: values
        typed that do not parse (``typed``: the report then ran over the other fields), empty
        required fields, the rules waiting for a wrong value, then the rules by verdict. A
        wrong field hides no rule (issue 15 item 12); only 不适用 ones are counted below."""
        self.tree.clear()
        wrong = fields_in_error(typed)
        labels = {field_of(i.path): i.label for i in typed}
        for issue in typed:
            self._add(
                "填写有误",
                COLOURS[Verdict.FAIL],
                ["栏目", issue.describe(), ""],
                field_of(issue.path),
                "",
            )
        for issue in report.field_issues:
            if issue in typed:
                continue
            self._add(
                "待填写",
                COLOURS[Verdict.INCOMPLETE],
                ["必填", issue.describe(), ""],
                field_of(issue.path),
                "",
            )
        waiting = [r for r in report.results if waits_for_fix(r, wrong)]
        ordered = sorted((r for r in report.results if r not in waiting), key=severity_order)
        for result in [*waiting, *ordered]:
            if result in waiting:
                names = "、".join(f"「{labels[f]}」" for f in result.fields if f in wrong)
                self._result(result, "待改正", COLOURS[Verdict.INCOMPLETE], f"先改正{names}")
            elif result.verdict is not Verdict.NOT_APPLICABLE:
                self._result(result, result.verdict.value, COLOURS[result.verdict])
        self._apply_remarks()
        hidden = [r for r in report.results if r.verdict is Verdict.NOT_APPLICABLE]
        hidden = [r for r in hidden if r not in waiting]
        self.catalogue_label.setText(
            f"政策参数目录：{report.catalogue_version}"
            + (f"；另有 {len(hidden)} 条不适用本申请" if hidden else "")
        )
        self.catalogue_label.setToolTip(plain_tooltip(not_applicable_summary(hidden)))
        if typed:
            self._set_banner(
                "error",
                f"有 {len(typed)} 处填写有误，请按红字提示修改（列在最前）；"
                "其他条款已按其余栏目检查，照常列在下面。",
            )
        elif report.can_submit:
            manual = report.count(Verdict.MANUAL)
            note = f"，另有 {manual} 项由审核人员人工核实" if manual else ""
            self._set_banner("ok", f"全部必须符合的条款均已符合，可以提交{note}。")
        else:
            reasons = report.reasons()
            head = "；".join(reasons[:3]) + ("……" if len(reasons) > 3 else "")
            self._set_banner("error", f"暂不能提交（{len(reasons)} 项）：{head}")

    def _result(
        self, result: RuleResult, verdict: str, colour: str, observed: str | None = None
    ) -> None:
        """One rule's row; ``observed`` instead of the value it saw (a rule waiting for a fix)."""
        source = "\n".join(filter(None, (result.article, result.source_note)))
        item = self._add(
            verdict,
            colour,
            [
                result.severity.label,
                f"{result.requirement}\n{source}",
                result.observed if observed is None else observed,
            ],
            rule_field(result),
            (result.message or result.requirement) if observed is None else observed,
            result.rule_id,
        )
        item.setData(0, MATERIAL_ROLE, material_of_result(result))

    def _set_banner(self, level: str, text: str) -> None:
        self.banner.setText(text)
        self.banner.setProperty("level", level)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
