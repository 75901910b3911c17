"""工作人员考核: a points ledger per staff member per meeting, and totals per year.

Staff fill 考核记录 (one row per person per meeting). 角色 gives base points from 考核角色
(meeting class × role; a blank class applies to every class), 扣分事项 subtracts points from
扣分规则 (``座签错误×2`` counts twice), 加减分 adds or subtracts by hand. No public standard
exists (domain.md §6): the built-in rules are examples for the office to replace.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
import re
import unicodedata

import pandas as pd

from ..contract import POINT_DEDUCTIONS, POINT_ROLES, POINTS_LEDGER
from ..problems import Problem
from ..tables import ROW

DETAIL_COLUMNS = ["年度", "日期", "会议名称", "会议类别", "姓名", "角色", "基础分", "扣分事项", "扣分", "加减分", "得分", "说明"]
TOTAL_COLUMNS = ["年度", "名次", "姓名", "服务会议数", "基础分", "扣分", "加减分", "总分"]

DEFAULT_ROLES = {
    "总协调": 10, "方案起草": 8, "会议通知": 6, "电话通知": 5, "会场布置": 6,
    "签到": 4, "材料": 5, "会议服务": 4, "会议记录": 5, "音响设备": 4, "摄影摄像": 3,
}
DEFAULT_DEDUCTIONS = {
    "座签错误": 2, "漏通知": 3, "材料差错": 2, "座次错误": 3,
    "迟到": 2, "早退": 2, "缺岗": 5, "涉密材料未回收": 5,
}


@dataclass(frozen=True)
class Rules:
    roles: dict[tuple[str, str], float]  # (会议类别 or "", 角色) → points
    deductions: dict[str, float]
    built_in: bool = False


def default_rules() -> Rules:
    return Rules({("", r): p for r, p in DEFAULT_ROLES.items()}, dict(DEFAULT_DEDUCTIONS), built_in=True)


def default_rule_rows() -> tuple[list[dict], list[dict]]:
    """The built-in rules as 考核角色 and 扣分规则 rows (to pre-fill the sheets)."""
    roles = [{"会议类别": "", "角色": r, "积分": p, "说明": ""} for r, p in DEFAULT_ROLES.items()]
    deductions = [{"事项": d, "扣分": p, "说明": ""} for d, p in DEFAULT_DEDUCTIONS.items()]
    return roles, deductions


def _points(text: str, sheet: str, column: str, row: int, problems: list[Problem]) -> float | None:
    try:
        return float(unicodedata.normalize("NFKC", text).replace("分", ""))
    except ValueError:
        problems.append(Problem(sheet, f"“{column}”应为数字，现为“{text}”", row=row, column=column))
        return None


def read_rules(roles: pd.DataFrame | None, deductions: pd.DataFrame | None, problems: list[Problem]) -> Rules:
    """The rule sheets; either one absent or empty falls back to its built-in table."""
    base = default_rules()
    role_map = base.roles
    if roles is not None and not roles.empty:
        role_map = {}
        for rec in roles.to_dict("records"):
            p = _points(rec["积分"], POINT_ROLES.name, "积分", int(rec[ROW]), problems)
            if p is not None:
                role_map[(rec["会议类别"], rec["角色"])] = p
    deduction_map = base.deductions
    if deductions is not None and not deductions.empty:
        deduction_map = {}
        for rec in deductions.to_dict("records"):
            p = _points(rec["扣分"], POINT_DEDUCTIONS.name, "扣分", int(rec[ROW]), problems)
            if p is not None:
                deduction_map[rec["事项"]] = abs(p)
    built_in = role_map is base.roles and deduction_map is base.deductions
    return Rules(role_map, deduction_map, built_in)


_TIMES = re.compile(r"^(.*?)\s*[×xX*]\s*(\d+)\s*(?:次)?$")


def parse_items(text: str) -> list[tuple[str, int]]:
    """“座签错误×2、漏通知” → [(座签错误, 2), (漏通知, 1)]."""
    items = []
    for part in re.split(r"[、,，;；/\n]+", unicodedata.normalize("NFKC", text or "")):
        part = part.strip()
        if not part:
            continue
        m = _TIMES.match(part)
        items.append((m[1].strip(), int(m[2])) if m else (part, 1))
    return items


def score(
    ledger: pd.DataFrame,
    rules: Rules,
    problems: list[Problem],
    meeting_name: str = "",
    meeting_day: datetime | None = None,
    meeting_class: str = "",
) -> pd.DataFrame:
    """考核明细: one row per ledger row. Blank 日期/会议名称/会议类别 mean this meeting's."""
    rows = []
    for rec in ledger.to_dict("records"):
        row = int(rec[ROW])
        day = rec["日期"] if rec["日期"] is not None and rec["日期"] is not pd.NaT else meeting_day
        klass = rec["会议类别"] or meeting_class
        base = 0.0
        for role, times in parse_items(rec["角色"]):
            p = rules.roles.get((klass, role), rules.roles.get(("", role)))
            if p is None:
                problems.append(Problem(POINTS_LEDGER.name, f"角色“{role}”不在“{POINT_ROLES.name}”表中", row=row, column="角色"))
                continue
            base += p * times
        minus = 0.0
        for item, times in parse_items(rec["扣分事项"]):
            p = rules.deductions.get(item)
            if p is None:
                problems.append(Problem(POINTS_LEDGER.name, f"扣分事项“{item}”不在“{POINT_DEDUCTIONS.name}”表中", row=row, column="扣分事项"))
                continue
            minus += p * times
        extra = _points(rec["加减分"], POINTS_LEDGER.name, "加减分", row, problems) if rec["加减分"] else 0.0
        extra = extra or 0.0
        if day is None or day is pd.NaT:
            problems.append(Problem(POINTS_LEDGER.name, "“日期”为空，无法归入年度", row=row, column="日期"))
        rows.append({
            "年度": pd.Timestamp(day).year if day is not None and day is not pd.NaT else None,
            "日期": day, "会议名称": rec["会议名称"] or meeting_name, "会议类别": klass,
            "姓名": rec["姓名"], "角色": rec["角色"], "基础分": base, "扣分事项": rec["扣分事项"],
            "扣分": minus, "加减分": extra, "得分": base - minus + extra, "说明": rec["说明"],
        })
    frame = pd.DataFrame(rows, columns=DETAIL_COLUMNS)
    frame["日期"] = pd.to_datetime(frame["日期"].astype(object).where(frame["日期"].notna(), None))
    return frame


def year_totals(detail: pd.DataFrame) -> pd.DataFrame:
    """考核汇总: per year and person, ranked by total (equal totals share a rank)."""
    if detail.empty:
        return pd.DataFrame(columns=TOTAL_COLUMNS)
    known = detail[detail["年度"].notna()].copy()
    known["年度"] = known["年度"].astype(int)
    known["_meeting"] = known["会议名称"].astype(str) + "|" + known["日期"].dt.strftime("%Y-%m-%d").fillna("")
    grouped = known.groupby(["年度", "姓名"], sort=False).agg(
        服务会议数=("_meeting", "nunique"), 基础分=("基础分", "sum"), 扣分=("扣分", "sum"),
        加减分=("加减分", "sum"), 总分=("得分", "sum"),
    ).reset_index()
    grouped = grouped.sort_values(["年度", "总分"], ascending=[True, False], kind="stable")
    grouped["名次"] = grouped.groupby("年度")["总分"].rank(method="min", ascending=False).astype(int)
    return grouped[TOTAL_COLUMNS].reset_index(drop=True)
