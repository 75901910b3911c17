"""回执 back into the roster: what each unit's returned list changes, and nothing guessed.

Pure Python. A returned list is compared with the roster people of its unit:
- a row naming a roster person confirms them, reports changed fields (old → new), or — when its
  备注 says so — that they cannot come (a 请假 row with the reason) or who comes instead;
- in the `{单位}参会名单.xlsx` we sent, a row whose 序号 was a roster person's but now holds
  another name is a replacement (a 代会 request naming the 代会人);
- any other new name is an addition; a roster person the list leaves out is listed as 未列出
  for staff to check by phone — never taken as leave.
Staff accept rows (采纳) before anything is applied; see `plan_apply`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from ..text import name_key

CONFIRMED, REPLACED, ADDED, ABSENT, CHANGED, MISSING = "确认", "更换", "新增", "不能参会", "信息变更", "未列出"
FIELDS = ("职务", "手机", "性别", "民族", "蒙文姓名")
RETURNED, LATE, NOT_RETURNED, UNKNOWN_UNIT, UNREADABLE = "已报", "逾期", "未报", "无法对应单位", "无法读取"
ACTIONABLE = (REPLACED, ADDED, ABSENT, CHANGED)

_LEAVE = re.compile(r"请假|不参会|不能参会|不参加|不能参加|无法参会|无法参加|缺席")
_INSTEAD_OF = re.compile(r"(?:代|替)(?:替)?\s*([^\s,，、。；;：:（）()]{2,12}?)\s*(?:同志)?(?:参会|参加|出席|$)")
_BY = re.compile(r"由\s*([^\s,，、。；;：:（）()]{2,12}?)\s*(?:同志)?(?:代会|代为参会|代替参会|代参会|参会|代)")
_NOISE = re.compile(r"^[\s,，、。；;：:]+|[\s,，、。；;：:]+$")


@dataclass
class Person:
    """A roster person as the comparison needs them."""

    name: str
    unit: str
    row: int  # Excel row in 参会名单
    fields: dict[str, str]  # FIELDS


@dataclass
class ReturnedList:
    """One file's rows, already matched to a roster unit."""

    file: str
    unit: str
    when: datetime | None
    sent_list: bool  # the {单位}参会名单.xlsx we wrote: its 序号 are the roster order of the unit
    rows: list[dict]  # 姓名, 序号, 备注, 单位及职务, FIELDS


@dataclass
class Change:
    unit: str
    name: str  # the roster person concerned (the new person's name for 新增)
    kind: str
    item: str = ""  # the field for 信息变更; 请假 / 代会人 / 姓名 otherwise
    old: str = ""
    new: str = ""
    note: str = ""
    file: str = ""

    @property
    def key(self) -> tuple:
        """What identifies this change across re-runs (to keep what staff marked in 采纳)."""
        return (name_key(self.unit), name_key(self.name), self.kind, self.item, self.new)


@dataclass
class UnitStatus:
    unit: str
    category: str
    expected: int
    status: str  # RETURNED, LATE, NOT_RETURNED
    when: datetime | None = None
    files: list[str] = field(default_factory=list)
    note: str = ""


# ------------------------------------------------------------------------------ the remarks
def leave_reason(remark: str) -> str | None:
    """None when the 备注 does not say the person cannot come; else the reason ("" if none given)."""
    if not remark or not _LEAVE.search(remark):
        return None
    reason = _LEAVE.sub(" ", _BY.sub(" ", remark))
    reason = re.sub(r"[\s,，、。；;：:]+", "，", reason)
    return _NOISE.sub("", reason)


def substitute_named(remark: str) -> str:
    """"请假，由李四代会" → 李四."""
    found = _BY.search(remark or "")
    return found.group(1) if found else ""


def stands_in_for(remark: str) -> str:
    """"代张三参会" → 张三."""
    found = _INSTEAD_OF.search(remark or "")
    return found.group(1) if found else ""


def _same(item: str, old: str, new: str, unit: str) -> bool:
    if item == "手机":
        return re.sub(r"\D", "", old) == re.sub(r"\D", "", new)
    if item == "职务":
        trim = lambda s: name_key(s).removeprefix(name_key(unit))  # noqa: E731 — 旗财政局局长 = 局长
        return trim(old) == trim(new)
    return name_key(old) == name_key(new)


def _post(row: dict, unit: str) -> str:
    """职务, or the 回执's 单位及职务 with the unit in front taken off."""
    if row.get("职务"):
        return row["职务"].strip()
    both = (row.get("单位及职务") or "").strip()
    return both[len(unit):].strip() if unit and both.startswith(unit) else both


