"""Generated sheets as plain data: what a macro writes, before any adapter writes it.

`lay_out` turns a `Sheet` into a `Grid`: the cell values, rectangles of cell formatting (fill,
bold, number format, alignment, borders, wrapping), every column's width and a `PrintSetup`.
Every writer renders the same grid — XlsxWriter for exported files, xlwings in Excel, sheet XML
on write-back — so a sheet looks and prints the same wherever it is written.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from ..contract import GENERATED_NOTE, GENERATED_TAB_COLOR, TIME_FMT

HEADER_FILL = "#DDEBF7"
TITLE_FILL = "#FCE4D6"
VIOLATION_FILL = "#FFC7CE"
DATETIME_FORMAT = TIME_FMT
DATE_FORMAT = "yyyy-mm-dd"
INTEGER_FORMAT = "0"
PERCENT_FORMAT = "0.0%"
TEXT_FORMAT = "@"
PERCENT_SUFFIX = "率"  # 出席率, 回收率: a share, printed as 83.3%
ORDINALS = ("序号", "行号", "编号", "名次", "年度", "排")  # numbers that name a row, centred: not amounts

A4 = 9  # Excel's paperSize code (ECMA-376 §18.18.50 ST_PaperSize)
PAGE_FOOTER = "第 &P 页 共 &N 页"  # centred in the footer; &P page number, &N page count
# Column widths are in Excel's character units (the width of "0" in the default font, ~1.9 mm).
# A4 portrait holds about 95 of them between 1 cm margins, landscape about 140; wider sheets
# go landscape and every sheet is shrunk to one page wide.
PORTRAIT_WIDTH = 100.0
MIN_WIDTH, MAX_WIDTH = 5.0, 40.0
SHORT_TEXT = 20.0  # up to this width a column grows to its text rather than wrap it
SAMPLE_ROWS = 2000  # rows looked at to size a column: enough for a meeting, bounded for 100k


@dataclass(frozen=True)
class Margins:
    """Page margins in inches, as Excel stores them."""

    left: float = 0.4
    right: float = 0.4
    top: float = 0.5
    bottom: float = 0.6
    header: float = 0.3
    footer: float = 0.3


@dataclass(frozen=True)
class PrintSetup:
    """How a generated sheet prints. Plain data: each writer maps it to its own calls
    (XlsxWriter, Excel's PageSetup over COM, pageSetup/printOptions/headerFooter in sheet XML)."""

    landscape: bool = False
    repeat_rows: tuple[int, int] | None = None  # 0-based grid rows printed atop every page (the table header)
    paper: int = A4
    fit_width: int = 1  # pages wide
    fit_height: int = 0  # pages tall; 0 = as many as needed
    footer: str = PAGE_FOOTER  # the centre section
    margins: Margins = Margins()
    center_horizontally: bool = True
    gridlines: bool = False  # the tables carry their own borders

    @property
    def footer_code(self) -> str:
        """The footer as Excel stores it (`&C` opens the centre section)."""
        return f"&C{self.footer}"

    @property
    def print_titles(self) -> str | None:
        """The rows as Excel names them in _xlnm.Print_Titles, e.g. "$2:$2"."""
        if self.repeat_rows is None:
            return None
        first, last = self.repeat_rows
        return f"${first + 1}:${last + 1}"


@dataclass
class Block:
    """One table on a sheet: an optional bold title line, a header row, the rows."""

    frame: pd.DataFrame
    title: str | None = None
    header: bool = True
    row_fills: dict[int, str] = field(default_factory=dict)  # frame position → fill colour
    cell_fills: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → colour
    bold_rows: set[int] = field(default_factory=set)
    number_formats: dict[str, str] = field(default_factory=dict)  # column → format, over the automatic one
    images: dict[tuple[int, int], bytes] = field(default_factory=dict)  # (row, col) → PNG (a QR code); files only


@dataclass
class Sheet:
    """A generated sheet: overwritten on every run, coloured tab, a line saying it is generated."""

    name: str
    blocks: list[Block]
    widths: dict[int, float] = field(default_factory=dict)  # 0-based column → width in characters
    note: str = GENERATED_NOTE
    tab_color: str = GENERATED_TAB_COLOR
    freeze: bool = True  # freeze the first block's header
    landscape: bool | None = None  # None: landscape when the columns are too wide for portrait
    # The header repeated atop every printed page: the table's, when the sheet holds one; with several
    # tables under different headers only the one named here (the long one, which must come last).
    repeat_header: int | None = None  # a block's position in `blocks`

    @classmethod
    def table(cls, name: str, frame: pd.DataFrame, widths: dict[str, float] | None = None, **kw) -> "Sheet":
        block_kw = {k: kw.pop(k) for k in ("row_fills", "cell_fills", "bold_rows", "title", "number_formats") if k in kw}
        cols = list(frame.columns)
        return cls(name, [Block(frame, **block_kw)], {cols.index(k): v for k, v in (widths or {}).items() if k in cols}, **kw)


@dataclass
class Fill:
    """Formatting of a rectangle of cells; where rectangles overlap, the later one wins per attribute."""

    row: int  # 0-based grid position
    col: int
    rows: int
    cols: int
    color: str | None = None
    bold: bool = False
    number_format: str | None = None
    align: str | None = None  # left, center, right
    valign: str | None = None  # top, vcenter
    wrap: bool = False
    border: bool = False  # thin lines around every cell of the rectangle

    def spec(self) -> dict:
        """The attributes this rectangle sets, for merging."""
        out = {}
        for key in ("color", "number_format", "align", "valign"):
            value = getattr(self, key)
            if value:
                out[key] = value
        for key in ("bold", "wrap", "border"):
            if getattr(self, key):
                out[key] = True
        return out


@dataclass
class Grid:
    values: list[list]
    styles: list[Fill]
    freeze_row: int | None  # rows above this index stay visible
    widths: list[float] = field(default_factory=list)  # every column, in characters
    print_setup: PrintSetup = PrintSetup()
    heights: dict[int, float] = field(default_factory=dict)  # grid row → height in points, rows whose text wraps
    images: list[tuple[int, int, bytes]] = field(default_factory=list)  # (grid row, col, PNG)


_AS_IS = frozenset((str, int, datetime))


def _cell(value):
    if type(value) in _AS_IS:  # most cells of a big sheet: answered before the checks below
        return value
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, datetime)):
        return value.item()  # numpy scalars
    return value


