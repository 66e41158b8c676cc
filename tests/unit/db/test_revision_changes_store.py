"""The office keeps each revision it received whole, and tells what the next one changed."""

from __future__ import annotations

from db.revision_changes import changes_since_previous
from forms.core.revision_changes import FIRST_VERSION, ChangeKind
from tests.helpers.scenarios import (
    ADDED_FILE,
    SECOND_VERSION_TITLE_SUFFIX,
    open_legacy,
    second_version,
)


def test_a_second_received_version_keeps_the_first_whole(enterprise, office):
    app_id, office_id = second_version(enterprise, office)
    sent_first = enterprise.store.load(app_id)  # as it is now: 第2版
    first = office.review.load_revision(office_id, 1)
    assert not first.current and first.revision == 1
    title = str(sent_first.definition.title_field)
    assert getattr(first.form, title) + SECOND_VERSION_TITLE_SUFFIX == getattr(
        sent_first.form, title
    )
    assert first.applicant == sent_first.applicant
    # every file of 第1版, its content still readable, and not the one added in 第2版
    names = [a.name for a in first.attachments]
    assert ADDED_FILE not in names and len(names) == len(sent_first.attachments) - 1
    for info in first.attachments:
        held = next(a for a in sent_first.attachments if a.name == info.name)
        content = office.review.revision_attachment_content(info.id)
        assert content == enterprise.store.attachment_content(held.id)


def test_the_changes_of_the_second_version_since_the_first(enterprise, office):
    app_id, office_id = second_version(enterprise, office)
    changes = changes_since_previous(office.review, office_id)
    assert (changes.revision, changes.previous) == (2, 1)
    definition = enterprise.store.load(app_id).definition
    title = str(definition.title_field)
    [field] = changes.fields
    assert field.path == title and field.label == definition.spec(title).label
    assert field.after == field.before + SECOND_VERSION_TITLE_SUFFIX
    [added] = changes.attachments
    assert (added.kind, added.material, added.before) == (ChangeKind.ADDED, "其他材料", None)
    assert added.after is not None and added.after.name == ADDED_FILE
    assert changes.rows == ()
    # 第1版 chosen in the window: the first, nothing to compare
    assert changes_since_previous(office.review, office_id, 1).summary() == FIRST_VERSION


def test_an_office_store_of_an_older_release_compares_its_revisions(tmp_path):
    """Its 第1版 was kept with choice labels (release 0.1.0) and files under no material: only
    what the firm changed shows, not the change of format."""
    office = open_legacy(tmp_path, "office_nanning")
    [row], _ = office.review.queue()
    changes = changes_since_previous(office.review, row.id)
    assert [(c.path, c.after) for c in changes.fields] == [
        ("carrier_name", "南宁高新区科技企业孵化基地（补正）")
    ]
    assert changes.rows == () and changes.attachments == ()
