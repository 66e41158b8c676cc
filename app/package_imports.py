"""Importing many package files, one after another: what the GUI's import dialog runs off the
GUI thread (and the benchmark runs without Qt).

Each package is all-or-nothing already (db/exchange.py, db/decisions.py); this module walks a
list of files, reads each within the size bound, imports it, and keeps a row per file saying
what happened. A cancel request stops it between two packages: what came in stays.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from db.audit import SYSTEM_ACTOR
from db.decisions import DecisionImport, Decisions
from db.errors import StoreBusyError
from db.exchange import Exchange
from db.races import retrying
from db.receiving import PackageImport
from db.repository import Store
from db.trust import KeyAcceptance, KeyStatus, SignerInfo, signer_info
from forms import form_registry
from forms.core.document import os_error_text
from forms.core.errors import explain
from forms.exchange.container import read_package_file
from forms.exchange.decision_package import read_decision
from forms.exchange.errors import PackageError
from forms.exchange.manifest import PackageType
from forms.exchange.submission import read_submission

# The refusals a confirmed fingerprint (``accept_key``, for one code) overrides: the sender's key
# is not the one this copy recorded for its code (db/trust.key_status), a decision's office is
# not the one pinned for its zone (db/trust.office_status), or its key is not the one that
# decided before (db/decisions.import_decision).
KEY_CHANGED_CODES = frozenset({"key_changed", "office_changed"})
_FINGERPRINT = re.compile(r"\b[0-9A-F]{4}(?:-[0-9A-F]{4}){3}\b")


# What a run imports: 申报包 (园区端) or 审核决定包 (企业端), each with its noun and suffix.
PackageKind = PackageType


class Outcome(StrEnum):
    IMPORTED = "已导入"
    DUPLICATE = "已存在（未更改）"
    REVISION = "新版本"
    REFUSED = "已拒收"


@dataclass(frozen=True)
class ImportRow:
    """What became of one file."""

    path: Path
    outcome: Outcome
    message: str  # describe() of the import, or the refusal's message
    notes: tuple[str, ...] = ()
    signer: SignerInfo | None = None
    code: str = ""  # the PackageError code of a refusal
    old_fingerprint: str = ""  # a key-changed refusal: the key this copy knew
    application_id: int | None = None

    @property
    def changed_store(self) -> bool:
        return self.outcome in (Outcome.IMPORTED, Outcome.REVISION)

    @property
    def key_changed(self) -> bool:
        """Refused only because the sender's key is not the one recorded here."""
        return self.code in KEY_CHANGED_CODES and self.signer is not None

    @property
    def new_key(self) -> bool:
        return self.signer is not None and self.signer.key_status is KeyStatus.NEW

    def explanation(self) -> str:
        """The row's 说明: the message, then the notes."""
        return "\n".join([self.message, *(f"注意：{n}" for n in self.notes)])

    def brief(self) -> str:
        """The 说明 without the signer's description, for a table that shows the signer apart."""
        message = self.message
        if self.signer is not None and self.changed_store:
            message = message.replace(self.signer.describe(), "").strip().removesuffix("。")
        elif self.key_changed and self.signer is not None:
            message = (
                f"签名密钥与本机记录的不同：原指纹 {self.old_fingerprint or '（未知）'}，"
                f"新指纹 {self.signer.fingerprint}。电话核对后可接受新密钥"
            )
        else:  # the table names the file already
            for kind in PackageType:
                message = message.removeprefix(f"{kind.noun} {self.path.name} ")
        return "；".join([message, *(f"注意：{n}" for n in self.notes)])

    def signer_line(self) -> str:
        """Who signed, unless the message already says so."""
        if self.signer is None or self.signer.describe() in self.message:
            return ""
        return self.signer.describe()


@dataclass
class ImportRun:
    """Every file of one run, in the order given."""

    kind: PackageKind
    total: int
    rows: list[ImportRow] = field(default_factory=list)
    cancelled: bool = False
    stopped: str = ""  # why the run stopped early on a store error (the disk is full…)

    def count(self, *outcomes: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome in outcomes)

    @property
    def changed_store(self) -> bool:
        return any(r.changed_store for r in self.rows)

    @property
    def imported(self) -> int:
        return self.count(Outcome.IMPORTED, Outcome.REVISION)

    def summary(self) -> str:
        noun = self.kind.noun
        line = (
            f"导入 {self.imported} 份，重复 {self.count(Outcome.DUPLICATE)} 份，"
            f"拒收 {self.count(Outcome.REFUSED)} 份"
        )
        if self.count(Outcome.REVISION):
            line += f"（导入的含新版本 {self.count(Outcome.REVISION)} 份）"
        left = self.total - len(self.rows)
        if self.cancelled:
            line = (
                f"已取消：取消前处理了 {len(self.rows)} / {self.total} 个{noun}，{line}；"
                f"其余 {left} 个未导入，可重新选择导入（已导入的会显示为重复）"
            )
        elif self.stopped:
            line = f"导入中止：{self.stopped}。此前{line}；其余 {left} 个未导入"
        new_keys = sum(1 for r in self.rows if r.new_key and r.changed_store)
        if new_keys:
            line += f"。其中 {new_keys} 份来自首次收到的密钥，请电话核对指纹"
        changed = sum(1 for r in self.rows if r.key_changed)
        if changed:
            line += f"。{changed} 份因对方密钥更换被拒收，核对指纹后可接受新密钥"
        return line

    def report(self) -> str:
        """The run as plain text, to copy or save and send the refusals back."""
        lines = [f"{self.kind.noun}导入报告", self.summary(), ""]
        for row in self.rows:
            lines.append(f"{row.path.name}\t{row.outcome.value}")
            if row.signer_line():
                lines.append(f"  {row.signer_line()}")
            if row.old_fingerprint:
                lines.append(f"  本机记录的原密钥指纹：{row.old_fingerprint}")
            lines.extend(f"  {line}" for line in row.explanation().splitlines())
        return "\n".join(lines) + "\n"

    def replace_rows(self, rows: Iterable[ImportRow]) -> None:
        """Put the rows of a second attempt (after accepting a key) in place of the first."""
        by_path = {r.path: r for r in rows}
        self.rows = [by_path.get(r.path, r) for r in self.rows]


