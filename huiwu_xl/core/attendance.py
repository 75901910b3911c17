"""Attendance: roster × sign-ins × leave requests → one status per person (workbook.md).

Pure pandas; knows nothing of Excel or Word. Tables come with the contract's columns plus the
keys `_key`/`_unit` (name and unit keys) and `_row` (the Excel row, for messages).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from ..contract import CATEGORIES, PRESENT, VIOLATIONS, YES
from ..text import name_keys
from .matching import RosterIndex, match_people

RESULT_COLUMNS = ["序号", "类别", "单位", "姓名", "职务", "状态", "签到时间", "签退时间", "迟到分钟", "早退分钟", "代会人", "请假事由", "说明"]
SUMMARY_COLUMNS = ["分组", "名称", "应到", "实到", "请假", "代会", "迟到", "早退", "擅自代会", "旷会", "出席率"]
STRANGER_COLUMNS = ["来源", "行号", "姓名", "单位", "代会对象", "签到时间", "原因"]
UNCATEGORISED = "未分类"


@dataclass(frozen=True)
class Rules:
    start: datetime
    end: datetime
    late_grace_minutes: float = 0
    early_grace_minutes: float = 0
    written_leave_required: bool = True


@dataclass
class Attendance:
    results: pd.DataFrame  # one row per roster person, RESULT_COLUMNS
    summary: pd.DataFrame  # SUMMARY_COLUMNS: per 类别, per 单位, 合计
    strangers: pd.DataFrame  # sign-ins (and leave rows) that match nobody or several people

    def count(self, status: str) -> int:
        return int(self.results["状态"].eq(status).sum())


def reconcile(roster: pd.DataFrame, leave: pd.DataFrame, signins: pd.DataFrame, rules: Rules, categories=CATEGORIES) -> Attendance:
    roster = roster.reset_index(drop=True)
    n = len(roster)

    # Which person each sign-in is for: the 代会对象 when filled, else the signer.
    proxy = signins["代会对象"].ne("")
    target_keys = name_keys(signins["代会对象"].where(proxy, signins["姓名"])) if len(signins) else signins["_key"]
    index = RosterIndex(roster)
    sign_pos, sign_why = match_people(index, target_keys, signins["_unit"])
    leave_pos, leave_why = match_people(index, leave["_key"], leave["_unit"])
    # A roster person who signed in only as someone's 代会人 was there too (workbook.md, decided):
    # the signer of a proxy row counts as present, when the signer is on the roster without doubt.
    signer_pos, _ = match_people(index, signins["_key"], signins["_unit"])
    signer_pos = signer_pos.where(proxy, -1)
    proxy = proxy & signer_pos.ne(sign_pos)  # "代会对象" naming the signer is a plain sign-in
    attending = signer_pos.where(proxy, sign_pos)  # whose presence each row proves

    own = _rows_for(signins, (~proxy & (sign_pos >= 0)) | (proxy & (signer_pos >= 0)), attending)
    first_in = own.groupby("_pos")["签到时间"].min().reindex(range(n))
    last_out = own.groupby("_pos")["签退时间"].max().reindex(range(n))
    present = np.zeros(n, dtype=bool)
    present[own["_pos"].to_numpy(dtype=int)] = True
    on_behalf = _on_behalf(signins, proxy & (signer_pos >= 0) & (sign_pos >= 0), signer_pos, sign_pos, roster, n)
    on_behalf[_any(_rows_for(signins, ~proxy & (sign_pos >= 0), sign_pos), n)] = ""  # they also signed in themselves

    subs = _rows_for(signins, proxy & (sign_pos >= 0), sign_pos)
    sub_names = pd.Series("", index=range(n), dtype=object)
    for pos, name in zip(subs["_pos"].astype(int), subs["姓名"]):
        sub_names.iat[pos] = name if not sub_names.iat[pos] else f"{sub_names.iat[pos]}、{name}" if name not in sub_names.iat[pos] else sub_names.iat[pos]
    sub_pairs = set(zip(subs["_pos"].astype(int), subs["_key"]))
    has_sub = sub_names.ne("").to_numpy()

    strangers = _strangers(signins, sign_why, leave, leave_why)
    leave = _rows_for(leave, leave_pos >= 0, leave_pos)
    kind = leave["请假类型"].replace("", "全程")
    written = leave["书面请假"].eq(YES) | (not rules.written_leave_required)
    approved = leave["批准人"].ne("") & written
    full_ok = leave[approved & kind.eq("全程")].groupby("_pos").first().reindex(range(n))
    late_ok = _any(leave[approved & kind.eq("迟到")], n)
    early_ok = _any(leave[approved & kind.eq("早退")], n)
    has_full = full_ok["_key"].notna().to_numpy()
    refused = leave[~approved].assign(_why=np.where(leave.loc[~approved, "批准人"].eq(""), "请假未经批准", "未履行书面请假手续"))
    refused_why = refused.groupby("_pos")["_why"].first().reindex(range(n), fill_value="")

    start, end = pd.Timestamp(rules.start), pd.Timestamp(rules.end)
    late_by = (first_in - start).dt.total_seconds() / 60
    early_by = (end - last_out).dt.total_seconds() / 60
    late = present & (late_by > rules.late_grace_minutes).fillna(False).to_numpy() & ~late_ok & ~has_full
    early = present & (early_by > rules.early_grace_minutes).fillna(False).to_numpy() & ~early_ok & ~has_full

    named_sub = name_keys(full_ok["代会人"].fillna("")) if n else pd.Series(dtype=object)
    sub_matches = np.array([k == "" or (i, k) in sub_pairs for i, k in enumerate(named_sub)], dtype=bool)

    status = np.select(
        [present & late & early, present & late, present & early, present,
         has_sub & has_full & sub_matches, has_sub, has_full],
        ["迟到早退", "迟到", "早退", "出席", "代会", "擅自代会", "请假"],
        default="旷会",
    )

    late_min = np.where(late, np.maximum(np.floor(late_by.fillna(0).to_numpy()), 1), np.nan)
    early_min = np.where(early, np.maximum(np.floor(early_by.fillna(0).to_numpy()), 1), np.nan)
    notes = _explain(status, late_min, early_min, present, late_by, early_by, rules, late_ok, early_ok,
                     has_full, full_ok, sub_names, refused_why, first_in, on_behalf)

    results = pd.DataFrame({
        "序号": np.arange(1, n + 1),
        "类别": roster["类别"].replace("", UNCATEGORISED),
        "单位": roster["单位"],
        "姓名": roster["姓名"],
        "职务": roster["职务"],
        "状态": status,
        "签到时间": first_in.to_numpy(),
        "签退时间": last_out.to_numpy(),
        "迟到分钟": pd.array(late_min, dtype="Int64"),
        "早退分钟": pd.array(early_min, dtype="Int64"),
        "代会人": np.where(has_sub, sub_names, ""),
        "请假事由": np.where(has_full, full_ok["事由"].fillna("").to_numpy(dtype=object), ""),
        "说明": notes,
    })
    return Attendance(results, summarise(results, categories), strangers)


def _rows_for(table: pd.DataFrame, mask: pd.Series, positions: pd.Series) -> pd.DataFrame:
    """The rows under `mask`, with their roster position in `_pos`."""
    rows = table.loc[mask].copy()
    rows["_pos"] = positions[mask].to_numpy(dtype=int)
    return rows


def _on_behalf(signins, mask, signer_pos, target_pos, roster, n: int) -> pd.Series:
    """Per roster position: "代某某参会" for whoever signed in on someone's behalf."""
    out = pd.Series("", index=range(n), dtype=object)
    names = roster["姓名"].tolist()
    for signer, target in zip(signer_pos[mask].astype(int), target_pos[mask].astype(int)):
        text = f"代{names[target]}参会"
        out.iat[signer] = text if not out.iat[signer] else out.iat[signer] if text in out.iat[signer] else f"{out.iat[signer]}、{text}"
    return out


