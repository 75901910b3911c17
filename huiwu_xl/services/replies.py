"""汇总回执 and 应用回执: the units' returned lists into 回执汇总, then the accepted rows into the roster.

汇总回执 reads every file in the 回执 folder (beside the workbook unless given), compares each
unit's list with the roster and writes 回执汇总: the units (late and missing first, also marked on
电话通知 for the phone round), the files that could not be read or matched to a unit, and one
row per person with a 采纳 column staff fill. 采纳 and 处理 survive a re-run.
应用回执 applies only the accepted rows: new people appended to 参会名单, changed fields set,
leave and replacements appended to 请假 (书面请假 left for staff). A second run changes nothing.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from .. import contract as c
from ..core import replies as core
from ..meeting import Meeting
from ..port.layout import Block, Sheet
from ..problems import InputError, Problem, column_letter, raise_if
from ..tables import ROW, header_text, read_table
from ..text import cell_text, name_key
from . import inputs
from .mongolian import value_problem

FOLDER = "回执"
UNIT_COLUMNS = ["单位", "类别", "应报人数", "回执", "报送时间", "文件", "说明"]
MARKS = {core.NOT_RETURNED: "未报回执", core.LATE: "逾期报回执"}
NOTE = "由“汇总回执”生成；请在“采纳”列填“是”后点击“应用回执”。重新汇总时，已填的“采纳”和“处理”保留。"


# ------------------------------------------------------------------------------------ reading
def _people(roster: pd.DataFrame) -> list[core.Person]:
    return [core.Person(r["姓名"], r["单位"], int(r[ROW]), {f: r.get(f, "") or "" for f in core.FIELDS})
            for r in roster.to_dict("records")]


def _unit_categories(port, roster: pd.DataFrame) -> dict[str, str]:
    found: dict[str, str] = {}
    for unit, category in zip(roster["单位"], roster["类别"]):
        if unit and category and unit not in found:
            found[unit] = category
    for r in inputs.table(port, c.UNITS, []).to_dict("records"):
        if r["单位"] and r["类别"]:
            found.setdefault(r["单位"], r["类别"])
    return found


def _expected(roster: pd.DataFrame, categories: dict[str, str], order: list[str]) -> list[tuple[str, str, int]]:
    counts = roster.groupby("单位", sort=False).size()
    units = [u for u in counts.index if u]
    rank = {cat: i for i, cat in enumerate(order)}
    units.sort(key=lambda u: rank.get(categories.get(u, ""), len(rank)))  # stable: roster order within a category
    return [(u, categories.get(u, ""), int(counts[u])) for u in units]


def _deadline(meeting: Meeting) -> datetime | None:
    from ..timeparse import TimeFormatError, parse_datetime

    text = meeting.get("回执截止")
    if not text:
        return None
    try:
        moment = parse_datetime(text, meeting.day)
    except TimeFormatError:
        raise InputError(Problem(c.MEETING.name, f"“回执截止”应为日期和时间，如 2026-12-01 17:00，现为“{text}”",
                                 row=meeting.rows.get("回执截止"), column="内容")) from None
    if (moment.hour, moment.minute) == (0, 0) and ":" not in text and "时" not in text:
        moment = moment.replace(hour=23, minute=59)  # a day alone: the whole day counts
    return moment


def folder_of(port, folder: str | Path | None) -> tuple[Path, bool]:
    """The folder of returned files, and whether it was just made: the default one, beside the
    workbook, is created on the first press (every unit then shows as 未报, for the phone round)."""
    path = Path(folder) if folder else port.folder / FOLDER
    if not path.is_absolute():
        path = port.folder / path
    if path.is_dir():
        return path, False
    if folder:
        raise InputError(Problem(str(path), "找不到这个回执文件夹：请核对路径", place="文件夹"))
    path.mkdir(parents=True)
    return path, True


# ------------------------------------------------------------------------------- 汇总回执
def summarize_replies(port, folder: str | Path | None = None) -> str:
    from ..returned import match_unit, read_folder

    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    roster = inputs.roster(port, problems)
    meeting = inputs.require(meeting, problems)
    where, made = folder_of(port, folder)
    deadline = _deadline(meeting)
    categories = _unit_categories(port, roster)
    expected = _expected(roster, categories, inputs.categories(port))
    units = [u for u, _, _ in expected]

    files = read_folder(where)
    lists, strays = [], []
    for f in files:
        if f.problem:
            strays.append((f.name, core.UNREADABLE, f.problem, f.when))
            continue
        f.unit = match_unit(f, units)
        if not f.unit:
            said = f"文件中写的是“{f.declared}”，" if f.declared else ""
            strays.append((f.name, core.UNKNOWN_UNIT, f"{said}与参会名单中的单位都对不上：请核对后把单位名称写进文件名", f.when))
            continue
        lists.append(core.ReturnedList(f.name, f.unit, f.when, f.kind == "名单", f.rows))
    statuses = core.unit_statuses(expected, lists, deadline)

    people = _people(roster)
    by_unit: dict[str, list[core.Person]] = {}
    for p in people:
        by_unit.setdefault(p.unit, []).append(p)
    changes: list[core.Change] = []
    for returned in sorted(core.latest_per_unit(lists), key=lambda r: units.index(r.unit)):
        changes += core.compare(returned, by_unit.get(returned.unit, []))
    _flag_legacy_mongolian(changes)

    kept = _marks(port)
    sheet = replies_sheet(statuses, strays, changes, kept, deadline)
    out = inputs.output_folder(port, meeting)
    port.write_sheets([sheet], None, out)
    marked = _mark_call_round(port, statuses)
    message = _summary_message(statuses, strays, changes, deadline, marked, where)
    if made:
        message += f"\n已在工作簿旁建立“{FOLDER}”文件夹：请把各单位报回的参会名单（.xlsx）和回执（.docx）放进去，再点击“汇总回执”。"
    return message


def _flag_legacy_mongolian(changes: list[core.Change]) -> None:
    from ..core.mongolian import fault_message

    for ch in changes:
        mongolian = ch.new if ch.item == "蒙文姓名" else core.parse_details(ch.note).get("蒙文姓名", "")
        said = fault_message(mongolian, "蒙文姓名") if mongolian else None
        if said:
            ch.note = "；".join(x for x in (ch.note, f"不能采纳：{said}") if x)


def _marks(port) -> dict[tuple, tuple[str, str]]:
    """采纳 and 处理 as staff left them, by what each row is about."""
    found = read_accepted(port.read_values(c.REPLIES.name), everything=True)
    return {core.Change(a.unit, a.name, a.kind, a.item, a.old, a.new).key: (a_mark, a_done)
            for a, a_mark, a_done in found}


def replies_sheet(statuses, strays, changes, kept, deadline) -> Sheet:
    units = []
    for s in statuses:
        if s.status == core.RETURNED:
            continue
        units.append(_unit_row(s))
    for name, status, why, when in strays:
        units.append({"单位": "（未能对应）", "类别": "", "应报人数": None, "回执": status,
                      "报送时间": when, "文件": name, "说明": why})
    units += [_unit_row(s) for s in statuses if s.status == core.RETURNED]
    unit_frame = pd.DataFrame(units, columns=UNIT_COLUMNS)
    unit_frame["报送时间"] = pd.to_datetime(unit_frame["报送时间"])
    late_fill = {i: "#FFC7CE" for i, r in enumerate(units) if r["回执"] in (core.NOT_RETURNED, core.LATE, core.UNREADABLE, core.UNKNOWN_UNIT)}

    rows = []
    for n, ch in enumerate(changes, 1):
        mark, done = kept.get(ch.key, ("", ""))
        rows.append({"编号": n, "单位": ch.unit, "姓名": ch.name, "变动": ch.kind, "项目": ch.item, "原值": ch.old,
                     "新值": ch.new, "说明": ch.note, "文件": ch.file, "采纳": mark, "处理": done})
    people = pd.DataFrame(rows, columns=c.REPLIES.headers)
    fills = {i: "#FFF2CC" for i, ch in enumerate(changes) if ch.kind in core.ACTIONABLE}
    returned = sum(1 for s in statuses if s.status != core.NOT_RETURNED)
    limit = f"（回执截止 {deadline:%Y-%m-%d %H:%M}）" if deadline else ""
    blocks = [
        Block(unit_frame, title=f"按单位：应报 {len(statuses)} 个单位，已报 {returned} 个{limit}；未报和逾期的在前", row_fills=late_fill),
        Block(people, title="按人员：变动请在“采纳”列填“是”，再点击“应用回执”（确认、未列出无需采纳）", row_fills=fills),
    ]
    widths = {i: col.width for i, col in enumerate(c.REPLIES.columns)}
    # the per-person list is the long one: its header repeats on every page it runs over
    return Sheet(c.REPLIES.name, blocks, widths, note=NOTE, freeze=False, repeat_header=1)


def _unit_row(s: core.UnitStatus) -> dict:
    return {"单位": s.unit, "类别": s.category, "应报人数": s.expected, "回执": s.status, "报送时间": s.when,
            "文件": "、".join(s.files), "说明": s.note}


def _mark_call_round(port, statuses) -> int:
    """电话通知's 回执状态 for each person of a unit that has not replied (or replied late)."""
    values = port.read_values(c.CALL_ROUND.name)
    if not values:
        return 0
    calls = read_table(values, c.CALL_ROUND, [])
    if calls.empty:
        return 0
    wanted = {name_key(s.unit): MARKS.get(s.status, "") for s in statuses}
    cells = []
    for unit, row, now in zip(calls["单位"], calls[ROW], calls["回执状态"]):
        mark = wanted.get(name_key(unit))
        if mark is not None and mark != now:
            cells.append((int(row), "回执状态", mark))
    if cells:
        port.set_cells(c.CALL_ROUND.name, cells)
    return sum(1 for _, _, m in cells if m)


