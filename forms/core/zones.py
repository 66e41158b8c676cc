"""The 高新区 register: which zones exist, by stable id, with their names, level and city.

"位于高新区内", the office a package is addressed to and the office allowed to decide all turn
on *which* 高新区, so what is stored, signed and compared is a zone id, never a name as typed.
The register is data (``resources/zones/*.toml``); a newer one reaches users as a file they
import into the data folder (see ``import_register``), without a new release of the program.
A newer register may add zones, rename them or change their level; it never removes an id or
gives it another meaning, so every id ever stored keeps resolving.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from forms.core.choices import Choice
from forms.core.control_chars import first_control_char
from forms.core.errors import UserError, os_error_text
from forms.core.resources import resources_dir

NOT_IN_ZONE = "none"  # the explicit answer 「不在高新区内」
NOT_IN_ZONE_LABEL = "不在高新区内"
# How a zone missing from this copy's register is named: the sender's register may be newer.
UNKNOWN_ZONE_NAME = "本机高新区名录中没有的高新区（对方的名录可能较新，请导入最新的高新区名录）"
# Words an older profile used for "not in a zone" (the field was free text, 留空 meant none).
LEGACY_NOT_IN_ZONE = frozenset({"无", "没有", "不在高新区", NOT_IN_ZONE_LABEL})

VERSION_PATTERN = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
MAX_FILE_BYTES = 1_000_000
_ZONE_KEYS = frozenset({"id", "name", "short_names", "level", "city", "sources"})


class ZoneRegisterError(UserError):
    """A register file is missing, malformed or not a valid update; the message is Chinese."""


class ZoneLevel(Choice):
    NATIONAL = "national", "国家级"
    REGIONAL = "regional", "自治区级"


def release_one_zone(value: Any) -> Any:
    """A zone as release 0.1.0 wrote it (format 1): its form said 「不在高新区内的留空」, so a
    blank there means 不在高新区内, not "not filled in"; a name becomes its id."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return NOT_IN_ZONE
    return zone_id(value)


def zone_id(value: Any) -> Any:
    """A stored or received zone value as an id: a name (as an older release wrote it) is read
    as the zone it names, 无 as NOT_IN_ZONE, blank as None; unknown text is kept as it is, so
    that it matches no zone and is asked for again rather than dropped."""
    if not isinstance(value, str):
        return value
    if not value.strip():
        return None
    return load_register().resolve(value) or value.strip()


def _plain(text: str) -> str:
    """A name as compared: without spaces of any width."""
    return "".join(text.split())


@dataclass(frozen=True)
class Zone:
    id: str
    name: str  # the official full name
    short_names: tuple[str, ...]
    level: ZoneLevel
    city: str  # a city code (nanning, liuzhou, …)
    sources: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.short_names)

    @property
    def label(self) -> str:
        """The full name with its level, as the profile page and the packet cover show it."""
        return f"{self.name}（{self.level.label}）"


