"""The park office reviews as an officer would: the queue, one application, the checklist,
a decision with reasons, and the decision file the enterprise takes in."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit, QPlainTextEdit, QPushButton

from app.gui.officers.officer import OfficerSession
from app.gui.review.decision_dialog import DecisionDialog
from app.gui.review.review_page import ReviewPage
from app.gui.review.review_window import ReviewWindow
from app.gui.widgets.excel_export import EXCEL_FOLDER_SETTING
from app.settings import last_folder
from forms.core.rules import Verdict
from forms.core.workflow import Status
from forms.exchange.review import Outcome, Reason, Target
from tests.helpers.copies import officer, open_copy, submit
from tests.helpers.scenarios import send

PASSWORD = "审核密码2026"


@pytest.fixture
def page(qtbot, office, session) -> ReviewPage:
    widget = ReviewPage(office.store, session)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    return widget


def open_window(qtbot, page: ReviewPage, row: int = 0) -> ReviewWindow:
    page.table.setFocus()
    page.table.selectRow(row)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    window = page.windows[page.model.application_id(row)]
    qtbot.addWidget(window)
    return window


def type_chinese(widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Chinese arrives through the input method as committed text (QTest cannot type it)."""
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.insert(text)
    else:
        widget.insertPlainText(text)


def sign_in_when_asked(monkeypatch, session: OfficerSession, answer: bool = True) -> list[int]:
    """The sign-in dialog, answered as the officer would: signs in, or is cancelled."""
    from app.gui.officers import sign_in_dialogs

    asked: list[int] = []

    def exec_(dialog) -> int:
        asked.append(1)
        if answer:
            session.sign_in("wangfang", PASSWORD)
            return QDialog.DialogCode.Accepted
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(sign_in_dialogs.SignInDialog, "exec", exec_)
    return asked


# --- the queue --------------------------------------------------------------------------------


def test_an_empty_queue_says_to_import_packages(page):
    assert page.stack.currentWidget() is page.empty_hint
    assert page.first_import_button.text() == "导入申报包…"
    assert page.count_label.text() == "尚未收到申报"
    assert "未登录" in page.officer_status.label.text()


def test_packages_imported_through_the_button_fill_the_queue(
    qtbot, monkeypatch, page, session, enterprise, tmp_path
):
    files = []
    for kind in ("incubator", "incubator"):
        exported = enterprise.exchange.export_package(submit(enterprise, kind), b"%PDF-1.7")
        path = tmp_path / exported.file_name
        path.write_bytes(exported.content)
        files.append(str(path))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: (files, "申报包 (*.gxpkg)")
    )
    asked = sign_in_when_asked(monkeypatch, session)
    qtbot.mouseClick(page.first_import_button, Qt.MouseButton.LeftButton)
    # imported on a worker thread: the queue shows them as the store tells of each write
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=20_000)
    assert asked == [1]  # the importer of record is the officer signed in
    assert page.stack.currentWidget() is page.table
    assert page.model.rowCount() == 2
    assert page.count_label.text() == "共 2 份，待审 2 份"
    assert "王芳（wangfang）" in page.officer_status.label.text()


def test_the_queue_filters_sorts_and_counts(qtbot, page, office, enterprise):
    for kind in ("incubator", "incubator", "incubator"):
        send(enterprise, office, kind)
    first = page.review.queue()[0][-1].id
    office.review.record_decision(first, Outcome.REJECT, officer=officer(office), comment="不符")
    page.refresh()
    assert page.count_label.text() == "共 3 份，待审 2 份"
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert headers == [
        "申报编号",
        "申报单位",
        "申报类别",
        "项目名称",
        "申请金额（万元）",
        "状态",
        "版次",
        "收到时间",
    ]
    assert page.model.index(0, 6).data() == "第1版"

    page.status_filter.setCurrentIndex(page.status_filter.findText("不予推荐"))
    assert page.model.rowCount() == 1 and page.model.application_id(0) == first
    assert page.count_label.text() == "共 3 份，待审 2 份；符合筛选条件的 1 份"
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("rd_subsidy"))
    assert page.model.rowCount() == 0
    assert "没有符合筛选条件的申报" in page.count_label.text()
    page.kind_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(0)

    # sorted by 收到时间, newest first; a click on the header turns it round
    newest = page.model.application_id(0)
    header = page.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(7) + 5, 5),
    )
    assert page.model.application_id(2) == newest


