"""Package files without a store: keys and signatures, round trips, member names, reasons."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import date

import pytest

from forms.applicant import APPLICANT
from forms.core.document import AttachmentData
from forms.exchange.container import MAX_ATTACHMENTS, PACKET
from forms.exchange.decision_package import read_decision
from forms.exchange.errors import PackageError
from forms.exchange.review import (
    Decision,
    Outcome,
    Reason,
    decision_problems,
    resolve_reasons,
)
from forms.exchange.safezip import name_problem
from forms.exchange.signing import SigningKey, fingerprint, public_key_problem, verify
from forms.exchange.submission import read_submission
from forms.incubator import FORM as INCUBATOR
from forms.registry import FORMS
from tests.helpers.examples import KINDS, example_document, example_json
from tests.helpers.exchange_kit import PDF, make_package, office_decision, respun, unpack

# --- keys ---------------------------------------------------------------------------------------


def test_a_signature_holds_for_its_data_only():
    key = SigningKey.generate()
    signature = key.sign(b"manifest")
    assert verify(key.public_key, b"manifest", signature)
    assert not verify(key.public_key, b"manifest!", signature)
    assert not verify(SigningKey.generate().public_key, b"manifest", signature)
    assert not verify(key.public_key, b"manifest", "not base64")


def test_a_key_survives_its_file_and_has_a_short_fingerprint():
    key = SigningKey.generate()
    again = SigningKey.from_pem(key.to_pem())
    assert again.public_key == key.public_key
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", key.fingerprint)
    assert fingerprint(SigningKey.generate().public_key) != key.fingerprint
    with pytest.raises(ValueError):
        SigningKey.from_pem(b"-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----\n")


def test_public_keys_are_checked():
    assert public_key_problem(SigningKey.generate().public_key) is None
    assert "Ed25519" in (public_key_problem("QUJD") or "")
    assert public_key_problem(42) is not None


# --- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_example_travels_whole(kind):
    doc = replace(
        example_document(kind),
        attachments=(
            AttachmentData("认定文件.pdf", b"%PDF-1.4 x" * 500),
            AttachmentData("a.txt", b""),
        ),
    )
    data, key = make_package(doc)
    package = read_submission(data, "x.gxpkg", forms=FORMS)
    assert package.document.form == doc.form
    assert package.document.applicant == doc.applicant
    assert package.document.attachments == doc.attachments
    assert package.packet_pdf == PDF
    assert package.signer.public_key == key.public_key
    assert package.manifest.kind == kind


def test_content_digest_ignores_the_packet_but_not_the_data():
    doc = replace(example_document("incubator"), uid=str(uuid.uuid4()))
    first, key = make_package(doc)
    second = respun(first, key, lambda m, members: members.update({PACKET: b"%PDF-2.0 other"}))
    third = respun(
        first,
        key,
        lambda m, members: members.update(
            {"application.json": members["application.json"].replace(b'"100"', b'"90"')}
        ),
    )
    digest = read_submission(first, forms=FORMS).content_digest
    assert read_submission(second, forms=FORMS).content_digest == digest
    assert read_submission(third, forms=FORMS).content_digest != digest


def test_an_attachment_that_compresses_too_well_is_stored_not_refused():
    # A scanned blank page compresses a thousandfold; honest packages must not look like bombs.
    doc = replace(
        example_document("incubator"), attachments=(AttachmentData("空白.bmp", bytes(8 << 20)),)
    )
    data, _ = make_package(doc)
    assert read_submission(data, forms=FORMS).document.attachments[0].size == 8 << 20


def test_export_refuses_more_attachments_than_a_package_holds():
    many = tuple(AttachmentData(f"{i}.txt", b"x") for i in range(MAX_ATTACHMENTS + 1))
    with pytest.raises(PackageError) as caught:
        make_package(replace(example_document("incubator"), attachments=many))
    assert caught.value.code == "too_many_attachments" and "请合并后再导出" in caught.value.message
    data, _ = make_package(replace(example_document("incubator"), attachments=many[1:]))
    assert len(read_submission(data, forms=FORMS).document.attachments) == MAX_ATTACHMENTS


def test_a_decision_travels_whole():
    key = SigningKey.generate()
    decision = Decision(
        outcome=Outcome.RETURN,
        officer="王芳",
        decided_on=date(2026, 3, 2),
        comment="请补正",
        reasons=(
            Reason(field_path="requested_amount", label="申请后补助金额", message="依据不足"),
        ),
    )
    data = office_decision(decision, key)
    package = read_decision(data, "d.gxdec")
    assert package.decision == decision
    assert package.signer.fingerprint == key.fingerprint
    with pytest.raises(PackageError) as caught:
        read_submission(data, "d.gxdec", forms=FORMS)
    assert caught.value.code == "wrong_type"
    assert "实际是审核决定包" in caught.value.message


def test_a_signer_that_does_not_match_the_data_is_refused():
    data, key = make_package()

    def other_firm(manifest, _members):
        manifest["signer"]["uscc"] = example_json("rd_subsidy")["applicant"]["uscc"]

    with pytest.raises(PackageError) as caught:
        read_submission(respun(data, key, other_firm), "p.gxpkg", forms=FORMS)
    assert caught.value.code == "inconsistent"
    assert "统一社会信用代码与签名清单不一致" in caught.value.message
    assert (
        read_submission(respun(data, key, lambda m, members: None), forms=FORMS).manifest.kind
        == "incubator"
    )


def test_the_manifest_schema_is_checked():
    data, key = make_package()
    manifest, _ = unpack(data)
    assert manifest["format"] == "gxapply.package" and manifest["format_version"] == 3

    def bad_uid(manifest, _members):
        manifest["application_uid"] = "../../etc"

    with pytest.raises(PackageError) as caught:
        read_submission(respun(data, key, bad_uid), "p.gxpkg", forms=FORMS)
    assert caught.value.code == "bad_manifest"
    assert "「申报的唯一标识」格式不正确" in caught.value.message


# --- member names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../evil.txt", "“..”"),
        ("attachments/../../evil", "“..”"),
        ("/etc/passwd", "绝对路径"),
        ("C:/Windows/evil.dll", "盘符"),
        ("c:evil", "盘符"),
        ("..\\evil.txt", "反斜杠"),
        ("attachments/", "文件夹"),
        ("a//b", "空的"),
        ("./a", "“.”"),
        ("a\x00b", "控制字符"),
        ("", "为空"),
    ],
)
def test_unsafe_member_names(name, problem):
    assert problem in (name_problem(name) or "")


@pytest.mark.parametrize(
    "name",
    ["manifest.json", "attachments/001-认定文件.pdf", "attachments/002-..说明.docx", "a/b.c"],
)
def test_safe_member_names(name):
    assert name_problem(name) is None


# --- decisions and their reasons ----------------------------------------------------------------


def test_reasons_name_known_fields_and_rules_only():
    rule = next(iter(INCUBATOR.rules)).id
    reasons = [
        Reason(field_path="requested_amount", message="依据不足"),
        Reason(field_path="applicant.uscc", message="与执照不符"),
        Reason(rule_id=rule, message="请核实"),
        Reason(field_path="no_such_field", message="?"),
        Reason(rule_id="no.such.rule", message="?"),
    ]
    resolved, problems = resolve_reasons(INCUBATOR, APPLICANT, reasons, {rule: "第（十）条：要求"})
    assert [r.label for r in resolved] == [
        "申请后补助金额",
        "申报主体·统一社会信用代码",
        "第（十）条：要求",
    ]
    assert problems == [
        "第4条理由针对的栏目“no_such_field”不是本表的栏目",
        "第5条理由针对的规则“no.such.rule”不是本表的规则",
    ]


def test_a_reason_names_one_field_or_one_rule():
    with pytest.raises(ValueError, match="三者选一"):
        Reason(message="无所指")
    with pytest.raises(ValueError, match="三者选一"):
        Reason(field_path="a", rule_id="b", message="两者")
    assert Reason(field_path="partners.1.uscc", message="x").path == ("partners", 1, "uscc")


def test_what_a_decision_needs():
    reason = Reason(field_path="requested_amount", message="依据不足")
    assert decision_problems(Outcome.RETURN, "请补正", []) != []
    assert decision_problems(Outcome.RETURN, "", [reason]) == []
    assert decision_problems(Outcome.REJECT, " ", []) != []
    assert decision_problems(Outcome.REJECT, "不符合条件", []) == []
    assert decision_problems(Outcome.RECOMMEND, "", []) == []
    today = date(2026, 11, 23)
    assert decision_problems(Outcome.RECOMMEND, "", [], today, today) == []
    late = decision_problems(Outcome.RECOMMEND, "", [], date(2026, 11, 24), today)
    assert late == ["决定日期不能晚于今天，请改为实际作出决定的日期"]
    assert Outcome.RETURN.status.label == "退回补正"
