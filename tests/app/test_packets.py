"""app/packets without the GUI: files written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.packets import FILE_IN_USE, PacketWriteError, write_file


def test_write_file_replaces_the_old_file_and_leaves_no_part(tmp_path):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    write_file(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_a_file_open_in_another_program_is_named_as_such_and_stays_as_it_was(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"the packet the user has open")

    def locked(self, other):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(Path, "replace", locked)
    with pytest.raises(PacketWriteError) as refused:
        write_file(target, b"new")
    assert FILE_IN_USE in str(refused.value) and str(target) in str(refused.value)
    monkeypatch.undo()
    assert target.read_bytes() == b"the packet the user has open"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_an_unwritable_folder_is_not_mistaken_for_a_file_in_use(tmp_path, monkeypatch):
    def denied(self, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_bytes", denied)
    with pytest.raises(PacketWriteError, match="没有读取或写入权限") as refused:
        write_file(tmp_path / "a.pdf", b"new")
    assert FILE_IN_USE not in str(refused.value) and "请换一个文件夹" in str(refused.value)
    assert list(tmp_path.iterdir()) == []
