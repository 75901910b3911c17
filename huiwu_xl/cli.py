"""The command line: the workbook's buttons on a saved workbook, without Excel.

    huiwu attendance 会议.xlsm --out 输出
    huiwu demo [DIR]

A command whose button writes a sheet writes it into the workbook it is given (atomically, with
a backup; see port/writeback.py); `--read-only` leaves the workbook as it is. Exit code 0 on
success, 2 on bad input (the Chinese message on stderr), 1 for an internal error (details in a
log file), never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import argparse_zh
from .contract import BUTTONS


@dataclass(frozen=True)
class Option:
    """A command's own option; `dest` is the keyword argument the service takes."""

    flags: tuple[str, ...]
    kwargs: dict = field(default_factory=dict)


def _flag(flag: str, help: str) -> Option:
    return Option((flag,), {"action": "store_true", "help": help})


# Options of the commands that take more than a workbook, declared beside their command.
COMMAND_OPTIONS: dict[str, tuple[Option, ...]] = {
    "sign-in": (
        Option(("--name",), {"metavar": "姓名", "help": "签到人姓名（相当于在“签到台”C4 输入）"}),
        Option(("--unit",), {"metavar": "单位", "default": "", "help": "单位（同名时用于区分）"}),
        Option(("--time",), {"dest": "at", "metavar": "时间",
                             "help": "补录纸质签到的签到时间，如 8:31（默认为现在）"}),
    ),
    "mail": (
        _flag("--dry-run", "试运行：只把每封邮件写成 .eml 文件，不发送"),
        _flag("--resend-unconfirmed", "重发状态为“待确认”的邮件（与原邮件完全相同）"),
        _flag("--resend-changed", "把发出后又修改过的附件作为【更正】重发给已收到旧版的单位"),
        _flag("--set-password", "输入发件邮箱的密码并保存到系统凭据管理器（不发送）"),
    ),
    "copies": (
        Option(("--issue",), {"metavar": "材料名称", "help": "先为每位领取人登记一份编号材料（份号接续），再列出未回收材料"}),
        Option(("--level",), {"metavar": "密级", "default": "", "help": "发放材料的密级：公开、内部、秘密、机密"}),
        Option(("--to",), {"metavar": "领取人", "default": "全体", "help": "全体（默认）、主席台，或用、分隔的姓名"}),
    ),
    "replies": (
        Option(("folder",), {"nargs": "?", "metavar": "文件夹", "help": "各单位报回的名单和回执所在文件夹（默认：工作簿旁的 回执）"}),
    ),
    "translation": (
        Option(("--file",), {"dest": "path", "metavar": "文件", "help": "导入时读取的翻译清单（默认：输出文件夹中的 翻译清单.xlsx）"}),
    ),
}
COMMON_DESTS = {"command", "workbook", "out", "read_only"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse_zh.ChineseArgumentParser(
        prog="huiwu", description="huiwu 会务：在 Excel 之外运行工作簿上的各个按钮。改动表格的命令会直接写回所给的工作簿（先备份）。",
        epilog="例：huiwu attendance 会议.xlsm --out 输出　　查看某个命令的说明：huiwu 命令 -h")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令", title="命令")
    parsers: dict[str, argparse.ArgumentParser] = {}
    for b in BUTTONS:
        if b.command in parsers:  # a second button on the same command: its option selects it
            parsers[b.command].add_argument(b.flag, action="store_true", help=f"{b.caption}：{b.help}")
            continue
        p = parsers[b.command] = sub.add_parser(b.command, help=f"{b.caption}：{b.help}", description=f"{b.caption}：{b.help}")
        p.add_argument("workbook", metavar="工作簿", help="已保存的工作簿（.xlsm / .xlsx）")
        p.add_argument("--out", metavar="文件夹", help="输出文件夹（默认：会议信息中的“输出目录”，或工作簿所在文件夹下的 输出/会议名称）")
        p.add_argument("--read-only", action="store_true",
                       help="不改动工作簿：只生成文件，并列出本应写回工作簿的表")
        for option in COMMAND_OPTIONS.get(b.command, ()):
            p.add_argument(*option.flags, **option.kwargs)
    demo = sub.add_parser("demo", help="生成演示工作簿（会议示例.xlsm）并按会议流程运行全部命令",
                          description="生成演示工作簿（会议示例.xlsm）并按会议流程运行全部命令。")
    demo.add_argument("folder", nargs="?", default="huiwu-demo", metavar="文件夹", help="演示文件夹（默认 huiwu-demo）")
    build = sub.add_parser("build-workbook", help="从源代码生成 huiwu.xlsm", description="从源代码生成 huiwu.xlsm。")
    build.add_argument("path", nargs="?", default="huiwu.xlsm", metavar="路径", help="写到哪里（默认 huiwu.xlsm）")
    setup = sub.add_parser("setup-excel", help="把 huiwu.xlsm 和模板放到文件夹，并配置按钮所用的 Python",
                           description="把 huiwu.xlsm 和模板放到文件夹，并配置按钮所用的 Python。")
    setup.add_argument("folder", nargs="?", default=".", metavar="文件夹", help="目标文件夹（默认当前文件夹）")
    _serve_arguments(sub.add_parser("serve", help="启动多台签到服务：各签到台（电脑、平板）共用一个座位池，另有签到看板",
                                    description="启动多台签到服务：各签到台（电脑、平板）共用一个座位池，另有签到看板。"
                                                "签到数据保存在工作簿旁的数据库中，会后用“同步签到”写回工作簿。"))
    return parser


def _serve_arguments(p) -> None:
    from .desk import DEFAULT_PORT

    p.add_argument("workbook", metavar="工作簿", help="会议的工作簿（.xlsm / .xlsx）；签到数据库放在它旁边")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="端口", help=f"端口（默认 {DEFAULT_PORT}）")
    p.add_argument("--lan", action="store_true", help="允许局域网内的其他电脑和平板访问（需输入启动时显示的 PIN）")
    p.add_argument("--max-results", type=int, default=8, metavar="人数", help="每次搜索最多显示的人数（默认 8）")
    p.add_argument("--clock", metavar="时间", help="模拟当前时间，用于演练，如 \"2026-12-03 08:10\"")


