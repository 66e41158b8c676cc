"""The self-check panel shows the verdicts the policy texts give (issue 13): each corrected
rule's row, once passing and once failing, as a clerk sees it in the application window."""

from __future__ import annotations

from typing import Any

from PySide6.QtTest import QTest

from app.gui.editor.application_window import ApplicationWindow
from app.gui.editor.rules_panel import RULE_ROLE
from db.repository import Store
from forms import all_forms
from forms.applicant import APPLICANT
from forms.core.document import documents_from_json
from tests.helpers.examples import example_json
from tests.helpers.gui_driver import clear, type_text
from tests.helpers.materials import plus_required_materials
from tests.helpers.samples import OFFICE, POSTDOC, TECH


def stored(
    store: Store,
    kind: str,
    data: dict[str, Any] | None = None,
    applicant: dict[str, Any] | None = None,
) -> int:
    doc = example_json(kind)
    doc["data"].update(data or {})
    doc["applicant"].update(applicant or {})
    return store.import_document(
        plus_required_materials(documents_from_json(doc, all_forms(), APPLICANT)[0])
    )


def open_window(qtbot, store, journal, app_id) -> ApplicationWindow:
    window = ApplicationWindow(store, app_id, journal)
    qtbot.addWidget(window)
    window.show()
    return window


def row(window: ApplicationWindow, rule_id: str) -> tuple[str, str]:
    """The verdict and the 填报值 of a rule's row in the panel ("" if the row is not shown)."""
    tree = window.rules.tree
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item is not None and item.data(0, RULE_ROLE) == rule_id:
            return item.text(0), item.text(3)
    return "", ""


def retype(window: ApplicationWindow, name: str, text: str) -> None:
    target = window.editor.rows[name].editor.focus_target()
    clear(target)
    type_text(target, text)


# --- item 2: 博士后科研工作站 is a fixed 30 万元 ------------------------------------------------


def test_postdoc_grant_row_follows_the_amount_typed(qtbot, store, journal, dialogs):
    window = open_window(qtbot, store, journal, stored(store, "rd_subsidy", POSTDOC))
    assert row(window, "rd.postdoc.grant")[0] == "符合"
    retype(window, "requested_amount", "29.9999")
    qtbot.waitUntil(lambda: row(window, "rd.postdoc.grant")[0] == "不符合")
    assert "暂不能提交" in window.rules.banner.text()


# --- item 3: 科创飞地 — the claims for one filing add up against its 500 万元 -------------------


def test_a_second_claim_for_the_same_filing_over_the_cap_blocks(qtbot, store, journal, dialogs):
    from forms.core.workflow import Status

    earlier = stored(store, "enclave", TECH | {"requested_amount": "300"})
    store.change_status(earlier, Status.READY)
    window = open_window(
        qtbot, store, journal, stored(store, "enclave", TECH | {"requested_amount": "200"})
    )
    assert row(window, "enclave.tech.cap.cumulative")[0] == "符合"
    retype(window, "requested_amount", "200.0001")
    qtbot.waitUntil(lambda: row(window, "enclave.tech.cap.cumulative")[0] == "不符合")
    assert "暂不能提交" in window.rules.banner.text()


# --- item 5: only live claims count (a 草稿 does not) -----------------------------------------


def test_a_draft_for_the_same_filing_is_not_counted(qtbot, store, journal, dialogs):
    stored(store, "enclave", TECH | {"requested_amount": "300"})  # stays a 草稿
    window = open_window(
        qtbot, store, journal, stored(store, "enclave", TECH | {"requested_amount": "300"})
    )
    verdict, observed = row(window, "enclave.tech.cap.cumulative")
    assert verdict == "符合" and "无其他申报" in observed


# --- item 6: 位于高新区内 is read from the register ---------------------------------------------


def test_in_zone_row_follows_the_register(qtbot, store, journal, dialogs):
    inside = open_window(qtbot, store, journal, stored(store, "incubator"))
    assert row(inside, "incubator.in_zone") == ("符合", "南宁高新技术产业开发区（国家级）")
    inside.close()
    outside = stored(
        store, "incubator", applicant={"hitech_zone": "无", "uscc": "91450100MA5K00001E"}
    )
    window = open_window(qtbot, store, journal, outside)
    assert row(window, "incubator.in_zone") == ("不符合", "不在高新区内")
    assert "暂不能提交" in window.rules.banner.text()


# --- item 9: 绩效评价 is a past, recent evaluation -----------------------------------------------


def test_evaluation_year_row_follows_the_year_typed(qtbot, store, journal, dialogs):
    from datetime import date

    data = {
        "request_type": "excellent",
        "certified_level": "regional",
        "evaluation_grade": "excellent",
        "evaluation_year": date.today().year - 1,
        "requested_amount": "100",
    }
    window = open_window(qtbot, store, journal, stored(store, "incubator", data))
    assert row(window, "incubator.excellent.evaluation_year")[0] == "符合"
    retype(window, "evaluation_year", "2099")
    qtbot.waitUntil(lambda: row(window, "incubator.excellent.evaluation_year")[0] == "不符合")
    assert "暂不能提交" in window.rules.banner.text()