def _summary_message(statuses, strays, changes, deadline, marked, where) -> str:
    missing = [s.unit for s in statuses if s.status == core.NOT_RETURNED]
    late = [s.unit for s in statuses if s.status == core.LATE]
    count = {k: sum(1 for ch in changes if ch.kind == k) for k in (*core.ACTIONABLE, core.MISSING)}
    lines = [f"回执汇总：应报 {len(statuses)} 个单位，已报 {len(statuses) - len(missing)} 个"
             + (f"（其中逾期 {len(late)} 个）" if late else "") + f"，未报 {len(missing)} 个。"]
    if missing:
        lines.append(f"未报单位：{'、'.join(missing[:10])}{'等' if len(missing) > 10 else ''}"
                     + ("（已在“电话通知”的“回执状态”列标注）" if marked else "") + "。")
    lines.append("变动：" + "，".join(f"{k} {count[k]} 条" for k in core.ACTIONABLE) + f"；回执中未列出 {count[core.MISSING]} 人。")
    if strays:
        lines.append(f"有 {len(strays)} 个文件无法读取或对应不到单位，未作推测，见“回执汇总”：{'、'.join(s[0] for s in strays[:5])}。")
    lines.append(f"请在“{c.REPLIES.name}”的“采纳”列填“是”后点击“应用回执”。（回执文件夹：{where}）")
    return "\n".join(lines)


