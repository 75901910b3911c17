"""生成筹备计划 and 生成物资清单: the two 会前 planning buttons."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from ..contract import PREP_TASKS, PREP_TEMPLATE, ROSTER, STAFF, SUPPLY_RULES
from ..core import preparation, supplies
from ..port.layout import VIOLATION_FILL, Sheet
from ..problems import raise_if
from ..tables import never_generated, ROW, find_header, header_text, read_table
from . import inputs

PLAN_FILE = "筹备计划.xlsx"
SUPPLY_FILE = "物资清单.xlsx"
PLAN_NOTE = "由“生成筹备计划”生成；责任人、状态、完成时间、备注可直接修改，重新生成时保留；期限请在“筹备任务模板”中调整。"
PLAN_WIDTHS = {"序号": 6, "环节": 10, "任务": 46, "期限": 17, "责任人": 10, "状态": 8, "完成时间": 17, "备注": 24, "提醒": 12}
SUPPLY_WIDTHS = {"序号": 6, "物资": 20, "单位": 6, "数量": 8, "计算依据": 56, "说明": 30}


def _existing_plan(port, problems, day) -> pd.DataFrame | None:
    """The current 筹备任务 sheet, extra columns staff added included (keyed by their header)."""
    values = port.read_values(PREP_TASKS.name)
    if never_generated(values):
        return None
    frame = read_table(values, PREP_TASKS, problems, day)
    located = find_header(values, PREP_TASKS)
    if frame.empty or located is None:
        return frame
    header_row, where = located
    known = set(where.values())
    header = values[header_row]
    for i, name in enumerate(header):
        if i in known or not header_text(name):
            continue
        by_row = {r + 1: (values[r][i] if i < len(values[r]) else None) for r in range(header_row + 1, len(values))}
        frame[str(name).strip()] = [by_row.get(int(r)) for r in frame[ROW]]
    return frame


def make_prep_plan(port, now: datetime | None = None) -> str:
    now = now or datetime.now()
    problems = []
    meeting = inputs.meeting(port, problems)
    day = meeting.day if meeting else None
    template = preparation.read_template(read_table(port.read_values(PREP_TEMPLATE.name), PREP_TEMPLATE, problems), problems)
    staff = inputs.table(port, STAFF, problems)
    existing = _existing_plan(port, problems, day)
    meeting = inputs.require(meeting, problems)
    skip = meeting.get("期限避开周末") != "否"
    plan = preparation.build_plan(template, meeting.start, meeting.end, staff, existing, now, problems, skip, PREP_TASKS.name)
    raise_if(problems)

    late = preparation.overdue_rows(plan)
    sheet = Sheet.table(PREP_TASKS.name, plan, PLAN_WIDTHS, row_fills={i: VIOLATION_FILL for i in late}, note=PLAN_NOTE)
    out = inputs.output_folder(port, meeting)
    xlsx = port.write_sheets([sheet], PLAN_FILE, out)
    done = int((plan["状态"] == preparation.DONE).sum())
    message = f"筹备计划已生成：共 {len(plan)} 项任务，已完成 {done} 项。"
    if not len(staff):
        message += "\n“工作人员”表为空，责任人未分配。"
    if late:
        names = "、".join(plan["任务"].iloc[i][:16] for i in late[:5])
        message += f"\n已逾期 {len(late)} 项（已标红）：{names}{'等' if len(late) > 5 else ''}。"
    if not skip:
        message += "\n期限未避开周末（会议信息“期限避开周末”为否）。"
    if xlsx:
        message += f"\n筹备计划：{xlsx}"
    return message


@dataclass
class SupplyBasis:
    """What 物资清单 is counted from; 生成座位卡 counts its cards from the same."""

    rules: list
    counts: dict[str, int]
    winter: bool
    from_sheet: bool  # the office's 物资规则 sheet, not the built-in rules


def supply_basis(port, meeting, problems: list) -> SupplyBasis:
    from .seating import settings_of

    roster = inputs.table(port, ROSTER, problems)
    staff = inputs.table(port, STAFF, problems)
    rule_frame = read_table(port.read_values(SUPPLY_RULES.name), SUPPLY_RULES, problems)
    rules = supplies.read_rules(rule_frame, problems)
    if meeting is None:
        return SupplyBasis(rules, {}, False, not rule_frame.empty)
    hall = settings_of(meeting, problems).hall
    counts = supplies.headcounts(roster, meeting.start, meeting.end, meeting.flag("全体座签"), len(staff),
                                 hall.issuable if hall else None)
    return SupplyBasis(rules, counts, supplies.is_winter(meeting.get("冬季"), meeting.start), not rule_frame.empty)


def make_supply_list(port) -> str:
    problems = []
    meeting = inputs.meeting(port, problems)
    basis = supply_basis(port, meeting, problems)
    meeting = inputs.require(meeting, problems)
    raise_if(problems)

    counts, winter, winter_setting = basis.counts, basis.winter, meeting.get("冬季")
    frame = supplies.supply_list(basis.rules, counts, winter)
    season = "冬季" if winter else "非冬季"
    why = "会议信息“冬季”" if winter_setting else f"{meeting.start.month}月"
    sheet = Sheet.table("物资清单", frame, SUPPLY_WIDTHS, title=f"参会 {counts['人数']} 人，会期 {counts['半天数']} 个半天，{season}（按{why}）")
    out = inputs.output_folder(port, meeting)
    xlsx = port.write_sheets([sheet], SUPPLY_FILE, out)
    source = "“物资规则”表" if basis.from_sheet else "内置规则"
    lines = "；".join(f"{r.物资} {r.数量}{r.单位}" for r in frame.itertuples())
    message = f"物资清单已生成（{counts['人数']} 人，{counts['半天数']} 个半天，{season}，按{source}）：{lines}。"
    if xlsx:
        message += f"\n物资清单：{xlsx}"
    return message
