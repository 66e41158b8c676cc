"""The application editor driven as a clerk would: fill, watch the checks, save, reopen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.gui.editor import application_window
from app.gui.editor.application_window import ApplicationWindow
from db.repository import Store
from forms import get_form
from forms.applicant import APPLICANT
from forms.core.workflow import Status
from tests.helpers.examples import KINDS, example_document, example_json
from tests.helpers.gui_driver import clear, fill, type_text
from tests.helpers.materials import required_files, without_files
from tests.helpers.windows import open_window


def new_application(store: Store, kind: str) -> int:
    """An empty application of ``kind`` under the example's applicant."""
    applicant_id = store.save_applicant(example_document(kind).applicant)
    return store.create_application(kind, applicant_id).id


def read_only_store(tmp_path) -> tuple[Store, int]:
    """A store holding the incubator example, opened read-only, and the example's id."""
    from db.engine import make_engine

    path = tmp_path / "ro.sqlite3"
    writable = Store.open(f"sqlite:///{path}")
    app_id = writable.import_document(example_document("incubator"))
    writable.close()
    return Store(make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")), app_id


@pytest.mark.parametrize("kind", KINDS)
def test_fill_save_reopen_keeps_every_value(qtbot, store, journal, dialogs, kind):
    app_id = new_application(store, kind)
    window = open_window(qtbot, store, journal, app_id)
    expected = example_json(kind)["data"]
    fill(window.editor, expected)
    model = get_form(kind).model
    assert model.model_validate(window.editor.data()) == model.model_validate(expected)
    QTest.keySequence(window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.dirty)
    window.close()
    for attached in required_files(get_form(kind), model.model_validate(expected)):
        store.add_attachment(app_id, attached.name, attached.content, material=attached.material)
    again = open_window(qtbot, store, journal, app_id)
    assert model.model_validate(again.editor.data()) == model.model_validate(expected)
    assert again.report is not None and again.report.can_submit, again.report.reasons()
    assert not dialogs


def test_error_appears_under_the_field_and_goes_away(qtbot, store, journal, dialogs):
    app_id = store.import_document(example_document("incubator"))
    window = open_window(qtbot, store, journal, app_id)
    row = window.editor.rows["requested_amount"]
    clear(row.editor.focus_target())
    type_text(row.editor.focus_target(), "150")
    qtbot.waitUntil(lambda: row.error.isVisibleTo(window))
    assert "超过上限 100 万元" in row.error.text()
    assert "暂不能提交" in window.rules.banner.text()
    clear(row.editor.focus_target())
    type_text(row.editor.focus_target(), "-5")
    qtbot.waitUntil(lambda: "不能小于 0" in row.error.text())
    clear(row.editor.focus_target())
    type_text(row.editor.focus_target(), "80")
    qtbot.waitUntil(lambda: not row.error.isVisibleTo(window))
    assert "可以提交" in window.rules.banner.text()


def test_clicking_a_rule_goes_to_its_field(qtbot, store, journal, dialogs):
    app_id = store.import_document(example_document("incubator"))
    window = open_window(qtbot, store, journal, app_id)
    tree = window.rules.tree
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if "补助不超过" in tree.topLevelItem(i).text(2)
    )
    target = window.editor.rows["requested_amount"].editor.focus_target()
    # by keyboard: move to the rule and press Enter
    tree.setFocus()
    tree.setCurrentItem(item)
    QTest.keyClick(tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.focusWidget() is target)


def test_submission_refused_while_a_rule_fails(qtbot, store, journal, dialogs):
    app_id = new_application(store, "incubator")
    window = open_window(qtbot, store, journal, app_id)
    window.mark_ready()
    title, text = dialogs[-1]
    assert title == "暂不能提交" and "为必填项" in text
    assert store.load(app_id).status is Status.DRAFT
    name_row = window.editor.rows["carrier_name"]
    assert name_row.error.isVisibleTo(window) and "必填" in name_row.error.text()


def test_submission_of_a_clean_application(qtbot, store, journal, dialogs):
    app_id = store.import_document(example_document("new_track"))
    window = open_window(qtbot, store, journal, app_id)
    window.mark_ready()
    assert store.load(app_id).status is Status.READY
    assert dialogs[-1][0] == "已检查"


