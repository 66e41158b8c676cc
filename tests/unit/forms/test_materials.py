"""申报材料: the list each form and request type asks for, and 材料齐全 in the self-check."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from forms import all_forms, get_form
from forms.core.catalogue import load_catalogue
from forms.core.definition import FormDefinition, Section
from forms.core.document import AttachmentData
from forms.core.fields import FormModel, choice
from forms.core.materials import (
    OTHER,
    MaterialSlot,
    material,
    material_of_result,
    material_slots,
    materials_for,
    moved_note,
    requirement,
)
from forms.core.rules import Severity, Verdict
from forms.core.validation import ValidationReport, parse_form, validate
from forms.incubator import RequestType
from tests.helpers import samples
from tests.helpers.examples import checked, example_document, example_json
from tests.helpers.materials import required_files, required_materials

# Every form and request type, as the answers that select it (merged over the form's example).
VARIANTS: dict[tuple[str, str], dict[str, Any]] = {
    ("incubator", "national"): {},
    ("incubator", "regional"): {"request_type": "regional", "certified_level": "regional"},
    ("incubator", "excellent"): {
        "request_type": "excellent",
        "certified_level": "national",
        "evaluation_year": 2025,
        "evaluation_grade": "excellent",
        "requested_amount": "150",
    },
    ("new_track", "traditional"): {},
    ("new_track", "emerging"): {
        "track_category": "emerging",
        "track_field": "new_energy",
        "transformation_directions": [],
    },
    ("new_track", "future"): {
        "track_category": "future",
        "track_field": "new_energy_storage",
        "transformation_directions": [],
    },
    ("enclave", "park"): {},
    ("enclave", "tech_filed"): samples.TECH,
    ("enclave", "tech_not_filed"): {**samples.TECH, "is_filed": False, "requested_amount": "0"},
    ("enclave", "office"): samples.OFFICE,
    ("rd_subsidy", "matching"): {},
    ("rd_subsidy", "platform"): samples.PLATFORM,
    ("rd_subsidy", "postdoc"): samples.POSTDOC,
    ("rd_subsidy", "pilot"): samples.PILOT,
    ("rd_subsidy", "continued_transfer"): samples.CONTINUED,
    ("rd_subsidy", "outside_transfer"): {
        **samples.CONTINUED,
        "category": "outside_transfer",
        "achievement_source": "区外",
        "achievement_owner": "清华大学",
    },
    ("rd_subsidy", "post_subsidy"): samples.POST,
}

# What each asks for: the table a clerk gathers papers by (required ones, in declared order).
REQUIRED = {
    ("incubator", "national"): [
        "licence",
        "certification",
        "torch_statistics",
        "tenant_list",
        "site_proof",
        "seed_fund_proof",
        "staff_list",
    ],
    ("incubator", "regional"): ["licence", "certification", "torch_statistics", "tenant_list"],
    ("incubator", "excellent"): [
        "licence",
        "certification",
        "evaluation",
        "torch_statistics",
        "tenant_list",
    ],
    **{
        ("new_track", track): [
            "licence",
            "construction_plan",
            "leading_industries_basis",
            "participant_agreements",
            "funding_commitment",
            "baseline_statistics",
        ]
        for track in ("traditional", "emerging", "future")
    },
    ("enclave", "park"): ["licence", "park_agreement", "park_partner_licence"],
    ("enclave", "tech_filed"): ["licence", "tech_filing", "tech_site_agreement", "tech_plan"],
    ("enclave", "tech_not_filed"): ["licence", "tech_site_agreement", "tech_plan"],
    ("enclave", "office"): ["licence", "office_lease", "office_invoices"],
    ("rd_subsidy", "matching"): ["licence", "task_book", "funds_receipt"],
    ("rd_subsidy", "platform"): ["licence", "platform_approval", "project_plan"],
    ("rd_subsidy", "postdoc"): ["licence", "postdoc_approval"],
    ("rd_subsidy", "pilot"): ["licence", "pilot_agreement", "project_plan"],
    ("rd_subsidy", "continued_transfer"): [
        "licence",
        "achievement_proof",
        "transfer_agreement",
        "project_plan",
    ],
    ("rd_subsidy", "outside_transfer"): [
        "licence",
        "achievement_proof",
        "transfer_agreement",
        "project_plan",
    ],
    ("rd_subsidy", "post_subsidy"): ["licence", "rd_audit", "financial_audit", "tax_deduction"],
}


def variant_form(kind: str, name: str) -> FormModel:
    data = {**example_json(kind)["data"], **VARIANTS[(kind, name)]}
    form, issues = parse_form(get_form(kind), data)
    assert form is not None, issues
    return form


def check(kind: str, form: FormModel, attachments: Any) -> ValidationReport:
    return checked(replace(example_document(kind), form=form, attachments=tuple(attachments)))


def material_lines(report: ValidationReport) -> list[Any]:
    return [r for r in report.results if material_of_result(r) is not None]


def test_every_form_and_request_type_is_covered():
    kinds = {kind for kind, _ in VARIANTS}
    assert kinds == set(all_forms()) and set(VARIANTS) == set(REQUIRED)


@pytest.mark.parametrize(("kind", "name"), sorted(VARIANTS))
def test_required_list_per_form_and_request_type(kind, name):
    definition = get_form(kind)
    required = [m.id for m in required_materials(definition, variant_form(kind, name))]
    assert required == REQUIRED[(kind, name)]


@pytest.mark.parametrize(("kind", "name"), sorted(VARIANTS))
def test_all_present_is_clean_and_each_missing_one_is_an_error(kind, name):
    definition, catalogue = get_form(kind), load_catalogue()
    form = variant_form(kind, name)
    files = required_files(definition, form)
    lines = material_lines(check(kind, form, files))
    assert lines and not [r for r in lines if r.blocks_submission]
    for needed in required_materials(definition, form):
        report = check(kind, form, [f for f in files if f.material != needed.id])
        blocking = [r for r in material_lines(report) if r.blocks_submission]
        assert [r.rule_id for r in blocking] == [f"material.{needed.id}"]
        line = blocking[0]
        assert line.severity is Severity.ERROR and line.verdict is Verdict.FAIL
        assert line.requirement == f"材料齐全：{needed.name}"
        assert line.article == needed.basis.cited(catalogue)
        assert needed.name in line.message and needed.basis.describe(catalogue) in line.message
        assert not report.can_submit
        assert any(needed.name in reason for reason in report.reasons())


@pytest.mark.parametrize("kind", sorted(all_forms()))
def test_each_example_carries_its_required_materials_and_validates_clean(kind):
    doc = example_document(kind)
    assert [a.material for a in doc.attachments] == [
        m.id for m in required_materials(doc.definition, doc.form)
    ]
    report = check(kind, doc.form, doc.attachments)
    assert report.can_submit, report.reasons()
    assert all(r.verdict is not Verdict.FAIL for r in material_lines(report))


def test_without_attachments_the_report_says_nothing_of_materials():
    doc = example_document("incubator")
    report = validate(doc.definition, doc.form, applicant=doc.applicant)
    assert not material_lines(report)


def test_licence_comes_first_on_every_form():
    for definition in all_forms().values():
        assert definition.materials[0].id == "licence"
        assert definition.materials[0].sealed


def test_every_basis_is_an_article_with_its_words_or_a_stated_requirement():
    catalogue = load_catalogue()
    for definition in all_forms().values():
        for m in definition.materials:
            if m.basis.is_requirement:
                assert m.basis.reason and m.basis.cited(catalogue) == f"填报要求：{m.basis.reason}"
                assert m.basis.describe(catalogue).startswith("填报要求：")
            else:
                assert m.basis.quote, m.id
                assert m.basis.cited(catalogue).startswith("《")


def test_named_documents_of_the_issue_are_declared_where_they_belong():
    asked = {
        ("incubator", "national"): "认定文件",
        ("incubator", "excellent"): "绩效评价结果",
        ("rd_subsidy", "matching"): "任务书",
        ("rd_subsidy", "postdoc"): "设站批准文件",
        ("rd_subsidy", "pilot"): "合作协议",
        ("rd_subsidy", "post_subsidy"): "研发费用专项审计报告",
        ("enclave", "tech_filed"): "备案文件",
        ("enclave", "park"): "共建协议（含税收分成条款）",
        ("enclave", "office"): "租赁合同",
    }
    for (kind, name), words in asked.items():
        names = [m.name for m in required_materials(get_form(kind), variant_form(kind, name))]
        assert any(words in n for n in names), (kind, name, names)
    funds = [m.name for m in materials_for(get_form("rd_subsidy"), {"category": "matching"})]
    assert "国家专项资金到账凭证" in funds


def test_wrong_type_and_too_many_files_are_errors_and_seals_are_manual():
    doc = example_document("rd_subsidy")
    word = AttachmentData("营业执照.docx", b"PK\x03\x04", "licence")
    rest = [a for a in doc.attachments if a.material != "licence"]
    line = next(r for r in material_lines(check("rd_subsidy", doc.form, [word, *rest])))
    assert line.rule_id == "material.licence" and line.verdict is Verdict.FAIL
    assert "“营业执照.docx”是 DOCX 文件" in line.message and "PDF" in line.message

    receipts = [AttachmentData(f"到账{i}.pdf", b"%PDF", "funds_receipt") for i in range(21)]
    report = check("rd_subsidy", doc.form, [*doc.attachments, *receipts])
    over = next(r for r in report.results if r.rule_id == "material.funds_receipt")
    assert over.verdict is Verdict.FAIL and "最多 20 个文件，现有 22 个" in over.message

    seals = [r for r in report.results if r.rule_id.endswith(".seal")]
    assert {r.rule_id for r in seals} == {"material.licence.seal", "material.task_book.seal"}
    assert all(r.severity is Severity.MANUAL and r.verdict is Verdict.MANUAL for r in seals)
    assert seals[0].requirement == "「营业执照或法人证书」加盖申报单位公章"


def test_an_optional_material_left_out_does_not_block():
    doc = example_document("incubator")
    report = check("incubator", doc.form, doc.attachments)
    audit = next(r for r in report.results if r.rule_id == "material.audit_report")
    assert audit.verdict is Verdict.NOT_APPLICABLE and audit.requirement.endswith("（如有）")


def test_an_optional_material_given_in_a_type_it_does_not_take_blocks():
    doc = example_document("incubator")
    audit = AttachmentData("审计报告.exe", b"MZ", "audit_report")
    report = check("incubator", doc.form, [*doc.attachments, audit])
    line = next(r for r in report.results if r.rule_id == "material.audit_report")
    assert line.verdict is Verdict.FAIL and "“审计报告.exe”是 EXE 文件" in line.message
    assert not report.can_submit


def test_a_material_asking_for_more_than_one_file_fails_below_its_least():
    minutes = material("minutes", "会议纪要", requirement("理由"), min_files=2)
    one = AttachmentData("纪要1.pdf", b"%PDF", "minutes")
    assert MaterialSlot(minutes, (one,)).problems() == [
        "「会议纪要」应至少 2 个文件，现有 1 个，请补充"
    ]
    two = AttachmentData("纪要2.pdf", b"%PDF", "minutes")
    assert MaterialSlot(minutes, (one, two)).problems() == []


def test_slots_list_the_materials_then_other_files_never_dropped():
    doc = example_document("rd_subsidy")
    postdoc = variant_form("rd_subsidy", "postdoc")
    extra = AttachmentData("说明.txt", b"note", OTHER)
    slots = material_slots(doc.definition, postdoc, [*doc.attachments, extra])
    assert [s.material.id for s in slots] == ["licence", "postdoc_approval", OTHER]
    assert slots[1].missing and not slots[1].provided
    # the matching files (任务书, 到账凭证) are not asked for by a postdoc claim: 其他材料
    assert [f.name for f in slots[-1].files] == [
        "国家项目任务书或立项文件.pdf",
        "国家专项资金到账凭证.pdf",
        "说明.txt",
    ]
    assert sum(len(s.files) for s in slots) == len(doc.attachments) + 1


def test_a_declaration_naming_an_unknown_option_or_field_is_refused():
    class Form(FormModel):
        request_type: RequestType | None = choice("申请类别", RequestType)

    def declare(**when: Any) -> FormDefinition:
        return FormDefinition(
            kind="x",
            title="x",
            model=Form,
            sections=(Section("s", ("request_type",)),),
            materials=(material("doc", "文件", requirement("理由"), when=when),),
        )

    assert declare(request_type=[RequestType.NATIONAL]).materials[0].when == {
        "request_type": ("national",)
    }
    with pytest.raises(ValueError, match="has no"):
        declare(request_type=["国家级"])
    with pytest.raises(ValueError, match="unknown"):
        declare(category=["x"])
    with pytest.raises(ValueError, match="invalid or repeated"):
        FormDefinition(
            kind="x",
            title="x",
            model=Form,
            sections=(Section("s", ("request_type",)),),
            materials=(material(OTHER, "其他", requirement("理由")),),
        )


def test_material_of_a_result_names_the_slot():
    doc = example_document("enclave")
    report = check("enclave", doc.form, ())
    ids = {material_of_result(r) for r in report.results} - {None}
    assert ids == {"licence", "park_agreement", "park_partner_licence"}


def test_a_figure_in_a_quoted_article_is_read_from_the_catalogue():
    # A quote names its figures as {name}; written as digits, a new catalogue version would
    # leave the 附件清单 quoting the old amount beside rules that check the new one.
    catalogue = load_catalogue()
    for definition in all_forms().values():
        for m in definition.materials:
            # "1:{ratio}": the 1 is the ratio's fixed side, not a figure of the measures.
            quote = m.basis.quote.replace("1:{", "{")
            words = quote.format_map({name: "" for name in m.basis.params})
            assert not any(c.isdigit() for c in words), (m.id, m.basis.quote)
            assert m.basis.quoted(catalogue) in m.basis.describe(catalogue)
    postdoc = get_form("rd_subsidy").material("postdoc_approval")
    changed = catalogue.with_value("rd.postdoc_station_grant", 40)
    assert "给予40万元一次性经费资助" in postdoc.basis.describe(changed)
    assert postdoc.as_dict(changed)["basis"]["quote"].endswith("给予40万元一次性经费资助")


def test_a_moved_file_s_note_names_its_material_or_an_id_no_release_lists():
    rd = get_form("rd_subsidy")
    assert moved_note(rd, "task_book").startswith("原为“国家项目任务书或立项文件”")
    assert moved_note(rd, "task_book", on_saving=True).endswith("保存后移入其他材料")
    # an id of a later release: the id, not 其他材料 (where the file goes)
    assert moved_note(rd, "later_paper").startswith("原为“later_paper”")