def _any(rows: pd.DataFrame, n: int) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    out[rows["_pos"].to_numpy(dtype=int)] = True
    return out


def _explain(status, late_min, early_min, present, late_by, early_by, rules, late_ok, early_ok,
             has_full, full_ok, sub_names, refused_why, first_in, on_behalf) -> list[str]:
    reasons = full_ok["事由"].fillna("").tolist()
    named = full_ok["代会人"].fillna("").tolist()
    subs = sub_names.tolist()
    refused = refused_why.tolist()
    behalf = on_behalf.tolist()
    late_by = late_by.fillna(-1e9).to_numpy()
    early_by = early_by.fillna(-1e9).to_numpy()
    no_time = first_in.isna().to_numpy()
    # Plain attendance needs no words; only the others are looked at one by one.
    plain = (status == "出席") & ~has_full & ~late_ok & ~early_ok & ~no_time & (sub_names.to_numpy() == "") & (on_behalf.to_numpy() == "")
    notes = [""] * len(status)
    for i in (~plain).nonzero()[0]:
        s = status[i]
        parts = []
        if s in ("迟到", "迟到早退"):
            parts.append(f"迟到{int(late_min[i])}分钟")
        if s in ("早退", "迟到早退"):
            parts.append(f"早退{int(early_min[i])}分钟")
        if present[i]:
            if behalf[i]:
                parts.append(behalf[i])
            if has_full[i]:
                parts.append("已批准请假，但本人出席")
                # 全程 leave excuses coming late and leaving early too (workbook.md, decided); the minutes are noted.
                if late_by[i] > rules.late_grace_minutes:
                    parts.append(f"晚到{max(int(late_by[i]), 1)}分钟，已请假不计迟到")
                if early_by[i] > rules.early_grace_minutes:
                    parts.append(f"提前{max(int(early_by[i]), 1)}分钟离会，已请假不计早退")
            if late_ok[i] and late_by[i] > rules.late_grace_minutes:
                parts.append("已批准迟到")
            if early_ok[i] and early_by[i] > rules.early_grace_minutes:
                parts.append("已批准早退")
            if no_time[i]:
                parts.append("签到时间未填写")
            if subs[i]:
                parts.append(f"另有{subs[i]}代其签到")
        elif s == "请假":
            parts.append(f"已批准请假（{reasons[i]}）" if reasons[i] else "已批准请假")
            if named[i]:
                parts.append(f"代会人{named[i]}未到会")
        elif s == "代会":
            parts.append(f"已批准请假，由{subs[i]}代会" + (f"（{reasons[i]}）" if reasons[i] else ""))
            if not named[i]:
                parts.append("请假时未登记代会人")
        elif s == "擅自代会":
            why = f"代会人与批准的不符（批准：{named[i]}）" if has_full[i] else refused[i] or "未请假"
            parts.append(f"由{subs[i]}代会，{why}")
        elif s == "旷会":
            if late_ok[i] or early_ok[i]:
                parts.append("仅批准迟到或早退，但未到会")
            else:
                parts.append(f"未签到，{refused[i]}" if refused[i] else "未签到，未请假")
        notes[i] = "；".join(parts)
    return notes


