"""材料回收: the outstanding numbered copies, by person and unit; issuing copies to the roster."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from ..contract import COPIES, ROSTER
from ..core import copies
from ..meeting import Meeting
from ..port.layout import VIOLATION_FILL, Sheet
from ..problems import Problem, raise_if
from . import inputs

REPORT_FILE = "材料回收.xlsx"
DETAIL_WIDTHS = {"序号": 6, "领取单位": 24, "领取人": 10, "材料名称": 34, "密级": 6, "份号": 9, "领取时间": 17, "须清退": 7, "备注": 20}
SUMMARY_WIDTHS = {"领取单位": 24, "领取人": 12, "已领份数": 9, "已回收": 8, "未回收": 8, "其中须清退": 10, "未回收份号": 50}


def load_register(port, problems: list[Problem], meeting: Meeting | None, required: bool = True) -> pd.DataFrame:
    register = inputs.table(port, COPIES, problems, meeting.day if meeting else None, required=required)
    register, more = copies.check_register(register)
    problems.extend(more)
    return register


def levels_of(meeting: Meeting) -> tuple[str, ...]:
    return copies.must_return_levels(meeting.get("须清退密级"))


def report_sheets(register: pd.DataFrame, levels: tuple[str, ...]) -> list[Sheet]:
    detail = copies.outstanding(register, levels)
    fills = {i: VIOLATION_FILL for i, flag in enumerate(detail["须清退"]) if flag == "是"}
    summary = copies.summary(register, levels)
    bold = {i for i, p in enumerate(summary["领取人"]) if p in (copies.SUBTOTAL, "")}
    return [
        Sheet.table("材料回收", detail, DETAIL_WIDTHS, row_fills=fills, title="未回收材料（按单位、领取人）"),
        Sheet.table("材料回收汇总", summary, SUMMARY_WIDTHS, bold_rows=bold, title="领取与回收情况（按单位、领取人）"),
    ]


def report_copies(port, issue: str | None = None, level: str = "", to: str = "全体") -> str:
    """Lists outstanding copies; with `issue`, first registers one numbered copy of it per recipient."""
    issued_now = issue_copies(port, issue, level, to) + "\n" if issue else ""
    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    register = load_register(port, problems, meeting)
    meeting = inputs.require(meeting, problems)
    levels = levels_of(meeting)

    sheets = report_sheets(register, levels)
    out = port.output_folder(meeting.output_dir(port.folder))
    xlsx = port.write_sheets(sheets, REPORT_FILE, out)
    issued = sum(copies.is_issued(r) for r in register.to_dict("records"))
    detail = sheets[0].blocks[0].frame
    must = int((detail["须清退"] == "是").sum())
    message = (
        f"材料登记 {len(register)} 份，已发出 {issued} 份，已回收 {issued - len(detail)} 份，"
        f"未回收 {len(detail)} 份（其中{'、'.join(levels)}材料 {must} 份）。"
    )
    if must:
        message += "\n涉密材料全部回收前不能归档，未回收清单见“材料回收”（已标红）。"
    elif len(detail) == 0:
        message += "\n材料已全部回收。"
    if xlsx:
        message += f"\n材料回收：{xlsx}"
    return issued_now + message


def issue_copies(port, title: str, level: str = "", to: str = "全体", when: datetime | None = None) -> str:
    """Appends one numbered copy of `title` per recipient to 材料: 全体 (the roster), 主席台, or names separated by 、."""
    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    register = load_register(port, problems, meeting, required=False)
    roster = inputs.table(port, ROSTER, problems)
    raise_if(problems)
    if to == "全体":
        people = roster
    elif to == "主席台":
        people = roster[roster["座区"] == "主席台"]
    else:
        wanted = [w for w in to.replace(",", "、").replace("，", "、").split("、") if w]
        people = roster[roster["姓名"].isin(wanted)]
        missing = [w for w in wanted if w not in set(people["姓名"])]
        if missing:
            raise_if([Problem(ROSTER.name, f"名单中没有：{'、'.join(missing)}")])
    try:
        rows = copies.issue_copies(register, title, level, list(zip(people["姓名"], people["单位"])), when)
    except copies.RegisterError as exc:
        raise_if([Problem(COPIES.name, str(exc))])
    if not rows:
        return "没有需要发放的人员。"
    port.append_rows(COPIES.name, rows)
    return f"已登记《{title}》{len(rows)} 份，份号 {rows[0]['份号']}—{rows[-1]['份号']}。"
