"""The versioned measures catalogue: every amount, threshold and article citation, as data.

The measures are a draft for comment, so figures live in ``resources/measures/*.toml``; a rule
names the keys it reads and every validation result records the catalogue version it used.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from forms.core.errors import UserError
from forms.core.resources import resources_dir


def catalogue_dir() -> Path:
    return resources_dir() / "measures"


class CatalogueError(UserError):
    """A catalogue file is missing, malformed, or lacks a key a rule needs; the message is Chinese."""


@dataclass(frozen=True)
class Catalogue:
    version: str
    title: str
    status: str
    data: Mapping[str, Any]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Catalogue:
        try:
            return cls(
                version=str(data["version"]),
                title=str(data["title"]),
                status=str(data.get("status", "")),
                data=data,
            )
        except KeyError as exc:
            raise CatalogueError(f"政策参数目录缺少“{exc.args[0]}”项") from exc

    def value(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise CatalogueError(f"政策参数目录（{self.version}）缺少参数“{key}”")
            node = node[part]
        return node

    def article(self, key: str) -> str:
        return str(self.value(f"articles.{key}"))

    def lapsed_note(self, key: str) -> str:
        """For an article whose source has lapsed (the [lapsed] table: key → its period), what
        every rule citing it must say; "" for a source in force."""
        lapsed = self.data.get("lapsed", {})
        period = lapsed.get(key) if isinstance(lapsed, Mapping) else None
        if not period:
            return ""
        return f"该文件适用期为 {period}，已到期：本项依据须按现行政策人工核实（需人工核实）"

    @property
    def ours(self) -> frozenset[str]:
        """The keys of the figures that are ours (a tolerance, a reading), not the policy's:
        only a 填报要求 may read them."""
        return frozenset(str(key) for key in self.data.get("ours", ()))

    def with_value(self, key: str, value: Any) -> Catalogue:
        """A copy with one figure changed (what a new catalogue version would do)."""
        data = copy.deepcopy(dict(self.data))
        node = data
        *parents, last = key.split(".")
        for part in parents:
            node = node[part]
        if last not in node:
            raise CatalogueError(f"政策参数目录（{self.version}）缺少参数“{key}”")
        node[last] = value
        return Catalogue.from_mapping(data)


def parse_catalogue(text: str) -> Catalogue:
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))  # tomllib says it in English
        at = f"第 {where.group(1)} 行第 {where.group(2)} 列" if where else ""
        raise CatalogueError(f"政策参数目录{at}格式错误，请重新安装本程序") from exc
    return Catalogue.from_mapping(data)


@cache
def available_catalogues() -> dict[str, Catalogue]:
    catalogues = {}
    for path in sorted(catalogue_dir().glob("*.toml")):
        catalogue = parse_catalogue(path.read_text(encoding="utf-8"))
        catalogues[catalogue.version] = catalogue
    if not catalogues:
        raise CatalogueError(f"未找到政策参数目录：{catalogue_dir()}")
    return catalogues


def load_catalogue(version: str | None = None) -> Catalogue:
    """The catalogue ``version``, or the current one (the file marked ``current = true``)."""
    catalogues = available_catalogues()
    if version is None:
        current = [c for c in catalogues.values() if c.data.get("current")]
        return current[-1] if current else list(catalogues.values())[-1]
    try:
        return catalogues[version]
    except KeyError:
        known = "、".join(catalogues)
        raise CatalogueError(f"没有版本为“{version}”的政策参数目录，现有：{known}") from None