# ------------------------------------------------------------------------------- column kinds
@dataclass(frozen=True)
class ColumnKind:
    number_format: str | None = None
    align: str | None = None
    numeric: bool = False


TEXT = ColumnKind(align="left")


def column_kind(name: str, column: pd.Series, override: str | None = None) -> ColumnKind:
    """How a column's values print: 出席率 as 83.3%, counts and minutes as integers on the right,
    times and dates as such, digit strings with a leading zero kept as text."""
    if override:
        numeric = override != TEXT_FORMAT and "y" not in override
        return ColumnKind(override, "right" if numeric else "left", numeric)
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return ColumnKind(align="center")
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return ColumnKind(_date_or_time(column.dropna()), "center")
    if pd.api.types.is_numeric_dtype(dtype):
        if str(name).endswith(PERCENT_SUFFIX):
            return ColumnKind(PERCENT_FORMAT, "right", True)
        if pd.api.types.is_integer_dtype(dtype) or _integral(column):
            return ColumnKind(INTEGER_FORMAT, "center" if str(name) in ORDINALS else "right", True)
        return ColumnKind(None, "right", True)
    sample = [v for v in column.head(SAMPLE_ROWS).tolist() if v is not None and v == v and v != ""]
    if sample and all(isinstance(v, (datetime, date, pd.Timestamp)) for v in sample):
        return ColumnKind(_date_or_time(pd.Series(sample)), "center")
    if sample and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in sample):
        integral = all(float(v).is_integer() for v in sample)
        return ColumnKind(INTEGER_FORMAT if integral else None, "center" if integral and str(name) in ORDINALS else "right", True)
    if any(isinstance(v, str) and v[:1] == "0" and v.isdigit() for v in sample):
        return ColumnKind(TEXT_FORMAT, "left")  # 份号 000012, a landline 0470…: Excel would drop the zero
    return TEXT


