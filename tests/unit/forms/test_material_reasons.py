"""补正 reasons aimed at a material (「营业执照复印件未盖章」): the reason, its checks against the
form, and the decision package (format 4) that carries it; older decision packages still read."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pydantic import ValidationError

from forms.applicant import APPLICANT
from forms.core.materials import OTHER, OTHER_NAME
from forms.core.validation import ValidationReport
from forms.exchange.decision_package import DECISION, read_decision
from forms.exchange.errors import PackageError
from forms.exchange.review import (
    Decision,
    Outcome,
    Reason,
    Target,
    decision_targets,
    draft_problems,
    material_targets,
    resolve_reasons,
)
from forms.exchange.signing import SigningKey
from forms.incubator import FORM as INCUBATOR
from tests.helpers.examples import example_document
from tests.helpers.exchange_kit import office_decision, respun, unpack

UNSEALED = Reason(material="licence", message="营业执照复印件未盖章")


def decision_package(*reasons: Reason) -> tuple[bytes, SigningKey, Decision]:
    key = SigningKey.generate()
    decision = Decision(
        outcome=Outcome.RETURN,
        officer="王芳",
        officer_username="wangfang",
        decided_on=date(2026, 3, 2),
        reasons=reasons,
    )
    data = office_decision(decision, key)
    return data, key, decision


# --- the reason -------------------------------------------------------------------------------


def test_a_reason_aims_at_exactly_one_field_rule_or_material():
    assert UNSEALED.target_kind == "material" and UNSEALED.kind_label == "材料"
    assert Reason(field_path="carrier_name", message="x").kind_label == "栏目"
    assert Reason(rule_id="r", message="x").kind_label == "条款"
    for two in (
        {"material": "licence", "field_path": "carrier_name"},
        {"material": "licence", "rule_id": "r"},
    ):
        with pytest.raises(ValidationError, match="三者选一"):
            Reason(message="x", **two)
    with pytest.raises(ValidationError, match="三者选一"):
        Reason(message="x")


@pytest.mark.parametrize(
    "hostile", ["../../etc/passwd", "C:\\licence.exe", "Licence", "", "a" * 40]
)
def test_a_material_is_a_code_never_a_path(hostile):
    with pytest.raises(ValidationError):
        Reason(material=hostile, message="营业执照复印件未盖章")


def test_a_material_reason_takes_the_materials_name_and_an_unknown_one_is_refused():
    resolved, problems = resolve_reasons(
        INCUBATOR,
        APPLICANT,
        [
            UNSEALED,
            Reason(material=OTHER, message="其他材料中的扫描件无法辨认"),
            Reason(material="evaluation", message="不是本年度的评价结果"),  # declared, not asked
            Reason(material="forged_permit", message="x"),
        ],
    )
    assert [r.label for r in resolved] == [
        "营业执照或法人证书",
        OTHER_NAME,
        "绩效评价结果文件（“优秀”等次）",
    ]
    assert problems == ["第4条理由针对的申报材料“forged_permit”不是本表所列的材料"]


def test_the_officer_may_aim_at_each_material_the_answers_ask_for_then_other():
    doc = example_document("incubator")
    targets = material_targets(INCUBATOR, doc.form)
    assert targets[0].key == "licence" and targets[0].label == "营业执照或法人证书"
    assert targets[-1].key == OTHER and targets[-1].label == OTHER_NAME
    listed = {t.key for t in targets}
    wanted = {m.id for m in INCUBATOR.materials if m.applies(dict(doc.form))}
    assert listed == wanted | {OTHER}
    everything = decision_targets(
        INCUBATOR,
        doc.form,
        doc.applicant,
        ValidationReport("incubator", "v", (), ()),
        applicant_definition=APPLICANT,
    )
    assert everything[-len(targets) :] == targets

    reasons, problems = draft_problems(Outcome.RETURN, "", [(targets[0], " 营业执照复印件未盖章 ")])
    assert not problems
    assert reasons == [
        Reason(material="licence", label="营业执照或法人证书", message="营业执照复印件未盖章")
    ]


# --- the decision package ---------------------------------------------------------------------


def test_a_material_reason_travels_in_a_decision_package_of_format_4():
    data, _key, decision = decision_package(
        UNSEALED.model_copy(update={"label": "营业执照或法人证书"}),
        Reason(field_path="carrier_name", label="载体名称", message="名称有误"),
    )
    manifest, members = unpack(data)
    assert manifest["format_version"] == 4
    assert json.loads(members[DECISION])["reasons"][0]["material"] == "licence"
    package = read_decision(data, "d.gxdec")
    assert package.decision == decision
    assert package.decision.reasons[0].material == "licence"


@pytest.mark.parametrize("version", [1, 2, 3])
def test_decisions_of_older_formats_still_read(version):
    data, key, _ = decision_package(Reason(field_path="carrier_name", message="名称有误"))

    def older(manifest, members):
        manifest["format_version"] = version
        body = json.loads(members[DECISION])
        for reason in body["reasons"]:
            del reason["material"]  # written before reasons could name a material
        members[DECISION] = json.dumps(body, ensure_ascii=False).encode()

    package = read_decision(respun(data, key, older), "old.gxdec")
    assert package.manifest.format_version == version
    assert package.decision.reasons[0].field_path == "carrier_name"
    assert package.decision.reasons[0].material is None


def test_a_decision_of_a_newer_format_says_to_upgrade():
    data, key, _ = decision_package(UNSEALED)
    with pytest.raises(PackageError) as caught:
        read_decision(respun(data, key, lambda m, _: m.update(format_version=5)), "n.gxdec")
    assert caught.value.code == "wrong_version"
    assert "格式版本为 5，本软件只能读取第 1、2、3、4 版" in caught.value.message


def test_a_hostile_material_in_a_decision_package_is_refused():
    data, key, _ = decision_package(UNSEALED)

    def path_as_material(_manifest, members):
        body = json.loads(members[DECISION])
        body["reasons"][0]["material"] = "../../Windows/System32/cmd.exe"
        members[DECISION] = json.dumps(body, ensure_ascii=False).encode()

    with pytest.raises(PackageError) as caught:
        read_decision(respun(data, key, path_as_material), "h.gxdec")
    assert caught.value.code == "invalid_data"


def test_a_long_target_label_is_cut_so_the_decision_still_reads_on_the_other_side():
    """A rule's requirement with its figures may pass the 200 characters a reason's label
    holds: the draft is not stopped by an English validation error, and the resolved reason
    validates again when the enterprise reads it (model_copy does not check)."""
    long = "填报要求：" + "长" * 300
    found, problems = draft_problems(Outcome.RETURN, "", [(Target("rule", "r", long), "请补正")])
    assert problems == [] and len(found[0].label) == 200 and found[0].label.endswith("…")
    rule = next(iter(INCUBATOR.rules))
    resolved, _ = resolve_reasons(
        INCUBATOR, APPLICANT, [Reason(rule_id=rule.id, message="x")], {rule.id: long}
    )
    Reason.model_validate(resolved[0].model_dump())  # raised: label longer than 200
