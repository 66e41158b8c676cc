"""Officers: a 登录名 unique whatever its case, a 姓名 that may repeat, and decisions that carry
both, so three officers called 王芳 are told apart on the 审核意见表 and at the enterprise."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from app.review_prints import opinion_sheet
from db.accounts import Accounts
from db.engine import alembic_config, migrate
from db.models import AuditEvent, ReviewDecision
from db.repository import InputError
from forms.core.workflow import TransitionError
from forms.exchange.decision_package import read_decision
from forms.exchange.review import Decision, Outcome
from tests.helpers.copies import officer, open_copy, submit

PASSWORD = "审核密码2026"


@pytest.fixture
def copies(tmp_path):
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    yield enterprise, office
    enterprise.store.close()
    office.store.close()


def test_a_login_name_differing_only_in_case_is_taken(copies):
    _, office = copies
    first = officer(office)  # wangfang
    with pytest.raises(InputError, match="已被使用"):
        office.accounts.create("WangFang", "王芳", PASSWORD, by=first)
    assert [a.username for a in office.accounts.list_accounts()] == ["wangfang"]


def test_sign_in_by_login_name_in_any_case(copies):
    _, office = copies
    first = officer(office)
    assert office.accounts.sign_in("WANGFANG", PASSWORD).id == first.id


def test_three_officers_called_wangfang_are_told_apart_in_their_decisions(copies):
    enterprise, office = copies
    first = officer(office)
    accounts = Accounts(office.store)
    accounts.create("wangfang2", "王芳", PASSWORD, by=first)
    accounts.create("wangfang3", "王芳", PASSWORD, by=first)
    assert [a.display_name for a in accounts.list_accounts()] == ["王芳"] * 3

    app_id = submit(enterprise)
    sent = enterprise.exchange.export_package(app_id)
    office_id = office.exchange.import_package(sent.content).application_id
    second = accounts.sign_in("wangfang2", PASSWORD)
    made = office.review.record_decision(office_id, Outcome.RECOMMEND, officer=second)
    assert (made.officer, made.officer_username) == ("王芳", "wangfang2")
    assert made.officer_shown == "王芳（wangfang2）"
    sheet = opinion_sheet(office.store, office_id)  # the 审核意见表
    assert [d.officer for d in sheet.decisions] == ["王芳（wangfang2）"]

    exported = office.decisions.export_decision(office_id)
    carried = read_decision(exported.content).decision
    assert (carried.officer, carried.officer_username) == ("王芳", "wangfang2")
    enterprise.decisions.import_decision(exported.content)
    received = enterprise.review.latest_decision(app_id)
    assert received is not None and received.officer_shown == "王芳（wangfang2）"
    trail = enterprise.store.audit_trail(app_id)
    assert any("审核人 王芳（wangfang2）" in e.detail for e in trail)


def test_a_decision_from_before_login_names_travelled_still_reads():
    older = Decision.model_validate(
        {"outcome": Outcome.RECOMMEND.value, "officer": "王芳", "decided_on": "2026-11-30"}
    )
    assert older.officer_username is None


@pytest.mark.parametrize("bad", ["王芳", "a", "../x", "x" * 33])
def test_a_login_name_in_a_decision_must_look_like_one(bad):
    with pytest.raises(ValueError):
        Decision.model_validate(
            {
                "outcome": Outcome.RECOMMEND.value,
                "officer": "王芳",
                "officer_username": bad,
                "decided_on": "2026-11-30",
            }
        )


def test_0006_renames_case_clashes_and_gives_decisions_their_login_name(copies):
    """A store of the release before: WangFang and wangfang could both exist, decisions kept
    only the 姓名. After 0006 the later account is WangFang-2 (said in the trail) and a decision
    whose 姓名 names one account only has its 登录名."""
    from alembic import command

    enterprise, office = copies
    first = officer(office)
    app_id = submit(enterprise)
    office_id = office.exchange.import_package(
        enterprise.exchange.export_package(app_id).content
    ).application_id
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=first)
    engine = office.store.engine
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
        connection.execute(
            text(
                "INSERT INTO accounts (username, display_name, password_hash, active, created_at)"
                " VALUES ('WangFang', '李四', 'scrypt$x', true, '2026-11-30 09:00:00')"
            )
        )
    migrate(engine)
    with engine.connect() as connection:
        names = connection.execute(text("SELECT username FROM accounts ORDER BY id")).scalars()
        assert list(names) == ["wangfang", "WangFang-2"]
        decision = connection.execute(select(ReviewDecision.officer_username)).scalar_one()
        assert decision == "wangfang"
        renamed = connection.execute(
            select(AuditEvent.detail).where(AuditEvent.action == "更改登录名")
        ).scalar_one()
        assert "WangFang-2" in renamed
    assert office.accounts.sign_in("wangfang", "审核密码2026").display_name == "王芳"


def test_a_second_officer_is_told_who_decided_first_and_what(copies):
    enterprise, office = copies
    first = officer(office)  # wangfang, 王芳
    accounts = Accounts(office.store)
    accounts.create("lisi", "李四", PASSWORD, by=first)
    office_id = office.exchange.import_package(
        enterprise.exchange.export_package(submit(enterprise)).content
    ).application_id
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=first)

    second = accounts.sign_in("lisi", PASSWORD)
    with pytest.raises(TransitionError) as refused:
        office.review.record_decision(office_id, Outcome.RETURN, officer=second)
    said = refused.value.message
    assert "王芳（wangfang）" in said and "您的决定未保存" in said
    assert f"“{Outcome.RECOMMEND.label}”" in said  # the decision made, not the status it left
    # the officer who decided is told the status, not that someone else decided
    with pytest.raises(TransitionError) as again:
        office.review.record_decision(office_id, Outcome.RETURN, officer=first)
    assert "只有“已提交”的申报可以作出审核决定" in again.value.message
    assert "王芳（wangfang）" not in again.value.message
