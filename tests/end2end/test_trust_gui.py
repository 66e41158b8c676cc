"""The exchange's trust in the GUI: 撤回并重新报送 in the application window, the office card
(export at the office, import and pinned list at the enterprise), and a changed key accepted
for one sender only in the import dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from db.repository import Store
from forms.core.workflow import Status
from forms.core.zones import zone_name
from tests.helpers.copies import Copy, open_copy, submit
from tests.helpers.examples import example_document
from tests.helpers.exchange_windows import SaveDialog, export_by_keyboard, open_window
from tests.helpers.gui_driver import type_text
from tests.helpers.windows import answering_withdrawal

LIUZHOU = "liuzhou"  # 柳州高新技术产业开发区


def test_withdraw_and_resend_to_the_corrected_office(
    qtbot, store: Store, journal, dialogs, monkeypatch, tmp_path
):
    from app.gui.editor.withdrawal import WithdrawDialog

    liuzhou = open_copy(tmp_path / "liuzhou", "new_track")
    app_id = submit(Copy(store))
    window = open_window(qtbot, store, journal, app_id)
    assert not window.withdraw_action.isEnabled()  # 待提交: nothing to withdraw
    SaveDialog(monkeypatch, tmp_path / "南宁.gxpkg")
    export_by_keyboard(qtbot, window)
    assert window.withdraw_action.isEnabled()

    profile = example_document("incubator").applicant
    store.save_applicant(profile.model_copy(update={"hitech_zone": LIUZHOU}))  # corrected
    monkeypatch.setattr(WithdrawDialog, "exec", answering_withdrawal(qtbot, "高新区选错"))
    SaveDialog(monkeypatch, tmp_path / "柳州.gxpkg")
    window.withdraw_action.trigger()
    qtbot.waitUntil(lambda: window.export is None, timeout=30_000)

    assert store.load(app_id).status is Status.SUBMITTED
    heading, text = dialogs[-1]
    assert (
        heading == "已导出申报包"
        and "第1版" in text
        and "交给柳州高新技术产业开发区的园区管理部门" in text
    )
    received = liuzhou.exchange.import_package((tmp_path / "柳州.gxpkg").read_bytes(), "柳州.gxpkg")
    assert received.revision == 1 and not received.duplicate


def test_the_withdraw_dialog_needs_a_reason(qtbot):
    from app.gui.editor.withdrawal import WithdrawDialog

    dialog = WithdrawDialog("GX2026", "南宁<b>高新区</b>", LIUZHOU)
    qtbot.addWidget(dialog)
    assert not dialog.confirm.isEnabled()
    qtbot.keyClick(dialog.entry, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    type_text(dialog.entry, "选错了")
    assert dialog.confirm.isEnabled()


# --- a changed key is accepted for one firm only ----------------------------------------------------


def test_accepting_a_new_key_in_the_dialog_lets_in_only_that_firms_files(
    qtbot, tmp_path, monkeypatch
):
    """An insider of 甲 with a new key also signs as 乙: after the office checks 甲's new
    fingerprint by phone and accepts it, 乙's file stays refused (it used to come in too)."""
    import uuid
    from dataclasses import replace

    from app.gui.exchange.accept_key import AcceptKeyDialog
    from app.gui.exchange.package_import import PackageImportDialog
    from db.trust import known_keys
    from forms.core.uscc import with_check_character
    from forms.exchange.signing import SigningKey
    from tests.helpers.exchange_kit import make_package
    from tests.helpers.windows import answering, finished

    office = open_copy(tmp_path / "liuzhou", "new_track")
    yi_doc = example_document("rd_subsidy")
    jia_profile = yi_doc.applicant.model_copy(
        update={"uscc": with_check_character("91450200MA5L2K8Q4"), "name": "甲科技有限公司"}
    )
    jia_doc = replace(yi_doc, applicant=jia_profile, uid=str(uuid.uuid4()))

    def other_project(doc, number: str):  # a new application of the firm, within its caps
        return replace(doc, form=doc.form.model_copy(update={"project_number": number}))

    for firm, doc in (("甲", jia_doc), ("乙", yi_doc)):
        copy = open_copy(tmp_path / firm)
        office.exchange.import_package(copy.exchange.export_package(submit(copy, doc=doc)).content)
    insider = SigningKey.generate()
    paths = []
    forged = (
        ("甲", other_project(jia_doc, "2023YFB2504301")),
        ("乙", other_project(yi_doc, "2023YFB2504302")),
    )
    for firm, doc in forged:
        path = tmp_path / f"{firm}.gxpkg"
        path.write_bytes(make_package(replace(doc, uid=str(uuid.uuid4())), key=insider)[0])
        paths.append(path)
    keys_before = {k.uscc: k.fingerprint for k in known_keys(office.store)}

    dialog = PackageImportDialog(office.store, "submission", paths)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    finished(qtbot, dialog)
    assert [r.key_changed for r in dialog.model.rows] == [True, True]
    dialog.table.selectRow(0)  # 甲's file: its fingerprint was checked by phone
    monkeypatch.setattr(AcceptKeyDialog, "exec", answering(qtbot, insider.fingerprint))
    qtbot.mouseClick(dialog.accept_key_button, Qt.MouseButton.LeftButton)
    finished(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.model.rows[0].key_changed, timeout=30000)
    assert dialog.model.rows[0].changed_store, dialog.model.rows[0].message
    assert dialog.model.rows[1].key_changed  # 乙 stays refused
    keys = {k.uscc: k.fingerprint for k in known_keys(office.store)}
    assert keys[jia_profile.uscc] == insider.fingerprint
    assert keys[yi_doc.applicant.uscc] == keys_before[yi_doc.applicant.uscc]


