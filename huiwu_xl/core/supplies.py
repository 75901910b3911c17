"""物资清单: supplies counted from the roster and the meeting, by one table of rules.

A rule says: for every `每` of a basis (人数, 人次 = 人数 × 半天数, 座签, …) provide `数量`
units, rounded up, plus spares (`备用`: a count, or a percentage of the amount, rounded up).
The optional sheet 物资规则 replaces the built-in rules below as a whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
import math
import re

import pandas as pd

from ..contract import NO, SUPPLY_BASES, SUPPLY_CONDITIONS, SUPPLY_RULES, YES
from ..problems import Problem
from .seating import Attendee, has_plate
from ..tables import ROW

WINTER_MONTHS = (11, 12, 1, 2, 3)
SEAT_CARDS = "座位卡"  # the one item also printed by a button (生成座位卡): both use this rule's figure
LIST_COLUMNS = ["序号", "物资", "单位", "数量", "计算依据", "说明"]


@dataclass(frozen=True)
class SupplyRule:
    item: str
    unit: str = "个"
    basis: str = "人数"
    per: float = 1
    qty: float = 1
    spare: str = ""  # "10%" or a count
    condition: str = ""  # 冬季, 非冬季 or always
    note: str = ""


R = SupplyRule
DEFAULT_RULES = (
    R("矿泉水", "瓶", "人次", 1, 1, "10%", "", "每人每半天一瓶，另备10%"),
    R("暖水瓶", "个", "人数", 6, 1, "1", "冬季", "冬季每5至8人一个，按每6人计"),
    R("茶杯", "个", "人数", 1, 1, "10%", "冬季", "冬季每人一个"),
    R("资料袋", "个", "人数", 1, 1, "5%", "", "每人一个"),
    R("笔记本", "本", "人数", 1, 1, "5%", "", "每人一本"),
    R("签字笔", "支", "人数", 1, 1, "10%", "", "每人一支"),
    R("座签（桌牌）", "个", "座签", 1, 1, "2", "", "按座签人数，另备2个临时增补"),
    R(SEAT_CARDS, "张", "无座签人数", 1, 1, "5%", "", "未摆座签的参会人员每人一张（不超过会场可发座位数）"),
    R("鲜花（主席台桌花）", "盆", "主席台人数", 3, 1, "", "", "主席台每3人一盆"),
    R("鲜花（讲台）", "盆", "固定", 1, 1, "", "", ""),
)


def default_rule_rows() -> list[dict]:
    """The built-in rules as 物资规则 rows (to pre-fill the sheet)."""
    return [
        {"物资": r.item, "单位": r.unit, "按": r.basis, "每": _fmt(r.per), "数量": _fmt(r.qty),
         "备用": r.spare, "条件": r.condition, "说明": r.note}
        for r in DEFAULT_RULES
    ]


def _fmt(x: float) -> str:
    return f"{x:g}"


def _positive(value: str, default: float, problems: list[Problem], row: int, column: str) -> float:
    if value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        number = -1
    if number <= 0:
        problems.append(Problem(SUPPLY_RULES.name, f"“{column}”应为正数，现为“{value}”", row=row, column=column))
        return default
    return number


_SPARE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|％)?\s*$")


def read_rules(frame: pd.DataFrame | None, problems: list[Problem]) -> list[SupplyRule]:
    """The 物资规则 sheet as rules; the built-in rules when the sheet is absent or empty."""
    if frame is None or frame.empty:
        return list(DEFAULT_RULES)
    rules = []
    for rec in frame.to_dict("records"):
        row = int(rec[ROW])
        basis = rec["按"] or "人数"
        if basis not in SUPPLY_BASES:
            problems.append(Problem(SUPPLY_RULES.name, f"“按”应为 {' / '.join(SUPPLY_BASES)}，现为“{basis}”", row=row, column="按"))
        if rec["条件"] and rec["条件"] not in SUPPLY_CONDITIONS:
            problems.append(Problem(SUPPLY_RULES.name, f"“条件”应为 冬季、非冬季 或留空，现为“{rec['条件']}”", row=row, column="条件"))
        if rec["备用"] and not _SPARE.match(rec["备用"]):
            problems.append(Problem(SUPPLY_RULES.name, f"“备用”应为件数或百分比（如 2 或 10%），现为“{rec['备用']}”", row=row, column="备用"))
        per = _positive(rec["每"], 1, problems, row, "每")
        qty = _positive(rec["数量"], 1, problems, row, "数量")
        rules.append(SupplyRule(rec["物资"], rec["单位"] or "个", basis, per, qty, rec["备用"], rec["条件"], rec["说明"]))
    return rules


def half_days(start: datetime, end: datetime) -> int:
    """Half-day sessions the meeting touches: a morning before 12:00, an afternoon (or evening) after."""
    count = 0
    day = start.date()
    while day <= end.date():
        noon = datetime.combine(day, time(12))
        if start < noon and end > datetime.combine(day, time()):
            count += 1
        if end > noon and start < datetime.combine(day + timedelta(days=1), time()):
            count += 1
        day += timedelta(days=1)
    return max(count, 1)


def is_winter(setting: str, start: datetime) -> bool:
    """冬季 from the setting (是/否), else from the month: November to March."""
    if setting == YES:
        return True
    if setting == NO:
        return False
    return start.month in WINTER_MONTHS


def gets_plate(zone: str, plate: str, all_plates: bool) -> bool:
    """座签: 是/否 as typed; blank means 是 on the podium, else the 全体座签 setting (the seating rule)."""
    return has_plate(Attendee("", zone=zone, plate={YES: True, NO: False}.get(plate)), all_plates)


def headcounts(roster: pd.DataFrame, start: datetime, end: datetime, all_plates: bool, staff: int = 0,
               hall_seats: int | None = None) -> dict[str, int]:
    """The value of every basis a rule can name; `hall_seats` (seats handed out at the door,
    when 会议信息 gives the hall) caps the seat cards."""
    people = len(roster)
    plates = sum(gets_plate(z, p, all_plates) for z, p in zip(roster["座区"], roster["座签"]))
    halves = half_days(start, end)
    return {
        "人数": people,
        "人次": people * halves,
        "半天数": halves,
        "座签": plates,
        "无座签人数": people - plates,
        "主席台人数": int((roster["座区"] == "主席台").sum()),
        "工作人员": staff,
        "固定": 1,
        **({"可发座位": hall_seats} if hall_seats is not None else {}),
    }


def _spare_amount(spare: str, amount: int) -> tuple[int, str]:
    m = _SPARE.match(spare or "")
    if not m:
        return 0, ""
    value = float(m[1])
    if m[2]:
        extra = math.ceil(amount * value / 100 - 1e-9)
        return extra, f"{_fmt(value)}%"
    return math.ceil(value), ""


def _basis_text(basis: str, counts: dict[str, int]) -> str:
    n = counts.get(basis, 0)
    return {
        "人数": f"{n}人",
        "人次": f"{counts['人数']}人 × {counts['半天数']}个半天 = {n}人次",
        "半天数": f"{n}个半天",
        "座签": f"座签{n}个",
        "无座签人数": f"未摆座签{n}人",
        "主席台人数": f"主席台{n}人",
        "工作人员": f"工作人员{n}人",
    }.get(basis, "")


def supply_list(rules: list[SupplyRule], counts: dict[str, int], winter: bool) -> pd.DataFrame:
    """One row per rule that applies this season: the quantity and how it was reached."""
    rows = []
    for r in rules:
        if (r.condition == "冬季" and not winter) or (r.condition == "非冬季" and winter):
            continue
        base = counts.get(r.basis, 0)
        if r.basis == "固定":
            amount = math.ceil(r.qty)
            how = f"固定{_fmt(r.qty)}{r.unit}"
        else:
            amount = math.ceil(math.ceil(base / r.per - 1e-9) * r.qty - 1e-9)
            unit_of_basis = {"人次": "人次", "半天数": "个半天", "座签": "个座签", "工作人员": "人"}.get(r.basis, "人")
            per = unit_of_basis if r.per == 1 else f"{_fmt(r.per)}{unit_of_basis}"
            how = f"{_basis_text(r.basis, counts)}，每{per}{_fmt(r.qty)}{r.unit}"
        extra, pct = _spare_amount(r.spare, amount)
        if extra:
            how += f"，另备用{pct}（{extra}{r.unit}）" if pct else f"，另备用{extra}{r.unit}"
        total = amount + extra
        if r.item == SEAT_CARDS and "可发座位" in counts and total > counts["可发座位"]:
            total = counts["可发座位"]  # a card for a seat the hall does not have would be handed out twice
            how += f"，以会场可发座位{total}个为限"
        rows.append({"物资": r.item, "单位": r.unit, "数量": total, "计算依据": how, "说明": r.note})
    frame = pd.DataFrame(rows, columns=LIST_COLUMNS[1:])
    frame.insert(0, "序号", range(1, len(frame) + 1))
    return frame


def seat_card_count(rules: list[SupplyRule], counts: dict[str, int], winter: bool) -> tuple[int, str]:
    """(number of seat cards, how it was reached): the 物资清单 line for 座位卡, so the cards printed
    and the list agree; the built-in rule when the office's rules have no such line."""
    chosen = [r for r in rules if r.item == SEAT_CARDS] or [r for r in DEFAULT_RULES if r.item == SEAT_CARDS]
    frame = supply_list(chosen[:1], counts, winter)
    if frame.empty:  # a 冬季/非冬季 condition excludes it this season
        frame = supply_list([r for r in DEFAULT_RULES if r.item == SEAT_CARDS], counts, winter)
    row = frame.iloc[0]
    return int(row["数量"]), str(row["计算依据"])
