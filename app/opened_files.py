"""Files given to the program to open (a double click on one, or ``gxapply FILE``): what each
is, judged by its name's ending and by its first bytes. Only read, never written to.

The kinds are those the menus import: a 申报包 (.gxpkg, at the park office), a 审核决定包 (.gxdec,
at the enterprise) and an application file (JSON, 文件 › 导入申报文件). A package whose content
cannot be read is still given to the import of its ending, which explains what is wrong with it
as the menu action would; a file whose ending and content disagree is refused here.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from forms.core.display import one_line
from forms.exchange.container import MANIFEST
from forms.exchange.manifest import PackageType

APPLICATION_SUFFIX = ".json"
MAX_PATH_CHARS = 4096  # longer than any path Windows or Linux opens: not a path a user gave
MAX_MANIFEST_BYTES = 1 << 20  # a manifest is a few KB; more is not worth reading to sniff
SNIFF_BYTES = 64


class OpenedKind(StrEnum):
    """A package's kind is its manifest's type (PackageType), an application file the third."""

    SUBMISSION = PackageType.SUBMISSION.value
    DECISION = PackageType.DECISION.value
    APPLICATION = "application"

    @property
    def suffix(self) -> str:
        if self is OpenedKind.APPLICATION:
            return APPLICATION_SUFFIX
        return PackageType(self.value).suffix

    @property
    def noun(self) -> str:
        name = "申报文件" if self is OpenedKind.APPLICATION else PackageType(self.value).noun
        return f"{name}（{self.suffix}）"


SUFFIXES = {kind.suffix: kind for kind in OpenedKind}
_NOUNS = [kind.noun for kind in OpenedKind]
WHAT_OPENS = f"本程序能打开{'、'.join(_NOUNS[:-1])}和{_NOUNS[-1]}"


@dataclass(frozen=True)
class OpenedFile:
    """One file given to open: its kind, or why it cannot be opened (``problem``)."""

    path: Path
    kind: OpenedKind | None
    problem: str = ""

    @property
    def shown(self) -> str:
        return shown_path(self.path)


def shown_path(path: Path) -> str:
    """A file as messages show it: its name first, then its folder, each on one line whatever
    it holds."""
    return f"“{one_line(path.name)}”（位于 {one_line(str(path.parent))}）"


def classify(text: str) -> OpenedFile:
    """What the file at ``text`` (an absolute path) is; never raises, never writes."""
    shown = one_line(text[:300])
    if not text or "\x00" in text or len(text) > MAX_PATH_CHARS:
        return OpenedFile(Path("."), None, f"“{shown}”不是一个有效的文件位置，未打开。")
    path = Path(text)
    if not path.is_absolute():
        return OpenedFile(path, None, f"“{shown}”不是完整的文件位置，未打开。")
    shown = shown_path(path)
    try:
        regular = path.is_file()
        exists = regular or path.exists()
    except OSError:
        regular = exists = False
    if not exists:
        return OpenedFile(
            path,
            None,
            f"找不到文件{shown}：它可能已被移动、改名或删除。请找到它后重新打开，"
            "或在“文件”菜单中选择相应的导入。",
        )
    if not regular:
        return OpenedFile(path, None, f"{shown}不是文件（是文件夹或设备），未打开。{WHAT_OPENS}。")
    by_name = SUFFIXES.get(path.suffix.lower())
    by_content = _content_kind(path)
    if by_name is None and by_content is None:
        return OpenedFile(
            path,
            None,
            f"无法打开{shown}：{WHAT_OPENS}，这个文件都不是。"
            "若它是别的资料，请在“文件”菜单中选择相应的导入。",
        )
    if by_name is not None and by_content is not None and by_name is not by_content:
        return OpenedFile(
            path,
            None,
            f"无法打开{shown}：文件名表明它是{by_name.noun}，内容却是{by_content.noun}。"
            "文件可能被改过名，请向发送方核实后再导入。",
        )
    kind = by_name or by_content
    assert kind is not None
    return OpenedFile(path, kind)


def classify_all(texts: Iterable[str]) -> list[OpenedFile]:
    return [classify(text) for text in texts]


def _content_kind(path: Path) -> OpenedKind | None:
    """The kind the first bytes show; None when they show none (or cannot be read)."""
    try:
        with path.open("rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError:
        return None
    if head.startswith(b"PK\x03\x04"):
        return _package_kind(path)
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start[:1] in (b"{", b"["):
        return OpenedKind.APPLICATION
    return None


def _package_kind(path: Path) -> OpenedKind | None:
    """A zip's manifest's type, read within a size bound; None if it has no readable one."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(MANIFEST)
            if info.file_size > MAX_MANIFEST_BYTES:
                return None
            manifest = json.loads(archive.read(info))
    except (OSError, KeyError, ValueError, RuntimeError, NotImplementedError, zipfile.BadZipFile):
        return None
    kind = manifest.get("type") if isinstance(manifest, dict) else None
    return OpenedKind(kind) if kind in {t.value for t in PackageType} else None