def _strangers(signins, sign_why, leave, leave_why) -> pd.DataFrame:
    bad = signins[sign_why.ne("")]
    lost = leave[leave_why.ne("")]
    leave_rows = pd.DataFrame({
        "来源": "请假",
        "行号": lost["_row"].astype(int),
        "姓名": lost["姓名"],
        "单位": lost["单位"],
        "代会对象": "",
        "签到时间": pd.NaT,
        "原因": leave_why[leave_why.ne("")],
    }, columns=STRANGER_COLUMNS)
    rows = pd.DataFrame({
        "来源": "签到",
        "行号": bad["_row"].astype(int),
        "姓名": bad["姓名"],
        "单位": bad["单位"],
        "代会对象": bad["代会对象"],
        "签到时间": bad["签到时间"],
        "原因": sign_why[sign_why.ne("")],
    }, columns=STRANGER_COLUMNS)
    proxy_rows = bad["代会对象"].ne("")
    rows.loc[proxy_rows, "原因"] = "代会对象：" + rows.loc[proxy_rows, "原因"]
    if lost.empty:
        return rows.reset_index(drop=True)
    return pd.concat([rows, leave_rows], ignore_index=True) if len(rows) else leave_rows.reset_index(drop=True)


def summarise(results: pd.DataFrame, categories=CATEGORIES) -> pd.DataFrame:
    status = results["状态"]
    counts = pd.DataFrame({
        "应到": 1,
        "实到": status.isin(PRESENT).astype(int),
        "请假": status.eq("请假").astype(int),
        "代会": status.eq("代会").astype(int),
        "迟到": status.isin(["迟到", "迟到早退"]).astype(int),
        "早退": status.isin(["早退", "迟到早退"]).astype(int),
        "擅自代会": status.eq("擅自代会").astype(int),
        "旷会": status.eq("旷会").astype(int),
        "类别": results["类别"],
        "单位": results["单位"],
    })
    order = [c for c in categories if c in set(results["类别"])] + [c for c in dict.fromkeys(results["类别"]) if c not in categories]
    by_cat = counts.groupby("类别", sort=False).sum(numeric_only=True).reindex(order)
    by_unit = counts.groupby("单位", sort=False).sum(numeric_only=True)
    total = counts.sum(numeric_only=True).to_frame().T
    parts = [
        by_cat.reset_index(names="名称").assign(分组="类别"),
        by_unit.reset_index(names="名称").assign(分组="单位"),
        total.assign(名称="合计", 分组="合计"),
    ]
    table = pd.concat(parts, ignore_index=True)
    table["出席率"] = (table["实到"] / table["应到"]).fillna(0).round(4)
    return table[SUMMARY_COLUMNS]


def violators(results: pd.DataFrame) -> pd.DataFrame:
    return results[results["状态"].isin(VIOLATIONS)]