def test_autosave_after_a_pause(qtbot, store, journal, dialogs, monkeypatch):
    monkeypatch.setattr(application_window, "AUTOSAVE_DELAY_MS", 50)
    app_id = store.import_document(example_document("enclave"))
    window = open_window(qtbot, store, journal, app_id)
    revision = store.load(app_id).revision
    target = window.editor.rows["enclave_name"].editor.focus_target()
    clear(target)
    type_text(target, "深圳南宁科创飞地")
    qtbot.waitUntil(lambda: store.load(app_id).revision > revision, timeout=5000)
    assert store.load(app_id).title == "深圳南宁科创飞地"
    assert journal.read(app_id) is None  # saved: nothing left to recover


def test_unsaved_edits_survive_a_crash(qtbot, store, journal, dialogs, monkeypatch):
    monkeypatch.setattr(application_window, "AUTOSAVE_DELAY_MS", 10**9)  # the crash comes first
    app_id = store.import_document(example_document("rd_subsidy"))
    window = open_window(qtbot, store, journal, app_id)
    target = window.editor.rows["project_name"].editor.focus_target()
    clear(target)
    type_text(target, "未保存的项目名称")
    qtbot.waitUntil(lambda: journal.read(app_id) is not None)
    window.dirty = False  # the process dies: no save, no goodbye
    window.hide()
    assert store.load(app_id).title != "未保存的项目名称"

    from app.gui.main_window import MainWindow

    store.set_setting("own_applicant_id", str(store.load(app_id).applicant_id))
    main = MainWindow(store, journal)
    qtbot.addWidget(main)
    asked = []
    monkeypatch.setattr(main, "ask_recovery", lambda drafts: asked.append(drafts) or "later")
    main.offer_recovery()  # Esc / 以后再说: nothing opened, nothing thrown away
    assert len(asked) == 1 and journal.read(app_id) is not None and not main.windows
    monkeypatch.setattr(main, "ask_recovery", lambda drafts: "restore")
    main.offer_recovery()
    restored = main.windows[app_id]
    assert restored.editor.data()["project_name"] == "未保存的项目名称"
    assert restored.dirty
    restored.save()
    assert store.load(app_id).title == "未保存的项目名称"
    assert journal.pending() == []


@pytest.mark.sqlite_only(reason="a read-only SQLite file")
def test_read_only_store_keeps_what_was_typed(qtbot, tmp_path, journal, dialogs):
    read_only, app_id = read_only_store(tmp_path)
    window = open_window(qtbot, read_only, journal, app_id)
    target = window.editor.rows["carrier_name"].editor.focus_target()
    clear(target)
    type_text(target, "改过的名称")
    assert not window.save()
    assert dialogs[-1][0] == "保存失败" and "只读" in dialogs[-1][1]
    assert window.editor.data()["carrier_name"] == "改过的名称"
    assert journal.read(app_id) is not None


def test_profile_editor_is_generated_too(qtbot):
    from app.gui.editor.form_editor import FormEditor

    editor = FormEditor(APPLICANT)
    qtbot.addWidget(editor)
    fill(editor, example_json("incubator")["applicant"])
    assert editor.data()["uscc"] == "91450100MA5K00000B"


def test_tab_runs_through_added_rows_in_order(qtbot):
    from app.gui.editor.form_editor import FormEditor
    from app.gui.editor.rows_editor import RowsEditor

    editor = FormEditor(get_form("new_track"))
    qtbot.addWidget(editor)
    editor.show()
    rows = editor.rows["participants"].editor
    assert isinstance(rows, RowsEditor)
    QTest.mouseClick(rows._add, Qt.MouseButton.LeftButton)
    QTest.mouseClick(rows._add, Qt.MouseButton.LeftButton)
    first_row = [rows.row_editor(0, s.name).focus_target() for s in rows.spec.row_fields]
    second_row = [rows.row_editor(1, s.name).focus_target() for s in rows.spec.row_fields]
    widget = first_row[0]
    seen = [widget]
    for _ in range(len(first_row) + len(second_row) + 1):
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
        seen.append(widget)
    order = [w for w in seen if w in first_row + second_row]
    assert order == first_row + second_row


def test_files_dropped_on_the_window_become_attachments(qtbot, store, journal, dialogs, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    app_id = store.import_document(without_files(example_document("incubator")))
    window = open_window(qtbot, store, journal, app_id)
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(b"%PDF-1.4 licence")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(licence))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    # stored off the GUI thread; dropped on no slot in particular, it is 其他材料
    qtbot.waitUntil(lambda: window.attachments.shown_files("other") == ["营业执照.pdf"])
    assert [a.name for a in store.load(app_id).attachments] == ["营业执照.pdf"]
    row = window.attachments.slot("other").rows[0]
    assert "营业执照.pdf" in row.name_label.text()