# ---------------------------------------------------------------------------- the comparison
def compare(returned: ReturnedList, people: list[Person]) -> list[Change]:
    """The changes one unit's list makes to its roster people (all of `people` are of that unit)."""
    unit, file = returned.unit, returned.file
    by_key: dict[str, Person] = {}
    for p in people:
        by_key.setdefault(name_key(p.name), p)
    listed = {name_key(r["姓名"]) for r in returned.rows}
    seen: set[str] = set()
    changes: list[Change] = []
    for row in returned.rows:
        name, remark = row["姓名"].strip(), (row.get("备注") or "").strip()
        key = name_key(name)
        person = by_key.get(key)
        post = _post(row, unit)
        if person is not None and key not in seen:
            seen.add(key)
            changes += _about_person(person, row, post, remark, file)
            continue
        replaced = _replaced(returned, row, people, listed, seen, by_key)
        if replaced is not None:
            seen.add(name_key(replaced.name))
            reason = leave_reason(remark) or ""
            details = _details(row, post)
            note = "；".join(x for x in (f"事由：{reason}" if reason else "", f"代会人{details}" if details else "") if x)
            changes.append(Change(unit, replaced.name, REPLACED, "代会人", "", name, note, file))
            continue
        if key in seen:
            continue  # the same person twice in one list
        seen.add(key)
        changes.append(Change(unit, name, ADDED, "姓名", "", name, _details(row, post, with_names=True), file))
    for p in people:
        if name_key(p.name) not in seen:
            changes.append(Change(unit, p.name, MISSING, note="回执中没有此人：请电话核实是否参会", file=file))
    return changes


def _about_person(person: Person, row: dict, post: str, remark: str, file: str) -> list[Change]:
    unit = person.unit
    instead = substitute_named(remark)
    reason = leave_reason(remark)
    if instead:
        note = f"事由：{reason}" if reason else ""
        return [Change(unit, person.name, REPLACED, "代会人", "", instead, note, file)]
    if reason is not None:
        return [Change(unit, person.name, ABSENT, "请假", "", reason, "", file)]
    changes = []
    given = {**{f: (row.get(f) or "").strip() for f in FIELDS}, "职务": post}
    for item in FIELDS:
        new, old = given[item], person.fields.get(item, "")
        if new and not _same(item, old, new, unit):
            changes.append(Change(unit, person.name, CHANGED, item, old, new, "", file))
    return changes or [Change(unit, person.name, CONFIRMED, file=file)]


def _replaced(returned: ReturnedList, row: dict, people: list[Person], listed: set[str], seen: set[str],
              by_key: dict[str, Person]) -> Person | None:
    """The roster person a new name stands in for: named in the 备注 (代张三参会), or — in the
    list we sent — the person whose 序号 the row kept, when that person is no longer listed."""
    named = by_key.get(name_key(stands_in_for(row.get("备注") or "")))
    if named is not None and name_key(named.name) not in seen:
        return named
    if not returned.sent_list:
        return None
    try:
        number = int(float(str(row.get("序号") or "").strip()))
    except ValueError:
        return None
    if 1 <= number <= len(people):
        person = people[number - 1]
        key = name_key(person.name)
        if key not in listed and key not in seen:
            return person
    return None


def _details(row: dict, post: str, with_names: bool = False) -> str:
    """职务：…；手机：…；性别：…；民族：… (what 应用回执 reads back for a new person)."""
    values = {"职务": post, **{f: (row.get(f) or "").strip() for f in FIELDS if f != "职务"}}
    parts = [f"{f}：{v}" for f, v in values.items() if v]
    if with_names:
        return "；".join(parts)
    return f"（{'，'.join(parts)}）" if parts else ""


def parse_details(note: str) -> dict[str, str]:
    """The fields `_details` wrote into 说明, as staff may have corrected them."""
    return {k: v.strip() for k, v in re.findall(r"(职务|手机|性别|民族|蒙文姓名|事由)\s*[:：]\s*([^；;]*)", note or "")}


# ------------------------------------------------------------------------------- the units
def unit_statuses(expected: list[tuple[str, str, int]], lists: list[ReturnedList], deadline: datetime | None) -> list[UnitStatus]:
    """Per unit (unit, category, people): returned in time, late or not at all — late and
    missing ones first, for the phone round."""
    by_unit: dict[str, list[ReturnedList]] = {}
    for r in lists:
        by_unit.setdefault(r.unit, []).append(r)
    out = []
    for unit, category, count in expected:
        files = sorted(by_unit.get(unit, []), key=lambda r: r.when or datetime.min)
        if not files:
            out.append(UnitStatus(unit, category, count, NOT_RETURNED))
            continue
        first = files[0]
        late = deadline is not None and first.when is not None and first.when > deadline
        note = f"共 {len(files)} 份，以最新一份为准" if len(files) > 1 else ""
        out.append(UnitStatus(unit, category, count, LATE if late else RETURNED, first.when, [f.file for f in files], note))
    order = {NOT_RETURNED: 0, LATE: 1, RETURNED: 2}
    return sorted(out, key=lambda s: order[s.status])


def latest_per_unit(lists: list[ReturnedList]) -> list[ReturnedList]:
    """One list per unit: the most recently saved."""
    best: dict[str, ReturnedList] = {}
    for r in lists:
        if r.unit not in best or (r.when or datetime.min) >= (best[r.unit].when or datetime.min):
            best[r.unit] = r
    return list(best.values())