def _serve(args) -> None:
    from .desk.serve import serve
    from .problems import InputError, Problem
    from .timeparse import TimeFormatError, parse_datetime

    clock = None
    if args.clock:
        try:
            clock = parse_datetime(args.clock)
        except TimeFormatError as exc:
            raise InputError(Problem("命令行", f"--clock {exc}", place="参数")) from None
    if not 1 <= args.max_results <= 50:
        raise InputError(Problem("命令行", "--max-results 应在 1–50 之间", place="参数"))
    serve(Path(args.workbook), args.port, args.lan, args.max_results, clock)


def command_options(args: argparse.Namespace) -> dict:
    """The parsed options that belong to the command's service (everything but the common ones)."""
    return {k: v for k, v in vars(args).items() if k not in COMMON_DESTS}


def _button(command: str, options: dict):
    """The button a command runs — the one whose option (--apply, --import) is given, else the
    first — and the options left for its macro."""
    candidates = [b for b in BUTTONS if b.command == command]
    chosen = [b for b in candidates if b.flag and options.pop(b.flag.lstrip("-").replace("-", "_"), False)]
    for b in candidates:
        if b.flag:
            options.pop(b.flag.lstrip("-").replace("-", "_"), None)
    return (chosen[0] if chosen else candidates[0]), options


def run_button(command: str, workbook: str | Path, out: str | Path | None = None, options: dict | None = None,
               read_only: bool = False, stdout=None) -> str | None:
    """Runs one button's macro on a saved workbook and commits what it changed into the workbook."""
    from . import macros
    from .errors import Incomplete
    from .port import FileWorkbook

    button, options = _button(command, dict(options or {}))
    port = FileWorkbook(workbook, out, stream=stdout, read_only=read_only)
    try:
        result = getattr(macros, button.macro)(port, **(options or {}))
    except Incomplete:
        for line in port.commit():  # what was done is recorded (the mail log) before the exit code says "not all"
            print(line, file=port.stream)
        raise
    for line in port.commit():
        print(line, file=port.stream)
    return result


def main(argv: list[str] | None = None) -> int:
    from .errors import EXIT_INPUT, EXIT_OK, report

    parser = build_parser()
    if not (sys.argv[1:] if argv is None else argv):
        parser.print_help()
        return EXIT_INPUT
    args = parser.parse_args(argv)
    try:
        if args.command == "demo":
            from .demo import run_demo

            run_demo(Path(args.folder))
        elif args.command == "build-workbook":
            from .build.xlsm import build_workbook

            print(f"已生成：{build_workbook(Path(args.path))}")
        elif args.command == "setup-excel":
            from .build.setup_excel import setup_excel

            print(f"已安装到：{setup_excel(Path(args.folder))}")
        elif args.command == "serve":
            _serve(args)
        else:
            run_button(args.command, args.workbook, args.out, command_options(args), args.read_only)
    except BrokenPipeError:  # the reader of our output went away (`huiwu … | head`): nothing to say to anyone
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except BaseException as exc:  # noqa: BLE001 - the one place every failure becomes a Chinese message
        if isinstance(exc, SystemExit):
            raise
        message, code = report(exc, f"huiwu {' '.join(sys.argv[1:] if argv is None else argv)}")
        print(message, file=sys.stderr)
        return code
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
