"""Reading a saved workbook's sheet without being taken down by one stray cell.

python-calamine allocates the whole rectangle from A1 to the farthest cell holding a value
before handing anything over: a single value at XFD1048576 asks for about 512 GB and aborts the
process (a Rust panic), one at ZZ200000 costs 5.5 GB and 17 s. So before calamine sees a sheet
of an .xlsx/.xlsm, its XML is scanned (streamed, about 0.2 s per 35 MB of sheet XML) for a
value cell beyond the limits below; such a sheet is refused with the address of that cell.
Formatted but empty cells do not count: calamine ignores them, and so does the scan.

Every common writer (Excel, WPS, LibreOffice, openpyxl, XlsxWriter) states the used range in
`<dimension>` at the top of the sheet; when it lies within the limits the scan is skipped, so a
100,000-row roster costs nothing extra. A hand-made file with a dimension smaller than its cells
is not caught this way; a missing or large dimension always leads to the scan.
"""
from __future__ import annotations

import os
import posixpath
import re
import zipfile
from functools import lru_cache
from xml.etree import ElementTree

from ..problems import InputError, Problem, column_letter

MAX_ROWS = 200_000
MAX_COLUMNS = 200  # GR

# A cell with content (not self-closing) beyond column GR or below row 199,999, by its reference.
_FAR_CELL = re.compile(
    rb'<(?:\w+:)?c r="((?:[A-Z]{3}|[H-Z][A-Z]|G[S-Z])\d+|[A-Z]{1,3}(?:[2-9]\d{5}|[1-9]\d{6,}))"[^>]*(?<!/)>'
)
# A row far down whose first cell has content but no reference of its own (legal: it is in column A).
_FAR_ROW = re.compile(rb'<(?:\w+:)?row r="((?:[2-9]\d{5}|[1-9]\d{6,}))"[^>]*(?<!/)>\s*<(?:\w+:)?c(?:\s(?![^>]*\br=)[^>]*)?(?<!/)>')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
_REF = re.compile(r"([A-Z]+)(\d+)")
_CHUNK = 1 << 20
_OVERLAP = 512  # longer than any cell or row tag the patterns look at

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class ExtentError(InputError):
    """A sheet with a value too far out to read."""


def too_far(row: int, column: int) -> bool:
    """Whether a 1-based (row, column) lies outside what is read."""
    return row > MAX_ROWS or column > MAX_COLUMNS


def refuse(sheet: str, row: int, column: int, formatted_too: bool = False) -> ExtentError:
    address = f"{column_letter(column)}{row}"
    what = "有内容或设置了格式" if formatted_too else "有内容"
    return ExtentError(Problem(
        sheet, f"{address} 单元格{what}，超出了可读取的范围（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列，即 A1:{column_letter(MAX_COLUMNS)}{MAX_ROWS}）："
        f"请删除 {address} 中误填的内容（选中该行或列后右键 › 删除），或把表格整理到这个范围以内，再重试", row=row))


def check_extent(path: str, sheet: str) -> None:
    """Raises ExtentError when `sheet` of the .xlsx/.xlsm at `path` holds a value out of bounds.

    Other formats (and files that are not a readable package) are left to the reader itself.
    """
    try:
        stat = os.stat(path)
    except (OSError, ValueError):
        return
    part = _sheet_parts(path, stat.st_mtime_ns, stat.st_size).get(sheet)
    if part is None:
        return
    far = _scan(path, part)
    if far is not None:
        raise refuse(sheet, *far)


def _scan(path: str, part: str) -> tuple[int, int] | None:
    try:
        with zipfile.ZipFile(path) as z, z.open(part) as stream:
            tail = b""
            while chunk := stream.read(_CHUNK):
                if not tail and _stated_within(chunk):
                    return None
                buffer = tail + chunk
                for match in _FAR_CELL.finditer(buffer):
                    letters, digits = _REF.match(match.group(1).decode("ascii")).groups()
                    row, column = int(digits), _column_number(letters)
                    if too_far(row, column):
                        return row, column
                for match in _FAR_ROW.finditer(buffer):
                    if int(match.group(1)) > MAX_ROWS:
                        return int(match.group(1)), 1
                tail = buffer[-_OVERLAP:]
    except (OSError, KeyError, zipfile.BadZipFile, EOFError, ValueError):
        return None  # the reader reports a broken file in its own words
    return None


