"""Drafts as a clerk handles them: saved errors and all, copied, deleted, discarded untouched."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import update

from db.drafts import copy_as_new, delete_draft, discard_untouched, save_as_typed
from db.models import Application
from db.unparsed import TypedValuesError
from forms.core.typed import salvage, with_typed
from forms.core.workflow import Status, TransitionError
from tests.helpers.copies import open_copy, submit
from tests.helpers.examples import example_document, example_json
from tests.helpers.materials import plus_required_materials

WRONG_CHECK_DIGIT = "91450221MA5P0T3L9A"  # the partner's code with its last character mistyped


def typed_with_errors() -> dict:
    data = example_json("new_track")["data"]
    data["participants"][1]["uscc"] = WRONG_CHECK_DIGIT
    data["requested_amount"] = "一千"
    return data


def test_salvage_keeps_the_values_that_parse_and_the_others_as_typed():
    from forms import get_form

    definition = get_form("new_track")
    form, kept = salvage(definition, typed_with_errors())
    assert {v.path for v in kept} == {("participants", 1, "uscc"), ("requested_amount",)}
    assert form.participants[1].uscc is None and form.participants[1].name  # the row stays
    assert form.requested_amount is None and form.total_investment is not None
    shown = with_typed(form.model_dump(mode="json"), kept)
    assert shown["participants"][1]["uscc"] == WRONG_CHECK_DIGIT
    assert shown["requested_amount"] == "一千"


def test_a_draft_saves_errors_and_all_and_cannot_be_marked_ready_or_exported(store):
    app_id = store.import_document(plus_required_materials(example_document("new_track")))
    record = save_as_typed(store, app_id, typed_with_errors())
    again = store.load(app_id)
    assert again.revision == record.revision and len(again.unparsed) == 2
    assert again.typed_data()["participants"][1]["uscc"] == WRONG_CHECK_DIGIT
    report = store.report(app_id)
    assert not report.can_submit
    assert any("校验码" in r and "原文" in r for r in report.reasons())
    with pytest.raises(TransitionError, match="校验码"):
        store.change_status(app_id, Status.READY)
    assert store.load(app_id).status is Status.DRAFT
    with pytest.raises(TypedValuesError, match=r"2 处填写有误.*不能导出申报文件"):
        store.export_document(app_id)
    # corrected: the kept values go, and it may go on
    store.save_draft(app_id, example_json("new_track")["data"])
    assert store.load(app_id).unparsed == ()
    assert store.change_status(app_id, Status.READY).status is Status.READY


def test_delete_draft_is_audited(store):
    from sqlalchemy import select

    from db.models import AuditEvent

    app_id = store.import_document(example_document("incubator"))
    number = store.load(app_id).number
    said = delete_draft(store, app_id)
    assert number in said
    with store.reading() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.application_number == number)
        ).all()
    assert actions[-1] == "删除"
    assert app_id not in store.application_ids()


def test_copy_of_last_years_submitted_application_is_a_new_draft(tmp_path):
    enterprise = open_copy(tmp_path / "enterprise")
    app_id = submit(enterprise)
    enterprise.exchange.export_package(app_id)
    with enterprise.store.writing() as session:  # filed last year, under last year's catalogue
        session.execute(
            update(Application)
            .where(Application.id == app_id)
            .values(catalogue_version="2023-旧目录", created_at=datetime(2025, 3, 1))
        )
    source = enterprise.store.load(app_id)
    assert source.status is Status.SUBMITTED
    copy = copy_as_new(enterprise.store, app_id)
    assert copy.id != app_id and copy.status is Status.DRAFT and copy.number != source.number
    assert copy.catalogue_version == enterprise.store.catalogue.version
    assert copy.title.endswith("（副本）") and copy.title.startswith(source.title)
    assert [(a.name, a.material, a.sha256) for a in copy.attachments] == [
        (a.name, a.material, a.sha256) for a in source.attachments
    ]
    trail = enterprise.store.audit_trail(copy.id)
    assert trail[0].action == "复制为新申报" and source.number in trail[0].detail
    assert enterprise.store.load(app_id).status is Status.SUBMITTED  # the original untouched
    enterprise.store.close()


def test_copy_keeps_values_as_typed(store):
    app_id = store.import_document(example_document("new_track"))
    save_as_typed(store, app_id, typed_with_errors())
    copy = copy_as_new(store, app_id)
    assert copy.typed_data()["participants"][1]["uscc"] == WRONG_CHECK_DIGIT


def test_only_an_untouched_new_draft_is_discarded(store):
    applicant_id = store.save_applicant(example_document("incubator").applicant)
    empty = store.create_application("incubator", applicant_id).id
    assert discard_untouched(store, empty)
    assert empty not in store.application_ids()
    typed = store.create_application("incubator", applicant_id).id
    save_as_typed(store, typed, {"carrier_name": "某孵化器"})
    assert not discard_untouched(store, typed)
    assert typed in store.application_ids()
    saved_blank = store.create_application("incubator", applicant_id)
    store.save_draft(saved_blank.id, saved_blank.form.model_dump(mode="json"))
    assert not discard_untouched(store, saved_blank.id)  # saved once: kept, blank as it is
    assert saved_blank.id in store.application_ids()
