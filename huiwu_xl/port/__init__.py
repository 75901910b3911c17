"""The workbook adapters. Each is imported when first asked for: a press on the command line
(a file) never loads the Excel adapter or xlwings, a press in Excel never loads the file reader."""
from __future__ import annotations

from importlib import import_module

_WHERE = {"Block": ".layout", "Sheet": ".layout", "ExcelWorkbook": ".excel", "FileWorkbook": ".files"}

__all__ = ["Block", "ExcelWorkbook", "FileWorkbook", "Sheet", "open_port"]


def open_port(book=None):
    """The port for a macro's `book` argument: None (the calling workbook), an xlwings Book, or a port."""
    if hasattr(book, "read_values"):
        return book
    if book is None:
        import xlwings as xw

        book = xw.Book.caller()
    from .excel import ExcelWorkbook

    return ExcelWorkbook(book)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_WHERE[name], __name__), name)
