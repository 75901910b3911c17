"""Reading the input sheets through the port, with every problem collected before stopping."""
from __future__ import annotations

from datetime import date

import pandas as pd

from ..contract import CATEGORIES, CATEGORY_ORDER, MEETING, ROSTER, SheetDef
from ..meeting import Meeting, read_meeting
from ..problems import Problem, raise_if
from ..tables import ROW, paused_gc, read_table, with_keys


def meeting(port, problems: list[Problem]) -> Meeting | None:
    return read_meeting(port.read_values(MEETING.name), problems)


def table(port, sheet: SheetDef, problems: list[Problem], day: date | None = None, required: bool | None = None,
          columns: list[str] | None = None) -> pd.DataFrame:
    """A sheet's records; `required` overrides the contract (a capability may need an optional sheet)."""
    values = port.read_values(sheet.name)
    if values is None and required:
        problems.append(Problem(sheet.name, "找不到这张工作表，请勿改名或删除"))
    with paused_gc():  # see tables.paused_gc: the keys of a large roster are as many new objects
        frame = read_table(values, sheet, problems, day, columns)
        notes = frame.attrs.get("notes", [])
        if "姓名" in frame.columns:
            frame = with_keys(frame, "姓名", "单位" if "单位" in frame.columns else "姓名")
    for note in notes:
        port.notify(note, title="请注意")
    return frame


def roster(port, problems: list[Problem], columns: list[str] | None = None) -> pd.DataFrame:
    frame = table(port, ROSTER, problems, columns=columns)
    if len(frame):
        with paused_gc():
            problems.extend(duplicate_people(frame))
        if "排序" in frame.columns:
            problems.extend(bad_ranks(frame))
    return frame


def bad_ranks(frame: pd.DataFrame) -> list[Problem]:
    """排序 decides the podium, the plates and every list: a rank that is not a number is reported
    once, the same way for every button, rather than sorted last by one and refused by another."""
    ranks = frame["排序"].str.replace("，", "", regex=False)
    bad = ranks.ne("") & pd.to_numeric(ranks, errors="coerce").isna()
    column = frame.attrs.get("columns", {}).get("排序")
    return [Problem(ROSTER.name, f"“排序”应为数字（越小越靠前），现为“{value}”", row=int(row), column="排序", column_index=column)
            for row, value in zip(frame.loc[bad, ROW], frame.loc[bad, "排序"])]


def duplicate_people(frame: pd.DataFrame) -> list[Problem]:
    """Two rows with the same name and unit cannot be told apart: report both rows."""
    column = frame.attrs.get("columns", {}).get("姓名")
    rows: dict[tuple[str, str], list[int]] = {}
    for key, unit, row in zip(frame["_key"].tolist(), frame["_unit"].tolist(), frame[ROW].tolist()):
        if key:
            rows.setdefault((key, unit), []).append(int(row))
    return [Problem(ROSTER.name, f"与第{same[0]}行姓名、单位都相同，无法区分，请删除重复行或注明单位", row=r, column="姓名",
                    column_index=column)
            for same in rows.values() if len(same) > 1 for r in same[1:]]


def categories(port) -> list[str]:
    """The category order: the optional 类别 sheet, else the contract's default."""
    values = port.read_values(CATEGORY_ORDER.name)
    if values is None:
        return list(CATEGORIES)
    found = [c for c in read_table(values, CATEGORY_ORDER, []).get("类别", []) if c]
    return list(dict.fromkeys(found)) or list(CATEGORIES)


def require(meeting_: Meeting | None, problems: list[Problem]) -> Meeting:
    raise_if(problems)
    assert meeting_ is not None
    return meeting_


def output_folder(port, meeting: Meeting):
    """Where this press's files go (the command line's --out, else 会议信息 输出目录, else
    输出/<会议名称> beside the workbook), as an absolute path: every message then says where the
    files went, even when a received workbook's 输出目录 points far away (../../x, D:\\x)."""
    from ..outputs import usable_folder

    default = meeting.output_dir(port.folder)
    folder = port.output_folder(default)
    configured = folder == default and meeting.get("输出目录") != ""
    where = Problem(MEETING.name, "", row=meeting.rows.get("输出目录"), column="内容") if configured else None
    return usable_folder(folder, where)


def templates_dir(port, meeting: Meeting):
    """The office's edited templates: 会议信息 模板目录, else a 模板 folder beside the workbook."""
    from pathlib import Path

    from ..documents.render import USER_TEMPLATES

    configured = meeting.get("模板目录")
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else port.folder / path
    beside = port.folder / USER_TEMPLATES
    return beside if beside.is_dir() else None
