"""The xlwings adapter: the workbook open in Excel (or xlwings' remote engine in tests)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..contract import SHEETS
from ..tables import locate_columns
from .layout import Grid, Sheet, lay_out
from .reading import refuse, too_far
from .xlsx import write_xlsx


class ExcelWorkbook:
    interactive = True  # errors become Excel alerts, not exceptions

    def __init__(self, book):
        self.book = book
        self.name = book.name
        self._read: dict[str, list[list]] = {}  # each sheet fetched once until this macro writes to it

    @property
    def folder(self) -> Path:
        full = Path(self.book.fullname)
        return full.parent.resolve() if full.is_absolute() else Path.cwd()

    @property
    def workbook_path(self) -> Path | None:
        full = Path(self.book.fullname)
        return full if full.is_absolute() else None

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def _sheet(self, name: str):
        return next((s for s in self.book.sheets if s.name == name), None)

    def preload(self, sheets: list[str]) -> None:
        pass  # Excel hands cells over on request; each sheet is fetched once per press anyway

    def read_values(self, sheet: str) -> list[list] | None:
        if sheet in self._read:
            return self._read[sheet]
        ws = self._sheet(sheet)
        if ws is None:
            return None
        last = ws.used_range.last_cell
        if too_far(last.row, last.column):
            raise refuse(sheet, last.row, last.column, formatted_too=True)
        values = ws.range((1, 1), (last.row, last.column)).options(ndim=2).value
        self._read[sheet] = [list(r) for r in values]
        return self._read[sheet]

    def output_folder(self, default: Path) -> Path:
        return default

    def write_sheets(self, sheets: list[Sheet], export_as: str | None, out_dir: Path) -> Path | None:
        stamp = datetime.now()
        for sheet in sheets:
            self._read.pop(sheet.name, None)
            self._write(sheet, lay_out(sheet, stamp))
        if export_as:
            return write_xlsx(sheets, out_dir / export_as, stamp)
        return None

    def _write(self, sheet: Sheet, grid: Grid) -> None:
        ws = self._sheet(sheet.name)
        if ws is None:
            ws = self.book.sheets.add(sheet.name, after=self.book.sheets[len(self.book.sheets) - 1])
        else:
            ws.clear()
        for s in grid.styles:  # number formats first: "@" must be in place before text is written
            if s.number_format:
                ws.range((s.row + 1, s.col + 1), (s.row + s.rows, s.col + s.cols)).number_format = s.number_format
        if grid.values:
            ws.range((1, 1)).value = [[as_text(v) for v in row] for row in grid.values]
        for s in grid.styles:
            rng = ws.range((s.row + 1, s.col + 1), (s.row + s.rows, s.col + s.cols))
            if s.color:
                rng.color = s.color
            if s.bold:
                rng.font.bold = True
        for col, width in enumerate(grid.widths):
            ws.range((1, col + 1)).column_width = width
        if grid.freeze_row:
            _freeze(ws, grid.freeze_row)
        if sheet.tab_color:
            _tab_color(ws, sheet.tab_color)
        _print_format(ws, grid)

    def append_rows(self, sheet: str, rows: list[dict[str, object]]) -> list[int]:
        ws = self._sheet(sheet)
        if ws is None:  # an input sheet the user deleted: recreate it with its header
            ws = self.book.sheets.add(sheet, after=self.book.sheets[len(self.book.sheets) - 1])
            values: list[list] = [[]]
        else:
            values = self.read_values(sheet) or [[]]
        self._read.pop(sheet, None)  # the sheet is about to change
        header_row, columns = locate_columns(values, sheet, list(dict.fromkeys(k for r in rows for k in r)))
        self._name_new_columns(ws, values, header_row, columns)
        last = max((i for i, r in enumerate(values) if any(v not in (None, "") for v in r)), default=header_row)
        last = max(last, header_row)
        if not rows:
            return []
        # Column by column, only the keys given: other cells of the new rows stay as they are.
        text_columns = {col.header for col in SHEETS[sheet].columns if col.text} if sheet in SHEETS else set()
        first, count = last + 2, len(rows)
        for key, col in columns.items():
            cells = [None if record.get(key, "") == "" else as_text(record.get(key)) for record in rows]
            if all(v is None for v in cells):
                continue
            target = ws.range((first, col + 1), (first + count - 1, col + 1))
            if key in text_columns:
                target.number_format = "@"  # a phone number or 份号 keeps its leading zero
            target.options(transpose=True).value = cells
        return list(range(first, first + count))

    def fill_cells(self, sheet: str, cells: list[tuple[int, str, object]]) -> None:
        ws = self._sheet(sheet)
        values = self.read_values(sheet) or [[]]
        self._read.pop(sheet, None)
        header_row, columns = locate_columns(values, sheet, list(dict.fromkeys(h for _, h, _ in cells)))
        self._name_new_columns(ws, values, header_row, columns)
        for row, header, value in cells:
            col = columns[header]
            current = values[row - 1][col] if row - 1 < len(values) and col < len(values[row - 1]) else None
            if current in (None, ""):
                ws.range((row, col + 1)).value = as_text(value)

    def set_cells(self, sheet: str, cells: list[tuple[int, str, object]]) -> None:
        """Writes (row, header, value) cells whether or not they hold something: only for a change
        staff accepted explicitly (回执 with 采纳 = 是). fill_cells is the default."""
        ws = self._sheet(sheet)
        values = self.read_values(sheet) or [[]]
        self._read.pop(sheet, None)
        header_row, columns = locate_columns(values, sheet, list(dict.fromkeys(h for _, h, _ in cells)))
        self._name_new_columns(ws, values, header_row, columns)
        text_columns = {col.header for col in SHEETS[sheet].columns if col.text} if sheet in SHEETS else set()
        for row, header, value in cells:
            target = ws.range((row, columns[header] + 1))
            if header in text_columns:
                target.number_format = "@"  # a new phone number keeps its leading zero
            target.value = as_text(value)

    @staticmethod
    def _name_new_columns(ws, values, header_row, columns) -> None:
        header = values[header_row] if values else []
        for key, col in columns.items():
            if col >= len(header) or header[col] in (None, ""):
                ws.range((header_row + 1, col + 1)).value = as_text(key)

    def write_cells(self, sheet: str, cells: dict[str, object]) -> None:
        self._read.pop(sheet, None)
        ws = self._sheet(sheet)
        if ws is not None:
            for address, value in cells.items():
                ws.range(address).value = as_text(value)

    def notify(self, message: str, title: str = "huiwu") -> None:
        self.book.app.alert(message, title=title)

    def status(self, message: str) -> None:
        try:
            self.book.app.status_bar = message
        except Exception:  # the remote engine has no status bar
            pass


# Excel reads a value written through COM as if typed: "=HYPERLINK(…)" or "=cmd|' /C calc'!A0" in a
# name would become a live formula (and "+1"/"-1" a number, "@x" a function call in Excel 365).
# The quote prefix makes Excel keep it as text and is not part of the value; a text that itself
# starts with a quote keeps that quote the same way.
FORMULA_STARTS = ("=", "+", "-", "@", "'")


def as_text(value):
    """`value`, with a text that Excel would read as a formula prefixed by Excel's text quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _freeze(ws, rows: int) -> None:
    try:
        ws.freeze_panes.freeze_at(f"1:{rows}")
    except NotImplementedError:  # Excel on Windows: through COM
        try:
            ws.activate()
            window = ws.book.app.api.ActiveWindow
            window.FreezePanes = False
            window.SplitColumn, window.SplitRow = 0, rows
            window.FreezePanes = True
        except Exception:
            pass


