"""The phone round (电话通知, domain.md §5): build or merge the call list, assign callers, sum up.

Pure pandas. Tables arrive as the contract's columns plus `_row` (Excel row); the call list is an
input sheet staff type into, so a merge only appends people and fills empty cells — recorded
results are never touched. People who left the roster are marked in `名单状态`, not deleted.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..contract import CALL_ROUND, CATEGORIES, YES
from ..text import name_keys

UNCATEGORISED = "未分类"
REMOVED = "已移出名单"
STATUS_COLUMN = "名单状态"  # macro-owned column of 电话通知: REMOVED, or empty
REACHED = ("参会", "请假", "代会", "待定")
ASKED_LEAVE = ("请假", "代会")
FROM_ROSTER = ("类别", "单位", "姓名", "职务", "手机")  # call-list cells filled from the roster when empty
SUMMARY_COLUMNS = ["名称", "应通知", "已接通", "参会", "请假", "代会", "未接通", "待定", "未登记"]
CHASE_COLUMNS = ["类别", "单位", "姓名", "职务", "手机", "结果", "原因", "代会人", "通知人", "请假表"]
UNREACHED_COLUMNS = ["类别", "单位", "姓名", "职务", "手机", "通知人", "通知时间", "情况"]
CALLER_DUTIES = ("通知", "电话")  # staff whose 职责 mentions these make the calls, if any does


@dataclass
class CallRoundUpdate:
    """What a merge changes in 电话通知: rows to append and empty cells to fill."""

    new_rows: pd.DataFrame  # CALL_ROUND headers + STATUS_COLUMN, in call order
    fills: list[tuple[int, str, object]]  # (Excel row, header, value), for cells that are empty
    marks: list[tuple[int, str]]  # (Excel row, 名单状态): REMOVED, or "" where a person came back
    warnings: list[str] = field(default_factory=list)
    loads: dict[str, int] = field(default_factory=dict)  # caller → people in the round


@dataclass
class CallSummary:
    by_category: pd.DataFrame  # SUMMARY_COLUMNS, plus 合计
    by_caller: pd.DataFrame
    chase: pd.DataFrame  # asked for leave on the phone, no written request in 请假 yet
    unreached: pd.DataFrame  # 未接通, or no result recorded
    leave_rows: pd.DataFrame  # rows to append to 请假 (people absent there)


# ------------------------------------------------------------------------------------- order
def category_order(categories_seen, categories=CATEGORIES) -> list[str]:
    seen = list(dict.fromkeys(c for c in categories_seen))
    known = [c for c in categories if c in seen]
    return known + [c for c in seen if c not in known and c != UNCATEGORISED] + ([UNCATEGORISED] if UNCATEGORISED in seen else [])


def sort_roster(roster: pd.DataFrame, categories=CATEGORIES) -> pd.DataFrame:
    """Roster by 类别 (configured order), then 排序 (numbers first, ascending), then list order."""
    roster = roster.reset_index(drop=True).copy()
    roster["类别"] = roster["类别"].replace("", UNCATEGORISED)
    order = category_order(roster["类别"], categories)
    cat_rank = roster["类别"].map({c: i for i, c in enumerate(order)})
    rank = pd.to_numeric(roster["排序"], errors="coerce")
    keys = pd.DataFrame({"c": cat_rank, "blank": rank.isna(), "r": rank.fillna(0), "i": range(len(roster))})
    return roster.loc[keys.sort_values(["c", "blank", "r", "i"]).index].reset_index(drop=True)


def _keys(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["_key"] = name_keys(frame["姓名"]) if len(frame) else pd.Series(dtype=object)
    frame["_unit"] = name_keys(frame["单位"]) if len(frame) else pd.Series(dtype=object)
    return frame


def match_to_roster(calls: pd.DataFrame, roster: pd.DataFrame) -> np.ndarray:
    """Roster position of each call-list row (-1: not in the roster). Name + unit first, then a
    name alone when the roster has that name once (a unit renamed since the list was made)."""
    if calls.empty:
        return np.zeros(0, dtype=int)
    pair = pd.Index((roster["_key"] + "\u0001" + roster["_unit"]).astype(object))
    wanted = pd.Index((calls["_key"] + "\u0001" + calls["_unit"]).astype(object))
    first_pair = ~pair.duplicated()
    pos = pd.Index(pair[first_pair]).get_indexer(wanted)
    pos = np.where(pos >= 0, np.flatnonzero(first_pair)[pos] if first_pair.any() else -1, -1)
    counts = roster["_key"].value_counts()
    single = roster["_key"].map(counts).eq(1).to_numpy()
    by_name = pd.Index(roster.loc[single, "_key"].astype(object)).get_indexer(pd.Index(calls["_key"].astype(object)))
    by_name = np.where(by_name >= 0, np.flatnonzero(single)[by_name] if single.any() else -1, -1)
    return np.where(pos >= 0, pos, by_name)


# ----------------------------------------------------------------------------------- callers
def callers_from_staff(staff: pd.DataFrame) -> list[str]:
    names = [n for n in dict.fromkeys(staff["姓名"]) if n]
    if "职责" in staff:
        duty = staff["职责"].fillna("")
        chosen = [n for n, d in zip(staff["姓名"], duty) if n and any(w in d for w in CALLER_DUTIES)]
        if chosen:
            return list(dict.fromkeys(chosen))
    return names


def assign_callers(categories: list[str], callers: list[str], current: list[str] | None = None) -> list[str]:
    """A caller for every person (given by category, in call order); `current` keeps callers set before.

    Balanced: nobody gets more than ceil(people / callers). Within that cap a category stays with
    one caller — the one already holding most of it, else the least loaded — and is split only
    when it does not fit.
    """
    n = len(categories)
    current = list(current) if current is not None else [""] * n
    if not callers:
        return current
    cap = math.ceil(n / len(callers))
    load = Counter({c: 0 for c in callers})
    holding: dict[str, Counter] = {}
    for cat, who in zip(categories, current):
        if who:
            load[who] += 1
            holding.setdefault(cat, Counter())[who] += 1
    pending: dict[str, list[int]] = {}
    for i, (cat, who) in enumerate(zip(categories, current)):
        if not who:
            pending.setdefault(cat, []).append(i)
    out = list(current)
    order = {c: k for k, c in enumerate(callers)}
    for cat in sorted(pending, key=lambda c: -len(pending[c])):  # largest first, as in LPT scheduling
        rows = pending[cat]
        preferred = [c for c, _ in holding.get(cat, Counter()).most_common() if c in order]  # still on staff
        whole = [c for c in preferred if load[c] + len(rows) <= cap] or sorted(
            (c for c in callers if load[c] + len(rows) <= cap), key=lambda c: (load[c], order[c]))
        if whole:
            chosen = whole[0]
            for i in rows:
                out[i] = chosen
            load[chosen] += len(rows)
            continue
        queue = list(rows)
        while queue:
            room = [c for c in preferred if load[c] < cap] or sorted(callers, key=lambda c: (load[c], order[c]))
            chosen = room[0]
            take = max(1, cap - load[chosen])
            for i in queue[:take]:
                out[i] = chosen
            load[chosen] += len(queue[:take])
            queue = queue[take:]
            preferred = [c for c in preferred if c != chosen]
    return out


# --------------------------------------------------------------------------------------- merge
def plan_call_round(roster: pd.DataFrame, calls: pd.DataFrame, staff: pd.DataFrame, categories=CATEGORIES) -> CallRoundUpdate:
    """Merge the roster into the call list: who to append, which empty cells to fill, who to mark."""
    roster = _keys(sort_roster(roster, categories))
    calls = _keys(calls.reset_index(drop=True))
    if STATUS_COLUMN not in calls:
        calls[STATUS_COLUMN] = ""
    calls[STATUS_COLUMN] = calls[STATUS_COLUMN].fillna("")
    pos = match_to_roster(calls, roster)
    listed = np.zeros(len(roster), dtype=bool)
    listed[pos[pos >= 0]] = True
    new = roster.loc[~listed]

    warnings = []
    callers = callers_from_staff(staff)
    if not callers:
        warnings.append("“工作人员”表中没有人员，未分配通知人")
    # One caller list over everyone still in the round: existing assignments stay, the rest get one.
    active = pos >= 0
    roster_cats = roster["类别"].tolist()
    existing_cat = [roster_cats[p] for p in pos[active]]
    existing_who = list(calls.loc[active, "通知人"].fillna(""))
    cats = existing_cat + list(new["类别"])
    who = assign_callers(cats, callers, existing_who + [""] * len(new))
    counted = Counter(w for w in who if w)
    loads = {c: counted[c] for c in [*callers, *counted] if c in counted}

    fills: list[tuple[int, str, object]] = []
    idx, rows = np.flatnonzero(active), calls["_row"].to_numpy()[active].astype(int)
    for col in FROM_ROSTER:
        mine = calls[col].to_numpy(dtype=object)[idx]
        theirs = roster[col].to_numpy(dtype=object)[pos[active]]
        want = np.array([_blank(a) and bool(b) and b != UNCATEGORISED for a, b in zip(mine, theirs)], dtype=bool)
        fills += [(int(r), col, v) for r, v in zip(rows[want], theirs[want])]
    mine = calls["通知人"].to_numpy(dtype=object)[idx]
    fills += [(int(r), "通知人", w) for r, m, w in zip(rows, mine, who) if _blank(m) and w]

    marks = []
    # Columns taken once: each frame[column] copies the frame's attrs (pandas), 10,000 times here.
    for row, status, p in zip(calls["_row"].tolist(), calls[STATUS_COLUMN].tolist(), pos.tolist()):
        if p < 0 and status != REMOVED:
            marks.append((int(row), REMOVED))
        elif p >= 0 and status == REMOVED:
            marks.append((int(row), ""))

    numbers = pd.to_numeric(calls["序号"], errors="coerce") if len(calls) else pd.Series(dtype=float)
    first = int(numbers.max()) + 1 if numbers.notna().any() else 1
    new_rows = pd.DataFrame({h: "" for h in CALL_ROUND.headers}, index=range(len(new)))
    if len(new):
        new_rows["序号"] = range(first, first + len(new))
        for col in FROM_ROSTER:
            new_rows[col] = new[col].to_numpy()
        new_rows["通知人"] = who[len(existing_cat):]
    new_rows[STATUS_COLUMN] = ""
    new_rows = new_rows.astype(object)
    return CallRoundUpdate(new_rows, fills, marks, warnings, loads)


def apply_update(calls: pd.DataFrame, update: CallRoundUpdate) -> pd.DataFrame:
    """The call list as it reads after the merge (for the summary written in the same run)."""
    calls = calls.reset_index(drop=True).copy()
    if STATUS_COLUMN not in calls:
        calls[STATUS_COLUMN] = ""
    at = {int(r): i for i, r in enumerate(calls["_row"])} if len(calls) else {}
    for row, col, value in update.fills:
        calls.at[at[row], col] = value
    for row, value in update.marks:
        calls.at[at[row], STATUS_COLUMN] = value
    last = int(calls["_row"].max()) if len(calls) else 1
    added = update.new_rows.assign(_row=range(last + 1, last + 1 + len(update.new_rows)))
    return pd.concat([calls, added], ignore_index=True) if len(calls) else added.reset_index(drop=True)


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""


# ------------------------------------------------------------------------------------ summary
def latest_calls(calls: pd.DataFrame) -> pd.DataFrame:
    """One row per person still on the roster: the last attempt with a result (sheet order), else the last row."""
    calls = _keys(calls.reset_index(drop=True))
    status = calls[STATUS_COLUMN] if STATUS_COLUMN in calls else pd.Series("", index=calls.index)
    calls = calls[status.fillna("").ne(REMOVED)]
    calls = calls.assign(_has=calls["结果"].fillna("").ne("").astype(int), _order=range(len(calls)))
    latest = calls.sort_values(["_has", "_order"]).groupby(["_key", "_unit"], sort=False).tail(1)
    return latest.sort_values("_order").drop(columns=["_has", "_order"]).reset_index(drop=True)


def _counts(frame: pd.DataFrame, by: str, order: list[str], total_label: str = "合计") -> pd.DataFrame:
    result = frame["结果"].fillna("")
    counts = pd.DataFrame({
        "名称": frame[by].replace("", "（未填）"),
        "应通知": 1,
        "已接通": result.isin(REACHED).astype(int),
        "参会": result.eq("参会").astype(int),
        "请假": result.eq("请假").astype(int),
        "代会": result.eq("代会").astype(int),
        "未接通": result.eq("未接通").astype(int),
        "待定": result.eq("待定").astype(int),
        "未登记": (~result.isin(REACHED + ("未接通",))).astype(int),
    })
    grouped = counts.groupby("名称", sort=False).sum()
    names = [n for n in order if n in grouped.index] + [n for n in grouped.index if n not in order]
    table = grouped.reindex(names).reset_index()
    total = counts.drop(columns="名称").sum().to_frame().T.assign(名称=total_label)
    return pd.concat([table, total], ignore_index=True)[SUMMARY_COLUMNS].astype({c: int for c in SUMMARY_COLUMNS[1:]})


def summarize(calls: pd.DataFrame, leave: pd.DataFrame, categories=CATEGORIES, callers: list[str] | None = None) -> CallSummary:
    latest = latest_calls(calls)
    latest["类别"] = latest["类别"].fillna("").replace("", UNCATEGORISED)
    by_category = _counts(latest, "类别", category_order(latest["类别"], categories))
    by_caller = _counts(latest, "通知人", list(callers or []))

    leave = _keys(leave.reset_index(drop=True))
    on_file = _leave_positions(latest, leave)
    asked = latest["结果"].isin(ASKED_LEAVE).to_numpy()
    on_paper = leave["书面请假"].tolist()
    written = np.array([p >= 0 and on_paper[p] == YES for p in on_file], dtype=bool)
    chase = latest[asked & ~written].assign(请假表=np.where(on_file[asked & ~written] >= 0, "未交书面请假", "未登记请假"))
    chase = chase[CHASE_COLUMNS].reset_index(drop=True)

    result = latest["结果"].fillna("")
    unreached = latest[result.eq("未接通") | result.eq("")]
    unreached = unreached.assign(情况=np.where(unreached["结果"].fillna("").eq("未接通"), "未接通", "尚未登记结果"))
    unreached = unreached[UNREACHED_COLUMNS].reset_index(drop=True)

    missing = latest[asked & (on_file < 0)]
    leave_rows = pd.DataFrame({
        "姓名": missing["姓名"],
        "单位": missing["单位"],
        "请假类型": "",
        "事由": missing["原因"].fillna(""),
        "书面请假": "",
        "批准人": "",
        "代会人": np.where(missing["结果"].eq("代会"), missing["代会人"].fillna(""), ""),
        "备注": "电话通知登记" + np.where(missing["通知人"].fillna("").ne(""), "（通知人：" + missing["通知人"].fillna("") + "）", ""),
    }).reset_index(drop=True).astype(object)
    return CallSummary(by_category, by_caller, chase, unreached, leave_rows)


def _leave_positions(latest: pd.DataFrame, leave: pd.DataFrame) -> np.ndarray:
    """Row in 请假 for each person (-1: none): same name, and the same unit unless 请假 left it blank
    or the name is unique in the call list. A full-day request counts; 迟到/早退 requests don't.
    A written request wins when a person has several rows."""
    out = np.full(len(latest), -1, dtype=int)
    if leave.empty or latest.empty:
        return out
    kind = leave["请假类型"].fillna("")
    keys, units, on_paper = leave["_key"].tolist(), leave["_unit"].tolist(), leave["书面请假"].tolist()
    by_key: dict[str, list[int]] = {}
    for i in np.flatnonzero(kind.isin(["", "全程"]).to_numpy()).tolist():
        by_key.setdefault(keys[i], []).append(i)
    name_count = latest["_key"].value_counts().to_dict()
    for j, (key, unit) in enumerate(zip(latest["_key"].tolist(), latest["_unit"].tolist())):
        rows = by_key.get(key, [])
        same = [i for i in rows if units[i] == unit] or [i for i in rows if units[i] == ""]
        if not same and name_count[key] == 1:
            same = rows
        if same:
            out[j] = max(same, key=lambda i: (on_paper[i] == YES, -i))
    return out
