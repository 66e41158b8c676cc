"""The 附件 of a received application as the officer checks 材料齐全: each material the answers
ask for, in declared order, with its files and 已提供/缺 (and what is wrong), 其他材料 last."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.editor.rules_panel import COLOURS
from app.gui.review.review_panels import REMARK_ACTION
from app.gui.widgets.plain import PlainLabel, plain_tooltip
from db.records import AttachmentInfo
from forms.core.definition import FormDefinition
from forms.core.display import human_size
from forms.core.fields import FormModel
from forms.core.materials import OTHER, Attached, MaterialSlot, material_slots
from forms.core.rules import Verdict

MATERIAL_ROLE = Qt.ItemDataRole.UserRole  # the material id of a material's row and its files'
FILE_ROLE = Qt.ItemDataRole.UserRole + 1  # (attachment id, name) of a file's row
PROVIDED, MISSING, QUIET = (
    COLOURS[Verdict.PASS],
    COLOURS[Verdict.FAIL],
    COLOURS[Verdict.NOT_APPLICABLE],
)
UNFILED = "未标明（旧版申报包未按材料分类，请在其他材料中逐个核对）"


def slot_status(slot: MaterialSlot, judged: bool) -> tuple[str, str]:
    """The 情况 of a material as the officer reads it, and its colour."""
    count = len(slot.files)
    if slot.material.id == OTHER:
        return (f"{count} 个文件" if count else "无", QUIET)
    if not judged and not slot.files:
        return UNFILED, QUIET
    if slot.missing:
        return "缺", MISSING
    if not slot.files:
        return "未提供（非必需）", QUIET
    text = f"已提供（{count} 个文件）"
    if slot.material.sealed:
        text += "　须加盖单位公章，请人工核实"
    return text, MISSING if slot.problems() else PROVIDED


def children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    found = (item.child(i) for i in range(item.childCount()))
    return [c for c in found if c is not None]


def file_rows(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """The rows of the files under a material's row (not its problem lines)."""
    return [c for c in children(item) if c.data(0, FILE_ROLE)]