# ------------------------------------------------------------------------------- 应用回执
def read_accepted(values: list[list] | None, everything: bool = False):
    """The person rows of 回执汇总 whose 采纳 is 是 (as core.Accepted); with `everything`, every
    row as (Accepted, 采纳, 处理). The block is found by its header wherever it stands."""
    if not values:
        return []
    wanted = {"编号", "变动", "采纳"}
    for r, row in enumerate(values):
        texts = [header_text(v) for v in row]
        if wanted <= set(texts):
            break
    else:
        return []
    where = {h: texts.index(h) for h in c.REPLIES.headers if h in texts}
    out = []
    for i in range(r + 1, len(values)):
        line = values[i]
        get = lambda h: cell_text(line[where[h]]) if h in where and where[h] < len(line) else ""  # noqa: E731
        if not any(cell_text(v) for v in line):
            break
        mark = c.YES_NO_SYNONYMS.get(get("采纳"), get("采纳"))
        item = core.Accepted(i + 1, get("单位"), get("姓名"), get("变动"), get("项目"), get("原值"), get("新值"),
                             get("说明"), get("文件"))
        if everything:
            out.append((item, get("采纳"), get("处理")))
        elif mark == c.YES:
            out.append(item)
    return out


def _columns_of(values: list[list]) -> dict[str, int]:
    for row in values:
        texts = [header_text(v) for v in row]
        if {"编号", "变动", "采纳"} <= set(texts):
            return {h: texts.index(h) + 1 for h in c.REPLIES.headers if h in texts}
    return {}


