"""Workbooks as they arrive from outside: the demo meeting with whatever a careless user or an
attacker put into it. Shared by the hostile-input regression tests and the property suite."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from huiwu_xl import demo
from huiwu_xl.contract import BUTTONS, INPUT_SHEETS, MEETING, SHEETS

BUTTON_ARGS = {b.caption: [b.command, *([b.flag] if b.flag else [])] for b in BUTTONS}  # every button, its flag included
COMMANDS = list(dict.fromkeys(b.command for b in BUTTONS))
MAIL_ROWS = [(k, v) for k, v in demo.MAIL_ROWS]


@dataclass
class Book:
    """What to write: the demo's tables and settings, changed at will, plus stray cells and merges."""

    tables: dict[str, list[dict]] = field(default_factory=lambda: demo.demo_tables())
    meeting: list[tuple[str, object]] = field(default_factory=lambda: demo.meeting_rows() + [("未回收涉密材料仍归档", "是")])
    mail: list[tuple[str, object]] = field(default_factory=lambda: list(MAIL_ROWS))
    extra_cells: dict[str, list[tuple[int, int, object]]] = field(default_factory=dict)  # sheet → (row, col, value), 0-based
    merges: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)  # sheet → (r0, c0, r1, c1)
    headers: dict[str, list[str]] = field(default_factory=dict)  # sheet → header row replacing the contract's
    changes: list[str] = field(default_factory=list)  # what was done to the demo, for a readable failure report

    def __repr__(self) -> str:
        return f"Book(changes={self.changes!r})"

    def _repr_pretty_(self, printer, cycle) -> None:  # what hypothesis prints for a failing example
        printer.text(repr(self))

    def setting(self, key: str, value: object) -> "Book":
        self.changes.append(f"会议信息 {key} = {value!r}")
        self.meeting = [(k, v) for k, v in self.meeting if k != key] + [(key, value)]
        return self

    def write(self, path: Path) -> Path:
        import xlsxwriter

        path.parent.mkdir(parents=True, exist_ok=True)
        book = xlsxwriter.Workbook(str(path), {"default_date_format": "yyyy-mm-dd hh:mm", "strings_to_formulas": False,
                                              "strings_to_numbers": False, "strings_to_urls": False})
        book.set_properties({"created": datetime(2026, 11, 1)})
        sheets = {}
        for name, rows in [(MEETING.name, self.meeting), ("邮件设置", self.mail)]:
            ws = sheets[name] = book.add_worksheet(name)
            ws.write_row(0, 0, ["项目", "内容"])
            for r, (k, v) in enumerate(rows, start=1):
                _cell(ws, r, 0, k)
                _cell(ws, r, 1, v)
        for sheet in INPUT_SHEETS:
            if sheet.name not in self.tables:
                continue
            ws = sheets[sheet.name] = book.add_worksheet(sheet.name)
            headers = self.headers.get(sheet.name, SHEETS[sheet.name].headers)
            ws.write_row(0, 0, headers)
            for r, record in enumerate(self.tables[sheet.name], start=1):
                for c, h in enumerate(headers):
                    _cell(ws, r, c, record.get(h))
        for name, cells in self.extra_cells.items():
            ws = sheets.get(name) or sheets.setdefault(name, book.add_worksheet(name))
            for r, c, v in cells:
                _cell(ws, r, c, v)
        for name, ranges in self.merges.items():
            for r0, c0, r1, c1 in ranges:
                if name in sheets and (r0, c0) != (r1, c1):
                    sheets[name].merge_range(r0, c0, r1, c1, None)
        book.close()
        return path


def _cell(ws, r: int, c: int, v: object) -> None:
    if v is None or v == "":
        return
    if isinstance(v, bool):
        ws.write_boolean(r, c, v)
    elif isinstance(v, datetime):
        ws.write_datetime(r, c, v)
    elif isinstance(v, (date, time)):
        ws.write_datetime(r, c, v)
    elif isinstance(v, (int, float)):
        if v == v and abs(v) != float("inf"):
            ws.write_number(r, c, v)
    else:
        ws.write_string(r, c, str(v))  # never a formula, whatever the text


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def files_under(folder: Path) -> set[Path]:
    return {p for p in Path(folder).rglob("*")} if Path(folder).exists() else set()


def command_args(command: str, workbook: Path, out: Path | None = None, name: str = "王伟", unit: str = "旗委宣传部",
                 flag: str = "") -> list[str]:
    args = [command, str(workbook), *([flag] if flag else [])]
    if out is not None:
        args += ["--out", str(out)]
    if command == "sign-in":
        args += ["--name", name, "--unit", unit]
    if command == "mail":
        args += ["--dry-run"]
    return args


def sheet_values(path: Path) -> dict[str, list[list]]:
    """Every sheet's cells as python-calamine reads them (to compare a workbook before and after).
    A sheet with a cell too far out to read (it would abort the reader) is compared by its XML.
    """
    from python_calamine import CalamineWorkbook

    from huiwu_xl.port.reading import ExtentError, _sheet_parts, check_extent

    book = CalamineWorkbook.from_path(str(path))
    out = {}
    for name in book.sheet_names:
        try:
            check_extent(str(path), name)
        except ExtentError:
            import zipfile

            stat = Path(path).stat()
            part = _sheet_parts(str(path), stat.st_mtime_ns, stat.st_size)[name]
            with zipfile.ZipFile(path) as z:
                out[name] = hashlib.sha256(z.read(part)).hexdigest()
            continue
        out[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return out