def test_the_queue_reads_a_page_at_a_time(page, office, enterprise, monkeypatch):
    from app.gui.review.review_queue_model import ReviewQueueModel

    for _ in range(5):
        send(enterprise, office)
    reads: list[int] = []
    store = office.store
    count, list_page = store.count_applications, store.list_page
    monkeypatch.setattr(store, "count_applications", lambda q: reads.append(0) or count(q))
    monkeypatch.setattr(
        store, "list_page", lambda q, dense: reads.append(q.limit) or list_page(q, dense=dense)
    )
    model = ReviewQueueModel(store, block_rows=2)
    assert model.rowCount() == 5
    ids = [model.application_id(r) for r in range(5)]
    assert len(set(ids)) == 5
    assert reads == [0, 2, 2, 1]  # the count, then three blocks of two (the last holds one)
    assert [model.application_id(r) for r in range(5)] == ids and len(reads) == 4  # kept


# --- one application --------------------------------------------------------------------------


def test_a_received_application_is_shown_read_only(qtbot, page, office, enterprise):
    office_id = send(enterprise, office)
    page.refresh()
    window = open_window(qtbot, page)
    assert window.application_id == office_id
    assert window.revision_box.currentText() == "第1版（当前）"
    title = window.editor.rows[window.definition.title_field].editor.focus_target()
    assert isinstance(title, QLineEdit) and title.isReadOnly()
    before = title.text()
    qtbot.keyClicks(title, "XYZ")
    assert title.text() == before
    buttons = [b.text() for b in window.findChildren(QPushButton)]
    assert not [b for b in buttons if "保存" in b or "提交" in b]
    assert office.store.load(office_id).form == enterprise.store.load(1).form
    assert (
        "统一社会信用代码" in window.signer.text()
        and "签名已在导入时核验有效" in window.signer.text()
    )
    assert len(window.materials.file_items()) == len(office.store.load(office_id).attachments)
    assert window.decide_button.isEnabled() and not window.export_button.isEnabled()


def test_ticking_a_manual_check_needs_an_officer_and_is_audited(
    qtbot, monkeypatch, page, office, enterprise, session, dialogs
):
    office_id = send(enterprise, office)
    page.refresh()
    window = open_window(qtbot, page)
    item = window.checklist.items["incubator.authenticity"]

    asked = sign_in_when_asked(monkeypatch, session, answer=False)
    item.setCheckState(0, Qt.CheckState.Checked)  # the officer clicks the box, then cancels
    assert asked == [1] and item.checkState(0) == Qt.CheckState.Unchecked
    assert office.review.manual_checks(office_id) == {}

    sign_in_when_asked(monkeypatch, session)
    item.setCheckState(0, Qt.CheckState.Checked)
    assert office.review.manual_checks(office_id)["incubator.authenticity"].done
    assert item.text(0) == "已核实" and "王芳" in item.text(2)
    trail = office.store.audit_trail(office_id)
    assert (trail[-1].actor, trail[-1].action) == ("王芳（wangfang）", "人工核实")
    assert window.history.trail.topLevelItem(0).text(2) == "人工核实"


# --- decisions --------------------------------------------------------------------------------


