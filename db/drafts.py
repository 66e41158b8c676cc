"""Drafts as a clerk handles them: saved errors and all, copied as a new draft (复制为新申报), an
untouched new draft discarded, and what refuses to leave the store while values are as typed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from db.application_rows import MAX_TITLE, fill_content, give_number, new_application
from db.attachment_materials import refile_attachments
from db.audit import SYSTEM_ACTOR, audit
from db.errors import InputError, NotFound
from db.models import Application, Attachment, AuditEvent
from db.records import ApplicationRecord, application_record
from forms import get_form
from forms.core.typed import salvage
from forms.core.workflow import Move, Status, TransitionError, apply_move, can_delete

if TYPE_CHECKING:
    from db.repository import Store

COPY_MARK = "（副本）"


def save_as_typed(
    store: Store,
    application_id: int,
    data: Mapping[str, Any],
    *,
    expected_revision: int | None = None,
) -> ApplicationRecord:
    """Save a draft whatever is typed: the values that parse into its form, the others kept as
    typed with their problems (forms/core/typed.py). InputError only when what is typed is not
    a set of fields at all."""
    record = store.load(application_id)
    salvaged = salvage(record.definition, data)
    if salvaged is None:
        from forms.core.validation import parse_form

        raise InputError(parse_form(record.definition, data)[1])
    form, unparsed = salvaged
    return store.save_draft(
        application_id, form, expected_revision=expected_revision, unparsed=unparsed
    )


def copy_as_new(store: Store, application_id: int, actor: str = SYSTEM_ACTOR) -> ApplicationRecord:
    """复制为新申报: a new draft with the content and attachments (with their materials) of
    any of our own applications, whatever its status or year, checked against the current
    catalogue; its title says it is a copy. A received application is refused: only the firm
    that filed it may copy it."""
    with store.writing() as session:
        source = store.application(session, application_id)
        if source.received_at is not None:
            raise TransitionError(
                "这份申报是从申报包收到的，不能复制为新申报：只有填写它的单位可以复制自己的申报"
            )
        definition = get_form(source.kind)
        record = application_record(source)
        salvaged = salvage(definition, _marked_as_copy(definition, record.typed_data()))
        if salvaged is None:  # cannot happen for data that loaded; keep the form as it is
            form, unparsed = record.form, record.unparsed
        else:
            form, unparsed = salvaged
        applicant = source.applicant
        files = [
            Attachment(
                name=a.name, size=a.size, sha256=a.sha256, content=a.content, material=a.material
            )
            for a in source.attachments
        ]
        row = new_application(session, applicant, definition)
        apply_move(row, Status.DRAFT, Move.CREATE)
        fill_content(
            row,
            definition,
            form,
            profile=applicant.profile,
            catalogue_version=store.catalogue.version,
            applicant=applicant,
            unparsed=unparsed,
        )
        if not definition.title_field or not getattr(form, definition.title_field, None):
            row.title = f"{row.title}{COPY_MARK}"[:MAX_TITLE]
        row.attachments = files
        give_number(session, row)
        audit(session, row, actor, "复制为新申报", None, Status.DRAFT, f"复制自 {source.number}")
        refile_attachments(session, row, definition, form, actor)
        session.flush()
        return application_record(row)


def _marked_as_copy(definition: Any, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its title field marked as a copy (it is left alone if that no longer fits:
    the title column then carries the mark)."""
    name = definition.title_field
    value = data.get(name) if name else None
    if not name or not isinstance(value, str) or not value:
        return data
    marked = {**data, name: f"{value}{COPY_MARK}"}
    form = salvage(definition, marked)
    return marked if form is not None and not form[1] else data


def discard_untouched(store: Store, application_id: int, actor: str = SYSTEM_ACTOR) -> bool:
    """Delete a new draft nothing was ever saved into or attached to (Ctrl+N, then closed):
    True if it was discarded. Anything saved, attached or moved since it was made keeps it."""
    with store.writing() as session:
        row = session.get(Application, application_id)
        if row is None:
            return False
        # Its making is the first act on the trail (whatever its wording); any other keeps it.
        acts = session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.application_id == application_id)
        )
        if (acts or 0) > 1 or row.attachments or not can_delete(Status(row.status)):
            return False
        definition = get_form(row.kind)
        if definition.load(row.content.data) != definition.model() or row.content.unparsed:
            return False
        audit(session, row, actor, "删除", Status(row.status), None, "新建后未填写即关闭")
        session.delete(row)
        return True


def delete_draft(store: Store, application_id: int, actor: str = SYSTEM_ACTOR) -> str:
    """Delete a 草稿 or 待提交 application (audited, see ``Store.delete_application``); its
    number and title, for the message that says it is gone."""
    try:
        record = store.load(application_id)
    except NotFound:
        return ""
    store.delete_application(application_id, actor)
    return f"{record.number}“{record.title}”"
