"""工作人员考核: score the 考核记录 ledger by the rule sheets; details and yearly totals."""
from __future__ import annotations

from ..contract import POINT_DEDUCTIONS, POINT_ROLES, POINTS_LEDGER
from ..core import points
from ..port.layout import Sheet
from ..problems import Problem, raise_if
from ..tables import read_table
from . import inputs

POINTS_FILE = "工作人员考核.xlsx"
DETAIL_WIDTHS = {"年度": 6, "日期": 17, "会议名称": 30, "会议类别": 10, "姓名": 10, "角色": 18, "扣分事项": 20, "说明": 24}
TOTAL_WIDTHS = {"年度": 6, "名次": 6, "姓名": 10, "服务会议数": 10}


def score_staff(port) -> str:
    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    ledger = inputs.table(port, POINTS_LEDGER, problems, meeting.day if meeting else None)
    rules = points.read_rules(
        read_table(port.read_values(POINT_ROLES.name), POINT_ROLES, problems),
        read_table(port.read_values(POINT_DEDUCTIONS.name), POINT_DEDUCTIONS, problems),
        problems,
    )
    meeting = inputs.require(meeting, problems)
    detail = points.score(ledger, rules, problems, meeting.name, meeting.start, meeting.get("会议类别"))
    raise_if(problems)
    totals = points.year_totals(detail)

    note = "（未填写“考核角色”“扣分规则”表，按内置示例规则计分）" if rules.built_in else ""
    sheets = [
        Sheet.table("考核明细", detail, DETAIL_WIDTHS, title=f"每人每次会议的得分{note}"),
        Sheet.table("考核汇总", totals, TOTAL_WIDTHS, title="按年度累计"),
    ]
    out = inputs.output_folder(port, meeting)
    xlsx = port.write_sheets(sheets, POINTS_FILE, out)
    if detail.empty:
        message = "“考核记录”表中还没有记录：请每位工作人员每次会议填写一行（姓名、角色、扣分事项）。"
    else:
        top = totals[totals["年度"] == totals["年度"].max()].iloc[0]
        message = (
            f"工作人员考核完成：{len(detail)} 条记录，{totals['姓名'].nunique()} 人。"
            f"{int(top['年度'])}年度第一名 {top['姓名']}（{top['总分']:g} 分）。{note}"
        )
    if xlsx:
        message += f"\n考核结果：{xlsx}"
    return message
