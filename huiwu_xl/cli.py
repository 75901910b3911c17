"""The command line: the workbook's buttons on a saved workbook, without Excel.

    huiwu attendance 会议.xlsm --out 输出
    huiwu demo [DIR]

Exit code 0 on success, 2 on bad input (the Chinese message on stderr).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .contract import BUTTONS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="huiwu", description="huiwu 会务：在 Excel 之外运行工作簿上的各个按钮。")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for b in BUTTONS:
        p = sub.add_parser(b.command, help=f"{b.caption}：{b.help}")
        p.add_argument("workbook", help="已保存的工作簿（.xlsm / .xlsx）")
        p.add_argument("--out", help="输出文件夹（默认：工作簿所在文件夹下的 输出/会议名称）")
        EXTRA_ARGUMENTS.get(b.command, lambda _p: None)(p)
    demo = sub.add_parser("demo", help="生成演示工作簿并运行全部命令")
    demo.add_argument("folder", nargs="?", default="huiwu-demo", help="演示文件夹（默认 huiwu-demo）")
    build = sub.add_parser("build-workbook", help="从源代码生成 huiwu.xlsm")
    build.add_argument("path", nargs="?", default="huiwu.xlsm")
    setup = sub.add_parser("setup-excel", help="把 huiwu.xlsm 复制到文件夹，并配置按钮所用的 Python")
    setup.add_argument("folder", nargs="?", default=".")
    _serve_arguments(sub.add_parser("serve", help="启动多台签到服务：各签到台（电脑、平板）共用一个座位池，另有签到看板"))
    return parser


def _serve_arguments(p) -> None:
    from .desk.serve import DEFAULT_PORT

    p.add_argument("workbook", help="会议的工作簿（.xlsm / .xlsx）；签到数据库放在它旁边")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"端口（默认 {DEFAULT_PORT}）")
    p.add_argument("--lan", action="store_true", help="允许局域网内的其他电脑和平板访问（需输入启动时显示的 PIN）")
    p.add_argument("--max-results", type=int, default=8, metavar="N", help="每次搜索最多显示的人数（默认 8）")
    p.add_argument("--clock", metavar="时间", help="模拟当前时间，用于演练，如 \"2026-12-03 08:10\"")


# Sub-commands that take more than a workbook register their options here.
EXTRA_ARGUMENTS: dict = {}
# … and how those options reach the port (e.g. a name typed at the sign-in desk).
PREPARE_PORT: dict = {}


def _mail_arguments(p) -> None:
    p.add_argument("--dry-run", action="store_true", help="试运行：只把每封邮件写成 .eml 文件，不发送")
    p.add_argument("--resend-unconfirmed", action="store_true", help="重发状态为“待确认”的邮件（与原邮件完全相同）")
    p.add_argument("--set-password", action="store_true", help="输入发件邮箱的密码并保存到系统凭据管理器（不发送）")


EXTRA_ARGUMENTS["mail"] = _mail_arguments
PREPARE_PORT["mail"] = lambda port, args: setattr(port, "mail_options", {
    "dry_run": args.dry_run, "resend_unconfirmed": args.resend_unconfirmed, "set_password": args.set_password})


def _copies_arguments(p) -> None:
    p.add_argument("--issue", metavar="材料名称", help="先为每位领取人登记一份编号材料（份号接续），再列出未回收材料")
    p.add_argument("--level", default="", metavar="密级", help="发放材料的密级：公开、内部、秘密、机密")
    p.add_argument("--to", default="全体", metavar="领取人", help="全体（默认）、主席台，或用、分隔的姓名")


def _issue_copies(port, args) -> None:
    if args.issue:
        from .services.copies import issue_copies

        print(issue_copies(port, args.issue, args.level, args.to), file=port.stream)


EXTRA_ARGUMENTS["copies"] = _copies_arguments
PREPARE_PORT["copies"] = _issue_copies


def _sign_in_arguments(p) -> None:
    p.add_argument("--name", help="签到人姓名（相当于在“签到台”C4 输入）")
    p.add_argument("--unit", default="", help="单位（同名时用于区分）")


EXTRA_ARGUMENTS["sign-in"] = _sign_in_arguments
PREPARE_PORT["sign-in"] = lambda port, args: setattr(port, "desk_entry", (args.name, args.unit)) if args.name else None


def run_button(command: str, workbook: str, out: str | None, args=None, stdout=None) -> str | None:
    from . import macros
    from .port import FileWorkbook

    button = next(b for b in BUTTONS if b.command == command)
    path = Path(workbook)
    if not path.exists():
        from .problems import InputError, Problem

        raise InputError(Problem(path.name, f"找不到工作簿文件 {path}"))
    port = FileWorkbook(path, out, stream=stdout)
    if command in PREPARE_PORT and args is not None:
        PREPARE_PORT[command](port, args)
    result = getattr(macros, button.macro)(port)
    for written in port.close():
        print(f"已写入：{written}", file=port.stream)
    return result


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


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .problems import InputError

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
            run_button(args.command, args.workbook, args.out, args)
    except InputError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except OSError as exc:
        if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError)):
            print(f"无法读写文件：{exc.filename or exc}（{exc.strerror}）", file=sys.stderr)
            return 2
        raise
    except Exception as exc:
        if type(exc).__module__.startswith(("python_calamine", "zipfile")) or "calamine" in type(exc).__name__.lower():
            print(f"无法读取工作簿：{exc}。请确认文件是 Excel 工作簿（.xlsx/.xlsm）且未损坏。", file=sys.stderr)
            return 2
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
