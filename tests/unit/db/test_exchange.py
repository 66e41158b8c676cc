"""Two copies of the app on two stores: an application goes to the park office and back until it
is recommended; revisions, read-only received applications, decisions and keys."""

from __future__ import annotations

import os
import stat
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from app.packets import packet_for
from db.accounts import SignInError
from db.errors import StoreError
from db.identity import key_folder, store_id
from db.listing import SortKey, review_query
from db.repository import InputError, Store
from db.this_copy import OWN_APPLICANT_SETTING
from db.trust import KeyAcceptance, KeyStatus, known_keys
from db.unit_of_work import RECEIVED_READ_ONLY
from forms import get_form
from forms.applicant import ApplicantProfile
from forms.core.uscc import with_check_character
from forms.core.workflow import Status, TransitionError
from forms.exchange.decision_package import build_decision, read_decision
from forms.exchange.errors import PackageError
from forms.exchange.review import Decision, Outcome, Reason
from forms.packet import render_packet
from tests.helpers.copies import OFFICE_OF, Copy, dump, officer, open_copy, submit
from tests.helpers.examples import example_document, example_json
from tests.helpers.exchange_kit import decision_for, make_package, office_signer


def send(enterprise: Copy, office: Copy, app_id: int) -> int:
    """Export from the enterprise, import at the office; the office's id of it."""
    exported = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet")
    return office.exchange.import_package(exported.content, exported.file_name).application_id


def decide(
    office: Copy, office_id: int, outcome: Outcome, enterprise: Copy | None = None, **kw
) -> None:
    office.review.record_decision(office_id, outcome, officer=officer(office), **kw)
    if enterprise is not None:
        exported = office.decisions.export_decision(office_id)
        enterprise.decisions.import_decision(exported.content, exported.file_name)


# --- the whole loop -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["incubator", "rd_subsidy"])
def test_an_application_goes_back_and_forth_until_recommended(tmp_path, kind):
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", OFFICE_OF[kind])
    definition = get_form(kind)

    # The enterprise fills in the example and exports it, with its printed packet.
    app_id = submit(enterprise, kind)
    packet = render_packet(packet_for(enterprise.store, app_id))
    first = enterprise.exchange.export_package(app_id, packet)
    assert first.revision == 1 and first.file_name.endswith("第1版.gxpkg")
    assert enterprise.store.load(app_id).status is Status.SUBMITTED

    # The office imports it: it is in the queue, checked, read-only, with the signer known.
    received = office.exchange.import_package(first.content, first.file_name)
    assert not received.duplicate and received.signer.key_status is KeyStatus.NEW
    rows, total = office.review.queue()
    assert total == 1 and rows[0].status is Status.SUBMITTED and rows[0].revision == 1
    office_id = received.application_id
    assert office.store.load(office_id).form == enterprise.store.load(app_id).form
    assert not office.store.load(office_id).editable
    assert office.exchange.received_packet(office_id) == packet

    # It is returned with a reason on a field and one on a rule.
    title_field, rule = definition.title_field, next(iter(definition.rules)).id
    decide(
        office,
        office_id,
        Outcome.RETURN,
        enterprise,
        comment="请补正后重新提交",
        reasons=[
            Reason(field_path=title_field, message="名称与批复文件不一致"),
            Reason(rule_id=rule, message="请补充证明材料"),
        ],
    )
    assert office.store.load(office_id).status is Status.RETURNED
    record = enterprise.store.load(app_id)
    assert record.status is Status.RETURNED and record.editable
    decision = enterprise.review.latest_decision(app_id)
    assert decision is not None and decision.received and decision.outcome is Outcome.RETURN
    assert [r.message for r in decision.reasons_for_field(title_field)] == ["名称与批复文件不一致"]
    assert decision.reasons_for_field(title_field)[0].label == definition.spec(title_field).label
    assert [r.message for r in decision.reasons_for_rule(rule)] == ["请补充证明材料"]

    # The enterprise fixes it and exports the second revision.
    data = record.form.model_dump(mode="json")
    data[title_field] = data[title_field] + "（补正）"
    enterprise.store.save_draft(app_id, data)
    enterprise.store.change_status(app_id, Status.READY)
    second = enterprise.exchange.export_package(app_id, packet)
    assert second.revision == 2 and second.package_id != first.package_id

    # The office takes it in as revision 2 and keeps revision 1.
    again = office.exchange.import_package(second.content, second.file_name)
    assert again.application_id == office_id and again.revision == 2
    assert [r.revision for r in office.review.revisions(office_id)] == [1, 2]
    old = office.review.load_revision(office_id, 1)
    new = office.review.load_revision(office_id, 2)
    assert getattr(new.form, title_field).endswith("（补正）")
    assert not getattr(old.form, title_field).endswith("（补正）")
    assert office.review.queue()[0][0].revision == 2

    # The office recommends it and prints it; the enterprise takes the decision in.
    decide(office, office_id, Outcome.RECOMMEND, enterprise, comment="同意推荐")
    printed = render_packet(packet_for(office.store, office_id))
    assert printed.startswith(b"%PDF-")
    assert enterprise.store.load(app_id).status is Status.RECOMMENDED
    assert [d.outcome for d in enterprise.review.decisions(app_id)] == [
        Outcome.RETURN,
        Outcome.RECOMMEND,
    ]

    # Every step is in the audit trails, the officer named on each decision.
    office_trail = [(e.actor, e.action, e.to_status) for e in office.store.audit_trail(office_id)]
    assert ("王芳（wangfang）", "审核决定", Status.RETURNED) in office_trail
    assert ("王芳（wangfang）", "审核决定", Status.RECOMMENDED) in office_trail
    assert [a for _, a, _ in office_trail if a.startswith("接收")] == ["接收申报包", "接收修订版"]
    actions = [e.action for e in enterprise.store.audit_trail(app_id)]
    assert actions.count("导出申报包") == 2 and actions.count("收到审核决定") == 2


