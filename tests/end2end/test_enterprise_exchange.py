"""The enterprise's side of the review loop, driven in the application window: 导出申报包, and
the park office's decision shown in a banner and beside the fields and rules it is about."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QListWidget

from app.gui.editor.rules_panel import RULE_ROLE
from app.gui.exchange.submission_export import PACKAGE_FILTER
from app.settings import PACKAGE_FOLDER_KEY, last_folder
from db.addressing import SENT
from db.decisions import Decisions
from db.exchange import Exchange
from db.repository import Store
from db.review import Review
from forms.core.rules import Verdict
from forms.core.workflow import Status
from forms.exchange.review import Outcome, Reason
from tests.helpers.copies import Copy, officer, open_copy, submit
from tests.helpers.examples import example_document, example_json
from tests.helpers.exchange_kit import unpack
from tests.helpers.exchange_windows import SaveDialog, activate, export_by_keyboard, open_window
from tests.helpers.gui_driver import clear, type_text

PDF = b"%PDF-1.7 packet"


@pytest.fixture
def office(tmp_path) -> Copy:
    return open_copy(tmp_path / "office", "enclave")  # 南宁高新区, where the incubator applies


def sent_ids(store: Store, app_id: int) -> list[str]:
    return [p.package_id for p in Exchange(store).packages(app_id) if p.direction == SENT]


# --- 导出申报包 -----------------------------------------------------------------------------


def test_export_writes_a_package_the_office_can_import(
    qtbot, store, journal, dialogs, monkeypatch, tmp_path, office
):
    app_id = submit(Copy(store))
    window = open_window(qtbot, store, journal, app_id)
    assert window.export_action.isEnabled() and "待提交" in window.windowTitle()
    saves: list[int] = []
    window.saved.connect(saves.append)
    dialog = SaveDialog(monkeypatch, tmp_path / "交园区")  # typed without the suffix

    export_by_keyboard(qtbot, window)

    title, suggested, filters = dialog.asked[0]
    assert title == "保存申报包" and filters == PACKAGE_FILTER
    assert suggested.endswith("-第1版.gxpkg")
    written = tmp_path / "交园区.gxpkg"
    assert written.is_file()
    assert store.load(app_id).status is Status.SUBMITTED
    assert "已提交" in window.windowTitle() and saves == [app_id]
    assert not window.submit_action.isEnabled() and not window.save_action.isEnabled()
    assert window.export_action.isEnabled()  # exporting again gives the same package
    assert last_folder(store, PACKAGE_FOLDER_KEY) == tmp_path
    heading, text = dialogs[-1]
    assert heading == "已导出申报包"
    assert str(written) in text and "第1版" in text and "导入审核决定" in text
    assert "交给南宁高新技术产业开发区的园区管理部门" in text
    assert Exchange(store).fingerprint in text

    received = office.exchange.import_package(written.read_bytes(), written.name)
    assert received.revision == 1 and not received.duplicate
    assert office.exchange.received_packet(received.application_id).startswith(b"%PDF-")


def test_a_draft_cannot_be_exported(qtbot, store, journal, dialogs, monkeypatch, tmp_path):
    app_id = store.import_document(example_document("incubator"))
    window = open_window(qtbot, store, journal, app_id)
    amount = window.editor.rows["requested_amount"].editor.focus_target()
    clear(amount)
    type_text(amount, "150")
    qtbot.waitUntil(lambda: window.report is not None and not window.report.can_submit)
    assert not window.export_action.isEnabled()
    dialog = SaveDialog(monkeypatch, tmp_path / "x.gxpkg")
    QTest.keySequence(window, "Ctrl+E")  # disabled: nothing happens
    assert window.export is None and not dialogs

    assert window.export_submission() is None  # as a menu entry would ask
    title, text = dialogs[-1]
    assert title == "暂不能导出申报包"
    assert "“草稿”状态" in text and "超过上限 100 万元" in text and "检查并标记为待提交" in text
    assert not dialog.asked and not list(tmp_path.glob("*.gxpkg"))
    assert store.load(app_id).status is Status.DRAFT and sent_ids(store, app_id) == []


def test_editing_a_ready_application_sends_it_back_to_draft_before_export(
    qtbot, store, journal, dialogs, monkeypatch, tmp_path
):
    app_id = submit(Copy(store))
    window = open_window(qtbot, store, journal, app_id)
    amount = window.editor.rows["requested_amount"].editor.focus_target()
    clear(amount)
    type_text(amount, "150")
    dialog = SaveDialog(monkeypatch, tmp_path / "x.gxpkg")
    QTest.keySequence(window, "Ctrl+E")  # enabled (待提交): saves, and the save makes it 草稿
    title, text = dialogs[-1]
    assert title == "暂不能导出申报包" and "超过上限 100 万元" in text
    assert store.load(app_id).status is Status.DRAFT and not dialog.asked
    assert not window.export_action.isEnabled()


def test_export_refused_when_the_rules_fail_at_signing(
    qtbot, store, journal, dialogs, monkeypatch, tmp_path
):
    """Marked 待提交, then a new catalogue lowers the cap: signing is refused with the reasons."""
    app_id = submit(Copy(store))
    url = str(store.engine.url)
    lowered = Store.open(url, catalogue=store.catalogue.with_value("incubator.national_cap", 10))
    try:
        window = open_window(qtbot, lowered, journal, app_id)
        assert window.export_action.isEnabled()
        dialog = SaveDialog(monkeypatch, tmp_path / "x.gxpkg")
        export_by_keyboard(qtbot, window)
        title, text = dialogs[-1]
        assert title == "未导出申报包"
        assert "尚不能导出申报包" in text and "10 万元" in text and "状态没有改变" in text
        assert not dialog.asked and not list(tmp_path.glob("*.gxpkg"))
        assert store.load(app_id).status is Status.READY and sent_ids(store, app_id) == []
        assert "待提交" in window.windowTitle()
    finally:
        lowered.close()


def test_cancelled_save_leaves_it_submitted_and_export_again_gives_the_same_package(
    qtbot, store, journal, dialogs, monkeypatch, tmp_path
):
    app_id = submit(Copy(store))
    window = open_window(qtbot, store, journal, app_id)
    dialog = SaveDialog(monkeypatch, None)
    export_by_keyboard(qtbot, window)
    title, text = dialogs[-1]
    assert title == "申报包未保存"
    assert "已提交" in text and "同一个申报包" in text and "再点一次“导出申报包”" in text
    assert store.load(app_id).status is Status.SUBMITTED and "已提交" in window.windowTitle()
    [package_id] = sent_ids(store, app_id)

    dialog.answer = tmp_path / "again.gxpkg"
    export_by_keyboard(qtbot, window)
    assert dialogs[-1][0] == "已导出申报包"
    manifest, _ = unpack((tmp_path / "again.gxpkg").read_bytes())
    assert manifest["package_id"] == package_id and manifest["revision"] == 1
    assert sent_ids(store, app_id) == [package_id]


def test_a_failed_write_says_the_application_is_submitted(
    qtbot, store, journal, dialogs, monkeypatch, tmp_path
):
    app_id = submit(Copy(store))
    window = open_window(qtbot, store, journal, app_id)
    SaveDialog(monkeypatch, tmp_path / "full.gxpkg")

    def disk_full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    export_by_keyboard(qtbot, window)
    title, text = dialogs[-1]
    assert title == "申报包未保存"
    assert "full.gxpkg" in text and "磁盘" in text
    assert "已提交" in text and "同一个申报包" in text
    assert not list(tmp_path.glob("full.gxpkg*"))  # no half-written file either
    assert store.load(app_id).status is Status.SUBMITTED


def test_cancelling_while_the_packet_is_printed_changes_nothing(
    qtbot, store, journal, dialogs, monkeypatch, tmp_path
):
    app_id = submit(Copy(store))
    window = open_window(qtbot, store, journal, app_id)
    dialog = SaveDialog(monkeypatch, tmp_path / "x.gxpkg")
    QTest.keySequence(window, "Ctrl+E")
    run = window.export
    assert run is not None
    # 取消 at once: printing takes far longer than a click
    qtbot.mouseClick(run.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.export is None, timeout=30_000)
    assert not dialog.asked and not dialogs
    assert "已取消导出" in window.statusBar().currentMessage()
    assert store.load(app_id).status is Status.READY and sent_ids(store, app_id) == []


# --- the park office's decision -------------------------------------------------------------


def returned_with_reasons(store: Store, office: Copy, kind: str = "incubator", **extra) -> int:
    """An application exported here, returned by ``office`` with the given reasons, imported."""
    app_id = submit(Copy(store), kind)
    exported = Exchange(store).export_package(app_id, PDF)
    office_id = office.exchange.import_package(exported.content, exported.file_name).application_id
    office.review.record_decision(office_id, officer=officer(office), **extra)
    decision = office.decisions.export_decision(office_id)
    Decisions(store).import_decision(decision.content, decision.file_name)
    return app_id


def applicable_rule(store: Store, app_id: int) -> str:
    return next(
        r.rule_id for r in store.report(app_id).results if r.verdict is not Verdict.NOT_APPLICABLE
    )


def click_reason(qtbot, reasons: QListWidget, starting: str) -> None:
    item = next(
        reasons.item(i) for i in range(reasons.count()) if starting in reasons.item(i).text()
    )
    reasons.scrollToItem(item)
    qtbot.mouseClick(
        reasons.viewport(), Qt.MouseButton.LeftButton, pos=reasons.visualItemRect(item).center()
    )


@pytest.fixture
def liuzhou_office(tmp_path) -> Copy:
    return open_copy(tmp_path / "liuzhou", "rd_subsidy")  # 柳州高新区, where new_track applies


def test_returned_application_shows_the_reasons_beside_fields_and_rules(
    qtbot, store, journal, dialogs, liuzhou_office
):
    probe = submit(Copy(store), "new_track")
    rule = applicable_rule(store, probe)
    store.delete_application(probe)
    app_id = returned_with_reasons(
        store,
        liuzhou_office,
        kind="new_track",
        outcome=Outcome.RETURN,
        comment="请按意见补正后重新提交",
        reasons=[
            Reason(field_path="track_name", message="名称与批复文件不一致"),
            Reason(field_path="participants.1.uscc", message="代码与营业执照不符"),
            Reason(field_path="applicant.uscc", message="请核对申报单位代码"),
            Reason(rule_id=rule, message="请补充证明材料"),
        ],
    )
    window = open_window(qtbot, store, journal, app_id)
    banner = window.decision_banner
    assert banner.isVisible() and "退回补正" in window.windowTitle()
    heading = banner.heading.text()
    assert "园区审核决定：退回补正" in heading and "王芳" in heading and "第1版" in heading
    assert example_json("rd_subsidy")["applicant"]["name"] in heading  # the office that signed
    assert "请按意见补正后重新提交" in banner.comment.text()
    assert "检查并标记为待提交" in banner.advice.text() and "第2版" in banner.advice.text()
    assert banner.reasons.count() == 4
    assert banner.applicant_note.isVisible() and "申报主体" in banner.applicant_note.text()

    # under the field, apart from any error; the row's cell is marked too
    name = window.editor.rows["track_name"]
    assert name.remark is not None and name.remark.isVisibleTo(window)
    assert name.remark.text() == "园区意见（第1版）：名称与批复文件不一致"
    assert not name.error.isVisibleTo(window)
    rows = window.editor.rows["participants"]
    assert rows.remark is not None and "第2行" in rows.remark.text()
    assert "代码与营业执照不符" in rows.remark.text()
    cell = rows.editor.row_editor(1, "uscc")
    assert cell is not None and "代码与营业执照不符" in cell.focus_target().toolTip()
    assert cell.focus_target().styleSheet()
    assert window.editor.rows["start_date"].remark is None  # no remark, no label made
    # on the rule's row of the self-check
    tree = window.rules.tree
    rule_item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).data(0, RULE_ROLE) == rule
    )
    assert "园区意见（第1版）：请补充证明材料" in rule_item.text(2)

    # the reasons stay while the clerk edits (the rules panel is redrawn after each pause)
    field = name.editor.focus_target()
    type_text(field, "（补正）")
    qtbot.waitUntil(lambda: window.dirty)
    window.recheck()
    assert "请补充证明材料" in next(
        tree.topLevelItem(i).text(2)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).data(0, RULE_ROLE) == rule
    )
    assert name.remark.isVisibleTo(window)

    # a click on a reason goes to its field, its cell, or its rule
    click_reason(qtbot, banner.reasons, "〔栏目〕参与单位第2行")
    qtbot.waitUntil(lambda: window.focusWidget() is cell.focus_target())
    click_reason(qtbot, banner.reasons, "〔条款〕")
    assert window.side_tabs.currentWidget() is window.rules
    assert tree.currentItem() is not None and tree.currentItem().data(0, RULE_ROLE) == rule
    click_reason(qtbot, banner.reasons, "〔栏目〕申报主体")
    assert "申报主体" in window.statusBar().currentMessage()
    assert not dialogs


def test_a_decision_imported_while_the_window_is_open(qtbot, store, journal, dialogs, office):
    app_id = submit(Copy(store))
    exported = Exchange(store).export_package(app_id, PDF)
    office_id = office.exchange.import_package(exported.content, exported.file_name).application_id
    window = open_window(qtbot, store, journal, app_id)
    assert not window.decision_banner.isVisible() and not window.submit_action.isEnabled()
    saves: list[int] = []
    window.saved.connect(saves.append)

    office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=officer(office),
        reasons=[Reason(field_path="carrier_name", message="名称有误")],
    )
    decision = office.decisions.export_decision(office_id)
    Decisions(store).import_decision(decision.content, decision.file_name)
    window.reload_decision()

    assert window.decision_banner.isVisible() and "退回补正" in window.windowTitle()
    assert window.submit_action.isEnabled() and window.save_action.isEnabled()
    assert not window.editor.rows["carrier_name"].editor.focus_target().isReadOnly()
    assert saves == [app_id]


@pytest.mark.parametrize(
    ("outcome", "words"), [(Outcome.RECOMMEND, "无需再修改"), (Outcome.REJECT, "不予推荐")]
)
def test_final_decisions_say_so(qtbot, store, journal, dialogs, office, outcome, words):
    app_id = submit(Copy(store))
    exported = Exchange(store).export_package(app_id, PDF)
    office_id = office.exchange.import_package(exported.content, exported.file_name).application_id
    office.review.record_decision(office_id, outcome, officer=officer(office), comment="结论意见")
    decision = office.decisions.export_decision(office_id)
    Decisions(store).import_decision(decision.content, decision.file_name)
    window = open_window(qtbot, store, journal, app_id)
    banner = window.decision_banner
    assert banner.isVisible() and outcome.label in banner.heading.text()
    assert words in banner.advice.text() and not banner.reasons.isVisibleTo(window)
    assert not window.export_action.isEnabled() and not window.submit_action.isEnabled()


def test_no_banner_without_a_decision(qtbot, store, journal, dialogs):
    window = open_window(qtbot, store, journal, submit(Copy(store)))
    assert not window.decision_banner.isVisible()
    assert all(row.remark is None for row in window.editor.rows.values())


def test_returned_fixed_and_exported_again_as_revision_two(
    qtbot, store, journal, dialogs, monkeypatch, tmp_path, office
):
    app_id = returned_with_reasons(
        store,
        office,
        outcome=Outcome.RETURN,
        reasons=[Reason(field_path="carrier_name", message="名称与批复文件不一致")],
    )
    window = open_window(qtbot, store, journal, app_id)
    assert not window.export_action.isEnabled()  # 退回补正: to be fixed and checked first

    # fix the field the office named, then 检查并标记为待提交 (Ctrl+Enter)
    field = window.editor.rows["carrier_name"].editor.focus_target()
    clear(field)
    type_text(field, "南宁高新区科技企业孵化基地（补正）")
    activate(qtbot, window)
    QTest.keySequence(window, "Ctrl+Return")
    assert dialogs[-1][0] == "已检查" and store.load(app_id).status is Status.READY
    assert "第2版" in window.decision_banner.advice.text()
    assert window.export_action.isEnabled()

    SaveDialog(monkeypatch, tmp_path / "second.gxpkg")
    export_by_keyboard(qtbot, window)
    assert dialogs[-1][0] == "已导出申报包" and "第2版" in dialogs[-1][1]
    record = store.load(app_id)
    assert record.status is Status.SUBMITTED and record.submission_revision == 2
    # the office's words stay, as about 第1版, and the banner says 第2版 is with the office
    assert "第2版已导出提交" in window.decision_banner.advice.text()
    remark = window.editor.rows["carrier_name"].remark
    assert remark is not None and "第1版" in remark.text()

    again = office.exchange.import_package((tmp_path / "second.gxpkg").read_bytes(), "second")
    assert again.revision == 2 and not again.duplicate
    assert [r.revision for r in office.review.revisions(again.application_id)] == [1, 2]
    assert office.store.load(again.application_id).title.endswith("（补正）")
    assert Review(store).latest_decision(app_id).revision == 1


def test_print_preview_of_a_ready_application_keeps_it_ready(qtbot, store, journal, dialogs):
    """Saving an unchanged 待提交 application would send it back to 草稿: only edits are saved."""
    app_id = submit(Copy(store))
    window = open_window(qtbot, store, journal, app_id)
    preview = window.preview_packet()
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pdf is not None, timeout=30_000)
    preview.reject()
    assert store.load(app_id).status is Status.READY and window.export_action.isEnabled()