# Excel's constants (XlHAlign, XlVAlign, XlPaperSize, XlPageOrientation, XlLineStyle, XlBordersIndex).
_H_ALIGN = {"left": -4131, "center": -4108, "right": -4152}
_V_ALIGN = {"top": -4160, "vcenter": -4108}
_PORTRAIT, _LANDSCAPE = 1, 2
_CONTINUOUS, _THIN = 1, 2
_EDGES_AND_INSIDE = (7, 8, 9, 10, 11, 12)  # left, top, bottom, right, inside vertical, inside horizontal


def _print_format(ws, grid: Grid) -> None:
    """Alignment, borders, wrapping, row heights and page setup through Excel's object model.

    Only Excel on Windows has it: xlwings' remote engine (and Excel on a Mac through AppleScript)
    has no `PageSetup`, so there the sheet keeps Excel's default print settings, silently.
    """
    try:
        page = ws.api.PageSetup
    except Exception:  # the remote engine's sheet api is a plain dict
        return
    try:
        app = ws.book.app.api
        app.PrintCommunication = False  # each PageSetup property would otherwise talk to the printer
        try:
            apply_page_setup(page, grid.print_setup, app.InchesToPoints)
        finally:
            app.PrintCommunication = True
        for s in grid.styles:
            if not (s.align or s.valign or s.wrap or s.border):
                continue
            rng = ws.range((s.row + 1, s.col + 1), (s.row + s.rows, s.col + s.cols)).api
            if s.align:
                rng.HorizontalAlignment = _H_ALIGN[s.align]
            if s.valign:
                rng.VerticalAlignment = _V_ALIGN[s.valign]
            if s.wrap:
                rng.WrapText = True
            if s.border:
                for edge in _EDGES_AND_INSIDE if s.rows * s.cols > 1 else _EDGES_AND_INSIDE[:4]:
                    border = rng.Borders(edge)
                    border.LineStyle, border.Weight = _CONTINUOUS, _THIN
        for row, height in grid.heights.items():
            ws.range((row + 1, 1)).row_height = height
    except Exception:  # printing setup is a convenience: never lose the sheet over it
        pass


def apply_page_setup(page, setup, points=lambda inches: inches * 72) -> None:
    """The print model (layout.PrintSetup) on Excel's PageSetup object."""
    page.PaperSize = setup.paper
    page.Orientation = _LANDSCAPE if setup.landscape else _PORTRAIT
    page.Zoom = False  # fit to pages instead of a fixed zoom
    page.FitToPagesWide = setup.fit_width or False
    page.FitToPagesTall = setup.fit_height or False
    page.PrintTitleRows = setup.print_titles or ""
    page.CenterFooter = setup.footer
    page.CenterHorizontally = setup.center_horizontally
    page.PrintGridlines = setup.gridlines
    m = setup.margins
    page.LeftMargin, page.RightMargin = points(m.left), points(m.right)
    page.TopMargin, page.BottomMargin = points(m.top), points(m.bottom)
    page.HeaderMargin, page.FooterMargin = points(m.header), points(m.footer)


def _tab_color(ws, color: str) -> None:
    try:
        r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
        ws.api.Tab.Color = r + g * 256 + b * 65536
    except Exception:  # not Excel on Windows: the tab keeps its colour
        pass
