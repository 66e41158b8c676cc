"""Drafts in the desktop app (issue 15): saved errors and all, deleted, copied, discarded when
left untouched, imported from files, and handed-in ones that look read-only."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.gui.editor import application_window
from app.gui.editor.rows_editor import RowsEditor
from db.drafts import save_as_typed
from forms.core.document import document_to_json
from forms.core.rules import Verdict
from forms.core.workflow import Status
from tests.helpers.copies import open_copy, submit
from tests.helpers.examples import example_document, example_json
from tests.helpers.gui_driver import clear, type_text
from tests.helpers.materials import plus_required_materials
from tests.helpers.windows import main_window, open_window, set_up

WRONG = "91450221MA5P0T3L9A"  # the second partner's code, its check character mistyped


def partner_code(window):
    rows = window.editor.rows["participants"].editor
    assert isinstance(rows, RowsEditor)
    return rows.row_editor(1, "uscc").focus_target()


def test_ctrl_s_saves_a_wrong_check_digit_and_reopening_shows_it_marked(
    qtbot, store, journal, dialogs
):
    app_id = store.import_document(example_document("new_track"))
    window = open_window(qtbot, store, journal, app_id)
    target = partner_code(window)
    clear(target)
    type_text(target, WRONG)
    QTest.keySequence(window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.dirty)
    assert not dialogs  # nothing refused, nothing to answer
    assert "处填写有误" in window.state.text()
    stored = store.load(app_id)
    assert [v.path for v in stored.unparsed] == [("participants", 1, "uscc")]
    window.close()
    assert not dialogs  # no 「放弃这些修改」

    again = open_window(qtbot, store, journal, app_id)
    assert again.editor.data()["participants"][1]["uscc"] == WRONG
    table = again.editor.rows["participants"]
    qtbot.waitUntil(lambda: table.error.isVisibleTo(again))
    assert "校验码" in table.error.text()
    again.mark_ready()
    assert dialogs[-1][0] == "暂不能标记为待提交" and "校验码" in dialogs[-1][1]
    assert store.load(app_id).status is Status.DRAFT


def test_autosave_saves_a_wrong_check_digit(qtbot, store, journal, dialogs, monkeypatch):
    monkeypatch.setattr(application_window, "AUTOSAVE_DELAY_MS", 50)
    app_id = store.import_document(example_document("new_track"))
    window = open_window(qtbot, store, journal, app_id)
    revision = store.load(app_id).revision
    target = partner_code(window)
    clear(target)
    type_text(target, WRONG)
    qtbot.waitUntil(lambda: store.load(app_id).revision > revision, timeout=5000)
    assert store.load(app_id).typed_data()["participants"][1]["uscc"] == WRONG
    qtbot.waitUntil(lambda: journal.read(app_id) is None)  # saved: nothing left to recover
    assert not dialogs


def test_delete_a_draft_from_the_list_with_confirmation_and_audit(qtbot, store, tmp_path, dialogs):
    window = main_window(qtbot, store, tmp_path)
    app_id = store.import_document(example_document("incubator"))
    number = store.load(app_id).number
    page = window.applications_page
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Delete)  # as from the row's menu: 删除草稿…
    qtbot.waitUntil(lambda: app_id not in store.application_ids())
    title, text = dialogs[-1]
    assert title == "删除草稿" and number in text and "不能撤销" in text
    assert app_id not in store.application_ids()
    from sqlalchemy import select

    from db.models import AuditEvent

    with store.reading() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.application_number == number)
        ).all()
    assert actions[-1] == "删除"


def test_delete_from_the_editor_closes_it(qtbot, store, journal, dialogs):
    app_id = store.import_document(example_document("incubator"))
    window = open_window(qtbot, store, journal, app_id)
    assert window.delete_action.isEnabled()
    assert window.delete_draft()
    assert not window.isVisible()
    assert dialogs[-1][0] == "删除草稿"
    assert app_id not in store.application_ids()


def test_copy_as_new_draft_from_the_editor(qtbot, tmp_path, journal, dialogs):
    enterprise = open_copy(tmp_path / "enterprise")
    app_id = submit(enterprise)
    enterprise.exchange.export_package(app_id)  # 已提交
    window = open_window(qtbot, enterprise.store, journal, app_id)
    assert not window.delete_action.isEnabled()
    with qtbot.waitSignal(window.open_requested) as opened:
        window.copy_as_new()
    copy = enterprise.store.load(opened.args[0])
    source = enterprise.store.load(app_id)
    assert copy.status is Status.DRAFT and copy.title.endswith("（副本）")
    assert copy.catalogue_version == enterprise.store.catalogue.version
    assert [a.sha256 for a in copy.attachments] == [a.sha256 for a in source.attachments]
    copy_window = open_window(qtbot, enterprise.store, journal, copy.id)
    assert copy_window.editable and copy_window.read_only_banner.isHidden()
    enterprise.store.close()


def test_ctrl_n_then_close_leaves_no_empty_draft(qtbot, store, tmp_path, dialogs, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from app.gui.applications.pages import NewApplicationDialog

    window = main_window(qtbot, store, tmp_path)
    monkeypatch.setattr(NewApplicationDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(NewApplicationDialog, "kind", lambda self: "incubator")
    window.new_application()
    (app_id, editor) = next(iter(window.windows.items()))
    assert store.application_ids() == [app_id]
    assert editor.close()
    assert store.application_ids() == []
    # Gone from the open windows once deleted (SQLite would even give the next one its id).
    qtbot.waitUntil(lambda: app_id not in window.windows)
    # one with something typed is kept
    window.new_application()
    (typed_id, editor) = next(iter(window.windows.items()))
    target = editor.editor.rows["carrier_name"].editor.focus_target()
    type_text(target, "某孵化器")
    editor.close()
    assert store.application_ids() == [typed_id]


def write(path, doc) -> str:
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return str(path)


def test_gui_import_of_two_files_all_or_none(qtbot, store, tmp_path, dialogs):
    from app.gui.applications.file_import import import_files

    window = main_window(qtbot, store, tmp_path)
    good = tmp_path / "good.json"
    write(good, example_json("incubator"))
    bad_doc = example_json("enclave")
    bad_doc["data"]["requested_amount"] = "很多"
    bad = tmp_path / "bad.json"
    write(bad, bad_doc)
    before = store.application_ids()
    job = import_files(window, store, [good, bad])
    qtbot.waitUntil(lambda: job.refusal is not None, timeout=30000)
    assert store.application_ids() == before
    title, text = dialogs[-1]
    assert title == "未导入申报文件" and "bad.json" in text and "都没有导入" in text
    assert "gxapply" not in text and "Traceback" not in text

    second = tmp_path / "second.json"
    write(second, document_to_json(example_document("enclave")))
    job = import_files(window, store, [good, second])
    qtbot.waitUntil(lambda: job.result is not None, timeout=30000)
    assert len(store.application_ids()) == 2
    title, text = dialogs[-1]
    assert title == "导入申报文件" and text.count("已导入：") == 2


def test_empty_list_offers_import_not_a_command(qtbot, store, tmp_path, dialogs):
    window = main_window(qtbot, store, tmp_path)
    page = window.applications_page
    hint = page.empty_hint
    texts = " ".join(w.text() for w in hint.findChildren(type(page.count_label)))
    assert "gxapply" not in texts and "命令" not in texts and "导入申报文件" in texts
    assert page.first_import_button.text() == "导入申报文件…"
    message = window.statusBar().currentMessage()
    where = "本机" if store.engine.dialect.name == "sqlite" else "服务器"  # never its URL
    assert where in message and "sqlite:" not in message and "postgresql" not in message


def test_submitted_and_recommended_look_read_only_and_say_why(qtbot, tmp_path, journal, dialogs):
    from tests.helpers.scenarios import recommended

    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    from tests.helpers.copies import officer

    officer(office)
    recommended(enterprise, office)
    (recommended_id,) = [i for i in enterprise.store.application_ids(status=Status.RECOMMENDED)]
    sent = submit(enterprise, doc=plus_required_materials(example_document("enclave")))
    enterprise.exchange.export_package(sent)
    for app_id, words in ((sent, "已提交"), (recommended_id, "已推荐")):
        window = open_window(qtbot, enterprise.store, journal, app_id)
        assert not window.read_only_banner.isHidden()
        assert words in window.read_only_banner.text.text()
        assert "不能再修改" in window.read_only_banner.text.text()
        name = window.editor.rows[window.definition.title_field].editor
        assert name.focus_target().isReadOnly()
        assert "readOnly" in window.editor.styleSheet()
        assert not window.save_action.isEnabled()
    # an editable draft shows none of it
    draft = enterprise.store.import_document(example_document("incubator"))
    window = open_window(qtbot, enterprise.store, journal, draft)
    assert window.read_only_banner.isHidden() and window.editor.styleSheet() == ""
    enterprise.store.close()
    office.store.close()


def test_received_application_says_it_came_in_a_package(qtbot, journal, dialogs, office, tmp_path):
    enterprise = open_copy(tmp_path / "enterprise")
    set_up(enterprise.store)
    app_id = submit(enterprise)
    package = enterprise.exchange.export_package(app_id).content
    received = office.exchange.import_package(package).application_id
    window = open_window(qtbot, office.store, journal, received)
    assert "从申报包收到" in window.read_only_banner.text.text()
    assert not window.copy_action.isEnabled()
    enterprise.store.close()


def test_typed_values_survive_save_as_typed_roundtrip(store):
    app_id = store.import_document(example_document("new_track"))
    data = example_json("new_track")["data"]
    data["participants"][1]["uscc"] = WRONG
    save_as_typed(store, app_id, data)
    assert store.load(app_id).typed_data()["participants"][1]["uscc"] == WRONG


def panel_rows(window) -> list[tuple[str, str, str]]:
    tree = window.rules.tree
    return [
        (item.text(0), item.text(2), item.text(3))
        for item in (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    ]


def test_one_field_in_error_hides_no_rule_and_leads_the_self_check(qtbot, store, journal, dialogs):
    """Issue 15 item 12: the 政策条款自查 panel keeps every rule, the wrong field first."""
    app_id = store.import_document(example_document("new_track"))
    window = open_window(qtbot, store, journal, app_id)
    report = window.report
    assert report is not None and report.can_submit
    listed = [r for r in report.results if r.verdict is not Verdict.NOT_APPLICABLE]
    amount = window.editor.rows["requested_amount"]
    clear(amount.editor.focus_target())
    type_text(amount.editor.focus_target(), "1200")  # over the 1,000 万元 cap: a rule fails
    target = partner_code(window)
    clear(target)
    type_text(target, WRONG)
    qtbot.waitUntil(lambda: panel_rows(window)[:1] and panel_rows(window)[0][0] == "填写有误")

    rows = panel_rows(window)
    assert "校验码" in rows[0][1]
    waiting = [r for r in rows if r[0] == "待改正"]
    assert waiting and rows[1 : 1 + len(waiting)] == waiting  # the rules the wrong code holds up
    assert all("参与单位第2行" in r[2] for r in waiting)
    assert len(rows) == 1 + len(listed)  # every rule is still there
    verdicts = [r[0] for r in rows[1 + len(waiting) :]]
    assert verdicts[0] == "不符合" and "符合" in verdicts  # then the failing rule, then the rest
    assert any("不超过 1,000 万元" in r[1] for r in rows if r[0] == "不符合")
    assert "1 处填写有误" in window.rules.banner.text()
    # under the fields: the wrong code under its table, the failed cap under the amount
    table = window.editor.rows["participants"]
    qtbot.waitUntil(lambda: table.error.isVisibleTo(window) and amount.error.isVisibleTo(window))
    assert "校验码" in table.error.text() and "1,000" in amount.error.text()

    # corrected: the report over the whole form again, nothing waiting
    clear(target)
    type_text(target, WRONG[:-1] + "M")
    qtbot.waitUntil(lambda: panel_rows(window)[0][0] != "填写有误")
    assert not any(r[0] == "待改正" for r in panel_rows(window))
    assert len(panel_rows(window)) == len(listed)


def test_the_rules_that_do_not_apply_are_counted_and_named_on_hover(qtbot, store, journal):
    app_id = store.import_document(example_document("rd_subsidy"))
    window = open_window(qtbot, store, journal, app_id)
    report = window.report
    assert report is not None
    skipped = [r for r in report.results if r.verdict is Verdict.NOT_APPLICABLE]
    assert skipped  # the example has rules that do not apply, or this test checks nothing
    label = window.rules.catalogue_label
    assert f"另有 {len(skipped)} 条不适用本申请" in label.text()
    assert label.toolTip().startswith(f"不适用（{len(skipped)} 条）：")
    assert all(r.article in label.toolTip() for r in skipped)


def test_when_every_rule_applies_none_is_said_not_to(qtbot, store, journal):
    app_id = store.import_document(example_document("new_track"))
    window = open_window(qtbot, store, journal, app_id)
    report = window.report
    assert report is not None and report.results
    assert not any(r.verdict is Verdict.NOT_APPLICABLE for r in report.results)
    label = window.rules.catalogue_label
    assert label.text().startswith("政策参数目录：") and "不适用" not in label.text()
    assert label.toolTip() == ""


def test_a_control_character_an_older_release_stored_opens_marked_and_is_corrected(
    qtbot, store, journal, dialogs
):
    """A draft holding a BEL pasted before characters were checked opens (it used to be
    unreadable: 数据与当前表单定义不符), marked under its field; deleting it makes it clean."""
    from sqlalchemy import select

    from db.models import ApplicationContent

    app_id = store.import_document(example_document("new_track"))
    with store.writing() as session:
        content = session.scalars(
            select(ApplicationContent).where(ApplicationContent.application_id == app_id)
        ).one()
        content.data = {**content.data, "track_name": "柳州高新区\x07工程机械智能绿色转型新赛道"}

    window = open_window(qtbot, store, journal, app_id)
    name = window.editor.rows["track_name"]
    qtbot.waitUntil(lambda: name.error.isVisibleTo(window))
    assert "第 6 个字符处有不可见的控制字符（U+0007）" in name.error.text()
    clear(name.editor.focus_target())
    type_text(name.editor.focus_target(), "柳州高新区工程机械智能绿色转型新赛道")
    qtbot.waitUntil(lambda: not name.error.isVisibleTo(window))
    QTest.keySequence(window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.dirty)
    assert store.report(app_id).can_submit and not dialogs
