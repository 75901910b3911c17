"""Generated sheets → an .xlsx file."""
from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import xlsxwriter

from ..outputs import write_unlocked

from .layout import DATETIME_FORMAT, Grid, PrintSetup, Sheet, cell_style, lay_out, merged_specs
from .writeback.styles import xlsxwriter_spec


IMAGE_ROW_POINTS = 62  # a row holding a picture: an 80-pixel QR code and a little air


def write_xlsx(sheets: list[Sheet], path: Path, stamp: datetime | None = None, styles=None, rendered=None) -> Path:
    """Writes the sheets; returns the path written (another name if the file is open in Excel).

    Sheets without pictures are drawn by the write-back's sheet renderer (the same XML the
    workbook gets, written as text: several times faster than XlsxWriter's cell by cell at
    100,000 rows; `styles` and `rendered` let the command line's export reuse the rows it drew
    for the workbook: see port/writeback.render); pictures (the units' QR codes) need
    XlsxWriter's drawings."""
    if not any(lay_out(sheet, stamp).images for sheet in sheets):
        from .writeback import new_workbook

        return write_unlocked(path, new_workbook(sheets, stamp, styles, rendered))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": False, "default_date_format": DATETIME_FORMAT, "remove_timezone": True})
    book.set_properties({"creator": "huiwu", "created": stamp or datetime(2000, 1, 1)})
    formats: dict[tuple, object] = {}

    def fmt(spec: dict | None):
        if not spec:
            return None
        key = tuple(sorted(spec.items()))
        if key not in formats:
            formats[key] = book.add_format(xlsxwriter_spec(cell_style(spec)))
        return formats[key]

    date_format = fmt({"number_format": DATETIME_FORMAT})
    for sheet in sheets:
        ws = book.add_worksheet(sheet.name[:31])
        grid: Grid = lay_out(sheet, stamp)
        previous, row_formats = None, []
        for r, (row, specs) in enumerate(zip(grid.values, merged_specs(grid))):
            if specs is not previous:  # rows under the same rectangles share their formats
                previous, row_formats = specs, [fmt(spec) for spec in specs]
            for c, value in enumerate(row):
                f = row_formats[c] if c < len(row_formats) else None
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
        for c, w in enumerate(grid.widths):
            ws.set_column(c, c, w)
        for r, height in grid.heights.items():
            ws.set_row(r, height)
        for r, c, png in grid.images:  # a QR code fills its cell
            ws.set_row(r, max(IMAGE_ROW_POINTS, grid.heights.get(r, 0)))
            ws.insert_image(r, c, f"image{r}.png", {"image_data": io.BytesIO(png), "object_position": 1,
                                                    "x_offset": 2, "y_offset": 2})
        if grid.freeze_row:
            ws.freeze_panes(grid.freeze_row, 0)
        if sheet.tab_color:
            ws.set_tab_color(sheet.tab_color)
        apply_print_setup(ws, grid.print_setup)
    book.close()
    return write_unlocked(path, buffer.getvalue())


def apply_print_setup(ws, setup: PrintSetup) -> None:
    """The print model on an XlsxWriter worksheet."""
    ws.set_paper(setup.paper)
    if setup.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    if setup.fit_width or setup.fit_height:
        ws.fit_to_pages(setup.fit_width, setup.fit_height)
    if setup.repeat_rows:
        ws.repeat_rows(*setup.repeat_rows)
    m = setup.margins
    ws.set_margins(left=m.left, right=m.right, top=m.top, bottom=m.bottom)
    ws.set_header("", {"margin": m.header})
    ws.set_footer(setup.footer_code, {"margin": m.footer})
    if setup.center_horizontally:
        ws.center_horizontally()
    if setup.gridlines:
        ws.hide_gridlines(0)
        ws.print_gridlines = True
