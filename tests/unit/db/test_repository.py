"""The repository: round trips, refusals that write nothing, statuses, lists, attachments."""

from __future__ import annotations

import dataclasses
import hashlib
from decimal import Decimal

import pytest

from db.repository import ConflictError, InputError, ListQuery, SortKey, Store
from forms.core.workflow import Status, TransitionError
from tests.helpers.examples import KINDS, example_document


@pytest.mark.parametrize("kind", KINDS)
def test_every_example_round_trips(store, kind):
    doc = example_document(kind)
    app_id = store.import_document(doc)
    record = store.load(app_id)
    assert record.form == doc.form
    assert record.applicant == doc.applicant
    before = store.report(app_id)
    # save what was loaded, reopen the store, and everything is identical
    store.save_draft(app_id, record.form, expected_revision=record.revision)
    reopened = Store(store.engine)
    again = reopened.load(app_id)
    assert again.form == doc.form
    after = reopened.report(app_id)
    assert after.results == before.results
    assert after.field_issues == before.field_issues
    assert after.can_submit


def test_bad_input_writes_nothing(store):
    app_id = store.import_document(example_document("incubator"))
    before = store.load(app_id)
    with pytest.raises(InputError) as caught:
        store.save_draft(
            app_id,
            {
                "carrier_name": "x" * 500,
                "requested_amount": "-3",
                "tenant_count": "很多",
                "total_area": "1e12",
                "certified_on": "2025-02-30",
            },
        )
    messages = str(caught.value)
    assert "「孵化载体名称」不能超过 100 个字" in messages
    assert "「申请后补助金额」不能小于 0" in messages
    assert "「在孵企业数」应为整数" in messages
    assert "「可自主支配孵化场地面积」不能大于" in messages
    assert "「认定日期」应为日期" in messages
    after = store.load(app_id)
    assert after.form == before.form and after.revision == before.revision
    assert [e.action for e in store.audit_trail(app_id)] == ["导入"]


def test_partial_draft_saves_but_cannot_be_submitted(store, applicant):
    applicant_id = store.save_applicant(applicant)
    record = store.create_application("incubator", applicant_id)
    saved = store.save_draft(
        record.id, {"carrier_name": "新孵化器"}, expected_revision=record.revision
    )
    assert saved.title == "新孵化器"
    with pytest.raises(TransitionError) as caught:
        store.change_status(record.id, Status.READY)
    assert "「申请类别」为必填项" in str(caught.value)
    assert store.load(record.id).status is Status.DRAFT


def test_submission_refused_while_an_error_rule_fails(store):
    doc = example_document("incubator")
    app_id = store.import_document(doc)
    data = doc.form.model_dump(mode="json") | {"requested_amount": "150"}
    store.save_draft(app_id, data)
    with pytest.raises(TransitionError) as caught:
        store.change_status(app_id, Status.READY)
    assert "超过上限" in str(caught.value)
    store.save_draft(app_id, data | {"requested_amount": "90"})
    assert store.change_status(app_id, Status.READY).status is Status.READY
    assert store.change_status(app_id, Status.SUBMITTED).status is Status.SUBMITTED
    with pytest.raises(TransitionError):
        store.save_draft(app_id, data)
    trail = [(e.action, e.from_status, e.to_status) for e in store.audit_trail(app_id)]
    assert trail[-1] == ("变更状态", Status.READY, Status.SUBMITTED)


def test_editing_a_ready_application_makes_it_a_draft_again(store):
    app_id = store.import_document(example_document("incubator"))
    store.change_status(app_id, Status.READY)
    record = store.load(app_id)
    assert store.save_draft(app_id, record.form).status is Status.DRAFT


def test_stale_revision_is_a_conflict(store):
    app_id = store.import_document(example_document("incubator"))
    record = store.load(app_id)
    store.save_draft(app_id, record.form, expected_revision=record.revision)
    with pytest.raises(ConflictError) as caught:
        store.save_draft(app_id, record.form, expected_revision=record.revision)
    assert "重新打开" in str(caught.value)


def test_illegal_transition_is_refused_in_chinese(store):
    app_id = store.import_document(example_document("incubator"))
    with pytest.raises(TransitionError) as caught:
        store.change_status(app_id, Status.RECOMMENDED)
    assert "不能改为“已推荐”" in str(caught.value)


def test_list_filters_sorts_and_searches(store):
    doc = example_document("incubator")
    ids = [store.import_document(doc) for _ in range(5)]
    data = doc.form.model_dump(mode="json")
    store.save_draft(ids[0], data | {"carrier_name": "桂林电子孵化园", "requested_amount": "10"})
    store.save_draft(ids[1], data | {"requested_amount": "90"})
    store.change_status(ids[1], Status.READY)
    rows, total = store.list_applications(ListQuery(search="桂林"))
    assert total == 1 and rows[0].title == "桂林电子孵化园"
    rows, total = store.list_applications(ListQuery(status=Status.READY))
    assert [r.id for r in rows] == [ids[1]]
    rows, total = store.list_applications(ListQuery(sort=SortKey.AMOUNT, descending=False, limit=2))
    assert total == 5 and rows[0].requested_amount == Decimal("10")
    rows, _ = store.list_applications(ListQuery(kind="incubator", offset=4, limit=50))
    assert len(rows) == 1
    rows, total = store.list_applications(ListQuery(search="100%_"))
    assert total == 0  # LIKE wildcards typed by the user are taken literally


