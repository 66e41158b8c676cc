"""Importing application files (JSON, one application or a collection each) as new drafts: the
same code for the command line's ``import`` and the desktop's 文件 › 导入申报文件.

All or nothing across every file chosen: a file that cannot be read, or an application in it
that is refused, leaves the store as it was, and the message names the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from db.repository import Store
from forms import all_forms
from forms.applicant import APPLICANT
from forms.core.document import (
    ApplicationDocument,
    DocumentError,
    documents_from_json,
    load_json_file,
)


@dataclass(frozen=True)
class ImportedDraft:
    number: str
    form_title: str
    title: str

    def line(self) -> str:
        return f"已导入：{self.number}  {self.form_title}  {self.title}（草稿）"


@dataclass(frozen=True)
class FilesImported:
    drafts: tuple[ImportedDraft, ...]
    ids: tuple[int, ...]
    notes: tuple[str, ...]  # what the user should know (a profile that differs from ours)

    def lines(self) -> list[str]:
        return [d.line() for d in self.drafts] + [f"注意：{n}" for n in self.notes]


def read_application_files(paths: Sequence[Path]) -> list[ApplicationDocument]:
    """Every application in ``paths``, or a DocumentError naming each file that cannot be read
    (with one file, its message is the file's own)."""
    docs: list[ApplicationDocument] = []
    problems = []
    for path in paths:
        try:
            docs += documents_from_json(load_json_file(path), all_forms(), APPLICANT)
        except DocumentError as exc:
            if len(paths) == 1:
                raise
            name = path.name
            problems += [
                i.with_label(i.label if i.label == name else f"{name}·{i.label}".rstrip("·"))
                for i in exc.issues
            ]
    if problems:
        raise DocumentError(problems, "未导入任何文件")
    return docs


def import_application_files(store: Store, paths: Sequence[Path]) -> FilesImported:
    """Store every application of ``paths`` as a new draft, all or none (a UserError says why
    none)."""
    return store_documents(store, read_application_files(paths))


def store_documents(store: Store, docs: Sequence[ApplicationDocument]) -> FilesImported:
    """Store documents read from files as new drafts, all or none."""
    result = store.import_documents(docs)
    drafts = []
    for doc, new_id in zip(docs, result.ids, strict=True):
        record = store.load(new_id)
        drafts.append(ImportedDraft(record.number, doc.definition.title, record.title))
    return FilesImported(tuple(drafts), tuple(result.ids), tuple(result.notes))
