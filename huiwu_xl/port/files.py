"""The file adapter: the command line's view of a saved workbook. It never rewrites the input."""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from python_calamine import CalamineWorkbook

from ..contract import SHEETS
from ..problems import cell_position
from ..tables import locate_columns, paused_gc
from .layout import Block, Sheet
from .xlsx import write_xlsx


class FileWorkbook:
    interactive = False  # errors propagate to the command line (exit code 2)

    def __init__(self, path: str | Path, out_dir: str | Path | None = None, stream=None):
        self.path = Path(path)
        self.name = self.path.name
        self.out_dir = Path(out_dir) if out_dir else None
        self.stream = stream or sys.stdout
        self._book = CalamineWorkbook.from_path(str(self.path))
        self._values: dict[str, list[list]] = {}
        self._changed: dict[str, list[list]] = {}  # input sheets with appended rows, written on close
        self.written: list[Path] = []

    @property
    def folder(self) -> Path:
        return self.path.resolve().parent

    def sheet_names(self) -> list[str]:
        return list(self._book.sheet_names)

    def preload(self, sheets: list[str]) -> None:
        """Parses the named sheets two at a time: calamine parses XML outside the GIL, so on an
        office PC's several cores the big roster and sign-in sheets come in about together."""
        wanted = [s for s in sheets if s in self._book.sheet_names and s not in self._values]
        if len(wanted) < 2:
            return
        from concurrent.futures import ThreadPoolExecutor

        def parse_others() -> None:  # a second reader of its own, beside this thread's
            book = CalamineWorkbook.from_path(str(self.path))
            for name in wanted[1:]:
                self._values[name] = _sheet_values(book, name)

        with paused_gc(), ThreadPoolExecutor(max_workers=1) as pool:  # the worker's sheets are paused for too
            others = pool.submit(parse_others)
            self._values[wanted[0]] = _sheet_values(self._book, wanted[0])
            others.result()

    def read_values(self, sheet: str) -> list[list] | None:
        if sheet in self._changed:
            return self._changed[sheet]
        if sheet not in self._values:
            if sheet not in self._book.sheet_names:
                return None
            self._values[sheet] = _sheet_values(self._book, sheet)
        return self._values[sheet]

    def output_folder(self, default: Path) -> Path:
        return self.out_dir or default

    def write_sheets(self, sheets: list[Sheet], export_as: str | None, out_dir: Path) -> Path:
        target = out_dir / (export_as or f"{sheets[0].name}.xlsx")
        path = write_xlsx(sheets, target, datetime.now())
        self.written.append(path)
        return path

    def append_rows(self, sheet: str, rows: list[dict[str, object]]) -> list[int]:
        values = self._editable(sheet)
        header_row, headers = locate_columns(values, sheet, list(dict.fromkeys(k for r in rows for k in r)))
        if not values:
            values.append([])
        _name_new_columns(values[header_row], headers)
        width = max(len(values[header_row]), 1)
        last = _last_used(values)
        numbers = []
        for record in rows:
            line = [None] * width
            for key, value in record.items():
                if key in headers:
                    line[headers[key]] = value
            values.insert(last + 1, line) if last + 1 < len(values) else values.append(line)
            last += 1
            numbers.append(last + 1)
        return numbers

    def fill_cells(self, sheet: str, cells: list[tuple[int, str, object]]) -> None:
        values = self._editable(sheet)
        header_row, headers = locate_columns(values, sheet, list(dict.fromkeys(h for _, h, _ in cells)))
        _name_new_columns(values[header_row], headers)
        for row, header, value in cells:
            line = values[row - 1]
            col = headers[header]
            line.extend([None] * (col + 1 - len(line)))
            if line[col] in (None, ""):
                line[col] = value

    def write_cells(self, sheet: str, cells: dict[str, object]) -> None:
        """Cells of input tables change in the updated copy; form sheets (the sign-in desk) exist only in Excel."""
        if sheet not in SHEETS or self.read_values(sheet) is None:
            return
        values = self._editable(sheet)
        for address, value in cells.items():
            row, col = cell_position(address)
            values.extend([] for _ in range(row + 1 - len(values)))
            values[row].extend([None] * (col + 1 - len(values[row])))
            values[row][col] = value

    def _editable(self, sheet: str) -> list[list]:
        if sheet not in self._changed:
            self._changed[sheet] = [list(r) for r in (self.read_values(sheet) or [])]
        return self._changed[sheet]

    def close(self, out_dir: Path | None = None) -> list[Path]:
        """Saves input sheets that gained rows as `<sheet>（更新）.xlsx`, cell for cell as they would
        stand in the workbook (title rows and all), so staff can copy them back; the original is
        left as it was."""
        import pandas as pd

        for name, values in self._changed.items():
            if not values:
                continue
            width = max(len(r) for r in values)
            frame = pd.DataFrame([list(r) + [None] * (width - len(r)) for r in values])
            sheet = Sheet(name, [Block(frame, header=False)], note="", tab_color=None, freeze=False)
            folder = out_dir or self.out_dir or self.folder
            self.written.append(write_xlsx([sheet], folder / f"{name}（更新）.xlsx", datetime.now()))
        self._changed.clear()
        return self.written

    def notify(self, message: str, title: str = "huiwu") -> None:
        print(message, file=self.stream)

    def status(self, message: str) -> None:
        pass


def _sheet_values(book: CalamineWorkbook, sheet: str) -> list[list]:
    """Every cell from A1 on; a merged area's value in each of its cells."""
    ws = book.get_sheet_by_name(sheet)
    with paused_gc():
        values = ws.to_python(skip_empty_area=False)
    _fill_merged(values, ws.merged_cell_ranges)
    return values


def _fill_merged(values: list[list], ranges) -> None:
    for (r0, c0), (r1, c1) in ranges or []:
        if r0 >= len(values):
            continue
        top = values[r0][c0] if c0 < len(values[r0]) else None
        for r in range(r0, min(r1 + 1, len(values))):
            for c in range(c0, min(c1 + 1, len(values[r]))):
                if values[r][c] in (None, ""):
                    values[r][c] = top


def _name_new_columns(header: list, columns: dict[str, int]) -> None:
    for key, col in columns.items():
        header.extend([None] * (col + 1 - len(header)))
        if header[col] in (None, ""):
            header[col] = key


def _last_used(values: list[list]) -> int:
    for i in range(len(values) - 1, -1, -1):
        if any(v not in (None, "") for v in values[i]):
            return i
    return -1