def _date_or_time(values: pd.Series) -> str:
    stamps = pd.to_datetime(values.head(SAMPLE_ROWS), errors="coerce").dropna()
    if len(stamps) and (stamps == stamps.dt.normalize()).all():
        return DATE_FORMAT
    return DATETIME_FORMAT


def _integral(column: pd.Series) -> bool:
    values = column.dropna()
    return bool(len(values)) and bool((values == values.round()).all())


def text_width(value) -> float:
    """Width of a value as Excel shows it, in character units: a Chinese character counts two."""
    if value is None:
        return 0.0
    if isinstance(value, datetime):
        return 16.0
    if isinstance(value, date):
        return 10.0
    if isinstance(value, float):
        text = f"{value:.4g}"
    else:
        text = str(value)
    longest = max(text.split("\n"), key=len) if "\n" in text else text
    return float(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest))


# ---------------------------------------------------------------------------------------- lay out
_RECENT: list[tuple[Sheet, tuple, Grid]] = []  # the command line lays a sheet out for the export and for write-back


def _fingerprint(sheet: Sheet, stamp: datetime | None) -> tuple:
    blocks = tuple((id(b.frame), b.frame.shape, b.title, b.header, len(b.row_fills), len(b.cell_fills)) for b in sheet.blocks)
    return (stamp, blocks, repr(sheet.widths), sheet.note, sheet.tab_color, sheet.freeze, sheet.landscape, sheet.repeat_header)


def lay_out(sheet: Sheet, stamp: datetime | None = None) -> Grid:
    """The sheet as a grid; the same, unchanged Sheet with the same stamp gives the same grid (reused)."""
    key = _fingerprint(sheet, stamp)
    for known, known_key, grid in _RECENT:
        if known is sheet and known_key == key:
            return grid
    grid = _lay_out(sheet, stamp)
    _RECENT.append((sheet, key, grid))
    del _RECENT[:-6]
    return grid


