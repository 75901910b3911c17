"""Every failure in Chinese: what the user reads instead of a traceback, and where the details went.

The command line and the Excel path both call `describe` for the message and `log_failure` for
the details, so a clerk never sees Python and support still gets the whole story.
"""
from __future__ import annotations

import errno
import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

from .problems import InputError

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_INCOMPLETE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class Incomplete(Exception):
    """The command did its part and recorded it, but the job is not done (a refused login, a
    refused message): the command line exits non-zero after writing the workbook."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

_OS_ERRORS = {
    errno.ENOENT: "找不到文件或文件夹",
    errno.EACCES: "没有权限（文件可能正被其他程序打开，或文件夹只读）",
    errno.EPERM: "没有权限（文件可能正被其他程序打开，或文件夹只读）",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EROFS: "磁盘或文件夹只读",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
    errno.EEXIST: "同名文件已存在",
    errno.EINVAL: "文件名或路径中含有不允许的字符",
    errno.EBUSY: "文件正被其他程序占用",
    errno.EIO: "读写磁盘出错",
}


def log_folder() -> Path:
    """Where failure details go: %LOCALAPPDATA%\\huiwu\\日志 on Windows, ~/.cache/huiwu/日志 elsewhere."""
    base = os.environ.get("LOCALAPPDATA") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "huiwu" / "日志"


def log_failure(exc: BaseException, context: str = "") -> Path | None:
    """Writes the traceback to a new log file; returns its path (None if even that failed)."""
    try:
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"huiwu-{datetime.now():%Y%m%d-%H%M%S-%f}.log"
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        path.write_text(f"{context}\nPython {sys.version}\n{text}", encoding="utf-8")
        return path
    except OSError:
        return None


def os_message(exc: OSError) -> str:
    what = _OS_ERRORS.get(exc.errno or 0, "无法读写文件")
    name = exc.filename or ""
    return f"{what}：{name}" if name else what


def _reader_error(exc: BaseException) -> bool:
    kind = type(exc)
    return kind.__module__.startswith(("python_calamine", "zipfile")) or "calamine" in kind.__name__.lower()


def describe(exc: BaseException, log: Path | None = None) -> tuple[str, int]:
    """(Chinese message, exit code) for any exception."""
    if isinstance(exc, InputError):
        return exc.message, EXIT_INPUT
    if isinstance(exc, Incomplete):
        return exc.message, EXIT_INCOMPLETE
    if isinstance(exc, KeyboardInterrupt):
        return "已中断，本次未完成的更改没有写入工作簿。", EXIT_INTERRUPTED
    if isinstance(exc, OSError):
        return f"{os_message(exc)}。", EXIT_INPUT
    if _reader_error(exc):
        return "无法读取工作簿：文件不是 Excel 工作簿（.xlsx/.xlsm）、已损坏或设有打开密码。请用 Excel 打开检查后另存再试。", EXIT_INPUT
    where = f"\n详细信息已记录在：{log}" if log else ""
    return f"程序内部出错（{type(exc).__name__}），本次操作没有完成。请把此提示和日志文件发给技术支持。{where}", EXIT_INTERNAL


def report(exc: BaseException, context: str = "") -> tuple[str, int]:
    """describe(), logging the details first when the failure is the program's, not the input's."""
    message, code = describe(exc)
    if code == EXIT_INTERNAL:
        message, code = describe(exc, log_failure(exc, context))
    return message, code
