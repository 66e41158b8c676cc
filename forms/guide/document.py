"""A help document as plain blocks: headings, paragraphs, lists and tables of plain text.

One structure, drawn twice: as a page in the program (``app.gui.help.document_view``) and as a
PDF (``forms.packet.guide_pdf``). Every piece is plain text, never markup, so a label or a help
text prints exactly as declared.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    level: int  # 1 chapter, 2 section, 3 sub-section
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # a small grey aside (a source, a caveat)


@dataclass(frozen=True)
class Items:
    """A list; ``ordered`` numbers its items (the steps of a task)."""

    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    """Rows of plain cells under a header; ``widths`` are relative column widths."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()


Block = Heading | Paragraph | Items | Table


@dataclass(frozen=True)
class HelpDocument:
    title: str
    blocks: tuple[Block, ...]
    subtitle: str = ""

    def headings(self, level: int | None = None) -> list[str]:
        return [
            b.text
            for b in self.blocks
            if isinstance(b, Heading) and (level is None or b.level == level)
        ]

    def texts(self) -> Iterator[str]:
        """Every piece of text, in reading order (what a search looks through)."""
        yield self.title
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                yield block.text
            elif isinstance(block, Items):
                yield from block.items
            else:
                yield from block.header
                for row in block.rows:
                    yield from row
