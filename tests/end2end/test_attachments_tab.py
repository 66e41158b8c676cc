"""The clerk's 附件 tab: a slot per material the current answers ask for, files added by its
button or dropped on it, moved and kept when the answers change, 缺 and 类型不符 shown, and the
self-check following the files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.gui.editor import attachments_tab
from forms.core.materials import OTHER
from forms.core.rules import Verdict
from tests.helpers.examples import example_document
from tests.helpers.gui_driver import choose
from tests.helpers.materials import sample_pdf, without_files
from tests.helpers.windows import open_window


def drop_on(widget, paths: list[Path]) -> None:
    """Drop files on ``widget`` as a file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    at, action = QPoint(10, 10), Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at, action, mime, buttons, keys)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted(), "the slot takes files dragged over it"
    QApplication.sendEvent(widget, QDropEvent(QPointF(at), action, mime, buttons, keys))


def papers(tmp_path: Path, *names: str) -> list[Path]:
    made = []
    for name in names:
        path = tmp_path / name
        path.write_bytes(sample_pdf(name))
        made.append(path)
    return made


def line(window, rule_id: str):
    assert window.report is not None
    return next(r for r in window.report.results if r.rule_id == rule_id)


def stored(store, app_id) -> list[tuple[str, str]]:
    return [(a.name, a.material) for a in store.load(app_id).attachments]


def test_a_slot_per_material_the_answers_ask_for_with_what_and_why(qtbot, store, journal):
    app_id = store.import_document(example_document("incubator"))
    window = open_window(qtbot, store, journal, app_id)
    tab = window.attachments
    ids = [box.material_id for box in tab.boxes]
    assert ids[0] == "licence" and ids[-1] == OTHER and "site_proof" in ids
    assert "evaluation" not in ids  # only the 优秀 subsidy asks for the 绩效评价结果
    certification = tab.slot("certification")
    assert certification is not None
    assert certification.state_text == "已提供 1 个"
    assert (
        "必须提供" in certification.facts.text() and "需加盖单位公章" in certification.facts.text()
    )
    assert "PDF" in certification.facts.text()
    assert certification.basis.text().startswith("依据：《若干措施》第（十）条")
    licence = tab.slot("licence")
    assert licence is not None and licence.basis.text().startswith("填报要求：")
    assert tab.shown_files("certification") == ["孵化器认定文件.pdf"]
    row = certification.rows[0]
    assert "KB" in row.name_label.text() and row.info.sha256 in row.name_label.toolTip()
    assert "材料齐全" in tab.summary.text()


def test_attach_by_the_slot_button(qtbot, store, journal, dialogs, tmp_path, monkeypatch):
    app_id = store.import_document(without_files(example_document("incubator")))
    window = open_window(qtbot, store, journal, app_id)
    (licence,) = papers(tmp_path, "营业执照.pdf")
    asked = []

    def pick(_parent, title, _folder, filters):
        asked.append((title, filters))
        return [str(licence)], ""

    monkeypatch.setattr(attachments_tab.QFileDialog, "getOpenFileNames", pick)
    box = window.attachments.slot("licence")
    assert box is not None and box.state_text == "缺"
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.attachments.shown_files("licence") == ["营业执照.pdf"])
    assert stored(store, app_id) == [("营业执照.pdf", "licence")]
    assert "营业执照或法人证书" in asked[0][0] and "*.pdf" in asked[0][1]
    assert window.attachments.slot("licence").state_text == "已提供 1 个"  # type: ignore[union-attr]
    assert not dialogs


def test_files_dropped_on_a_slot_are_filed_under_it(qtbot, store, journal, dialogs, tmp_path):
    app_id = store.import_document(without_files(example_document("incubator")))
    window = open_window(qtbot, store, journal, app_id)
    files = papers(tmp_path, "名单一.pdf", "名单二.pdf")
    drop_on(window.attachments.slot("tenant_list"), files)
    qtbot.waitUntil(lambda: len(window.attachments.shown_files("tenant_list")) == 2)
    assert sorted(stored(store, app_id)) == [
        ("名单一.pdf", "tenant_list"),
        ("名单二.pdf", "tenant_list"),
    ]
    assert window.attachments.shown_files(OTHER) == []


