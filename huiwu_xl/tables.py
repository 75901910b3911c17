"""Raw sheet values → DataFrames, by the contract's headers and aliases.

Columns are found by header text, never by position; a merged title row above the header, the
hint row of the built workbook and blank rows are skipped. Every problem is collected, so the
user sees them all at once.
"""
from __future__ import annotations

import gc
import re
import threading
import unicodedata
from contextlib import contextmanager
from itertools import compress
import operator
from operator import itemgetter
from datetime import date

import numpy as np
import pandas as pd

from .contract import TIME_FMT, YES_NO, YES_NO_SYNONYMS, Column, SheetDef
from .problems import Problem
from .timeparse import parse_column
from .text import cell_text, name_keys

ROW = "_row"  # the Excel row number of each record, for messages
HEADER_SEARCH_ROWS = 10


_pauses = 0  # paused_gc blocks the main thread is inside of
_enable_after = False  # whether the outermost of them found the collector on


@contextmanager
def paused_gc():
    """Reading a large sheet makes millions of objects that all live on: the cyclic garbage
    collector would scan them again and again for nothing (measured: a quarter of the read time
    at 100,000 rows). Reference counting still frees everything as usual.

    The collector is the whole process's. Only the main thread switches it off — where a press
    runs, on the command line and in xlwings' COM server alike; a worker thread (a server handling
    requests side by side) leaves it alone. Pauses nest; the outermost puts back what it found."""
    global _pauses, _enable_after
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if _pauses == 0:
        _enable_after = gc.isenabled()
        gc.disable()
    _pauses += 1
    try:
        yield
    finally:
        _pauses -= 1
        if _pauses == 0 and _enable_after:
            gc.enable()


def never_generated(values: list[list] | None) -> bool:
    """True for a generated sheet as the build leaves it: nothing but its banner line."""
    from .contract import GENERATED_NOTE

    filled = [v for row in values or [] for v in row if v not in (None, "")]
    return not filled or (len(filled) == 1 and isinstance(filled[0], str) and GENERATED_NOTE in filled[0])


