"""A draft without its own name yet is called by its form and the day it was begun, never
「未命名…」; once its name field is filled, that name."""

from __future__ import annotations

from dataclasses import replace

from db.repository import Store
from forms.core.display import local_time
from tests.helpers.examples import KINDS, example_document


def test_an_unnamed_draft_is_named_by_its_form_and_day(store: Store):
    for kind in KINDS:
        doc = example_document(kind)
        field = doc.definition.title_field
        assert field
        unnamed = doc.form.model_copy(update={field: None})
        app_id = store.import_document(replace(doc, form=unnamed))
        record = store.load(app_id)
        begun = local_time(record.created_at).date()
        assert record.title == f"{doc.definition.title}（新建 {begun.month}月{begun.day}日）"
        assert "未命名" not in record.title

        store.save_draft(app_id, doc.form.model_dump(mode="json"))  # the name filled in
        assert store.load(app_id).title == getattr(doc.form, field)
