"""A decision being drafted is judged by the decision model; the dialog only shows the verdict."""

from __future__ import annotations

from datetime import date

from forms.exchange.review import (
    MAX_COMMENT,
    MAX_MESSAGE,
    Decision,
    Outcome,
    Reason,
    Target,
    decision_problems,
    draft_problems,
)

AMOUNT = Target("field", "requested_amount", "申请金额")
RULE = Target("rule", "cap", "第五条：不超过 300 万元")
TODAY = date(2026, 11, 23)


def test_the_limits_are_the_packages_own():
    assert MAX_COMMENT == Decision.model_fields["comment"].metadata[0].max_length == 2000
    assert MAX_MESSAGE == 500


def test_a_complete_draft_gives_its_reasons_and_no_problem():
    reasons, problems = draft_problems(
        Outcome.RETURN, "请补正", [(AMOUNT, " 依据不足 "), (RULE, "超过上限")], TODAY, TODAY
    )
    assert problems == []
    assert reasons == [
        Reason(field_path="requested_amount", label="申请金额", message="依据不足"),
        Reason(rule_id="cap", label="第五条：不超过 300 万元", message="超过上限"),
    ]


def test_every_problem_is_said_at_once_in_the_order_to_fix_them():
    reasons, problems = draft_problems(
        None, "意" * (MAX_COMMENT + 1), [(AMOUNT, "  "), (RULE, "长" * (MAX_MESSAGE + 1))]
    )
    assert reasons == []
    assert problems == [
        "请选择审核结论：通过并推荐、退回补正或不予推荐",
        "第1条理由（申请金额）没有写意见，请填写或删除",
        f"第2条理由的意见超过 {MAX_MESSAGE} 字，请精简",
        f"审核意见最多 {MAX_COMMENT} 字，现有 {MAX_COMMENT + 1} 字，请精简",
    ]


def test_with_a_conclusion_the_decisions_own_rules_follow():
    _reasons, problems = draft_problems(
        Outcome.RETURN, "", [(AMOUNT, "")], date(2026, 11, 24), TODAY
    )
    assert (
        problems
        == [
            "第1条理由（申请金额）没有写意见，请填写或删除",
            "退回补正须至少给出一条理由，指明要补正的栏目、规则或申报材料",  # the empty one does not count
            "决定日期不能晚于今天，请改为实际作出决定的日期",
        ]
    )


def test_the_store_refuses_a_comment_too_long_to_send():
    """record_decision asks decision_problems: a decision is never recorded unsendable."""
    too_long = "意" * (MAX_COMMENT + 1)
    assert decision_problems(Outcome.RECOMMEND, too_long, []) == [
        f"审核意见最多 {MAX_COMMENT} 字，现有 {MAX_COMMENT + 1} 字，请精简"
    ]
    assert decision_problems(Outcome.RECOMMEND, "意" * MAX_COMMENT + "  ", []) == []