class MaterialPanel(QWidget):
    """申报材料 and their files; the officer opens or saves a file, or objects to a material."""

    remark_requested = Signal(str)  # a material id
    open_requested = Signal()
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["申报材料 / 文件", "情况", "大小", "SHA-256"])
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName("申报材料及附件")
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a digest's both ends show
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(0, 400)
        self.tree.setColumnWidth(2, 80)
        self.tree.setColumnWidth(3, 170)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemActivated.connect(self._activated)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.summary = PlainLabel()
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        self.open_button = QPushButton("打开附件")
        self.save_button = QPushButton("另存为…")
        self.remark_button = QPushButton(f"对所选材料{REMARK_ACTION}")
        for button in (self.open_button, self.save_button, self.remark_button):
            button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_requested)
        self.save_button.clicked.connect(self.save_requested)
        self.remark_button.clicked.connect(self._remark_chosen)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remark_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.can_remark = False  # a decision may be made now (the window says)

    def show_slots(
        self,
        definition: FormDefinition,
        form: FormModel,
        attachments: Sequence[AttachmentInfo],
        *,
        judged: bool,
        can_remark: bool,
    ) -> None:
        """The materials ``form`` asks for with ``attachments`` filed under them; ``judged``:
        the files name their materials (not a package from before materials)."""
        self.can_remark = can_remark
        self.tree.clear()
        slots = material_slots(definition, form, attachments)
        for slot in slots:
            item = self._slot_item(slot, judged)
            self.tree.addTopLevelItem(item)
            for line in children(item):
                # a problem reads across the row (spanning holds once the row is in the tree)
                line.setFirstColumnSpanned(not line.data(0, FILE_ROLE))
        self.tree.expandAll()
        required = [s for s in slots if s.material.required and s.material.id != OTHER]
        missing = sum(s.missing for s in required)
        if not judged:
            text = (
                "这一版次来自不按材料分类附件的旧版申报包：所有文件列在“其他材料”下，请逐个核对。"
            )
        else:
            text = f"必需材料 {len(required)} 项，已提供 {len(required) - missing} 项" + (
                f"，缺 {missing} 项。" if missing else "。"
            )
        self.summary.setText(
            text + "双击文件打开；右键点击一项材料可就此提出补正意见（如“营业执照复印件未盖章”）。"
        )
        self._update_buttons()

    def _slot_item(self, slot: MaterialSlot, judged: bool) -> QTreeWidgetItem:
        m = slot.material
        status, colour = slot_status(slot, judged)
        name = m.name + ("" if m.required or m.id == OTHER else "（如有）")
        item = QTreeWidgetItem([name, status, "", ""])
        item.setData(0, MATERIAL_ROLE, m.id)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setForeground(1, QBrush(QColor(colour)))
        item.setToolTip(0, plain_tooltip(f"{m.name}\n可用类型：{m.types_text()}\n{m.help}".strip()))
        item.setToolTip(1, plain_tooltip(status))
        problems = slot.problems() if slot.files and m.id != OTHER else []
        for problem in problems:  # wrong type, too many or too few
            line = QTreeWidgetItem([f"⚠ {problem}"])
            line.setData(0, MATERIAL_ROLE, m.id)
            line.setForeground(0, QBrush(QColor(MISSING)))
            line.setToolTip(0, plain_tooltip(problem))
            line.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.addChild(line)
        for attached in slot.files:
            self._file_item(item, m.id, attached)
        return item

    @staticmethod
    def _file_item(parent: QTreeWidgetItem, material: str, attached: Attached) -> None:
        assert isinstance(attached, AttachmentInfo)  # the slots are made of the store's files
        item = QTreeWidgetItem(
            [attached.name, attached.note, human_size(attached.size), attached.sha256]
        )
        item.setData(0, MATERIAL_ROLE, material)
        item.setData(0, FILE_ROLE, (attached.id, attached.name))
        item.setToolTip(0, plain_tooltip(attached.name))
        item.setToolTip(3, plain_tooltip(attached.sha256))
        if attached.note:
            item.setToolTip(1, plain_tooltip(attached.note))
        parent.addChild(item)

    # --- what the officer picks -------------------------------------------------------------

    def file_items(self) -> list[QTreeWidgetItem]:
        """Every file's row, material by material."""
        slots = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [f for slot in slots if slot is not None for f in file_rows(slot)]

    def chosen_file(self) -> tuple[int, str] | None:
        """The file selected; a material's row with one file, or the only file, stands for it."""
        item = self.tree.currentItem()
        if item is not None and not item.data(0, FILE_ROLE) and item.parent() is None:
            files = file_rows(item)
            item = files[0] if len(files) == 1 else None
        elif item is None:
            files = self.file_items()
            item = files[0] if len(files) == 1 else None
        chosen = item.data(0, FILE_ROLE) if item is not None else None
        return (int(chosen[0]), str(chosen[1])) if chosen else None

    def chosen_material(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, MATERIAL_ROLE) if item is not None else None

    def _update_buttons(self) -> None:
        has_files = bool(self.file_items())
        self.open_button.setEnabled(has_files)
        self.save_button.setEnabled(has_files)
        self.remark_button.setEnabled(self.can_remark and self.chosen_material() is not None)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        if item.data(0, FILE_ROLE):
            self.open_requested.emit()

    def _remark_chosen(self) -> None:
        material = self.chosen_material()
        if material is not None:
            self.remark_requested.emit(material)

    def _menu(self, point: QPoint) -> None:
        item = self.tree.itemAt(point)  # the point is in the viewport's coordinates
        if item is None:
            return
        self.tree.setCurrentItem(item)
        menu = QMenu(self)
        if item.data(0, FILE_ROLE):
            menu.addAction("打开附件", self.open_requested.emit)
            menu.addAction("另存为…", self.save_requested.emit)
            menu.addSeparator()
        action = menu.addAction(REMARK_ACTION, self._remark_chosen)
        action.setEnabled(self.can_remark)
        menu.exec(self.tree.viewport().mapToGlobal(point))
