"""The review queue in figures: only received applications count, by kind, status and month,
with the amounts asked for (and those that give none), filtered as the office asks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import update

from db.listing import SortKey, review_query
from db.models import Application
from db.review_stats import ReviewSummary, Tally, report_count, report_rows, review_summary
from forms.core.workflow import Status
from forms.exchange.review import Outcome, Reason
from tests.helpers.copies import Copy, officer, open_copy, submit
from tests.helpers.examples import example_document
from tests.helpers.scenarios import receive


def by_key(tallies: tuple[Tally, ...]) -> dict[str, tuple[int, Decimal, int]]:
    return {t.key: (t.count, t.amount, t.without_amount) for t in tallies}


@pytest.fixture
def office(tmp_path: Path) -> Copy:
    return open_copy(tmp_path / "office")  # no 高新区 of its own: packages to every zone come in


# --- what counts --------------------------------------------------------------------------------


def test_an_empty_store_has_an_empty_summary(office):
    summary = review_summary(office.store)
    assert summary.empty and summary.total.count == 0 and summary.total.amount == 0
    assert summary.by_month == ()
    assert [t.count for t in summary.by_kind] == [0, 0, 0, 0]


def test_applications_filled_in_here_do_not_count_only_received_ones(office):
    submit(office, "incubator")  # filled in at the office itself, 待提交
    assert review_summary(office.store).empty

    receive(office, "incubator")
    summary = review_summary(office.store)
    assert summary.total.count == 1 and summary.total.amount == Decimal("100")
    assert by_key(summary.by_kind)["incubator"] == (1, Decimal("100"), 0)


def test_counts_and_amounts_by_kind_with_missing_amounts_noted(office):
    receive(office, "incubator")  # 100 万元
    receive(office, "incubator", amount=Decimal("12.5"))
    receive(office, "rd_subsidy")  # 300 万元
    receive(office, "enclave")  # gives no amount
    receive(office, "enclave")
    summary = review_summary(office.store)
    kinds = by_key(summary.by_kind)
    assert kinds == {
        "incubator": (2, Decimal("112.5"), 0),
        "new_track": (0, Decimal(0), 0),
        "enclave": (2, Decimal(0), 2),
        "rd_subsidy": (1, Decimal("300"), 0),
    }
    assert summary.by_kind[0].label == "科技企业孵化器认定/后补助申请表"
    assert summary.total == Tally("", "合计", 5, Decimal("412.5"), 2)
    assert isinstance(summary.total.amount, Decimal)


def test_amounts_are_summed_exactly_to_the_yuan(office):
    # SQLite keeps amounts as floats: summed as floats, these 10 come to 0.0001 万元 too much
    amounts = [Decimal("123456789012.3457")] * 7 + [Decimal("0.0001")] * 3
    for amount in amounts:
        app_id = receive(office, "incubator")
        with office.store.engine.begin() as connection:
            connection.execute(
                update(Application).where(Application.id == app_id).values(requested_amount=amount)
            )
    summary = review_summary(office.store)
    assert summary.total.amount == sum(amounts) == Decimal("864197523086.4202")
    assert by_key(summary.by_kind)["incubator"][1] == sum(amounts)


def test_by_status_follows_the_decisions(tmp_path):
    office = open_copy(tmp_path / "office", "enclave")  # 南宁: decisions need a signing office
    recommended = receive(office, "incubator")
    returned = receive(office, "incubator", amount=Decimal("50"))
    receive(office, "incubator", amount=Decimal("7.25"))
    who = officer(office)
    office.review.record_decision(recommended, Outcome.RECOMMEND, officer=who)
    office.review.record_decision(
        returned,
        Outcome.RETURN,
        officer=who,
        reasons=[Reason(field_path="carrier_name", message="名称与批复文件不一致")],
    )
    statuses = by_key(review_summary(office.store).by_status)
    assert statuses == {  # keyed by code, labelled for people
        Status.SUBMITTED: (1, Decimal("7.25"), 0),
        Status.RETURNED: (1, Decimal("50"), 0),
        Status.RECOMMENDED: (1, Decimal("100"), 0),
        Status.REJECTED: (0, Decimal(0), 0),
    }
    summary = review_summary(office.store)
    assert [t.label for t in summary.by_status] == ["已提交", "退回补正", "已推荐", "不予推荐"]
    only = review_summary(office.store, status=Status.RECOMMENDED)
    assert only.total.count == 1 and [t.key for t in only.by_status] == [Status.RECOMMENDED]
    assert by_key(only.by_kind)["incubator"] == (1, Decimal("100"), 0)


# --- months ------------------------------------------------------------------------------------


def test_months_between_the_first_and_last_are_all_listed(office):
    receive(office, "incubator", received_at=datetime(2025, 11, 20, 3))
    receive(office, "rd_subsidy", received_at=datetime(2026, 2, 3, 3))
    receive(office, "incubator", amount=Decimal("1"), received_at=datetime(2026, 2, 27, 3))
    months = review_summary(office.store, utc_offset=timedelta(hours=8)).by_month
    assert [(t.key, t.label, t.count, t.amount) for t in months] == [
        ("2025-11", "2025年11月", 1, Decimal("100")),
        ("2025-12", "2025年12月", 0, Decimal(0)),
        ("2026-01", "2026年01月", 0, Decimal(0)),
        ("2026-02", "2026年02月", 2, Decimal("301")),
    ]


def test_a_month_is_the_offices_local_month_not_utc(office):
    receive(office, received_at=datetime(2026, 1, 31, 17))  # 2026-02-01 01:00 in Nanning
    assert [
        t.key for t in review_summary(office.store, utc_offset=timedelta(hours=8)).by_month
    ] == ["2026-02"]
    assert [t.key for t in review_summary(office.store, utc_offset=timedelta()).by_month] == [
        "2026-01"
    ]


# --- filters -----------------------------------------------------------------------------------


def test_since_and_until_are_local_days_both_included(office):
    eight = timedelta(hours=8)
    receive(office, received_at=datetime(2026, 2, 28, 15, 59))  # 23:59 on 28 Feb, local
    receive(office, received_at=datetime(2026, 2, 28, 16, 0))  # 00:00 on 1 Mar, local
    receive(office, received_at=datetime(2026, 3, 31, 15, 59))  # 23:59 on 31 Mar, local
    receive(office, received_at=datetime(2026, 3, 31, 16, 0))  # 00:00 on 1 Apr, local

    def count(**kw) -> int:
        return review_summary(office.store, utc_offset=eight, **kw).total.count

    assert count(since=date(2026, 3, 1), until=date(2026, 3, 31)) == 2
    assert count(since=date(2026, 3, 1)) == 3
    assert count(until=date(2026, 2, 28)) == 1
    assert count(since=date(2026, 4, 2)) == 0
    march = review_summary(
        office.store, utc_offset=eight, since=date(2026, 3, 1), until=date(2026, 3, 31)
    )
    assert [(t.key, t.count) for t in march.by_month] == [("2026-03", 2)]


def test_a_kind_filter_counts_that_kind_only(office):
    receive(office, "incubator")
    receive(office, "rd_subsidy")
    summary = review_summary(office.store, kind="rd_subsidy")
    assert [t.key for t in summary.by_kind] == ["rd_subsidy"]
    assert summary.total.count == 1 and summary.total.amount == Decimal("300")
    assert by_key(summary.by_status)[Status.SUBMITTED] == (1, Decimal("300"), 0)
    assert review_summary(office.store, kind="new_track").empty


def test_summary_is_a_value(office):
    receive(office)
    assert isinstance(review_summary(office.store), ReviewSummary)
    assert review_summary(office.store) == review_summary(office.store)


# --- the queue as a report ---------------------------------------------------------------------


def test_report_rows_carry_the_code_and_the_latest_decision(tmp_path):
    office = open_copy(tmp_path / "office", "enclave")
    first = receive(office, "incubator", received_at=datetime(2026, 3, 1, 2))
    receive(office, "enclave", received_at=datetime(2026, 3, 2, 2))  # gives no amount
    submit(office, "incubator")  # filled in here: not in the report
    office.review.record_decision(
        first,
        Outcome.REJECT,
        officer=officer(office),
        comment="不符合条件",
        decided_on=date(2026, 3, 5),
    )
    batches = list(report_rows(office.store, review_query(sort=SortKey.RECEIVED, descending=False)))
    rows = [r for batch in batches for r in batch]
    assert report_count(office.store) == len(rows) == 2
    assert rows[0].uscc == example_document("incubator").applicant.uscc  # type: ignore[attr-defined]
    assert (rows[0].decision, rows[0].officer, rows[0].decided_on) == (
        "不予推荐",
        "王芳（wangfang）",  # 姓名（登录名）: officers may share a 姓名
        date(2026, 3, 5),
    )
    assert rows[0].status == "不予推荐" and rows[0].requested_amount == Decimal("100")
    assert rows[0].kind_title == "科技企业孵化器认定/后补助申请表" and rows[0].revision == 1
    assert rows[1].decision is None and rows[1].requested_amount is None
    assert rows[1].received_at == datetime(2026, 3, 2, 2)


def test_report_rows_come_in_batches_and_follow_the_filter(office):
    for _ in range(3):
        receive(office, "incubator")
    receive(office, "rd_subsidy")
    batches = list(report_rows(office.store, review_query(kind="incubator"), batch=2))
    assert [len(b) for b in batches] == [2, 1]
    assert {r.kind for b in batches for r in b} == {"incubator"}
    assert report_count(office.store, review_query(kind="incubator", offset=2, limit=1)) == 3
    assert list(report_rows(office.store, review_query(status=Status.RECOMMENDED))) == []
