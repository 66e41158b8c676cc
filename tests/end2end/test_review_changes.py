"""第2版 under review: the officer sees what changed since 第1版 (a field, an added file) in the
review window, and the 审核意见表 prints it unless the officer leaves it out."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem

from app.gui.review.opinion_preview import OpinionPreview
from app.gui.review.review_window import ReviewWindow
from app.review_prints import opinion_pdf
from forms.applicant import APPLICANT
from forms.core.revision_changes import FIRST_VERSION
from forms.office import OFFICE, OfficeProfile, as_applicant, office_values
from tests.helpers.copies import submit
from tests.helpers.examples import example_document, example_json
from tests.helpers.samples import squeezed_text
from tests.helpers.scenarios import ADDED_FILE, SECOND_VERSION_TITLE_SUFFIX, second_version, send


def lines(window: ReviewWindow) -> list[QTreeWidgetItem]:
    tree = window.changes.tree
    return [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]


def test_the_review_window_of_a_second_version_shows_what_changed(
    qtbot, enterprise, office, session
):
    app_id, office_id = second_version(enterprise, office)
    definition = enterprise.store.load(app_id).definition
    label = definition.spec(str(definition.title_field)).label
    window = ReviewWindow(office.store, office_id, session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    tab = window.tabs.indexOf(window.changes)
    assert window.tabs.tabText(tab) == "与上一版比较（2）"
    assert "第2版与第1版相比共 2 处变更" in window.revision_note.text()
    window.tabs.setCurrentIndex(tab)
    assert window.changes.tree.isVisible()
    assert window.changes.tree.headerItem().text(3) == "第1版"
    field, added = lines(window)
    assert (field.text(1), field.text(2)) == (label, "修改")
    assert field.text(4) == field.text(3) + SECOND_VERSION_TITLE_SUFFIX
    assert (added.text(0), added.text(1), added.text(2)) == ("申报材料", "其他材料", "新增")
    assert added.text(3) == "—" and added.text(4).startswith(ADDED_FILE)

    # in 申报内容 the changed field says what it was
    remark = window.editor.rows[str(definition.title_field)].remark
    assert remark is not None and remark.text() == f"较第1版有改动，第1版为：{field.text(3)}"

    # Enter on the field's line shows the field in 申报内容
    tree = window.changes.tree
    tree.setFocus()
    tree.setCurrentItem(field)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.editor

    # 第1版 chosen: the first, with nothing to compare
    window.revision_box.setCurrentIndex(0)
    assert window.changes.summary.text() == FIRST_VERSION
    assert window.tabs.tabText(tab) == "与上一版比较"
    assert lines(window) == []
    assert not remark.isVisibleTo(window.editor)
    window.tabs.setCurrentIndex(tab)
    assert not window.changes.tree.isVisible()


def test_the_opinion_sheet_of_a_second_version_prints_the_changes(qtbot, enterprise, office):
    app_id, office_id = second_version(enterprise, office)
    title = enterprise.store.load(app_id).title
    preview = OpinionPreview(office.store, office_id)
    qtbot.addWidget(preview)
    assert preview.with_changes.isChecked() and preview.with_changes.isEnabled()
    qtbot.waitUntil(lambda: preview.pdf is not None)
    text = squeezed_text(preview.pdf or b"")
    assert "与上一版比较（第2版较第1版）" in text
    assert "第2版与第1版相比共2处变更" in text
    assert title in text and ADDED_FILE in text and "新增" in text

    # left out: built again without it
    with qtbot.waitSignal(preview.view.documentChanged, timeout=10_000):
        preview.with_changes.setChecked(False)
    qtbot.waitUntil(lambda: preview.pdf is not None and preview.job is None)
    assert "与上一版比较" not in squeezed_text(preview.pdf or b"")


def test_the_first_version_prints_no_changes_by_default(qtbot, enterprise, office):
    office_id = send(enterprise, office)
    preview = OpinionPreview(office.store, office_id)
    qtbot.addWidget(preview)
    assert not preview.with_changes.isChecked() and not preview.with_changes.isEnabled()
    assert preview.with_changes.toolTip() == FIRST_VERSION
    qtbot.waitUntil(lambda: preview.pdf is not None)
    assert "与上一版比较" not in squeezed_text(preview.pdf or b"")
    # asked for all the same, it says there is nothing to compare
    text = squeezed_text(opinion_pdf(office.store, office_id, with_changes=True))
    assert "与上一版比较" in text and FIRST_VERSION in text


def test_the_review_window_shows_a_zone_committees_profile_as_the_office_form(
    qtbot, enterprise, office, session
):
    # a 管委会's own 新赛道, its profile kept in the applicant shape as a park office keeps it;
    # in the office's zone (南宁), under a code of its own (its own code would be refused)
    committee = office_values(example_json("enclave")["applicant"])
    committee["uscc"] = example_json("new_track")["applicant"]["uscc"]
    doc = example_document("new_track")
    doc = replace(doc, applicant=as_applicant(OfficeProfile.model_validate(committee)))
    exported = enterprise.exchange.export_package(submit(enterprise, doc=doc), b"%PDF-1.7 x")
    office_id = office.exchange.import_package(exported.content, exported.file_name).application_id
    window = ReviewWindow(office.store, office_id, session)
    qtbot.addWidget(window)
    assert window.profile.definition is OFFICE  # 所辖高新区 and contacts; no blank 注册日期
    firm = ReviewWindow(office.store, send(enterprise, office), session)
    qtbot.addWidget(firm)
    assert firm.profile.definition is APPLICANT
