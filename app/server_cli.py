"""``gxapply db upgrade`` and ``gxapply db copy``: an office administrator's commands for the
shared store on the office's database server (the README's 办公室数据库服务器 section).

Light on purpose, like app.store_cli: the store is imported inside the commands only.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.exit_codes import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS

if TYPE_CHECKING:
    from db.repository import Store


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
    passphrase: str | None = None
    if any(source_key_folder(source).glob("*.pem")):  # asked first: a copy is not made twice
        passphrase = ask_office_passphrase()
        if passphrase is None:
            print(
                "错误：本机有签名密钥，须设置办公室签名口令才能把它一并转入服务器"
                f"（在终端输入，或用环境变量 {PASSPHRASE_ENV}）；未做任何更改",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
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
    return move_signing_key(source, target, passphrase)


def source_key_folder(source: str) -> Path:
    """Where a SQLite store keeps its key file (``keys`` beside the file)."""
    from sqlalchemy import create_engine

    from db.identity import key_folder

    engine = create_engine(source)
    try:
        return key_folder(engine)
    finally:
        engine.dispose()


PASSPHRASE_ENV = "GXAPPLY_OFFICE_PASSPHRASE"  # for a scripted copy; otherwise asked at the terminal
PASSPHRASE_TRIES = 3  # typed at the terminal: setting it (twice each try) or opening the key


def ask_office_passphrase() -> str | None:
    """The office passphrase the moved key is sealed with: from PASSPHRASE_ENV, or typed twice
    at the terminal (three tries); None without either."""
    from db.office_key import passphrase_problems

    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        problems = passphrase_problems(given)
        if problems:
            print(
                f"错误：环境变量 {PASSPHRASE_ENV} 中的口令不可用：{'；'.join(problems)}",
                file=sys.stderr,
            )
            return None
        return given
    if not sys.stdin.isatty():
        return None
    print("设置办公室签名口令：本园区的签名密钥将由它加密保存在服务器上，每位审核人员签名时输入。")
    for _ in range(PASSPHRASE_TRIES):
        passphrase = getpass.getpass("办公室签名口令：")
        problems = passphrase_problems(passphrase, getpass.getpass("再次输入口令："))
        if not problems:
            return passphrase
        print("；".join(problems), file=sys.stderr)
    return None


def open_signing_key(store: Store) -> str | None:
    """Before a command signs on a server store: open the key kept there with the passphrase
    from PASSPHRASE_ENV, or typed at the terminal (three tries). None once it is open (or on a
    SQLite store, which signs with its key file); otherwise why not, to print and stop before
    anything is changed. The command line may name the variable; the desktop asks by dialog."""
    from db.office_key import (
        WrongPassphrase,
        is_unlocked,
        key_words,
        office_key_info,
        shares_office_key,
        unlock_office_key,
    )

    if not shares_office_key(store) or is_unlocked(store):
        return None
    words = key_words(store)
    info = office_key_info(store)
    if info is None:
        return (
            f"{words.party}的共享数据库中还没有签名密钥，命令行不能创建它。请{words.setter}先在"
            f"桌面程序中签名一次（例如导出一份申报包或审核决定），按提示设置{words.passphrase}，"
            "再运行本命令"
        )
    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        try:
            unlock_office_key(store, given)
        except WrongPassphrase:
            return (
                f"环境变量 {PASSPHRASE_ENV} 中的{words.passphrase}不正确，未能打开{words.key}。"
                "请改正该变量后重试；口令如已更改，请向同事问清现在的口令"
            )
        return None
    if not sys.stdin.isatty():
        return (
            f"签名须先打开{words.key}，但没有给出{words.passphrase}。请在终端中运行本命令，"
            f"按提示输入口令；或在脚本中把口令放在环境变量 {PASSPHRASE_ENV} 中"
        )
    print(f"签名须用{words.key}（指纹 {info.fingerprint}），请输入{words.passphrase}。")
    for _ in range(PASSPHRASE_TRIES):
        try:
            unlock_office_key(store, getpass.getpass(f"{words.passphrase}："))
        except WrongPassphrase as exc:
            print(exc.message, file=sys.stderr)
            continue
        return None
    return f"{PASSPHRASE_TRIES} 次输入的{words.passphrase}都不正确，未能打开{words.key}"


def move_signing_key(source: str, target: str, passphrase: str | None) -> int:
    """The office's signing key moves with its data, sealed with the office passphrase, so the
    enterprises that pinned its fingerprint notice nothing (db.office_key.adopt_desktop_key)."""
    from db.identity import store_id
    from db.office_key import adopt_desktop_key
    from db.repository import Store

    server = Store.open(target)
    try:
        key_path = source_key_folder(source) / f"{store_id(server)}.pem"  # the copied store's id
        if passphrase is None or not key_path.is_file():
            print("本机没有签名密钥文件：服务器上的签名密钥将在第一位审核人员第一次签名时设置。")
            return EXIT_OK
        fingerprint = adopt_desktop_key(server, key_path, passphrase)
    finally:
        server.close()
    print(f"签名密钥已转入服务器，由办公室签名口令加密保存；指纹 {fingerprint}，与原来相同。")
    return EXIT_OK