# --- export --------------------------------------------------------------------------------------


def test_export_needs_a_clean_application(enterprise):
    draft = enterprise.store.import_document(example_document("incubator"))
    with pytest.raises(TransitionError, match="请先「检查并标记为待提交」"):
        enterprise.exchange.export_package(draft)
    # 待提交 but failing a rule (the catalogue or the firm's claims changed meanwhile)
    data = example_document("incubator").form.model_dump(mode="json") | {"requested_amount": "150"}
    enterprise.store.save_draft(draft, data)
    with enterprise.store.engine.begin() as connection:
        connection.execute(
            text("UPDATE applications SET status = 'ready' WHERE id = :i"), {"i": draft}
        )
    before = dump(enterprise.store)
    with pytest.raises(TransitionError) as caught:
        enterprise.exchange.export_package(draft)
    assert "尚不能导出申报包" in str(caught.value) and "超过上限" in str(caught.value)
    assert dump(enterprise.store) == before
    clean = submit(enterprise)
    assert enterprise.exchange.export_package(clean).revision == 1


def test_export_again_gives_the_same_package_which_the_office_takes_once(enterprise, office):
    app_id = submit(enterprise)
    first = enterprise.exchange.export_package(app_id, b"%PDF-1.7 a")
    again = enterprise.exchange.export_package(app_id, b"%PDF-1.7 b")  # the file was lost
    assert (again.package_id, again.revision) == (first.package_id, first.revision)
    office.exchange.import_package(first.content)
    before = dump(office.store)
    result = office.exchange.import_package(again.content)
    assert result.duplicate and "已导入过" in result.describe()
    assert dump(office.store) == before


# --- the office's copy is read-only --------------------------------------------------------


def test_nothing_received_can_be_edited_at_the_office(enterprise, office):
    own = office.store.import_document(example_document("enclave"))  # the office's own filing
    office_id = send(enterprise, office, submit(enterprise))
    decide(
        office, office_id, Outcome.RETURN, reasons=[Reason(field_path="carrier_name", message="x")]
    )
    record = office.store.load(office_id)
    assert record.status is Status.RETURNED and not record.editable
    before = dump(office.store)
    attempts = [
        lambda: office.store.save_draft(office_id, record.form),
        lambda: office.store.add_attachment(office_id, "补充.pdf", b"%PDF"),
        lambda: office.store.change_status(office_id, Status.READY),
    ]
    for attempt in attempts:
        with pytest.raises(TransitionError) as caught:
            attempt()
        assert str(caught.value) == RECEIVED_READ_ONLY
    with pytest.raises(TransitionError, match="只能删除草稿"):
        office.store.delete_application(office_id)
    assert dump(office.store) == before
    # the office's own applications stay as editable as ever
    office.store.save_draft(own, office.store.load(own).form)


