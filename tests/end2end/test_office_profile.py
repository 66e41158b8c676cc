"""A park office is set up with its own profile (本园区信息), not the enterprise's; its zone is
the one its checks use; offices set up with the enterprise form keep working; the wizard checks
as the user types."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWizard

from app.gui.applications.setup_wizard import SetupWizard
from app.gui.main_window import MainWindow
from app.recovery import RecoveryJournal
from app.settings import Mode, is_set_up, own_applicant_id, read_mode, write_mode
from db.identity import own_profile
from db.offices import Offices
from db.repository import Store
from forms.applicant import OrgType
from forms.exchange.errors import PackageError
from forms.office import OFFICE
from tests.helpers.copies import open_copy, submit
from tests.helpers.examples import example_json
from tests.helpers.gui_driver import clear, fill, toggle, type_text
from tests.helpers.scenarios import open_legacy

ENTERPRISE_ONLY = ("registered_on", "legal_representative", "bank_name", "bank_account")
LIUZHOU_OFFICE = example_json("new_track")["applicant"]  # 柳州高新区管委会


def card_zone(office: Store, enterprise: Store) -> str | None:
    """The zone the office's card names, as an enterprise reads it."""
    data, _name = Offices(office).export_card()
    return Offices(enterprise).preview_card(data, "card").card.office.hitech_zone


def wizard_on_profile_page(qtbot, store: Store, mode: Mode) -> SetupWizard:
    wizard = SetupWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    toggle(wizard.mode_page.park if mode is Mode.PARK_OFFICE else wizard.mode_page.enterprise)
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    on_file = store.engine.url.get_backend_name() == "sqlite"  # a server store skips the page
    if mode is Mode.PARK_OFFICE and on_file:  # where the data lives: this desktop's own file
        assert wizard.currentPage() is wizard.server_page and wizard.server_page.local.isChecked()
        QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.profile_page
    return wizard


def finish(qtbot, wizard: SetupWizard) -> None:
    button = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(button.isEnabled)
    with qtbot.waitSignal(wizard.finished):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_an_office_is_set_up_without_legal_representative_or_account(qtbot, store):
    wizard = wizard_on_profile_page(qtbot, store, Mode.PARK_OFFICE)
    editor = wizard.profile_page.editor
    assert editor.definition is OFFICE and wizard.profile_page.title() == "本园区信息"
    assert not set(ENTERPRISE_ONLY) & set(editor.rows)
    assert not {"收款账户", "企业资质"} & set(editor.sections)
    assert editor.rows["hitech_zone"].label.text().startswith("所辖高新区")
    fill(editor, LIUZHOU_OFFICE)
    finish(qtbot, wizard)
    assert is_set_up(store) and read_mode(store) is Mode.PARK_OFFICE
    profile = store.get_applicant(own_applicant_id(store)).profile
    assert (profile.name, profile.uscc, profile.hitech_zone) == (
        LIUZHOU_OFFICE["name"],
        LIUZHOU_OFFICE["uscc"],
        "liuzhou",  # the code, not the label
    )
    assert profile.org_type is OrgType.ZONE_COMMITTEE and profile.city == "liuzhou"
    assert profile.legal_representative is None and profile.registered_on is None


def test_the_enterprise_set_up_still_asks_the_enterprise_profile(qtbot, store):
    wizard = wizard_on_profile_page(qtbot, store, Mode.ENTERPRISE)
    assert set(ENTERPRISE_ONLY) <= set(wizard.profile_page.editor.rows)
    assert wizard.profile_page.title() == "申报主体信息"


def test_an_office_may_not_pick_not_in_a_zone(qtbot, store):
    wizard = wizard_on_profile_page(qtbot, store, Mode.PARK_OFFICE)
    page = wizard.profile_page
    fill(page.editor, {**LIUZHOU_OFFICE, "hitech_zone": "none"})
    error = page.editor.rows["hitech_zone"].error
    assert error.isVisible() and "不能选“不在高新区内”" in error.text()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "所辖高新区" in page.message.text()


def test_the_zone_picked_in_the_wizard_is_the_zone_the_office_checks(qtbot, tmp_path):
    enterprise = open_copy(tmp_path / "enterprise")
    package = enterprise.exchange.export_package(submit(enterprise))  # a firm of 南宁高新区
    office = open_copy(tmp_path / "office")
    wizard = wizard_on_profile_page(qtbot, office.store, Mode.PARK_OFFICE)
    fill(wizard.profile_page.editor, LIUZHOU_OFFICE)  # picks 柳州高新区
    finish(qtbot, wizard)
    assert own_profile(office.store).hitech_zone == "liuzhou"
    assert card_zone(office.store, enterprise.store) == "liuzhou"
    with pytest.raises(PackageError, match="本机是“柳州高新技术产业开发区”的园区端"):
        office.exchange.import_package(package.content, package.file_name)
    # the office page changes the same zone, and the check follows it
    window = MainWindow(office.store, RecoveryJournal(tmp_path / "recovery"))
    qtbot.addWidget(window)
    page = window.profile_page
    assert page.editor.definition is OFFICE
    fill(page.editor, {"hitech_zone": "nanning"})
    assert page.save(), page.message.text()
    assert card_zone(office.store, enterprise.store) == "nanning"
    received = office.exchange.import_package(package.content, package.file_name)
    assert not received.duplicate


