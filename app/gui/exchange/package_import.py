"""导入申报包 (park office) and 导入审核决定 (enterprise): many files, on a worker thread.

The dialog runs app/package_imports.import_packages on a BackgroundJob with a progress bar;
取消 stops between two packages (each is all-or-nothing, so what came in stays). Afterwards it
lists every file with its result and signer, offers the report to copy or save, and lets the
user accept a sender's changed key once its fingerprint is confirmed by phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.files import write_file
from app.gui.exchange.accept_key import AcceptKeyDialog
from app.gui.exchange.import_results import ImportRowsModel, ImportRowsView, row_details
from app.gui.widgets import plain
from app.gui.widgets.background import BackgroundJob, Progress, connect_queued
from app.gui.widgets.errors import shows_errors
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.save_dialogs import ask_save_path
from app.gui.widgets.window_geometry import place_window, resize_within_screen
from app.package_imports import ImportRow, ImportRun, PackageKind, import_packages, package_files
from app.settings import last_folder, remember_folder
from db.repository import SYSTEM_ACTOR, Store
from db.trust import KeyAcceptance

if TYPE_CHECKING:
    from app.gui.officers.officer import OfficerSession

FOLDER_SETTING = "package_import_folder"  # where the last packages were picked from


class PackageImportDialog(QDialog):
    """Imports ``paths`` once started; ``imported`` is emitted whenever the store changed.

    With an officer ``session`` (the park office), accepting a changed key is done by whoever is
    signed in at that moment (asked for if nobody is), not by the officer who opened the dialog.
    """

    imported = Signal()

    def __init__(
        self,
        store: Store,
        kind: PackageKind | str,
        paths: Sequence[Path],
        parent: QWidget | None = None,
        *,
        actor: str = SYSTEM_ACTOR,
        session: OfficerSession | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.kind = PackageKind(kind)
        self.paths = [Path(p) for p in paths]
        self.actor = actor
        self.session = session
        self.job: BackgroundJob | None = None
        self.run: ImportRun | None = None
        self._running: list[Path] = []  # the files of the job under way
        noun = self.kind.noun
        self.setWindowTitle(f"导入{noun}")
        place_window(self, "package_import")
        self.setMinimumWidth(560)

        self.intro = PlainLabel(
            f"共 {len(self.paths)} 个{noun}。每个文件逐一检查签名、校验值和内容，"
            "要么完整导入，要么不做任何更改；取消后，已导入的保留。",
            self,
        )
        self.intro.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, max(1, len(self.paths)))
        self.progress.setValue(0)
        self.progress.setFormat("%v / %m 个")
        self.status = PlainLabel("", self)
        self.status.setWordWrap(True)

        self.model = ImportRowsModel(self)
        self.table = ImportRowsView(self.model, self)
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("选中一行，查看该文件的完整说明")
        self.details.setFixedHeight(132)

        self.accept_key_button = QPushButton("核对指纹后接受新密钥…", self)
        self.accept_key_button.setToolTip("对方更换了密钥：电话核对新指纹后，重新导入这些文件")
        self.accept_key_button.clicked.connect(self.confirm_new_key)
        self.copy_button = QPushButton("复制报告", self)
        self.copy_button.setToolTip("复制每个文件的结果和说明，便于把拒收原因发回对方")
        self.copy_button.clicked.connect(self.copy_report)
        self.save_button = QPushButton("保存报告…", self)
        self.save_button.clicked.connect(self.save_report)
        self.close_button = QPushButton("取消", self)
        self.close_button.clicked.connect(self.cancel_or_close)

        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_key_button)
        buttons.addStretch(1)
        for button in (self.copy_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = self.box = QVBoxLayout(self)
        for widget in (self.intro, self.progress, self.status, self.table, self.details):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self._show_results(False)

    # --- running ------------------------------------------------------------------------------

    def start(
        self,
        paths: Sequence[Path] | None = None,
        accept_key: KeyAcceptance | None = None,
        actor: str | None = None,
    ) -> None:
        """Import ``paths`` (all the dialog's files by default) on a worker thread, as ``actor``
        (the dialog's by default)."""
        files = list(self.paths if paths is None else paths)
        store, kind, actor = self.store, self.kind, actor or self.actor

        def work(progress: Progress) -> ImportRun:
            return import_packages(
                store,
                kind,
                files,
                actor=actor,
                accept_key=accept_key,
                progress=progress.report,
                cancelled=lambda: progress.cancelled,
            )

        job = BackgroundJob(work, self)
        connect_queued(job.progressed, self._progressed)
        connect_queued(job.finished, self._finished)
        connect_queued(job.failed, self._failed)
        self.job, self._running = job, files
        self.progress.setRange(0, max(1, len(files)))
        self.progress.setValue(0)
        self.status.setText(f"正在导入，共 {len(files)} 个文件……")
        self.close_button.setText("取消")
        for button in (self.accept_key_button, self.copy_button, self.save_button):
            button.setEnabled(False)
        job.start()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setValue(done)
        if done < total and self.job is not None and not self.job.is_cancelled:
            name = self._running[done].name
            self.status.setText(f"正在导入 {name}（第 {done + 1} / {total} 个）")

    def _finished(self, run: ImportRun) -> None:
        self.job = None
        if self.run is None:
            self.run = run
        else:  # a second attempt on some files: their new rows replace the refusals
            self.run.replace_rows(run.rows)
            self.run.cancelled = self.run.cancelled or run.cancelled
            self.run.stopped = self.run.stopped or run.stopped
        self.progress.setValue(len(run.rows))
        self.model.set_rows(self.run.rows)
        self.status.setText(self.run.summary())
        self._show_results(True)
        if run.changed_store:
            self.imported.emit()

    def _failed(self, message: str) -> None:
        self.job = None
        self.status.setText(f"导入失败：{message}。已导入的申报不受影响。")
        self.close_button.setText("关闭")
        plain.critical(self, f"导入{self.kind.noun}", message)

    def _show_results(self, shown: bool) -> None:
        for widget in (self.table, self.details):
            widget.setVisible(shown)
        self.accept_key_button.setVisible(shown and self._key_changed_rows() != [])
        for button in (self.accept_key_button, self.copy_button, self.save_button):
            button.setEnabled(shown)
        self.copy_button.setVisible(shown)
        self.save_button.setVisible(shown)
        if shown:
            self.close_button.setText("关闭")
            resize_within_screen(self, max(self.width(), 1080), max(self.height(), 600))
            changed = self._key_changed_rows()
            first = changed[0] if changed else 0
            if self.model.rowCount():
                self.table.selectRow(first)

    def _row_chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = self._current_row()
        self.details.setPlainText(row_details(row) if row is not None else "")

    def _current_row(self) -> ImportRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def cancel_or_close(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(f"正在取消：当前这个{self.kind.noun}导入完后停止，已导入的保留……")
        else:
            self.accept()

    def reject(self) -> None:  # Esc or the window's close box while running cancels, then waits
        if self.job is not None:
            self.cancel_or_close()
            return
        super().reject()

    # --- keys ---------------------------------------------------------------------------------

    def _key_changed_rows(self) -> list[int]:
        return [i for i, r in enumerate(self.model.rows) if r.key_changed]

    def confirm_new_key(self) -> None:
        """Ask for the new fingerprint of the chosen (or first) key-changed row; if confirmed,
        import again the files refused for that same key AND the same sender (code and zone),
        accepting it for that sender only."""
        chosen = self._current_row()
        if chosen is None or not chosen.key_changed:
            changed = self._key_changed_rows()
            if not changed:
                return
            chosen = self.model.rows[changed[0]]
        signer = chosen.signer
        assert signer is not None
        actor = self.actor
        if self.session is not None:  # trusting a key is the signed-in officer's act
            account = self.session.require(self)
            if account is None:
                return
            actor = account.actor
        acceptance = KeyAcceptance.of(signer)
        # only this sender's files: the same key for another code (or zone) stays refused
        files = [
            r.path
            for r in self.model.rows
            if r.key_changed and r.signer is not None and KeyAcceptance.of(r.signer) == acceptance
        ]
        dialog = AcceptKeyDialog(signer, chosen.old_fingerprint, len(files), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.confirmed:
            return
        self.start(files, accept_key=acceptance, actor=actor)

    # --- the report ---------------------------------------------------------------------------

    def report(self) -> str:
        return self.run.report() if self.run is not None else ""

    def copy_report(self) -> None:
        QApplication.clipboard().setText(self.report())
        self.status.setText(f"{self.run.summary() if self.run else ''}。报告已复制。")

    def save_report(self) -> None:
        target = ask_save_path(
            self,
            "保存导入报告",
            f"{self.kind.noun}导入报告.txt",
            "文本文件 (*.txt)",
            store=self.store,
            folder_key=FOLDER_SETTING,
            suffix=".txt",
        )
        if target is None:
            return
        with shows_errors(self, "保存导入报告") as refused:
            write_file(target, self.report().encode("utf-8-sig"))  # Notepad reads it as UTF-8
        if refused:
            return
        self.status.setText(f"{self.run.summary() if self.run else ''}。报告已保存到 {target}。")


# --- entry points ---------------------------------------------------------------------------


def _file_filter(kind: PackageKind) -> str:
    return f"{kind.noun} (*{kind.suffix});;所有文件 (*)"


def _open(
    parent: QWidget | None,
    store: Store,
    kind: PackageKind,
    paths: list[Path],
    actor: str,
    session: OfficerSession | None,
    *,
    remember: bool = True,
) -> PackageImportDialog:
    if remember:
        remember_folder(store, FOLDER_SETTING, paths[0].parent)
    dialog = PackageImportDialog(store, kind, paths, parent, actor=actor, session=session)
    dialog.open()
    dialog.start()
    return dialog


def choose_and_import(
    parent: QWidget | None,
    store: Store,
    kind: PackageKind | str = PackageKind.SUBMISSION,
    *,
    actor: str = SYSTEM_ACTOR,
    session: OfficerSession | None = None,
) -> PackageImportDialog | None:
    """Pick one or more package files and import them; None if the user picked nothing."""
    kind = PackageKind(kind)
    names, _ = QFileDialog.getOpenFileNames(
        parent,
        f"选择要导入的{kind.noun}（可多选）",
        str(last_folder(store, FOLDER_SETTING)),
        _file_filter(kind),
    )
    if not names:
        return None
    return _open(parent, store, kind, [Path(n) for n in names], actor, session)


def import_given_files(
    parent: QWidget | None,
    store: Store,
    kind: PackageKind | str,
    paths: Sequence[Path],
    *,
    actor: str = SYSTEM_ACTOR,
    session: OfficerSession | None = None,
) -> PackageImportDialog:
    """Import files the program was asked to open (a double click): the menu's dialog, without
    taking their folder for the next file dialog's."""
    return _open(parent, store, PackageKind(kind), list(paths), actor, session, remember=False)


def choose_folder_and_import(
    parent: QWidget | None,
    store: Store,
    kind: PackageKind | str = PackageKind.SUBMISSION,
    *,
    actor: str = SYSTEM_ACTOR,
    session: OfficerSession | None = None,
) -> PackageImportDialog | None:
    """Pick a folder and import every package file of ``kind`` directly in it."""
    kind = PackageKind(kind)
    chosen = QFileDialog.getExistingDirectory(
        parent,
        f"选择存放{kind.noun}的文件夹",
        str(last_folder(store, FOLDER_SETTING)),
    )
    if not chosen:
        return None
    folder = Path(chosen)
    try:
        paths = package_files(folder, kind)
    except OSError:
        plain.warning(
            parent, f"导入{kind.noun}", f"无法读取文件夹 {folder}：请检查它是否存在、是否有权限"
        )
        return None
    if not paths:
        plain.information(
            parent,
            f"导入{kind.noun}",
            f"文件夹 {folder} 中没有{kind.noun}（*{kind.suffix}）。子文件夹中的文件请另行选择。",
        )
        return None
    return _open(parent, store, kind, paths, actor, session)
