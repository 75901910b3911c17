from .excel import ExcelWorkbook, open_port
from .files import FileWorkbook
from .layout import Block, Sheet

__all__ = ["Block", "ExcelWorkbook", "FileWorkbook", "Sheet", "open_port"]
