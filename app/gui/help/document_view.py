"""A help document (``forms.guide.document``) drawn in a read-only, searchable text view.

The document is built block by block with a text cursor: every piece is inserted as plain
text, never parsed as HTML, so a label or help text shows exactly as declared.
"""

from __future__ import annotations

from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFrameFormat,
    QTextLength,
    QTextListFormat,
    QTextTableFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from forms.guide.document import Heading, HelpDocument, Items, Paragraph, Table

GREY = QColor("#6b7280")
HEADING_SIZES = {1: 1.6, 2: 1.3, 3: 1.12}  # of the body's point size
HEADER_FILL = QColor("#e5e7eb")
MATCH_FILL = QColor("#fde68a")


class HelpView(QTextBrowser):
    """Shows one help document; ``search`` marks every match of a search and goes to the next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.document().setDocumentMargin(16)
        self.heading_positions: list[int] = []  # where each heading starts, in order
        self._query = ""

    # --- drawing ----------------------------------------------------------------------------

    def show_document(self, help_document: HelpDocument) -> None:
        document = self.document()
        document.clear()
        self.heading_positions = []
        cursor = QTextCursor(document)
        base = self.font().pointSizeF()
        self._heading(cursor, help_document.title, base * HEADING_SIZES[1], first=True)
        if help_document.subtitle:
            self._paragraph(cursor, help_document.subtitle, note=True)
        for block in help_document.blocks:
            if isinstance(block, Heading):
                size = base * HEADING_SIZES.get(block.level, 1.0)
                self.heading_positions.append(cursor.position() + 1)
                self._heading(cursor, block.text, size)
            elif isinstance(block, Paragraph):
                self._paragraph(cursor, block.text, note=block.note)
            elif isinstance(block, Items):
                self._items(cursor, block)
            elif isinstance(block, Table):
                self._table(cursor, block)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._query = ""

    @staticmethod
    def _block_format(top: float = 4, bottom: float = 4) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setTopMargin(top)
        fmt.setBottomMargin(bottom)
        return fmt

    def _heading(self, cursor: QTextCursor, text: str, size: float, first: bool = False) -> None:
        char = QTextCharFormat()
        char.setFontPointSize(size)
        char.setFontWeight(QFont.Weight.Bold)
        char.setForeground(QColor("#1e3a8a"))
        if first:
            cursor.setBlockFormat(self._block_format(0, 6))
            cursor.setBlockCharFormat(char)
        else:
            cursor.insertBlock(self._block_format(12, 4), char)
        cursor.insertText(text, char)

    def _paragraph(self, cursor: QTextCursor, text: str, note: bool = False) -> None:
        char = QTextCharFormat()
        char.setFontPointSize(self.font().pointSizeF() * (0.92 if note else 1.0))
        if note:
            char.setForeground(GREY)
        cursor.insertBlock(self._block_format(), char)
        cursor.insertText(text, char)

    def _items(self, cursor: QTextCursor, items: Items) -> None:
        char = QTextCharFormat()
        char.setFontPointSize(self.font().pointSizeF())
        list_format = QTextListFormat()
        list_format.setStyle(
            QTextListFormat.Style.ListDecimal if items.ordered else QTextListFormat.Style.ListDisc
        )
        list_format.setIndent(1)
        for index, text in enumerate(items.items):
            cursor.insertBlock(self._block_format(2, 2), char)
            if index == 0:
                cursor.createList(list_format)
            else:
                block_list = cursor.block().previous().textList()
                if block_list is not None:
                    block_list.add(cursor.block())
            cursor.insertText(text, char)

    def _table(self, cursor: QTextCursor, table: Table) -> None:
        fmt = QTextTableFormat()
        fmt.setCellPadding(4)
        fmt.setCellSpacing(0)
        fmt.setBorder(1)
        fmt.setBorderCollapse(True)  # one thin line between cells, as in the printed table
        fmt.setBorderBrush(QColor("#9ca3af"))
        fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        fmt.setTopMargin(4)
        fmt.setBottomMargin(6)
        fmt.setHeaderRowCount(1)
        fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        widths = table.widths or tuple(1 for _ in table.header)
        total = sum(widths)
        fmt.setColumnWidthConstraints(
            [QTextLength(QTextLength.Type.PercentageLength, 100 * w / total) for w in widths]
        )
        cursor.insertBlock(self._block_format(0, 0))
        grid = cursor.insertTable(len(table.rows) + 1, len(table.header), fmt)
        header_char = QTextCharFormat()
        header_char.setFontWeight(QFont.Weight.Bold)
        header_char.setBackground(HEADER_FILL)
        body = QTextCharFormat()
        for column, text in enumerate(table.header):
            cell = grid.cellAt(0, column)
            cell_format = cell.format()
            cell_format.setBackground(HEADER_FILL)
            cell.setFormat(cell_format)
            cell.firstCursorPosition().insertText(text, header_char)
        for row, cells in enumerate(table.rows, start=1):
            for column, text in enumerate(cells):
                grid.cellAt(row, column).firstCursorPosition().insertText(text, body)
        cursor.movePosition(QTextCursor.MoveOperation.End)

    # --- finding ----------------------------------------------------------------------------

    def go_to_heading(self, index: int) -> None:
        """Scroll to the ``index``-th heading (two parts may have headings of the same text)."""
        if not 0 <= index < len(self.heading_positions):
            return
        position = self.heading_positions[index]
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        self.setTextCursor(cursor)
        # Scroll so the heading is at the top, not merely somewhere on screen.
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
        self.ensureCursorVisible()

    def search(self, query: str) -> int:
        """Mark every match of ``query`` and select the next after the cursor (wrapping);
        the number of matches (0: nothing marked)."""
        query = query.strip()
        marks: list[QTextEdit.ExtraSelection] = []
        document = self.document()
        if query:
            fmt = QTextCharFormat()
            fmt.setBackground(MATCH_FILL)
            found = document.find(query, 0)
            while not found.isNull():
                mark = QTextEdit.ExtraSelection()
                mark.cursor = found  # type: ignore[attr-defined]
                mark.format = fmt  # type: ignore[attr-defined]
                marks.append(mark)
                found = document.find(query, found)
        self.setExtraSelections(marks)
        if not marks:
            self._query = query
            return 0
        start = self.textCursor() if query == self._query else QTextCursor(document)
        after = document.find(query, start)
        if after.isNull():
            after = document.find(query, 0)
        self._query = query
        self.setTextCursor(after)
        self.ensureCursorVisible()
        return len(marks)
