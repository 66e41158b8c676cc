"""The editor's checks for issue 13's corrections, driven as a clerk would."""

from __future__ import annotations

from app.gui.editor.application_window import ApplicationWindow
from tests.helpers.examples import example_document
from tests.helpers.gui_driver import clear, type_text


def open_example(qtbot, store, journal, kind: str) -> ApplicationWindow:
    app_id = store.import_document(example_document(kind))
    window = ApplicationWindow(store, app_id, journal)
    qtbot.addWidget(window)
    window.show()
    return window


def rows_of(window: ApplicationWindow) -> list[list[str]]:
    tree = window.rules.tree
    return [
        [tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
        for i in range(tree.topLevelItemCount())
    ]


def test_misplaced_thousands_separator_is_refused_under_the_field(qtbot, store, journal, dialogs):
    window = open_example(qtbot, store, journal, "incubator")
    row = window.editor.rows["requested_amount"]
    clear(row.editor.focus_target())
    type_text(row.editor.focus_target(), "10,0")
    qtbot.waitUntil(lambda: "分隔符" in row.error.text())
    assert any("「申请后补助金额」" in cells[2] for cells in rows_of(window))
    clear(row.editor.focus_target())
    type_text(row.editor.focus_target(), "1,000")  # grouped in threes: read, and over the cap
    qtbot.waitUntil(lambda: "超过上限" in row.error.text())
    clear(row.editor.focus_target())
    type_text(row.editor.focus_target(), "80")
    qtbot.waitUntil(lambda: not row.error.isVisibleTo(window))


def test_negative_amount_says_what_to_enter_in_the_editor(qtbot, store, journal, dialogs):
    window = open_example(qtbot, store, journal, "incubator")
    row = window.editor.rows["requested_amount"]
    clear(row.editor.focus_target())
    type_text(row.editor.focus_target(), "-5")
    qtbot.waitUntil(lambda: "请填写 0 或正数" in row.error.text())


def test_panel_shows_form_requirements_with_their_basis(qtbot, store, journal, dialogs):
    window = open_example(qtbot, store, journal, "new_track")
    qtbot.waitUntil(lambda: window.rules.tree.topLevelItemCount() > 0)
    cells = [row[2] for row in rows_of(window)]
    balance = next(c for c in cells if c.startswith("申请支持资金 + 自筹资金 = 总投资"))
    assert "\n填报要求：表内数据一致" in balance and "《若干措施》" not in balance
    assert any(c.endswith("\n《若干措施》第（十二）条") for c in cells)


def test_tenant_area_above_the_whole_is_an_error_in_the_editor(qtbot, store, journal, dialogs):
    window = open_example(qtbot, store, journal, "incubator")
    assert any("申报单位为该认定孵化载体的运营机构" in row[2] for row in rows_of(window))
    row = window.editor.rows["tenant_area"]
    clear(row.editor.focus_target())
    type_text(row.editor.focus_target(), "40000")
    qtbot.waitUntil(lambda: "请核对两项面积" in row.error.text())
    assert "暂不能提交" in window.rules.banner.text()
    clear(row.editor.focus_target())
    type_text(row.editor.focus_target(), "26500")
    qtbot.waitUntil(lambda: not row.error.isVisibleTo(window))


def test_matching_row_shows_the_approved_total_beside_funds_received(
    qtbot, store, journal, dialogs
):
    window = open_example(qtbot, store, journal, "rd_subsidy")
    row = next(r for r in rows_of(window) if r[2].startswith("按已获（实际到账）国家专项资金"))
    assert "已获（到账）国家专项资金 300 万元（批复总额 450 万元）" in row[3]


def test_panel_lists_grants_the_store_cannot_see(qtbot, store, journal, dialogs):
    window = open_example(qtbot, store, journal, "rd_subsidy")
    rows = [r for r in rows_of(window) if "申报库以外的资助" in r[2]]
    assert len(rows) == 2 and all(r[0] == "需人工核实" for r in rows)


def test_cit_split_has_its_own_row_in_the_editor(qtbot, store, journal, dialogs):
    window = open_example(qtbot, store, journal, "enclave")
    row = window.editor.rows["cit_in_share"]
    clear(row.editor.focus_target())
    type_text(row.editor.focus_target(), "50")
    qtbot.waitUntil(lambda: "企业所得税飞出地分成比例 60 %" in window.rules.banner.text())
    assert "暂不能提交" in window.rules.banner.text()
    clear(row.editor.focus_target())
    type_text(row.editor.focus_target(), "40")
    qtbot.waitUntil(lambda: "可以提交" in window.rules.banner.text())
