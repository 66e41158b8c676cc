"""The 申报材料 in print: the packet's 附件清单 grouped by material, and a form's whole material
list (the blank form a clerk gathers papers by).

Both read the form's declared materials (``forms.core.materials``); no part names a form's
materials by hand.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table

from forms.core.catalogue import Catalogue
from forms.core.definition import FormDefinition
from forms.core.display import human_size
from forms.core.materials import OTHER, OTHER_MATERIAL, Material, MaterialSlot, material_slots
from forms.packet.layout import CONTENT_WIDTH, Heading, chinese_ordinal, grid, para
from forms.packet.model import Packet, PacketAttachment
from forms.packet.styles import LABEL_FILL, grid_table, styles
from forms.packet.text import aside, markup

MISSING = "缺"
NOT_GIVEN = "未提供"
RED = "#b91c1c"
GREEN = "#15803d"
GREY = "#6b7280"


def _shown(spec: Any, code: Any) -> str:
    if code is True:
        return "是"
    if code is False:
        return "否"
    return str(spec.option_label(code)) if spec is not None else str(code)


def when_text(definition: FormDefinition, when: Mapping[str, Sequence[Any]]) -> str:
    """When a material (or field) applies, as a clerk reads it: 「申请类别为“1:1 配套”时」;
    「所有申报」 when always."""
    if not when:
        return "所有申报"
    parts = []
    for name, codes in when.items():
        spec = definition.fields.get(name)
        label = spec.label if spec is not None else name
        shown = "或".join(f"“{_shown(spec, c)}”" for c in codes)
        parts.append(f"{label}为{shown}")
    return "，且".join(parts) + "时"


def need_text(definition: FormDefinition, material: Material) -> str:
    """The 何时需要 cell: 「必需：所有申报」 / 「如有则提供：…」 (其他材料: what it is for)."""
    if material.id == OTHER:
        return "如有则提供：其他有助于审核的材料"
    lead = "必需" if material.required else "如有则提供"
    return f"{lead}：{when_text(definition, material.when)}"


def count_text(material: Material) -> str:
    least = material.min_files if material.required else 0
    if least == material.max_files:
        return f"{least} 个"
    return f"{least}–{material.max_files} 个"


def slot_status(slot: MaterialSlot) -> str:
    """已提供 n 个 / 缺 / 未提供, as the 附件清单 and the 审核意见表 print it."""
    if slot.files:
        return f"已提供 {len(slot.files)} 个"
    return MISSING if slot.missing else NOT_GIVEN


def status_cell(status: str, provided: bool, missing: bool) -> Paragraph:
    """A material's 已提供 n 个 (green), 缺 (red) or 未提供 (grey) in a table cell."""
    colour = GREEN if provided else (RED if missing else GREY)
    return Paragraph(f'<font color="{colour}">{markup(status)}</font>', styles().cell)


def _material_title(number: int, material: Material) -> str:
    marks = []
    if material.id != OTHER:
        marks.append("必需" if material.required else "如有")
    if material.sealed:
        marks.append("需盖章")
    return f"（{chinese_ordinal(number)}）{material.name}" + (
        f"　〔{'，'.join(marks)}〕" if marks else ""
    )


# --- the packet's 附件清单 ---------------------------------------------------------------------


def attachment_list(
    packet: Packet,
    appended: Mapping[int, str],
    pages: Mapping[int, int],
    ordinal: int,
) -> list[Flowable]:
    """Each material the answers ask for, in declared order (其他材料 last), with its files:
    序号, name, pages (a PDF) or size, SHA-256, and whether it follows the list; a material
    with no file says 缺 (required) or 未提供. ``appended`` and ``pages`` are keyed by the file's
    place in ``packet.listed_attachments``, which numbers them."""
    s = styles()
    flow: list[Flowable] = [
        CondPageBreak(60 * mm),
        Heading(f"{chinese_ordinal(ordinal)}、附件清单", s.heading),
    ]
    if not packet.attachments:
        flow += [para("本申请未添加附件。", s.body), Spacer(1, 2 * mm)]
    slots = [
        slot
        for slot in material_slots(packet.definition, packet.form, packet.attachments)
        if slot.material.id != OTHER or slot.files
    ]
    if not slots:
        return flow
    places = itertools.count()  # the slots' files in turn are packet.listed_attachments
    header = [para(h, s.header) for h in ("序号", "文件名", "页数/大小", "SHA-256 校验值", "说明")]
    rows: list[list[Any]] = [header]
    style = grid_table(1)
    for number, slot in enumerate(slots, start=1):
        row = len(rows)
        rows.append([para(_material_title(number, slot.material), s.label), "", "", "", ""])
        rows[-1][4] = status_cell(slot_status(slot), bool(slot.files), slot.missing)
        style.add("SPAN", (0, row), (3, row))
        style.add("BACKGROUND", (0, row), (-1, row), LABEL_FILL)
        for attachment in slot.files:
            assert isinstance(attachment, PacketAttachment)
            i = next(places)
            rows.append(
                [
                    para(str(i + 1), s.cell),
                    para(attachment.name, s.cell),
                    _size_cell(attachment, pages.get(i)),
                    Paragraph(attachment.sha256[:32] + "<br/>" + attachment.sha256[32:], s.mono),
                    para(appended.get(i, "未附后"), s.cell),
                ]
            )
    flow.append(grid(rows, [9, 56, 19, 52, 34], CONTENT_WIDTH, style))
    flow.append(Spacer(1, 2 * mm))
    flow.append(
        para(
            "附件按申报材料分组，顺序与申报表所列材料一致，其他材料列在最后；“缺”为必需而未提供的材料。"
            "SHA-256 校验值可与电子文件逐一核对：文件有任何改动，校验值即不同。",
            s.note,
        )
    )
    return flow


def _size_cell(attachment: PacketAttachment, pages: int | None) -> Paragraph:
    size = human_size(attachment.size)
    if pages is None:
        return para(size, styles().cell)
    return Paragraph(f"{pages} 页<br/>{aside(size)}", styles().cell)


# --- a form's whole material list --------------------------------------------------------------


def material_table(
    definition: FormDefinition, catalogue: Catalogue, width: float = CONTENT_WIDTH
) -> Table:
    """Every material ``definition`` declares, for every request type, then 其他材料: name,
    when it is needed, accepted types, 盖章, how many files, and its basis."""
    s = styles()
    small = s.small
    header = [
        para(h, s.header)
        for h in ("序号", "材料名称", "何时需要", "文件类型", "盖章", "份数", "依据")
    ]
    rows: list[list[Any]] = [header]
    for number, m in enumerate((*definition.materials, OTHER_MATERIAL), start=1):
        name = markup(m.name)
        if m.help:
            name += "<br/>" + aside(m.help)
        rows.append(
            [
                para(str(number), s.cell),
                Paragraph(name, s.cell),
                para(need_text(definition, m), s.cell),
                para(m.types_text(), small),
                para("需盖章" if m.sealed else "—", s.cell),
                para(count_text(m), s.cell),
                para(m.basis.describe(catalogue), small),
            ]
        )
    return grid(rows, [8, 34, 30, 20, 14, 15, 49], width)
