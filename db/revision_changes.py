"""What a received revision changed since the one before it, the version the office last saw.

The office keeps every superseded revision whole (``application_revisions``, with its files:
see ``db.receiving.store_revision``), so the comparison reads both from the store.
"""

from __future__ import annotations

from db.review import Review, RevisionRecord
from forms import get_form
from forms.applicant import APPLICANT
from forms.core.revision_changes import RevisionChanges, Version, revision_changes


def _version(record: RevisionRecord) -> Version:
    return Version(record.revision, record.form, record.applicant, record.attachments)


def changes_since_previous(
    review: Review, application_id: int, revision: int | None = None
) -> RevisionChanges:
    """The changes of ``revision`` (the current one by default) since the revision received
    before it; nothing to compare for the first (NotFound for a revision never received)."""
    kept = [r.revision for r in review.revisions(application_id)]
    shown = revision if revision is not None else kept[-1]
    current = review.load_revision(application_id, shown)
    earlier = [r for r in kept if r < shown]
    previous = review.load_revision(application_id, earlier[-1]) if earlier else None
    return revision_changes(
        get_form(current.kind),
        _version(previous) if previous is not None else None,
        _version(current),
        applicant_definition=APPLICANT,
    )
