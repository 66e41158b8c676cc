"""At the office, by material: the review window lists each material with its files and
已提供/缺; the officer aims a 补正 reason at a material (「营业执照复印件未盖章」), exports the
decision, and the enterprise sees it under that material."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QTreeWidgetItem

from app.gui.editor.rules_panel import RULE_ROLE
from app.gui.officers.officer import OfficerSession
from app.gui.review.material_panel import FILE_ROLE, MATERIAL_ROLE, MaterialPanel
from app.gui.review.review_window import ReviewWindow
from db.records import AttachmentInfo
from forms.core.materials import OTHER
from forms.core.workflow import Status
from forms.exchange.review import Outcome
from forms.incubator import FORM as INCUBATOR
from tests.helpers.copies import Copy, submit
from tests.helpers.examples import example_document
from tests.helpers.exchange_windows import open_window

PASSWORD = "审核密码2026"
UNSEALED = "营业执照复印件未盖章"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch) -> None:
    monkeypatch.setattr("db.accounts.SCRYPT_N", 2**4)


def material_row(panel: MaterialPanel, material: str) -> QTreeWidgetItem:
    tree = panel.tree
    return next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).data(0, MATERIAL_ROLE) == material
    )


def attachment(number: int, name: str, material: str) -> AttachmentInfo:
    return AttachmentInfo(number, name, 1024, "ab" * 32, datetime.now(UTC), material)


def test_the_panel_shows_provided_missing_and_what_is_wrong(qtbot):
    panel = MaterialPanel()
    qtbot.addWidget(panel)
    doc = example_document("incubator")
    files = [
        attachment(1, "营业执照.docx", "licence"),  # a Word file where a scan is asked for
        *(attachment(n, f"认定文件{n}.pdf", "certification") for n in range(2, 8)),  # 6 > 5
        attachment(9, "说明.txt", OTHER),
    ]
    panel.show_slots(INCUBATOR, doc.form, files, judged=True, can_remark=True)
    order = [
        panel.tree.topLevelItem(i).data(0, MATERIAL_ROLE)
        for i in range(panel.tree.topLevelItemCount())
    ]
    wanted = [m.id for m in INCUBATOR.materials if m.applies(dict(doc.form))]
    assert order == [*wanted, OTHER]  # declared order, 其他材料 last

    licence = material_row(panel, "licence")
    assert licence.text(1).startswith("已提供（1 个文件）") and "公章" in licence.text(1)
    problems = [licence.child(i).text(0) for i in range(licence.childCount())]
    assert any("是 DOCX 文件" in p for p in problems)
    assert licence.child(0).isFirstColumnSpanned()  # read across the row, never cut off
    certification = material_row(panel, "certification")
    assert any(
        "最多 5 个文件，现有 6 个" in certification.child(i).text(0)
        for i in range(certification.childCount())
    )
    assert material_row(panel, "torch_statistics").text(1) == "缺"
    assert material_row(panel, "audit_report").text(1) == "未提供（非必需）"
    assert material_row(panel, OTHER).text(1) == "1 个文件"
    assert "必需材料 7 项，已提供 2 项，缺 5 项" in panel.summary.text()
    assert [i.text(0) for i in panel.file_items()][-1] == "说明.txt"

    # a material's row with one file stands for that file; with several, none is guessed
    panel.tree.setCurrentItem(licence)
    assert panel.chosen_file() == (1, "营业执照.docx")
    panel.tree.setCurrentItem(certification)
    assert panel.chosen_file() is None and panel.chosen_material() == "certification"
    assert panel.remark_button.isEnabled()

    # a package from before materials: nothing is called missing, the officer looks
    legacy = [attachment(1, "扫描件.pdf", OTHER)]
    panel.show_slots(INCUBATOR, doc.form, legacy, judged=False, can_remark=False)
    assert "未标明" in material_row(panel, "licence").text(1)
    assert "旧版申报包" in panel.summary.text() and not panel.remark_button.isEnabled()


def test_an_officer_aims_a_reason_at_a_material_and_the_enterprise_sees_it_there(
    qtbot, monkeypatch, store, journal, office, dialogs, tmp_path
):
    enterprise = Copy(store)
    app_id = submit(enterprise)
    exported = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet")
    office_id = office.exchange.import_package(exported.content).application_id

    session = OfficerSession(office.store)
    session.sign_in("wangfang", PASSWORD)
    window = ReviewWindow(office.store, office_id, session)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.tabs.setCurrentWidget(window.materials)
    panel = window.materials
    licence = material_row(panel, "licence")
    assert licence.text(1).startswith("已提供")
    sent = [a.name for a in office.store.load(office_id).attachments if a.material == "licence"]
    assert [licence.child(i).text(0) for i in range(licence.childCount())] == sent
    assert all(licence.child(i).data(0, FILE_ROLE) for i in range(licence.childCount()))

    # 对所选材料就此提出补正意见…: the dialog opens aimed at the licence, 退回补正 chosen
    panel.tree.setCurrentItem(licence)
    qtbot.mouseClick(panel.remark_button, Qt.MouseButton.LeftButton)
    dialog = window.decision_dialog
    assert dialog is not None
    assert dialog.target_box.currentText() == "材料　营业执照或法人证书"
    assert dialog.outcomes[Outcome.RETURN].isChecked()
    dialog.message_edit.insert(UNSEALED)  # Chinese arrives from the input method
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.reasons.item(0, 0).text() == "材料　营业执照或法人证书"
    target = tmp_path / "决定.gxdec"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(window.decided):
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert target.is_file()  # exported when offered
    history = window.history.decisions.topLevelItem(0).text(4)
    assert f"营业执照或法人证书：{UNSEALED}" in history

    enterprise.decisions.import_decision(target.read_bytes(), target.name)
    assert store.load(app_id).status is Status.RETURNED
    mine = open_window(qtbot, store, journal, app_id)
    lines = [
        mine.decision_banner.reasons.item(i).text()
        for i in range(mine.decision_banner.reasons.count())
    ]
    assert lines == ["〔材料〕营业执照或法人证书", f"　　· {UNSEALED}"]
    reasons = mine.decision_banner.reasons
    item = reasons.item(1)
    qtbot.mouseClick(
        reasons.viewport(), Qt.MouseButton.LeftButton, pos=reasons.visualItemRect(item).center()
    )
    assert mine.side_tabs.currentWidget() is mine.attachments
    tree = mine.rules.tree  # and on the material's 材料齐全 line of the self-check
    line = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).data(0, RULE_ROLE) == "material.licence"
    )
    assert f"园区意见（第1版）：{UNSEALED}" in line.text(2)
    assert "营业执照或法人证书" in mine.statusBar().currentMessage()
    # …and on the material's own slot in the 附件 tab, where the clerk adds the sealed copy
    assert mine.attachments.remark_texts("licence") == [f"园区意见（第1版）：{UNSEALED}"]
    assert not [d for d in dialogs if d[0] != "已记录审核决定" and d[0] != "导出审核决定"]


def test_a_material_reason_waits_for_a_decidable_application(qtbot, office, dialogs):
    """Old revisions and decided applications take no new reasons (the button is greyed)."""
    panel = MaterialPanel()
    qtbot.addWidget(panel)
    doc = example_document("incubator")
    panel.show_slots(INCUBATOR, doc.form, [], judged=True, can_remark=False)
    panel.tree.setCurrentItem(material_row(panel, "licence"))
    assert not panel.remark_button.isEnabled()
    assert not panel.open_button.isEnabled() and not panel.save_button.isEnabled()
