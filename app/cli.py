"""The ``gxapply`` command: the desktop app by default, and batch commands for officers.

This module stays light: Qt is imported only when the desktop app starts, and the batch
commands (app.commands, with the store and the forms) only when one of them runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.exit_codes import EXIT_BAD_INPUT
from db.server_url import mask_passwords
from forms.core.errors import UserError
from forms.core.workflow import Status  # light: an enum, no pydantic

if TYPE_CHECKING:
    from forms.core.issues import FieldIssue

_STATUSES = "、".join(s.label for s in Status)


def _status(text: str) -> str:
    """A status typed as people read it (its label), or as its code."""
    for status in Status:
        if text.strip() in (status.label, status.value):
            return status.value
    raise argparse.ArgumentTypeError(f"没有“{text}”这个状态，可选：{_STATUSES}")


# What the parser gives for none (files: see file_arguments).
NO_ARGUMENTS: dict[str, object] = {"db": None, "self_check": False, "command": None, "files": []}


ARGPARSE_CHINESE = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r 不是可选项（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值",
    "expected one argument": "需要一个值",
}
# argparse looks its messages up through gettext at call time; answer in Chinese.
argparse._ = lambda text: ARGPARSE_CHINESE.get(text, text)  # type: ignore[attr-defined]


class ChineseArgumentParser(argparse.ArgumentParser):
    subcommands: frozenset[str] = frozenset()  # the program's parser: its subcommands' names

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"参数错误：{message}\n请运行 gxapply --help 查看用法\n")


def use_imported_registers() -> None:
    """Read 高新区名录 updates the user imported from the data folder (see forms.core.zones)."""
    from db.location import data_dir
    from forms.core.zones import USER_FOLDER_NAME, set_user_folder

    set_user_folder(data_dir() / USER_FOLDER_NAME)


def cmd_gui(args: argparse.Namespace) -> int:
    from app.gui.main import run  # Qt is imported only here

    return run(args)


def build_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(
        prog="gxapply",
        description="广西高新区创新政策申报助手。不带子命令时启动桌面程序。",
        epilog="gxapply 文件…：用桌面程序打开申报包（.gxpkg）、审核决定包（.gxdec）或申报文件"
        "（.json），即导入它们；程序已打开时交给已打开的窗口。",
    )
    parser.set_defaults(files=[])
    parser.add_argument(
        "--db", metavar="URL", help="数据库地址（默认为用户数据文件夹中的 SQLite 文件）"
    )
    parser.add_argument("--self-check", action="store_true", help="自检：打开数据库和各表单后退出")
    sub = parser.add_subparsers(
        dest="command", metavar="子命令", parser_class=ChineseArgumentParser
    )

    p = sub.add_parser(
        "validate", help="按政策条款检查申报文件，打印自查表；有不符合项时退出码为 1"
    )
    p.add_argument("file", metavar="文件.json")
    p.add_argument("--catalogue", metavar="版本", help="使用指定版本的政策参数目录")
    p.add_argument(
        "--no-store", action="store_true", help="不读取本机数据库（跨申报的限额改为人工核实）"
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(command_name="validate")

    p = sub.add_parser("schema", help="打印某类申报表的 JSON 结构（含栏目、单位与规则）")
    p.add_argument(
        "kind", metavar="类别", help="incubator、new_track、enclave、rd_subsidy 或 applicant"
    )
    p.set_defaults(command_name="schema")

    p = sub.add_parser("kinds", help="列出所有申报表类别")
    p.set_defaults(command_name="kinds")

    p = sub.add_parser("export", help="把本机数据库中的申报导出为 JSON")
    p.add_argument(
        "-o", "--output", required=True, metavar="文件.json", help="输出文件，- 表示打印"
    )
    p.add_argument(
        "--id", type=int, action="append", metavar="编号", help="只导出这些内部编号（可重复）"
    )
    p.add_argument("--kind", metavar="类别")
    p.add_argument("--status", type=_status, metavar="状态", help=f"可选：{_STATUSES}")
    p.add_argument("--collection", action="store_true", help="即使只有一份也按合集格式输出")
    p.set_defaults(command_name="export")

    p = sub.add_parser(
        "pdf",
        help="生成申报材料 PDF：来源为本机数据库中的申报编号/内部编号，或 JSON 申报文件",
    )
    p.add_argument("sources", nargs="+", metavar="编号或文件.json")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="输出",
        help="输出的 PDF 文件；与 --each 同用时为文件夹",
    )
    p.add_argument("--each", action="store_true", help="每份申报单独生成一个 PDF，放在输出文件夹中")
    p.add_argument("--attach", action="store_true", help="把图片和 PDF 附件附在材料后面")
    p.add_argument(
        "--no-store",
        action="store_true",
        help="JSON 文件不读取本机数据库（跨申报的限额改为人工核实）",
    )
    p.set_defaults(command_name="pdf")

    p = sub.add_parser("blank", help="生成某类申报表的空白表及申报材料清单 PDF（备齐材料、起草用）")
    p.add_argument("kind", metavar="类别", help="incubator、new_track、enclave 或 rd_subsidy")
    p.add_argument("-o", "--output", required=True, metavar="文件.pdf", help="输出的 PDF 文件")
    p.set_defaults(command_name="blank")

    p = sub.add_parser("import", help="把 JSON 申报文件导入本机数据库（作为草稿）")
    p.add_argument("file", metavar="文件.json")
    p.set_defaults(command_name="import")

    from app.exchange_cli import add_exchange_commands  # light: argparse only
    from app.server_cli import add_server_commands
    from app.store_cli import add_store_commands

    add_exchange_commands(sub)
    add_store_commands(sub)
    add_server_commands(sub, ChineseArgumentParser)
    parser.subcommands = frozenset(sub.choices)
    return parser


OPTIONS_WITH_VALUE = ("--db",)


def file_arguments(
    arguments: Sequence[str], subcommands: frozenset[str]
) -> tuple[list[str], list[str]]:
    """``gxapply [--db URL] FILE…`` (a double click on a file passes it so): the files as
    absolute paths (the running copy a second start hands them to has its own working folder),
    and the other arguments. When the first word is a subcommand there are no files."""
    options: list[str] = []
    words: list[str] = []
    taking_value = False
    for argument in arguments:
        if taking_value:
            options.append(argument)
            taking_value = False
        elif argument.startswith("-"):
            options.append(argument)
            taking_value = argument in OPTIONS_WITH_VALUE
        else:
            words.append(argument)
    if not words or words[0] in subcommands or not all(map(_names_a_file, words)):
        return [], list(arguments)  # a subcommand, or a mistyped one the parser explains
    return [os.path.abspath(word) for word in words], options


def _names_a_file(word: str) -> bool:
    """A path (a double click always passes a whole one), a name with an ending, or a file
    that is there; not a bare word such as a mistyped subcommand."""
    return "/" in word or os.sep in word or bool(os.path.splitext(word)[1]) or os.path.exists(word)


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    arguments = sys.argv[1:] if argv is None else list(argv)
    # No arguments, the commonest start (a double click): the desktop app, without building
    # the parser and its subcommands first (some 8 ms of a cold start).
    parser = build_parser() if arguments else None
    files, arguments = file_arguments(arguments, parser.subcommands if parser else frozenset())
    args = (
        parser.parse_args(arguments)
        if parser is not None and arguments
        else argparse.Namespace(**NO_ARGUMENTS)
    )
    if files:
        args.files = files
    name = getattr(args, "command_name", None)
    use_imported_registers()
    try:
        if name is None:
            return cmd_gui(args)
        from app.server_login import command_line_url

        args.db = command_line_url(args.db)  # --db is the program's: every command has it
        from app import commands

        return int(getattr(commands, f"cmd_{name}")(args))
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # the one place the command line reports an error
        return report_error(exc)


def report_error(exc: BaseException) -> int:
    """Print an error in Chinese (never a traceback) and return the exit code.

    A ``UserError`` is printed as it is; anything else is a bug and is reported as one.
    """
    if not isinstance(exc, UserError):
        print(
            f"程序内部错误（{exc.__class__.__name__}），未做任何更改。"
            f"请把本信息告知技术支持：{mask_passwords(str(exc))}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    from db.errors import InputError
    from forms.core.document import DocumentError  # only now: the forms are not loaded before
    from forms.exchange.errors import PackageError

    if isinstance(exc, DocumentError):
        print(f"文件有误，未做任何更改：\n{_bullets(exc.issues)}", file=sys.stderr)
    elif isinstance(exc, InputError):
        print(f"填写有误，未保存：\n{_bullets(exc.issues)}", file=sys.stderr)
    elif isinstance(exc, PackageError):
        print(f"未做任何更改：{exc.message}", file=sys.stderr)
    else:
        print(f"错误：{exc.message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _bullets(issues: Sequence[FieldIssue]) -> str:
    return "\n".join(f"  · {issue.describe()}" for issue in issues)


if __name__ == "__main__":
    sys.exit(main())
