"""`huiwu setup-excel [FOLDER]`: a workbook whose buttons run this Python, in one command.

The workbook is built on demand (it takes under a second), so no copy of the binary ships
inside the package. xlwings' VBA reads its settings from the `xlwings.conf` sheet first, then
from an `xlwings.conf` file beside the workbook, so both name the running interpreter:
the sheet for this copy, the file for any other workbook dropped into the same folder later.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from ..problems import InputError, Problem
from .xlsm import DEFAULT_INTERPRETER, build_workbook, conf_rows

WORKBOOK_NAME = "huiwu.xlsm"
CONF_NAME = "xlwings.conf"


def interpreter_for_excel(executable: str | None = None, platform: str | None = None) -> str:
    """pythonw.exe beside the running python.exe on Windows (no console window), else python."""
    exe = Path(executable or sys.executable)
    if (platform or sys.platform) == "win32":
        pythonw = exe.with_name("pythonw.exe")
        if pythonw.exists():
            exe = pythonw
        # The standard install location stays as %LOCALAPPDATA%\...: it holds for every user
        # and keeps a user name in Chinese out of the file.
        if _same_path(str(exe), _expand_windows_vars(DEFAULT_INTERPRETER)):
            return DEFAULT_INTERPRETER
    return str(exe)


def _expand_windows_vars(text: str) -> str:
    return re.sub(r"%(\w+)%", lambda m: os.environ.get(m.group(1), m.group(0)), text)


def _same_path(a: str, b: str) -> bool:
    return a.replace("\\", "/").casefold() == b.replace("\\", "/").casefold()


def conf_file_text(interpreter: str) -> str:
    """xlwings.conf as xlwings' VBA reads it (`Input #`): one `"KEY","VALUE"` line per setting."""
    return "".join(f'"{key}","{value}"\r\n' for key, value, _ in conf_rows(interpreter))


def setup_excel(folder: str | Path = ".", interpreter: str | None = None) -> Path:
    """Writes FOLDER/huiwu.xlsm and FOLDER/xlwings.conf pointing at `interpreter`, the templates
    into FOLDER/模板 and a short 使用说明.docx; returns the workbook.

    An existing huiwu.xlsm is never overwritten: it may hold a meeting's data.
    """
    folder = Path(folder)
    workbook = folder / WORKBOOK_NAME
    if workbook.exists():
        raise InputError(
            Problem(
                workbook.name,
                f"文件夹 {folder} 中已有 {WORKBOOK_NAME}，为免覆盖其中的数据，未做任何改动。"
                "请换一个文件夹，或先把原文件改名后再运行。",
            )
        )
    interpreter = interpreter or interpreter_for_excel()
    folder.mkdir(parents=True, exist_ok=True)
    build_workbook(workbook, interpreter=interpreter)
    # VBA reads the file in the system's ANSI code page ("mbcs" on Windows, e.g. GBK).
    encoding = "mbcs" if sys.platform == "win32" else "utf-8"
    (folder / CONF_NAME).write_bytes(conf_file_text(interpreter).encode(encoding))
    copy_templates(folder)
    from .guide import write_guide

    write_guide(folder)  # the 操作 sheet points to it when a button does not answer
    return workbook


def copy_templates(folder: Path) -> Path:
    """The Word and mail templates into FOLDER/模板, where staff edit them (an edited one is kept)."""
    import shutil

    from ..documents.render import TEMPLATES_DIR, USER_TEMPLATES

    target = folder / USER_TEMPLATES
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(TEMPLATES_DIR.iterdir()):
        if source.suffix in (".docx", ".txt") and not (target / source.name).exists():
            shutil.copy2(source, target / source.name)
    return target
