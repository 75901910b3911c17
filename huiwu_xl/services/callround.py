"""生成电话通知表 and 电话通知汇总: merge the roster into 电话通知, sum up, feed 请假."""
from __future__ import annotations

import pandas as pd

from ..contract import CALL_ROUND, LEAVE, STAFF
from ..core.callround import (
    REMOVED, STATUS_COLUMN, CallSummary, apply_update, callers_from_staff, plan_call_round, summarize,
)
from ..port.layout import Block, Sheet
from ..problems import Problem, column_letter
from ..tables import locate_columns, read_table
from . import inputs

SUMMARY_SHEET = "电话通知汇总"
WIDTHS = {0: 16, 1: 24, 2: 10, 3: 18, 4: 14, 5: 10, 6: 18, 7: 12, 8: 10, 9: 14}


def _calls(port, problems, day) -> tuple[pd.DataFrame, bool]:
    """The phone round so far; a 通知时间 typed as a time alone falls on the meeting's day."""
    values = port.read_values(CALL_ROUND.name)
    return read_table(values, CALL_ROUND, problems, day), values is not None


def make_call_round(port) -> str:
    problems: list = []
    meeting = inputs.meeting(port, problems)
    roster = inputs.roster(port, problems)
    staff = inputs.table(port, STAFF, problems)
    calls, sheet_exists = _calls(port, problems, meeting.day if meeting else None)
    leave = inputs.table(port, LEAVE, problems)
    meeting = inputs.require(meeting, problems)
    out = inputs.output_folder(port, meeting)
    categories = inputs.categories(port)
    port.status("huiwu：正在生成电话通知表……")
    update = plan_call_round(roster, calls, staff, categories)

    records = [{k: v for k, v in row.items() if v not in (None, "")} for row in update.new_rows.to_dict("records")]
    if records:  # a missing sheet is created; the command line keeps them in 电话通知（更新）.xlsx
        port.append_rows(CALL_ROUND.name, records)
    marked = [(row, STATUS_COLUMN, value) for row, value in update.marks if value == REMOVED]
    if sheet_exists and (update.fills or marked):
        port.fill_cells(CALL_ROUND.name, update.fills + marked)
    cleared = [row for row, value in update.marks if value == ""]
    if sheet_exists and cleared:
        values = port.read_values(CALL_ROUND.name) or [[]]
        _, cols = locate_columns(values, CALL_ROUND.name, [STATUS_COLUMN])
        port.write_cells(CALL_ROUND.name, {f"{column_letter(cols[STATUS_COLUMN] + 1)}{row}": "" for row in cleared})

    merged = apply_update(calls, update)
    summary = summarize(merged, leave, categories, callers_from_staff(staff))
    port.write_sheets([summary_sheet(summary)], None, out)

    loads = "，".join(f"{who} {n} 人" for who, n in update.loads.items())
    lines = [f"电话通知表已更新：参会名单 {len(roster)} 人，新增 {len(update.new_rows)} 人"
             + (f"，{len(marked)} 人已不在参会名单（已标注“{REMOVED}”，未删除）" if marked else "") + "。"]
    if loads:
        lines.append(f"通知人分工：{loads}。")
    lines += update.warnings
    lines.append("已登记的通话结果均保留；汇总见“电话通知汇总”。")
    return "\n".join(lines)


def summarize_call_round(port) -> str:
    problems: list = []
    meeting = inputs.meeting(port, problems)
    calls, sheet_exists = _calls(port, problems, meeting.day if meeting else None)
    if not sheet_exists:
        problems.append(Problem(CALL_ROUND.name, "找不到这张工作表，请先点击“生成电话通知表”"))
    leave = inputs.table(port, LEAVE, problems)
    staff = inputs.table(port, STAFF, problems)
    meeting = inputs.require(meeting, problems)
    out = inputs.output_folder(port, meeting)
    categories = inputs.categories(port)
    summary = summarize(calls, leave, categories, callers_from_staff(staff))
    port.write_sheets([summary_sheet(summary)], None, out)

    added = summary.leave_rows
    if len(added):  # a missing 请假 sheet is created
        port.append_rows(LEAVE.name, [{k: v for k, v in r.items() if v not in (None, "")} for r in added.to_dict("records")])
    t = summary.by_category.iloc[-1]
    lines = [
        f"电话通知汇总：应通知 {t['应通知']} 人，已接通 {t['已接通']} 人（参会 {t['参会']}，请假 {t['请假']}，代会 {t['代会']}，"
        f"待定 {t['待定']}），未接通 {t['未接通']} 人，尚未登记结果 {t['未登记']} 人。",
        f"待补书面请假 {len(summary.chase)} 人" + ("，名单见“电话通知汇总”。" if len(summary.chase) else "。"),
    ]
    if len(added):
        names = "、".join(added["姓名"].head(10)) + ("等" if len(added) > 10 else "")
        lines.append(f"已将 {len(added)} 人（{names}）追加到“请假”表，“书面请假”留空待确认。")
    return "\n".join(lines)


def summary_sheet(summary: CallSummary) -> Sheet:
    def totals(frame: pd.DataFrame) -> set[int]:
        return {len(frame) - 1}

    blocks = [
        Block(summary.by_category.rename(columns={"名称": "类别"}), title="按类别", bold_rows=totals(summary.by_category)),
        Block(summary.by_caller.rename(columns={"名称": "通知人"}), title="按通知人", bold_rows=totals(summary.by_caller)),
        Block(summary.chase, title=f"待补书面请假（电话中请假或代会，“请假”表中尚无书面请假）：{len(summary.chase)} 人"),
        Block(summary.unreached, title=f"未接通或尚未登记结果：{len(summary.unreached)} 人"),
    ]
    return Sheet(SUMMARY_SHEET, blocks, dict(WIDTHS))
