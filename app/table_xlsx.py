"""One table as a sheet of an Excel workbook: the writer both Excel exports share.

我的申报 (app/list_export.py) and the office's review queue (app/queue_export.py) hand it their
columns and their rows, a batch at a time. Amounts stay numbers and dates real dates, so the
reader can sum and filter them; text that came from others is always text (a name beginning
with ``=`` is never a formula); the header is frozen, filtered, and columns are as wide as their
text (up to ``MAX_WIDTH``). Knows nothing of Qt.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from unicodedata import east_asian_width

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from forms.packet import PacketCancelled

AMOUNT_FORMAT = "#,##0.00##"  # 万元 to at most 4 decimals, as the forms take them
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"

# A text column grows to its longest text, up to this; longer text is cut at the cell's edge
# (still whole in the cell), so one long title cannot make the sheet unreadable.
MAX_WIDTH = 60

# A cell beginning with one of these is read as a formula by Excel (and by LibreOffice when the
# cell is edited); tab and carriage return hide the sign from a glance at the cell.
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")

Row = TypeVar("Row")


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column of the sheet: its title, its least width, and the value of a row in it."""

    title: str
    width: float  # the least width, in Excel's units: one Latin digit; a Chinese character two
    value: Callable[[Row], Any]
    number_format: str | None = None


def text_cell(sheet: Any, value: Any, number_format: str | None = None) -> Any:
    """A cell that keeps text as text: a string is never read as a formula or an error code."""
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters break the file
        cell = Cell(sheet, value=text)
        cell.data_type = "s"  # openpyxl would make "=…" a formula and "#N/A" an error
        if _FORMULA_START.match(text):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
        return cell
    cell = Cell(sheet, value=value)
    if number_format and value is not None:
        cell.number_format = number_format
    return cell


def text_width(text: str) -> int:
    """Columns ``text`` takes in Excel: two for a Chinese (wide) character, one for others."""
    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


def header_cells(sheet: Any, titles: Sequence[str]) -> list[Any]:
    cells = []
    for title in titles:
        cell = text_cell(sheet, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cells.append(cell)
    return cells


def write_table(
    workbook: Workbook,
    sheet_name: str,
    columns: Sequence[Column[Row]],
    batches: Iterable[Sequence[Row]],
    total: int,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """A sheet ``sheet_name`` of ``columns`` over the rows of ``batches`` (``total`` of them, for
    ``progress``); the number of rows written. ``cancelled`` is asked before each batch."""
    sheet = workbook.create_sheet(sheet_name)
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, [c.title for c in columns]))
    # the header's text, plus room for the filter's drop-down button
    widths = [max(c.width, text_width(c.title) + 4) for c in columns]
    written = 0
    for batch in batches:
        if cancelled():
            raise PacketCancelled
        for row in batch:
            values = [c.value(row) for c in columns]
            sheet.append(
                [text_cell(sheet, v, c.number_format) for v, c in zip(values, columns, strict=True)]
            )
            for index, value in enumerate(values):
                if isinstance(value, str):
                    widths[index] = max(widths[index], min(text_width(value) + 2, MAX_WIDTH))
        written += len(batch)
        if progress is not None:
            progress(written, max(total, written))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{written + 1}"
    return written


def new_workbook() -> Workbook:
    """An empty workbook, built in memory (a few MB for thousands of rows): a write-only one
    would leave its temporary files behind when an export is cancelled or fails half-way."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
