"""The one check every Mongolian field gets, with the cell named (core/mongolian.py says what is checked)."""
from __future__ import annotations

import pandas as pd

from ..contract import MEETING, MONGOLIAN_SETTINGS, ROSTER
from ..core.mongolian import fault_message
from ..meeting import Meeting
from ..problems import Problem
from ..tables import ROW

ROSTER_COLUMN = "蒙文姓名"


def roster_problems(roster: pd.DataFrame) -> list[Problem]:
    """Each roster row whose 蒙文姓名 is not clean Unicode traditional Mongolian."""
    if ROSTER_COLUMN not in roster.columns or not len(roster):
        return []
    column = roster.attrs.get("columns", {}).get(ROSTER_COLUMN)
    problems = []
    for row, text in zip(roster[ROW].tolist(), roster[ROSTER_COLUMN].tolist()):
        message = fault_message(text, ROSTER_COLUMN) if text else None
        if message:
            problems.append(Problem(ROSTER.name, message, row=int(row), column=ROSTER_COLUMN, column_index=column))
    return problems


def meeting_problems(meeting: Meeting, keys=MONGOLIAN_SETTINGS) -> list[Problem]:
    """The Mongolian 会议信息 keys (会标, 发文机关标志): the row of the key, column 内容."""
    problems = []
    for key in keys:
        message = fault_message(meeting.get(key), key)
        if message:
            problems.append(Problem(MEETING.name, message, row=meeting.rows.get(key), column="内容"))
    return problems


def value_problem(text: str, what: str, sheet: str, row: int | None, column: str, column_index: int | None = None,
                  place: str = "工作表") -> Problem | None:
    """The check for one cell of any other sheet or file (a 回执, the 翻译清单)."""
    message = fault_message(text, what)
    return Problem(sheet, message, row=row, column=column, column_index=column_index, place=place) if message else None
