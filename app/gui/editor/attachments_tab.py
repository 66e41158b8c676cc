"""The 附件 tab of an application window: the materials the current answers ask for, each a slot
with its files and 已提供/缺; files are added by slot (button or drop), moved, removed, and
stored off the GUI thread."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.files import FileReadError
from app.gui.editor.material_slot import SLOT_STYLE, SlotBox, SlotView
from app.gui.widgets import plain
from app.gui.widgets.background import BackgroundJob, Progress, connect_queued
from app.gui.widgets.errors import shows_errors, user_errors
from app.gui.widgets.plain import PlainLabel
from db.records import AttachmentInfo
from db.repository import ApplicationRecord, Store
from forms.core.document import MAX_ATTACHMENT_BYTES, attachment_size_problem, os_error_text
from forms.core.fields import FormModel
from forms.core.materials import (
    OTHER,
    MaterialSlot,
    material_ids_for,
    material_slots,
    moved_note,
)


def store_attachments(
    store: Store,
    application_id: int,
    paths: list[Path],
    progress: Progress,
    material: str = OTHER,
) -> list[str]:
    """Read and store ``paths`` under ``material`` one at a time (the work of a BackgroundJob);
    stops between files once cancelled. Returns the problems, one Chinese sentence each."""
    problems: list[str] = []
    for done, path in enumerate(paths):
        if progress.cancelled:
            problems.append(f"已取消，其余 {len(paths) - done} 个文件未添加")
            break
        with user_errors() as refused:
            try:
                content = path.read_bytes()
            except OSError as exc:
                raise FileReadError(f"无法读取“{path.name}”：{os_error_text(exc)}") from exc
            store.add_attachment(application_id, path.name, content, material=material)
        if refused:
            problems.append(refused.message)
        progress.report(done + 1, len(paths))
    return problems


def file_filter(slot: MaterialSlot) -> str:
    """The file dialog's filter: the material's accepted types first, then 所有文件."""
    types = slot.material.types
    if not types:
        return "所有文件 (*)"
    patterns = " ".join(f"*.{t}" for t in types)
    return f"{slot.material.name}可接受的文件 ({patterns});;所有文件 (*)"


class AttachmentsTab(QWidget):
    """The attachments of one application by material; ``changed`` once files were added,
    moved or removed.

    The slots follow the answers being typed (``show_answers``), not only the saved ones. The
    store files a file only under a material the SAVED answers ask for, so when the clerk files
    one under a material that only the unsaved answers ask for, the window saves first
    (``save_first``); a file already listed, and 其他材料, need no save.
    """

    changed = Signal()

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        save_first: Callable[[], bool] | None = None,  # a method of the window
    ) -> None:
        super().__init__(parent)
        self.store = store
        # Weakly: the window owns this tab, and a strong reference back would keep a closed
        # window's wrapper alive after Qt deleted it.
        self._save_first = weakref.WeakMethod(save_first) if save_first is not None else None
        self.record: ApplicationRecord | None = None
        self.values: FormModel | Mapping[str, Any] | None = None  # the answers being typed
        self.job: BackgroundJob | None = None  # the files being stored, if any
        self.boxes: list[SlotBox] = []
        self._shown: tuple[Any, ...] | None = None  # what the slots were built from
        self.remarks: dict[str, tuple[str, list[str]]] = {}  # the office's reasons by material
        self.setStyleSheet(SLOT_STYLE)
        limit = MAX_ATTACHMENT_BYTES // 1024 // 1024
        hint = PlainLabel(
            "按下列材料逐项添加：点该项的“添加文件…”，或把文件拖到该项上。"
            f"单个文件不超过 {limit} MB。所列材料随申请类别等填写内容变化。",
            self,
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.summary = PlainLabel(self)
        self.summary.setObjectName("banner")
        self.summary.setWordWrap(True)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.summary)
        layout.addWidget(self.area, 1)

    # --- what is shown ----------------------------------------------------------------------

    def show_record(self, record: ApplicationRecord) -> None:
        """The stored files (after a reload or a save); the slots follow the answers last
        given to ``show_answers``, or the saved ones."""
        self.record = record
        self._rebuild()

    def show_answers(self, values: FormModel | Mapping[str, Any]) -> None:
        """The answers as typed (parsed, or raw while some field is wrong): the list of
        materials follows them at once."""
        self.values = values
        self._rebuild()

    @property
    def changeable(self) -> bool:
        return self.record is not None and self.record.editable and not self.store.read_only

    def _answers(self) -> FormModel | Mapping[str, Any]:
        assert self.record is not None
        return self.values if self.values is not None else self.record.form

    def slots(self) -> list[MaterialSlot]:
        """The materials the current answers ask for, with their files, then 其他材料."""
        if self.record is None:
            return []
        return material_slots(self.record.definition, self._answers(), self.record.attachments)

    def slot(self, material_id: str) -> SlotBox | None:
        return next((b for b in self.boxes if b.material_id == material_id), None)

    def _notes(self, listed: set[str]) -> dict[int, str]:
        """Why each file of 其他材料 is there: the store's note once saved, and for a file of a
        material the unsaved answers no longer ask for, what will happen on saving."""
        assert self.record is not None
        notes: dict[int, str] = {}
        for info in self.record.attachments:
            if info.material != OTHER and info.material not in listed:
                notes[info.id] = moved_note(self.record.definition, info.material, on_saving=True)
            elif info.note:
                notes[info.id] = info.note
        return notes

    def _rebuild(self) -> None:
        if self.record is None:
            return
        definition = self.record.definition
        listed = material_ids_for(definition, self._answers())
        key = (
            tuple(sorted(listed)),
            self.record.attachments,
            self.changeable,
            tuple(sorted((k, tuple(v[1])) for k, v in self.remarks.items())),
        )
        if key == self._shown:
            return  # typing that does not change the list keeps the widgets (and the focus)
        self._shown = key
        slots = self.slots()
        catalogue = self.store.catalogue
        targets = tuple((s.material.id, s.material.name, s.can_add) for s in slots)
        notes = self._notes(listed)
        position = self.area.verticalScrollBar().value()
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 4, 0)
        column.setSpacing(8)
        self.boxes = []
        for slot in slots:
            basis = slot.material.basis
            said = basis.describe(catalogue)
            view = SlotView(
                basis=said if basis.is_requirement else f"依据：{said}",
                targets=targets,
                notes=notes,
                changeable=self.changeable,
                remarks=self._slot_remarks(listed),
            )
            box = SlotBox(slot, view, content)
            box.add_clicked.connect(self.choose)
            box.dropped.connect(lambda material, paths: self.add(paths, material))
            box.remove_clicked.connect(self.remove)
            box.move_chosen.connect(self.file_under)
            column.addWidget(box)
            self.boxes.append(box)
        column.addStretch(1)
        old = self.area.takeWidget()
        self.area.setWidget(content)
        if old is not None:
            old.deleteLater()
        self.area.verticalScrollBar().setValue(position)
        self._summarise(slots)

    def show_remarks(self, remarks: dict[str, tuple[str, list[str]]]) -> None:
        """The park office's 补正 reasons aimed at materials, shown on their slots; a reason
        about a material the answers no longer ask for shows on 其他材料, under its name."""
        self.remarks = remarks
        self._rebuild()

    def _slot_remarks(self, listed: set[str]) -> dict[str, list[str]]:
        shown: dict[str, list[str]] = {}
        for material, (name, lines) in self.remarks.items():
            if material in listed or material == OTHER:
                shown.setdefault(material, []).extend(lines)
            else:
                shown.setdefault(OTHER, []).extend(f"（{name}）{line}" for line in lines)
        return shown

    def remark_texts(self, material_id: str) -> list[str]:
        """The office's reasons shown on a slot (for tests and the window)."""
        box = self.slot(material_id)
        return [label.text() for label in box.remark_labels] if box is not None else []

    def _summarise(self, slots: list[MaterialSlot]) -> None:
        listed = [s for s in slots if s.material.id != OTHER]
        missing = [s.material.name for s in listed if s.missing]
        troubled = [s.material.name for s in listed if s.provided and s.problems()]
        required = sum(1 for s in listed if s.material.required)
        given = sum(1 for s in listed if s.material.required and s.provided)
        text = f"本申报须提供 {required} 项材料，已提供 {given} 项"
        if missing:
            text += f"；缺 {len(missing)} 项：" + "、".join(missing)
        if troubled:
            text += "；有问题：" + "、".join(troubled)
        level = "error" if missing or troubled else "ok"
        self.summary.setText(text + ("" if missing or troubled else "，材料齐全"))
        self.summary.setProperty("level", level)
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    def reveal(self, material_id: str) -> bool:
        """Scroll a material's slot into view and put the focus on its 添加文件… button."""
        box = self.slot(material_id)
        if box is None:
            return False
        self.area.ensureWidgetVisible(box, 0, 0)
        box.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def shown_files(self, material_id: str) -> list[str]:
        """The names of the files shown under a material (for tests and the review of a clerk)."""
        box = self.slot(material_id)
        return [row.info.name for row in box.rows] if box else []

    # --- changing the files -----------------------------------------------------------------

    def _ready_for(self, material_id: str) -> bool:
        """Whether the store will file under ``material_id`` now: 其他材料 and materials the
        saved answers list at once; one only the unsaved answers list once they are saved."""
        assert self.record is not None
        if material_id == OTHER:
            return True
        saved = material_ids_for(self.record.definition, self.record.form)
        if material_id in saved:
            return True
        save_first = self._save_first() if self._save_first is not None else None
        return save_first is not None and save_first()

    def _slot_data(self, material_id: str) -> MaterialSlot | None:
        return next((s for s in self.slots() if s.material.id == material_id), None)

    def choose(self, material_id: str = OTHER) -> None:
        slot = self._slot_data(material_id)
        if slot is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self, f"选择“{slot.material.name}”的文件", str(Path.home()), file_filter(slot)
        )
        self.add([Path(p) for p in paths], material_id)

    def add(self, paths: list[Path], material_id: str = OTHER) -> None:
        """Store files under a material off the GUI thread, with progress and 取消 between
        files; a file over the size limit is refused before it is read, and files beyond the
        material's number of files are refused together."""
        assert self.record is not None
        if not paths or not self.changeable:
            return
        slot = self._slot_data(material_id)
        if slot is None:  # the answers stopped asking for it meanwhile
            return
        name, limit, have = slot.material.name, slot.material.max_files, len(slot.files)
        if have + len(paths) > limit:
            room = limit - have
            plain.warning(
                self,
                "无法添加附件",
                f"“{name}”最多 {limit} 个文件，已有 {have} 个，"
                + (f"只能再添加 {room} 个" if room > 0 else "不能再添加")
                + f"，本次选了 {len(paths)} 个，均未添加。请合并为较少的文件，或先删除不需要的文件。",
            )
            return
        accepted: list[Path] = []
        for path in paths:
            try:
                problem = attachment_size_problem(path.name, path.stat().st_size)
            except OSError as exc:
                problem = f"无法读取“{path.name}”：{os_error_text(exc)}"
            if problem:
                plain.warning(self, "无法添加附件", problem)
            else:
                accepted.append(path)
        if not accepted or not self._ready_for(material_id):
            return
        progress = QProgressDialog(f"正在添加“{name}”……", "取消", 0, len(accepted), self)
        progress.setWindowTitle("添加附件")
        progress.setMinimumDuration(300)  # quick additions never flash a dialog
        store, application_id = self.store, self.record.id
        job = BackgroundJob(
            lambda p: store_attachments(store, application_id, accepted, p, material_id), self
        )
        connect_queued(job.progressed, lambda done, _total: progress.setValue(done))
        connect_queued(job.finished, lambda problems: self._added(progress, problems))
        connect_queued(job.failed, lambda message: self._added(progress, [message]))
        progress.canceled.connect(job.cancel)
        self.job = job
        job.start()

    def _added(self, progress: QProgressDialog, problems: list[str]) -> None:
        progress.close()
        self.job = None
        for problem in problems:
            plain.warning(self, "无法添加附件", problem)
        self.changed.emit()

    def _attachment(self, attachment_id: int) -> AttachmentInfo | None:
        assert self.record is not None
        return next((a for a in self.record.attachments if a.id == attachment_id), None)

    def file_under(self, attachment_id: int, material_id: str) -> None:
        """归入: file a stored file under another material (or 其他材料)."""
        info = self._attachment(attachment_id)
        slot = self._slot_data(material_id)
        if info is None or slot is None or not self.changeable:
            return
        if not slot.can_add:
            plain.warning(
                self,
                "无法调整附件",
                f"“{slot.material.name}”最多 {slot.material.max_files} 个文件，已满。"
                "请先删除或移走其中不需要的文件。",
            )
            return
        if not self._ready_for(material_id):
            return
        with shows_errors(self, "无法调整附件"):
            self.store.file_attachment(attachment_id, material_id)
        self.changed.emit()

    def remove(self, attachment_id: int) -> None:
        info = self._attachment(attachment_id)
        if info is None or not self.changeable:
            return
        answer = plain.question(self, "删除附件", f"确定删除附件“{info.name}”？")
        if answer == QMessageBox.StandardButton.Yes:
            with shows_errors(self, "无法删除附件"):
                self.store.remove_attachment(attachment_id)
            self.changed.emit()
