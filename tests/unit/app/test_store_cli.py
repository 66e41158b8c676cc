"""gxapply backup / restore / check, as a script or a new PC would run them."""

from __future__ import annotations

import sqlite3

import pytest

from app.cli import main
from db.repository import Store
from tests.helpers.examples import example_document

pytestmark = pytest.mark.sqlite_only(
    reason="a backup is SQLite's online copy of the store file; check's damage is written into the file"
)


def test_backup_restore_onto_a_new_data_folder_and_check(tmp_path, capsys):
    old = f"sqlite:///{tmp_path / 'old' / 'store.sqlite3'}"
    store = Store.open(old)
    store.import_document(example_document("incubator"))
    store.close()
    backup = tmp_path / "备份.gxbak"
    assert main(["--db", old, "backup", "-o", str(backup)]) == 0
    assert "申报 1 份" in capsys.readouterr().out

    new = f"sqlite:///{tmp_path / 'new' / 'store.sqlite3'}"
    assert main(["--db", new, "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert "已恢复" in out and "恢复前的数据已另存为" in out
    assert Store.open(new).count_applications() == 1

    assert main(["--db", new, "check"]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_check_reports_damage_and_exits_1(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    store = Store.open(url)
    app_id = store.import_document(example_document("incubator"))
    store.add_attachment(app_id, "营业执照.pdf", b"%PDF-1.4 licence")
    store.close()
    with sqlite3.connect(tmp_path / "store.sqlite3") as connection:
        connection.execute("UPDATE attachments SET content = X'00'")
    connection.close()
    assert main(["--db", url, "check"]) == 1
    assert "营业执照.pdf" in capsys.readouterr().err


def test_a_bad_backup_is_refused_without_a_traceback(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    bogus = tmp_path / "x.gxbak"
    bogus.write_bytes(b"PK not really")
    assert main(["--db", url, "restore", str(bogus)]) == 2
    err = capsys.readouterr().err
    assert "不是可用的备份" in err and "Traceback" not in err
