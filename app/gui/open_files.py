"""Files the program was asked to open (a double click, ``gxapply FILE``, or handed over by a
second start): each goes to the import a user would pick from the 文件 menu, with the same
dialogs, confirmations and messages; what this copy cannot take is said plainly.

申报包 go to 导入申报包 (park office, by the signed-in officer), 审核决定包 to 导入审核决定
(enterprise), application files (JSON) to 导入申报文件 (both). The files are only read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.gui.widgets import plain
from app.opened_files import OpenedFile, OpenedKind, classify_all
from db.repository import Store

if TYPE_CHECKING:
    from app.gui.applications.file_import import FileImport
    from app.gui.exchange.package_import import PackageImportDialog
    from app.gui.officers.officer import OfficerSession

TITLE = "打开文件"

# What a copy says of a package meant for the other side.
FOR_THE_OFFICE = (
    "这是企业报送给园区管理部门的申报包，只能在园区端的“导入申报包”中导入；本程序是企业端。"
    "园区的审核结果会以审核决定包（.gxdec）发回，届时打开它即可。"
)
FOR_THE_ENTERPRISE = (
    "这是园区发给企业的审核决定包，只能在企业端的“导入审核决定”中导入；本程序是园区端。"
    "请把它交给提交该申报的企业。"
)


@dataclass
class OpenedImports:
    """What opening the files started: the import dialogs and jobs, and what was refused."""

    packages: list[PackageImportDialog] = field(default_factory=list)
    application_files: FileImport | None = None
    refused: list[str] = field(default_factory=list)
    kinds: set[OpenedKind] = field(default_factory=set)  # of the files that went to an import


def open_given_files(
    parent: QWidget,
    store: Store,
    paths: Sequence[str],
    office: OfficerSession | None,
) -> OpenedImports:
    """Import ``paths`` as the menus would; ``office`` is the officer session of a park office's
    copy, None at an enterprise."""
    from app.gui.applications.file_import import import_files
    from app.gui.exchange.package_import import import_given_files
    from app.package_imports import PackageKind

    result = OpenedImports()
    files = classify_all(paths)
    result.refused = [f.problem for f in files if f.kind is None]
    by_kind = {kind: [f for f in files if f.kind is kind] for kind in OpenedKind}
    submissions, decisions = by_kind[OpenedKind.SUBMISSION], by_kind[OpenedKind.DECISION]
    if submissions and office is None:
        result.refused += [_refusal(f, FOR_THE_OFFICE) for f in submissions]
        submissions = []
    if decisions and office is not None:
        result.refused += [_refusal(f, FOR_THE_ENTERPRISE) for f in decisions]
        decisions = []
    if result.refused:  # first, so that an import's dialog does not hide it
        plain.warning(parent, TITLE, "\n\n".join(result.refused))
    if submissions and office is not None:
        account = office.require(parent)  # the importer of record, as for 导入申报包
        if account is not None:
            result.packages.append(
                import_given_files(
                    parent,
                    store,
                    PackageKind.SUBMISSION,
                    [f.path for f in submissions],
                    actor=account.actor,
                    session=office,
                )
            )
            result.kinds.add(OpenedKind.SUBMISSION)
    if decisions:
        result.packages.append(
            import_given_files(parent, store, PackageKind.DECISION, [f.path for f in decisions])
        )
        result.kinds.add(OpenedKind.DECISION)
    applications = by_kind[OpenedKind.APPLICATION]
    if applications:
        result.application_files = import_files(parent, store, [f.path for f in applications])
        result.kinds.add(OpenedKind.APPLICATION)
    return result


def _refusal(opened: OpenedFile, why: str) -> str:
    return f"未打开{opened.shown}。{why}"
