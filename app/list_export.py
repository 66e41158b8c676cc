"""我的申报 as an Excel workbook (.xlsx): the list as it is shown, for the enterprise's own records.

Its rows are the list's query (filters, search and order as chosen, every page); its columns are
the list's own (``ListColumn`` in app/gui/applications/list_model.py, handed in as ``Shown``):
codes as their labels (类别 the form's title, 状态 its Chinese name), amounts numbers and times
real dates. The sheet is written by app/table_xlsx.py, as the office's queue export is; the file
is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from app.files import write_file
from app.table_xlsx import (
    AMOUNT_FORMAT,
    DATETIME_FORMAT,
    Column,
    new_workbook,
    workbook_bytes,
    write_table,
)
from db.listing import DENSE_SEARCH_HITS, ListQuery, ListRow
from db.repository import Store
from forms.packet import PacketCancelled

LIST_SHEET = "我的申报"
BATCH_ROWS = 500  # rows per read: each read is short, the store is never held while writing

# A column's ``cell_kind`` as a number format; text columns have none.
CELL_FORMATS = {"amount": AMOUNT_FORMAT, "datetime": DATETIME_FORMAT, "integer": "0"}


class Shown(Protocol):
    """A column as a list shows it (``ListColumn``)."""

    @property
    def header(self) -> str: ...
    @property
    def text(self) -> Callable[[ListRow, Mapping[str, str]], str]: ...
    @property
    def cell(self) -> Callable[[ListRow], Any] | None: ...
    @property
    def cell_kind(self) -> str: ...


def sheet_columns(shown: Sequence[Shown], titles: Mapping[str, str]) -> list[Column[ListRow]]:
    """The sheet's columns: each shown column's header, and its value (a number or date where
    it has one, else the text the list shows); as wide as their header and text (write_table)."""
    columns = []
    for column in shown:
        value = column.cell if column.cell is not None else _text_of(column.text, titles)
        columns.append(Column(column.header, 0, value, CELL_FORMATS.get(column.cell_kind)))
    return columns


def _text_of(
    text: Callable[[ListRow, Mapping[str, str]], str], titles: Mapping[str, str]
) -> Callable[[ListRow], str]:
    return lambda row: text(row, titles)


def list_batches(
    store: Store, query: ListQuery, batch: int | None = None
) -> Iterator[list[ListRow]]:
    """Every application ``query`` matches, in its order, ``batch`` (BATCH_ROWS) at a time (ties
    in the order are broken by id, so the pages never overlap)."""
    batch = batch or BATCH_ROWS
    query = query._replace(limit=batch)
    dense = bool(query.search.strip()) and store.count_applications(query) > DENSE_SEARCH_HITS
    offset = 0
    while True:
        rows = store.list_page(query._replace(offset=offset), dense=dense)
        if rows:
            yield rows
        if len(rows) < batch:
            return
        offset += len(rows)


def list_workbook(
    store: Store,
    query: ListQuery,
    shown: Sequence[Shown],
    titles: Mapping[str, str],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> tuple[bytes, int]:
    """The workbook's bytes and the number of applications in it."""
    query = query.unpaged()
    total = store.count_applications(query)
    if progress is not None:
        progress(0, total)
    workbook = new_workbook()
    columns = sheet_columns(shown, titles)
    batches = list_batches(store, query)
    written = write_table(workbook, LIST_SHEET, columns, batches, total, progress, cancelled)
    return workbook_bytes(workbook), written


def export_list_xlsx(
    store: Store,
    target: Path,
    query: ListQuery,
    shown: Sequence[Shown],
    titles: Mapping[str, str],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Write the applications ``query`` matches (all of them, whatever its page) in ``shown``'s
    columns to ``target``; the number of rows written. app.files.FileWriteError says why a file
    could not be written (then nothing is left behind); PacketCancelled when ``cancelled``."""
    content, written = list_workbook(store, query, shown, titles, progress, cancelled)
    if cancelled():
        raise PacketCancelled
    write_file(target, content)
    return written
