"""会议信息: the meeting's settings, read from the 项目 | 内容 sheet."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from .clean import path_name
from .contract import MEETING, MEETING_SETTINGS, YES
from .problems import Problem
from .tables import header_text, ROW, read_table
from .text import cell_text
from .timeparse import TimeFormatError, format_day, parse_datetime

_BY_NAME = {header_text(n): s for s in MEETING_SETTINGS for n in (s.key, *s.aliases)}


@dataclass
class Meeting:
    """The settings with the contract's defaults applied. `raw` keeps every key typed."""

    name: str
    start: datetime
    end: datetime
    place: str
    raw: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    def get(self, key: str, default: str | None = None) -> str:
        value = self.raw.get(key, "")
        if value != "":
            return value
        if default is not None:
            return default
        return next((s.default for s in MEETING_SETTINGS if s.key == key), "")

    def flag(self, key: str) -> bool:
        return self.get(key) == YES

    def number(self, key: str, problems: list[Problem] | None = None) -> float | None:
        text = self.get(key)
        if text == "":
            return None
        try:
            return float(text)
        except ValueError:
            if problems is not None:
                problems.append(Problem(MEETING.name, f"“{key}”应为数字，现为“{text}”", row=self.rows.get(key), column="内容"))
            return None

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def late_grace(self) -> float:
        return self.number("迟到宽限（分钟）") or 0

    @property
    def early_grace(self) -> float:
        return self.number("早退宽限（分钟）") or 0

    @property
    def written_leave_required(self) -> bool:
        return self.get("需书面请假") != "否"

    def output_dir(self, workbook_folder: Path) -> Path:
        configured = self.get("输出目录")
        if configured:
            path = Path(configured)
            return path if path.is_absolute() else workbook_folder / path
        parent = workbook_folder / "输出"
        return parent / path_name(self.name, folder=parent, reserve=FILE_ROOM, fallback="会议")


FILE_ROOM = 48  # characters a meeting folder leaves for the names of the files in it (Windows' 260)


def read_meeting(values: list[list] | None, problems: list[Problem]) -> Meeting | None:
    """Reads the settings; adds a problem for each missing or unreadable required key."""
    table = read_table(values, MEETING, problems)
    if values is None or table.empty and any(p.sheet == MEETING.name for p in problems):
        return None
    raw: dict[str, str] = {}
    rows: dict[str, int] = {}
    col = table.attrs.get("columns", {}).get("内容", 2) - 1
    for item, content, row in zip(table["项目"], table["内容"], table[ROW]):
        setting = _BY_NAME.get(header_text(item))
        key = setting.key if setting else header_text(item)
        if key and key not in raw:
            cells = values[int(row) - 1]
            raw[key] = _display(cells[col]) if col < len(cells) else content
            rows[key] = int(row)
    start = _time_setting("开始时间", values, col, rows, raw, problems)
    end = _time_setting("结束时间", values, col, rows, raw, problems, start.date() if start else None)
    for s in MEETING_SETTINGS:
        if s.required and not raw.get(s.key):
            problems.append(Problem(MEETING.name, f"缺少必填项目“{s.key}”", row=rows.get(s.key), column="内容" if s.key in rows else "项目"))
        elif s.choices and raw.get(s.key) and raw[s.key] not in s.choices:
            problems.append(Problem(MEETING.name, f"“{s.key}”应为 {' / '.join(s.choices)}，现为“{raw[s.key]}”", row=rows[s.key], column="内容"))
        elif s.kind and raw.get(s.key):
            _check_kind(s.key, s.kind, values[rows[s.key] - 1][col], rows[s.key], problems)
    if start and end and end <= start:
        problems.append(Problem(MEETING.name, "结束时间应晚于开始时间", row=rows.get("结束时间"), column="内容"))
    if not (start and end and raw.get("会议名称")):
        return None
    return Meeting(raw["会议名称"], start, end, raw.get("地点", ""), raw, rows)


def _display(cell: object) -> str:
    """A setting as documents quote it: dates as 2026年11月30日, times as 17:00, numbers without .0."""
    if isinstance(cell, datetime):
        if cell.year <= 1900:  # a time-only cell, as Excel hands it over
            return f"{cell.hour}:{cell.minute:02d}"
        if (cell.hour, cell.minute) == (0, 0):
            return format_day(cell)
        return f"{format_day(cell)}{cell.hour}:{cell.minute:02d}"
    if isinstance(cell, date):
        return format_day(cell)
    if isinstance(cell, time):
        return f"{cell.hour}:{cell.minute:02d}"
    return cell_text(cell)


def _check_kind(key: str, kind: str, cell: object, row: int, problems: list[Problem]) -> None:
    if kind == "number":
        try:
            float(cell_text(cell))
        except ValueError:
            problems.append(Problem(MEETING.name, f"“{key}”应为数字，现为“{cell_text(cell)}”", row=row, column="内容"))
    elif kind == "date":
        try:
            parse_datetime(cell)
        except TimeFormatError:
            problems.append(Problem(MEETING.name, f"“{key}”应为日期，如 2026-11-28，现为“{cell_text(cell)}”", row=row, column="内容"))


def _time_setting(key, values, col, rows, raw, problems, day=None) -> datetime | None:
    if key not in rows or not raw.get(key):
        return None
    row = values[rows[key] - 1]
    cell = row[col] if col < len(row) else raw[key]
    try:
        return parse_datetime(cell, day)
    except TimeFormatError as exc:
        problems.append(Problem(MEETING.name, f"“{key}”{exc}", row=rows[key], column="内容"))
        return None
