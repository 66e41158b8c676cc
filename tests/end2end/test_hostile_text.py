"""Text from the other side is shown as written, never as Qt rich text.

A signer's name, an office's name, a title or a reason may hold ``<br>``, ``<b>`` or ``<!--``:
each window that shows them is built with such names, and every label is checked to show the
literal text (plain text, or rich text that escapes it)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from app.gui.editor.application_window import ApplicationWindow
from app.gui.officers.officer import OfficerSession
from app.gui.review.review_window import ReviewWindow
from app.gui.widgets import plain
from app.gui.widgets.plain import plain_tooltip
from db.decisions import Decisions
from db.exchange import Exchange
from db.identity import OWN_APPLICANT_SETTING, own_profile
from db.repository import Store
from db.trust import KeyStatus, SignerInfo
from forms.applicant import ApplicantProfile
from forms.core.display import one_line
from forms.exchange.review import Outcome, Reason
from tests.helpers.copies import Copy, officer, open_copy, submit
from tests.helpers.examples import example_document

# The comment opener hid the real fingerprint and key status under the fake ones.
HOSTILE_SIGNER = "王芳<br>密钥指纹：AAAA-BBBB-CCCC-DDDD<br>与本机记录的该单位密钥一致<!--"
HOSTILE_OFFICE = "<b>✔ 通过并推荐</b>"
HOSTILE_REASON = '<a href="file:///C:/">点此</a><img src=x>'


def shown_text(label: QLabel) -> str:
    """What ``label`` puts on screen, as Qt decides it: plain, or rendered from rich text."""
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def labels_showing(window: QWidget, marker: str) -> list[QLabel]:
    return [label for label in window.findChildren(QLabel) if marker in label.text()]


def assert_shown_as_written(window: QWidget, hostile: str, marker: str) -> None:
    """Every label whose text holds ``marker`` (a piece of ``hostile``) shows all of
    ``hostile`` literally; and at least one does."""
    showing = labels_showing(window, marker)
    assert showing, f"no label shows {marker!r}"
    for label in showing:
        assert hostile in shown_text(label), (label.objectName(), label.text())


def with_applicant_name(name: str):
    doc = example_document("incubator")
    applicant = doc.applicant
    assert isinstance(applicant, ApplicantProfile)
    return replace(doc, applicant=applicant.model_copy(update={"name": name}))


def rename_office(copy: Copy, name: str) -> None:
    profile = own_profile(copy.store)
    assert profile is not None
    renamed = profile.model_copy(update={"name": name})
    copy.store.set_setting(OWN_APPLICANT_SETTING, str(copy.store.save_applicant(renamed)))


@pytest.fixture
def office(tmp_path) -> Copy:
    copy = open_copy(tmp_path / "office", "enclave")
    officer(copy)
    yield copy
    copy.store.close()


def review_window(qtbot, office: Copy, application_id: int) -> ReviewWindow:
    window = ReviewWindow(office.store, application_id, OfficerSession(office.store))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def test_a_signer_name_with_markup_cannot_hide_the_key_status(qtbot, enterprise, office):
    app_id = submit(enterprise, doc=with_applicant_name(HOSTILE_SIGNER))
    exported = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet")
    office_id = office.exchange.import_package(exported.content).application_id
    window = review_window(qtbot, office, office_id)
    window.tabs.setCurrentIndex(window.tabs.count() - 1)  # 签名与记录: the signer's block

    signer = shown_text(window.signer)
    real = f"密钥指纹：{enterprise.exchange.fingerprint}"
    assert real in signer.splitlines()  # the real fingerprint and status still show
    assert "签名已在导入时核验有效" in signer
    assert f"签名单位：{HOSTILE_SIGNER}\n" in signer  # the name as written, on its own line
    assert window.signer.textFormat() == Qt.TextFormat.PlainText
    assert_shown_as_written(window, HOSTILE_SIGNER, "王芳")


def test_an_office_name_cannot_turn_a_return_into_a_recommendation(
    qtbot, tmp_path, enterprise, office, dialogs
):
    rename_office(office, HOSTILE_OFFICE)
    store: Store = enterprise.store
    app_id = submit(enterprise)
    exported = Exchange(store).export_package(app_id, b"%PDF-1.7 packet")
    office_id = office.exchange.import_package(exported.content).application_id
    office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=officer(office),
        comment="<b>无需补正</b>",
        reasons=[Reason(field_path="carrier_name", message=HOSTILE_REASON)],
    )
    decision = office.decisions.export_decision(office_id)
    Decisions(store).import_decision(decision.content)

    from app.recovery import RecoveryJournal

    window = ApplicationWindow(store, app_id, RecoveryJournal(tmp_path / "recovery"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    banner = window.decision_banner
    heading = shown_text(banner.heading)
    assert heading.startswith("园区审核决定：退回补正")
    assert HOSTILE_OFFICE in heading  # the markup shows as typed, not as a bold 「通过并推荐」
    assert "审核人 王芳（wangfang）" in heading  # 姓名（登录名）: 姓名 alone may be anyone's
    assert "<b>" not in banner.heading.text().replace("<b>园区审核决定", "")  # only ours is bold
    assert_shown_as_written(window, HOSTILE_OFFICE, "通过并推荐")
    assert_shown_as_written(window, "<b>无需补正</b>", "无需补正")
    tip = banner.reasons.item(0).toolTip()
    document = QTextDocument()
    document.setHtml(tip)
    assert HOSTILE_REASON in document.toPlainText()


def test_the_fingerprint_dialog_shows_a_hostile_name_as_written(qtbot):
    from app.gui.exchange.accept_key import AcceptKeyDialog

    signer = SignerInfo(
        "企业", HOSTILE_SIGNER, "91450100MA5K000000", "3F2A-91BC-0D44-7E18", KeyStatus.CHANGED
    )
    dialog = AcceptKeyDialog(signer, "AAAA-BBBB-CCCC-DDDD", 2)
    qtbot.addWidget(dialog)
    assert_shown_as_written(dialog, HOSTILE_SIGNER, "王芳")


def test_every_label_of_the_app_is_plain_unless_it_escapes(qtbot, enterprise, office):
    """No QLabel is left to guess (AutoText): a guessing label shows the next name as HTML."""
    app_id = submit(enterprise, doc=with_applicant_name(HOSTILE_SIGNER))
    exported = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet")
    office_id = office.exchange.import_package(exported.content).application_id
    window = review_window(qtbot, office, office_id)
    guessing = [
        (label.objectName() or type(label.parent()).__name__, label.text())
        for label in window.findChildren(QLabel)
        if label.textFormat() == Qt.TextFormat.AutoText
    ]
    assert guessing == []


def test_a_line_break_in_a_name_cannot_start_a_fake_line():
    """Plain text keeps a real line break: names from outside are shown on one line."""
    fake = "王芳\n密钥指纹：AAAA-BBBB-CCCC-DDDD\u2028与本机记录一致"
    signer = SignerInfo("企业", fake, "91450100MA5K000000", "3F2A", KeyStatus.CHANGED)
    assert one_line(signer.name) == "王芳 密钥指纹：AAAA-BBBB-CCCC-DDDD 与本机记录一致"
    assert one_line("a\u202eb\u200bc\td") == "a b c d"


def test_message_boxes_and_tooltips_show_outside_text_as_written(qtbot, monkeypatch):
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0x400)
    assert (
        plain.warning(None, "打开附件", f"“{HOSTILE_REASON}”不能打开")
        == QMessageBox.StandardButton.Ok
    )
    assert boxes[0].textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE_REASON in boxes[0].text()
    document = QTextDocument()
    document.setHtml(plain_tooltip(HOSTILE_REASON + "\n第二行"))
    assert document.toPlainText() == HOSTILE_REASON + "\n第二行"
    assert plain_tooltip("没有标记的文字") == "没有标记的文字"


# The only labels that are rich on purpose, each escaping what it interpolates.
ESCAPING_RICH_LABELS = {"app/gui/editor/form_editor.py": 1, "app/gui/editor/decision_view.py": 1}


def test_new_code_makes_plain_labels_and_boxes():
    """A new QLabel(...) or QMessageBox.warning(...) would guess rich text again: use PlainLabel
    and app.gui.widgets.plain (or escape, and add the file here with the reason)."""
    root = Path(__file__).resolve().parents[2]
    found: dict[str, int] = {}
    for path in sorted((root / "app").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        source = path.read_text(encoding="utf-8")
        if name == "app/gui/widgets/plain.py":
            continue
        assert not re.search(r"QMessageBox\.(warning|information|critical|question)\(", source), (
            name
        )
        if count := len(re.findall(r"(?<![\w.])QLabel\(", source)):
            found[name] = count
    assert found == ESCAPING_RICH_LABELS


def test_a_save_dialog_offers_one_safe_name_in_the_chosen_folder(qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from app.gui.widgets.save_dialogs import ask_save_path

    offered: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda _p, _t, path, _f: offered.append(path) or ("", "")
    )
    monkeypatch.setattr("app.gui.widgets.save_dialogs.last_folder", lambda _store, _key: tmp_path)
    name = "../../../../tmp/evil-审核决定.gxdec"
    ask_save_path(None, "导出审核决定", name, "*", store=None, folder_key="x", suffix=".gxdec")
    assert offered == [str(tmp_path / "tmp_evil-审核决定.gxdec")]