# --- revisions ------------------------------------------------------------------------------------


def test_a_new_revision_only_after_return_and_in_order(enterprise, office):
    app_id = submit(enterprise)
    first = enterprise.exchange.export_package(app_id)
    office_id = office.exchange.import_package(first.content).application_id
    key = enterprise.exchange.key
    doc = replace(enterprise.store.export_document(app_id), number=None)

    def revision(n: int) -> bytes:
        return make_package(doc, key=key, revision=n)[0]

    before = dump(office.store)
    with pytest.raises(PackageError) as caught:
        office.exchange.import_package(revision(2), "r2.gxpkg")
    assert (
        caught.value.code == "not_returned"
        and "只有“退回补正”的申报才能接收新版本" in caught.value.message
    )
    assert dump(office.store) == before

    decide(
        office, office_id, Outcome.RETURN, reasons=[Reason(field_path="carrier_name", message="x")]
    )
    before = dump(office.store)
    with pytest.raises(PackageError) as caught:
        office.exchange.import_package(revision(3), "r3.gxpkg")
    assert caught.value.code == "missing_revision" and "请先导入第2版" in caught.value.message
    with pytest.raises(PackageError) as caught:
        office.exchange.import_package(revision(1), "r1.gxpkg")  # same revision, other content id
    assert caught.value.code in {"conflict", "stale"}
    assert dump(office.store) == before
    assert office.exchange.import_package(revision(2), "r2.gxpkg").revision == 2


def test_a_package_for_another_firms_application_is_refused(enterprise, office):
    app_id = submit(enterprise)
    office.exchange.import_package(enterprise.exchange.export_package(app_id).content)
    stranger = example_document("rd_subsidy")
    doc = replace(enterprise.store.export_document(app_id), applicant=stranger.applicant)
    before = dump(office.store)
    with pytest.raises(PackageError) as caught:
        office.exchange.import_package(make_package(doc)[0], "x.gxpkg")
    assert caught.value.code == "inconsistent" and "不能接收" in caught.value.message
    assert dump(office.store) == before


def test_a_package_cannot_overwrite_the_offices_own_application(enterprise, office):
    own = office.store.load(office.store.import_document(example_document("incubator")))
    doc = replace(example_document("incubator"), uid=own.uid)
    before = dump(office.store)
    with pytest.raises(PackageError) as caught:
        office.exchange.import_package(make_package(doc)[0], "x.gxpkg")
    assert caught.value.code == "not_received" and "本机自己的一份申报" in caught.value.message
    assert dump(office.store) == before


# --- decisions --------------------------------------------------------------------------------


def test_a_decision_needs_what_it_needs(enterprise, office):
    own = office.store.import_document(example_document("enclave"))
    office_id = send(enterprise, office, submit(enterprise))
    account = officer(office)
    before = dump(office.store)
    with pytest.raises(InputError, match="退回补正须至少给出一条理由"):
        office.review.record_decision(office_id, Outcome.RETURN, officer=account)
    with pytest.raises(InputError, match="不是本表的栏目"):
        office.review.record_decision(
            office_id,
            Outcome.RETURN,
            officer=account,
            reasons=[Reason(field_path="no_such", message="x")],
        )
    with pytest.raises(TransitionError, match="不是从申报包收到的"):
        office.review.record_decision(own, Outcome.RECOMMEND, officer=account)
    with pytest.raises(InputError, match="决定日期不能晚于今天"):
        office.review.record_decision(
            office_id,
            Outcome.RECOMMEND,
            officer=account,
            decided_on=date.today() + timedelta(days=1),
        )
    assert dump(office.store) == before
    office.review.record_decision(office_id, Outcome.REJECT, officer=account, comment="不符合条件")
    with pytest.raises(TransitionError, match="只有“已提交”的申报可以作出审核决定"):
        office.review.record_decision(office_id, Outcome.RECOMMEND, officer=account)
    assert office.store.load(office_id).status is Status.REJECTED


