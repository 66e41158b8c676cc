"""文件 › 导入申报文件: application files (JSON) chosen in a dialog, several at once, imported as
new drafts off the GUI thread, all or none, with the command line's messages
(app/application_files.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.application_files import FilesImported, import_application_files
from app.gui.widgets import plain
from app.gui.widgets.background import BackgroundJob, Progress, connect_queued
from app.settings import last_folder, remember_folder
from db.repository import Store

FOLDER_SETTING = "application_files_folder"
FILE_FILTER = "申报文件 (*.json);;所有文件 (*)"
TITLE = "导入申报文件"


class FileImport(BackgroundJob):
    """One import of application files; ``done`` with the ids of the new drafts (empty when
    nothing was imported) once its result has been shown."""

    def __init__(
        self,
        parent: QWidget,
        store: Store,
        paths: Sequence[Path],
        opened: Callable[[list[int]], None] | None = None,
    ) -> None:
        files = list(paths)

        def work(_progress: Progress) -> FilesImported:
            return import_application_files(store, files)

        super().__init__(work, parent)
        self.parent_widget = parent
        self.paths = files
        self.result: FilesImported | None = None
        self.refusal: str | None = None
        self._opened = opened
        connect_queued(self.finished, self._show_result)
        connect_queued(self.failed, self._show_refusal)

    def _show_result(self, result: FilesImported) -> None:
        self.result = result
        count = len(result.drafts)
        plain.information(
            self.parent_widget,
            TITLE,
            f"已从 {len(self.paths)} 个文件导入 {count} 份申报，均为草稿，"
            "已列在“我的申报”中：\n\n" + "\n".join(result.lines()),
        )
        if self._opened is not None:
            self._opened(list(result.ids))

    def _show_refusal(self, message: str) -> None:
        self.refusal = message
        plain.warning(
            self.parent_widget,
            "未导入申报文件",
            f"{message}\n\n所选文件都没有导入（要么全部导入，要么都不导入）。"
            "请改正文件中的问题，或不选这个文件，然后重新导入。",
        )


def import_files(
    parent: QWidget,
    store: Store,
    paths: Sequence[Path],
    opened: Callable[[list[int]], None] | None = None,
) -> FileImport:
    """Import ``paths`` on a worker thread; the result is shown when it ends."""
    job = FileImport(parent, store, paths, opened)
    job.start()
    return job


def choose_and_import_files(
    parent: QWidget, store: Store, opened: Callable[[list[int]], None] | None = None
) -> FileImport | None:
    """Pick one or more application files (JSON) and import them; None if none was picked."""
    names, _ = QFileDialog.getOpenFileNames(
        parent,
        "选择要导入的申报文件（JSON，可多选）",
        str(last_folder(store, FOLDER_SETTING)),
        FILE_FILTER,
    )
    if not names:
        return None
    paths = [Path(n) for n in names]
    remember_folder(store, FOLDER_SETTING, paths[0].parent)
    return import_files(parent, store, paths, opened)
