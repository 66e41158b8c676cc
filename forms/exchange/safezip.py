"""Reading a zip that came from outside without trusting it: names, kinds, counts, sizes, ratios.

Nothing is extracted to disk. Members are read into memory, and every size is counted while it
is decompressed: the sizes a zip's headers declare are checked first, then checked again.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass

from forms.core.display import human_size
from forms.exchange.errors import PackageError

CHUNK = 1 << 16
RATIO_FLOOR = 1 << 20  # members below 1 MB are not judged by their compression ratio
DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class ZipLimits:
    max_file_bytes: int
    max_members: int
    max_total_bytes: int
    max_ratio: int  # uncompressed : compressed, beyond which a member is taken for a zip bomb


def name_problem(name: str) -> str | None:
    """Why a member name could write outside its folder (or is no plain file name), or None."""
    if not name:
        return "名称为空"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return "含控制字符"
    if "\\" in name:
        return "含反斜杠“\\”，在 Windows 上会被当作路径分隔符"
    if name.startswith("/"):
        return "是绝对路径"
    if DRIVE.match(name):
        return "含盘符（如 C:），是绝对路径"
    if name.endswith("/"):
        return "是文件夹条目，申报包中只应有文件"
    parts = name.split("/")
    if ".." in parts:
        return "含“..”，会指向申报包以外的位置"
    if any(part in ("", ".") for part in parts):
        return "含空的或“.”路径段"
    if len(name) > 255:
        return "名称过长"
    return None


def _kind_problem(info: zipfile.ZipInfo) -> str | None:
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        return "是符号链接，可能指向本机的其他文件"
    if kind not in (0, stat.S_IFREG):
        return "不是普通文件"
    if info.flag_bits & 0x1:
        return "已加密"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return "使用了不支持的压缩方式"
    return None


class SafeZip:
    """A zip whose table of contents has been checked; members are read with ``read``."""

    def __init__(self, data: bytes, where: str, limits: ZipLimits) -> None:
        self.where = where
        self.limits = limits
        self._read_total = 0
        if len(data) > limits.max_file_bytes:
            raise PackageError(
                "file_too_large",
                f"{where} 过大（{human_size(len(data))}），超过 {human_size(limits.max_file_bytes)}"
                " 的上限，不是本软件导出的文件",
            )
        if not data.startswith(b"PK\x03\x04"):
            raise PackageError(
                "not_zip", f"{where} 不是 zip 格式的文件，请确认选择的是本软件导出的申报文件"
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except Exception as exc:  # zipfile raises many kinds on a damaged table of contents
            raise PackageError(
                "corrupt",
                f"{where} 不完整或已损坏（可能复制或下载没有完成），请重新复制或让对方重新导出",
            ) from exc
        if len(infos) > limits.max_members:
            raise PackageError(
                "too_many_members",
                f"{where} 含 {len(infos)} 个成员，超过 {limits.max_members} 个的上限，"
                "不是本软件导出的文件",
            )
        self._infos: dict[str, zipfile.ZipInfo] = {}
        seen: set[str] = set()
        declared = 0
        for info in infos:
            name = info.filename
            problem = name_problem(info.orig_filename) or name_problem(name)
            if problem:
                raise PackageError(
                    "unsafe_path",
                    f"{where} 中的成员 {name!r} 路径不安全：{problem}。此文件已拒收，请勿解压",
                )
            if problem := _kind_problem(info):
                raise PackageError(
                    "unsafe_member", f"{where} 中的成员 {name} {problem}，此文件已拒收"
                )
            if name.casefold() in seen:
                raise PackageError(
                    "duplicate_member",
                    f"{where} 中的成员 {name} 出现了两次，文件可能被篡改，已拒收",
                )
            seen.add(name.casefold())
            if info.compress_size > len(data) or info.file_size < 0:
                raise PackageError(
                    "corrupt",
                    f"{where} 中的成员 {name} 的大小记录已损坏，请重新复制或让对方重新导出",
                )
            declared += info.file_size
            self._infos[name] = info
        if declared > limits.max_total_bytes:
            raise PackageError(
                "too_large",
                f"{where} 解压后共 {human_size(declared)}，超过 {human_size(limits.max_total_bytes)}"
                " 的上限，请减少或压缩附件后重新导出",
            )

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def read(self, name: str, limit: int, what: str) -> bytes:
        """The member ``name``, at most ``limit`` bytes, counted while decompressing."""
        info = self._infos[name]
        too_large = PackageError(
            "member_too_large",
            f"{self.where} 中的{what} {name} 过大（{human_size(info.file_size)}），"
            f"上限为 {human_size(limit)}；请对方减小后重新导出",
        )
        bomb = PackageError(
            "zip_bomb",
            f"{self.where} 中的成员 {name} 压缩比异常（解压后超过压缩前的 "
            f"{self.limits.max_ratio} 倍），可能是“压缩炸弹”，已拒收",
        )
        ratio_cap = max(RATIO_FLOOR, self.limits.max_ratio * max(info.compress_size, 1))
        if info.file_size > limit:
            raise too_large
        if info.file_size > ratio_cap:
            raise bomb
        chunks: list[bytes] = []
        count = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    count += len(chunk)
                    if count > limit:
                        raise too_large
                    if count > ratio_cap:
                        raise bomb
                    if count > info.file_size:
                        raise PackageError(
                            "corrupt",
                            f"{self.where} 中的成员 {name} 大小不符，请重新复制或让对方重新导出",
                        )
                    chunks.append(chunk)
        except PackageError:
            raise
        except Exception as exc:  # bad CRC, bad deflate stream, mismatched local header…
            raise PackageError(
                "corrupt_member",
                f"{self.where} 中的成员 {name} 已损坏（数据不完整或校验失败），"
                "请重新复制或让对方重新导出",
            ) from exc
        self._read_total += count
        if self._read_total > self.limits.max_total_bytes:
            raise PackageError(
                "too_large",
                f"{self.where} 解压后超过 {human_size(self.limits.max_total_bytes)} 的上限，"
                "请减少或压缩附件后重新导出",
            )
        return b"".join(chunks)