def test_a_decision_on_a_revision_no_longer_current_is_refused(enterprise, office):
    app_id = submit(enterprise)
    office_id = send(enterprise, office, app_id)
    reasons = [Reason(field_path="carrier_name", message="核对名称")]
    decide(office, office_id, Outcome.RETURN, enterprise, reasons=reasons, revision=1)
    enterprise.store.change_status(app_id, Status.READY)
    send(enterprise, office, app_id)  # 第2版 comes in while 第1版 is on the officer's screen
    clerk = officer(office)
    before = dump(office.store)
    with pytest.raises(TransitionError, match="现为第2版，您看到的是第1版"):
        office.review.record_decision(office_id, Outcome.RECOMMEND, officer=clerk, revision=1)
    assert dump(office.store) == before
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=clerk, revision=2)
    assert office.store.load(office_id).status is Status.RECOMMENDED


def test_a_deactivated_officer_cannot_decide(enterprise, office):
    office_id = send(enterprise, office, submit(enterprise))
    clerk = officer(office)
    other = office.accounts.create("lisi", "李四", "另一个密码123", by=clerk)
    office.accounts.set_active(other.id, False, by=clerk)
    before = dump(office.store)
    with pytest.raises(SignInError, match="“lisi”已停用或不存在，不能作出审核决定"):
        office.review.record_decision(office_id, Outcome.REJECT, officer=other, comment="不符")
    assert dump(office.store) == before
    office.review.record_decision(office_id, Outcome.REJECT, officer=clerk, comment="不符")
    assert office.store.load(office_id).status is Status.REJECTED


def test_a_decision_package_counts_as_sent_only_once_saved(enterprise, office):
    app_id = submit(enterprise)
    office_id = send(enterprise, office, app_id)
    decide(office, office_id, Outcome.REJECT, comment="不符合条件")
    before = dump(office.store)
    built = office.decisions.decision_package(office_id)  # the file is not saved yet
    assert dump(office.store) == before
    assert read_decision(built.content).decision.outcome is Outcome.REJECT

    office.decisions.record_sent(built, actor="王芳（wangfang）")
    office.decisions.record_sent(built, actor="王芳（wangfang）")  # saved a second time
    sent = [p for p in office.exchange.packages(office_id) if p.direction == "sent"]
    assert [(p.package_id, p.type) for p in sent] == [(built.package_id, "decision")]
    trail = [e for e in office.store.audit_trail(office_id) if e.action == "导出审核决定"]
    assert [e.actor for e in trail] == ["王芳（wangfang）"] * 2
    assert enterprise.decisions.import_decision(built.content).status is Status.REJECTED

    unknown = replace(built, package_id=str(uuid.uuid4()))
    before = dump(office.store)
    with pytest.raises(TransitionError, match="找不到包号为"):
        office.decisions.record_sent(unknown)
    assert dump(office.store) == before


def test_an_office_without_its_profile_cannot_sign_a_decision(enterprise, tmp_path):
    office = open_copy(tmp_path / "bare-office")
    office_id = send(enterprise, office, submit(enterprise))
    with pytest.raises(StoreError, match="本机尚未填写本园区的单位信息"):
        office.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(office))


def test_decisions_only_from_the_office_that_received_it(enterprise, office, tmp_path):
    app_id = submit(enterprise)
    exported = enterprise.exchange.export_package(app_id)
    office_id = office.exchange.import_package(exported.content).application_id
    decide(
        office,
        office_id,
        Outcome.RETURN,
        enterprise,
        reasons=[Reason(field_path="carrier_name", message="x")],
    )
    enterprise.store.change_status(app_id, Status.READY)
    second = enterprise.exchange.export_package(app_id)

    # another office, same zone, that got hold of the same file: it never decided on this one
    # (its own copy would not take in a first package of 第2版, so it forges the decision)
    impostor = open_copy(tmp_path / "impostor", "enclave")
    profile = example_document("enclave").applicant
    assert isinstance(profile, ApplicantProfile)
    key = impostor.decisions.key
    forged = decision_for(second.content, key, office_signer(profile, key))
    before = dump(enterprise.store)
    with pytest.raises(PackageError) as caught:
        enterprise.decisions.import_decision(forged, "forged.gxdec")
    assert caught.value.code == "key_changed" and "可能是他人冒充" in caught.value.message
    assert dump(enterprise.store) == before

    # the real office's decision comes in
    office.exchange.import_package(second.content)
    decide(office, office_id, Outcome.RECOMMEND, enterprise)
    assert enterprise.store.load(app_id).status is Status.RECOMMENDED


