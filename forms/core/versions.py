"""Form versions: old stored choice values (renamed or retired) mapped to today's codes.

Each ``FormDefinition`` carries a ``version`` and a ``ValueMap``: per field path, each old value
that may still be found in stored data, exported JSON files or signed packages, and the code it
stands for today, or ``RETIRED`` when the choice no longer exists. The map is applied wherever
data comes in (load from the store, JSON import, package import); a value that is already a code
passes unchanged, so applying it twice does nothing.

A path is a field name (``org_type``) or a rows field and its cell (``partners.partner_type``);
multiple-choice lists are mapped item by item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from forms.core.issues import FieldIssue, Path

RETIRED = None  # the new value of a choice that has been withdrawn


@dataclass(frozen=True)
class ValueMap:
    """Old value → today's code (or ``RETIRED``) for each field path of one form."""

    values: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)

    def __or__(self, other: ValueMap) -> ValueMap:
        """Both maps; ``other``'s entries (a later version) win."""
        merged = {path: dict(old) for path, old in self.values.items()}
        for path, old in other.values.items():
            merged.setdefault(path, {}).update(old)
        return ValueMap(merged)

    def upgrade(self, data: Any) -> tuple[Any, list[FieldIssue]]:
        """``data`` with old values replaced by codes (a new dict; ``data`` is not changed), and
        a field issue for each retired value, which is left out so that the rest still loads."""
        if not isinstance(data, Mapping) or not self.values:
            return data, []
        out = dict(data)
        issues: list[FieldIssue] = []
        for path, old in self.values.items():
            name, _, cell = path.partition(".")
            if name not in out:
                continue
            if not cell:
                out[name] = _mapped(out[name], old, (name,), issues)
            elif isinstance(out[name], list):
                rows = []
                for index, row in enumerate(out[name]):
                    if isinstance(row, Mapping) and cell in row:
                        row = {**row, cell: _mapped(row[cell], old, (name, index, cell), issues)}
                    rows.append(row)
                out[name] = rows
        return out, issues


def _mapped(value: Any, old: Mapping[str, str | None], path: Path, issues: list[FieldIssue]) -> Any:
    if isinstance(value, list):
        kept = []
        for item in value:
            new = _mapped(item, old, path, issues)
            if new is not None or item is None:
                kept.append(new)
        return kept
    if not isinstance(value, str) or value not in old:
        return value
    new = old[value]
    if new is RETIRED:
        issues.append(
            FieldIssue(
                path,
                "retired_choice",
                f"原选项「{value}」已停用，请重新选择",
            )
        )
    return new
