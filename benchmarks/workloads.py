"""The workbooks the button benchmark runs on: the demo's meeting scaled to n people, on two mornings.

- calm: the demo's sign-ins (3 % absent, a few dozen planted edge cases);
- bad: a winter morning (issue 13): 25 % late, 8 % leave early, 10 % on leave of which half send a
  substitute, 3 % absent, strangers signing in as 2 % of the roster.

Both have what every button needs: call sheet, staff, numbered copies, 邮件设置 (试运行), 18 people
on a two-row podium and a hall 50 seats wide with room for everyone.
"""
from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from pathlib import Path

from huiwu_xl.contract import MEETING
from huiwu_xl.demo import GIVEN, MAIL_ROWS, START, SURNAMES, _call_round, demo_tables, meeting_rows

WORKLOADS = ("calm", "bad")
PODIUM = 18
HALL_WIDTH = 50
RESERVED_ROWS = 2
PLANTED = 61  # the demo's edge cases sit in the first rows; the bad morning leaves them alone


def hall_rows(people: int) -> int:
    return math.ceil(people * 1.05 / HALL_WIDTH) + RESERVED_ROWS


def settings(people: int) -> list[tuple[str, object]]:
    overrides = {"主席台每排座位数": PODIUM // 2, "会场排数": hall_rows(people), "每排座位数": HALL_WIDTH,
                 "预留排数": RESERVED_ROWS}
    rows = [(k, overrides.get(k, v)) for k, v in meeting_rows()]
    return rows + [("未回收涉密材料仍归档", "是")]


def tables(people: int, workload: str, seed: int = 7) -> dict[str, list[dict]]:
    if workload not in WORKLOADS:
        raise ValueError(f"workload must be one of {WORKLOADS}")
    t = demo_tables(people, seed)
    roster = t["参会名单"]
    for i, p in enumerate(roster[:PODIUM]):
        p.update({"座区": "主席台", "排序": i + 1, "座签": "是"})
    if workload == "bad":
        _bad_morning(t, random.Random(seed + 13))
        t["电话通知"] = _call_round(roster, t["请假"], random.Random(seed + 2))
    return t


def _bad_morning(t: dict[str, list[dict]], rng: random.Random) -> None:
    roster = t["参会名单"]
    first = PLANTED if len(roster) >= 60 else 0
    planted = {p["姓名"] for p in roster[:first]}
    taken = {p["姓名"] for p in roster}
    signin = [r for r in t["签到"] if r["姓名"] in planted or r["代会对象"] in planted or r["姓名"] not in taken]
    leave = t["请假"]
    for p in roster[first:]:
        draw = rng.random()
        if draw < 0.10:  # on leave, approved in writing; every other one sends a substitute
            substitute = _stranger(rng, taken) if rng.random() < 0.5 else ""
            leave.append({"姓名": p["姓名"], "单位": p["单位"], "请假类型": "", "事由": rng.choice(["因公出差", "因病", "参加上级会议"]),
                          "书面请假": "是", "批准人": "旗长", "代会人": substitute, "备注": ""})
            if substitute:
                signin.append(_row(substitute, p["单位"], START - timedelta(minutes=rng.randint(3, 30)), 代会对象=p["姓名"], 备注="代会"))
            continue
        if draw < 0.13:  # absent, no word
            continue
        arrived = START + timedelta(minutes=rng.randint(6, 70)) if rng.random() < 0.25 else START - timedelta(minutes=rng.randint(3, 40))
        left = START.replace(hour=10, minute=rng.randint(0, 59)) if rng.random() < 0.08 else None
        signin.append(_row(p["姓名"], p["单位"], arrived, 签退时间=left))
    for _ in range(len(roster) // 50):
        signin.append(_row(_stranger(rng, taken), rng.choice(roster)["单位"], START - timedelta(minutes=rng.randint(1, 20)), 备注="名单外"))
    t["签到"] = signin


def _row(name: str, unit: str, arrived: datetime, **more) -> dict:
    return {"姓名": name, "单位": unit, "签到时间": arrived, "签退时间": None, "座位": "", "代会对象": "", "备注": "", **more}


def _stranger(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) + rng.choice(GIVEN)
        if name not in taken:
            taken.add(name)
            return name


def write_workbook(path: Path, people: int, workload: str = "calm") -> Path:
    """The built huiwu.xlsm filled in as staff would fill it (through write-back), like the demo's
    会议示例.xlsm; a path ending in .xlsx gets a plain workbook of the input sheets instead."""
    from huiwu_xl.demo import _fill_macro_workbook, _plain_workbook

    key_values = [(MEETING.name, settings(people)), ("邮件设置", MAIL_ROWS)]
    path.parent.mkdir(parents=True, exist_ok=True)
    fill = _fill_macro_workbook if path.suffix.lower() == ".xlsm" else _plain_workbook
    return fill(path, tables(people, workload), key_values)


def latecomer(data: dict[str, list[dict]]) -> str:
    """Who 签到发座 is pressed for: a roster person in the hall with neither a sign-in nor a leave
    (on a tiny roster where everyone came, a guest not on it)."""
    from huiwu_xl.text import name_key

    came = {name_key(r[k]) for r in data["签到"] for k in ("姓名", "代会对象")} | {name_key(r["姓名"]) for r in data["请假"]}
    return next((p["姓名"] for p in data["参会名单"] if p["座区"] == "台下" and name_key(p["姓名"]) not in came), "列席来宾")
