"""What changed between two versions of an application (第1版 → 第2版): fields, table rows and
attachments, found by walking the form's declaration and shown as the packet shows values.

Nothing here names a form's fields: any form declared with ``forms.core.fields`` is compared.
The records it returns are in ``forms.core.change_records`` (and importable from here).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from forms.core.change_records import (
    FIRST_VERSION,
    AttachedFile,
    AttachmentChange,
    CellChange,
    ChangeKind,
    ChangeLine,
    FieldChange,
    FileRef,
    RevisionChanges,
    RowChange,
    Version,
)
from forms.core.definition import FieldSpec, FormDefinition
from forms.core.display import EMPTY, display_value
from forms.core.field_kinds import FieldKind
from forms.core.fields import FormModel

__all__ = [
    "FIRST_VERSION",
    "AttachmentChange",
    "CellChange",
    "ChangeKind",
    "ChangeLine",
    "FieldChange",
    "FileRef",
    "RevisionChanges",
    "RowChange",
    "Version",
    "revision_changes",
    "text_difference",
]

NOT_APPLICABLE = "（不适用）"  # a field the answers no longer ask for (or did not yet ask for)
APPLICANT_AREA = "申报主体"
ROW_SIMILARITY = 0.5  # share of a row's filled columns that must match for it to be "changed"
# A changed text at least this long is told with what in it changed, when that is a few edits.
LONG_TEXT = 30
MAX_EDITS = 3
KEPT_SHARE = 0.6  # a text that keeps less than this of itself was rewritten: no note
EDIT_CHARACTERS = 40


# --- comparing ----------------------------------------------------------------------------------


def revision_changes(
    definition: FormDefinition,
    previous: Version | None,
    current: Version,
    *,
    applicant_definition: FormDefinition | None = None,
) -> RevisionChanges:
    """The changes from ``previous`` to ``current`` of an application of form ``definition``;
    the applicant profiles are compared too when ``applicant_definition`` declares them."""
    if previous is None:
        return RevisionChanges(current.revision, None)
    fields: list[FieldChange] = []
    rows: list[RowChange] = []
    parts: list[tuple[FormDefinition, FormModel | None, FormModel | None, str]] = []
    if applicant_definition is not None:
        parts.append((applicant_definition, previous.applicant, current.applicant, "applicant."))
    parts.append((definition, previous.form, current.form, ""))
    for declared, old, new, prefix in parts:
        old_values = dict(old) if old is not None else {}
        new_values = dict(new) if new is not None else {}
        for section in declared.sections:
            area = APPLICANT_AREA if prefix else section.title
            for name in section.fields:
                spec = declared.fields[name]
                if spec.kind is FieldKind.ROWS:
                    rows += _row_changes(spec, area, prefix + name, old_values, new_values)
                elif change := _field_change(spec, area, prefix + name, old_values, new_values):
                    fields.append(change)
    attachments = _attachment_changes(definition, previous.attachments, current.attachments)
    return RevisionChanges(
        current.revision, previous.revision, tuple(fields), tuple(rows), tuple(attachments)
    )


def _shown(spec: FieldSpec, values: Mapping[str, Any]) -> str:
    """The value as the packet prints it; a field the answers do not ask for prints nothing."""
    if not values or not spec.is_relevant(values):
        return NOT_APPLICABLE
    return display_value(spec, values.get(spec.name))


def _blank(spec: FieldSpec, shown: str) -> bool:
    return shown in (EMPTY, NOT_APPLICABLE) or (spec.kind is FieldKind.BOOL and shown == "否")


def _field_change(
    spec: FieldSpec,
    area: str,
    path: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
) -> FieldChange | None:
    before, after = _shown(spec, old), _shown(spec, new)
    if before == after:
        return None
    if NOT_APPLICABLE in (before, after) and _blank(spec, before) and _blank(spec, after):
        return None  # an empty field shown or hidden by another answer: nothing to read
    detail = ""
    if spec.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT) and not {before, after} & {
        EMPTY,
        NOT_APPLICABLE,
    }:
        detail = text_difference(before, after)
    return FieldChange(path, area, spec.label, before, after, detail)


def _word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _fragment(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text[:EDIT_CHARACTERS]}…”" if len(text) > EDIT_CHARACTERS else f"“{text}”"


def text_difference(before: str, after: str) -> str:
    """What a long text's new version changed, in a few words (「改动：增加“，新增……”」); "" for
    a short text, or one rewritten so much that reading both is quicker."""
    if max(len(before), len(after)) < LONG_TEXT:
        return ""
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        # a number or a Latin word is told whole: 136 → 140, not 36 → 40
        while i1 > 0 and j1 > 0 and _word(before[i1 - 1]):
            i1, j1, tag = i1 - 1, j1 - 1, "replace"
        while i2 < len(before) and j2 < len(after) and _word(before[i2]):
            i2, j2, tag = i2 + 1, j2 + 1, "replace"
        if tag == "insert":
            edits.append(f"增加{_fragment(after[j1:j2])}")
        elif tag == "delete":
            edits.append(f"删去{_fragment(before[i1:i2])}")
        elif tag == "replace":
            edits.append(f"{_fragment(before[i1:i2])}改为{_fragment(after[j1:j2])}")
    if not edits or len(edits) > MAX_EDITS or matcher.ratio() < KEPT_SHARE:
        return ""
    return "改动：" + "；".join(edits)


# --- table rows -----------------------------------------------------------------------------------


def _table_rows(spec: FieldSpec, values: Mapping[str, Any]) -> list[FormModel]:
    if not values or not spec.is_relevant(values):
        return []
    return list(values.get(spec.name) or [])


def _cells(spec: FieldSpec, row: FormModel) -> tuple[str, ...]:
    values = dict(row)
    return tuple(
        display_value(c, values.get(c.name)) if c.is_relevant(values) else NOT_APPLICABLE
        for c in spec.row_fields
    )


def _row_name(spec: FieldSpec, cells: tuple[str, ...]) -> str:
    for column, shown in zip(spec.row_fields, cells, strict=True):
        if column.kind is FieldKind.TEXT and column.format is None and not _blank(column, shown):
            return shown
    return ""


def _similarity(spec: FieldSpec, old: tuple[str, ...], new: tuple[str, ...]) -> float:
    """The share of the columns filled in either row that hold the same value in both."""
    filled = [
        (a, b)
        for column, a, b in zip(spec.row_fields, old, new, strict=True)
        if not (_blank(column, a) and _blank(column, b))
    ]
    if not filled:
        return 1.0
    return sum(a == b for a, b in filled) / len(filled)


def _row_changes(
    spec: FieldSpec,
    area: str,
    path: str,
    old_values: Mapping[str, Any],
    new_values: Mapping[str, Any],
) -> list[RowChange]:
    """Rows added, removed or changed: rows that stayed alike are lined up (a row inserted at
    the top does not make every row below it "changed"); within what differs, a row is paired
    with the next one that keeps at least half of its filled columns."""
    old = [_cells(spec, r) for r in _table_rows(spec, old_values)]
    new = [_cells(spec, r) for r in _table_rows(spec, new_values)]
    columns = spec.row_fields
    found: list[RowChange] = []

    def row(
        kind: ChangeKind, index: int, cells: tuple[str, ...], changes: list[CellChange]
    ) -> None:
        found.append(
            RowChange(
                path, area, spec.label, kind, index + 1, _row_name(spec, cells), tuple(changes)
            )
        )

    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        unpaired = list(range(j1, j2))
        for i in range(i1, i2):
            best = max(unpaired, key=lambda j: _similarity(spec, old[i], new[j]), default=None)
            if best is None or _similarity(spec, old[i], new[best]) < ROW_SIMILARITY:
                gone = [
                    CellChange(c.label, a, EMPTY, c.name)
                    for c, a in zip(columns, old[i], strict=True)
                    if not _blank(c, a)
                ]
                row(ChangeKind.REMOVED, i, old[i], gone)
                continue
            # rows keep their order: those skipped over before the pair are new
            for j in [j for j in unpaired if j < best]:
                row(ChangeKind.ADDED, j, new[j], _filled(columns, new[j]))
            unpaired = [j for j in unpaired if j > best]
            cells = [
                CellChange(c.label, a, b, c.name)
                for c, a, b in zip(columns, old[i], new[best], strict=True)
                if a != b
            ]
            row(ChangeKind.CHANGED, best, new[best], cells)
        for j in unpaired:
            row(ChangeKind.ADDED, j, new[j], _filled(columns, new[j]))
    return found


def _filled(columns: Sequence[FieldSpec], cells: tuple[str, ...]) -> list[CellChange]:
    return [
        CellChange(c.label, EMPTY, b, c.name)
        for c, b in zip(columns, cells, strict=True)
        if not _blank(c, b)
    ]


# --- attachments ----------------------------------------------------------------------------------


def _ref(file: AttachedFile) -> FileRef:
    return FileRef(file.name, file.size, file.sha256)


Match = Callable[[AttachedFile, AttachedFile], bool]

# How an old file and a new one are paired, first rule first, and what the pair is.
_PAIRINGS: tuple[tuple[Match, ChangeKind | None], ...] = (
    (lambda o, n: (o.name, o.sha256, o.material) == (n.name, n.sha256, n.material), None),
    (lambda o, n: (o.name, o.sha256) == (n.name, n.sha256), ChangeKind.MOVED),
    (lambda o, n: (o.sha256, o.material) == (n.sha256, n.material), ChangeKind.RENAMED),
    (lambda o, n: (o.name, o.material) == (n.name, n.material), ChangeKind.REPLACED),
    (lambda o, n: o.material == n.material, ChangeKind.REPLACED),
)


def _attachment_changes(
    definition: FormDefinition,
    old_files: Sequence[AttachedFile],
    new_files: Sequence[AttachedFile],
) -> list[AttachmentChange]:
    """Per material, in the declared order (其他材料 last): files removed, added, replaced,
    renamed, or filed under another material. Files are told apart by name and SHA-256."""
    old, new = list(old_files), list(new_files)

    def name_of(material_id: str) -> str:
        return definition.material(material_id).name

    found: list[tuple[str, AttachmentChange]] = []
    for matches, kind in _PAIRINGS:
        for o in list(old):
            n = next((n for n in new if matches(o, n)), None)
            if n is None:
                continue
            old.remove(o)
            new.remove(n)
            if kind is not None:
                moved_from = name_of(o.material) if kind is ChangeKind.MOVED else ""
                change = AttachmentChange(kind, name_of(n.material), _ref(o), _ref(n), moved_from)
                found.append((n.material, change))
    for o in old:
        change = AttachmentChange(ChangeKind.REMOVED, name_of(o.material), _ref(o), None)
        found.append((o.material, change))
    for n in new:
        change = AttachmentChange(ChangeKind.ADDED, name_of(n.material), None, _ref(n))
        found.append((n.material, change))
    order = {m.id: i for i, m in enumerate(definition.materials)}
    found.sort(key=lambda pair: order.get(pair[0], len(order)))  # stable: 其他材料 last
    return [change for _, change in found]
