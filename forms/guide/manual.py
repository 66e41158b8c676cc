"""The 用户手册: our own text in ``resources/manual/manual.md``, read into a help document.

The file is a small subset of Markdown: ``#`` the title, ``##`` and ``###`` headings, ``1.``
steps, ``-`` items, ``>`` a note, and paragraphs. A name in 「…」 is a menu, button, page or tab
of the program (「文件 › 新建申报」 a menu and its entry): ``quoted_names`` lists them, and a test
checks each against the real windows, so the manual cannot name a command that is not there.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from forms.core.resources import resources_dir
from forms.guide.document import Block, Heading, HelpDocument, Items, Paragraph

MANUAL_FILE = "manual/manual.md"
QUOTED = re.compile(r"「([^」]+)」")
MENU_STEP = " › "


def manual_path() -> Path:
    return resources_dir() / MANUAL_FILE


def parse_manual(text: str) -> HelpDocument:
    """The manual's text as a document (see the module's note for what it may hold)."""
    title = ""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []
    ordered = False

    def flush() -> None:
        nonlocal items
        if paragraph:
            note = paragraph[0].startswith("> ")
            blocks.append(Paragraph("".join(p.removeprefix("> ") for p in paragraph), note=note))
            paragraph.clear()
        if items:
            blocks.append(Items(tuple(items), ordered))
            items = []

    for raw in text.splitlines():
        line = raw.strip()
        step = re.match(r"^\d+\.\s+(.*)$", line)
        if not line:
            flush()
        elif line.startswith("#"):
            flush()
            marks, _, heading = line.partition(" ")
            if len(marks) == 1 and not title:
                title = heading.strip()
            else:
                blocks.append(Heading(len(marks), heading.strip()))
        elif step or line.startswith("- "):
            if paragraph or (items and ordered != bool(step)):
                flush()
            ordered = bool(step)
            items.append(step.group(1) if step else line[2:].strip())
        elif items:  # a continuation of the last item
            items[-1] += line
        else:
            paragraph.append(line)
    flush()
    return HelpDocument(title=title or "用户手册", blocks=tuple(blocks))


@cache
def load_manual() -> HelpDocument:
    return parse_manual(manual_path().read_text(encoding="utf-8"))


def quoted_names(document: HelpDocument) -> list[tuple[str, ...]]:
    """Every name the document quotes in 「…」, as its menu path (one step for a button)."""
    found: dict[tuple[str, ...], None] = {}
    for text in document.texts():
        for name in QUOTED.findall(text):
            found[tuple(part.strip() for part in name.split(MENU_STEP))] = None
    return list(found)
