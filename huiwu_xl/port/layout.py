"""Generated sheets as plain data: what a macro writes, before any adapter writes it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from ..contract import GENERATED_NOTE, GENERATED_TAB_COLOR, TIME_FMT

HEADER_FILL = "#DDEBF7"
TITLE_FILL = "#FCE4D6"
VIOLATION_FILL = "#FFC7CE"
DATETIME_FORMAT = TIME_FMT


@dataclass
class Block:
    """One table on a sheet: an optional bold title line, a header row, the rows."""

    frame: pd.DataFrame
    title: str | None = None
    header: bool = True
    row_fills: dict[int, str] = field(default_factory=dict)  # frame position → fill colour
    cell_fills: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → colour
    bold_rows: set[int] = field(default_factory=set)
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

    @classmethod
    def table(cls, name: str, frame: pd.DataFrame, widths: dict[str, float] | None = None, **kw) -> "Sheet":
        block_kw = {k: kw.pop(k) for k in ("row_fills", "cell_fills", "bold_rows", "title") if k in kw}
        cols = list(frame.columns)
        return cls(name, [Block(frame, **block_kw)], {cols.index(k): v for k, v in (widths or {}).items() if k in cols}, **kw)


@dataclass
class Fill:
    row: int  # 0-based grid position
    col: int
    rows: int
    cols: int
    color: str | None = None
    bold: bool = False
    number_format: str | None = None


@dataclass
class Grid:
    values: list[list]
    styles: list[Fill]
    freeze_row: int | None  # rows above this index stay visible
    images: list[tuple[int, int, bytes]] = field(default_factory=list)  # (grid row, col, PNG)


def _cell(value):
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, datetime)):
        return value.item()  # numpy scalars
    return value


def lay_out(sheet: Sheet, stamp: datetime | None = None) -> Grid:
    width = max([len(b.frame.columns) for b in sheet.blocks] + [1])
    stamp_text = f"（{stamp:%Y-%m-%d %H:%M}）" if stamp else ""
    values: list[list] = []
    styles: list[Fill] = []
    images: list[tuple[int, int, bytes]] = []
    if sheet.note:  # a sheet without a note is a plain copy of cells (an updated input sheet)
        values.append([f"{sheet.name} — {sheet.note}{stamp_text}"] + [None] * (width - 1))
        styles.append(Fill(0, 0, 1, width, TITLE_FILL))
    freeze = None
    for b in sheet.blocks:
        if len(values) > int(bool(sheet.note)):
            values.append([None] * width)
        if b.title:
            styles.append(Fill(len(values), 0, 1, 1, bold=True))
            values.append([b.title] + [None] * (width - 1))
        cols = list(b.frame.columns)
        if b.header:
            styles.append(Fill(len(values), 0, 1, len(cols), HEADER_FILL, bold=True))
            values.append([str(c) for c in cols] + [None] * (width - len(cols)))
            if freeze is None and sheet.freeze:
                freeze = len(values)
        top = len(values)
        for c, col in enumerate(cols):
            if pd.api.types.is_datetime64_any_dtype(b.frame[col]) and len(b.frame):
                styles.append(Fill(top, c, len(b.frame), 1, number_format=DATETIME_FORMAT))
            elif _digits_as_text(b.frame[col]):  # 份号 000012, a landline 0470…: Excel would drop the zero
                styles.append(Fill(top, c, len(b.frame), 1, number_format="@"))
        for row in b.frame.itertuples(index=False, name=None):
            values.append([_cell(v) for v in row] + [None] * (width - len(cols)))
        for r, color in _runs(b.row_fills):
            styles.append(Fill(top + r[0], 0, r[1], len(cols), color))
        for (r, c), color in b.cell_fills.items():
            styles.append(Fill(top + r, c, 1, 1, color))
        for r in sorted(b.bold_rows):
            styles.append(Fill(top + r, 0, 1, len(cols), bold=True))
        images += [(top + r, c, png) for (r, c), png in b.images.items()]
    return Grid(values, styles, freeze, images)


def _digits_as_text(column: pd.Series) -> bool:
    if not (column.dtype == object or pd.api.types.is_string_dtype(column)):
        return False
    return any(isinstance(v, str) and v[:1] == "0" and v.isdigit() for v in column)


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


def cell_styles(grid: Grid) -> dict:
    """{(row, col): CellStyle} for every styled cell of a grid (later fills add to earlier ones)."""
    from .writeback.styles import CellStyle

    parts: dict[tuple[int, int], dict] = {}
    for s in grid.styles:
        for r in range(s.row, s.row + s.rows):
            for c in range(s.col, s.col + s.cols):
                spec = parts.setdefault((r, c), {})
                if s.color:
                    spec["fill"] = s.color
                if s.bold:
                    spec["bold"] = True
                if s.number_format:
                    spec["number_format"] = s.number_format
    return {position: CellStyle(**spec) for position, spec in parts.items()}
