"""The file adapter: the command line's view of a saved workbook, and its unit of work.

Reads go through python-calamine. What a command changes (rows appended at the sign-in desk,
cells filled by the call round, generated sheets) is kept in memory, seen by later reads of the
same command, and written into the workbook by `commit()` (port/writeback), as the button does
in Excel. A failed command commits nothing; `read_only` commits nothing and says what it would have.
"""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from python_calamine import CalamineWorkbook

from ..contract import SHEETS
from ..problems import InputError, Problem, cell_position
from ..tables import locate_columns, paused_gc
from .layout import Sheet, lay_out
from .reading import check_extent, open_book, unreadable
from .xlsx import write_xlsx


class FileWorkbook:
    interactive = False  # errors propagate to the command line (exit code 2)

    def __init__(self, path: str | Path, out_dir: str | Path | None = None, stream=None, read_only: bool = False):
        from .writeback import atomic

        self.path = Path(path)
        if self.path.is_dir():
            raise InputError(Problem(self.path.name, f"{self.path} 是一个文件夹，不是工作簿：请指定 .xlsx 或 .xlsm 文件", place="文件"))
        if not self.path.is_file():
            raise InputError(Problem(self.path.name, f"找不到工作簿文件 {self.path}", place="文件"))
        self.name = self.path.name
        self.out_dir = Path(out_dir) if out_dir else None
        self.stream = stream or sys.stdout
        self.read_only = read_only
        self._fingerprint = atomic.fingerprint(self.path)
        self._book = open_book(self.path)
        self._values: dict[str, list[list]] = {}
        self._changed: dict[str, list[list]] = {}  # input sheets as this command left them
        self._generated: dict[str, tuple[Sheet, datetime]] = {}  # generated sheets to write, with their time stamp
        self._rendered: dict = {}  # their rows as drawn (writeback.Rendered)
        self._styles = None  # the workbook's StyleBook, once a sheet is drawn
        self.written: list[Path] = []

    @property
    def folder(self) -> Path:
        return self.path.resolve().parent

    @property
    def workbook_path(self) -> Path:
        return self.path

    def sheet_names(self) -> list[str]:
        return list(dict.fromkeys([*self._book.sheet_names, *self._changed, *self._generated]))

    def preload(self, sheets: list[str]) -> None:
        """Parses the named sheets two at a time: calamine parses XML outside the GIL, so on an
        office PC's several cores the big roster and sign-in sheets come in about together."""
        wanted = [s for s in sheets if s in self._book.sheet_names and s not in self._values]
        if len(wanted) < 2:
            return
        from concurrent.futures import ThreadPoolExecutor

        def parse_others() -> None:  # a second reader of its own, beside this thread's
            book = open_book(self.path)
            for name in wanted[1:]:
                self._values[name] = _sheet_values(book, name)

        with paused_gc(), ThreadPoolExecutor(max_workers=1) as pool:  # the worker's sheets are paused for too
            others = pool.submit(parse_others)
            self._values[wanted[0]] = _sheet_values(self._book, wanted[0])
            others.result()

    def _original(self, sheet: str) -> list[list] | None:
        if sheet not in self._values:
            if sheet not in self._book.sheet_names:
                return None
            self._values[sheet] = _sheet_values(self._book, sheet)
        return self._values[sheet]

    def read_values(self, sheet: str) -> list[list] | None:
        if sheet in self._changed:
            return self._changed[sheet]
        if sheet in self._generated:
            generated, stamp = self._generated[sheet]
            return lay_out(generated, stamp).values
        return self._original(sheet)

    def output_folder(self, default: Path) -> Path:
        return self.out_dir or default

    def write_sheets(self, sheets: list[Sheet], export_as: str | None, out_dir: Path) -> Path | None:
        """Generated sheets: drawn once against the workbook's styles, for the workbook (on commit)
        and for the exported copy alike."""
        from .writeback import render

        stamp = datetime.now().replace(microsecond=0)
        styles = self._style_book()
        rendered = {sheet.name: render(sheet, styles, stamp) for sheet in sheets}
        for sheet in sheets:
            self._changed.pop(sheet.name, None)
            self._generated[sheet.name] = (sheet, stamp)
            self._rendered[sheet.name] = rendered[sheet.name]
        if not export_as:
            return None
        path = write_xlsx(sheets, out_dir / export_as, stamp, styles, rendered)
        self.written.append(path)
        return path

    def _style_book(self):
        """The workbook's styles as read, shared by every sheet this command draws and by the
        commit, so that a look added for one is where the other expects it."""
        if self._styles is None:
            from .writeback import styles_of

            self._styles = styles_of(self.path)
        return self._styles

    def append_rows(self, sheet: str, rows: list[dict[str, object]]) -> list[int]:
        values = self._editable(sheet)
        header_row, headers = locate_columns(values, sheet, list(dict.fromkeys(k for r in rows for k in r)))
        if not values:
            values.append([])
        _name_new_columns(values[header_row], headers)
        width = max(len(values[header_row]), 1)
        last = max(_last_used(values), header_row)
        numbers = []
        for record in rows:
            line = [None] * width
            for key, value in record.items():
                if key in headers:
                    line.extend([None] * (headers[key] + 1 - len(line)))
                    line[headers[key]] = value
            if last + 1 < len(values):
                values[last + 1] = line  # below the last used row every row is blank
            else:
                values.append(line)
            last += 1
            numbers.append(last + 1)
        return numbers

    def fill_cells(self, sheet: str, cells: list[tuple[int, str, object]]) -> None:
        self._put_cells(sheet, cells, overwrite=False)

    def set_cells(self, sheet: str, cells: list[tuple[int, str, object]]) -> None:
        """Writes (row, header, value) cells whether or not they hold something: only for a change
        staff accepted explicitly (回执 with 采纳 = 是). fill_cells is the default."""
        self._put_cells(sheet, cells, overwrite=True)

    def _put_cells(self, sheet: str, cells: list[tuple[int, str, object]], overwrite: bool) -> None:
        values = self._editable(sheet)
        header_row, headers = locate_columns(values, sheet, list(dict.fromkeys(h for _, h, _ in cells)))
        if not values:
            values.append([])
        _name_new_columns(values[header_row], headers)
        for row, header, value in cells:
            values.extend([] for _ in range(row - len(values)))
            line = values[row - 1]
            col = headers[header]
            line.extend([None] * (col + 1 - len(line)))
            if overwrite or line[col] in (None, ""):
                line[col] = value

    def write_cells(self, sheet: str, cells: dict[str, object]) -> None:
        """Cells of input tables change; form sheets (the sign-in desk's result cells) exist only in Excel."""
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
            self._changed[sheet] = [list(r) for r in (self._original(sheet) or [])]
        return self._changed[sheet]

    # -- the unit of work ----------------------------------------------------------------------
    def edits(self) -> list:
        """What this command changed, sheet by sheet, as write-back edits."""
        from .writeback import SheetEdit

        edits = []
        for name, values in self._changed.items():
            original = self._original(name) or []
            cells, appended = _differences(original, values)
            if cells:
                edits.append(SheetEdit(name, cells, appended, _data_start(name, values)))
        for name, (sheet, _) in self._generated.items():
            edits.append(SheetEdit(name, replacement=sheet, rendered=self._rendered.get(name)))
        return edits

    def commit(self) -> list[str]:
        """Writes the changes into the workbook (unless read-only); returns lines for the user."""
        lines = [f"已写入：{p}" for p in self.written]
        edits = self.edits()
        if not edits:
            return lines
        described = "、".join(_describe(e) for e in edits)
        if self.read_only:
            return [*lines, f"（只读运行）以下改动未写回工作簿：{described}"]
        from .writeback import atomic, write_back

        stamp = max((s for _, s in self._generated.values()), default=None)
        try:
            result = write_back(self.path, edits, self._fingerprint, stamp, self._styles)
        except atomic.WorkbookChanged:
            raise InputError(Problem(self.name, "运行期间工作簿被其他程序改动过，为免覆盖那些改动，本次结果未写回。请重新运行。",
                                     place="文件")) from None
        self._fingerprint = atomic.fingerprint(self.path)
        self._values = {**self._values, **{k: v for k, v in self._changed.items()}}
        self._changed.clear()
        self._generated.clear()
        self._rendered.clear()
        self._styles = None
        self._book = open_book(self.path)
        lines.append(f"已写回工作簿 {self.name}：{described}（原文件备份在 {result.backup.parent.name}{_sep()}{result.backup.name}）")
        if result.skipped:
            lines.append(f"注意：以下单元格含公式，未改动：{'、'.join(result.skipped[:10])}")
        return lines

    def close(self, out_dir: Path | None = None) -> list[str]:  # the former name of commit()
        return self.commit()

    def notify(self, message: str, title: str = "huiwu") -> None:
        print(message, file=self.stream)

    def status(self, message: str) -> None:
        pass