def test_a_required_slot_shows_missing_until_a_file_clears_the_self_check(
    qtbot, store, journal, dialogs, tmp_path
):
    app_id = store.import_document(without_files(example_document("incubator")))
    window = open_window(qtbot, store, journal, app_id)
    tab = window.attachments
    assert tab.slot("certification").state_text == "缺"  # type: ignore[union-attr]
    assert "缺" in tab.summary.text() and "孵化器认定文件" in tab.summary.text()
    before = line(window, "material.certification")
    assert before.verdict is Verdict.FAIL and "缺少「孵化器认定文件」" in before.message
    shown = [
        window.rules.tree.topLevelItem(i).text(2)
        for i in range(window.rules.tree.topLevelItemCount())
    ]
    assert any("材料齐全：孵化器认定文件" in text for text in shown)
    drop_on(tab.slot("certification"), papers(tmp_path, "认定文件.pdf"))
    qtbot.waitUntil(lambda: line(window, "material.certification").verdict is Verdict.PASS)
    assert tab.slot("certification").state_text == "已提供 1 个"  # type: ignore[union-attr]
    assert not any(r.rule_id == "material.certification" for r in window.report.blocking)  # type: ignore[union-attr]


def test_a_file_of_the_wrong_type_is_shown_as_a_problem(qtbot, store, journal, dialogs, tmp_path):
    app_id = store.import_document(without_files(example_document("incubator")))
    window = open_window(qtbot, store, journal, app_id)
    word = tmp_path / "营业执照.docx"
    word.write_bytes(b"PK\x03\x04 not a scan")
    drop_on(window.attachments.slot("licence"), [word])
    qtbot.waitUntil(lambda: window.attachments.shown_files("licence") == ["营业执照.docx"])
    box = window.attachments.slot("licence")
    assert box is not None and box.state_text.endswith("有问题")
    assert box.rows[0].problem.text() == "类型不符"
    assert any("是 DOCX 文件" in label.text() for label in box.problem_labels)
    assert "有问题：营业执照或法人证书" in window.attachments.summary.text()
    verdict = line(window, "material.licence")
    assert verdict.verdict is Verdict.FAIL and "DOCX" in verdict.message


def test_more_files_than_a_material_takes_are_refused_with_a_message(
    qtbot, store, journal, dialogs, tmp_path
):
    app_id = store.import_document(without_files(example_document("incubator")))
    window = open_window(qtbot, store, journal, app_id)
    drop_on(window.attachments.slot("licence"), papers(tmp_path, "一.pdf", "二.pdf", "三.pdf"))
    assert dialogs[-1][0] == "无法添加附件"
    assert "最多 2 个文件" in dialogs[-1][1] and "均未添加" in dialogs[-1][1]
    assert window.attachments.job is None and store.load(app_id).attachments == ()


def test_switching_the_category_changes_the_slots_and_keeps_every_file(
    qtbot, store, journal, dialogs
):
    app_id = store.import_document(example_document("rd_subsidy"))  # 1:1 配套, its papers
    window = open_window(qtbot, store, journal, app_id)
    tab = window.attachments
    task_book = tab.shown_files("task_book")
    assert task_book and tab.slot("postdoc_approval") is None
    choose(window.editor.rows["category"].editor._combo, "postdoc")
    qtbot.waitUntil(lambda: tab.slot("postdoc_approval") is not None)  # as typed, not saved
    assert tab.slot("task_book") is None and tab.slot("funds_receipt") is None
    assert tab.slot("postdoc_approval").state_text == "缺"  # type: ignore[union-attr]
    others = tab.slot(OTHER)
    assert others is not None and task_book[0] in tab.shown_files(OTHER)
    note = others.row(next(r.info.id for r in others.rows if r.info.name == task_book[0])).note  # type: ignore[union-attr]
    assert note.startswith("原为“国家项目任务书或立项文件”") and "保存后移入其他材料" in note
    assert window.save()
    record = store.load(app_id)
    assert len(record.attachments) == 3  # nothing lost
    kept = next(a for a in record.attachments if a.name == task_book[0])
    assert kept.material == OTHER and kept.note.startswith("原为“国家项目任务书或立项文件”")
    saved_row = tab.slot(OTHER).row(kept.id)  # type: ignore[union-attr]
    assert (
        saved_row is not None and saved_row.note == kept.note and "移入其他材料" in saved_row.note
    )
    # Filed again by 归入…: the file goes to the slot, and its note with it.
    (action,) = [a for a in saved_row.move_actions() if a.data() == "postdoc_approval"]
    assert action.text() == "归入“博士后科研工作站设站批准文件”"
    action.trigger()
    qtbot.waitUntil(lambda: tab.shown_files("postdoc_approval") == [task_book[0]])
    assert next(a for a in store.load(app_id).attachments if a.id == kept.id).note == ""