def test_packages_and_decisions_stay_within_the_receiving_zone(enterprise, tmp_path):
    app_id = submit(enterprise)
    exported = enterprise.exchange.export_package(app_id)  # to 南宁高新技术产业开发区
    liuzhou = open_copy(tmp_path / "liuzhou", "new_track")  # 柳州高新区管委会
    before = dump(liuzhou.store)
    with pytest.raises(PackageError) as caught:
        liuzhou.exchange.import_package(exported.content, "n.gxpkg")
    assert caught.value.code == "wrong_office" and "请转交对应的高新区" in caught.value.message
    assert dump(liuzhou.store) == before

    # an office that took it in before it set its zone still cannot decide on it
    unset = open_copy(tmp_path / "unset")
    unset_id = unset.exchange.import_package(exported.content).application_id
    profile = example_document("new_track").applicant
    assert isinstance(profile, ApplicantProfile)
    unset.store.set_setting(OWN_APPLICANT_SETTING, str(unset.store.save_applicant(profile)))
    decide(unset, unset_id, Outcome.RECOMMEND)
    before = dump(enterprise.store)
    with pytest.raises(PackageError) as caught:
        enterprise.decisions.import_decision(unset.decisions.export_decision(unset_id).content)
    assert caught.value.code == "wrong_office"
    assert "只有接收该申报的园区可以作出决定" in caught.value.message
    assert dump(enterprise.store) == before


def test_a_decision_is_taken_once_and_only_for_the_current_revision(enterprise, office):
    app_id = submit(enterprise)
    office_id = send(enterprise, office, app_id)
    reasons = [Reason(field_path="carrier_name", message="x")]
    decide(office, office_id, Outcome.RETURN, reasons=reasons)
    returned = office.decisions.export_decision(office_id)
    assert enterprise.decisions.import_decision(returned.content).status is Status.RETURNED
    before = dump(enterprise.store)
    again = enterprise.decisions.import_decision(returned.content)
    assert again.duplicate and "已导入过" in again.describe()
    assert dump(enterprise.store) == before
    assert office.decisions.export_decision(office_id).package_id == returned.package_id

    enterprise.store.change_status(app_id, Status.READY)
    assert enterprise.exchange.export_package(app_id).revision == 2
    # a second decision on revision 1, signed by the same office, comes late
    first = read_decision(returned.content)
    late = build_decision(
        Decision(outcome=Outcome.RECOMMEND, officer="王芳", decided_on=date.today()),
        key=office.decisions.key,
        signer=first.signer,
        package_id=str(uuid.uuid4()),
        submission_package_id=first.manifest.submission_package_id,
        application_uid=first.manifest.application_uid,
        revision=1,
        kind="incubator",
        number=None,
        title="",
        created_at=datetime.now(UTC),
    )
    before = dump(enterprise.store)
    with pytest.raises(PackageError) as caught:
        enterprise.decisions.import_decision(late, "late.gxdec")
    assert caught.value.code == "stale" and "现为第2版" in caught.value.message
    assert dump(enterprise.store) == before


# --- keys ----------------------------------------------------------------------------------------


def test_trust_on_first_use_and_a_loud_refusal_when_the_key_changes(enterprise, office):
    first = enterprise.exchange.export_package(submit(enterprise))
    assert office.exchange.import_package(first.content).signer.key_status is KeyStatus.NEW
    second = enterprise.exchange.export_package(submit(enterprise))
    assert office.exchange.import_package(second.content).signer.key_status is KeyStatus.KNOWN

    other = replace(example_document("incubator"), uid=str(uuid.uuid4()))
    data, new_key = make_package(other)  # the same firm, a reinstalled copy with a new key
    preview = office.exchange.preview_package(data, "new.gxpkg")
    assert preview.signer.key_status is KeyStatus.CHANGED and not preview.already_here
    before = dump(office.store)
    uscc = preview.signer.uscc
    for accept in (
        None,
        KeyAcceptance("0000-0000-0000-0000", uscc),
        KeyAcceptance(new_key.fingerprint, with_check_character("91450100MA5K00001")),  # other firm
    ):
        with pytest.raises(PackageError) as caught:
            office.exchange.import_package(data, "new.gxpkg", accept_key=accept)
        assert caught.value.code == "key_changed"
        assert new_key.fingerprint in caught.value.message and "请通过电话" in caught.value.message
    assert dump(office.store) == before
    accepted = office.exchange.import_package(
        data, "new.gxpkg", accept_key=KeyAcceptance(new_key.fingerprint.lower(), uscc)
    )
    assert accepted.signer.key_status is KeyStatus.ACCEPTED
    assert [k.fingerprint for k in known_keys(office.store)] == [new_key.fingerprint]
    with office.store.engine.connect() as connection:
        changes = connection.execute(
            text("SELECT detail FROM audit_events WHERE action = '更换密钥'")
        ).scalars()
        assert [c.endswith(new_key.fingerprint) for c in changes] == [True]