def test_recovery_never_offers_a_draft_older_than_what_was_saved(
    qtbot, store, journal, dialogs, monkeypatch
):
    from app.gui.main_window import MainWindow

    app_id = store.import_document(example_document("incubator"))
    record = store.load(app_id)
    journal.write(app_id, record.revision, record.title, {"carrier_name": "旧的未保存内容"})
    store.save_draft(app_id, record.form)  # saved again since: the draft is stale
    submitted = store.import_document(example_document("new_track"))
    sub_record = store.load(submitted)
    journal.write(submitted, sub_record.revision, sub_record.title, {"track_name": "x"})
    store.change_status(submitted, Status.READY)
    store.change_status(submitted, Status.SUBMITTED)
    main = MainWindow(store, journal)
    qtbot.addWidget(main)
    monkeypatch.setattr(main, "ask_recovery", lambda drafts: pytest.fail("nothing to offer"))
    main.offer_recovery()
    assert journal.pending() == [] and not main.windows


@pytest.mark.sqlite_only(reason="a read-only SQLite file")
def test_closing_on_a_read_only_store_keeps_the_recovery_file(qtbot, tmp_path, journal, dialogs):
    read_only, app_id = read_only_store(tmp_path)
    window = ApplicationWindow(read_only, app_id, journal)  # deletes itself on close
    window.show()
    target = window.editor.rows["carrier_name"].editor.focus_target()
    clear(target)
    type_text(target, "改过的名称")
    assert window.close()  # the fixture answers 是: close anyway
    assert dialogs[-1][0] == "保存失败" and "恢复文件" in dialogs[-1][1]
    draft = journal.read(app_id)
    assert draft is not None and draft.data["carrier_name"] == "改过的名称"


def test_tab_follows_the_form_when_a_stored_application_with_rows_is_opened(qtbot):
    from app.gui.editor.form_editor import FormEditor

    editor = FormEditor(get_form("new_track"))
    qtbot.addWidget(editor)
    editor.set_data(example_json("new_track")["data"])
    editor.show()
    expected = [w for row in editor.rows.values() for w in row.editor.focus_chain()]
    widget, seen = expected[0], [expected[0]]
    while len(seen) < len(expected):
        widget = widget.nextInFocusChain()
        if widget in expected and widget not in seen:
            seen.append(widget)
    assert seen == expected


def test_oversized_attachment_is_refused_before_it_is_read(
    qtbot, store, journal, dialogs, tmp_path
):
    app_id = store.import_document(without_files(example_document("incubator")))
    window = open_window(qtbot, store, journal, app_id)
    huge = tmp_path / "扫描件.pdf"
    with huge.open("wb") as handle:  # sparse: 60 MB on paper, nothing on disk
        handle.truncate(60 * 1024 * 1024)
    window.attachments.add([huge])
    assert dialogs[-1][0] == "无法添加附件" and "超过 50 MB" in dialogs[-1][1]
    assert store.load(app_id).attachments == ()


def test_adding_attachments_can_be_cancelled_between_files(
    qtbot, store, journal, dialogs, tmp_path
):
    from app.gui.editor.attachments_tab import store_attachments
    from app.gui.widgets.background import BackgroundJob

    app_id = store.import_document(without_files(example_document("incubator")))
    files = []
    for index in range(3):
        path = tmp_path / f"附件{index}.pdf"
        path.write_bytes(b"%PDF" * 10)
        files.append(path)
    job = BackgroundJob(lambda progress: store_attachments(store, app_id, files, progress))
    reports = []
    job.finished.connect(reports.append)
    job.cancel()  # cancelled before the first file: nothing is stored, and it says so
    job.start()
    qtbot.waitUntil(lambda: bool(reports))
    assert store.load(app_id).attachments == ()
    assert "其余 3 个文件未添加" in reports[0][0]


def test_choices_show_their_labels_and_save_their_codes(qtbot, store, journal, dialogs):
    app_id = store.import_document(example_document("new_track"))
    window = open_window(qtbot, store, journal, app_id)
    category = window.editor.rows["track_category"].editor._combo
    assert (
        category.currentText() == "传统产业转型新赛道" and category.currentData() == "traditional"
    )
    field = window.editor.rows["track_field"].editor._combo
    assert field.currentText() == "机械" and field.currentData() == "machinery"
    shown = [field.itemText(i) for i in range(1, field.count())]
    assert shown == ["钢铁", "有色金属", "石化化工", "建材", "机械"]
    boxes = window.editor.rows["transformation_directions"].editor._boxes
    assert [b.text() for b in boxes if b.isChecked()] == ["智能化", "绿色化"]
    assert window.editor.data()["transformation_directions"] == ["intelligent", "green"]
    assert not dialogs
