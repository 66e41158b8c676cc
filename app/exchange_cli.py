"""``gxapply package export|import|key`` and ``gxapply decision import``: signed packages.

Light on purpose: ``app.cli`` imports this module to build its parser on every start, so the
store, the forms and the packet renderer are imported inside the commands only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.exit_codes import EXIT_BAD_INPUT, EXIT_OK


def add_exchange_commands(sub: Any) -> None:
    """Add ``package`` and ``decision`` to the ``gxapply`` subcommands ``sub``."""
    p = sub.add_parser("package", help="申报包（.gxpkg）：导出、导入，查看本机密钥指纹")
    actions = p.add_subparsers(
        dest="package_action", metavar="操作", parser_class=type(p), required=True
    )
    q = actions.add_parser(
        "export", help="把一份“待提交”的申报签名导出为申报包（导出后状态为“已提交”）"
    )
    q.add_argument("application", metavar="编号", help="申报编号（GX…）或内部编号")
    q.add_argument(
        "-o", "--output", required=True, metavar="文件.gxpkg", help="输出文件，或已有的文件夹"
    )
    q.add_argument("--no-packet", action="store_true", help="不附申报材料 PDF（packet.pdf）")
    q.set_defaults(command_name="package_export")

    q = actions.add_parser(
        "import", help="园区端：导入申报包（逐个检查，每个要么全部导入、要么不导入）"
    )
    q.add_argument("files", nargs="+", metavar="文件.gxpkg")
    q.add_argument(
        "--accept-key",
        metavar="指纹",
        help="对方更换了密钥、且已通过电话核对新指纹时，填写新指纹以接受（须同时填写 --accept-uscc）",
    )
    q.add_argument(
        "--accept-uscc",
        metavar="统一社会信用代码",
        help="接受新密钥的那一家单位：新密钥只对该单位签名的文件生效",
    )
    q.set_defaults(command_name="package_import")

    q = actions.add_parser("key", help="显示本机签名密钥的指纹（供对方核对）")
    q.set_defaults(command_name="package_key")

    p = sub.add_parser("decision", help="审核决定包（.gxdec）：企业端导入园区的审核决定")
    actions = p.add_subparsers(
        dest="decision_action", metavar="操作", parser_class=type(p), required=True
    )
    q = actions.add_parser("import", help="导入园区的审核决定，更新申报状态和补正理由")
    q.add_argument("file", metavar="文件.gxdec")
    q.add_argument("--accept-key", metavar="指纹", help="园区更换了密钥且已核对新指纹时填写")
    q.set_defaults(command_name="decision_import")


def _refused(message: str) -> int:
    print(f"已拒收，未做任何更改：{message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def cmd_package_export(args: argparse.Namespace) -> int:
    from app.files import write_file
    from app.packets import packet_for
    from app.server_cli import open_signing_key
    from db.exchange import Exchange
    from db.repository import Store
    from forms.packet import render_packet

    store = Store.open(args.db)
    application_id = store.find_application_id(args.application)
    refused = open_signing_key(store)  # a server store's key, before anything is printed
    if refused is not None:
        print(f"错误：{refused}；未做任何更改", file=sys.stderr)
        return EXIT_BAD_INPUT
    packet = None if args.no_packet else render_packet(packet_for(store, application_id))
    exported = Exchange(store).export_package(application_id, packet)  # refusals: app.cli
    target = Path(args.output)
    if target.is_dir():
        target = target / exported.file_name
    write_file(target, exported.content)
    print(f"已导出申报包 {target}（第{exported.revision}版），申报状态为“已提交”")
    return EXIT_OK


def cmd_package_import(args: argparse.Namespace) -> int:
    from app.package_imports import Outcome, import_packages
    from db.repository import Store
    from db.trust import KeyAcceptance

    if bool(args.accept_key) != bool(args.accept_uscc):
        return _refused(
            "接受新密钥须同时填写新指纹（--accept-key）和该单位的统一社会信用代码（--accept-uscc）"
        )
    accept = KeyAcceptance(args.accept_key, args.accept_uscc) if args.accept_key else None
    store = Store.open(args.db)
    try:  # the GUI's batch: a file that finds the store busy is retried, never the rest dropped
        run = import_packages(
            store, "submission", [Path(name) for name in args.files], accept_key=accept
        )
    finally:
        store.close()
    worst = EXIT_OK
    for row in run.rows:
        if row.outcome is Outcome.REFUSED:
            worst = _refused(row.message)
            continue
        print(row.message)
        for note in row.notes:
            print(f"注意：{note}")
    if run.stopped:
        print(f"导入中止：{run.stopped}；其余文件未导入", file=sys.stderr)
        return EXIT_BAD_INPUT
    return worst


def cmd_package_key(args: argparse.Namespace) -> int:
    from db.identity import own_public_key
    from db.office_key import key_words
    from db.repository import Store
    from forms.exchange.signing import fingerprint

    store = Store.open(args.db)
    public_key = own_public_key(store)  # no passphrase needed for the public half
    if public_key is None:  # a server store before its first signature
        words = key_words(store)
        print(
            f"{words.party}的共享数据库中还没有签名密钥：{words.setter}在桌面程序中第一次签名时"
            f"设置{words.passphrase}，程序即创建密钥"
        )
        return EXIT_OK
    print(f"本机签名密钥指纹：{fingerprint(public_key)}")
    return EXIT_OK


def cmd_decision_import(args: argparse.Namespace) -> int:
    from db.decisions import Decisions
    from db.repository import Store
    from db.trust import KeyAcceptance
    from forms.exchange.container import read_package_file
    from forms.exchange.decision_package import read_decision

    path = Path(args.file)
    decisions = Decisions(Store.open(args.db))
    data = read_package_file(path, "审核决定包")  # a refused package is reported by app.cli
    accept = None
    if args.accept_key:  # one file: the new key is accepted for its signer (code and zone)
        signer = read_decision(data, path.name).signer
        accept = KeyAcceptance(args.accept_key, signer.uscc, signer.hitech_zone)
    result = decisions.import_decision(data, path.name, accept_key=accept)
    print(result.describe())
    for reason in result.decision.reasons:
        print(f"  · {reason.label}：{reason.message}")
    return EXIT_OK