def test_a_copy_refuses_its_own_package(enterprise):
    exported = enterprise.exchange.export_package(submit(enterprise))
    before = dump(enterprise.store)
    with pytest.raises(PackageError) as caught:
        enterprise.exchange.import_package(exported.content, "mine.gxpkg")
    assert caught.value.code == "own_package" and "本机自己导出的" in caught.value.message
    assert dump(enterprise.store) == before


@pytest.mark.sqlite_only(
    reason="a server store's key is the office key in the store (test_office_key)"
)
def test_each_store_has_its_own_private_key_file(tmp_path):
    one = open_copy(tmp_path / "one")
    two = open_copy(tmp_path / "two")
    assert one.exchange.fingerprint != two.exchange.fingerprint
    reopened = Store(one.store.engine)
    from db.exchange import Exchange

    assert Exchange(reopened).fingerprint == one.exchange.fingerprint
    path = key_folder(one.store.engine) / f"{store_id(one.store)}.pem"
    assert path.exists()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_bytes(b"damaged")
    with pytest.raises(StoreError, match="已损坏"):
        Exchange(reopened).fingerprint  # noqa: B018


def test_the_own_profile_setting_is_the_one_the_app_writes():
    from app.settings import OWN_APPLICANT_KEY

    assert OWN_APPLICANT_KEY == OWN_APPLICANT_SETTING


# --- the queue ------------------------------------------------------------------------------------


def test_the_queue_pages_and_filters(enterprise, office):
    ids = [send(enterprise, office, submit(enterprise)) for _ in range(3)]
    office.store.import_document(example_document("enclave"))  # the office's own: not queued
    decide(office, ids[0], Outcome.RECOMMEND)
    rows, total = office.review.queue(review_query(limit=2))
    assert total == 3 and [r.id for r in rows] == [ids[2], ids[1]]
    rows, total = office.review.queue(review_query(limit=2, offset=2))
    assert [r.id for r in rows] == [ids[0]]
    rows, total = office.review.queue(review_query(status=Status.RECOMMENDED))
    assert total == 1 and rows[0].status is Status.RECOMMENDED
    assert office.review.queue(review_query(kind="rd_subsidy"))[1] == 0
    assert rows[0].applicant_name == example_json("incubator")["applicant"]["name"]
    rows, _ = office.review.queue(review_query(descending=False))
    assert [r.id for r in rows] == ids
    # the same amount each: the id breaks the tie, in the order asked for
    same = review_query(sort=SortKey.AMOUNT, limit=2)
    assert [r.id for r in office.review.queue(same)[0]] == [ids[2], ids[1]]
    same = same._replace(descending=False, offset=1)
    assert [r.id for r in office.review.queue(same)[0]] == [ids[1], ids[2]]


def test_a_decision_for_an_application_deleted_since_says_how_to_keep_it(tmp_path):
    firm, office = open_copy(tmp_path / "firm"), open_copy(tmp_path / "office", "enclave")
    app_id = submit(firm)
    sent = firm.exchange.export_package(app_id)
    office_id = office.exchange.import_package(sent.content).application_id
    office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=officer(office),
        reasons=[Reason(field_path="requested_amount", message="请核减")],
    )
    decision = office.decisions.export_decision(office_id)
    assert firm.decisions.import_decision(decision.content, "a.gxdec").status is Status.RETURNED
    firm.store.change_status(app_id, Status.READY)
    firm.store.delete_application(app_id)  # a 待提交 application may be deleted
    before = dump(firm.store)
    with pytest.raises(PackageError) as refused:
        firm.decisions.import_decision(decision.content, "a.gxdec")
    assert refused.value.code == "not_exported"
    assert "已不在本机" in refused.value.message and "从备份恢复" in refused.value.message
    assert dump(firm.store) == before