def test_attachments_keep_content_and_checksum(store):
    app_id = store.import_document(example_document("incubator"))
    before = store.load(app_id).attachments
    content = b"%PDF-1.4 fake"
    info = store.add_attachment(app_id, "营业执照.pdf", content)
    assert info.sha256 == hashlib.sha256(content).hexdigest() and info.size == len(content)
    assert store.attachment_content(info.id) == content
    doc = store.export_document(app_id)
    assert next(a for a in doc.attachments if a.name == "营业执照.pdf").content == content
    store.remove_attachment(info.id)
    assert store.load(app_id).attachments == before
    with pytest.raises(InputError):
        store.add_attachment(app_id, "", b"x")


def test_applicant_upsert_by_code(store, applicant):
    first = store.save_applicant(applicant)
    renamed = applicant.model_copy(update={"name": "改名后的公司"})
    assert store.save_applicant(renamed) == first
    assert store.get_applicant(first).profile.name == "改名后的公司"


def test_delete_only_drafts(store):
    app_id = store.import_document(example_document("incubator"))
    store.change_status(app_id, Status.READY)
    store.change_status(app_id, Status.SUBMITTED)
    with pytest.raises(TransitionError):
        store.delete_application(app_id)
    other = store.import_document(example_document("incubator"))
    store.delete_application(other)
    assert store.application_ids() == [app_id]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("桂林", {"桂林电子孵化园"}),
        ("电子孵化", {"桂林电子孵化园"}),
        ("孵化", {"桂林电子孵化园", "南宁储能孵化基地"}),
        ("储能 南宁", {"南宁储能孵化基地"}),
        ("南宁 储能", {"南宁储能孵化基地"}),
        ("宁储", {"南宁储能孵化基地"}),
        ("储宁", set()),  # both characters occur, but not side by side
        ("林", {"桂林电子孵化园"}),  # one character: no pair to look up, still found
        ("ABC", {"abc 实验室"}),  # case-insensitive for Latin letters
        ("创新创业", {"桂林电子孵化园", "南宁储能孵化基地", "abc 实验室"}),  # the applicant's name
    ],
)
def test_search_finds_substrings_of_title_and_applicant(store, search, expected):
    doc = example_document("incubator")
    data = doc.form.model_dump(mode="json")
    for title in ("桂林电子孵化园", "南宁储能孵化基地", "abc 实验室"):
        store.save_draft(store.import_document(doc), data | {"carrier_name": title})
    rows, total = store.list_applications(ListQuery(search=search))
    assert {r.title for r in rows} == expected and total == len(expected)


def test_search_follows_renames(store):
    app_id = store.import_document(example_document("incubator"))
    record = store.load(app_id)
    store.save_draft(app_id, record.form.model_dump(mode="json") | {"carrier_name": "柳州智造园"})
    assert store.count_applications(ListQuery(search="柳州")) == 1
    assert store.count_applications(ListQuery(search="孵化基地")) == 0
    number = store.load(app_id).number
    assert store.count_applications(ListQuery(search=number.lower())) == 1


def test_collection_import_is_all_or_nothing(store):
    good = example_document("incubator")
    nameless = dataclasses.replace(good, applicant=good.applicant.model_copy(update={"uscc": None}))
    with pytest.raises(InputError):
        store.import_documents([good, nameless])
    assert store.application_ids() == []


def test_profile_change_leaves_handed_in_applications_alone(store):
    app_id = store.import_document(example_document("incubator"))
    store.change_status(app_id, Status.READY)
    store.change_status(app_id, Status.SUBMITTED)
    before = store.report(app_id)
    revision = store.load(app_id).revision
    profile = store.load(app_id).applicant.model_copy(update={"hitech_zone": None, "name": "改名"})
    store.save_applicant(profile)
    after = store.report(app_id)
    assert after.results == before.results and after.can_submit
    assert store.load(app_id).revision == revision
    assert store.load(app_id).applicant.hitech_zone == "nanning"  # stored as the zone id


def test_import_keeps_our_profile_and_says_so(store):
    doc = example_document("incubator")
    store.import_document(doc)
    changed = dataclasses.replace(
        doc, applicant=doc.applicant.model_copy(update={"bank_account": "6222000011112222"})
    )
    result = store.import_documents([changed])
    assert result.notes and "已保留本机信息" in result.notes[0]


def test_firm_wide_cap_counts_other_live_claims_through_the_store(store):
    doc = example_document("rd_subsidy")
    data = doc.form.model_dump(mode="json")
    first = store.import_document(doc)
    store.save_draft(first, data | {"requested_amount": "300", "project_number": "2025YFA1"})
    store.change_status(first, Status.READY)
    second = store.import_document(doc)
    big = data | {
        "project_number": "2025YFA2",
        "national_funds_approved": "900",
        "national_funds": "900",
        "requested_amount": "800",
    }
    store.save_draft(second, big)
    with pytest.raises(TransitionError) as caught:
        store.change_status(second, Status.READY)
    assert "1,100" in str(caught.value)
    store.save_draft(second, big | {"requested_amount": "700"})
    assert store.change_status(second, Status.READY).status is Status.READY
    # the claim itself is never counted twice
    assert store.report(first).can_submit


def test_attachment_names_are_checked_by_the_store_too(store):
    app_id = store.import_document(example_document("incubator"))
    for bad in ("../secret.pdf", "a/b.pdf", "con:tent.pdf"):
        with pytest.raises(InputError):
            store.add_attachment(app_id, bad, b"x")


def test_a_search_of_thousands_of_words_is_cut_not_an_error(store):
    from db.search import MAX_SEARCH_WORDS, query_words

    store.import_document(example_document("incubator"))
    huge = "孵化 " * 2000 + "字" * 200_000
    assert len(query_words(huge)) <= MAX_SEARCH_WORDS
    rows, total = store.list_applications(ListQuery(search=huge))
    assert total == len(rows)  # answered, not an OperationalError
