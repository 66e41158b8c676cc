"""Editing one stored application, without Qt: what the application window asks for.

Each round parses what is typed once, keeps it in the recovery journal, and checks it with the
firm's other applications; a save stores the form that round parsed; marking it 待提交 is the
store's move. The window only shows the results.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from app.recovery import RecoveryJournal
from db.checking import check_application
from db.drafts import save_as_typed
from db.records import ApplicationRecord
from db.repository import Store
from forms.core.definition import FormDefinition
from forms.core.field_issues import with_typed_issues
from forms.core.fields import FormModel
from forms.core.issues import FieldIssue
from forms.core.rules import FirmHistory
from forms.core.typed import salvage
from forms.core.validation import ValidationReport, parse_form
from forms.core.workflow import Status


@dataclass(frozen=True)
class Check:
    """One round over what is typed: the parsed form (None while any field is wrong), the
    problems of input, and the rules' report: over the parsed form, or while fields are wrong
    over the others (their problems lead its field issues; None if even that does not parse)."""

    data: dict[str, Any]
    form: FormModel | None
    issues: list[FieldIssue] = field(default_factory=list)
    report: ValidationReport | None = None
    journal_failed: bool = False  # the recovery file could not be written


class EditedApplication:
    """One stored application while it is edited: its record and its firm's other claims."""

    def __init__(self, store: Store, application_id: int, journal: RecoveryJournal) -> None:
        self.store = store
        self.journal = journal
        self.record: ApplicationRecord = store.load(application_id)
        self.history: FirmHistory = self._firm_history()

    @property
    def definition(self) -> FormDefinition:
        return self.record.definition

    @property
    def editable(self) -> bool:
        """The application may be changed here: its status allows it and the store is writable."""
        return self.record.editable and not self.store.read_only

    def _firm_history(self) -> FirmHistory:
        return self.store.firm_history(self.record.applicant.uscc or "", exclude_id=self.record.id)

    def reload(self) -> ApplicationRecord:
        self.record = self.store.load(self.record.id)
        return self.record

    def check(self, data: dict[str, Any], *, keep: bool) -> Check:
        """Parse ``data`` once and run the rules over it; ``keep``: unsaved edits, written to
        the recovery journal first."""
        form, issues = parse_form(self.definition, data)
        failed = False
        if keep:
            try:
                self.journal.write(self.record.id, self.record.revision, self.record.title, data)
            except OSError:
                failed = True
        if form is not None:
            return Check(data, form, issues, self._report(form), failed)
        # Every rule still runs, over the values that parse: one wrong field hides no rule.
        salvaged = salvage(self.definition, data)
        if salvaged is None:
            return Check(data, None, issues, None, failed)
        report = with_typed_issues(self._report(salvaged[0]), issues)
        return Check(data, None, issues, report, failed)

    def _report(self, form: FormModel) -> ValidationReport:
        return check_application(
            self.definition,
            form,
            self.record.applicant,
            catalogue=self.store.catalogue,
            history=self.history,
            attachments=self.record.attachments,
        )

    def save(self, check: Check) -> ApplicationRecord:
        """Store what ``check`` saw (a StoreError, InputError or TransitionError says why not):
        the form it parsed, or, with fields in error, the draft as typed (db/drafts.py); the
        recovery file goes once it is saved."""
        if check.form is not None:
            self.record = self.store.save_draft(
                self.record.id, check.form, expected_revision=self.record.revision
            )
        else:
            self.record = save_as_typed(
                self.store, self.record.id, check.data, expected_revision=self.record.revision
            )
        # other windows may have saved claims of the same firm meanwhile
        self.history = self._firm_history()
        with contextlib.suppress(OSError):  # saved; a leftover file is checked at next start
            self.journal.discard(self.record.id)
        return self.record

    def mark_ready(self) -> ApplicationRecord:
        """检查并标记为待提交 (TransitionError with the reasons when the rules refuse)."""
        self.record = self.store.change_status(self.record.id, Status.READY)
        return self.record