def header_text(value: object) -> str:
    """A header cell as compared: NFKC, no spaces, no required-marks or colons."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"[\s*＊:：\u3000\u00a0]", "", text)


def _columns_named(row: list, sheet: SheetDef) -> dict[str, int]:
    """{header: column index} for one row: a column's own name wins over another's alias."""
    texts = [header_text(cell) for cell in row]
    found: dict[str, int] = {}
    taken: set[int] = set()
    for names_of in (lambda c: (c.header,), lambda c: c.aliases):
        for column in sheet.columns:
            if column.header in found:
                continue
            names = {header_text(n) for n in names_of(column)}
            i = next((i for i, t in enumerate(texts) if t and t in names and i not in taken), None)
            if i is not None:
                found[column.header] = i
                taken.add(i)
    return found


def find_header(values: list[list], sheet: SheetDef) -> tuple[int, dict[str, int]] | None:
    """(row index, {header: column index}) of the first row that names every required column."""
    required = [c.header for c in sheet.columns if c.required]
    best = None
    for r, row in enumerate(values[:HEADER_SEARCH_ROWS]):
        found = _columns_named(row, sheet)
        if found and all(h in found for h in required):
            return r, found
        if found and (best is None or len(found) > len(best[1])):
            best = (r, found)
    return best  # the likeliest header row, missing a required column


_DIRTY_CHARS = "\u00a0\u200b\u200c\u200d\u2060\ufeff"
_DIRTY = re.compile(f"[{_DIRTY_CHARS}]")


def _text_column(raw: list) -> list[str]:
    """Cell values as trimmed text; phone numbers stored as numbers lose no digits."""
    if set(map(type, raw)) <= {str}:
        out = list(map(str.strip, raw))  # strips every Unicode space, U+3000 and U+00A0 included
    else:
        out = [v.strip() if type(v) is str else cell_text(v) for v in raw]
    dirty = _DIRTY.search
    joined = "\x00".join(out)
    if any(ch in joined for ch in _DIRTY_CHARS):  # rare: NBSP or zero-width characters pasted from the web
        out = [cell_text(v) if dirty(v) else v for v in out]
    return out


@paused_gc()
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
    keep = _records(data, cols, times, where)
    if sheet.hint and keep and any(sheet.hint[:12] in str(v) for v in data[keep[0]] if v):
        keep = keep[1:]
    if len(keep) < len(data):
        cols = {h: [col[r] for r in keep] for h, col in cols.items()}
    frame = pd.DataFrame({h: cols[h] for h in headers}, columns=headers, dtype=object)
    frame[ROW] = np.asarray(keep, dtype=np.int64) + (header_row + 2)

    for c in sheet.columns:
        if c.strict and c.header in where and c.header in headers:
            _check_choices(frame, c, sheet.name, where[c.header] + 1, problems)
        if c.required and not c.allow_blank and c.header in where and c.header in headers:
            for r, value in zip(frame[ROW].tolist(), cols[c.header]):
                if value != "":
                    continue
                problems.append(Problem(sheet.name, f"“{c.header}”不能为空", row=int(r), column=c.header, column_index=where[c.header] + 1))
    for h in times:
        parsed, bad = parse_column(frame[h].tolist(), day)
        for pos, message in bad:
            problems.append(Problem(sheet.name, message, row=int(frame[ROW].iat[pos]), column=h, column_index=where[h] + 1))
        frame[h] = pd.Series(parsed, dtype="datetime64[ns]", index=frame.index) if len(frame) else pd.Series(dtype="datetime64[ns]")
    frame.attrs["columns"] = {h: i + 1 for h, i in where.items()}
    frame.attrs["sheet"] = sheet.name
    frame.attrs["notes"] = doubled_columns(values[header_row], sheet, where)
    return frame


def doubled_columns(header: list, sheet: SheetDef, where: dict[str, int]) -> list[str]:
    """A sentence for each column whose header appears twice (two 姓名 columns): which one is read."""
    from .problems import column_letter

    texts = [header_text(cell) for cell in header]
    notes = []
    for column in sheet.columns:
        if column.header not in where:
            continue
        names = {header_text(n) for n in (column.header, *column.aliases)}
        same = [i for i, t in enumerate(texts) if t and t in names and i != where[column.header]]
        if same:
            used = where[column.header]
            others = "、".join(f"{column_letter(i + 1)}列“{cell_text(header[i])}”" for i in same)
            notes.append(f"注意：工作表“{sheet.name}”中有多列可作“{column.header}”，使用的是 {column_letter(used + 1)}列"
                         f"“{cell_text(header[used])}”，未使用 {others}；如有误，请删除或改名多余的列。")
    return notes


def _records(data: list[list], cols: dict[str, list], times: list[str], where: dict[str, int]) -> list[int]:
    """Positions of the rows that hold a record: not blank, not only spaces, not only a 序号."""
    read = [cols[h] for h in cols if h != "序号" and h in where]
    filled = list(map(any, zip(*read))) if read else [False] * len(data)  # "" and None are blank
    keep = list(compress(range(len(data)), filled))
    skip = {where["序号"]} if "序号" in where else set()

    def typed_elsewhere(row: list) -> bool:  # into a column this capability does not read
        return any(i not in skip and str(v).strip() for i, v in enumerate(row) if v not in ("", None))

    empty_here = compress(range(len(data)), map(operator.not_, filled))  # few rows: blank ones, mostly
    others = [r for r in empty_here if any(data[r]) and typed_elsewhere(data[r])]
    return sorted(keep + others) if others else keep


def _check_choices(frame: pd.DataFrame, column: Column, sheet: str, index: int, problems: list[Problem]) -> None:
    """A value the program decides by must be one of the dropdown's; 是/否 accept √, 有, × …"""
    values = frame[column.header].tolist()
    if column.choices == YES_NO and any(v in YES_NO_SYNONYMS for v in values):
        values = [YES_NO_SYNONYMS.get(v, v) for v in values]
        frame[column.header] = pd.Series(values, index=frame.index, dtype=object)
    allowed = set(column.choices) | {""}
    for row, value in zip(frame[ROW].tolist(), values):
        if value in allowed:
            continue
        hint = f"（{column.choice_hint}）" if column.choice_hint else ""
        problems.append(Problem(sheet, f"“{value}”不是可选的值，请从下拉列表选择：{'、'.join(column.choices)}{hint}",
                                row=int(row), column=column.header, column_index=index))


def _is_time(column: Column) -> bool:
    return column.number_format == TIME_FMT


def with_keys(frame: pd.DataFrame, name_column: str = "姓名", unit_column: str = "单位") -> pd.DataFrame:
    """Adds the matching keys `_key` (name) and `_unit` (unit) to a table (in place; returns it)."""
    frame["_key"] = name_keys(frame[name_column]) if len(frame) else pd.Series(dtype=object)
    frame["_unit"] = name_keys(frame[unit_column]) if len(frame) else pd.Series(dtype=object)
    return frame


def locate_columns(values: list[list], sheet_name: str, keys: list[str]) -> tuple[int, dict[str, int]]:
    """Where to write `keys` in an input sheet: (header row index, {key: column index}).

    Columns are found as the readers find them (aliases included); a key with no column gets a
    new one after the last header, so nothing typed is overwritten. An empty sheet gets the
    contract's whole header, so staff have every column to type into.
    """
    from .contract import SHEETS

    sheet = SHEETS.get(sheet_name)
    if sheet and not any(v not in (None, "") for row in values for v in row):
        keys = list(dict.fromkeys([*sheet.headers, *keys]))
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
