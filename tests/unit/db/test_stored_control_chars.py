"""An application an older release stored with a control character in a text (a BEL pasted from
a Word table) still opens, lists and prints; the check tells the field, so it is corrected, and
nothing holding it is submitted. Before, it could not be opened at all (数据与当前表单定义不符)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Applicant, ApplicationContent
from db.repository import Store
from forms import get_form
from forms.core.workflow import Status, TransitionError
from tests.helpers.examples import example_document


def _stored_with(store: Store, app_id: int, field: str, text: str) -> None:
    """What an older release left in the store: ``text`` in ``field``, never checked."""
    with store.writing() as session:
        content = session.scalars(
            select(ApplicationContent).where(ApplicationContent.application_id == app_id)
        ).one()
        content.data = {**content.data, field: text}


def test_a_stored_control_character_opens_and_is_told_at_its_field(store):
    app_id = store.import_document(example_document("incubator"))
    field = get_form("incubator").title_field
    assert field is not None
    _stored_with(store, app_id, field, "南宁高新区\x07科技企业孵化基地")

    record = store.load(app_id)  # opens: the text is kept as stored
    assert getattr(record.form, field) == "南宁高新区\x07科技企业孵化基地"
    report = store.report(app_id)
    (issue,) = [i for i in report.field_issues if i.path == (field,)]
    assert "第 6 个字符处有不可见的控制字符（U+0007）" in issue.message
    assert issue.label == "孵化载体名称" and not report.can_submit
    with pytest.raises(TransitionError, match="控制字符"):
        store.change_status(app_id, Status.READY)
    assert store.load(app_id).status is Status.DRAFT


def test_a_stored_control_character_in_the_profile_is_told_as_the_profile_s(store):
    app_id = store.import_document(example_document("incubator"))
    with store.writing() as session:
        applicant = session.scalars(select(Applicant)).one()
        applicant.profile = {**applicant.profile, "name": "南宁高新区创新创业\x1b服务中心有限公司"}

    report = store.report(app_id)
    (issue,) = [i for i in report.field_issues if i.path[:1] == ("applicant",)]
    assert issue.label.startswith("申报主体·") and "U+001B" in issue.message
    assert not report.can_submit


def test_a_clean_application_has_no_such_issue(store):
    app_id = store.import_document(example_document("incubator"))
    assert not [i for i in store.report(app_id).field_issues if "控制字符" in i.message]