def test_a_return_with_a_field_and_a_rule_reason_goes_back_to_the_enterprise(
    qtbot, monkeypatch, page, office, enterprise, session, dialogs, tmp_path
):
    app_id = submit(enterprise)
    exported = enterprise.exchange.export_package(app_id, b"%PDF-1.7")
    office_id = office.exchange.import_package(exported.content, exported.file_name).application_id
    page.refresh()
    session.sign_in("wangfang", PASSWORD)
    window = open_window(qtbot, page)
    title_field = window.definition.title_field

    # right-click a field: 就此提出补正意见… opens the dialog with it chosen
    window.decide(("field", title_field))
    dialog = window.decision_dialog
    assert isinstance(dialog, DecisionDialog)
    assert dialog.chosen_outcome() is Outcome.RETURN
    type_chinese(dialog.message_edit, "名称与批复文件不一致")
    qtbot.keyClick(dialog.message_edit, Qt.Key.Key_Return)
    rule = next(r for r in window.report.results if r.verdict is Verdict.MANUAL)
    assert dialog.choose_target("rule", rule.rule_id)
    type_chinese(dialog.message_edit, "请补充证明材料")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.reasons.rowCount() == 2
    type_chinese(dialog.comment, "请补正后重新提交")

    saved = tmp_path / "决定.gxdec"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    with qtbot.waitSignal(window.decided):
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)

    decision = office.review.latest_decision(office_id)
    assert decision is not None and decision.outcome is Outcome.RETURN
    assert decision.officer == "王芳" and decision.comment == "请补正后重新提交"
    assert [r.message for r in decision.reasons_for_field(title_field)] == ["名称与批复文件不一致"]
    assert [r.message for r in decision.reasons_for_rule(rule.rule_id)] == ["请补充证明材料"]
    assert window.status_label.text() == "状态：退回补正"
    assert not window.decide_button.isEnabled() and window.export_button.isEnabled()
    assert page.model.index(0, 5).data() == "退回补正"

    # the export was offered, saved, and the enterprise's copy takes it in
    assert dialogs[0][0] == "已记录审核决定" and "送回申报单位" in dialogs[0][1]
    assert "导入审核决定" in dialogs[-1][1]
    enterprise.decisions.import_decision(saved.read_bytes(), saved.name)
    assert enterprise.store.load(app_id).status is Status.RETURNED
    received = enterprise.review.latest_decision(app_id)
    assert received is not None and len(received.reasons_for_field(title_field)) == 1

    # 导出审核决定… again later: the same decision, for a lost file
    again = tmp_path / "再次.gxdec"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(again), ""))
    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    assert again.exists()


def test_a_refused_decision_keeps_what_was_typed(qtbot, page, office, enterprise, session):
    office_id = send(enterprise, office)
    page.refresh()
    session.sign_in("wangfang", PASSWORD)
    window = open_window(qtbot, page)
    qtbot.mouseClick(window.decide_button, Qt.MouseButton.LeftButton)
    dialog = window.decision_dialog
    assert isinstance(dialog, DecisionDialog)

    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)  # no outcome chosen
    assert "请选择审核结论" in dialog.banner.text()

    qtbot.mouseClick(dialog.outcomes[Outcome.RETURN], Qt.MouseButton.LeftButton)
    type_chinese(dialog.comment, "材料不全")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert "退回补正须至少给出一条理由" in dialog.banner.text()
    assert dialog.isVisible() and dialog.comment.toPlainText() == "材料不全"
    assert office.review.decisions(office_id) == []
    assert office.store.load(office_id).status is Status.SUBMITTED

    dialog.choose_target("field", "applicant.uscc")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # no message
    assert "请写明对“申报主体·统一社会信用代码”的意见" in dialog.banner.text()
    assert dialog.reasons.rowCount() == 0


