"""Files the user chose or asked for: read with a Chinese refusal, written whole or not at all."""

from __future__ import annotations

from pathlib import Path

from forms.core.errors import UserError, os_error_text

FILE_IN_USE = "文件正被其他程序占用，请关闭后重试"


class FileWriteError(UserError):
    """A file could not be written: the message says which, why and what to do, in Chinese."""


class FileReadError(UserError):
    """A file the user chose could not be read: the message names it and says why, in Chinese."""


def write_file(path: Path, content: bytes) -> None:
    """Write ``content`` whole or not at all: an old file stays intact if the disk is full.

    Tells apart the failure Windows users meet most: the file is open in another program (a PDF
    reader, Excel), which locks it, so the finished ``.part`` cannot replace it.
    """
    temporary = path.with_name(path.name + ".part")
    try:
        temporary.write_bytes(content)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise FileWriteError(
            f"无法写入 {path}：{os_error_text(exc)}。请换一个文件夹，或检查磁盘空间和权限"
        ) from exc
    try:
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, PermissionError):
            raise FileWriteError(f"无法保存 {path}：{FILE_IN_USE}") from exc
        raise FileWriteError(
            f"无法保存 {path}：{os_error_text(exc)}。请换一个文件夹，或检查磁盘空间和权限"
        ) from exc


def make_folder(folder: Path) -> None:
    """``folder`` and its parents, made if missing; refused in Chinese when it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileWriteError(f"无法建立文件夹 {folder}：{os_error_text(exc)}") from exc