# ------------------------------------------------------------------------------ 应用回执
@dataclass
class Accepted:
    """A 回执汇总 row staff marked 采纳 = 是, as it stands in the sheet (staff may have corrected it)."""

    row: int  # the sheet row, for 处理 and messages
    unit: str
    name: str
    kind: str
    item: str
    old: str
    new: str
    note: str
    file: str = ""


@dataclass
class LeaveRecord:
    row: int
    name: str
    unit: str
    substitute: str
    reason: str


@dataclass
class ApplyPlan:
    roster_rows: list[dict] = field(default_factory=list)  # appended to 参会名单
    roster_cells: list[tuple[int, str, str]] = field(default_factory=list)  # set, accepted over what is there
    leave_rows: list[dict] = field(default_factory=list)  # appended to 请假
    leave_fills: list[tuple[int, str, str]] = field(default_factory=list)  # empty cells of existing 请假 rows
    outcomes: dict[int, str] = field(default_factory=dict)  # sheet row → what happened (处理)

    @property
    def changes(self) -> int:
        return len(self.roster_rows) + len(self.roster_cells) + len(self.leave_rows) + len(self.leave_fills)


APPLIED = "已应用"


def plan_apply(accepted: list[Accepted], people: list[Person], leave: list[LeaveRecord],
               categories: dict[str, str]) -> ApplyPlan:
    """The edits the accepted rows make; a row already in effect (a second run) makes none."""
    plan = ApplyPlan()
    roster = {(name_key(p.unit), name_key(p.name)): p for p in people}
    on_leave = {(name_key(r.unit), name_key(r.name)): r for r in leave}
    for a in accepted:
        key = (name_key(a.unit), name_key(a.name))
        if a.kind == ADDED:
            added = (name_key(a.unit), name_key(a.new or a.name))
            if added in roster:
                plan.outcomes[a.row] = "名单中已有此人"
                continue
            details = parse_details(a.note)
            record = {"姓名": a.new or a.name, "单位": a.unit, "类别": categories.get(a.unit, ""),
                      **{f: details[f] for f in FIELDS if details.get(f)}, "备注": "据回执新增"}
            plan.roster_rows.append(record)
            roster[added] = Person(record["姓名"], a.unit, 0, {f: record.get(f, "") for f in FIELDS})
            plan.outcomes[a.row] = f"{APPLIED}：已加入参会名单"
        elif a.kind in (ABSENT, REPLACED):
            if key not in roster:
                plan.outcomes[a.row] = "未应用：参会名单中找不到此人"
                continue
            substitute = a.new if a.kind == REPLACED else ""
            reason = (a.new if a.kind == ABSENT else parse_details(a.note).get("事由", "")) or ""
            plan.outcomes[a.row] = _leave(plan, on_leave, key, a, substitute, reason)
        elif a.kind == CHANGED:
            person = roster.get(key)
            if person is None or person.row == 0:
                plan.outcomes[a.row] = "未应用：参会名单中找不到此人"
                continue
            current = person.fields.get(a.item, "")
            if current and _same(a.item, current, a.new, a.unit):
                plan.outcomes[a.row] = "名单中已是新值"
            elif not current or _same(a.item, current, a.old, a.unit):
                plan.roster_cells.append((person.row, a.item, a.new))
                person.fields[a.item] = a.new
                plan.outcomes[a.row] = f"{APPLIED}：{a.item}已改为“{a.new}”"
            else:
                plan.outcomes[a.row] = f"未应用：名单中“{a.item}”现为“{current}”，与汇总时不同，请核对后重新汇总回执"
        else:
            plan.outcomes[a.row] = "无需处理"
    return plan


def _leave(plan: ApplyPlan, on_leave: dict, key: tuple, a: Accepted, substitute: str, reason: str) -> str:
    existing = on_leave.get(key)
    if existing is None:
        record = {"姓名": a.name, "单位": a.unit, "事由": reason, "代会人": substitute,
                  "备注": f"据回执（{a.file}），书面请假待确认" if a.file else "据回执，书面请假待确认"}
        plan.leave_rows.append({k: v for k, v in record.items() if v})
        on_leave[key] = LeaveRecord(0, a.name, a.unit, substitute, reason)
        return f"{APPLIED}：已加入请假表" + (f"，代会人{substitute}" if substitute else "")
    said = []
    if substitute and name_key(existing.substitute) != name_key(substitute):
        if existing.substitute:
            return f"未应用：请假表中代会人为“{existing.substitute}”，与回执不同"
        if existing.row:
            plan.leave_fills.append((existing.row, "代会人", substitute))
        existing.substitute = substitute
        said.append(f"代会人{substitute}")
    if reason and not existing.reason:
        if existing.row:
            plan.leave_fills.append((existing.row, "事由", reason))
        existing.reason = reason
        said.append("事由")
    return f"{APPLIED}：请假表已补{'、'.join(said)}" if said else "请假表中已有此人"