def test_an_office_set_up_with_the_enterprise_form_still_loads(qtbot, tmp_path):
    """Offices of earlier releases kept the enterprise form: what the office form asks carries
    over, the office saves its own form, and its zone check is unchanged throughout."""
    office = open_legacy(tmp_path, "office_nanning")
    enterprise = open_copy(tmp_path / "enterprise")
    stored = office.store.get_applicant(own_applicant_id(office.store)).profile
    assert stored.legal_representative  # the enterprise shape
    write_mode(office.store, Mode.PARK_OFFICE)
    window = MainWindow(office.store, RecoveryJournal(tmp_path / "recovery"))
    qtbot.addWidget(window)
    page = window.profile_page
    shown = page.editor.data()
    assert set(shown) == set(OFFICE.fields)
    assert shown["name"] == stored.name and shown["uscc"] == stored.uscc
    assert shown["hitech_zone"] == stored.hitech_zone == "nanning"
    assert shown["contact_person"] == stored.contact_person
    assert shown["contact_phone"] == stored.contact_phone
    assert card_zone(office.store, enterprise.store) == "nanning"
    # saved, it is the office's profile; loaded again (the other way), it is the same
    assert page.save(), page.message.text()
    saved = own_profile(office.store)
    assert saved.legal_representative is None and saved.org_type is OrgType.ZONE_COMMITTEE
    assert (saved.name, saved.uscc, saved.hitech_zone) == (stored.name, stored.uscc, "nanning")
    again = MainWindow(office.store, RecoveryJournal(tmp_path / "recovery2"))
    qtbot.addWidget(again)
    assert again.profile_page.editor.data() == shown
    assert card_zone(office.store, enterprise.store) == "nanning"


def test_an_unfinished_set_up_of_an_old_office_starts_from_its_profile(qtbot, tmp_path):
    office = open_legacy(tmp_path, "office_nanning")  # no 使用方 yet: the wizard runs
    stored = own_profile(office.store)
    wizard = wizard_on_profile_page(qtbot, office.store, Mode.PARK_OFFICE)
    data = wizard.profile_page.editor.data()
    assert (data["name"], data["uscc"], data["hitech_zone"]) == (
        stored.name,
        stored.uscc,
        "nanning",
    )
    finish(qtbot, wizard)
    assert read_mode(office.store) is Mode.PARK_OFFICE


# --- the wizard checks as the user types -------------------------------------------------------


@pytest.mark.parametrize("mode", [Mode.ENTERPRISE, Mode.PARK_OFFICE])
def test_the_wizard_shows_a_bad_code_under_its_field_while_typing(qtbot, store, mode):
    wizard = wizard_on_profile_page(qtbot, store, mode)
    page = wizard.profile_page
    finish_button = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish_button.isEnabled()
    assert "必填项未填写" in page.message.text() and "单位名称" in page.message.text()
    assert "必填项未填写" in finish_button.toolTip()
    row = page.editor.rows["uscc"]
    assert not row.error.isVisible()  # nothing typed there yet: no red
    good = LIUZHOU_OFFICE["uscc"]
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    type_text(row.editor.focus_target(), bad)  # no Tab, no 完成: as it is typed
    qtbot.waitUntil(row.error.isVisible)
    assert "校验码" in row.error.text()
    assert "统一社会信用代码" in page.message.text() and "校验码" in page.message.text()
    assert not finish_button.isEnabled() and "校验码" in finish_button.toolTip()
    assert is_set_up(store) is False  # nothing saved
    clear(row.editor.focus_target())
    type_text(row.editor.focus_target(), good)
    qtbot.waitUntil(lambda: not row.error.isVisible())
    assert "校验码" not in page.message.text()


def test_an_emptied_required_field_is_marked_at_once(qtbot, store):
    wizard = wizard_on_profile_page(qtbot, store, Mode.PARK_OFFICE)
    row = wizard.profile_page.editor.rows["contact_person"]
    type_text(row.editor.focus_target(), "覃")
    assert not row.error.isVisible()
    clear(row.editor.focus_target())
    qtbot.waitUntil(row.error.isVisible)
    assert "必填" in row.error.text()


def test_the_wizard_enables_finish_once_the_profile_is_complete(qtbot, store):
    wizard = wizard_on_profile_page(qtbot, store, Mode.PARK_OFFICE)
    page = wizard.profile_page
    fill(page.editor, LIUZHOU_OFFICE)
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert page.message.text() == ""
    # back to the first page and over to 企业端: that form is checked on its own
    wizard.back()
    toggle(wizard.mode_page.enterprise)
    wizard.next()
    assert page.editor.definition is not OFFICE
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_the_line_under_the_form_counts_only_the_blanks_it_names(qtbot, store, dialogs):
    """A 所辖高新区 typed but not in the register is no blank: the line counted it among the
    unfilled fields and named only the others (还有 3 个必填项未填写（联系人、联系电话）)."""
    wizard = wizard_on_profile_page(qtbot, store, Mode.PARK_OFFICE)
    editor = wizard.profile_page.editor
    fill(editor, {"name": LIUZHOU_OFFICE["name"], "uscc": LIUZHOU_OFFICE["uscc"]})
    type_text(editor.rows["hitech_zone"].editor._combo.lineEdit(), "南宁")
    said = wizard.profile_page.message.text()
    assert "还有 2 个必填项未填写（联系人、联系电话）" in said, said
    assert "「所辖高新区」“南宁”不在高新区名录中" in said, said
