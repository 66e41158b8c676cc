"""What a draft keeps of what was typed but does not parse: the raw value, its field, its problem.

A draft is saved whatever is typed (issue 15 item 2). The values that parse go into the form
model as always; each one that does not is left out of the model and kept here as typed, with
its problem, so that reopening the draft shows the text and the red mark. Everything downstream
(the rules, the packet, the export, the caps) sees only the strict model; a draft holding values
kept as typed cannot be marked 待提交 or exported until they are corrected.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from forms.core.definition import FormDefinition
from forms.core.fields import FormModel
from forms.core.issues import FieldIssue, Path, from_validation_error

MAX_ROUNDS = 4  # leaving values out rarely takes more than one round; a guard against loops


@dataclass(frozen=True)
class TypedValue:
    """One value as typed that the form cannot take, and why."""

    path: Path
    value: Any
    issue: FieldIssue

    def as_json(self) -> dict[str, Any]:
        return {
            "path": list(self.path),
            "value": self.value,
            "code": self.issue.code,
            "message": self.issue.message,
            "label": self.issue.label,
        }

    @classmethod
    def from_json(cls, item: Mapping[str, Any]) -> TypedValue:
        path = tuple(item.get("path") or ())
        issue = FieldIssue(path, str(item.get("code", "")), str(item.get("message", "")))
        return cls(path, item.get("value"), issue.with_label(str(item.get("label", ""))))


def typed_values(stored: Sequence[Mapping[str, Any]] | None) -> tuple[TypedValue, ...]:
    """The values kept as typed, from their stored JSON (None: none kept)."""
    return tuple(TypedValue.from_json(item) for item in stored or ())


def kept_issue(value: TypedValue) -> FieldIssue:
    """The problem of a value kept as typed, as a field issue of the stored draft."""
    issue = value.issue
    return FieldIssue(
        value.path, issue.code, f"{issue.message}（草稿中保存的是填写的原文，改正后才能提交）"
    ).with_label(issue.label)


def salvage(
    definition: FormDefinition, data: Mapping[str, Any]
) -> tuple[FormModel, tuple[TypedValue, ...]] | None:
    """The model of ``data`` with every value that does not parse left out, and those values as
    typed; None if leaving values out does not make it parse (it then is not a set of fields).

    A retired choice is left out as ``parse_form`` does (the editor cannot show it anyway)."""
    if not isinstance(data, Mapping):
        return None
    working, _retired = definition.upgrade(copy.deepcopy(dict(data)))
    working = dict(working)
    kept: list[TypedValue] = []
    for _round in range(MAX_ROUNDS):
        try:
            return definition.model.model_validate(working), tuple(kept)
        except ValidationError as exc:
            issues = from_validation_error(exc, definition.fields)
        removed = False
        for issue in issues:
            found = _take(working, issue.path)
            if found is not None:
                path, value = found
                kept.append(TypedValue(path, value, issue))
                removed = True
        if not removed:
            return None
    return None


def _take(data: dict[str, Any], path: Path) -> tuple[Path, Any] | None:
    """Remove the value at ``path`` (or the field holding it) from ``data``; where it was and
    what it was. A value inside a list of plain items takes its whole list: items cannot be
    left out one by one without renumbering the others."""
    container: Any = data
    for depth, step in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(container, dict) and isinstance(step, str) and step in container:
            child = container[step]
            if last or not isinstance(child, (dict, list)):
                return tuple(path[: depth + 1]), container.pop(step)
            if isinstance(child, list) and not all(isinstance(c, dict) for c in child):
                return tuple(path[: depth + 1]), container.pop(step)
            container = child
        elif isinstance(container, list) and isinstance(step, int) and 0 <= step < len(container):
            child = container[step]
            if last or not isinstance(child, dict):
                break  # a whole row that is not a row: the field holding the list is taken
            container = child
        else:
            break
    # Not found where pydantic points (a row that is not a row, say): take the whole field.
    if path and isinstance(path[0], str) and path[0] in data:
        return (path[0],), data.pop(path[0])
    return None


def with_typed(data: Mapping[str, Any], values: Sequence[TypedValue]) -> dict[str, Any]:
    """``data`` (the stored model's values) with the values kept as typed put back where they
    were typed: what the editor shows when the draft is opened again."""
    merged = copy.deepcopy(dict(data))
    for value in values:
        _put(merged, value.path, value.value)
    return merged


def _put(data: dict[str, Any], path: Path, value: Any) -> None:
    container: Any = data
    for step in path[:-1]:
        if isinstance(container, dict) and isinstance(step, str):
            container = container.get(step)
        elif isinstance(container, list) and isinstance(step, int) and 0 <= step < len(container):
            container = container[step]
        else:
            return
    if path and isinstance(container, dict) and isinstance(path[-1], str):
        container[path[-1]] = value
