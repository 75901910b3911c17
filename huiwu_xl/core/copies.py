"""材料 register: numbered copies (份号, 6 digits) issued to people and recovered one by one.

A copy is issued when 领取人, 领取单位 or 领取时间 is filled, and returned when 回收时间 or 回收人
is. Every issued copy not returned is outstanding and reported; outstanding copies of the levels
that must be recovered (default 秘密、机密、绝密) block archiving the meeting.
"""
from __future__ import annotations

from datetime import datetime
import re
import unicodedata

import pandas as pd

from ..contract import COPIES, SECRET_LEVELS
from ..problems import Problem
from ..tables import ROW
from ..text import name_key

COPY_DIGITS = 6
REGISTER_COLUMNS = ["材料名称", "密级", "份号", "领取人", "领取单位", "领取时间", "回收时间", "回收人", "备注"]
OUTSTANDING_COLUMNS = ["序号", "领取单位", "领取人", "材料名称", "密级", "份号", "领取时间", "须清退", "备注"]
SUMMARY_COLUMNS = ["领取单位", "领取人", "已领份数", "已回收", "未回收", "其中须清退", "未回收份号"]
NO_UNIT, NO_PERSON = "（未填单位）", "（未填领取人）"
SUBTOTAL, TOTAL = "小计", "合计"


class RegisterError(ValueError):
    """A return or issue that the register cannot take; the message is for the user."""


def copy_number(value: object) -> str | None:
    """份号 as six digits: 12 → 000012; None when it is not a number of at most six digits."""
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    text = re.sub(r"^第|号$", "", text)
    if re.fullmatch(r"\d+\.0", text):
        text = text[:-2]
    if not re.fullmatch(r"\d{1,6}", text) or int(text) == 0:
        return None
    return text.zfill(COPY_DIGITS)


def must_return_levels(setting: str) -> tuple[str, ...]:
    words = tuple(w for w in re.split(r"[、,，;；/\s]+", setting or "") if w)
    return words or SECRET_LEVELS


def _filled(value) -> bool:
    if value is None or value is pd.NaT:
        return False
    if isinstance(value, float) and value != value:
        return False
    return value != ""


def is_issued(rec: dict) -> bool:
    return any(_filled(rec.get(c)) for c in ("领取人", "领取单位", "领取时间"))


def is_returned(rec: dict) -> bool:
    return any(_filled(rec.get(c)) for c in ("回收时间", "回收人"))