def test_filing_under_a_material_only_the_unsaved_answers_ask_for_saves_first(
    qtbot, store, journal, dialogs, tmp_path
):
    app_id = store.import_document(example_document("rd_subsidy"))
    window = open_window(qtbot, store, journal, app_id)
    choose(window.editor.rows["category"].editor._combo, "postdoc")
    qtbot.waitUntil(lambda: window.attachments.slot("postdoc_approval") is not None)
    assert window.dirty
    drop_on(window.attachments.slot("postdoc_approval"), papers(tmp_path, "设站批文.pdf"))
    qtbot.waitUntil(lambda: window.attachments.shown_files("postdoc_approval") == ["设站批文.pdf"])
    assert not window.dirty and not dialogs
    assert store.load(app_id).form.category.value == "postdoc"  # type: ignore[attr-defined]
    assert ("设站批文.pdf", "postdoc_approval") in stored(store, app_id)


def test_removing_a_file_asks_and_the_slot_goes_back_to_missing(qtbot, store, journal, dialogs):
    app_id = store.import_document(example_document("enclave"))
    window = open_window(qtbot, store, journal, app_id)
    box = window.attachments.slot("park_agreement")
    assert box is not None and box.rows
    qtbot.mouseClick(box.rows[0].remove_button, Qt.MouseButton.LeftButton)
    assert dialogs[-1][0] == "删除附件"
    assert window.attachments.slot("park_agreement").state_text == "缺"  # type: ignore[union-attr]
    assert line(window, "material.park_agreement").verdict is Verdict.FAIL


def test_a_long_file_name_wraps_inside_the_tab_and_shows_as_written(qtbot, store, journal):
    app_id = store.import_document(without_files(example_document("incubator")))
    long_name = "Scan_2026_0315_Incubator_Certification_Final_Version_Signed_Sealed_Copy.pdf"
    store.add_attachment(app_id, long_name, sample_pdf("x"))
    store.add_attachment(app_id, "&lt;加粗&gt;说明.pdf", sample_pdf("y"))  # < and > are refused
    window = open_window(qtbot, store, journal, app_id)
    rows = window.attachments.slot(OTHER).rows  # type: ignore[union-attr]
    label = rows[0].name_label
    assert label.text().replace("\u200b", "").startswith(long_name)
    assert label.minimumSizeHint().width() < 300  # it can wrap: nothing cut at the tab's edge
    name = rows[1].name_label
    assert (
        name.text().startswith("&lt;加粗&gt;说明.pdf")
        and name.textFormat() == Qt.TextFormat.PlainText
    )


def test_clicking_a_missing_material_in_the_self_check_shows_its_slot(
    qtbot, store, journal, dialogs
):
    app_id = store.import_document(without_files(example_document("incubator")))
    window = open_window(qtbot, store, journal, app_id)
    window.resize(1366, 768)
    tree = window.rules.tree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    (item,) = [i for i in items if "材料齐全：孵化器认定文件" in i.text(2)]
    tree.itemClicked.emit(item, 0)
    assert window.side_tabs.currentWidget() is window.attachments
    box = window.attachments.slot("certification")
    assert box is not None and window.focusWidget() is box.add_button
    assert not box.visibleRegion().isEmpty()  # scrolled into view
