"""The officer's 需人工核实 checklist: ticks on the current revision's manual rules, audited."""

from __future__ import annotations

import pytest

from db.accounts import SignInError
from db.errors import ConflictError
from db.repository import InputError
from forms.core.rules import Verdict
from forms.core.workflow import Status, TransitionError
from forms.exchange.review import Outcome, Reason
from tests.helpers.copies import Copy, dump, officer, submit


def send(enterprise: Copy, office: Copy, app_id: int) -> int:
    exported = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet")
    return office.exchange.import_package(exported.content, exported.file_name).application_id


def manual_rules(office: Copy, office_id: int) -> list[str]:
    report = office.review.office_report(office_id)
    return [r.rule_id for r in report.results if r.verdict is Verdict.MANUAL]


def test_ticks_are_kept_per_rule_and_audited(enterprise, office):
    office_id = send(enterprise, office, submit(enterprise))
    rules = manual_rules(office, office_id)
    assert "incubator.authenticity" in rules and office.review.manual_checks(office_id) == {}
    clerk = officer(office)

    ticked = office.review.set_manual_check(
        office_id, "incubator.authenticity", True, officer=clerk, note="  已核对原件  "
    )
    assert ticked.done and ticked.officer == "王芳" and ticked.note == "已核对原件"
    office.review.set_manual_check(office_id, "incubator.newly_certified", True, officer=clerk)
    office.review.set_manual_check(office_id, "incubator.newly_certified", False, officer=clerk)

    checks = office.review.manual_checks(office_id)
    assert checks["incubator.authenticity"].done
    assert not checks["incubator.newly_certified"].done
    trail = [e for e in office.store.audit_trail(office_id) if e.action == "人工核实"]
    assert [e.actor for e in trail] == ["王芳（wangfang）"] * 3
    assert "已核实（已核对原件）" in trail[0].detail and "第1版" in trail[0].detail
    assert trail[-1].detail.endswith("取消核实")
    assert office.store.load(office_id).status is Status.SUBMITTED  # a tick decides nothing


def test_only_manual_rules_can_be_ticked(enterprise, office):
    office_id = send(enterprise, office, submit(enterprise))
    report = office.review.office_report(office_id)
    passing = next(r for r in report.results if r.verdict is Verdict.PASS)
    not_applicable = next(r for r in report.results if r.verdict is Verdict.NOT_APPLICABLE)
    clerk = officer(office)
    before = dump(office.store)
    for rule_id, says in [
        ("incubator.no_such_rule", "没有编号为“incubator.no_such_rule”的条款"),
        (passing.rule_id, "不是“需人工核实”"),
        (not_applicable.rule_id, "的结论为“不适用”"),
    ]:
        with pytest.raises(InputError) as refused:
            office.review.set_manual_check(office_id, rule_id, True, officer=clerk)
        assert says in refused.value.issues[0].message
    with pytest.raises(InputError, match="最多 500 字"):
        office.review.set_manual_check(
            office_id, "incubator.authenticity", True, officer=clerk, note="核" * 501
        )
    assert dump(office.store) == before


def test_no_ticks_once_decided_or_on_the_offices_own_application(enterprise, office):
    office_id = send(enterprise, office, submit(enterprise))
    clerk = officer(office)
    office.review.record_decision(office_id, Outcome.REJECT, officer=clerk, comment="不符合条件")
    own = submit(office)
    before = dump(office.store)
    with pytest.raises(TransitionError, match="已作出审核决定"):
        office.review.set_manual_check(office_id, "incubator.authenticity", True, officer=clerk)
    with pytest.raises(TransitionError, match="不是从申报包收到的"):
        office.review.set_manual_check(own, "incubator.authenticity", True, officer=clerk)
    assert dump(office.store) == before


def test_a_new_revision_starts_with_an_empty_checklist(enterprise, office):
    app_id = submit(enterprise)
    office_id = send(enterprise, office, app_id)
    clerk = officer(office)
    office.review.set_manual_check(office_id, "incubator.authenticity", True, officer=clerk)
    office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=clerk,
        reasons=[Reason(rule_id="incubator.authenticity", message="请补充原件扫描件")],
    )
    exported = office.decisions.export_decision(office_id)
    enterprise.decisions.import_decision(exported.content, exported.file_name)
    record = enterprise.store.load(app_id)
    enterprise.store.save_draft(app_id, record.form.model_dump(mode="json"))
    enterprise.store.change_status(app_id, Status.READY)
    assert send(enterprise, office, app_id) == office_id

    assert office.review.manual_checks(office_id) == {}
    office.review.set_manual_check(office_id, "incubator.authenticity", True, officer=clerk)
    assert office.review.manual_checks(office_id)["incubator.authenticity"].done