# --- item 4: 飞地经济 offices — the four places of 第19项, a closed list ------------------------


def test_office_elsewhere_fails_in_the_panel(qtbot, store, journal, dialogs):
    window = open_window(qtbot, store, journal, stored(store, "enclave", OFFICE))
    assert row(window, "enclave.office.location")[0] == "符合"
    window.close()
    elsewhere = OFFICE | {"office_location": "其他", "province": "浙江省", "city": "杭州市"}
    window = open_window(qtbot, store, journal, stored(store, "enclave", elsewhere))
    verdict, observed = row(window, "enclave.office.location")
    assert verdict == "不符合" and "浙江省杭州市" in observed
    assert "暂不能提交" in window.rules.banner.text()


# --- item 7: 飞地园区 — the 飞入地 高新区 is the applicant committee's own ---------------------


def test_park_in_another_zone_fails_in_the_panel(qtbot, store, journal, dialogs):
    from tests.helpers.gui_driver import pick_zone

    window = open_window(qtbot, store, journal, stored(store, "enclave"))
    assert row(window, "enclave.park.host_zone")[0] == "符合"
    pick_zone(window.editor.rows["host_zone"].editor, "北海", "北海高新技术产业开发区（国家级）")
    qtbot.waitUntil(lambda: row(window, "enclave.park.host_zone")[0] == "不符合")
    assert "暂不能提交" in window.rules.banner.text()
    retype(window, "city", "北海市")
    pick_zone(window.editor.rows["host_zone"].editor, "南宁", "南宁高新技术产业开发区（国家级）")
    qtbot.waitUntil(lambda: row(window, "enclave.park.host_zone")[0] == "需人工核实")


# --- item 8: 孵化器 — two IP figures, either suffices; the 专业 thresholds are checked ----------


def test_ip_row_passes_on_either_figure(qtbot, store, journal, dialogs):
    data = {"tenants_with_patent_applications": 40, "tenants_with_valid_ip": 41}  # of 136
    window = open_window(qtbot, store, journal, stored(store, "incubator", data))
    assert row(window, "incubator.national.ip_share")[0] == "符合"
    retype(window, "tenants_with_valid_ip", "40")  # 29.4 %, and 40 applied for patents
    qtbot.waitUntil(lambda: row(window, "incubator.national.ip_share")[0] == "不符合")


def test_specialised_tenants_are_checked_in_the_panel(qtbot, store, journal, dialogs):
    data = {
        "incubator_type": "specialised",
        "focus_industry": "生物医药",
        "tenants_in_focus_industry": 110,
    }
    window = open_window(qtbot, store, journal, stored(store, "incubator", data))
    assert row(window, "incubator.national.graduates.specialised")[0] == "符合"
    assert row(window, "incubator.national.graduates") == ("", "")  # 不适用: not listed
    retype(window, "graduated_count", "14")
    qtbot.waitUntil(lambda: row(window, "incubator.national.graduates.specialised")[0] == "不符合")


# --- item 1: 新赛道 fields — 传统产业 closed, 新兴产业 and 未来产业 open (列举后有“等”) ---------


def test_a_field_of_ones_own_can_be_typed_under_an_open_category(qtbot, store, journal, dialogs):
    from tests.helpers.gui_driver import choose

    app_id = stored(store, "new_track")
    window = open_window(qtbot, store, journal, app_id)
    field = window.editor.rows["track_field"].editor
    assert not field._combo.isEditable()  # 传统产业: the five listed fields only
    assert row(window, "new_track.field")[0] == "符合"
    choose(window.editor.rows["track_category"].editor._combo, "future")
    qtbot.waitUntil(lambda: field._combo.isEditable())
    assert [field._combo.itemText(i) for i in range(1, field._combo.count())] == [
        "人形机器人",
        "元宇宙",
        "下一代互联网",
        "新型储能",
    ]
    type_text(field._combo.lineEdit(), "量子信息")
    qtbot.waitUntil(lambda: row(window, "new_track.field")[0] == "需人工核实")
    assert window.editor.data()["track_field"] == "量子信息"
    assert not window.editor.rows["track_field"].error.isVisibleTo(window)
    assert "可以提交" in window.rules.banner.text()
    QTest.keySequence(window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.dirty)
    assert store.load(app_id).form.track_field == "量子信息"
    window.close()
    again = open_window(qtbot, store, journal, app_id)  # reopened, the named field is still there
    assert again.editor.data()["track_field"] == "量子信息"
    assert again.editor.rows["track_field"].editor._combo.currentText() == "量子信息"
