"""我的申报 as a workbook without the GUI: every page of the list, in its order, or nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import pytest
from openpyxl import load_workbook

from app import list_export
from app.list_export import LIST_SHEET, export_list_xlsx, list_batches
from app.table_xlsx import text_width
from db.listing import ListQuery, ListRow, SortKey
from db.repository import Store
from forms import all_forms
from forms.packet import PacketCancelled
from tests.helpers.examples import KINDS, example_document


class Shown(NamedTuple):
    """A list column as app/gui/applications/list_model.py declares one (no Qt here)."""

    header: str
    text: Callable[[ListRow, Mapping[str, str]], str]
    cell: Callable[[ListRow], Any] | None = None
    cell_kind: str = "text"


COLUMNS = (
    Shown("申报编号", lambda row, _: row.number),
    Shown("类别", lambda row, titles: titles[row.kind]),
    Shown("状态", lambda row, _: row.status.label),
    Shown("申请金额（万元）", lambda row, _: "", lambda row: row.requested_amount, "amount"),
)


def kind_titles() -> dict[str, str]:
    return {kind: form.title for kind, form in all_forms().items()}


@pytest.fixture
def store(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}")
    for _ in range(3):
        for kind in KINDS:
            store.import_document(example_document(kind))
    yield store
    store.close()


def test_every_page_is_read_once_in_the_lists_order(store):
    query = ListQuery(sort=SortKey.TITLE, descending=False).unpaged()
    ids = [row.id for batch in list_batches(store, query, batch=5) for row in batch]
    expected = [row.id for row in store.list_page(query._replace(limit=100))]
    assert ids == expected and len(ids) == 3 * len(KINDS)


def test_the_workbook_has_every_row_not_only_the_shown_page(store, tmp_path, monkeypatch):
    monkeypatch.setattr(list_export, "BATCH_ROWS", 2)  # two reads
    target = tmp_path / "list.xlsx"
    query = ListQuery(kind=KINDS[1], limit=1)  # the list's page size does not limit the export
    seen: list[tuple[int, int]] = []
    written = export_list_xlsx(
        store, target, query, COLUMNS, kind_titles(), lambda *p: seen.append(p)
    )
    assert written == 3
    sheet = load_workbook(target)[LIST_SHEET]
    assert sheet.max_row == 4 and seen[-1] == (3, 3)
    assert [c.value for c in sheet[2]][1:3] == [all_forms()[KINDS[1]].title, "草稿"]
    assert sheet.cell(2, 4).number_format == "#,##0.00##"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D4"
    # each column has room for its header and the filter's drop-down button
    for letter, shown in zip("ABCD", COLUMNS, strict=True):
        assert sheet.column_dimensions[letter].width >= text_width(shown.header) + 4, letter


def test_a_cancelled_export_writes_nothing(store, tmp_path):
    target = tmp_path / "list.xlsx"
    with pytest.raises(PacketCancelled):
        export_list_xlsx(store, target, ListQuery(), COLUMNS, kind_titles(), cancelled=lambda: True)
    assert not target.exists()
