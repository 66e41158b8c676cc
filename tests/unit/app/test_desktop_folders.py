"""Where a save or open dialog starts belongs to one computer, not to the office's shared store:
a folder that wangfang saved to on her computer is no starting point on lisi's."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import PDF_FOLDER_KEY, last_folder, remember_folder
from db.repository import Store


def test_a_folder_remembered_on_one_desktop_is_not_offered_on_another(
    server_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(server_database)
    try:
        monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "wangfang-pc"))
        remember_folder(store, PDF_FOLDER_KEY, tmp_path / "wangfang-desktop")
        assert last_folder(store, PDF_FOLDER_KEY) == tmp_path / "wangfang-desktop"

        monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "lisi-pc"))
        assert last_folder(store, PDF_FOLDER_KEY) == Path.home()
        remember_folder(store, PDF_FOLDER_KEY, tmp_path / "lisi-documents")

        monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "wangfang-pc"))
        assert last_folder(store, PDF_FOLDER_KEY) == tmp_path / "wangfang-desktop"
    finally:
        store.close()


def test_a_store_of_one_computer_still_remembers_its_folders(store: Store, tmp_path: Path) -> None:
    remember_folder(store, PDF_FOLDER_KEY, tmp_path / "documents")
    assert last_folder(store, PDF_FOLDER_KEY) == tmp_path / "documents"


def test_an_unreadable_desktop_file_only_forgets_the_folder(
    server_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "pc"))
    (tmp_path / "pc").mkdir()
    (tmp_path / "pc" / "desktop.json").write_text("{not json", encoding="utf-8")
    store = Store.open(server_database)
    try:
        assert last_folder(store, PDF_FOLDER_KEY) == Path.home()
        remember_folder(store, PDF_FOLDER_KEY, tmp_path / "documents")
        assert last_folder(store, PDF_FOLDER_KEY) == tmp_path / "documents"
    finally:
        store.close()


def test_a_desktop_file_that_cannot_be_written_is_said_in_chinese_with_the_fix(
    tmp_path: Path,
) -> None:
    from app.settings import DesktopSettings
    from db.errors import StoreError

    (tmp_path / "pc").write_text("a file where the settings folder should be", encoding="utf-8")
    settings = DesktopSettings(tmp_path / "pc" / "desktop.json")
    with pytest.raises(StoreError) as refused:
        settings.set_setting(PDF_FOLDER_KEY, str(tmp_path))
    message = refused.value.message
    assert "desktop.json" in message and "请检查" in message
    assert "Errno" not in message and "exists" not in message  # no English from the system
    assert settings.get_setting(PDF_FOLDER_KEY) is None


def test_a_desktop_file_is_written_whole_and_read_back(tmp_path: Path) -> None:
    from app.settings import DesktopSettings

    settings = DesktopSettings(tmp_path / "pc" / "desktop.json")
    settings.set_setting(PDF_FOLDER_KEY, "C:\\Users\\王芳\\Desktop")
    settings.set_setting("other", "x")
    assert settings.get_setting(PDF_FOLDER_KEY) == "C:\\Users\\王芳\\Desktop"
    assert settings.get_setting("other") == "x"
    assert [p.name for p in (tmp_path / "pc").iterdir()] == ["desktop.json"]