@dataclass(frozen=True)
class ZoneRegister:
    version: str
    title: str
    zones: tuple[Zone, ...]
    cities: Mapping[str, str] = field(default_factory=dict)  # city code → 南宁市
    sources: Mapping[str, str] = field(default_factory=dict)  # source key → 人民网，2017-11-25

    def get(self, zone_id: str | None) -> Zone | None:
        """The zone with this id; None for "none", an unknown id or nothing."""
        return next((z for z in self.zones if z.id == zone_id), None)

    def find(self, text: str | None) -> Zone | None:
        """The zone ``text`` names: its id, full name or a short name, spaces ignored."""
        if not text:
            return None
        wanted = _plain(text)
        for zone in self.zones:
            if wanted == zone.id or wanted in (_plain(n) for n in zone.names):
                return zone
        return None

    def resolve(self, value: str | None) -> str | None:
        """The zone id (or NOT_IN_ZONE) a stored or typed value stands for; None if unknown.

        Reads the ids and every name in the register, and the words older profiles used for
        "not in a zone"; anything else is unknown and must be picked again.
        """
        if value is None:
            return None
        plain = _plain(value)
        if plain == NOT_IN_ZONE or plain in LEGACY_NOT_IN_ZONE:
            return NOT_IN_ZONE
        zone = self.find(plain)
        return zone.id if zone else None

    def is_known(self, value: str | None) -> bool:
        return value == NOT_IN_ZONE or self.get(value) is not None

    def label(self, zone_id: str | None) -> str:
        """What a person reads for a stored value: the zone's name and level."""
        if zone_id == NOT_IN_ZONE:
            return NOT_IN_ZONE_LABEL
        zone = self.get(zone_id)
        if zone is not None:
            return zone.label
        return f"{zone_id}（不在高新区名录中）" if zone_id else ""

    def name_of(self, zone_id: str | None) -> str:
        """The full name alone (a message's subject). A zone this register lacks (the other
        side's register may be newer) is named as such, never by its code."""
        zone = self.get(zone_id)
        if zone is not None:
            return zone.name
        if zone_id == NOT_IN_ZONE:
            return NOT_IN_ZONE_LABEL
        return UNKNOWN_ZONE_NAME if zone_id else ""

    def level_label(self, zone_id: str | None) -> str:
        zone = self.get(zone_id)
        return zone.level.label if zone else ""

    def city_label(self, zone: Zone) -> str:
        return self.cities.get(zone.city, zone.city)

    def successor_problems(self, newer: ZoneRegister) -> list[str]:
        """Why ``newer`` may not replace this register (empty when it may)."""
        if newer.version <= self.version:
            return [f"所选名录为 {newer.version} 版，不比本机现有的 {self.version} 版新"]
        problems = []
        for zone in self.zones:
            later = newer.get(zone.id)
            if later is None:
                problems.append(f"删除了“{zone.name}”（编号 {zone.id}）；名录中的编号不能删除")
            elif later.city != zone.city or _plain(zone.name) not in map(_plain, later.names):
                problems.append(
                    f"编号 {zone.id} 原为“{zone.name}”，新名录中改成了“{later.name}”"
                    f"（{newer.cities.get(later.city, later.city)}）；编号不能改作他用，"
                    "更名的高新区须把原名列入简称"
                )
            else:
                # Every name people wrote for a zone keeps meaning that zone: stored profiles,
                # older packages and the picker read names through the register.
                kept = set(map(_plain, later.names))
                lost = [n for n in zone.names if _plain(n) not in kept]
                if lost:
                    problems.append(
                        f"“{zone.name}”的名称“{'、'.join(lost)}”在新名录中不再属于它；"
                        "原有的名称和简称不能删去或移给其他高新区"
                    )
        return problems


def zone_name(zone_id: str | None) -> str:
    """The full name of a zone id for a message, from the current register."""
    return load_register().name_of(zone_id)


def zone_name_or(zone_id: str | None, missing: str = "未写明") -> str:
    """The zone's name for a message, or ``missing`` where no zone is given."""
    return zone_name(zone_id) if zone_id else missing


# --- reading a register file: strict, since an imported one comes from outside ---------------


def _text(value: Any, where: str, *, limit: int = 60) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise ZoneRegisterError(f"{where}应为不超过 {limit} 字的文字")
    if first_control_char(value) is not None:  # "\u0007" is valid TOML, invisible on screen
        raise ZoneRegisterError(
            f"{where}含有不可见的控制字符：该名录文件已损坏或被改动过，请向发布单位重新索取"
        )
    return value.strip()


def _table(data: Mapping[str, Any], key: str) -> dict[str, str]:
    table = data.get(key)
    if not isinstance(table, Mapping) or not table:
        raise ZoneRegisterError(f"缺少“{key}”表")
    return {str(k): _text(v, f"“{key}”表中的“{k}”") for k, v in table.items()}


def _zone(raw: Any, index: int, cities: Mapping[str, str], sources: Mapping[str, str]) -> Zone:
    where = f"第 {index} 个高新区"
    if not isinstance(raw, Mapping):
        raise ZoneRegisterError(f"{where}格式错误")
    unknown = sorted(set(raw) - _ZONE_KEYS)
    if unknown:
        raise ZoneRegisterError(f"{where}有不认识的项：{'、'.join(unknown)}")
    zone_id = raw.get("id")
    if not isinstance(zone_id, str) or not ID_PATTERN.match(zone_id) or len(zone_id) > 40:
        raise ZoneRegisterError(f"{where}的编号“{zone_id}”无效：应为小写英文字母、数字和连字符")
    if zone_id == NOT_IN_ZONE:
        raise ZoneRegisterError(f"{where}的编号不能是“{NOT_IN_ZONE}”（表示不在高新区内）")
    where = f"{where}（{zone_id}）"
    short = raw.get("short_names", [])
    if not isinstance(short, list):
        raise ZoneRegisterError(f"{where}的简称应为一组文字")
    level = raw.get("level")
    if level not in tuple(ZoneLevel):
        raise ZoneRegisterError(f"{where}的级别“{level}”无效：应为 national 或 regional")
    city = raw.get("city")
    if city not in cities:
        raise ZoneRegisterError(f"{where}的设区市“{city}”不在“cities”表中")
    cited = raw.get("sources")
    if not isinstance(cited, list) or not cited or any(s not in sources for s in cited):
        raise ZoneRegisterError(f"{where}须注明来源，且来源须列在“sources”表中")
    return Zone(
        id=zone_id,
        name=_text(raw.get("name"), f"{where}的全称", limit=50),
        short_names=tuple(_text(s, f"{where}的简称", limit=50) for s in short),
        level=ZoneLevel(level),
        city=str(city),
        sources=tuple(cited),
    )