def test_a_long_comment_a_future_date_and_an_emptied_reason_are_refused_then_mended(
    qtbot, monkeypatch, page, office, enterprise, session, dialogs
):
    from datetime import date, timedelta

    from forms.exchange.review import MAX_COMMENT

    office_id = send(enterprise, office)
    page.refresh()
    session.sign_in("wangfang", PASSWORD)
    window = open_window(qtbot, page)
    qtbot.mouseClick(window.decide_button, Qt.MouseButton.LeftButton)
    dialog = window.decision_dialog
    assert isinstance(dialog, DecisionDialog)
    qtbot.mouseClick(dialog.outcomes[Outcome.RETURN], Qt.MouseButton.LeftButton)
    dialog.choose_target("field", "applicant.uscc")
    type_chinese(dialog.message_edit, "请核对统一社会信用代码")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.reasons.item(0, 1).setText("  ")  # the officer emptied the message in the table
    type_chinese(dialog.comment, "补" * (MAX_COMMENT + 1))
    dialog.date_edit.setDate(date.today() + timedelta(days=1))

    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    text = dialog.banner.text()
    assert "第1条理由（申报主体·统一社会信用代码）没有写意见" in text
    assert f"审核意见最多 {MAX_COMMENT} 字，现有 {MAX_COMMENT + 1} 字" in text
    assert "决定日期不能晚于今天" in text
    assert dialog.isVisible() and office.review.decisions(office_id) == []

    dialog.reasons.item(0, 1).setText("请核对统一社会信用代码")
    dialog.comment.setPlainText("补" * MAX_COMMENT)
    dialog.date_edit.setDate(date.today())
    monkeypatch.setattr(window, "export_decision", lambda: None)  # 导出 is tested above
    with qtbot.waitSignal(window.decided):
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    decision = office.review.latest_decision(office_id)
    assert decision is not None and len(decision.comment) == MAX_COMMENT


def test_decisions_need_a_signed_in_officer(
    qtbot, monkeypatch, page, office, enterprise, session, dialogs
):
    send(enterprise, office)
    page.refresh()
    window = open_window(qtbot, page)
    asked = sign_in_when_asked(monkeypatch, session, answer=False)
    qtbot.mouseClick(window.decide_button, Qt.MouseButton.LeftButton)
    assert asked == [1] and window.decision_dialog is None


def test_reason_targets_reach_rows_cells_the_profile_and_every_rule(enterprise, tmp_path):
    from forms import get_form
    from forms.applicant import APPLICANT
    from forms.exchange.review import decision_targets

    office = open_copy(tmp_path / "liuzhou", "rd_subsidy")  # the new_track example's zone
    office_id = send(enterprise, office, "new_track")
    revision = office.review.load_revision(office_id, 1)
    report = office.review.office_report(office_id)
    targets = decision_targets(
        get_form(revision.kind),
        revision.form,
        revision.applicant,
        report,
        applicant_definition=APPLICANT,
    )
    labels = {t.key: t.label for t in targets}
    assert {r.rule_id for r in report.results} <= labels.keys()
    assert labels["applicant.uscc"] == "申报主体·统一社会信用代码"
    assert "participants" in labels and "participants.2.uscc" in labels
    assert labels["participants.1.uscc"].endswith("第2行·统一社会信用代码")
    rule = report.results[0]
    assert labels[rule.rule_id] == f"{rule.article}：{rule.requirement}"
    office.store.close()


def test_the_queue_exports_to_excel_as_filtered(
    qtbot, monkeypatch, page, office, enterprise, dialogs, tmp_path
):
    from openpyxl import load_workbook

    send(enterprise, office)
    send(enterprise, office)
    page.refresh()
    target = tmp_path / "队列"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(page.excel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20_000)
    assert dialogs[-1][0] == "导出 Excel" and "已导出 2 份" in dialogs[-1][1]
    workbook = load_workbook(tmp_path / "队列.xlsx")
    assert workbook.sheetnames[0] == "审核队列"
    # the 统计与导出 page's export opens in the same folder next time
    assert last_folder(office.store, EXCEL_FOLDER_SETTING) == tmp_path


# --- what the cold review found -----------------------------------------------------------------