def package_files(folder: Path, kind: PackageKind) -> list[Path]:
    """The package files of ``kind`` directly in ``folder``, by name (suffix in any case)."""
    return sorted(
        (p for p in folder.iterdir() if p.suffix.lower() == kind.suffix and p.is_file()),
        key=lambda p: p.name.casefold(),
    )


def _success(path: Path, result: PackageImport | DecisionImport) -> ImportRow:
    if result.duplicate:
        outcome = Outcome.DUPLICATE
    elif isinstance(result, PackageImport) and result.revision > 1:
        outcome = Outcome.REVISION
    else:
        outcome = Outcome.IMPORTED
    notes = result.notes if isinstance(result, PackageImport) else ()
    return ImportRow(
        path, outcome, result.describe(), notes, result.signer, "", "", result.application_id
    )


def _refusal(path: Path, data: bytes | None, kind: PackageKind, exc: PackageError) -> ImportRow:
    signer, old = None, ""
    if exc.code in KEY_CHANGED_CODES and data is not None:
        # The refusal names both keys in its message only; the package says who signed it.
        if kind is PackageKind.SUBMISSION:
            party = read_submission(data, path.name, forms=form_registry()).signer
        else:
            party = read_decision(data, path.name).signer
        signer = signer_info(party, KeyStatus.CHANGED)
        old = next((f for f in _FINGERPRINT.findall(exc.message) if f != party.fingerprint), "")
    return ImportRow(
        path, Outcome.REFUSED, exc.message, signer=signer, code=exc.code, old_fingerprint=old
    )


class Importer:
    """Imports one file at a time into a store, as the park office or the enterprise."""

    def __init__(self, store: Store, kind: PackageKind, *, actor: str = SYSTEM_ACTOR) -> None:
        self.kind = PackageKind(kind)
        self.actor = actor
        self._import: Callable[..., PackageImport | DecisionImport]
        if self.kind is PackageKind.SUBMISSION:
            self._import = Exchange(store).import_package  # done again itself if it collided
        else:
            decisions = Decisions(store)
            # a decision taken in by two desktops at once pins its office once: the other try
            # is done again and finds the pin (and the decision) there
            self._import = lambda *a, **k: retrying(lambda: decisions.import_decision(*a, **k))

    def one(self, path: Path, accept_key: KeyAcceptance | None = None) -> ImportRow:
        """Import ``path``; a refusal (bad package, unreadable file) is a row, not an error."""
        data = None
        try:
            data = read_package_file(path, self.kind.noun)
            result = self._import(data, path.name, actor=self.actor, accept_key=accept_key)
        except PackageError as exc:
            return _refusal(path, data, self.kind, exc)
        except OSError as exc:  # read_package_file turns these into PackageError; belt and braces
            return ImportRow(
                path,
                Outcome.REFUSED,
                f"无法打开{self.kind.noun} {path.name}：{os_error_text(exc)}",
                code="unreadable",
            )
        return _success(path, result)


# Progress reports are spaced at least this far apart, so 1,000 quick refusals or duplicates do
# not flood the GUI thread with events (the last file is always reported).
REPORT_INTERVAL = 0.05


# A file whose import found the store busy (each try already waited the busy timeout) is tried
# this many times before the run stops: a moment's lock never abandons the rest of a batch.
BUSY_TRIES = 3


def _patiently(importer: Importer, path: Path, accept_key: KeyAcceptance | None) -> ImportRow:
    for attempt in range(1, BUSY_TRIES + 1):
        try:
            return importer.one(path, accept_key)
        except StoreBusyError:
            if attempt == BUSY_TRIES:
                raise
    raise AssertionError("unreachable")


def import_packages(
    store: Store,
    kind: PackageKind | str,
    paths: Sequence[Path],
    *,
    actor: str = SYSTEM_ACTOR,
    accept_key: KeyAcceptance | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    report_interval: float | None = None,
) -> ImportRun:
    """Import ``paths`` in order; ``progress(done, total)`` is called before each file (then
    ``done`` names the file about to be read) and at the end. ``cancelled`` is asked between
    files. A store error (disk full, read-only) stops the run, keeping what came in."""
    interval = REPORT_INTERVAL if report_interval is None else report_interval
    importer = Importer(store, PackageKind(kind), actor=actor)
    run = ImportRun(importer.kind, len(paths))
    last = 0.0
    for index, path in enumerate(paths):
        if cancelled():
            run.cancelled = True
            break
        now = time.monotonic()
        if progress is not None and (index == 0 or now - last >= interval):
            progress(index, len(paths))
            last = now
        try:
            run.rows.append(_patiently(importer, path, accept_key))
        except Exception as exc:  # not this file's fault: say so, keep what came in
            run.stopped = f"{path.name}：{explain(exc)}"
            break
    if progress is not None:
        progress(len(run.rows), len(paths))
    return run