def parse_register(text: str) -> ZoneRegister:
    """A register from TOML text, refused with a Chinese message if anything is off."""
    import tomllib  # only when a register is read: not on every start of the command line

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f"第 {where.group(1)} 行第 {where.group(2)} 列" if where else "文件中"
        raise ZoneRegisterError(
            f"{at}格式错误，文件可能不完整或被改动过；请向发布名录的单位索取完整的文件"
        ) from exc
    version = data.get("version")
    if not isinstance(version, str) or not VERSION_PATTERN.match(version):
        raise ZoneRegisterError(f"版本“{version}”无效：应为 年-月，例如 2019-12")
    cities, sources = _table(data, "cities"), _table(data, "sources")
    raw_zones = data.get("zones")
    if not isinstance(raw_zones, list) or not raw_zones:
        raise ZoneRegisterError("没有列出任何高新区（zones）")
    zones = tuple(_zone(raw, i, cities, sources) for i, raw in enumerate(raw_zones, start=1))
    ids = [zone.id for zone in zones]
    if len(set(ids)) != len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)
        raise ZoneRegisterError(f"编号 {twice} 出现了两次")
    names = {zone.id: zone.id for zone in zones}  # find() reads ids too: no name may be one
    for zone in zones:
        for name in {_plain(n) for n in zone.names} - {zone.id}:
            other = names.setdefault(name, zone.id)
            if other != zone.id:
                raise ZoneRegisterError(f"名称“{name}”同时指向 {other} 和 {zone.id}，无法区分")
    title = _text(data.get("title", f"高新区名录（{version}）"), "名录标题", limit=80)
    return ZoneRegister(version, title, zones, cities, sources)


def _read_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ZoneRegisterError(f"无法读取文件（{os_error_text(exc)}）") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ZoneRegisterError("文件过大，不是高新区名录")
    return data


def _parse_bytes(data: bytes) -> ZoneRegister:
    try:
        return parse_register(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ZoneRegisterError("文件不是 UTF-8 编码的文字，不是高新区名录") from None


def read_register_file(path: Path) -> ZoneRegister:
    return _parse_bytes(_read_bytes(path))


# --- which register is current: the newest of the shipped ones and the user's imports --------

USER_FOLDER_NAME = "zones"  # under the data folder: the registers the user imported
_user_folder: Path | None = None


def shipped_folder() -> Path:
    return resources_dir() / "zones"


def set_user_folder(folder: Path | None) -> None:
    """Where imported registers live (the data folder's ``zones``); set once at start-up."""
    global _user_folder
    _user_folder = folder
    load_register.cache_clear()


def user_folder() -> Path | None:
    return _user_folder


@cache
def load_register() -> ZoneRegister:
    """The current register: the newest shipped one, or a newer import that follows from it.

    An imported file is checked again here, so one changed by hand since is passed over
    rather than trusted.
    """
    shipped = [read_register_file(p) for p in sorted(shipped_folder().glob("*.toml"))]
    if not shipped:
        raise ZoneRegisterError(f"未找到高新区名录：{shipped_folder()}")
    current = max(shipped, key=lambda r: r.version)
    if _user_folder is not None and _user_folder.is_dir():
        for path in sorted(_user_folder.glob("*.toml")):
            try:
                imported = read_register_file(path)
            except ZoneRegisterError:
                continue
            if not current.successor_problems(imported):
                current = imported
    return current


def import_register(source: Path) -> ZoneRegister:
    """Check ``source`` as an update of the current register and keep it in the user folder.

    Raises ZoneRegisterError (Chinese, saying what is wrong) and keeps nothing when it is not
    a register, not newer, or drops or re-uses an id.
    """
    if _user_folder is None:
        raise ZoneRegisterError("本机未设置数据文件夹，无法导入高新区名录")
    try:
        data = _read_bytes(source)
        newer = _parse_bytes(data)
    except ZoneRegisterError as exc:
        raise ZoneRegisterError(f"“{source.name}”不是有效的高新区名录：{exc}") from None
    problems = load_register().successor_problems(newer)
    if problems:
        raise ZoneRegisterError(f"“{source.name}”未导入：{'；'.join(problems)}")
    target = _user_folder / f"{newer.version}.toml"
    partial = target.with_suffix(".part")
    try:
        _user_folder.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)  # the bytes checked, not the file read again
        partial.replace(target)
    except OSError as exc:
        raise ZoneRegisterError(
            f"无法保存高新区名录（{os_error_text(exc)}），请检查磁盘空间"
        ) from exc
    load_register.cache_clear()
    return load_register()
