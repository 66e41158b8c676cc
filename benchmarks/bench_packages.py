"""Importing 1,000 submission packages into a fresh park-office store, and opening the review
queue with them. Prints its figures.

Targets (issue 5): import 1,000 packages in under 60 s; the queue's first page and count at once.
The import is timed three ways: Exchange.import_package in a loop; the files read from a folder
by app/package_imports.import_packages, the worker the GUI's 导入申报包 dialog runs; and (unless
--no-dialog) that dialog itself, offscreen, with the longest the GUI thread went unserved.
Each package comes from another firm (its own code, name and key, as 1,000 enterprise copies
would send them), made from the four example forms with varied titles; one in four carries a
200 KB attachment. The office has not set its own 高新区, so packages to every zone come in.
Run: .venv/bin/python -m benchmarks.bench_packages [--packages 1000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from app.package_imports import import_packages
from benchmarks.timing import median_and_worst
from db.exchange import Exchange
from db.listing import SortKey, review_query
from db.repository import Store
from db.review import Review
from forms import all_forms
from forms.core.document import ApplicationDocument, AttachmentData
from forms.core.uscc import ALPHABET, with_check_character
from forms.core.workflow import Status
from forms.exchange.manifest import Party, Role
from forms.exchange.signing import SigningKey
from forms.exchange.submission import build_submission
from tests.conftest import example_document
from tests.helpers.materials import plus_required_materials

PACKET = b"%PDF-1.7\n" + b"0" * 40_000  # a stand-in for a printed packet of some pages


def firm_code(rng: random.Random, first: str) -> str:
    """A valid 统一社会信用代码 of the same kind as ``first`` (its first 8 characters kept)."""
    body = "".join(rng.choice(ALPHABET) for _ in range(9))
    return with_check_character(first[:8] + body)


def packages(count: int, seed: int = 5) -> list[bytes]:
    rng = random.Random(seed)
    examples = [example_document(kind) for kind in all_forms()]
    built = []
    for i in range(count):
        doc = examples[i % len(examples)]
        definition = doc.definition
        applicant = doc.applicant.model_copy(
            update={
                "uscc": firm_code(rng, doc.applicant.uscc or ""),  # type: ignore[attr-defined]
                "name": f"{doc.applicant.name}{i:04d}",  # type: ignore[attr-defined]
            }
        )
        title = f"{definition.title_of(doc.form)}（{i:04d}）"[:100]
        form = doc.form.model_copy(update={definition.title_field: title})
        attachments = (
            (AttachmentData("证明材料.pdf", b"%PDF-1.4\n" + rng.randbytes(200_000)),)
            if i % 4 == 0
            else ()
        )
        # with a file for each material its answers require, as a package that passes the
        # office's check must carry them
        varied: ApplicationDocument = plus_required_materials(
            replace(
                doc,
                applicant=applicant,
                form=form,
                attachments=attachments,
                uid=str(uuid.uuid4()),
                number=f"GX2026{i:07d}",
            )
        )
        key = SigningKey.generate()
        built.append(
            build_submission(
                varied,
                key=key,
                signer=Party(
                    role=Role.ENTERPRISE,
                    name=applicant.name,  # type: ignore[attr-defined]
                    uscc=applicant.uscc,  # type: ignore[attr-defined]
                    hitech_zone=applicant.hitech_zone,  # type: ignore[attr-defined]
                    public_key=key.public_key,
                ),
                package_id=str(uuid.uuid4()),
                revision=1,
                created_at=datetime.now(UTC),
                catalogue_version="2024-再次征求意见稿",
                addressed_to=applicant.hitech_zone,  # type: ignore[attr-defined]
                packet_pdf=PACKET,
            )
        )
    return built


def import_each(exchange: Exchange, files: list[bytes]) -> tuple[float, list[float]]:
    """Import ``files`` one by one, each in its own transaction: seconds in all, and each
    import's milliseconds, sorted (median, 95th percentile and slowest read from it)."""
    each = []
    start = time.perf_counter()
    for index, data in enumerate(files):
        began = time.perf_counter()
        exchange.import_package(data, f"{index}.gxpkg")
        each.append((time.perf_counter() - began) * 1000)
    total = time.perf_counter() - start
    return total, sorted(each)