def _sep() -> str:
    return "\\" if sys.platform == "win32" else "/"


def _describe(edit) -> str:
    if edit.replacement is not None:
        return f"“{edit.name}”（重新生成）"
    if edit.appended and len(edit.appended) == len({r for r, _ in edit.cells}):
        return f"“{edit.name}”（追加 {len(edit.appended)} 行）"
    changed_rows = {r for r, _ in edit.cells} - edit.appended
    parts = [f"填写 {len(changed_rows)} 行"] + ([f"追加 {len(edit.appended)} 行"] if edit.appended else [])
    return f"“{edit.name}”（{'，'.join(parts)}）"


def _blank(value) -> bool:
    return value is None or value == ""


def _differences(before: list[list], after: list[list]) -> tuple[dict[tuple[int, int], object], set[int]]:
    """{(row, col): new value} for every cell that differs (rows 1-based), and the rows added below."""
    last_before = _last_used(before)
    cells: dict[tuple[int, int], object] = {}
    appended: set[int] = set()
    for r, row in enumerate(after):
        old = before[r] if r < len(before) else ()
        for c in range(max(len(row), len(old))):
            new = row[c] if c < len(row) else None
            was = old[c] if c < len(old) else None
            if (_blank(new) and _blank(was)) or new == was and type(new) is type(was):
                continue
            if isinstance(new, float) and isinstance(was, (int, float)) and new == was:
                continue
            cells[(r + 1, c)] = new
            if r > last_before:
                appended.add(r + 1)
    return cells, appended


def _data_start(sheet: str, values: list[list]) -> int:
    """The first row (1-based) below the header and the built workbook's hint row."""
    definition = SHEETS.get(sheet)
    header_row, _ = locate_columns(values, sheet, []) if definition else (0, {})
    start = header_row + 2
    if definition and definition.hint and header_row + 1 < len(values):
        if any(isinstance(v, str) and definition.hint[:12] in v for v in values[header_row + 1]):
            start += 1
    return start


def _sheet_values(book: CalamineWorkbook, sheet: str) -> list[list]:
    """Every cell from A1 on; a merged area's value in each of its cells."""
    check_extent(book.path, sheet)
    with unreadable(book.path, sheet), paused_gc():
        ws = book.get_sheet_by_name(sheet)
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
