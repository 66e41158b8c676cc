"""文件 › 备份与恢复: where the automatic backups are, 立即备份, 从备份恢复 (also how data moves to
a new PC), and 数据检查. The work runs on a worker thread with a progress bar and 取消."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.widgets import plain
from app.gui.widgets.background import BackgroundJob, Progress
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.save_dialogs import ask_save_path
from app.gui.widgets.window_geometry import place_window
from app.settings import last_folder, remember_folder
from db.automatic_backups import automatic_backups, automatic_folder
from db.backup import (
    BACKUP_SUFFIX,
    BackupInfo,
    Cancelled,
    RestoreResult,
    make_backup,
    read_backup,
    restore_backup,
)
from db.check import CheckReport, check_store
from db.repository import Store
from db.this_copy import mode_label
from forms.core.display import human_size
from forms.packet import PacketCancelled

BACKUP_FOLDER_KEY = "last_backup_folder"
FILE_FILTER = f"申报数据备份 (*{BACKUP_SUFFIX})"


def _plain(text: str = "") -> QLabel:
    label = PlainLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _cancellable(progress: Progress) -> Any:
    def cancelled() -> bool:
        return progress.cancelled

    return cancelled


class BackupDialog(QDialog):
    """备份与恢复. ``restored`` is emitted once a backup has replaced the store's data."""

    restored = Signal(object)

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        before_restore: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.before_restore = before_restore  # closes the windows open on the data
        self.job: BackgroundJob | None = None
        self.setWindowTitle("备份与恢复")
        layout = QVBoxLayout(self)
        layout.addWidget(
            _plain(
                "本程序每天自动备份一次数据库和本机签名密钥（保留最近 7 天、4 周和 12 个月的备份）。"
                "建议定期用“立即备份”把备份另存到 U 盘或其他电脑。换新电脑时：在旧电脑上“立即备份”，"
                "在新电脑上安装本程序后“从备份恢复”，申报、附件、审核记录和密钥指纹都会保持不变。"
            )
        )
        self.folder = automatic_folder(store)
        row = QHBoxLayout()
        row.addWidget(_plain(f"自动备份位置：{self.folder}"), 1)
        open_folder = QPushButton("打开文件夹")
        open_folder.clicked.connect(self.open_folder)
        row.addWidget(open_folder)
        layout.addLayout(row)
        self.recent = QListWidget()
        self.recent.setMaximumHeight(120)
        layout.addWidget(self.recent)
        self.status = _plain()
        layout.addWidget(self.status)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.bar.hide()
        layout.addWidget(self.bar)

        buttons = QHBoxLayout()
        self.backup_button = QPushButton("立即备份(&B)…")
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton("从备份恢复(&R)…")
        self.restore_button.clicked.connect(self.restore)
        self.check_button = QPushButton("数据检查(&C)")
        self.check_button.clicked.connect(self.check)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        for button in (self.backup_button, self.restore_button, self.check_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        if store.read_only:
            self.restore_button.setEnabled(False)
            self.restore_button.setToolTip("数据文件为只读，不能恢复到这里")
        place_window(self, "backup", (620, 420))
        self.list_backups()

    def list_backups(self) -> None:
        self.recent.clear()
        backups = automatic_backups(self.folder)
        if not backups:
            self.recent.addItem("（尚无自动备份）")
        for moment, path in backups:
            size = human_size(path.stat().st_size) if path.exists() else ""
            self.recent.addItem(f"{moment:%Y-%m-%d %H:%M}　{size}")

    def open_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    # --- the three tasks --------------------------------------------------------------------

    def back_up(self) -> None:
        target = ask_save_path(
            self,
            "备份到",
            f"申报数据备份-{date.today():%Y%m%d}{BACKUP_SUFFIX}",
            FILE_FILTER,
            store=self.store,
            folder_key=BACKUP_FOLDER_KEY,
            suffix=BACKUP_SUFFIX,
        )
        if target is None:
            return

        def work(progress: Progress) -> BackupInfo:
            return make_backup(
                self.store, target, progress=progress.report, cancelled=_cancellable(progress)
            )

        def done(info: BackupInfo) -> None:
            remember_folder(self.store, BACKUP_FOLDER_KEY, target.parent)
            self.status.setText(
                f"已备份到 {info.path}（{human_size(info.size)}）：{info.describe()}"
            )

        self._run(work, done, "正在备份……")

    def restore(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "选择备份文件", str(last_folder(self.store, BACKUP_FOLDER_KEY)), FILE_FILTER
        )
        if not chosen:
            return
        path = Path(chosen)
        self._run(
            lambda _progress: read_backup(path), lambda info: self._confirm(info), "正在检查备份……"
        )

    def _confirm(self, info: BackupInfo) -> None:
        from app.settings import read_mode

        here = read_mode(self.store)
        other = ""
        if info.mode and here is not None and info.mode != here.value:
            other = (
                f"\n\n注意：这是{mode_label(info.mode)}的备份，本机现在是{here.label}。"
                f"恢复后本机将变为{mode_label(info.mode)}"
                f"{f'（{info.unit}）' if info.unit else ''}，并使用该备份中的签名密钥。"
            )
        answer = plain.question(
            self,
            "从备份恢复",
            f"{info.describe()}。\n\n恢复会用这份备份替换本机当前的全部数据；当前数据会先自动另存一份"
            f"（“恢复前-…”），如有需要可再恢复回来。{other}\n\n"
            "恢复前会关闭所有打开的申报窗口；恢复完成后程序将重新打开。确定恢复吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if not self.before_restore():
            self.status.setText("有申报窗口未关闭，未恢复。请保存或关闭这些窗口后再恢复。")
            return

        def work(progress: Progress) -> RestoreResult:
            return restore_backup(self.store, info.path, progress=progress.report)

        self._run(work, self._restored, "正在恢复……", cancellable=False)

    def _restored(self, result: RestoreResult) -> None:
        safety = f"恢复前的数据已另存为 {result.safety.path}。" if result.safety else ""
        self.status.setText(f"已恢复：{result.restored.describe()}。{safety}")
        self.restored.emit(result)

    def check(self) -> None:
        self._run(
            lambda progress: check_store(self.store, progress.report),
            self._checked,
            "正在检查数据……",
        )

    def _checked(self, report: CheckReport) -> None:
        self.status.setText(
            "数据检查完成：未发现问题。"
            if report.ok
            else f"数据检查发现 {len(report.problems)} 个问题，见下方报告。"
        )
        if not report.ok:
            box = QDialog(self)
            box.setWindowTitle("数据检查报告")
            layout = QVBoxLayout(box)
            text = QPlainTextEdit(report.text())
            text.setReadOnly(True)
            layout.addWidget(text)
            close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            close.rejected.connect(box.reject)
            layout.addWidget(close)
            place_window(box, "check_report", (560, 360), store=self.store)
            box.open()

    # --- running one task ---------------------------------------------------------------------

    def _run(self, work: Any, done: Any, message: str, *, cancellable: bool = True) -> None:
        self._busy(True, cancellable)
        self.status.setText(message)
        job = BackgroundJob(lambda progress: _translated(work, progress), self)
        job.progressed.connect(self._progress)
        job.finished.connect(lambda result: self._finished(done, result))
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        self.job = job
        job.start()

    def _finished(self, done: Any, result: Any) -> None:
        self._busy(False)
        done(result)
        self.list_backups()

    def _cancelled(self) -> None:
        self._busy(False)
        self.status.setText("已取消，未做任何更改。")

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _failed(self, message: str) -> None:
        self._busy(False)
        self.status.setText("")
        plain.warning(self, "备份与恢复", message)

    def _busy(self, busy: bool, cancellable: bool = True) -> None:
        for button in (self.backup_button, self.restore_button, self.check_button):
            button.setEnabled(not busy)
        if not busy and self.store.read_only:
            self.restore_button.setEnabled(False)
        self.bar.setVisible(busy)
        self.bar.setRange(0, 0)
        self.cancel_button.setVisible(busy and cancellable)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def reject(self) -> None:
        if self.job is not None and self.job.running:
            return  # a backup or restore must finish (or be cancelled) before the dialog closes
        super().reject()


def _translated(work: Any, progress: Progress) -> Any:
    """A backup's own cancellation is the job's: reported as cancelled, not as a failure."""
    try:
        return work(progress)
    except Cancelled:
        raise PacketCancelled from None
