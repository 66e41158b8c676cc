"""The 高新区 register: loading, finding a zone by any of its names, and importing an update."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from forms.applicant import City
from forms.core import zones
from forms.core.zones import (
    NOT_IN_ZONE,
    ZoneLevel,
    ZoneRegisterError,
    import_register,
    load_register,
    parse_register,
    shipped_folder,
    zone_name,
    zone_name_or,
)

SHIPPED = (shipped_folder() / "2017-11.toml").read_text(encoding="utf-8")
NATIONAL = {"nanning", "liuzhou", "guilin", "beihai"}
REGIONAL = {
    "wuzhou",
    "qinzhou",
    "laibin",
    "liuzhou-hexi",
    "hezhou",
    "baise",
    "yulin",
    "fangchenggang",
}
CITIES = [c.value for c in City]  # the agreed codes (tests/unit/forms/test_choices.py pins them)

NEW_ZONE = """
[[zones]]
id = "hechi"
name = "河池高新技术产业开发区"
short_names = ["河池高新区"]
level = "regional"
city = "hechi"
sources = ["people-2017-11-25"]
"""


@pytest.fixture
def user_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "zones"
    zones.set_user_folder(folder)
    yield folder
    zones.set_user_folder(None)


def update(tmp_path: Path, text: str, name: str = "update.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def newer(text: str = SHIPPED, version: str = "2019-12") -> str:
    return text.replace('version = "2017-11"', f'version = "{version}"')


def test_the_shipped_register_has_the_twelve_zones_of_2017_with_levels_and_sources():
    register = load_register()
    assert register.version == "2017-11"
    by_level = {level: {z.id for z in register.zones if z.level is level} for level in ZoneLevel}
    assert by_level == {ZoneLevel.NATIONAL: NATIONAL, ZoneLevel.REGIONAL: REGIONAL}
    assert set(register.cities) == set(CITIES)
    for zone in register.zones:
        assert zone.city in CITIES and zone.sources
        assert all(source in register.sources for source in zone.sources)
    assert register.get("liuzhou-hexi").city == "liuzhou"  # type: ignore[union-attr]
    assert register.label("nanning") == "南宁高新技术产业开发区（国家级）"
    assert register.level_label("baise") == "自治区级"
    assert register.label(NOT_IN_ZONE) == "不在高新区内"
    assert register.get(NOT_IN_ZONE) is None and register.is_known(NOT_IN_ZONE)


def test_every_name_of_every_zone_finds_that_zone_spaces_ignored():
    register = load_register()
    for zone in register.zones:
        for name in (zone.id, *zone.names):
            assert register.find(name) is zone, name
            assert register.find(" ".join(name) + "\u3000") is zone, name
    assert register.find("南宁高新区").id == "nanning"  # type: ignore[union-attr]
    assert register.find("南宁高新技术产业开发区").id == "nanning"  # type: ignore[union-attr]
    assert register.find("南宁市") is None and register.find("") is None


@pytest.mark.parametrize(
    ("typed", "zone_id"),
    [
        ("南宁高新区", "nanning"),
        ("南宁高新技术产业开发区", "nanning"),
        ("无", NOT_IN_ZONE),
        ("不在高新区内", NOT_IN_ZONE),
        ("none", NOT_IN_ZONE),
        ("河西高新区", "liuzhou-hexi"),
        ("东盟经开区", None),
        ("待定", None),
    ],
)
def test_resolve_reads_ids_names_and_the_old_words_for_none(typed, zone_id):
    assert load_register().resolve(typed) == zone_id


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('version = "2017-11"', 'version = "最新"'), "版本"),
        (lambda t: t.replace('id = "baise"', 'id = "Baise!"'), "编号"),
        (lambda t: t.replace('id = "baise"', 'id = "none"'), "none"),
        (lambda t: t.replace('id = "baise"', 'id = "yulin"'), "两次"),
        (lambda t: t.replace('level = "regional"', 'level = "省级"', 1), "级别"),
        (lambda t: t.replace('city = "baise"', 'city = "shenzhen"'), "设区市"),
        (lambda t: t.replace('sources = ["people-2017-11-25"]', "sources = []", 1), "来源"),
        (lambda t: t.replace('"百色高新区"', '"玉林高新区"'), "同时指向"),
        (lambda t: t.replace('id = "baise"', 'id = "baise"\ncolour = "red"'), "不认识"),
        (lambda t: t + "\n[[zones]\n", "格式错误"),
        (lambda t: t.replace('"百色高新区"', '"百色\\u0000高新区"'), "控制字符"),
        (lambda t: t.replace('"百色高新区"', '"百色\\u0007高新区"'), "控制字符"),
    ],
)
def test_a_malformed_register_is_refused_in_chinese(change, message):
    with pytest.raises(ZoneRegisterError, match=message):
        parse_register(change(SHIPPED))


def test_a_newer_register_imported_into_the_data_folder_becomes_current(tmp_path, user_folder):
    text = newer(SHIPPED + NEW_ZONE).replace('level = "regional"', 'level = "national"', 1)
    register = import_register(update(tmp_path, text))
    assert register.version == "2019-12" and load_register() is register
    assert register.get("hechi") is not None
    assert register.level_label("wuzhou") == "国家级"  # an upgrade is read, not typed
    assert (user_folder / "2019-12.toml").read_text(encoding="utf-8") == text


def test_a_renamed_zone_keeps_its_id_when_its_former_name_stays_a_short_name(tmp_path, user_folder):
    text = newer().replace(
        'name = "百色高新技术产业开发区"\nshort_names = [',
        'name = "百色国家高新技术产业开发区"\nshort_names = ["百色高新技术产业开发区", ',
    )
    assert import_register(update(tmp_path, text)).find("百色高新技术产业开发区").id == "baise"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SHIPPED, "不比本机现有的 2017-11 版新"),
        (newer().replace('version = "2019-12"', 'version = "2016-01"'), "不比"),
        (newer(SHIPPED.split('[[zones]]\nid = "fangchenggang"')[0]), "删除了“防城港"),
        (newer().replace('name = "百色高新技术产业开发区"', 'name = "百色综合保税区"'), "改作他用"),
        (newer().replace('city = "baise"', 'city = "hechi"'), "改作他用"),
        ("version = 2019\n", "不是有效的高新区名录"),
    ],
)
def test_an_update_that_is_older_drops_or_reuses_an_id_is_refused_and_nothing_kept(
    tmp_path, user_folder, text, message
):
    with pytest.raises(ZoneRegisterError, match=message):
        import_register(update(tmp_path, text))
    assert load_register().version == "2017-11"
    assert not user_folder.exists() or not list(user_folder.iterdir())


def test_a_file_that_is_not_text_is_refused(tmp_path, user_folder):
    path = tmp_path / "zones.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ZoneRegisterError, match="UTF-8"):
        import_register(path)


def test_a_file_in_the_data_folder_changed_by_hand_is_passed_over(tmp_path, user_folder):
    user_folder.mkdir()
    (user_folder / "2020-01.toml").write_text(
        newer(version="2020-01").replace('id = "baise"', 'id = "baise-old"'), encoding="utf-8"
    )
    (user_folder / "2021-01.toml").write_text("not a register", encoding="utf-8")
    assert load_register().version == "2017-11"


def test_a_register_file_that_is_not_toml_is_refused_in_chinese():
    from forms.core.zones import ZoneRegisterError, parse_register

    with pytest.raises(ZoneRegisterError) as caught:
        parse_register('version = "2099-01"\nzones = [[\n')
    message = str(caught.value)
    assert "格式错误" in message and "索取完整的文件" in message
    assert not any("a" <= ch.lower() <= "z" for ch in message), message  # no parser English


def test_a_message_names_the_zone_or_says_none_was_given():
    assert zone_name_or("nanning") == zone_name("nanning") != "未写明"
    assert zone_name_or(None) == zone_name_or("") == "未写明"
    assert zone_name_or(None, "未选择") == "未选择"
