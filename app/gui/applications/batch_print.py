"""批量打印: the packets of the applications chosen in the list, as one PDF or one file each.

The packets are built on a worker thread; the dialog shows a progress bar and 取消 stops the
batch at the next page. Files already written stay; a combined PDF is written only when whole.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.widgets import plain
from app.gui.widgets.background import BackgroundJob, Progress, connect_queued
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.save_dialogs import ask_save_path, with_suffix
from app.gui.widgets.window_geometry import place_window, resize_within_screen
from app.packets import BatchResult, print_batch
from app.settings import PDF_FOLDER_KEY, last_folder, remember_folder
from db.repository import Store
from forms.packet import PacketOptions


class BatchPrintDialog(QDialog):
    def __init__(
        self, store: Store, application_ids: list[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.application_ids = application_ids
        self.job: BackgroundJob | None = None
        self.batch_result: BatchResult | None = None
        self.setWindowTitle("批量打印申报材料")
        place_window(self, "batch_print")
        self.setMinimumWidth(520)

        intro = PlainLabel(
            f"已选 {len(application_ids)} 份申报。每份生成完整的申报材料"
            "（封面、目录、表单、自查表、附件清单、诚信承诺书）。",
            self,
        )
        intro.setWordWrap(True)
        self.one_file = QRadioButton("合并为一个 PDF 文件（便于一次打印）", self)
        self.each_file = QRadioButton("每份申报单独一个 PDF 文件（保存到一个文件夹）", self)
        self.one_file.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.one_file)
        group.addButton(self.each_file)
        self.attach = QCheckBox("附上图片和 PDF 附件", self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, len(application_ids))
        self.progress.setFormat("%v / %m 份")
        self.progress.hide()  # an empty bar looks like a text box: shown once it has a value
        self.status = PlainLabel("选好方式后点“开始生成”，生成时可随时取消。", self)
        self.status.setWordWrap(True)
        self.start_button = QPushButton("开始生成…", self)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.choose_target)
        self.cancel_button = QPushButton("取消", self)
        self.cancel_button.clicked.connect(self.cancel_or_close)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        layout = self.box = QVBoxLayout(self)
        for widget in (
            intro,
            self.one_file,
            self.each_file,
            self.attach,
            self.progress,
            self.status,
        ):
            layout.addWidget(widget)
        layout.addLayout(buttons)

    def choose_target(self) -> None:
        if self.one_file.isChecked():
            target = ask_save_path(
                self,
                "保存合并的申报材料",
                f"申报材料（{len(self.application_ids)} 份）.pdf",
                "PDF 文件 (*.pdf)",
                store=self.store,
                folder_key=PDF_FOLDER_KEY,
                suffix=".pdf",
            )
        else:
            chosen = QFileDialog.getExistingDirectory(
                self, "选择保存申报材料的文件夹", str(last_folder(self.store, PDF_FOLDER_KEY))
            )
            target = Path(chosen) if chosen else None
        if target is not None:
            self.start(target)

    def start(self, target: Path) -> None:
        """Build the packets into ``target`` (a .pdf, or a folder when one file each)."""
        one_file = self.one_file.isChecked()
        if one_file:
            target = with_suffix(target, ".pdf")
        options = PacketOptions(append_attachments=self.attach.isChecked())
        store, ids = self.store, list(self.application_ids)

        def work(progress: Progress) -> BatchResult:
            return print_batch(
                store,
                ids,
                target,
                one_file=one_file,
                options=options,
                progress=progress.report,
                cancelled=lambda: progress.cancelled,
            )

        job = BackgroundJob(work, self)
        connect_queued(job.progressed, self._progressed)
        connect_queued(job.finished, lambda result: self._finished(target, result))
        connect_queued(job.failed, self._failed)
        connect_queued(job.cancelled, self._cancelled)
        self.job = job
        for widget in (self.one_file, self.each_file, self.attach, self.start_button):
            widget.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText("正在生成，可随时取消……")
        job.start()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setValue(done)

    def _finished(self, target: Path, result: BatchResult) -> None:
        self.job = None
        self.batch_result = result
        self.progress.setValue(self.progress.maximum())
        one_file = self.one_file.isChecked()
        if result.written:  # the next save dialog opens where these went
            remember_folder(self.store, PDF_FOLDER_KEY, target.parent if one_file else target)
        where = target if one_file else f"文件夹 {target}"
        lines = [f"已生成 {len(result.written)} 个 PDF 文件，保存在 {where}。"]
        if result.drafts:
            lines.append(
                f"其中 {len(result.drafts)} 份有未通过的必须项，已按草稿打印（每页印有“草稿”）。"
            )
        if result.failed:
            lines.append("以下申报未能生成：\n" + "\n".join(result.failed))
        self.status.setText("\n".join(lines))
        self._done_buttons()
        box = plain.warning if result.failed else plain.information
        box(self, "批量打印", "\n".join(lines))

    def _failed(self, message: str) -> None:
        self.job = None
        self.status.setText(f"生成失败：{message}")
        self._done_buttons()
        plain.critical(self, "批量打印失败", f"{message}\n\n已保存的申报没有受到影响。")

    def _cancelled(self) -> None:
        self.job = None
        self.status.setText(
            "已取消：合并文件未生成；逐份生成时，取消前已完成的文件保留在文件夹中。"
        )
        self._done_buttons()

    def _done_buttons(self) -> None:
        # the summary may take several lines: grow the dialog rather than clip the text
        needed = self.box.totalHeightForWidth(self.width())
        if needed > self.height():
            resize_within_screen(self, self.width(), needed)
        self.cancel_button.setText("关闭")
        self.start_button.setEnabled(True)
        for widget in (self.one_file, self.each_file, self.attach):
            widget.setEnabled(True)

    def cancel_or_close(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText("正在取消……")
        else:
            self.reject()

    def reject(self) -> None:  # Esc while running cancels first
        if self.job is not None:
            self.job.cancel()
        super().reject()
