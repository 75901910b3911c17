"""Raw sheet values → DataFrames, by the contract's headers and aliases.

Columns are found by header text, never by position; a merged title row above the header, the
hint row of the built workbook and blank rows are skipped. Every problem is collected, so the
user sees them all at once.
"""
from __future__ import annotations

import re
import unicodedata
from itertools import compress
from operator import itemgetter
from datetime import date

import numpy as np
import pandas as pd

from .contract import TIME_FMT, Column, SheetDef
from .problems import Problem
from .timeparse import parse_column
from .text import name_keys

ROW = "_row"  # the Excel row number of each record, for messages
HEADER_SEARCH_ROWS = 10
_INVISIBLE = r"[\u200b\u200c\u200d\u2060\ufeff]"


def header_text(value: object) -> str:
    """A header cell as compared: NFKC, no spaces, no required-marks or colons."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"[\s*＊:：\u3000\u00a0]", "", text)


def find_header(values: list[list], sheet: SheetDef) -> tuple[int, dict[str, int]] | None:
    """(row index, {header: column index}) of the first row that names every required column."""
    wanted = {c.header: {header_text(n) for n in c.names} for c in sheet.columns}
    required = [c.header for c in sheet.columns if c.required]
    best = None
    for r, row in enumerate(values[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for i, cell in enumerate(row):
            text = header_text(cell)
            if not text:
                continue
            for header, names in wanted.items():
                if header not in found and text in names:
                    found[header] = i
                    break
        if all(h in found for h in required):
            return r, found
        if found and (best is None or len(found) > len(best[1])):
            best = (r, found)
    return best  # the likeliest header row, missing a required column


_DIRTY = re.compile(_INVISIBLE + "|\u00a0")
_CLEAN = str.maketrans({"\u00a0": " ", "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None})


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).strip()


def _text_column(raw: list) -> list[str]:
    """Cell values as trimmed text; phone numbers stored as numbers lose no digits."""
    if set(map(type, raw)) <= {str}:
        out = list(map(str.strip, raw))  # strips every Unicode space, U+3000 and U+00A0 included
    else:
        out = [v.strip() if type(v) is str else _as_text(v) for v in raw]
    dirty = _DIRTY.search
    if dirty("\x00".join(out)):  # rare: NBSP or zero-width characters pasted from the web
        out = [v.translate(_CLEAN).strip() if dirty(v) else v for v in out]
    return out


def read_table(
    values: list[list] | None,
    sheet: SheetDef,
    problems: list[Problem],
    day: date | None = None,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """The sheet's records with every contract column (missing optional ones empty).

    Time columns are parsed to datetimes on `day`; bad cells are added to `problems`.
    `columns` limits the work to the columns a capability uses (required ones are always read).
    """
    headers = [h for h in sheet.headers if columns is None or h in columns or sheet.column(h).required]
    def empty() -> pd.DataFrame:
        return pd.DataFrame({h: pd.Series(dtype=object) for h in [*headers, ROW]})

    if values is None:
        if sheet.required:
            problems.append(Problem(sheet.name, "找不到这张工作表，请勿改名或删除"))
        return empty()
    located = find_header(values, sheet)
    if located is None:
        for c in sheet.columns:
            if c.required:
                problems.append(Problem(sheet.name, f"找不到“{c.header}”列，请在第1行表头中填写", row=1, column=c.header))
        return empty()
    header_row, where = located
    lacking = [c for c in sheet.columns if c.required and c.header not in where]
    for c in lacking:
        problems.append(Problem(sheet.name, f"找不到“{c.header}”列，请在表头行添加（可用名称：{'、'.join(c.names)}）", row=header_row + 1, column=c.header))
    if lacking:
        return empty()
    data = values[header_row + 1 :]
    times = [h for h in headers if _is_time(sheet.column(h))]
    cols: dict[str, list] = {}
    for h in headers:
        i = where.get(h)
        if i is None:
            raw = [None] * len(data) if h in times else [""] * len(data)
        else:
            try:
                raw = list(map(itemgetter(i), data))
            except IndexError:  # ragged rows
                raw = [row[i] if i < len(row) else None for row in data]
        cols[h] = raw if h in times else _text_column(raw)
    keep = list(compress(range(len(data)), map(any, data)))  # "" and None are blank
    if sheet.hint and keep and any(sheet.hint[:12] in str(v) for v in data[keep[0]] if v):
        keep = keep[1:]
    if len(keep) < len(data):
        cols = {h: [col[r] for r in keep] for h, col in cols.items()}
    frame = pd.DataFrame({h: pd.Series(cols[h], dtype=object) for h in headers})
    frame[ROW] = np.asarray(keep, dtype=np.int64) + (header_row + 2)

    for c in sheet.columns:
        if c.required and not c.allow_blank and c.header in where and c.header in headers:
            missing = frame[c.header].eq("")
            for r in frame.loc[missing, ROW]:
                problems.append(Problem(sheet.name, f"“{c.header}”不能为空", row=int(r), column=c.header, column_index=where[c.header] + 1))
    for h in times:
        parsed, bad = parse_column(frame[h].tolist(), day)
        for pos, message in bad:
            problems.append(Problem(sheet.name, message, row=int(frame[ROW].iat[pos]), column=h, column_index=where[h] + 1))
        frame[h] = pd.Series(parsed, dtype="datetime64[ns]", index=frame.index) if len(frame) else pd.Series(dtype="datetime64[ns]")
    frame.attrs["columns"] = {h: i + 1 for h, i in where.items()}
    frame.attrs["sheet"] = sheet.name
    return frame


def _is_time(column: Column) -> bool:
    return column.number_format == TIME_FMT


def with_keys(frame: pd.DataFrame, name_column: str = "姓名", unit_column: str = "单位") -> pd.DataFrame:
    """Adds the matching keys `_key` (name) and `_unit` (unit) to a table."""
    frame = frame.copy()
    frame["_key"] = name_keys(frame[name_column]) if len(frame) else pd.Series(dtype=object)
    frame["_unit"] = name_keys(frame[unit_column]) if len(frame) else pd.Series(dtype=object)
    return frame


def locate_columns(values: list[list], sheet_name: str, keys: list[str]) -> tuple[int, dict[str, int]]:
    """Where to write `keys` in an input sheet: (header row index, {key: column index}).

    Columns are found as the readers find them (aliases included); a key with no column gets a
    new one after the last header, so nothing typed is overwritten.
    """
    from .contract import SHEETS

    sheet = SHEETS.get(sheet_name)
    located = find_header(values, sheet) if sheet else None
    if located:
        header_row, where = located
    else:
        header_row, where = 0, {}
    header = values[header_row] if values else []
    plain = {header_text(v): i for i, v in enumerate(header) if header_text(v)}
    result: dict[str, int] = {}
    next_free = max([i for i, v in enumerate(header) if v not in (None, "")] + [-1]) + 1
    for key in keys:
        if key in where:
            result[key] = where[key]
        elif header_text(key) in plain:
            result[key] = plain[header_text(key)]
        else:
            result[key] = next_free
            next_free += 1
    return header_row, result
