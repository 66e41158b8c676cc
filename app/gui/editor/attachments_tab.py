"""The 附件 tab of an application window: the list, 添加附件…/删除所选, files stored off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.files import FileReadError
from app.gui.widgets import plain
from app.gui.widgets.background import BackgroundJob, Progress, connect_queued
from app.gui.widgets.errors import shows_errors, user_errors
from app.gui.widgets.plain import PlainLabel
from db.repository import ApplicationRecord, Store
from forms.core.display import human_size
from forms.core.document import MAX_ATTACHMENT_BYTES, attachment_size_problem, os_error_text

ATTACHMENT_ID = Qt.ItemDataRole.UserRole


def store_attachments(
    store: Store, application_id: int, paths: list[Path], progress: Progress
) -> list[str]:
    """Read and store ``paths`` one at a time (the work of a BackgroundJob); stops between files
    once cancelled. Returns the problems, one Chinese sentence each."""
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
            store.add_attachment(application_id, path.name, content)
        if refused:
            problems.append(refused.message)
        progress.report(done + 1, len(paths))
    return problems


class AttachmentsTab(QWidget):
    """The attachments of one application; ``changed`` once files were added or removed."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.record: ApplicationRecord | None = None
        self.job: BackgroundJob | None = None  # the files being stored, if any
        limit = MAX_ATTACHMENT_BYTES // 1024 // 1024
        hint = PlainLabel(
            f"可点击“添加附件”，或把文件拖到本窗口。单个附件不超过 {limit} MB。", self
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.add_button = QPushButton("添加附件…", self)
        self.add_button.clicked.connect(self.choose)
        self.remove_button = QPushButton("删除所选", self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list = QListWidget(self)
        self.list.setAlternatingRowColors(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)

    def show_record(self, record: ApplicationRecord) -> None:
        self.record = record
        self.list.clear()
        for info in record.attachments:
            item = QListWidgetItem(f"{info.name}（{human_size(info.size)}）")
            item.setToolTip(f"SHA-256：{info.sha256}")
            item.setData(ATTACHMENT_ID, info.id)
            self.list.addItem(item)
        changeable = record.editable and not self.store.read_only
        self.add_button.setEnabled(changeable)
        self.remove_button.setEnabled(changeable)

    def choose(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            "选择附件",
            str(Path.home()),
            "所有文件 (*);;PDF 文件 (*.pdf);;图片 (*.png *.jpg *.jpeg)",
        )
        self.add([Path(p) for p in paths])

    def add(self, paths: list[Path]) -> None:
        """Store files off the GUI thread, with progress and 取消 between files; a file over the
        size limit is refused before it is read."""
        assert self.record is not None
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
        if not accepted:
            return
        progress = QProgressDialog("正在添加附件……", "取消", 0, len(accepted), self)
        progress.setWindowTitle("添加附件")
        progress.setMinimumDuration(300)  # quick additions never flash a dialog
        store, application_id = self.store, self.record.id
        job = BackgroundJob(lambda p: store_attachments(store, application_id, accepted, p), self)
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

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        answer = plain.question(self, "删除附件", f"确定删除附件“{item.text()}”？")
        if answer == QMessageBox.StandardButton.Yes:
            with shows_errors(self, "无法删除附件"):
                self.store.remove_attachment(int(item.data(ATTACHMENT_ID)))
            self.changed.emit()