def _lay_out(sheet: Sheet, stamp: datetime | None = None) -> Grid:
    width = max([len(b.frame.columns) for b in sheet.blocks] + [1])
    stamp_text = f"（{stamp:%Y-%m-%d %H:%M}）" if stamp else ""
    values: list[list] = []
    styles: list[Fill] = []
    needed = [0.0] * width  # the widest text per column, in characters
    floor = [0.0] * width  # what a date or a number needs: it cannot wrap, Excel would show ###
    images: list[tuple[int, int, bytes]] = []
    if sheet.note:  # a sheet without a note is a plain copy of cells (an updated input sheet)
        values.append([f"{sheet.name} — {sheet.note}{stamp_text}"] + [None] * (width - 1))
        styles.append(Fill(0, 0, 1, width, TITLE_FILL, bold=True))
    freeze = None
    headers: list[tuple[int, int]] = []  # (grid row, block number) of each header row
    regions: list[tuple[int, int, int]] = []  # (first row, rows, columns) of each block's data
    for number, b in enumerate(sheet.blocks):
        if len(values) > int(bool(sheet.note)):
            values.append([None] * width)
        if b.title:
            styles.append(Fill(len(values), 0, 1, 1, bold=True))
            values.append([b.title] + [None] * (width - 1))
        cols = list(b.frame.columns)
        kinds = [column_kind(col, b.frame[col], b.number_formats.get(str(col))) for col in cols]
        top = len(values) + int(b.header)
        rows = len(b.frame)
        if b.header:
            headers.append((len(values), number))
            if freeze is None and sheet.freeze:
                freeze = len(values) + 1
            styles.append(Fill(len(values), 0, 1, len(cols), HEADER_FILL, bold=True, valign="vcenter", border=True, wrap=True))
            for c, (col, kind) in enumerate(zip(cols, kinds)):
                if kind.align != "left":
                    styles.append(Fill(len(values), c, 1, 1, align=kind.align))
                needed[c] = max(needed[c], min(text_width(str(col)), 12.0))  # long headers wrap
            values.append([str(c) for c in cols] + [None] * (width - len(cols)))
        if rows and cols:
            regions.append((top, rows, len(cols)))
            styles.append(Fill(top, 0, rows, len(cols), valign="top", border=True))
            for c, (col, kind) in enumerate(zip(cols, kinds)):
                if kind.number_format or kind.align:
                    styles.append(Fill(top, c, rows, 1, number_format=kind.number_format, align=kind.align))
                needed[c] = max(needed[c], _widest(b.frame[col], kind))
                if kind.numeric or kind.number_format in (DATE_FORMAT, DATETIME_FORMAT):
                    floor[c] = max(floor[c], _widest(b.frame[col], kind) + 2)
        for row in b.frame.itertuples(index=False, name=None):
            values.append([_cell(v) for v in row] + [None] * (width - len(cols)))
        for r, color in _runs(b.row_fills):
            styles.append(Fill(top + r[0], 0, r[1], len(cols), color))
        for (r, c), color in b.cell_fills.items():
            styles.append(Fill(top + r, c, 1, 1, color))
        for r in sorted(b.bold_rows):
            styles.append(Fill(top + r, 0, 1, len(cols), bold=True))
        images += [(top + r, c, png) for (r, c), png in b.images.items()]
    fitting = [min(max(needed[c] + 2, MIN_WIDTH), MAX_WIDTH) for c in range(width)]
    # A given width holds and longer text wraps — but dates and numbers always get their room, and a
    # short text (a name, a unit) is never broken up because another table set the column narrow.
    floor = [max(floor[c], min(needed[c] + 2, SHORT_TEXT)) for c in range(width)]
    widths = [max(sheet.widths.get(c, fitting[c]), floor[c]) for c in range(width)]
    styles += _wrapping(regions, widths, needed)
    heights = _heights(values, [r for r, _ in headers], regions, widths, needed)
    return Grid(values, styles, freeze, widths, _print_setup(sheet, widths, headers), heights, images)


def _widest(column: pd.Series, kind: ColumnKind) -> float:
    if kind.number_format == DATETIME_FORMAT:
        return 16.0
    if kind.number_format == DATE_FORMAT:
        return 10.0
    if kind.number_format == PERCENT_FORMAT:
        return 6.0
    sample = column.head(SAMPLE_ROWS)
    return max((text_width(_cell(v)) for v in sample.unique()), default=0.0)


def _wrapping(regions: list[tuple[int, int, int]], widths: list[float], needed: list[float]) -> list[Fill]:
    """Text longer than its column wraps inside the table (the row grows) instead of running over."""
    return [Fill(top, c, rows, 1, wrap=True) for top, rows, cols in regions for c in range(cols) if needed[c] > widths[c]]


LINE_HEIGHT = 15.0  # points: Excel's default row for an 11-point font


def _heights(values: list[list], header_rows: list[int], regions, widths: list[float], needed: list[float]) -> dict[int, float]:
    """Rows holding wrapped text get the height of their lines: neither Excel nor LibreOffice grows
    a row for wrapped text by itself when it opens a file, so the text would be cut off."""
    heights: dict[int, float] = {}
    rows = [(r, range(len(values[r]))) for r in header_rows]
    rows += [(r, [c for c in range(cols) if needed[c] > widths[c]]) for top, count, cols in regions for r in range(top, top + count)]
    for r, columns in rows:
        lines = 1
        for c in columns:
            text = values[r][c]
            room = max(widths[c] - 1.5, 1.0)
            if text is None or (isinstance(text, str) and 2 * len(text) <= room and "\n" not in text):
                continue  # fits on one line whatever its characters
            lines = max(lines, *(math.ceil(text_width(part) / room) or 1 for part in str(text).split("\n")))
        if lines > 1:
            heights[r] = LINE_HEIGHT * lines
    return heights


