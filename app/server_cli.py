"""``gxapply db upgrade`` and ``gxapply db copy``: an office administrator's commands for the
shared store on the office's database server (the README's 办公室数据库服务器 section).

Light on purpose, like app.store_cli: the store is imported inside the commands only.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from app.exit_codes import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS


def add_server_commands(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("db", help="办公室数据库服务器的管理（由数据库管理员使用）：升级、迁移")
    commands = p.add_subparsers(
        dest="db_command", metavar="操作", required=True, parser_class=parser_class
    )
    up = commands.add_parser(
        "upgrade",
        help="把数据库升级到本程序的版本（服务器上须用数据库所有者的用户；多人同时升级时依次进行）",
    )
    up.add_argument("--url", metavar="URL", help="要升级的数据库地址（默认为本机正在使用的数据库）")
    up.set_defaults(command_name="db_upgrade")
    copy = commands.add_parser(
        "copy",
        help="把本机数据文件（单机使用时的全部数据）复制到服务器上新建并已升级的空数据库，"
        "逐表核对；本机数据文件不变",
    )
    copy.add_argument("--to", required=True, metavar="URL", help="服务器上的目标数据库地址")
    copy.add_argument(
        "--from",
        dest="source",
        metavar="URL",
        help="要复制的本机数据文件地址（默认为本机正在使用的数据库）",
    )
    copy.set_defaults(command_name="db_copy")


def server_url_with_password(url: str) -> str:
    """A server URL with its password: as written, kept in the credential store, or typed at
    the terminal (an administrator's command may ask; without a terminal it is left to the
    server's refusal to say what is missing)."""
    from app.server_login import saved_password
    from db.server_url import is_server, password_of, username_of, with_password

    if not is_server(url) or password_of(url) is not None:
        return url
    password = saved_password(url)
    if password is None and sys.stdin.isatty():
        password = getpass.getpass(f"数据库用户 {username_of(url) or '（未设置）'} 的密码：")
    return with_password(url, password) if password else url


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from db.location import database_url
    from db.schema_admin import upgrade_store

    url = server_url_with_password(args.url) if args.url else database_url(args.db)
    result = upgrade_store(url)
    print(result.describe())
    return EXIT_OK


def cmd_db_copy(args: argparse.Namespace) -> int:
    from app.instance_lock import acquire_instance_lock
    from db.location import database_url
    from db.store_copy import copy_store

    source = database_url(args.source or args.db)
    target = server_url_with_password(args.to)
    # the desktop app holds this lock while it has the store open: a copy taken under it
    # could miss its last saves
    lock = acquire_instance_lock(source)  # LockUnavailable: reported by app.cli
    if lock is None:
        print("错误：本程序正在使用该数据文件，请先关闭程序再复制；未做任何更改", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        report = copy_store(source, target)
    finally:
        lock.unlock()
    (sys.stdout if report.ok else sys.stderr).write(report.text())
    if not report.ok:
        return EXIT_PROBLEMS
    # PG-KEY MERGE POINT (the one call site): adopt this desktop's signing key into the server
    # store, so that enterprises see the office's same fingerprint: db.office_key.adopt_desktop_key(
    # server_store, <keys/<store id>.pem beside the SQLite file>, office passphrase) from pg-key,
    # wired by the lead at merge. Until then the key stays in this desktop's keys folder.
    print("注意：本机的签名密钥尚未转入服务器，请按说明书“办公室数据库服务器”一节处理。")
    return EXIT_OK
