"""Importing package files: the worker (app/package_imports.py) and the dialog that runs it.

An enterprise copy exports real packages into a folder; the park office copy imports them, good,
duplicate, spoiled and unreadable together. The enterprise imports the office's decisions.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from app.package_imports import (
    REPORT_INTERVAL,
    ImportRun,
    Outcome,
    PackageKind,
    import_packages,
    package_files,
)
from app.settings import last_folder
from db.errors import StoreBusyError, StoreError
from db.exchange import Exchange
from db.identity import OWN_APPLICANT_SETTING
from db.trust import KeyAcceptance, KeyStatus, known_keys
from forms.applicant import ApplicantProfile
from forms.core.workflow import Status
from forms.exchange import container
from forms.exchange.review import Outcome as Verdict
from forms.exchange.review import Reason
from tests.helpers.copies import Copy, dump, officer, open_copy, submit
from tests.helpers.examples import example_document, example_json
from tests.helpers.exchange_kit import decision_for, edit_data, make_package, office_signer, respun
from tests.helpers.scenarios import export
from tests.helpers.windows import answering, finished


@pytest.fixture
def office(tmp_path) -> Copy:
    return open_copy(tmp_path / "office", "enclave")  # 南宁高新区管委会, where the examples go


@pytest.fixture
def mail(tmp_path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


def new_key_package(folder: Path) -> tuple[Path, str]:
    """A package of the same firm signed with another key (a reinstalled copy, or not)."""
    data, key = make_package(replace(example_document("incubator"), uid=str(uuid.uuid4())))
    path = folder / "重装后导出.gxpkg"
    path.write_bytes(data)
    return path, key.fingerprint


def outcomes(run: ImportRun) -> list[tuple[str, Outcome]]:
    return [(r.path.name, r.outcome) for r in run.rows]


# --- the worker ---------------------------------------------------------------------------------


def test_good_duplicate_spoiled_and_unreadable_files_each_get_their_row(enterprise, office, mail):
    good = export(enterprise, mail, 3)
    again = mail / "再发一次.gxpkg"
    again.write_bytes(good[0].read_bytes())
    truncated = mail / "截断.gxpkg"
    truncated.write_bytes(good[1].read_bytes()[:2000])
    tampered = mail / "被改动.gxpkg"
    key = enterprise.exchange.key
    tampered.write_bytes(
        respun(
            good[2].read_bytes(),
            key,
            lambda _m, members: edit_data(members, carrier_name="别人的载体"),
            update_digests=False,
        )
    )
    missing = mail / "不存在.gxpkg"
    folder = mail / "像文件的文件夹.gxpkg"
    folder.mkdir()
    paths = [*good, again, truncated, tampered, missing, folder]

    run = import_packages(office.store, "submission", paths)

    assert [o for _, o in outcomes(run)] == [Outcome.IMPORTED] * 3 + [Outcome.DUPLICATE] + [
        Outcome.REFUSED
    ] * 4
    assert run.summary().startswith("导入 3 份，重复 1 份，拒收 4 份")
    assert "首次收到的密钥，请电话核对指纹" in run.summary()
    first, *_ = run.rows
    assert first.signer is not None and first.signer.key_status is KeyStatus.NEW
    assert first.new_key and "请与对方核对" in first.explanation()  # the importer's note
    assert run.rows[1].signer is not None and run.rows[1].signer.key_status is KeyStatus.KNOWN
    assert "已导入过" in run.rows[3].message
    by_name = {r.path.name: r for r in run.rows}
    assert "截断.gxpkg" in by_name["截断.gxpkg"].message
    assert by_name["被改动.gxpkg"].code == "checksum"
    assert "文件不存在" in by_name["不存在.gxpkg"].message
    assert "这是一个文件夹" in by_name["像文件的文件夹.gxpkg"].message
    assert all(r.signer is None for r in run.rows[4:])
    assert office.review.queue()[1] == 3
    assert run.changed_store and not run.cancelled

    assert first.brief().startswith("已接收：") and "签名人" not in first.brief()
    assert "注意：首次收到" in first.brief()
    assert by_name["截断.gxpkg"].brief().startswith("不完整或已损坏")

    report = run.report()
    assert "导入 3 份，重复 1 份，拒收 4 份" in report
    assert report.count(first.signer.describe()) == 1  # said once, in the import's message
    for refused in ("截断.gxpkg", "被改动.gxpkg", "不存在.gxpkg"):
        assert f"{refused}\t已拒收" in report
    assert "签名人：" in report


def test_only_duplicates_and_refusals_change_nothing(enterprise, office, mail):
    good = export(enterprise, mail, 1)
    import_packages(office.store, PackageKind.SUBMISSION, good)
    bad = mail / "空文件.gxpkg"
    bad.write_bytes(b"")
    before = dump(office.store)
    run = import_packages(office.store, PackageKind.SUBMISSION, [*good, bad])
    assert [o for _, o in outcomes(run)] == [Outcome.DUPLICATE, Outcome.REFUSED]
    assert not run.changed_store and run.imported == 0
    assert dump(office.store) == before


def test_a_file_the_system_cannot_read_is_refused_and_the_rest_come_in(
    enterprise, office, mail, monkeypatch
):
    good = export(enterprise, mail, 2)
    real = container.read_package_file

    def locked(path: Path, noun: str = "申报包") -> bytes:
        if path == good[0]:
            raise PermissionError(13, "denied")
        return real(path, noun)

    monkeypatch.setattr("app.package_imports.read_package_file", locked)
    run = import_packages(office.store, "submission", good)
    assert [o for _, o in outcomes(run)] == [Outcome.REFUSED, Outcome.IMPORTED]
    assert "没有读取或写入权限" in run.rows[0].message and good[0].name in run.rows[0].message


def test_an_oversize_file_is_refused_before_it_is_read(enterprise, office, mail, monkeypatch):
    good = export(enterprise, mail, 1)
    monkeypatch.setattr(
        container, "LIMITS", replace(container.LIMITS, max_file_bytes=good[0].stat().st_size - 1)
    )
    run = import_packages(office.store, "submission", good)
    assert run.rows[0].code == "file_too_large" and "过大" in run.rows[0].message


def test_a_returned_application_comes_back_as_a_new_revision(enterprise, office, mail):
    app_id = submit(enterprise)
    first = enterprise.exchange.export_package(app_id)
    office_id = office.exchange.import_package(first.content).application_id
    office.review.record_decision(
        office_id,
        Verdict.RETURN,
        officer=officer(office),
        reasons=[Reason(field_path="carrier_name", message="请核对名称")],
    )
    returned = office.decisions.export_decision(office_id)
    enterprise.decisions.import_decision(returned.content)
    enterprise.store.change_status(app_id, Status.READY)
    second = enterprise.exchange.export_package(app_id)
    path = mail / second.file_name
    path.write_bytes(second.content)

    run = import_packages(office.store, "submission", [path])
    assert outcomes(run) == [(path.name, Outcome.REVISION)]
    assert "第2版" in run.rows[0].message and run.changed_store
    assert run.summary() == "导入 1 份，重复 0 份，拒收 0 份（导入的含新版本 1 份）"


def test_cancel_stops_between_packages_and_keeps_what_came_in(enterprise, office, mail):
    paths = export(enterprise, mail, 5)
    run = import_packages(office.store, "submission", paths, cancelled=lambda: True)
    assert run.cancelled and run.rows == []  # the check comes before the first file too
    assert run.summary().startswith("已取消：取消前处理了 0 / 5 个申报包，导入 0 份")
    seen: list[Path] = []

    def progress(done: int, total: int) -> None:
        seen.append(paths[done]) if done < total else None

    run = import_packages(
        office.store,
        "submission",
        paths,
        progress=progress,
        cancelled=lambda: len(seen) >= 3,
        report_interval=0,
    )
    assert run.cancelled and run.imported == 3 and len(run.rows) == 3
    assert office.review.queue()[1] == 3
    assert run.summary().startswith("已取消：取消前处理了 3 / 5 个申报包，导入 3 份")
    assert "其余 2 个未导入" in run.summary()
    # importing them all again: the three are duplicates, the rest come in
    rest = import_packages(office.store, "submission", paths)
    assert [o for _, o in outcomes(rest)] == [Outcome.DUPLICATE] * 3 + [Outcome.IMPORTED] * 2


def test_progress_is_reported_at_a_sane_rate(enterprise, office, mail):
    paths = export(enterprise, mail, 3)
    every: list[tuple[int, int]] = []
    import_packages(office.store, "submission", paths, progress=lambda *a: every.append(a))
    assert REPORT_INTERVAL > 0 and every[0] == (0, 3) and every[-1] == (3, 3)
    spaced: list[tuple[int, int]] = []
    import_packages(
        office.store,
        "submission",
        paths,
        progress=lambda *a: spaced.append(a),
        report_interval=3600,
    )
    assert spaced == [(0, 3), (3, 3)]  # the first file, then the end: never a flood
    each: list[tuple[int, int]] = []
    import_packages(
        office.store, "submission", paths, progress=lambda *a: each.append(a), report_interval=0
    )
    assert each == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_a_store_error_stops_the_run_keeping_what_came_in(enterprise, office, mail, monkeypatch):
    paths = export(enterprise, mail, 3)
    real = Exchange.import_package

    def full_disk(self, data, source="", **kw):
        if source == paths[1].name:
            raise StoreError("磁盘空间不足，无法保存。请腾出空间后重试")
        return real(self, data, source, **kw)

    monkeypatch.setattr(Exchange, "import_package", full_disk)
    run = import_packages(office.store, "submission", paths)
    assert outcomes(run) == [(paths[0].name, Outcome.IMPORTED)]
    assert run.stopped.startswith(paths[1].name) and "磁盘空间不足" in run.stopped
    assert run.summary().startswith("导入中止：") and "其余 2 个未导入" in run.summary()


def test_a_moment_of_busy_store_does_not_stop_the_run(enterprise, office, mail, monkeypatch):
    paths = export(enterprise, mail, 3)
    real = Exchange.import_package
    busy = {paths[1].name: 2}  # the second file finds the store busy twice, then gets in

    def held(self, data, source="", **kw):
        if busy.get(source):
            busy[source] -= 1
            raise StoreBusyError("数据库被其他程序占用超过 5 秒，本次未保存。请稍后重试")
        return real(self, data, source, **kw)

    monkeypatch.setattr(Exchange, "import_package", held)
    run = import_packages(office.store, "submission", paths)
    assert [o for _, o in outcomes(run)] == [Outcome.IMPORTED] * 3
    assert not run.stopped


def test_a_store_busy_for_long_stops_the_run_and_says_so(enterprise, office, mail, monkeypatch):
    paths = export(enterprise, mail, 2)

    def held(self, data, source="", **kw):
        raise StoreBusyError("数据库被其他程序占用超过 5 秒，本次未保存。请稍后重试")

    monkeypatch.setattr(Exchange, "import_package", held)
    run = import_packages(office.store, "submission", paths)
    assert run.rows == [] and "占用" in run.stopped and "其余 2 个未导入" in run.summary()


def test_a_changed_key_is_refused_then_accepted_with_its_fingerprint(enterprise, office, mail):
    import_packages(office.store, "submission", export(enterprise, mail, 1))
    path, new_fingerprint = new_key_package(mail)
    before = dump(office.store)
    run = import_packages(office.store, "submission", [path])
    (row,) = run.rows
    assert row.outcome is Outcome.REFUSED and row.key_changed and row.code == "key_changed"
    assert row.signer is not None and row.signer.fingerprint == new_fingerprint
    assert row.signer.key_status is KeyStatus.CHANGED
    assert row.old_fingerprint == enterprise.exchange.fingerprint
    assert "因对方密钥更换被拒收" in run.summary()
    assert row.brief() == (
        f"签名密钥与本机记录的不同：原指纹 {enterprise.exchange.fingerprint}，"
        f"新指纹 {new_fingerprint}。电话核对后可接受新密钥"
    )
    assert row.signer_line() == row.signer.describe()  # the refusal does not name the signer
    assert f"本机记录的原密钥指纹：{enterprise.exchange.fingerprint}" in run.report()
    assert dump(office.store) == before

    uscc = row.signer.uscc
    wrong = import_packages(
        office.store, "submission", [path], accept_key=KeyAcceptance("0000-0000-0000-0000", uscc)
    )
    assert wrong.rows[0].key_changed and dump(office.store) == before
    accepted = import_packages(
        office.store, "submission", [path], accept_key=KeyAcceptance(new_fingerprint.lower(), uscc)
    )
    assert accepted.rows[0].outcome is Outcome.IMPORTED
    assert accepted.rows[0].signer is not None
    assert accepted.rows[0].signer.key_status is KeyStatus.ACCEPTED
    assert [k.fingerprint for k in known_keys(office.store)] == [new_fingerprint]


def decided(enterprise: Copy, office: Copy, folder: Path) -> Path:
    """An application sent to the office, returned with a reason; the decision as a file."""
    exported = enterprise.exchange.export_package(submit(enterprise))
    office_id = office.exchange.import_package(exported.content).application_id
    office.review.record_decision(
        office_id,
        Verdict.RETURN,
        officer=officer(office),
        comment="请补正",
        reasons=[Reason(field_path="carrier_name", message="名称与批复文件不一致")],
    )
    decision = office.decisions.export_decision(office_id)
    path = folder / decision.file_name
    path.write_bytes(decision.content)
    return path


def test_decisions_come_in_at_the_enterprise(enterprise, office, mail):
    path = decided(enterprise, office, mail)
    assert path.suffix == PackageKind.DECISION.suffix == ".gxdec"
    stray = mail / "别处的.gxdec"
    stray.write_bytes(path.read_bytes())
    other = open_copy(mail.parent / "other-enterprise")
    refused = import_packages(other.store, "decision", [stray])
    assert refused.rows[0].code == "not_exported" and not refused.changed_store

    run = import_packages(enterprise.store, "decision", [path])
    assert outcomes(run) == [(path.name, Outcome.IMPORTED)]
    assert "状态已改为“退回补正”" in run.rows[0].message
    assert run.rows[0].signer is not None and run.rows[0].signer.key_status is KeyStatus.NEW
    app_id = run.rows[0].application_id
    assert app_id is not None and enterprise.store.load(app_id).status is Status.RETURNED
    again = import_packages(enterprise.store, "decision", [path])
    assert outcomes(again) == [(path.name, Outcome.DUPLICATE)] and not again.changed_store


def test_a_decision_from_another_office_than_the_one_that_decided_before(
    enterprise, office, mail, tmp_path
):
    app_id = submit(enterprise)
    office_id = office.exchange.import_package(
        enterprise.exchange.export_package(app_id).content
    ).application_id
    office.review.record_decision(
        office_id,
        Verdict.RETURN,
        officer=officer(office),
        reasons=[Reason(field_path="carrier_name", message="x")],
    )
    enterprise.decisions.import_decision(office.decisions.export_decision(office_id).content)
    enterprise.store.change_status(app_id, Status.READY)
    second = enterprise.exchange.export_package(app_id)
    # another body of the same zone, with its own code and key, got hold of the second revision
    other = open_copy(tmp_path / "other-office")
    profile = ApplicantProfile.model_validate(
        example_json("enclave")["applicant"] | {"uscc": "12450100MB1234567A", "name": "另一家单位"}
    )
    other.store.set_setting(OWN_APPLICANT_SETTING, str(other.store.save_applicant(profile)))
    # its own copy would not take in a first 第2版, so it makes the decision from the file
    key = other.decisions.key
    path = mail / "推荐.gxdec"
    path.write_bytes(decision_for(second.content, key, office_signer(profile, key)))

    before = dump(enterprise.store)
    (row,) = import_packages(enterprise.store, "decision", [path]).rows
    assert row.code == "office_changed" and row.key_changed
    assert row.signer is not None and row.signer.fingerprint == other.decisions.key.fingerprint
    assert row.old_fingerprint == office.decisions.key.fingerprint
    assert dump(enterprise.store) == before


def test_a_folder_gives_its_package_files_only(mail):
    for name in ("b.gxpkg", "A.GXPKG", "c.gxdec", "说明.txt"):
        (mail / name).write_bytes(b"x")
    (mail / "sub").mkdir()
    (mail / "sub" / "d.gxpkg").write_bytes(b"x")
    (mail / "文件夹.gxpkg").mkdir()
    assert [p.name for p in package_files(mail, PackageKind.SUBMISSION)] == ["A.GXPKG", "b.gxpkg"]
    assert [p.name for p in package_files(mail, PackageKind.DECISION)] == ["c.gxdec"]


# --- the dialog ---------------------------------------------------------------------------------


def test_the_dialog_imports_in_the_background_and_shows_every_file(
    qtbot, enterprise, office, mail, dialogs, monkeypatch
):
    from app.gui.exchange.package_import import PackageImportDialog

    good = export(enterprise, mail, 2)
    broken = mail / "损坏.gxpkg"
    broken.write_bytes(b"PK\x03\x04 not really")
    paths = [*good, good[0], broken]
    dialog = PackageImportDialog(office.store, "submission", paths)
    qtbot.addWidget(dialog)
    dialog.show()
    signals: list[bool] = []
    dialog.imported.connect(lambda: signals.append(True))
    assert not dialog.table.isVisible()
    dialog.start()
    assert dialog.close_button.text() == "取消"  # returns at once; the work runs on a thread
    finished(qtbot, dialog)

    assert dialog.status.text().startswith("导入 2 份，重复 1 份，拒收 1 份")
    assert dialog.progress.value() == 4 and dialog.close_button.text() == "关闭"
    model = dialog.model
    assert [model.index(r, 1).data() for r in range(4)] == [
        "已导入",
        "已导入",
        "已存在（未更改）",
        "已拒收",
    ]
    assert [model.index(r, 0).data() for r in range(4)] == [p.name for p in paths]
    assert model.index(0, 2).data() == "南宁高新区创新创业服务中心有限公司"
    assert model.index(0, 3).data() == "首次收到，请电话核对指纹"
    assert model.index(1, 3).data() == "与记录一致" and model.index(3, 3).data() == "—"
    assert model.index(1, 4).data() == f"已接收：{paths[1].name.split('-')[0]} 第1版"
    assert model.index(3, 4).data().startswith("不完整或已损坏")  # the file is named beside it
    assert "损坏.gxpkg" in model.index(3, 4).data(Qt.ItemDataRole.ToolTipRole)
    assert signals == [True]
    assert not dialog.accept_key_button.isVisible()

    dialog.table.selectRow(3)
    assert "结果：已拒收" in dialog.details.toPlainText()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert "损坏.gxpkg\t已拒收" in QApplication.clipboard().text()
    target = mail.parent / "报告"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = (mail.parent / "报告.txt").read_text(encoding="utf-8-sig")
    assert saved == dialog.report() and "导入 2 份，重复 1 份，拒收 1 份" in saved
    assert "报告已保存" in dialog.status.text()

    # the same files again: nothing changes, and the pages are not told to refresh
    again = PackageImportDialog(office.store, "submission", good)
    qtbot.addWidget(again)
    again.imported.connect(lambda: signals.append(True))
    again.start()
    finished(qtbot, again)
    assert again.status.text().startswith("导入 0 份，重复 2 份，拒收 0 份")
    assert signals == [True]
    qtbot.mouseClick(again.close_button, Qt.MouseButton.LeftButton)
    assert not again.isVisible()


def test_cancel_in_the_dialog_keeps_the_imported_and_says_how_many(
    qtbot, enterprise, office, mail, monkeypatch
):
    from app.gui.exchange.package_import import PackageImportDialog

    paths = export(enterprise, mail, 5)
    real = Exchange.import_package
    calls: list[str] = []
    reached, release = threading.Event(), threading.Event()

    def gated(self, data, source="", **kw):  # the worker waits in the second file for the click
        calls.append(source)
        if len(calls) == 2:
            reached.set()
            release.wait(30)
        return real(self, data, source, **kw)

    monkeypatch.setattr(Exchange, "import_package", gated)
    monkeypatch.setattr("app.package_imports.REPORT_INTERVAL", 0)
    dialog = PackageImportDialog(office.store, "submission", paths)
    qtbot.addWidget(dialog)
    dialog.show()
    signals: list[bool] = []
    dialog.imported.connect(lambda: signals.append(True))
    dialog.start()
    qtbot.waitUntil(reached.is_set, timeout=30000)
    qtbot.waitUntil(lambda: paths[1].name in dialog.status.text(), timeout=30000)
    assert dialog.status.text() == f"正在导入 {paths[1].name}（第 2 / 5 个）"
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert "正在取消" in dialog.status.text()
    release.set()
    finished(qtbot, dialog)

    assert calls == [paths[0].name, paths[1].name]  # stopped between packages
    assert dialog.status.text().startswith("已取消：取消前处理了 2 / 5 个申报包，导入 2 份")
    assert office.review.queue()[1] == 2 and signals == [True]
    assert dialog.model.rowCount() == 2


def test_escape_while_running_cancels_instead_of_closing(qtbot, enterprise, office, mail):
    from app.gui.exchange.package_import import PackageImportDialog

    dialog = PackageImportDialog(office.store, "submission", export(enterprise, mail, 2))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.job = job = type("Job", (), {"cancel": lambda self: calls.append(1)})()
    calls: list[int] = []
    dialog.reject()
    assert calls == [1] and dialog.isVisible() and dialog.job is job
    dialog.job = None
    dialog.reject()
    assert not dialog.isVisible()


def test_a_changed_key_is_accepted_in_the_dialog_once_its_fingerprint_is_typed(
    qtbot, enterprise, office, mail, monkeypatch
):
    from app.gui.exchange.accept_key import AcceptKeyDialog
    from app.gui.exchange.package_import import PackageImportDialog

    import_packages(office.store, "submission", export(enterprise, mail, 1))
    changed, fingerprint = new_key_package(mail)
    fresh = export(enterprise, mail, 1)  # the firm's old copy sends one more, still known
    dialog = PackageImportDialog(office.store, "submission", [changed, *fresh])
    qtbot.addWidget(dialog)
    dialog.show()
    signals: list[bool] = []
    dialog.imported.connect(lambda: signals.append(True))
    dialog.start()
    finished(qtbot, dialog)
    assert dialog.model.rows[0].key_changed and dialog.accept_key_button.isVisible()
    assert dialog.model.index(0, 3).data() == "已更换！请先核对指纹"
    assert f"新指纹 {fingerprint}" in dialog.model.index(0, 4).data()
    details = dialog.details.toPlainText()  # the key-changed row is chosen first
    assert fingerprint in details and enterprise.exchange.fingerprint in details

    before = dump(office.store)
    monkeypatch.setattr(AcceptKeyDialog, "exec", answering(qtbot, "0000-1111-2222-3333"))
    qtbot.mouseClick(dialog.accept_key_button, Qt.MouseButton.LeftButton)
    assert dialog.job is None and dump(office.store) == before  # a wrong fingerprint: no

    monkeypatch.setattr(AcceptKeyDialog, "exec", answering(qtbot, fingerprint.replace("-", " ")))
    qtbot.mouseClick(dialog.accept_key_button, Qt.MouseButton.LeftButton)
    finished(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.model.rows[0].key_changed, timeout=30000)
    row = dialog.model.rows[0]
    assert row.outcome is Outcome.IMPORTED and row.signer is not None
    assert row.signer.key_status is KeyStatus.ACCEPTED
    assert dialog.model.rowCount() == 2 and dialog.model.rows[1].outcome is Outcome.IMPORTED
    assert dialog.status.text().startswith("导入 2 份，重复 0 份，拒收 0 份")
    assert not dialog.accept_key_button.isVisible()
    assert signals == [True, True]
    assert [k.fingerprint for k in known_keys(office.store)] == [fingerprint]


def test_a_changed_key_is_accepted_by_the_officer_signed_in_then_not_the_opener(
    qtbot, enterprise, office, mail, monkeypatch
):
    from PySide6.QtWidgets import QDialog
    from sqlalchemy import select

    from app.gui.exchange.accept_key import AcceptKeyDialog
    from app.gui.exchange.package_import import PackageImportDialog
    from app.gui.officers import sign_in_dialogs
    from app.gui.officers.officer import OfficerSession
    from db.models import AuditEvent

    opener = officer(office)  # 王芳（wangfang）, who opens the import and then leaves
    office.accounts.create("lisi", "李四", "审核密码2026", by=opener)
    session = OfficerSession(office.store)
    session.sign_in("wangfang", "审核密码2026")
    import_packages(office.store, "submission", export(enterprise, mail, 1))
    changed, fingerprint = new_key_package(mail)
    dialog = PackageImportDialog(
        office.store, "submission", [changed], actor=opener.actor, session=session
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    finished(qtbot, dialog)
    assert dialog.model.rows[0].key_changed
    session.sign_out()

    asked: list[str] = []

    def sign_in(_dialog) -> int:  # cancelled the first time; 李四 signs in the second
        if not asked:
            asked.append("cancelled")
            return QDialog.DialogCode.Rejected
        asked.append("lisi")
        session.sign_in("lisi", "审核密码2026")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(sign_in_dialogs.SignInDialog, "exec", sign_in)
    monkeypatch.setattr(AcceptKeyDialog, "exec", answering(qtbot, fingerprint))
    before = dump(office.store)
    qtbot.mouseClick(dialog.accept_key_button, Qt.MouseButton.LeftButton)
    assert asked == ["cancelled"] and dialog.job is None and dump(office.store) == before

    qtbot.mouseClick(dialog.accept_key_button, Qt.MouseButton.LeftButton)
    finished(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.model.rows[0].key_changed, timeout=30000)
    assert asked == ["cancelled", "lisi"]
    with office.store.engine.connect() as connection:
        actors = connection.scalars(
            select(AuditEvent.actor).where(AuditEvent.action == "更换密钥")
        ).all()
    assert actors == ["李四（lisi）"]


def test_the_fingerprint_dialog_accepts_only_the_new_fingerprint(qtbot):
    from app.gui.exchange.accept_key import AcceptKeyDialog
    from db.trust import SignerInfo

    signer = SignerInfo(
        "企业", "某公司", "91450100MA5K000000", "3F2A-91BC-0D44-7E18", KeyStatus.CHANGED
    )
    dialog = AcceptKeyDialog(signer, "AAAA-BBBB-CCCC-DDDD", 2)
    qtbot.addWidget(dialog)
    assert "2 个文件" in dialog.accept_button.text()
    qtbot.keyClicks(dialog.entry, "AAAA-BBBB-CCCC-DDDD")
    assert not dialog.accept_button.isEnabled() and "不一致" in dialog.hint.text()
    qtbot.keyClick(dialog.entry, Qt.Key.Key_Return)
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.entry.clear()
    qtbot.keyClicks(dialog.entry, "3f2a 91bc 0d44 7e18")
    assert dialog.accept_button.isEnabled() and "指纹一致" in dialog.hint.text()
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_decisions_through_the_chooser_show_the_new_status(
    qtbot, enterprise, office, mail, monkeypatch
):
    from app.gui.exchange.package_import import choose_and_import

    path = decided(enterprise, office, mail)
    asked: list[str] = []

    def pick(_parent, title, folder, filters):
        asked.extend([title, filters])
        return [str(path)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", pick)
    dialog = choose_and_import(None, enterprise.store, "decision")
    assert dialog is not None
    qtbot.addWidget(dialog)
    finished(qtbot, dialog)
    assert asked == ["选择要导入的审核决定包（可多选）", "审核决定包 (*.gxdec);;所有文件 (*)"]
    assert dialog.windowTitle() == "导入审核决定包"
    assert "状态已改为“退回补正”" in dialog.model.index(0, 4).data()
    assert last_folder(enterprise.store, "package_import_folder") == mail

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a: ([], ""))
    assert choose_and_import(None, enterprise.store, "decision") is None


def test_a_whole_folder_through_the_chooser(qtbot, enterprise, office, mail, monkeypatch, dialogs):
    from app.gui.exchange.package_import import choose_folder_and_import

    paths = export(enterprise, mail, 3)
    (mail / "说明.txt").write_text("不是申报包", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(mail))
    dialog = choose_folder_and_import(None, office.store)
    assert dialog is not None
    qtbot.addWidget(dialog)
    finished(qtbot, dialog)
    assert sorted(r.path for r in dialog.model.rows) == sorted(paths)
    assert dialog.status.text().startswith("导入 3 份")

    empty = mail.parent / "空文件夹"
    empty.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(empty))
    assert choose_folder_and_import(None, office.store) is None
    assert dialogs[-1][0] == "导入申报包" and "没有申报包（*.gxpkg）" in dialogs[-1][1]