def _print_setup(sheet: Sheet, widths: list[float], headers: list[tuple[int, int]]) -> PrintSetup:
    landscape = sheet.landscape if sheet.landscape is not None else sum(widths) > PORTRAIT_WIDTH
    wanted = sheet.repeat_header if sheet.repeat_header is not None else (0 if len(sheet.blocks) == 1 else None)
    row = next((r for r, number in headers if number == wanted), None)
    repeat = (row, row) if row is not None else None
    return PrintSetup(landscape=landscape, repeat_rows=repeat)


def _runs(fills: dict[int, str]):
    """Contiguous rows of one colour, so an adapter makes one call per run, not per row."""
    start = prev = color = None
    for r in sorted(fills):
        if color is not None and r == prev + 1 and fills[r] == color:
            prev = r
            continue
        if color is not None:
            yield (start, prev - start + 1), color
        start = prev = r
        color = fills[r]
    if color is not None:
        yield (start, prev - start + 1), color


def merged_specs(grid: Grid):
    """Per grid row, the merged format spec of each column (a dict, or None) — one list per distinct
    set of overlapping rectangles, so 100,000 rows cost a few hundred merges, not a million."""
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, s in enumerate(grid.styles):
        if s.rows <= 0 or s.cols <= 0:
            continue
        starts.setdefault(s.row, []).append(i)
        ends.setdefault(s.row + s.rows, []).append(i)
    width = max((len(r) for r in grid.values), default=0)
    looks: dict[tuple, int] = {}  # (column, columns, what it sets) → a number, the same for equal rectangles
    look_of = [looks.setdefault((s.col, s.cols, tuple(s.spec().items())), len(looks)) for s in grid.styles]
    active: set[int] = set()
    # keyed by what the active rectangles set, not by which they are: a sheet that colours each
    # late row with a rectangle of its own then still shares one list among all those rows
    cache: dict[tuple, list[dict | None]] = {}
    current: list[dict | None] = [None] * width
    for r in range(len(grid.values)):
        if r in starts or r in ends:
            active.difference_update(ends.get(r, ()))
            active.update(starts.get(r, ()))
            order = sorted(active)  # later rectangles win
            key = tuple([look_of[i] for i in order])
            if key not in cache:
                merged: list[dict | None] = [None] * width
                for s in (grid.styles[i] for i in order):
                    spec = s.spec()
                    for c in range(s.col, min(s.col + s.cols, width)):
                        merged[c] = {**(merged[c] or {}), **spec}
                cache[key] = merged
            current = cache[key]
        yield current


def cell_styles(grid: Grid) -> dict:
    """{(row, col): CellStyle} for every styled cell of a grid (later fills add to earlier ones),
    for the sheet-XML writer; rows sharing one set of rectangles share one list of looks."""
    looks: dict[tuple, object] = {}
    # merged_specs shares one list among rows under the same rectangles, and such lists recur
    # (coloured rows among plain ones): their looks by the list's id, the list kept alive with them
    by_specs: dict[int, tuple[list, list]] = {}
    out: dict = {}
    for r, specs in enumerate(merged_specs(grid)):
        known = by_specs.get(id(specs))
        if known is not None:
            row_looks = known[1]
        else:
            row_looks = []
            by_specs[id(specs)] = (specs, row_looks)
            for c, spec in enumerate(specs):
                if spec:
                    key = tuple(sorted(spec.items()))
                    if key not in looks:
                        looks[key] = cell_style(spec)
                    row_looks.append((c, looks[key]))
        for c, look in row_looks:
            out[(r, c)] = look
    return out


def cell_style(spec: dict):
    from .writeback.styles import CellStyle

    return CellStyle(spec.get("color"), bool(spec.get("bold")), spec.get("number_format"), spec.get("align"),
                     bool(spec.get("wrap")), bool(spec.get("border")), spec.get("valign"))
