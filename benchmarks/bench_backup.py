"""Backing up, checking and restoring a store of 100,000 applications. Prints its figures.

Target (issue 11): print the time to back up and to restore a store of 100,000 applications
(no figure is set, so the figures are printed only): 立即备份 (make_backup, and the file's
size), the whole-file check 从备份恢复 makes first (read_backup deep), the restore onto a fresh
store in another folder (迁移到新电脑; restore_backup also checks the file again and takes a
safety backup of the store it replaces), and 数据检查 (check_store).
Run: .venv/bin/python -m benchmarks.bench_backup [--rows 100000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from benchmarks.bench_attachments import MB, noise_jpeg, scanned_pdf
from benchmarks.bench_store import populate
from db.backup import make_backup, read_backup, restore_backup
from db.check import check_store
from db.exchange import Exchange
from db.repository import ListQuery, Store
from tests.conftest import example_document
from tests.unit.forms.test_packet import pdf_bytes

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def add_attachments(store: Store) -> tuple[int, int]:
    """A few real attachments on new drafts (the bulk rows have none): how many, their bytes."""
    files = {
        "营业执照.pdf": pdf_bytes(2, "BUSINESS LICENCE"),
        "场地照片.jpg": noise_jpeg(3 * MB, seed=1, size=(2480, 3508)),
        "审计报告（扫描件）.pdf": scanned_pdf(40, 10 * MB),
        "孵化协议.pdf": scanned_pdf(10, 2 * MB),
    }
    for number, (name, content) in enumerate(files.items()):
        app_id = store.import_document(example_document(("incubator", "rd_subsidy")[number % 2]))
        store.add_attachment(app_id, name, content)
    return len(files), sum(len(content) for content in files.values())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        old_pc, new_pc, usb = Path(folder) / "旧电脑", Path(folder) / "新电脑", Path(folder) / "U盘"
        store = Store.open(f"sqlite:///{old_pc / 'store.sqlite3'}")
        fingerprint = Exchange(store).fingerprint  # this copy's signing key, made now
        seconds = populate(store, args.rows)
        print(f"批量写入 {args.rows:,} 份申报：{seconds:.2f} s")
        attachments, attached = add_attachments(store)
        with store.engine.begin() as connection:  # as the store does after a bulk import
            connection.exec_driver_sql("ANALYZE")
        total = store.count_applications(ListQuery())
        database = old_pc / "store.sqlite3"
        print(
            f"数据库：{total:,} 份申报，其中 {attachments} 个附件共 {attached / MB:.1f} MB；"
            f"数据库文件 {database.stat().st_size / MB:.1f} MB"
        )

        info, seconds = timed(lambda: make_backup(store, usb / "迁移备份"))
        print(
            f"立即备份（联机备份 + 压缩 + 校验值）：{seconds:.2f} s；备份文件 {info.size / MB:.1f} MB"
        )

        _, seconds = timed(lambda: read_backup(info.path, deep=True))
        print(f"恢复前检查备份文件（逐项校验 SHA-256 + 数据库完整性检查）：{seconds:.2f} s")

        target = Store.open(f"sqlite:///{new_pc / 'store.sqlite3'}")
        Exchange(target).fingerprint  # noqa: B018 (a fresh copy has a key of its own)
        result, seconds = timed(lambda: restore_backup(target, info.path))
        print(f"恢复到新电脑上的空数据库（含再次检查、安全备份、写入、迁移）：{seconds:.2f} s")
        target.close()
        reopened, seconds = timed(lambda: Store.open(f"sqlite:///{new_pc / 'store.sqlite3'}"))
        same = (
            reopened.count_applications(ListQuery()) == total
            and Exchange(reopened).fingerprint == fingerprint
            and result.restored.applications == total
        )
        print(
            f"恢复后重新打开：{seconds * 1000:.0f} ms；申报 {reopened.count_applications(ListQuery()):,} 份，"
            f"签名密钥{'相同' if same else '不同（有误）'}"
        )
        reopened.close()

        report, seconds = timed(lambda: check_store(store))
        verdict = "未发现问题" if report.ok else f"发现 {len(report.problems)} 个问题"
        print(f"数据检查（完整性 + 关联 + 内容 + 附件校验值）：{seconds:.2f} s；{verdict}")

        # 从备份恢复 on the same PC: the safety backup is now of a full store.
        result, seconds = timed(lambda: restore_backup(store, info.path))
        print(
            f"在原电脑上从备份恢复（替换 {total:,} 份申报，含安全备份 "
            f"{(result.safety.size if result.safety else 0) / MB:.1f} MB）：{seconds:.2f} s"
        )
        store.close()


if __name__ == "__main__":
    main()