def check_register(register: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """The register with 份号 normalised, and a problem for each bad or repeated 份号 or impossible return."""
    problems: list[Problem] = []
    frame = register.copy()
    seen: dict[tuple[str, str], int] = {}
    numbers = []
    for rec in frame.to_dict("records"):
        row = int(rec[ROW]) if rec.get(ROW) is not None else None
        number = copy_number(rec["份号"])
        numbers.append(number or rec["份号"])
        if number is None:
            problems.append(Problem(COPIES.name, f"份号应为不超过6位的数字（如 000001），现为“{rec['份号']}”", row=row, column="份号"))
            continue
        key = (name_key(rec["材料名称"]), number)
        if key in seen:
            problems.append(Problem(COPIES.name, f"《{rec['材料名称']}》份号 {number} 重复（第{seen[key]}行已登记）", row=row, column="份号"))
        else:
            seen[key] = row
        if is_returned(rec) and not is_issued(rec):
            problems.append(Problem(COPIES.name, f"份号 {number} 登记了回收，但没有领取人", row=row, column="领取人"))
        taken, back = rec.get("领取时间"), rec.get("回收时间")
        if _filled(taken) and _filled(back) and back < taken:
            problems.append(Problem(COPIES.name, "回收时间早于领取时间", row=row, column="回收时间"))
    frame["份号"] = pd.Series(numbers, index=frame.index, dtype=object)
    return frame, problems


def issue_copies(
    register: pd.DataFrame,
    title: str,
    level: str,
    recipients: list[tuple[str, str]],
    when: datetime | None = None,
) -> list[dict]:
    """New register rows: one copy of `title` to each (name, unit), 份号 continuing after the last one used."""
    key = name_key(title)
    used = [copy_number(n) for t, n in zip(register["材料名称"], register["份号"]) if name_key(t) == key]
    first = max([int(n) for n in used if n] + [0]) + 1
    if first + len(recipients) - 1 > 10**COPY_DIGITS - 1:
        raise RegisterError(f"《{title}》的份号将超过 {COPY_DIGITS} 位")
    return [
        {"材料名称": title, "密级": level, "份号": str(first + i).zfill(COPY_DIGITS), "领取人": name, "领取单位": unit, "领取时间": when}
        for i, (name, unit) in enumerate(recipients)
    ]


def record_return(register: pd.DataFrame, title: str, number: object, who: str, when: datetime) -> pd.DataFrame:
    """The register with one copy marked returned; a RegisterError when it cannot be."""
    wanted = copy_number(number)
    if wanted is None:
        raise RegisterError(f"份号“{number}”无效，应为6位数字")
    hits = [i for i, (t, n) in enumerate(zip(register["材料名称"], register["份号"])) if name_key(t) == name_key(title) and copy_number(n) == wanted]
    if not hits:
        raise RegisterError(f"登记表中没有《{title}》份号 {wanted}")
    pos = hits[0]
    rec = register.iloc[pos].to_dict()
    if not is_issued(rec):
        raise RegisterError(f"《{title}》份号 {wanted} 尚未发出，无需回收")
    if is_returned(rec):
        raise RegisterError(f"《{title}》份号 {wanted} 已于 {rec.get('回收时间') or ''} 回收")
    frame = register.copy()
    frame["回收时间"] = frame["回收时间"].astype(object)
    frame.iat[pos, frame.columns.get_loc("回收时间")] = when
    frame.iat[pos, frame.columns.get_loc("回收人")] = who
    return frame


def outstanding(register: pd.DataFrame, levels: tuple[str, ...] = SECRET_LEVELS) -> pd.DataFrame:
    """Issued copies not yet returned, by unit and person, with 须清退 = 是 for the listed levels."""
    recs = [r for r in register.to_dict("records") if is_issued(r) and not is_returned(r)]
    rows = [
        {
            "领取单位": r["领取单位"] or NO_UNIT,
            "领取人": r["领取人"] or NO_PERSON,
            "材料名称": r["材料名称"],
            "密级": r["密级"],
            "份号": copy_number(r["份号"]) or r["份号"],
            "领取时间": r.get("领取时间"),
            "须清退": "是" if r["密级"] in levels else "否",
            "备注": r["备注"],
        }
        for r in recs
    ]
    frame = pd.DataFrame(rows, columns=OUTSTANDING_COLUMNS[1:])
    # Units and people in the order they first appear in the register (usually protocol order).
    unit_rank = {u: i for i, u in reversed(list(enumerate(frame["领取单位"])))}
    person_rank = {p: i for i, p in reversed(list(enumerate(frame["领取单位"] + "\u0001" + frame["领取人"])))}
    frame["_u"] = frame["领取单位"].map(unit_rank)
    frame["_p"] = (frame["领取单位"] + "\u0001" + frame["领取人"]).map(person_rank)
    frame = frame.sort_values(["_u", "_p"], kind="stable").drop(columns=["_u", "_p"]).reset_index(drop=True)
    frame.insert(0, "序号", range(1, len(frame) + 1))
    frame["领取时间"] = pd.to_datetime(frame["领取时间"].astype(object).where(frame["领取时间"].notna(), None))
    return frame


def summary(register: pd.DataFrame, levels: tuple[str, ...] = SECRET_LEVELS) -> pd.DataFrame:
    """Per unit and person: issued, returned, outstanding (and how many must be recovered); 小计 per unit, 合计."""
    issued = [r for r in register.to_dict("records") if is_issued(r)]
    people: dict[tuple[str, str], dict] = {}
    for r in issued:
        key = (r["领取单位"] or NO_UNIT, r["领取人"] or NO_PERSON)
        p = people.setdefault(key, {"已领份数": 0, "已回收": 0, "未回收": 0, "其中须清退": 0, "份号": []})
        p["已领份数"] += 1
        if is_returned(r):
            p["已回收"] += 1
        else:
            p["未回收"] += 1
            p["其中须清退"] += r["密级"] in levels
            p["份号"].append(f"{r['材料名称']} {copy_number(r['份号']) or r['份号']}")
    rows = []
    numbers = ("已领份数", "已回收", "未回收", "其中须清退")
    total = dict.fromkeys(numbers, 0)
    by_unit: dict[str, list[tuple[str, dict]]] = {}  # first appearance, as in the register
    for (unit, person), p in people.items():
        by_unit.setdefault(unit, []).append((person, p))
    for unit, members in by_unit.items():
        sub = dict.fromkeys(numbers, 0)
        for person, p in members:
            rows.append({"领取单位": unit, "领取人": person, **{k: p[k] for k in numbers}, "未回收份号": "、".join(p["份号"])})
            for k in numbers:
                sub[k] += p[k]
        rows.append({"领取单位": unit, "领取人": SUBTOTAL, **sub, "未回收份号": ""})
        for k in numbers:
            total[k] += sub[k]
    rows.append({"领取单位": TOTAL, "领取人": "", **total, "未回收份号": ""})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def closing_blockers(register: pd.DataFrame, levels: tuple[str, ...] = SECRET_LEVELS) -> list[Problem]:
    """One problem per outstanding copy that must be recovered before the meeting is archived."""
    return [
        Problem(
            COPIES.name,
            f"《{r['材料名称']}》（{r['密级']}）份号 {copy_number(r['份号']) or r['份号']} 由 "
            f"{r['领取人'] or NO_PERSON}（{r['领取单位'] or NO_UNIT}）领取，尚未回收",
            row=int(r[ROW]) if r.get(ROW) is not None else None,
            column="回收时间",
        )
        for r in register.to_dict("records")
        if is_issued(r) and not is_returned(r) and r["密级"] in levels
    ]
