"""app/packets without the GUI: files written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.files import FILE_IN_USE, FileWriteError, write_file
from app.packets import safe_pdf_name, write_packets


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
    with pytest.raises(FileWriteError) as refused:
        write_file(target, b"new")
    assert FILE_IN_USE in str(refused.value) and str(target) in str(refused.value)
    monkeypatch.undo()
    assert target.read_bytes() == b"the packet the user has open"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_an_unwritable_folder_is_not_mistaken_for_a_file_in_use(tmp_path, monkeypatch):
    def denied(self, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_bytes", denied)
    with pytest.raises(FileWriteError, match="没有读取或写入权限") as refused:
        write_file(tmp_path / "a.pdf", b"new")
    assert FILE_IN_USE not in str(refused.value) and "请换一个文件夹" in str(refused.value)
    assert list(tmp_path.iterdir()) == []


# --- file names ----------------------------------------------------------------------------------


def test_a_file_name_keeps_no_character_windows_refuses():
    assert safe_pdf_name("GX20260000042", "孵化基地") == "GX20260000042_孵化基地.pdf"
    assert safe_pdf_name("GX/1:2", 'a<b>?"c|d*\x07') == "GX_1_2_a_b_c_d.pdf"
    assert safe_pdf_name("", "审核意见表") == "未编号_审核意见表.pdf"
    assert len(safe_pdf_name("GX1", "长" * 200).removesuffix(".pdf")) == 80


def test_packets_of_the_same_name_get_numbered_files_told_apart_without_case(tmp_path):
    from dataclasses import replace

    from forms.applicant import APPLICANT
    from forms.core.validation import validate
    from forms.packet import packet_from_document
    from tests.helpers.examples import example_document

    doc = example_document("enclave")
    packet = packet_from_document(doc, validate(doc.definition, doc.form), APPLICANT)
    lower, upper = replace(packet, number="gx1"), replace(packet, number="GX1")
    sources = [("一", lambda: lower), ("二", lambda: upper), ("三", lambda: lower)]
    result = write_packets(sources, tmp_path, one_file=False)
    stem = safe_pdf_name("gx1", doc.definition.title_of(doc.form)).removesuffix(".pdf")
    upper_stem = "GX1" + stem.removeprefix("gx1")
    assert [p.name for p in result.written] == [
        f"{stem}.pdf",
        f"{upper_stem}_2.pdf",
        f"{stem}_3.pdf",
    ]
    assert all(p.exists() for p in result.written)