def through_worker(files: list[bytes], folder: Path) -> None:
    """The files as the office gets them, imported by the dialog's worker into a fresh store."""
    mail = folder / "mail"
    mail.mkdir()
    paths = []
    for index, data in enumerate(files):
        path = mail / f"{index:04d}.gxpkg"
        path.write_bytes(data)
        paths.append(path)
    store = Store.open(f"sqlite:///{folder / 'worker.sqlite3'}")
    Exchange(store).fingerprint  # noqa: B018
    reports: list[int] = []
    start = time.perf_counter()
    run = import_packages(store, "submission", paths, progress=lambda done, _: reports.append(done))
    total = time.perf_counter() - start
    store.close()
    print(
        f"经导入对话框的后台函数从文件夹导入 {len(paths):,} 个文件（读文件 + 同上）："
        f"{total:.1f} s（目标 < 60 s）；{run.summary()}；进度报告 {len(reports)} 次"
    )


def through_dialog(folder: Path) -> None:
    """The 导入申报包 dialog, offscreen, on the files of through_worker, into a fresh store."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from app.gui.exchange.package_import import PackageImportDialog

    qInstallMessageHandler(  # the offscreen platform's notices are not the dialog's
        lambda _mode, _context, text: None if "propagateSizeHints" in text else print(text)
    )
    app = QApplication.instance() or QApplication([])
    paths = sorted((folder / "mail").iterdir())
    store = Store.open(f"sqlite:///{folder / 'dialog.sqlite3'}")
    Exchange(store).fingerprint  # noqa: B018
    dialog = PackageImportDialog(store, "submission", paths)
    dialog.show()
    app.processEvents()  # its first frame (fonts loaded, laid out) is not the import's
    loop = QEventLoop()
    gaps: list[int] = []  # while importing
    after: list[int] = []  # the first tick after the results came: filling the table
    clock = QElapsedTimer()
    tick = QTimer()
    tick.setInterval(10)

    # How long since the GUI thread last ran this 10 ms timer. The worker holds the GIL but
    # lets go every few ms; the longest waits measured were Python's full (generation 2)
    # garbage collections, which stop every thread of the process.
    def served() -> None:
        (gaps if dialog.run is None else after).append(clock.restart())

    tick.timeout.connect(served)
    start = time.perf_counter()
    clock.start()
    tick.start()
    dialog.start()
    check = QTimer()
    check.timeout.connect(lambda: loop.quit() if dialog.job is None else None)
    check.start(50)
    loop.exec()
    total = time.perf_counter() - start
    tick.stop()
    app.processEvents()
    print(
        f"导入申报包对话框（屏幕外）导入同样 {len(paths):,} 个文件：{total:.1f} s；"
        f"导入期间界面线程最长 {max(gaps)} ms 未响应（10 ms 定时器）；"
        f"显示 {dialog.model.rowCount():,} 行结果表 {after[0] if after else 0} ms"
    )
    dialog.close()
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--packages", type=int, default=1000)
    parser.add_argument("--no-dialog", action="store_true", help="不计时屏幕外的导入对话框")
    args = parser.parse_args()
    start = time.perf_counter()
    files = packages(args.packages)
    size = sum(len(f) for f in files)
    print(
        f"生成 {len(files):,} 个申报包：{time.perf_counter() - start:.1f} s"
        f"（共 {size / 1024 / 1024:.1f} MB）"
    )
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'office.sqlite3'}"
        store = Store.open(url)
        exchange = Exchange(store)
        exchange.fingerprint  # noqa: B018 (the office's key exists before the clock starts)
        total, each = import_each(exchange, files)
        print(
            f"导入 {len(files):,} 个申报包（逐个检查、验签、重新按规则检查、各一个事务）："
            f"{total:.1f} s（目标 < 60 s）；每个中位数 {statistics.median(each):.1f} ms，"
            f"95% {each[int(len(each) * 0.95)]:.1f} ms，最慢 {each[-1]:.1f} ms"
        )
        store.close()
        through_worker(files, Path(folder))
        if not args.no_dialog:
            through_dialog(Path(folder))

        began = time.perf_counter()
        cold = Store.open(url)
        rows, count = Review(cold).queue()
        print(
            f"打开审核队列（打开数据库 + 第一页 {len(rows)} 行 + 总数 {count:,}）："
            f"{(time.perf_counter() - began) * 1000:.1f} ms"
        )
        review = Review(cold)
        for label, query in {
            "第一页+总数，按收到时间倒序": review_query(),
            "只看“已提交”": review_query(status=Status.SUBMITTED),
            "按类别筛选，按申报单位排序": review_query(kind="incubator", sort=SortKey.APPLICANT),
            "翻到最后一页": review_query(offset=max(0, count - 50)),
        }.items():
            med, worst = median_and_worst(lambda q=query: review.queue(q))
            print(f"  {label}：中位数 {med:.2f} ms，最慢 {worst:.2f} ms")
        cold.close()


if __name__ == "__main__":
    main()
