"""数据检查 finds what is damaged and says what to do; a whole store passes."""

from __future__ import annotations

import sqlite3

import pytest

from db.check import check_store
from tests.helpers.copies import open_copy, submit


def _database(copy):
    return copy.store.engine.url.database


def test_a_whole_store_passes(full_office):
    report = check_store(full_office.store)
    assert report.ok, report.problems
    assert "未发现问题" in report.text() and "2 份申报的内容" in report.text()


@pytest.mark.sqlite_only(reason="damage is written into the SQLite file with its foreign keys off")
def test_damaged_content_attachment_and_orphans_are_each_reported(tmp_path):
    copy = open_copy(tmp_path / "pc")
    app_id = submit(copy)
    copy.store.add_attachment(app_id, "营业执照.pdf", b"%PDF-1.4 licence")
    submit(copy, "rd_subsidy")
    with sqlite3.connect(_database(copy)) as connection:
        connection.execute("UPDATE attachments SET content = X'00' WHERE name = '营业执照.pdf'")
        connection.execute(
            "UPDATE application_contents SET data = '{oops' WHERE application_id = ?", (app_id,)
        )
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("INSERT INTO search_terms (term, application_id) VALUES ('测试', 999)")
    connection.close()
    seen = []
    report = check_store(copy.store, progress=lambda done, total: seen.append((done, total)))
    text = report.text()
    assert not report.ok and len(report.problems) == 3, report.problems
    assert "营业执照.pdf" in text and "校验值不符" in text
    assert "内容已损坏" in text and "失去了关联" in text and "从最近的备份恢复" in text
    assert seen[-1] == (4, 4)
