"""The 审核意见表's part on what a revision changed since the one the office received before it
(``forms.core.revision_changes``): one line per field, table row and attachment, values as
the packet prints them."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from forms.core.revision_changes import ChangeKind, ChangeLine, RevisionChanges
from forms.packet.layout import clipped, grid, para
from forms.packet.styles import styles
from forms.packet.text import aside, markup

CHANGES_TITLE = "与上一版比较"
VALUE_LIMIT = 300  # characters of one value: a long text changed is shown in the review window
KIND_COLOURS = {ChangeKind.ADDED: "#15803d", ChangeKind.REMOVED: "#b91c1c"}
KIND_COLOUR = "#b45309"


def changes_title(changes: RevisionChanges) -> str:
    if changes.previous is None:
        return CHANGES_TITLE
    return f"{CHANGES_TITLE}（第{changes.revision}版较第{changes.previous}版）"


def _kind_cell(kind: ChangeKind) -> Paragraph:
    colour = KIND_COLOURS.get(kind, KIND_COLOUR)
    return Paragraph(f'<font color="{colour}">{markup(kind.value)}</font>', styles().cell)


def _after_cell(line: ChangeLine) -> Paragraph:
    text = markup(clipped(line.after, VALUE_LIMIT))
    if line.detail:
        text += "<br/>" + aside(line.detail)
    return Paragraph(text, styles().cell)


def changes_flowables(changes: RevisionChanges, width: float) -> list[Flowable]:
    """The changes under their own caption: a sentence, then a table when anything changed."""
    s = styles()
    flow: list[Flowable] = [
        CondPageBreak(30 * mm),
        Spacer(1, 3 * mm),
        para(changes_title(changes), s.label),
        Spacer(1, 1 * mm),
        para(changes.summary() + "。", s.note),
    ]
    lines = changes.lines()
    if not lines:
        return flow
    header = [para(h, s.header) for h in ("序号", "位置", "项目", "变更", "上一版", "本版")]
    rows = [
        [
            para(str(i), s.cell),
            para(line.area, s.cell),
            para(line.item, s.cell),
            _kind_cell(line.kind),
            para(clipped(line.before, VALUE_LIMIT), s.cell),
            _after_cell(line),
        ]
        for i, line in enumerate(lines, start=1)
    ]
    flow += [Spacer(1, 1.5 * mm), grid([header, *rows], [9, 22, 34, 11, 47, 47], width)]
    return flow
