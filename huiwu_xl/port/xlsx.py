"""Generated sheets → an .xlsx file (XlsxWriter: the fastest writer measured, documents.md)."""
from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import xlsxwriter

from ..outputs import write_unlocked

from .layout import Grid, Sheet, lay_out


IMAGE_ROW_POINTS = 62  # a row holding a picture: an 80-pixel QR code and a little air


def write_xlsx(sheets: list[Sheet], path: Path, stamp: datetime | None = None) -> Path:
    """Writes the sheets; returns the path written (another name if the file is open in Excel)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": False, "default_date_format": "yyyy-mm-dd hh:mm", "remove_timezone": True})
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

    date_format = fmt(number_format="yyyy-mm-dd hh:mm")
    for sheet in sheets:
        ws = book.add_worksheet(sheet.name[:31])
        grid: Grid = lay_out(sheet, stamp)
        specs: dict[int, dict[int, dict]] = {}  # row → column → format spec
        for s in grid.styles:
            for r in range(s.row, s.row + s.rows):
                row_specs = specs.setdefault(r, {})
                for c in range(s.col, s.col + s.cols):
                    spec = row_specs.setdefault(c, {})
                    if s.color:
                        spec["color"] = s.color
                    if s.bold:
                        spec["bold"] = True
                    if s.number_format:
                        spec["number_format"] = s.number_format
        for r, row in enumerate(grid.values):
            styled = {c: fmt(**spec) for c, spec in specs[r].items()} if r in specs else None
            for c, value in enumerate(row):
                f = styled.get(c) if styled else None
                kind = type(value)
                if kind is str and value:
                    ws.write_string(r, c, value, f)
                elif value is None or value == "":
                    if f is not None:
                        ws.write_blank(r, c, None, f)
                elif kind is datetime:
                    ws.write_datetime(r, c, value, f or date_format)
                elif kind is bool:
                    ws.write_boolean(r, c, value, f)
                elif kind is int or kind is float:
                    ws.write_number(r, c, value, f)
                else:
                    ws.write_string(r, c, str(value), f)
        for r, c, png in grid.images:  # a QR code fills its cell
            ws.set_row(r, IMAGE_ROW_POINTS)
            ws.insert_image(r, c, f"image{r}.png", {"image_data": io.BytesIO(png), "object_position": 1,
                                                    "x_offset": 2, "y_offset": 2})
        for c, w in sheet.widths.items():
            ws.set_column(c, c, w)
        if grid.freeze_row:
            ws.freeze_panes(grid.freeze_row, 0)
        if sheet.tab_color:
            ws.set_tab_color(sheet.tab_color)
    book.close()
    return write_unlocked(path, buffer.getvalue())
