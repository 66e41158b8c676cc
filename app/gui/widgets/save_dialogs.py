"""Save dialogs that open in the folder last saved to, with the file's suffix made sure of."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.settings import last_folder
from db.repository import Store
from forms.core.file_names import safe_file_name


def with_suffix(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix`` (``.pdf``), added when the user typed a bare name."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def ask_save_path(
    parent: QWidget,
    title: str,
    file_name: str,
    file_filter: str,
    *,
    store: Store | None,
    folder_key: str,
    suffix: str,
) -> Path | None:
    """Ask where to save ``file_name``, starting in the folder remembered under ``folder_key``;
    None when cancelled. The caller calls ``app.settings.remember_folder`` once written.
    ``file_name`` is made one safe name here too: it may be built from received data."""
    file_name = safe_file_name(file_name, "", "未命名")
    chosen, _ = QFileDialog.getSaveFileName(
        parent, title, str(last_folder(store, folder_key) / file_name), file_filter
    )
    return with_suffix(Path(chosen), suffix) if chosen else None
