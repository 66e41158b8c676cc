"""What changed between two versions of an application, as records: each field, table row and
attachment changed, and the whole as a summary, table lines and notes under the form's fields.
``forms.core.revision_changes`` finds them; the review window and the 审核意见表 show them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from forms.core.display import EMPTY, human_size
from forms.core.fields import FormModel
from forms.core.issues import Path

FIRST_VERSION = "首次报送，无可比较的上一版"
MATERIALS_AREA = "申报材料"
NOTE_CHARACTERS = 80  # of an old value, under its field


class ChangeKind(StrEnum):
    CHANGED = "修改"
    ADDED = "新增"
    REMOVED = "删除"
    REPLACED = "替换"  # another file (or other content) under the same material
    RENAMED = "改名"  # the same content under another file name
    MOVED = "改列"  # the same file filed under another material


class AttachedFile(Protocol):
    """What the comparison needs of an attachment (stored, received or read from a file)."""

    @property
    def name(self) -> str: ...

    @property
    def size(self) -> int: ...

    @property
    def sha256(self) -> str: ...

    @property
    def material(self) -> str: ...


@dataclass(frozen=True)
class Version:
    """One version of an application as the office received it."""

    revision: int
    form: FormModel
    applicant: FormModel | None = None
    attachments: Sequence[AttachedFile] = ()


@dataclass(frozen=True)
class FieldChange:
    path: str  # the field, as decisions name it: ``name`` or ``applicant.name``
    area: str  # 申报主体, or the section's title
    label: str
    before: str
    after: str
    detail: str = ""  # a long text: what in it changed (「改动：增加“……”」)


@dataclass(frozen=True)
class CellChange:
    label: str  # the column's label
    before: str
    after: str
    name: str = ""  # the column's field


@dataclass(frozen=True)
class RowChange:
    path: str  # the table field
    area: str
    table: str  # the table's label
    kind: ChangeKind  # ADDED, REMOVED or CHANGED
    row: int  # 1-based: in the new version (added, changed) or in the old one (removed)
    name: str  # the row's first filled text column (a 单位名称), "" if none
    cells: tuple[CellChange, ...]  # the changed columns; every filled one when added or removed

    @property
    def place(self) -> str:
        """第3行, or 原第3行 for a removed row (numbered as in the old version)."""
        return f"{'原' if self.kind is ChangeKind.REMOVED else ''}第{self.row}行"

    @property
    def item(self) -> str:
        named = f"（{self.name}）" if self.name else ""
        return f"{self.table} {self.place}{named}"


@dataclass(frozen=True)
class FileRef:
    name: str
    size: int
    sha256: str

    def describe(self) -> str:
        return f"{self.name}（{human_size(self.size)}，SHA-256 {self.sha256[:8]}…）"


@dataclass(frozen=True)
class AttachmentChange:
    kind: ChangeKind
    material: str  # the material's name (the new one, when moved)
    before: FileRef | None
    after: FileRef | None
    before_material: str = ""  # MOVED: the material it was filed under


@dataclass(frozen=True)
class ChangeLine:
    """One change as a line of a table: 位置, 项目, 变更, 上一版, 本版."""

    area: str
    item: str
    kind: ChangeKind
    before: str
    after: str
    path: str = ""  # the field it concerns, if any
    detail: str = ""  # what in a long text changed

    @property
    def after_with_detail(self) -> str:
        """本版, and below it what in a long text changed."""
        return f"{self.after}\n{self.detail}" if self.detail else self.after


@dataclass(frozen=True)
class RevisionChanges:
    """The changes of version ``revision`` since ``previous`` (None: nothing to compare with)."""

    revision: int
    previous: int | None
    fields: tuple[FieldChange, ...] = ()
    rows: tuple[RowChange, ...] = ()
    attachments: tuple[AttachmentChange, ...] = ()

    @property
    def comparable(self) -> bool:
        return self.previous is not None

    @property
    def count(self) -> int:
        return len(self.fields) + len(self.rows) + len(self.attachments)

    def summary(self) -> str:
        """One sentence: what is compared, and how much changed."""
        if self.previous is None:
            if self.revision <= 1:
                return FIRST_VERSION
            return f"本机没有第{self.revision - 1}版的内容，无法比较"
        since = f"第{self.revision}版与第{self.previous}版相比"
        if not self.count:
            return f"{since}没有变更"
        parts = [
            f"{label} {n} 处"
            for label, n in (
                ("栏目", len(self.fields)),
                ("表格行", len(self.rows)),
                ("附件", len(self.attachments)),
            )
            if n
        ]
        return f"{since}共 {self.count} 处变更：{'、'.join(parts)}"

    def field_notes(self) -> list[tuple[Path, str]]:
        """Notes to show in the form under what changed, by path: what a field was (「第1版为：
        ……」), which rows of a table were added, removed or changed, and what a changed cell was."""
        was = f"第{self.previous}版"
        notes: list[tuple[Path, str]] = [
            ((f.path,), f"较{was}有改动，{was}为：{_note_value(f.before)}") for f in self.fields
        ]
        tables: dict[str, list[str]] = {}
        for r in self.rows:
            tables.setdefault(r.path, []).append(f"{r.kind.value}{r.place}")
        notes += [((path,), f"较{was}有改动：{'、'.join(kinds)}") for path, kinds in tables.items()]
        for r in self.rows:
            if r.kind is ChangeKind.CHANGED:
                notes += [
                    (
                        (r.path, r.row - 1, c.name),
                        f"第{r.row}行「{c.label}」{was}为：{_note_value(c.before)}",
                    )
                    for c in r.cells
                ]
        return notes

    def lines(self) -> tuple[ChangeLine, ...]:
        """Every change as a table line, fields and rows in form order, then attachments."""
        found = [
            ChangeLine(f.area, f.label, ChangeKind.CHANGED, f.before, f.after, f.path, f.detail)
            for f in self.fields
        ]
        for r in self.rows:
            before = "；".join(f"{c.label}：{c.before}" for c in r.cells) or EMPTY
            after = "；".join(f"{c.label}：{c.after}" for c in r.cells) or EMPTY
            if r.kind is ChangeKind.ADDED:
                before = EMPTY
            elif r.kind is ChangeKind.REMOVED:
                after = EMPTY
            found.append(ChangeLine(r.area, r.item, r.kind, before, after, r.path))
        for a in self.attachments:
            before = a.before.describe() if a.before else EMPTY
            if a.kind is ChangeKind.MOVED:
                before = f"列于“{a.before_material}”：{before}"
            after = a.after.describe() if a.after else EMPTY
            found.append(ChangeLine(MATERIALS_AREA, a.material, a.kind, before, after))
        return tuple(found)


def _note_value(text: str) -> str:
    return text if len(text) <= NOTE_CHARACTERS else text[:NOTE_CHARACTERS] + "…"
