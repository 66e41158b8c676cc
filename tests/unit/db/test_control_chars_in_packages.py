"""Control characters in what a signed file carries (issue 16): a decision, a submission's
manifest or an office card with one anywhere in its text is refused whole, naming the field in
Chinese, and nothing is stored. The files are validly signed by the real party's key, so only the
text is at fault. On PostgreSQL (GXAPPLY_TEST_DATABASE_URL) a NUL that got through would stop
the import with a raw error instead."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from db.models import ReviewDecision
from db.review import office_profile
from forms.core.workflow import Status
from forms.exchange.decision_package import read_decision
from forms.exchange.errors import PackageError
from forms.exchange.manifest import Party
from forms.exchange.office_card import build_card, read_card
from forms.exchange.review import Outcome, Reason
from tests.helpers.copies import Copy, dump, officer, open_copy, submit
from tests.helpers.exchange_kit import office_signer, respun


@dataclass
class Scene:
    enterprise: Copy
    office: Copy
    app_id: int
    office_id: int
    submission: bytes
    decision: bytes  # the office's real decision on it, not yet imported


@pytest.fixture
def scene(tmp_path) -> Scene:
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    app_id = submit(enterprise)
    submission = enterprise.exchange.export_package(app_id).content
    office_id = office.exchange.import_package(submission).application_id
    office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=officer(office),
        comment="请补正",
        reasons=[Reason(field_path="carrier_name", message="请核对名称")],
    )
    decision = office.decisions.export_decision(office_id).content
    return Scene(enterprise, office, app_id, office_id, submission, decision)


def in_decision(**changes: Any) -> Callable[[dict[str, Any], dict[str, bytes]], None]:
    """A change to ``decision.json``: a field set, or (for ``reason_*``) the first reason's."""

    def change(_manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        decision = json.loads(members["decision.json"])
        for name, value in changes.items():
            if name.startswith("reason_"):
                decision["reasons"][0][name.removeprefix("reason_")] = value
            else:
                decision[name] = value
        members["decision.json"] = json.dumps(decision, ensure_ascii=False).encode()

    return change


def in_manifest(**changes: Any) -> Callable[[dict[str, Any], dict[str, bytes]], None]:
    def change(manifest: dict[str, Any], _members: dict[str, bytes]) -> None:
        for name, value in changes.items():
            if name == "signer_zone":
                manifest["signer"]["hitech_zone"] = value
            else:
                manifest[name] = value

    return change


# spoiling, the code of the refusal, the field it names, the place and character it tells
DECISION_CASES = {
    "NUL in the comment": (
        in_decision(comment="请\x00补正"),
        "invalid_data",
        "「审核意见」",
        "第 2 个",
        "U+0000",
    ),
    "BEL in a reason's words": (
        in_decision(reason_message="请核对\x07名称"),
        "invalid_data",
        "「理由第1条·意见」",
        "第 4 个",
        "U+0007",
    ),
    "an escape in a reason's label": (
        in_decision(reason_label="孵化载体名称\x1b[2K"),
        "invalid_data",
        "「理由第1条·针对」",
        "第 7 个",
        "U+001B",
    ),
    "a line break in the officer's name": (
        in_decision(officer="王芳\n\n与本机记录一致"),
        "invalid_data",
        "「审核人」",
        "第 3 个",
        "换行",
    ),
    "NUL in the manifest's title": (
        in_manifest(title="孵化\x00基地"),
        "bad_manifest",
        "「申报名称」",
        "第 3 个",
        "U+0000",
    ),
    "DEL in the manifest's number": (
        in_manifest(number="GX2026\x7f"),
        "bad_manifest",
        "「申报编号」",
        "第 7 个",
        "U+007F",
    ),
    "NUL in the signer's zone": (
        in_manifest(signer_zone="nanning\x00"),
        "bad_manifest",
        "「签署方·所在高新区」",
        "第 8 个",
        "U+0000",
    ),
}


@pytest.mark.parametrize("case", DECISION_CASES)
def test_a_decision_with_a_control_character_is_refused_whole(scene, case):
    spoil, code, field, place, what = DECISION_CASES[case]
    hostile = respun(scene.decision, scene.office.decisions.key, spoil)  # signed by the office
    before = dump(scene.enterprise.store)
    with pytest.raises(PackageError) as caught:
        scene.enterprise.decisions.import_decision(hostile, "决定.gxdec")
    message = caught.value.message
    assert caught.value.code == code, message
    assert field in message and place in message and what in message, message
    assert "决定.gxdec" in message and "请让" in message and "重新导出" in message
    assert dump(scene.enterprise.store) == before  # nothing stored, not even the key
    # the same decision unspoiled comes in: the text alone was refused
    result = scene.enterprise.decisions.import_decision(scene.decision, "决定.gxdec")
    assert result.status is Status.RETURNED


def test_line_breaks_and_tabs_in_a_comment_are_honest_and_come_in(scene):
    plain = respun(
        scene.decision,
        scene.office.decisions.key,
        in_decision(comment="一、请补正名称；\n二、\t请补充材料", reason_message="第一行\n第二行"),
    )
    result = scene.enterprise.decisions.import_decision(plain, "决定.gxdec")
    assert result.status is Status.RETURNED
    decision = scene.enterprise.review.latest_decision(scene.app_id)
    assert decision is not None and decision.comment == "一、请补正名称；\n二、\t请补充材料"


SUBMISSION_CASES = {
    "NUL in the title": (in_manifest(title="孵化\x00基地"), "「申报名称」"),
    "NUL in the catalogue version": (in_manifest(catalogue_version="2024\x00"), "「政策目录版本」"),
    "NUL in the zone addressed": (in_manifest(addressed_to="nanning\x00"), "「报送高新区」"),
}


@pytest.mark.parametrize("case", SUBMISSION_CASES)
def test_a_submission_whose_manifest_holds_a_control_character_is_refused(tmp_path, case):
    spoil, field = SUBMISSION_CASES[case]
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    app_id = submit(enterprise)
    exported = enterprise.exchange.export_package(app_id).content
    hostile = respun(exported, enterprise.exchange.key, spoil)
    before = dump(office.store)
    with pytest.raises(PackageError) as caught:
        office.exchange.import_package(hostile, "申报.gxpkg")
    assert caught.value.code == "bad_manifest" and field in caught.value.message
    assert "U+0000" in caught.value.message
    assert dump(office.store) == before
    assert office.exchange.import_package(exported, "申报.gxpkg").application_id


def test_a_submission_whose_number_holds_a_control_character_is_refused(tmp_path):
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    exported = enterprise.exchange.export_package(submit(enterprise)).content

    def number(_manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        doc = json.loads(members["application.json"])
        doc["number"] = "GX\x002026"
        members["application.json"] = json.dumps(doc, ensure_ascii=False).encode()

    before = dump(office.store)
    with pytest.raises(PackageError) as caught:
        office.exchange.import_package(respun(exported, enterprise.exchange.key, number), "p.gxpkg")
    assert "「申报编号」第 3 个字符处" in caught.value.message and "U+0000" in caught.value.message
    assert dump(office.store) == before


def test_an_office_card_with_a_control_character_is_refused(tmp_path):
    office = open_copy(tmp_path / "office", "enclave")
    key = office.decisions.key
    signer = office_signer(office_profile(office.store), key)
    assert read_card(build_card(signer, key, datetime.now(UTC))).office.hitech_zone
    # built unchecked (as a hostile tool would), then signed with the office's own key
    hostile = Party.model_construct(**{**dict(signer), "hitech_zone": "nanning\x00"})
    with pytest.raises(PackageError) as caught:
        read_card(build_card(hostile, key, datetime.now(UTC)), "园区.gxcard")
    assert "「园区·所在高新区」第 8 个字符处" in caught.value.message


# --- what the office itself records -----------------------------------------------------------


def test_the_office_store_refuses_control_characters_in_what_officers_type(scene, tmp_path):
    from db.errors import InputError

    office = scene.office
    second = open_copy(tmp_path / "office2", "enclave")
    office_id = second.exchange.import_package(scene.submission).application_id
    with pytest.raises(InputError) as caught:
        second.review.record_decision(
            office_id, Outcome.REJECT, officer=officer(second), comment="不予\x00推荐"
        )
    assert caught.value.issues[0].message.startswith("「审核意见」第 3 个字符处有不可见的控制字符")
    assert second.review.decisions(office_id) == []
    with pytest.raises(InputError) as caught:
        office.accounts.create("lisi", "李\x00四", "审核密码2026")
    (issue,) = caught.value.issues
    assert issue.label == "姓名" and "第 2 个字符处有不可见的控制字符（U+0000）" in issue.message
    assert [a.username for a in office.accounts.list_accounts()] == ["wangfang"]


def test_a_manual_check_note_with_a_control_character_is_refused(tmp_path):
    from db.errors import InputError
    from forms.core.rules import Verdict

    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    package = enterprise.exchange.export_package(submit(enterprise)).content
    office_id = office.exchange.import_package(package).application_id
    report = office.review.office_report(office_id)
    rule = next(r.rule_id for r in report.results if r.verdict is Verdict.MANUAL)
    with pytest.raises(InputError) as caught:
        office.review.set_manual_check(
            office_id, rule, True, officer=officer(office), note="已\x00核"
        )
    assert caught.value.issues[0].message.startswith("「核实说明」第 2 个字符处")
    assert office.review.manual_checks(office_id) == {}


def test_a_withdrawal_reason_with_a_control_character_is_refused(tmp_path):
    from db.withdrawal import withdraw_submission
    from forms.core.workflow import TransitionError

    enterprise = open_copy(tmp_path / "enterprise")
    app_id = submit(enterprise)
    enterprise.exchange.export_package(app_id)
    before = dump(enterprise.store)
    with pytest.raises(TransitionError, match="「撤回原因」第 5 个字符处有不可见的控制字符"):
        withdraw_submission(enterprise.store, app_id, "高新区选\x00错")
    assert dump(enterprise.store) == before


def test_an_older_stored_decision_holding_one_is_shown_and_sent_with_a_space(scene):
    """A release before this one stored what the officer pasted (a BEL, which PostgreSQL takes
    too): the review still shows it as recorded. The decision cannot be made again (the
    application has moved on), so the export sends each such character as a space, line breaks
    kept, and the enterprise takes it. Before, the export was refused for good."""
    office = scene.office
    with office.store.writing() as session:
        row = session.get(ReviewDecision, office.review.latest_decision(scene.office_id).id)
        assert row is not None
        row.reasons = [{**row.reasons[0], "message": "请核对\x07名称\r\n再报"}]
        row.comment = "意见\x1b一\n意见二"
    shown = office.review.latest_decision(scene.office_id)
    assert shown is not None and shown.reasons[0].message == "请核对\x07名称\r\n再报"
    exported = office.decisions.export_decision(scene.office_id)
    sent = read_decision(exported.content).decision
    assert sent.reasons[0].message == "请核对 名称\r\n再报"
    assert sent.comment == "意见 一\n意见二"


# --- what a refusal quotes of a hostile package ---------------------------------------------------

# An escape sequence that, printed by the command line, wipes the line and writes over it
WIPE = "\x1b[2K\r已导入，未发现问题"


Spoil = Callable[[dict[str, Any], dict[str, bytes]], None]


def in_document(change: Callable[[dict[str, Any]], None]) -> Spoil:
    def spoil(_manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        doc = json.loads(members["application.json"])
        change(doc)
        members["application.json"] = json.dumps(doc, ensure_ascii=False).encode()

    return spoil


QUOTED_CASES: dict[str, Spoil] = {
    "an unknown form field named with an escape": in_document(
        lambda doc: doc["data"].update({WIPE + "x" * 3000: "1"})
    ),
    "an unknown profile field named with a NUL": in_document(
        lambda doc: doc["applicant"].update({"na\x00me" + "y" * 3000: "1"})
    ),
    "an unknown kind written with an escape": in_document(
        lambda doc: doc.update(kind=WIPE + "z" * 3000)
    ),
    "an unknown manifest field named with an escape": lambda manifest, _members: manifest.update(
        {WIPE + "w" * 1000: 1}
    ),
}


@pytest.mark.parametrize("case", QUOTED_CASES)
def test_a_refusal_quotes_a_hostile_name_on_one_short_visible_line(tmp_path, case):
    """Names a package makes up (a field, a kind) are quoted by the refusal: with a control
    character shown, not acted on (the command line prints the refusal to a terminal), and
    shortened, not thousands of characters in a message box."""
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    exported = enterprise.exchange.export_package(submit(enterprise)).content
    hostile = respun(exported, enterprise.exchange.key, QUOTED_CASES[case])
    with pytest.raises(PackageError) as caught:
        office.exchange.import_package(hostile, "申报.gxpkg")
    message = caught.value.message
    assert not [c for c in message if unicodedata.category(c) in ("Cc", "Cs")], repr(message)
    assert len(message) < 400, len(message)
    assert "申报.gxpkg" in message and "重新导出" in message


def test_an_older_accounts_name_holding_one_does_not_stop_its_decisions(tmp_path):
    """A release before this one took an officer's name as pasted (a BEL); there is no way to
    rename an account, and deciding again signs with the same name: the export went on refusing
    with 「请重新作出审核决定」. The name goes out with a space where the character was."""
    from db.models import Account

    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    app_id = submit(enterprise)
    package = enterprise.exchange.export_package(app_id).content
    office_id = office.exchange.import_package(package).application_id
    officer(office)
    with office.store.writing() as session:
        account = session.scalars(select(Account)).one()
        account.display_name = "王\x07芳"
    signed_in = office.accounts.sign_in("wangfang", "审核密码2026")
    office.review.record_decision(
        office_id, Outcome.REJECT, officer=signed_in, comment="不符合认定条件"
    )
    decision = office.decisions.export_decision(office_id).content
    assert enterprise.decisions.import_decision(decision).status is Status.REJECTED
    received = enterprise.review.latest_decision(app_id)
    assert received is not None and received.officer == "王 芳"


def test_what_officers_type_keeps_its_line_breaks_and_tabs_where_the_box_has_lines(tmp_path):
    """The passing side of the refusals above: a decision's comment and a reason's words, a
    check's note and a withdrawal's reason are typed in boxes of several lines, so a line break
    or a tab (CR LF as Windows pastes it) is no control character to refuse there."""
    from db.withdrawal import withdraw_submission
    from forms.core.rules import Verdict
    from tests.helpers.scenarios import corrected_zone

    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    package = enterprise.exchange.export_package(submit(enterprise)).content
    office_id = office.exchange.import_package(package).application_id
    report = office.review.office_report(office_id)
    rule = next(r.rule_id for r in report.results if r.verdict is Verdict.MANUAL)
    check = office.review.set_manual_check(
        office_id, rule, True, officer=officer(office), note="营业执照：\r\n\t原件已核对"
    )
    assert check.note == "营业执照：\r\n\t原件已核对"
    decided = office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=officer(office),
        comment="一、请补正名称；\n二、\t请补充材料",
        reasons=[Reason(field_path="carrier_name", message="第一行\r\n第二行")],
    )
    assert decided.comment == "一、请补正名称；\n二、\t请补充材料"
    assert decided.reasons[0].message == "第一行\r\n第二行"

    app_id = submit(enterprise)
    enterprise.exchange.export_package(app_id)
    corrected_zone(enterprise, "liuzhou")
    withdrawn = withdraw_submission(enterprise.store, app_id, "所在高新区选错，\n应报送柳州")
    assert withdrawn.status is Status.READY
