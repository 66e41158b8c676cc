"""The changes between two versions of an application: fields as the packet prints them, table
rows added, removed and changed, attachments added, removed, replaced, renamed and refiled."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from forms.applicant import APPLICANT
from forms.core.document import ApplicationDocument, AttachmentData
from forms.core.revision_changes import (
    FIRST_VERSION,
    MAX_EDITS,
    ChangeKind,
    RevisionChanges,
    Version,
    revision_changes,
    text_difference,
)
from tests.helpers.examples import KINDS, example_document


def version(doc: ApplicationDocument, revision: int) -> Version:
    return Version(revision, doc.form, doc.applicant, doc.attachments)


def compare(old: ApplicationDocument, new: ApplicationDocument) -> RevisionChanges:
    return revision_changes(
        old.definition, version(old, 1), version(new, 2), applicant_definition=APPLICANT
    )


def with_form(doc: ApplicationDocument, **values) -> ApplicationDocument:
    return replace(doc, form=doc.form.model_copy(update=values))


def lines_of(changes: RevisionChanges) -> list[tuple[str, str, str, str, str]]:
    return [(c.area, c.item, c.kind.value, c.before, c.after) for c in changes.lines()]


# --- versions that are the same, and the first one ------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_version_sent_again_unchanged_has_no_changes(kind):
    doc = example_document(kind)
    changes = compare(doc, doc)
    assert changes.comparable and changes.count == 0 and changes.lines() == ()
    assert changes.summary() == "第2版与第1版相比没有变更"


def test_the_first_version_has_nothing_to_compare_with():
    doc = example_document("incubator")
    changes = revision_changes(doc.definition, None, version(doc, 1))
    assert not changes.comparable and changes.count == 0
    assert changes.summary() == FIRST_VERSION == "首次报送，无可比较的上一版"
    missing = revision_changes(doc.definition, None, version(doc, 3))
    assert missing.summary() == "本机没有第2版的内容，无法比较"


# --- fields -------------------------------------------------------------------------------------


def test_changed_fields_print_as_the_packet_prints_them_incubator():
    doc = example_document("incubator")
    new = with_form(
        doc,
        requested_amount=Decimal("80.5"),  # 万元
        total_area=Decimal("33000"),  # ㎡
        certified_on=date(2025, 12, 21),
        incubator_type="specialised",  # a choice, and it brings in 专业领域
        focus_industry="新能源汽车",
    )
    changes = compare(doc, new)
    found = {(c.path, c.label, c.before, c.after) for c in changes.fields}
    assert found == {
        ("requested_amount", "申请后补助金额", "100.00 万元", "80.50 万元"),
        ("total_area", "可自主支配孵化场地面积", "32,000 ㎡", "33,000 ㎡"),
        ("certified_on", "认定日期", "2025-12-20", "2025-12-21"),
        ("incubator_type", "孵化器类型", "综合型", "专业型"),  # choices as their labels
        ("focus_industry", "专业孵化领域", "（不适用）", "新能源汽车"),
    }
    assert all(c.label == doc.definition.spec(c.path).label for c in changes.fields)
    notes = dict(changes.field_notes())
    assert notes[("requested_amount",)] == "较第1版有改动，第1版为：100.00 万元"
    section = next(c.area for c in changes.fields if c.path == "requested_amount")
    assert section in [s.title for s in doc.definition.sections]
    assert changes.summary() == "第2版与第1版相比共 5 处变更：栏目 5 处"


def test_changed_fields_rd_subsidy_and_the_applicant_profile():
    doc = example_document("rd_subsidy")
    new = with_form(doc, fund_uses=["research"], period_end=date(2026, 12, 31))
    new = replace(new, applicant=doc.applicant.model_copy(update={"contact_person": "李四"}))
    changes = compare(doc, new)
    by_path = {c.path: c for c in changes.fields}
    assert by_path["period_end"].after == "2026-12-31"
    uses = by_path["fund_uses"]
    assert (uses.before, uses.after) == ("项目研究开发、产业化", "项目研究开发")  # labels, joined
    profile = by_path["applicant.contact_person"]
    assert profile.area == "申报主体" and profile.label == APPLICANT.spec("contact_person").label
    assert profile.after == "李四"
    assert changes.fields[0].path == "applicant.contact_person"  # the profile comes first


def test_an_empty_field_that_is_shown_or_hidden_is_not_a_change():
    doc = example_document("rd_subsidy")
    # 其他: the matching fields are hidden, the 中试 ones (empty) appear
    new = with_form(doc, category="pilot", pilot_content="中试熟化")
    changes = compare(doc, new)
    paths = {c.path for c in changes.fields}
    assert {"category", "pilot_content", "national_funds"} <= paths
    assert "postdocs_enrolled" not in paths  # hidden, and empty, in both
    hidden = next(c for c in changes.fields if c.path == "national_funds")
    assert (hidden.before, hidden.after) == ("300.00 万元", "（不适用）")
    assert not any(c.before == "—" and c.after == "（不适用）" for c in changes.fields)


# --- table rows -----------------------------------------------------------------------------------


def test_table_rows_added_removed_and_changed_new_track():
    doc = example_document("new_track")
    first, second, third = doc.form.participants
    added = type(first).model_validate({"name": "广西新加入科技有限公司", "role": "partner"})
    changed = second.model_copy(update={"task": "负责检测认证"})
    new = with_form(doc, participants=[added, first, changed])  # third removed
    changes = compare(doc, new)
    assert changes.fields == ()
    kinds = [(r.kind, r.row, r.name) for r in changes.rows]
    assert kinds == [
        (ChangeKind.ADDED, 1, "广西新加入科技有限公司"),
        (ChangeKind.CHANGED, 3, second.name),
        (ChangeKind.REMOVED, 3, third.name),
    ]
    edit = changes.rows[1]
    assert [(c.label, c.after) for c in edit.cells] == [("承担任务", "负责检测认证")]
    assert edit.cells[0].before == second.task
    gone = changes.rows[2]
    assert gone.item == f"参与单位 原第3行（{third.name}）"
    assert ("统一社会信用代码", third.uscc, "—") in [
        (c.label, c.before, c.after) for c in gone.cells
    ]
    assert changes.field_notes() == [
        (("participants",), "较第1版有改动：新增第1行、修改第3行、删除原第3行"),
        (
            ("participants", 2, "task"),
            f"第3行「承担任务」第1版为：{second.task}",
        ),
    ]
    lines = lines_of(changes)
    assert lines[0][1:4] == ("参与单位 第1行（广西新加入科技有限公司）", "新增", "—")
    assert "单位名称：广西新加入科技有限公司" in lines[0][4] and "角色：参与单位" in lines[0][4]
    assert lines[1][3:] == (f"承担任务：{second.task}", "承担任务：负责检测认证")
    assert changes.summary() == "第2版与第1版相比共 3 处变更：表格行 3 处"


def test_a_row_inserted_at_the_top_leaves_the_others_unchanged():
    doc = example_document("new_track")
    rows = list(doc.form.participants)
    added = type(rows[0]).model_validate({"name": "新单位", "role": "partner"})
    changes = compare(doc, with_form(doc, participants=[added, *rows]))
    assert [(r.kind, r.row) for r in changes.rows] == [(ChangeKind.ADDED, 1)]


def test_table_rows_of_the_rd_subsidy_partners():
    doc = with_form(example_document("rd_subsidy"), category="pilot", pilot_content="中试熟化")
    partner = doc.definition.spec("partners").row_model
    assert partner is not None
    one = partner.model_validate({"name": "广西大学", "partner_type": "university"})
    before = with_form(doc, partners=[one])
    after = with_form(doc, partners=[one.model_copy(update={"cooperation": "联合攻关"})])
    changes = compare(before, after)
    assert [(r.kind, r.row, r.name) for r in changes.rows] == [(ChangeKind.CHANGED, 1, "广西大学")]
    assert [(c.label, c.before, c.after) for c in changes.rows[0].cells] == [
        (partner.model_fields["cooperation"].title, "—", "联合攻关")
    ]
    emptied = compare(before, with_form(doc, partners=[]))
    assert [r.kind for r in emptied.rows] == [ChangeKind.REMOVED]


# --- attachments ----------------------------------------------------------------------------------


def files(doc: ApplicationDocument, *extra: AttachmentData, drop: int | None = None):
    kept = [a for i, a in enumerate(doc.attachments) if i != drop]
    return replace(doc, attachments=(*kept, *extra))


@pytest.mark.parametrize("kind", ["incubator", "enclave"])
def test_attachments_added_removed_and_replaced(kind):
    doc = example_document(kind)
    definition = doc.definition
    first = doc.attachments[0]
    material = definition.material(first.material).name
    # added: a second file under the first material
    added = compare(doc, files(doc, AttachmentData("补充说明.pdf", b"%PDF more", first.material)))
    assert [(a.kind, a.material, a.after.name if a.after else "") for a in added.attachments] == [
        (ChangeKind.ADDED, material, "补充说明.pdf")
    ]
    line = added.lines()[0]
    assert (line.area, line.item, line.kind, line.before) == ("申报材料", material, "新增", "—")
    assert line.after.startswith("补充说明.pdf（9 字节，SHA-256 ")
    # removed
    removed = compare(doc, files(doc, drop=0))
    assert [(a.kind, a.before.name if a.before else "") for a in removed.attachments] == [
        (ChangeKind.REMOVED, first.name)
    ]
    # replaced: the same name, other content; and another file for the same material
    same_name = compare(
        doc, files(doc, AttachmentData(first.name, b"%PDF new scan", first.material), drop=0)
    )
    change = same_name.attachments[0]
    assert change.kind is ChangeKind.REPLACED and change.before and change.after
    assert change.before.sha256 == first.sha256 and change.after.sha256 != first.sha256
    other = compare(doc, files(doc, AttachmentData("新扫描件.pdf", b"x", first.material), drop=0))
    assert [a.kind for a in other.attachments] == [ChangeKind.REPLACED]
    assert other.summary() == "第2版与第1版相比共 1 处变更：附件 1 处"


def test_attachments_renamed_or_filed_under_another_material():
    doc = example_document("incubator")
    first = doc.attachments[0]
    renamed = compare(
        doc, files(doc, AttachmentData("改名后.pdf", first.content, first.material), drop=0)
    )
    assert [a.kind for a in renamed.attachments] == [ChangeKind.RENAMED]
    moved = compare(doc, files(doc, AttachmentData(first.name, first.content, "other"), drop=0))
    change = moved.attachments[0]
    assert change.kind is ChangeKind.MOVED and change.material == "其他材料"
    assert change.before_material == doc.definition.material(first.material).name
    assert moved.lines()[0].before.startswith(f"列于“{change.before_material}”：{first.name}")


def test_a_long_text_changed_says_what_in_it_changed():
    doc = example_document("incubator")
    text = doc.form.achievements
    assert "136 家" in text and len(text) > 30
    new = with_form(doc, achievements=text.replace("136 家", "140 家") + "新增一条。")
    [change] = compare(doc, new).fields
    assert change.detail == "改动：“136”改为“140”；增加“新增一条。”"
    line = compare(doc, new).lines()[0]
    assert line.after_with_detail == f"{line.after}\n{change.detail}"
    # a short text shows both whole; a text rewritten throughout is read whole too
    [short] = compare(doc, with_form(doc, carrier_name="南宁孵化基地")).fields
    assert short.detail == ""
    [rewritten] = compare(doc, with_form(doc, achievements="全部重写" * 20)).fields
    assert rewritten.detail == ""


def test_a_long_text_with_more_than_a_few_edits_is_read_whole():
    """Three edits are told; a fourth makes the note longer than reading both versions."""
    before = (
        "本基地共有在孵企业一百家，其中高新技术企业二十家，科技型中小企业三十家，"
        "累计毕业企业十五家，知识产权一百二十件。"
    )
    three = before.replace("一百家", "九十家").replace("二十家", "二十一家")
    three = three.replace("三十家", "三十二家")
    assert text_difference(before, three).count("；") == MAX_EDITS - 1
    assert text_difference(before, three.replace("十五家", "十六家")) == ""