def apply_replies(port) -> str:
    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    roster = inputs.roster(port, problems)
    leave = inputs.table(port, c.LEAVE, problems)
    values = port.read_values(c.REPLIES.name)
    if not values or not _columns_of(values):
        problems.append(Problem(c.REPLIES.name, "找不到回执汇总：请先点击“汇总回执”，在“采纳”列填“是”后再点击“应用回执”"))
    inputs.require(meeting, problems)
    accepted = read_accepted(values)
    columns = _columns_of(values)
    for a in accepted:
        mongolian = a.new if a.item == "蒙文姓名" else core.parse_details(a.note).get("蒙文姓名", "")
        column = "新值" if a.item == "蒙文姓名" else "说明"
        problem = value_problem(mongolian, "蒙文姓名", c.REPLIES.name, a.row, column, columns.get(column)) if mongolian else None
        if problem:
            problems.append(problem)
    raise_if(problems)
    if not accepted:
        return f"“{c.REPLIES.name}”中没有“采纳”为“是”的行：请先核对变动，在“采纳”列填“是”。"

    records = [core.LeaveRecord(int(r[ROW]), r["姓名"], r["单位"], r["代会人"], r["事由"]) for r in leave.to_dict("records")]
    plan = core.plan_apply(accepted, _people(roster), records, _unit_categories(port, roster))
    if plan.roster_rows:
        numbers = pd.to_numeric(roster["序号"], errors="coerce") if "序号" in roster else pd.Series(dtype=float)
        start = int(numbers.max()) + 1 if numbers.notna().any() else None
        for i, record in enumerate(plan.roster_rows):
            if start is not None:
                record["序号"] = start + i
        port.append_rows(c.ROSTER.name, plan.roster_rows)
    if plan.roster_cells:
        port.set_cells(c.ROSTER.name, plan.roster_cells)
    if plan.leave_rows:
        port.append_rows(c.LEAVE.name, plan.leave_rows)
    if plan.leave_fills:
        port.fill_cells(c.LEAVE.name, plan.leave_fills)
    _write_outcomes(port, values, columns, plan.outcomes)

    applied = sum(1 for v in plan.outcomes.values() if v.startswith(core.APPLIED))
    lines = [f"应用回执：采纳 {len(accepted)} 条，本次应用 {applied} 条（参会名单新增 {len(plan.roster_rows)} 人、修改 "
             f"{len(plan.roster_cells)} 处；请假表新增 {len(plan.leave_rows)} 行、补填 {len(plan.leave_fills)} 处）。"]
    if plan.leave_rows:
        lines.append("新加入请假表的行“书面请假”“批准人”留空，请收到书面请假后填写。")
    refused = [f"第{row}行：{text}" for row, text in plan.outcomes.items() if text.startswith("未应用")]
    if refused:
        lines.append("以下未应用：" + "；".join(refused[:10]))
    if not plan.changes:
        lines.append("没有新的变动需要写入（已应用过的不会重复写入）。")
    return "\n".join(lines)


def _write_outcomes(port, values, columns, outcomes: dict[int, str]) -> None:
    col = columns.get("处理")
    if not col:
        return
    cells = {}
    for row, text in outcomes.items():
        line = values[row - 1]
        now = cell_text(line[col - 1]) if col - 1 < len(line) else ""
        if now != text and not (now.startswith(core.APPLIED) and not text.startswith(core.APPLIED)):
            cells[f"{column_letter(col)}{row}"] = text
    if cells:
        port.write_cells(c.REPLIES.name, cells)
