"""新建申报 shows who may apply with each form and greys the forms this profile cannot use."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.gui.applications.pages import REFUSED, NewApplicationDialog
from app.gui.widgets import plain
from forms import all_forms
from forms.applicant import OrgType
from tests.helpers.examples import example_document


def row_of(dialog: NewApplicationDialog, kind: str) -> int:
    kinds = [
        dialog.choices.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.choices.count())
    ]
    return kinds.index(kind)


def test_a_firm_sees_the_committee_forms_greyed_with_the_reason(qtbot, monkeypatch) -> None:
    firm = example_document("rd_subsidy").applicant
    assert firm.org_type is OrgType.ENTERPRISE
    dialog = NewApplicationDialog(None, firm)
    qtbot.addWidget(dialog)
    dialog.resize(560, 420)
    dialog.show()
    assert dialog.choices.count() == len(all_forms())
    new_track = dialog.choices.item(row_of(dialog, "new_track"))
    assert "申报主体：高新区管委会" in new_track.text()
    assert "需由高新区管委会申报" in new_track.text()
    assert new_track.data(REFUSED) == "需由高新区管委会申报"
    rd = dialog.choices.item(row_of(dialog, "rd_subsidy"))
    assert "申报主体：企业" in rd.text() and not rd.data(REFUSED)
    # the first usable form is chosen; a refused one cannot be created, its 说明 still opens
    assert not dialog.choices.currentItem().data(REFUSED)
    assert dialog.create_button.isEnabled()
    dialog.choices.setCurrentRow(row_of(dialog, "new_track"))
    assert not dialog.create_button.isEnabled()
    QTest.keyClick(dialog.choices, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(plain, "information", lambda _p, t, m, *a: shown.append((t, m)))
    dialog.help_button.click()
    assert shown and shown[0][0] == all_forms()["new_track"].title
    assert "本单位不能使用本表：需由高新区管委会申报" in shown[0][1]
    if os.environ.get("GXAPPLY_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["GXAPPLY_SHOTS"], "new_application.png"))
    dialog.choices.setCurrentRow(row_of(dialog, "rd_subsidy"))
    assert dialog.create_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        QTest.keyClick(dialog.choices, Qt.Key.Key_Return)
    assert dialog.kind() == "rd_subsidy"


def test_an_incubator_operator_is_told_which_claims_are_open(qtbot) -> None:
    operator = example_document("incubator").applicant
    dialog = NewApplicationDialog(None, operator)
    qtbot.addWidget(dialog)
    rd = dialog.choices.item(row_of(dialog, "rd_subsidy"))
    assert "本单位可申报：重大科技成果接续转化、区外科技成果落地转化" in rd.text()
