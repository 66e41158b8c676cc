"""One material (申报材料) in the 附件 tab: what it is, why it is asked for, its files, 已提供/缺."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDragLeaveEvent, QDropEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.widgets.plain import PlainLabel, plain_tooltip
from db.records import AttachmentInfo
from forms.core.display import human_size
from forms.core.materials import OTHER, MaterialSlot

# The tab's own look (set on the tab, so it holds before the app-wide style sheet is applied).
SLOT_STYLE = """
QFrame#materialSlot { border: 1px solid #d1d5db; border-radius: 4px; background: #ffffff; }
QFrame#materialSlot[dropping="true"] { border: 2px dashed #2563eb; background: #eff6ff; }
QFrame#materialSlot[state="missing"] { border-left: 4px solid #c0392b; }
QFrame#materialSlot[state="problem"] { border-left: 4px solid #b45309; }
QFrame#materialSlot[state="provided"] { border-left: 4px solid #1b7f3b; }
QLabel#slotName { font-weight: bold; color: #111827; }
QLabel#slotState { font-weight: bold; padding: 1px 6px; border-radius: 3px; }
QLabel#slotState[state="missing"] { color: #ffffff; background: #c0392b; }
QLabel#slotState[state="problem"] { color: #ffffff; background: #b45309; }
QLabel#slotState[state="provided"] { color: #ffffff; background: #1b7f3b; }
QLabel#slotState[state="optional"] { color: #374151; background: #e5e7eb; }
QLabel#slotFacts { color: #374151; }
QLabel#slotProblem { color: #c0392b; }
QLabel#fileNote { color: #8a4b08; }
QLabel#fileProblem { color: #c0392b; font-weight: bold; }
QLabel#slotRemark { color: #8a4b08; background: #fff4e0; padding: 2px 4px; }
"""


@dataclass(frozen=True)
class SlotView:
    """What a slot shows besides its files: the basis in words, where a file may be moved,
    notes on files, and whether anything may be changed."""

    basis: str
    targets: tuple[tuple[str, str, bool], ...]  # (material id, name, has room), in order
    notes: dict[int, str] = field(default_factory=dict)  # attachment id → why it is here
    changeable: bool = True
    # the park office's 补正 reasons, by material id (app.decision_notes.material_remarks)
    remarks: dict[str, list[str]] = field(default_factory=dict)


def state_of(slot: MaterialSlot) -> tuple[str, str]:
    """The slot's state in a word or two, and its style key."""
    count = len(slot.files)
    if slot.material.id == OTHER:
        return (f"{count} 个文件" if count else "暂无文件", "optional")
    if slot.missing:
        return ("缺", "missing")
    if not count:
        return ("未提供（如有请提供）", "optional")
    if slot.problems():
        return (f"已提供 {count} 个 · 有问题", "problem")
    return (f"已提供 {count} 个", "provided")


def facts_of(slot: MaterialSlot) -> str:
    """必须提供 · 接受 PDF、… · 需盖章 · 最多 N 个文件."""
    m = slot.material
    if m.id == OTHER:
        return f"可选 · 类型不限 · 最多 {m.max_files} 个文件"
    parts = [
        "必须提供" if m.required else "如有请提供",
        f"接受 {m.types_text()}",
        *(["需加盖单位公章"] if m.sealed else []),
        f"至少 {m.min_files} 个、最多 {m.max_files} 个文件"
        if m.min_files > 1
        else f"最多 {m.max_files} 个文件",
    ]
    return " · ".join(parts)


LONG_RUN = re.compile(r"[!-~]{21,}")  # printable ASCII with no space: a line cannot break in it
BREAK = "\u200b"  # zero-width space: lets a line break, shows nothing


def breakable(text: str) -> str:
    """``text`` with break chances in long runs without spaces (a file name like
    ``Scan_2026_0315_..._Signed_Copy.pdf``), so a wrapped label never grows wider than the tab
    and gets cut off at its right edge."""
    return LONG_RUN.sub(lambda m: BREAK.join(m.group(0)), text)


