"""The 高新区 picker: type part of any name, pick from the list, and the zone id is what is kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from forms.core.zones import NOT_IN_ZONE, load_register
from tests.helpers.gui_driver import clear, pick_zone, suggestions, type_text
from tests.helpers.windows import picker


def test_typing_part_of_a_name_offers_the_zone_and_keeps_its_id(qtbot):
    editor, zone = picker(qtbot)
    pick_zone(zone, "南宁高新", "南宁高新技术产业开发区（国家级）")
    assert zone._combo.currentText() == "南宁高新技术产业开发区（国家级）"
    assert zone.value() == "nanning" and editor.data()["hitech_zone"] == "nanning"


def test_short_names_and_the_city_find_a_zone_too(qtbot):
    _, zone = picker(qtbot)
    pick_zone(zone, "河西高新区", "柳州河西高新技术产业开发区（自治区级）")
    assert zone.value() == "liuzhou-hexi"
    clear(zone._combo.lineEdit())
    type_text(zone._combo.lineEdit(), "柳州市")
    assert set(suggestions(zone)) == {
        "柳州高新技术产业开发区（国家级）",
        "柳州河西高新技术产业开发区（自治区级）",
    }


def test_not_in_a_zone_is_the_first_choice(qtbot):
    _, zone = picker(qtbot)
    combo = zone._combo
    assert combo.itemText(0) == "不在高新区内" and combo.count() == len(load_register().zones) + 1
    assert zone.value() is None  # nothing chosen until the user says so
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Down)
    assert zone.value() == NOT_IN_ZONE


def test_a_stored_id_shows_its_name_and_unknown_text_stays_to_be_picked_again(qtbot):
    _, zone = picker(qtbot)
    zone.set_value("baise")
    assert zone._combo.currentText() == "百色高新技术产业开发区（自治区级）"
    assert zone.value() == "baise"
    zone.set_value("东盟高新区")
    assert zone._combo.currentText() == "东盟高新区" and zone.value() == "东盟高新区"
    typed = zone._combo.lineEdit()
    clear(typed)
    type_text(typed, "南宁 高新技术产业开发区")  # typed in full without picking: still the zone
    assert zone.value() == "nanning"


def test_a_register_imported_from_the_menu_is_offered_at_once(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from app.gui.exchange.zone_import import import_zone_register
    from app.gui.widgets import plain
    from forms.core import zones

    shipped = (zones.shipped_folder() / "2017-11.toml").read_text(encoding="utf-8")
    update = tmp_path / "高新区名录-2019-12.toml"
    update.write_text(
        shipped.replace('version = "2017-11"', 'version = "2019-12"')
        + '\n[[zones]]\nid = "hechi"\nname = "河池高新技术产业开发区"\nshort_names = ["河池高新区"]'
        '\nlevel = "regional"\ncity = "hechi"\nsources = ["people-2017-11-25"]\n',
        encoding="utf-8",
    )
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(update), ""))
    monkeypatch.setattr(plain, "information", lambda _p, t, m, *a: shown.append((t, m)))
    monkeypatch.setattr(plain, "warning", lambda _p, t, m, *a: shown.append((t, m)))
    zones.set_user_folder(tmp_path / "data" / "zones")
    try:
        editor, zone = picker(qtbot)
        zone.set_value("nanning")
        assert import_zone_register(editor)
        assert shown[-1][0] == "已导入高新区名录" and "2019-12" in shown[-1][1]
        zone._combo.setFocus()
        qtbot.waitUntil(lambda: zone._combo.findData("hechi") >= 0)
        assert zone.value() == "nanning"  # the choice stays
        pick_zone(zone, "河池", "河池高新技术产业开发区（自治区级）")
        assert zone.value() == "hechi"

        assert not import_zone_register(editor)  # the same file again: not newer, refused
        assert shown[-1][0] == "未导入高新区名录" and "不比本机现有的 2019-12 版新" in shown[-1][1]
    finally:
        zones.set_user_folder(None)


def test_the_story_clerk_and_office_pick_two_spellings_and_the_package_arrives(qtbot, tmp_path):
    """The clerk types 南宁高新区, the office 南宁高新技术产业开发区: one zone, one office."""
    from app.settings import own_profile_data, save_own_profile
    from tests.helpers.copies import open_copy, submit
    from tests.helpers.examples import example_json

    def set_up(folder: str, kind: str, typed: str):
        copy = open_copy(tmp_path / folder)
        editor, zone = picker(qtbot)
        editor.set_data({**example_json(kind)["applicant"], "hitech_zone": None})
        pick_zone(zone, typed, "南宁高新技术产业开发区（国家级）")
        assert save_own_profile(copy.store, editor.data(), seen=own_profile_data(copy.store)) == []
        return copy

    enterprise = set_up("enterprise", "incubator", "南宁高新区")
    office = set_up("office", "enclave", "南宁高新技术产业开发区")
    app_id = submit(enterprise)
    exported = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet")
    received = office.exchange.import_package(exported.content, exported.file_name)
    assert office.store.load(received.application_id).applicant.hitech_zone == "nanning"


def test_zone_names_from_a_register_are_plain_text_in_the_tooltips():
    from dataclasses import replace

    from app.gui.editor.zone_editor import zone_items

    register = load_register()
    hostile = replace(register.zones[0], short_names=("<b>南宁</b><img src=x>",))
    model = zone_items(replace(register, zones=(hostile, *register.zones[1:])))
    tip = model.item(1).toolTip()
    assert "&lt;b&gt;南宁&lt;/b&gt;" in tip and "<b>" not in tip
