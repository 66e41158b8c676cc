"""删除草稿 and 复制为新申报, asked from 我的申报 and from the editor alike: the confirmation,
the store's act (db/drafts.py), and what the user is told."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.gui.widgets import plain
from app.gui.widgets.errors import shows_errors
from db.drafts import copy_as_new, delete_draft
from db.repository import Store
from forms.core.workflow import can_delete

MAX_LISTED = 8  # names in a confirmation; the rest are counted


def delete_drafts(parent: QWidget | None, store: Store, ids: list[int]) -> bool:
    """Ask, then delete the 草稿/待提交 applications ``ids`` (each audited); True if deleted."""
    if not ids:
        return False
    records = [store.load(i) for i in ids]
    kept = [r for r in records if not can_delete(r.status) or r.received]
    if kept:
        names = "、".join(f"{r.number}（{r.status.label}）" for r in kept[:MAX_LISTED])
        plain.warning(
            parent,
            "不能删除",
            f"只能删除“草稿”和“待提交”的申报；{names} 已报送或已办结，不能删除。\n\n"
            "没有删除任何申报。",
        )
        return False
    listed = "\n".join(f"· {r.number}  {r.title}" for r in records[:MAX_LISTED])
    more = f"\n……等共 {len(records)} 份" if len(records) > MAX_LISTED else ""
    answer = plain.question(
        parent,
        "删除草稿",
        f"确定删除下列 {len(records)} 份申报吗？其内容和附件将一并删除，不能撤销"
        f"（删除会记入操作记录）。\n\n{listed}{more}",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    with shows_errors(parent, "未能删除", "{}\n\n其余申报未删除。") as refused:
        for record in records:
            delete_draft(store, record.id)
    return not refused


def copy_as_new_draft(parent: QWidget | None, store: Store, application_id: int) -> int | None:
    """复制为新申报: the new draft's id (None if refused, with the reason shown)."""
    with shows_errors(parent, "未能复制") as refused:
        record = copy_as_new(store, application_id)
    if refused:
        return None
    return record.id
