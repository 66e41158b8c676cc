"""Never stuck: a 已提交 application sent to the wrong office is withdrawn and sent again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import AuditEvent
from db.withdrawal import withdraw_submission
from forms.core.workflow import Status, TransitionError
from forms.exchange.errors import PackageError
from forms.exchange.review import Outcome
from tests.helpers.copies import Copy, dump, officer, open_copy, submit
from tests.helpers.scenarios import corrected_zone

NANNING, LIUZHOU = "nanning", "liuzhou"  # 南宁 and 柳州高新技术产业开发区, by register id


def trail(copy: Copy, app_id: int) -> list[tuple[str, str]]:
    with copy.store.reading() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.application_id == app_id).order_by(AuditEvent.id)
        )
        return [(r.action, r.detail or "") for r in rows]


def test_withdrawn_and_sent_again_to_the_corrected_office(enterprise, tmp_path):
    nanning = open_copy(tmp_path / "nanning", "enclave")
    liuzhou = open_copy(tmp_path / "liuzhou", "new_track")
    app_id = submit(enterprise)
    first = enterprise.exchange.export_package(app_id)  # to 南宁, but the firm is in 柳州
    nanning_id = nanning.exchange.import_package(first.content).application_id
    with pytest.raises(PackageError):
        liuzhou.exchange.import_package(first.content)

    corrected_zone(enterprise, LIUZHOU)
    again = enterprise.exchange.export_package(app_id)  # 已提交: the same package, same office
    assert again.package_id == first.package_id
    withdrawal = withdraw_submission(
        enterprise.store, app_id, "所在高新区选错，应报送柳州高新区", actor="李会计"
    )
    assert withdrawal.status is Status.READY and withdrawal.was_addressed_to == NANNING
    second = enterprise.exchange.export_package(app_id, actor="李会计")
    assert second.revision == 1 and second.package_id != first.package_id
    received = liuzhou.exchange.import_package(second.content, second.file_name)
    assert not received.duplicate and received.revision == 1
    assert enterprise.store.load(app_id).status is Status.SUBMITTED

    actions = trail(enterprise, app_id)
    names = [a for a, _ in actions]
    assert names.count("导出申报包") == 2 and "撤回" in names
    withdrawn = next(d for a, d in actions if a == "撤回")
    assert (
        "南宁高新技术产业开发区" in withdrawn
        and "所在高新区选错" in withdrawn
        and first.package_id in withdrawn
    )
    with enterprise.store.reading() as session:
        assert (
            session.scalar(select(AuditEvent.actor).where(AuditEvent.action == "撤回")) == "李会计"
        )

    # 南宁's late decision on the withdrawn package is not taken any more
    nanning.review.record_decision(nanning_id, Outcome.RECOMMEND, officer=officer(nanning))
    late = nanning.decisions.export_decision(nanning_id).content
    before = dump(enterprise.store)
    with pytest.raises(PackageError) as caught:
        enterprise.decisions.import_decision(late, "late.gxdec")
    assert caught.value.code == "withdrawn" and "撤回并重新报送" in caught.value.message
    assert dump(enterprise.store) == before

    # 柳州 decides; its decision comes in
    liuzhou_id = received.application_id
    liuzhou.review.record_decision(liuzhou_id, Outcome.RECOMMEND, officer=officer(liuzhou))
    enterprise.decisions.import_decision(liuzhou.decisions.export_decision(liuzhou_id).content)
    assert enterprise.store.load(app_id).status is Status.RECOMMENDED


def test_only_a_submitted_application_is_withdrawn_and_with_a_reason(enterprise):
    app_id = submit(enterprise)
    with pytest.raises(TransitionError, match="只有“已提交”的申报可以撤回"):
        withdraw_submission(enterprise.store, app_id, "原因")
    enterprise.exchange.export_package(app_id)
    before = dump(enterprise.store)
    with pytest.raises(TransitionError, match="请写明撤回的原因"):
        withdraw_submission(enterprise.store, app_id, "  ")
    with pytest.raises(TransitionError, match="请先在“申报主体”页改正"):
        withdraw_submission(enterprise.store, app_id, "再发一次")  # the zone did not change
    assert dump(enterprise.store) == before