def wrapping(text: str, parent: QWidget, name: str) -> PlainLabel:
    label = PlainLabel(breakable(text), parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class FileRow(QWidget):
    """One stored file of a slot: name and size, 类型不符 if so, the note, 归入… and 删除."""

    def __init__(
        self,
        info: AttachmentInfo,
        slot: MaterialSlot,
        view: SlotView,
        box: SlotBox,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.info = info
        self.box = box
        grid = QGridLayout(self)
        grid.setContentsMargins(12, 2, 0, 2)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        self.name_label = wrapping(f"{info.name}（{human_size(info.size)}）", self, "fileName")
        self.name_label.setToolTip(plain_tooltip(f"{info.name}\nSHA-256：{info.sha256}"))
        grid.addWidget(self.name_label, 0, 0)
        column = 1
        if info in slot.wrong_type:
            self.problem = PlainLabel("类型不符", self)
            self.problem.setObjectName("fileProblem")
            grid.addWidget(self.problem, 0, column)
            column += 1
        self.move_button = QToolButton(self)
        self.move_button.setText("归入…")
        self.move_button.setToolTip("把这个文件改放到另一项材料下")
        self.move_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = self._menu(slot, view)
        self.move_button.setMenu(self.menu)
        self.move_button.setEnabled(view.changeable)
        grid.addWidget(self.move_button, 0, column)
        self.remove_button = QToolButton(self)
        self.remove_button.setText("删除")
        self.remove_button.setEnabled(view.changeable)
        self.remove_button.clicked.connect(lambda: box.remove_clicked.emit(info.id))
        grid.addWidget(self.remove_button, 0, column + 1)
        grid.setColumnStretch(0, 1)
        self.note = view.notes.get(info.id, "")
        if self.note:
            grid.addWidget(wrapping(self.note, self, "fileNote"), 1, 0, 1, column + 2)
        if view.changeable:
            self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            self.customContextMenuRequested.connect(self._context_menu)

    def _menu(self, slot: MaterialSlot, view: SlotView) -> QMenu:
        menu = QMenu(self)
        for material_id, name, has_room in view.targets:
            if material_id == slot.material.id:
                continue
            action = QAction(f"归入“{name}”" + ("" if has_room else "（已满）"), menu)
            action.setData(material_id)
            action.setEnabled(has_room)
            action.triggered.connect(
                lambda _=False, m=material_id: self.box.move_chosen.emit(self.info.id, m)
            )
            menu.addAction(action)
        return menu

    def move_actions(self) -> list[QAction]:
        return [a for a in self.menu.actions() if a.data()]

    def _context_menu(self, at: QPoint) -> None:
        menu = QMenu(self)
        menu.addActions(self.menu.actions())
        menu.addSeparator()
        remove = menu.addAction("删除此文件")
        remove.triggered.connect(lambda: self.box.remove_clicked.emit(self.info.id))
        menu.exec(self.mapToGlobal(at))


class SlotBox(QFrame):
    """A material with its files; files dropped on it are filed under it."""

    add_clicked = Signal(str)  # material id
    dropped = Signal(str, list)  # material id, the dropped files' paths
    remove_clicked = Signal(int)  # attachment id
    move_chosen = Signal(int, str)  # attachment id, material id

    def __init__(self, slot: MaterialSlot, view: SlotView, parent: QWidget) -> None:
        super().__init__(parent)
        self.slot = slot
        self.material_id = slot.material.id
        self.changeable = view.changeable
        self.setObjectName("materialSlot")
        state_text, state = state_of(slot)
        self.setProperty("state", state)
        self.setAcceptDrops(True)
        m = slot.material
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 8)
        column.setSpacing(3)
        head = QHBoxLayout()
        self.name_label = wrapping(m.name, self, "slotName")
        self.state_label = PlainLabel(state_text, self)
        self.state_label.setObjectName("slotState")
        self.state_label.setProperty("state", state)
        self.add_button = QPushButton("添加文件…", self)
        self.add_button.setToolTip("选择文件归入此项；也可以把文件拖到这一项上")
        self.add_button.clicked.connect(lambda: self.add_clicked.emit(self.material_id))
        self.add_button.setEnabled(view.changeable and slot.can_add)
        head.addWidget(self.name_label, 1)
        head.addWidget(self.state_label, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(head)
        self.facts = wrapping(facts_of(slot), self, "slotFacts")
        column.addWidget(self.facts)
        self.basis = wrapping(view.basis, self, "hint")
        column.addWidget(self.basis)
        if m.help:
            column.addWidget(wrapping(m.help, self, "hint"))
        self.remark_labels = [
            wrapping(line, self, "slotRemark") for line in view.remarks.get(self.material_id, [])
        ]
        for label in self.remark_labels:
            column.addWidget(label)
        self.rows = [FileRow(info, slot, view, self, self) for info in slot.files]  # type: ignore[arg-type]
        for row in self.rows:
            column.addWidget(row)
        problems = slot.problems()
        if slot.missing:  # the store's sentence sends the clerk here; here, say what to do
            problems[0] = "尚未提供：请点“添加文件…”，或把文件拖到这一项上"
        self.problem_labels = [wrapping(p, self, "slotProblem") for p in problems]
        for label in self.problem_labels:
            column.addWidget(label)

    @property
    def state_text(self) -> str:
        return self.state_label.text()

    def row(self, attachment_id: int) -> FileRow | None:
        return next((r for r in self.rows if r.info.id == attachment_id), None)

    # --- dropping files on the slot ---------------------------------------------------------

    def _set_dropping(self, on: bool) -> None:
        self.setProperty("dropping", on)
        self.style().unpolish(self)
        self.style().polish(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.changeable:
            event.acceptProposedAction()
            self._set_dropping(True)
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_dropping(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_dropping(False)
        if not self.changeable:
            event.ignore()
            return
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [p for p in paths if p.is_file()]
        event.acceptProposedAction()
        if files:
            self.dropped.emit(self.material_id, files)
