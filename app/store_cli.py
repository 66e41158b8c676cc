"""``gxapply backup``, ``gxapply restore`` and ``gxapply check``: the store's safety, for scripts.

Light on purpose, like app.exchange_cli: the store is imported inside the commands only.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.exit_codes import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS


def add_store_commands(sub: Any) -> None:
    p = sub.add_parser("backup", help="把本机数据（数据库和签名密钥）备份为一个 .gxbak 文件")
    p.add_argument("-o", "--output", required=True, metavar="文件.gxbak", help="备份文件")
    p.set_defaults(command_name="backup")

    p = sub.add_parser(
        "restore", help="从 .gxbak 备份恢复（先检查备份，并自动备份当前数据）；换新电脑时使用"
    )
    p.add_argument("file", metavar="文件.gxbak")
    p.set_defaults(command_name="restore")

    p = sub.add_parser("check", help="数据检查：数据库完整性、关联和附件校验值；有问题时退出码为 1")
    p.set_defaults(command_name="check")


@contextmanager
def _store(args: argparse.Namespace) -> Iterator[Any]:
    from db.repository import Store

    store = Store.open(args.db)
    try:
        yield store
    finally:
        store.close()


def cmd_backup(args: argparse.Namespace) -> int:
    from db.backup import make_backup

    with _store(args) as store:
        info = make_backup(store, Path(args.output))
    print(f"已备份到 {info.path}：{info.describe()}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from app.instance_lock import acquire_instance_lock
    from db.backup import restore_backup
    from db.location import database_url

    # The program holds this lock while it has the store open: restoring under it would leave
    # its windows on replaced data and its signing key out of step with the key file.
    lock = acquire_instance_lock(database_url(args.db))  # LockUnavailable: reported by app.cli
    if lock is None:
        print("错误：本程序正在使用该数据库，请先关闭程序再恢复；未做任何更改", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        with _store(args) as store:
            result = restore_backup(store, Path(args.file))
    finally:
        lock.unlock()
    print(f"已恢复：{result.restored.describe()}")
    if result.safety is not None:
        print(f"恢复前的数据已另存为 {result.safety.path}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from db.check import check_store

    with _store(args) as store:
        report = check_store(store)
    (sys.stdout if report.ok else sys.stderr).write(report.text())
    return EXIT_OK if report.ok else EXIT_PROBLEMS