def test_a_typed_reason_whose_target_names_nothing_stops_the_decision(
    qtbot, monkeypatch, page, office, enterprise, session, dialogs
):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))  # not now
    office_id = send(enterprise, office)
    page.refresh()
    session.sign_in("wangfang", PASSWORD)
    window = open_window(qtbot, page)
    window.decide(("field", window.definition.title_field))
    dialog = window.decision_dialog
    assert dialog is not None
    type_chinese(dialog.message_edit, "名称与批复文件不一致")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.target_box.setEditText("申请金")  # typed, not picked: names no entry
    type_chinese(dialog.message_edit, "金额请核减")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert office.review.latest_decision(office_id) is None  # not recorded without it
    assert dialog.isVisible() and "请在左边的列表中选择" in dialog.banner.text()
    assert dialog.message_edit.text() == "金额请核减"  # nothing typed is lost
    assert dialog.choose_target("field", "requested_amount")
    with qtbot.waitSignal(window.decided):
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    decision = office.review.latest_decision(office_id)
    assert decision is not None and len(decision.reasons) == 2


def test_a_reason_goes_to_the_entry_picked_when_two_share_a_label(
    qtbot, monkeypatch, page, office, enterprise, session
):
    same = "申报主体·联系人"  # two entries may read alike; the one picked is the one meant
    targets = [Target("field", "applicant.contact", same), Target("field", "contact", same)]
    monkeypatch.setattr("app.gui.review.decision_dialog.decision_targets", lambda *a, **k: targets)
    send(enterprise, office)
    page.refresh()
    session.sign_in("wangfang", PASSWORD)
    window = open_window(qtbot, page)
    window.decide(("field", "contact"))
    dialog = window.decision_dialog
    assert dialog is not None and dialog.target_box.currentIndex() == 1
    type_chinese(dialog.message_edit, "联系人请写全名")
    assert dialog.add_reason()
    assert [target for target, _text in dialog.typed_reasons()] == [targets[1]]


def test_signing_out_closes_an_unrecorded_decision(
    qtbot, page, office, enterprise, session, dialogs
):
    office_id = send(enterprise, office)
    page.refresh()
    session.sign_in("wangfang", PASSWORD)
    window = open_window(qtbot, page)
    window.decide()
    dialog = window.decision_dialog
    assert dialog is not None and dialog.isVisible()
    session.sign_out()
    assert window.decision_dialog is None and not dialog.isVisible()
    assert "已退出登录" in dialogs[-1][1]
    assert office.review.latest_decision(office_id) is None


def test_only_documents_and_images_open_straight_from_a_review(
    qtbot, monkeypatch, page, office, enterprise, dialogs
):
    import dataclasses

    from PySide6.QtGui import QDesktopServices

    from forms.core.document import AttachmentData
    from tests.helpers.examples import example_document

    doc = dataclasses.replace(
        example_document("incubator"),
        attachments=(
            AttachmentData("场地证明.pdf", b"%PDF-1.4 scan"),
            AttachmentData("申报说明.pdf .exe", b"MZ"),
        ),
    )
    exported = enterprise.exchange.export_package(submit(enterprise, doc=doc), b"%PDF-1.7")
    office.exchange.import_package(exported.content, exported.file_name)
    page.refresh()
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.fileName()))
    window = open_window(qtbot, page)
    files = window.materials.file_items()  # under their materials (here all 其他材料)
    names = [item.text(0) for item in files]
    for row in (names.index("场地证明.pdf"), names.index("申报说明.pdf .exe")):
        window.materials.tree.setCurrentItem(files[row])
        window.open_attachment()
    assert opened == ["场地证明.pdf"]
    assert "不直接打开" in dialogs[-1][1] and "申报说明.pdf .exe" in dialogs[-1][1]


