"""The zip reader's own refusals, each beside a zip it accepts: sizes, names, kinds, damage."""

from __future__ import annotations

import io
import stat
import warnings
import zipfile

import pytest

from forms.exchange.errors import PackageError
from forms.exchange.safezip import SafeZip, ZipLimits

LIMITS = ZipLimits(max_file_bytes=64_000, max_members=5, max_total_bytes=20_000, max_ratio=50)
WHERE = "申报包 a.gxpkg"


def make_zip(members: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", compression) as archive:
        warnings.simplefilter("ignore")  # a duplicate name warns; here it is the point
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def refusal(data: bytes, read: str | None = None, limit: int = 10_000) -> PackageError:
    with pytest.raises(PackageError) as caught:
        archive = SafeZip(data, WHERE, LIMITS)
        archive.read(read or archive.names[0], limit, "附件")
    assert caught.value.message.startswith(WHERE)
    return caught.value


def test_a_plain_zip_is_read_whole() -> None:
    archive = SafeZip(
        make_zip([("data.json", b"{}"), ("attachments/a.pdf", b"%PDF")]), WHERE, LIMITS
    )
    assert archive.names == ["data.json", "attachments/a.pdf"]
    assert archive.read("attachments/a.pdf", 100, "附件") == b"%PDF"


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened() -> None:
    error = refusal(b"PK\x03\x04" + b"\0" * LIMITS.max_file_bytes)
    assert error.code == "file_too_large"
    assert "上限" in error.message


def test_a_member_named_twice_is_refused_even_when_only_the_case_differs() -> None:
    assert refusal(make_zip([("data.json", b"{}"), ("DATA.json", b"{}")])).code == (
        "duplicate_member"
    )
    SafeZip(make_zip([("data.json", b"{}"), ("data2.json", b"{}")]), WHERE, LIMITS)


def test_a_member_whose_bytes_were_damaged_is_refused_by_its_checksum() -> None:
    content = bytes(range(256)) * 20
    good = make_zip([("a.bin", content)], zipfile.ZIP_STORED)
    assert SafeZip(good, WHERE, LIMITS).read("a.bin", 10_000, "附件") == content
    at = good.index(content[:64]) + 100
    damaged = good[:at] + bytes([good[at] ^ 0xFF]) + good[at + 1 :]
    error = refusal(damaged, "a.bin")
    assert error.code == "corrupt_member"
    assert "重新复制" in error.message


def test_members_declaring_more_than_the_total_limit_are_refused() -> None:
    members = [(f"m{i}.bin", bytes(range(256)) * 30) for i in range(3)]  # 3 × 7,680 bytes
    error = refusal(make_zip(members, zipfile.ZIP_STORED))
    assert error.code == "too_large"
    SafeZip(make_zip(members[:2], zipfile.ZIP_STORED), WHERE, LIMITS)


def test_a_member_over_its_own_limit_is_refused() -> None:
    assert refusal(make_zip([("a.bin", b"x" * 200)]), "a.bin", limit=100).code == (
        "member_too_large"
    )


def test_a_symbolic_link_member_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    assert refusal(buffer.getvalue()).code == "unsafe_member"


def test_more_members_than_allowed_are_refused() -> None:
    members = [(f"m{i}", b"") for i in range(LIMITS.max_members + 1)]
    assert refusal(make_zip(members)).code == "too_many_members"
    SafeZip(make_zip(members[:-1]), WHERE, LIMITS)