def _stated_within(head: bytes) -> bool:
    """Whether the sheet's `<dimension ref>` (before `<sheetData>`) names a range within the limits."""
    data_at = head.find(b"sheetData")
    match = _DIMENSION.search(head, 0, data_at if data_at >= 0 else len(head))
    if match is None:
        return False
    first_col, first_row, last_col, last_row = match.groups()
    last_col, last_row = (last_col, last_row) if last_col else (first_col, first_row)
    return not too_far(int(last_row), _column_number(last_col.decode("ascii")))


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


@lru_cache(maxsize=8)
def _sheet_parts(path: str, *_stamp) -> dict[str, str]:
    """Sheet name → the zip part holding its XML, from workbook.xml and its relationships."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" not in names:
                return {}
            rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, EOFError, ValueError, ElementTree.ParseError):
        return {}
    targets = {}
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = target
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"))
        if target in names:
            parts[sheet.get("name")] = target
    return parts


# --- A workbook that cannot be read at all: the reader's English, in the user's words ----------

def open_book(path):
    """The CalamineWorkbook at `path`; a file that is no readable workbook is bad input (InputError)."""
    from python_calamine import CalamineWorkbook

    with unreadable(path):
        return CalamineWorkbook.from_path(str(path))


class unreadable:
    """Turns the reader's errors (python-calamine, zip, the OS) into a Chinese InputError naming the file."""

    def __init__(self, path, sheet: str | None = None):
        self.path, self.sheet = path, sheet

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None or isinstance(exc, InputError) or not isinstance(exc, Exception):
            return False
        message = reason(exc, self.path)
        if message is None:
            return False
        message = f"无法读取工作簿：{message}"
        where = Problem(self.sheet, message) if self.sheet else Problem(str(self.path), message, place="文件")
        raise InputError(where) from None


def reason(exc: Exception, path) -> str | None:
    """A Chinese sentence for why the workbook at `path` cannot be read; None if `exc` is not about that."""
    from pathlib import Path

    name = type(exc).__name__
    text = str(exc)
    module = type(exc).__module__ or ""
    if name == "PasswordError":
        return ("工作簿设置了打开密码，程序无法读取：请在 Excel 中打开它，在“文件 › 信息 › 保护工作簿 › 用密码进行加密”中"
                "清空密码并保存，再运行")
    if Path(path).is_dir():
        return "这是一个文件夹，不是工作簿：请指定 .xlsx 或 .xlsm 文件"
    if isinstance(exc, (FileNotFoundError,)) or "os error 2)" in text:
        return "找不到这个文件：请检查路径和文件名"
    if isinstance(exc, PermissionError) or "os error 13" in text:
        return "没有权限读取这个文件：请检查文件权限，或先在 Excel 中关闭它"
    if not (module.startswith("python_calamine") or module.startswith("zipfile") or isinstance(exc, (OSError, zipfile.BadZipFile, EOFError))):
        return None
    if name == "ZipError" or isinstance(exc, zipfile.BadZipFile) or "EOCD" in text:
        return ("不是 Excel 工作簿，或文件已损坏（不完整）：请确认它是 .xlsx / .xlsm 文件（不是改了扩展名的 CSV、WPS 或网页文件），"
                "在 Excel 中打开后“另存为”Excel 工作簿，再运行")
    if name == "XmlError":
        return "工作簿内部的数据已损坏，无法读取：请在 Excel 中打开（Excel 会尝试修复）并另存，再运行"
    if name == "WorksheetNotFound":
        return "工作簿中找不到这张工作表"
    return "文件可能已损坏或不是 Excel 工作簿：请在 Excel 中打开后另存为 .xlsx 或 .xlsm，再运行"