def test_an_attachment_is_saved_where_the_officer_saved_the_last(
    qtbot, monkeypatch, page, office, enterprise, tmp_path
):
    from tests.helpers.exchange_windows import SaveDialog

    send(enterprise, office)
    page.refresh()
    window = open_window(qtbot, page)
    files = window.materials.file_items()
    window.materials.tree.setCurrentItem(files[0])
    chosen = window.materials.chosen_file()
    assert chosen is not None
    attachment_id, name = chosen
    folder = tmp_path / "附件"
    folder.mkdir()
    asked = SaveDialog(monkeypatch, folder / Path(name).stem)  # typed without its type
    window.save_attachment()
    saved = folder / name
    assert saved.read_bytes() == office.store.attachment_content(attachment_id)
    window.save_attachment()  # the next one starts in that folder
    assert [Path(suggested) for _title, suggested, _filter in asked.asked][-1] == saved


def test_an_open_window_follows_a_new_revision(qtbot, page, office, enterprise, session):
    app_id = submit(enterprise)
    first = enterprise.exchange.export_package(app_id, b"%PDF-1.7")
    office_id = office.exchange.import_package(first.content, first.file_name).application_id
    page.refresh()
    window = open_window(qtbot, page)
    office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=officer(office),
        reasons=[Reason(field_path="requested_amount", message="请核减")],
    )
    decision = office.decisions.export_decision(office_id)
    enterprise.decisions.import_decision(decision.content, decision.file_name)
    enterprise.store.change_status(app_id, Status.READY)
    second = enterprise.exchange.export_package(app_id, b"%PDF-1.7")
    office.exchange.import_package(second.content, second.file_name)
    # no call by hand: the window heard the store change and shows the new revision
    assert window.revision_box.currentText() == "第2版（当前）"
    assert window.decide_button.isEnabled()


def test_closing_the_office_window_closes_reviews_and_signs_out(
    qtbot, office, enterprise, tmp_path
):
    from app.gui.main_window import MainWindow
    from app.recovery import RecoveryJournal
    from app.settings import Mode, write_mode

    send(enterprise, office)
    write_mode(office.store, Mode.PARK_OFFICE)
    main = MainWindow(office.store, RecoveryJournal(tmp_path / "r"))
    qtbot.addWidget(main)
    main.officers.sign_in("wangfang", PASSWORD)
    review = main.review_page.open_application(main.review_page.model.application_id(0))
    assert review.isVisible()
    main.close()
    assert not review.isVisible() and main.officers.current is None


def test_a_decision_counts_as_sent_only_once_its_file_is_saved(
    qtbot, monkeypatch, page, office, enterprise, session, dialogs, tmp_path
):
    office_id = send(enterprise, office)
    page.refresh()
    session.sign_in("wangfang", PASSWORD)
    window = open_window(qtbot, page)
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(office))
    window.reload()

    def sent() -> tuple[int, int]:
        packages = [p for p in office.exchange.packages(office_id) if p.type == "decision"]
        audited = [e for e in office.store.audit_trail(office_id) if e.action == "导出审核决定"]
        return len(packages), len(audited)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    window.export_decision()  # the officer cancels the save dialog
    assert sent() == (0, 0)
    saved = tmp_path / "决定.gxdec"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    window.export_decision()
    assert saved.is_file() and sent() == (1, 1)


def test_the_decision_file_is_offered_under_its_revision_and_outcome(
    qtbot, monkeypatch, page, office, enterprise, session, dialogs, tmp_path
):
    office_id = send(enterprise, office)
    page.refresh()
    session.sign_in("wangfang", PASSWORD)
    window = open_window(qtbot, page)
    office.review.record_decision(office_id, Outcome.REJECT, officer=officer(office), comment="否")
    window.reload()
    offered: list[str] = []

    def save_as(_parent, _title, path, _filter):
        offered.append(path)
        return str(tmp_path / Path(path).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    number = office.store.load(office_id).number
    assert [Path(p).name for p in offered] == [f"{number}-审核决定-第1版-不予推荐.gxdec"]
    assert (tmp_path / Path(offered[0]).name).is_file()
