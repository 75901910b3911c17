"""Generated sheets → an .xlsx file (XlsxWriter: the fastest writer measured, documents.md)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter

from .layout import Grid, Sheet, lay_out


def write_xlsx(sheets: list[Sheet], path: Path, stamp: datetime | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": False, "default_date_format": "yyyy-mm-dd hh:mm", "remove_timezone": True})
    book.set_properties({"creator": "huiwu", "created": stamp or datetime(2000, 1, 1)})
    formats: dict[tuple, object] = {}

    def fmt(color=None, bold=False, number_format=None):
        key = (color, bold, number_format)
        if key not in formats:
            spec = {}
            if color:
                spec |= {"bg_color": color, "pattern": 1}
            if bold:
                spec["bold"] = True
            if number_format:
                spec["num_format"] = number_format
            formats[key] = book.add_format(spec)
        return formats[key]

    for sheet in sheets:
        ws = book.add_worksheet(sheet.name[:31])
        grid: Grid = lay_out(sheet, stamp)
        cell_formats: dict[tuple[int, int], dict] = {}
        for s in grid.styles:
            for r in range(s.row, s.row + s.rows):
                for c in range(s.col, s.col + s.cols):
                    spec = cell_formats.setdefault((r, c), {})
                    if s.color:
                        spec["color"] = s.color
                    if s.bold:
                        spec["bold"] = True
                    if s.number_format:
                        spec["number_format"] = s.number_format
        for r, row in enumerate(grid.values):
            for c, value in enumerate(row):
                spec = cell_formats.get((r, c))
                f = fmt(**spec) if spec else None
                if value is None:
                    if f is not None:
                        ws.write_blank(r, c, None, f)
                elif isinstance(value, datetime):
                    ws.write_datetime(r, c, value, f or fmt(number_format="yyyy-mm-dd hh:mm"))
                elif isinstance(value, bool):
                    ws.write_boolean(r, c, value, f)
                elif isinstance(value, (int, float)):
                    ws.write_number(r, c, value, f)
                else:
                    ws.write_string(r, c, str(value), f)
        for c, w in sheet.widths.items():
            ws.set_column(c, c, w)
        if grid.freeze_row:
            ws.freeze_panes(grid.freeze_row, 0)
        if sheet.tab_color:
            ws.set_tab_color(sheet.tab_color)
    book.close()
    return path