def test_a_tick_on_a_revision_no_longer_current_is_refused(enterprise, office):
    app_id = submit(enterprise)
    office_id = send(enterprise, office, app_id)
    clerk = officer(office)
    office.review.set_manual_check(
        office_id, "incubator.authenticity", True, officer=clerk, revision=1
    )
    office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=clerk,
        reasons=[Reason(rule_id="incubator.authenticity", message="请补充原件扫描件")],
    )
    exported = office.decisions.export_decision(office_id)
    enterprise.decisions.import_decision(exported.content, exported.file_name)
    enterprise.store.change_status(app_id, Status.READY)
    send(enterprise, office, app_id)  # 第2版 comes in while 第1版 is on the officer's screen
    before = dump(office.store)
    with pytest.raises(TransitionError, match="现为第2版，您看到的是第1版"):
        office.review.set_manual_check(
            office_id, "incubator.authenticity", True, officer=clerk, revision=1
        )
    assert dump(office.store) == before
    check = office.review.set_manual_check(
        office_id, "incubator.authenticity", True, officer=clerk, revision=2
    )
    assert check.done


def test_a_deactivated_officer_cannot_tick(enterprise, office):
    office_id = send(enterprise, office, submit(enterprise))
    clerk = officer(office)
    other = office.accounts.create("lisi", "李四", "另一个密码123", by=clerk)
    office.review.set_manual_check(office_id, "incubator.authenticity", True, officer=other)
    office.accounts.set_active(other.id, False, by=clerk)
    before = dump(office.store)
    with pytest.raises(SignInError, match="“lisi”已停用或不存在，不能勾选人工核实"):
        office.review.set_manual_check(office_id, "incubator.authenticity", False, officer=other)
    assert dump(office.store) == before


def test_the_office_report_of_an_old_revision(enterprise, office):
    app_id = submit(enterprise)
    office_id = send(enterprise, office, app_id)
    office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=officer(office),
        reasons=[Reason(field_path="carrier_name", message="核对名称")],
    )
    exported = office.decisions.export_decision(office_id)
    enterprise.decisions.import_decision(exported.content, exported.file_name)
    enterprise.store.change_status(app_id, Status.READY)
    send(enterprise, office, app_id)
    old = office.review.office_report(office_id, 1)
    new = office.review.office_report(office_id)
    assert [r.rule_id for r in old.results] == [r.rule_id for r in new.results]
    assert old.kind == "incubator"


def test_a_record_changed_by_another_officer_since_it_was_seen_is_not_overwritten(
    enterprise, office
):
    """Two officers on one application (two desktops, or two windows): a tick or a note made
    on what was on screen is refused, naming the other, once the other changed that record."""
    office_id = send(enterprise, office, submit(enterprise))
    rule = "incubator.authenticity"
    wangfang = officer(office)
    lisi = office.accounts.create("lisi", "李四", "另一个密码123", by=wangfang)
    seen = office.review.manual_checks(office_id).get(rule)  # nothing yet on 王芳's screen
    assert seen is None
    theirs = office.review.set_manual_check(
        office_id, rule, True, officer=lisi, note="已电话核实", seen=None
    )
    before = dump(office.store)
    with pytest.raises(ConflictError) as refused:
        office.review.set_manual_check(
            office_id, rule, True, officer=wangfang, note="营业执照原件已核对", seen=seen
        )
    message = refused.value.message
    assert "已由李四于" in message and "改为“已核实”，核实说明“已电话核实”" in message
    assert "您这次的勾选或核实说明未保存" in message and "请看过现在的记录后" in message
    assert dump(office.store) == before
    with pytest.raises(ConflictError, match="已由李四于"):
        office.review.set_manual_check(office_id, rule, False, officer=wangfang, seen=seen)
    # seen as it is now, the officer's note is saved over it
    mine = office.review.set_manual_check(
        office_id, rule, True, officer=wangfang, note="营业执照原件已核对", seen=theirs
    )
    assert office.review.manual_checks(office_id)[rule] == mine
    assert mine.note == "营业执照原件已核对" and mine.officer == "王芳"
    # a script that does not say what it saw sets the record regardless, as before
    office.review.set_manual_check(office_id, rule, False, officer=lisi)
    assert not office.review.manual_checks(office_id)[rule].done