# --- the office card ----------------------------------------------------------------------------------


def test_the_office_card_goes_from_the_office_to_the_enterprise(
    qtbot, store: Store, dialogs, monkeypatch, tmp_path
):
    from app.gui.exchange.office_card import (
        CardDialog,
        PinnedOfficesDialog,
        export_office_card,
        import_office_card,
    )
    from db.trust import KeyStatus, PinSource, pinned_offices

    office = open_copy(tmp_path / "office", "enclave")
    SaveDialog(monkeypatch, tmp_path / "名片")
    path = export_office_card(None, office.store)
    assert path == tmp_path / "名片.gxcard" and path.is_file()
    assert dialogs[-1][0] == "已导出园区名片" and office.exchange.fingerprint in dialogs[-1][1]

    def check_by_phone(self) -> int:
        assert not self.record.isEnabled()  # not before the fingerprint is checked
        self.checked.setChecked(True)
        qtbot.mouseClick(self.record, Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(CardDialog, "exec", check_by_phone)
    assert import_office_card(None, store, path) is KeyStatus.NEW
    (pin,) = pinned_offices(store)
    assert pin.fingerprint == office.exchange.fingerprint and pin.source is PinSource.CARD
    assert import_office_card(None, store, path) is KeyStatus.KNOWN
    assert "无需更改" in dialogs[-1][1]

    listing = PinnedOfficesDialog(store)
    qtbot.addWidget(listing)
    cells = [listing.table.item(0, c).text() for c in range(listing.table.columnCount())]
    assert cells[:5] == [zone_name(pin.zone), pin.name, pin.uscc, pin.fingerprint, "园区名片"]


def test_a_card_that_is_not_one_is_refused_with_a_message(qtbot, store: Store, dialogs, tmp_path):
    from app.gui.exchange.office_card import import_office_card
    from db.trust import pinned_offices

    junk = tmp_path / "假名片.gxcard"
    junk.write_bytes(b'{"card": {}, "signature": ""}')
    assert import_office_card(None, store, junk) is None
    assert "不是本软件导出的园区名片" in dialogs[-1][1] and pinned_offices(store) == []


def test_a_card_for_a_zone_pinned_to_another_office_needs_the_typed_fingerprint(
    qtbot, store: Store, dialogs, monkeypatch, tmp_path
):
    from datetime import UTC, datetime

    from app.gui.exchange.accept_key import AcceptKeyDialog
    from app.gui.exchange.office_card import import_office_card
    from db.offices import Offices
    from db.review import office_profile
    from db.trust import KeyStatus, pinned_offices
    from forms.exchange.office_card import build_card
    from forms.exchange.signing import SigningKey
    from tests.helpers.exchange_kit import office_signer
    from tests.helpers.scenarios import LOOKALIKE_USCC
    from tests.helpers.windows import answering

    office = open_copy(tmp_path / "office", "enclave")
    Offices(store).import_card(Offices(office.store).export_card()[0])
    key = SigningKey.generate()
    signer = office_signer(office_profile(office.store), key, uscc=LOOKALIKE_USCC)
    path = tmp_path / "新名片.gxcard"
    path.write_bytes(build_card(signer, key, datetime.now(UTC)))

    monkeypatch.setattr(AcceptKeyDialog, "exec", answering(qtbot, "0000-1111-2222-3333"))
    assert import_office_card(None, store, path) is None
    assert pinned_offices(store)[0].fingerprint == office.exchange.fingerprint
    monkeypatch.setattr(AcceptKeyDialog, "exec", answering(qtbot, key.fingerprint))
    assert import_office_card(None, store, path) is KeyStatus.ACCEPTED
    assert pinned_offices(store)[0].uscc == LOOKALIKE_USCC


def test_a_returned_application_is_withdrawn_and_resent_from_the_window(
    qtbot, store: Store, journal, dialogs, monkeypatch, tmp_path
):
    """Review 5: 撤回并重新报送 is offered for an application the office returned, too."""
    from app.gui.editor.withdrawal import WithdrawDialog
    from tests.helpers.scenarios import returned_by_nanning

    app_id, _ = returned_by_nanning(Copy(store), tmp_path)
    window = open_window(qtbot, store, journal, app_id)
    assert window.record.status is Status.RETURNED and window.withdraw_action.isEnabled()

    profile = example_document("incubator").applicant
    store.save_applicant(profile.model_copy(update={"hitech_zone": LIUZHOU}))
    monkeypatch.setattr(WithdrawDialog, "exec", answering_withdrawal(qtbot, "应报送柳州高新区"))
    SaveDialog(monkeypatch, tmp_path / "柳州.gxpkg")
    window.withdraw_action.trigger()
    qtbot.waitUntil(lambda: window.export is None, timeout=30_000)

    assert store.load(app_id).status is Status.SUBMITTED
    liuzhou = open_copy(tmp_path / "liuzhou", "new_track")
    received = liuzhou.exchange.import_package((tmp_path / "柳州.gxpkg").read_bytes(), "柳州.gxpkg")
    assert received.revision == 1 and not received.duplicate
