"""筹备计划: preparation tasks from a template, due dates from the meeting time, one person per task.

The template is data: the built-in one below, or the optional sheet 筹备任务模板 that replaces it.
A 会前 task is due `天数` days and `小时` hours before 开始时间; a 会后 task that long after 结束时间.
With weekends skipped (the default), a 会前 deadline on a Saturday or Sunday moves back to the
Friday before and a 会后 deadline moves on to the Monday after — unless it falls on the meeting's
own day. Public holidays are not known to the program.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
import re

import pandas as pd

from ..contract import PREP_STATES, PREP_TEMPLATE
from ..problems import Problem
from ..tables import ROW
from ..text import name_key

NOT_STARTED, IN_PROGRESS, DONE = PREP_STATES
STATE_ALIASES = {
    "": NOT_STARTED, "未开始": NOT_STARTED, "未办": NOT_STARTED, "待办": NOT_STARTED,
    "进行中": IN_PROGRESS, "进行": IN_PROGRESS, "办理中": IN_PROGRESS, "正在进行": IN_PROGRESS, "在办": IN_PROGRESS,
    "已完成": DONE, "完成": DONE, "已办": DONE, "已办结": DONE, "办结": DONE, "已落实": DONE,
}
PLAN_COLUMNS = ["序号", "环节", "任务", "期限", "责任人", "状态", "完成时间", "备注", "提醒"]
KEPT_COLUMNS = ("责任人", "状态", "完成时间", "备注")  # what staff type; never overwritten


@dataclass(frozen=True)
class TaskTemplate:
    link: str  # 环节
    task: str  # 任务
    after: bool = False  # 会后: counted from 结束时间
    days: float = 0
    hours: float = 0
    duty: str = ""  # 职责 words matched against 工作人员.职责
    note: str = ""


T = TaskTemplate
DEFAULT_TEMPLATE = (
    T("组织", "成立会务工作组，明确分工和责任人", days=7, duty="组长、综合、协调"),
    T("方案", "拟定会议方案（时间、地点、规模、议程、参会范围），报领导审定", days=5, duty="文字、方案、综合"),
    T("方案", "确定参会名单、主席台人员和座次", days=4, duty="文字、方案、会场"),
    T("通知", "印发会议通知（至少提前3天）", days=3, duty="通知、文字"),
    T("材料", "收集、印制会议材料，涉密材料逐份编号登记", days=2, duty="材料、文字、印刷"),
    T("电话通知", "电话逐一通知参会人员并登记结果", days=1, duty="电话、通知"),
    T("材料", "准备座签、座位卡、签到表和会议物资", days=1, duty="会场、材料、物资"),
    T("会场布置", "布置会场：主席台、座签、横幅、音响、物资", days=0.5, duty="会场、布置"),
    T("会场布置", "调试音响、话筒和投影", hours=2, duty="会场、音响、设备"),
    T("总结", "核对考勤，印发考勤通报", after=True, days=1, duty="签到、考勤、通知"),
    T("总结", "回收涉密材料，清点登记", after=True, days=1, duty="材料、保密"),
    T("总结", "会议总结，整理归档", after=True, days=3, duty="综合、文字、归档"),
)


def default_template_rows() -> list[dict]:
    """The built-in template as 筹备任务模板 rows (to pre-fill the sheet)."""
    return [
        {"环节": t.link, "任务": t.task, "基准": "会后" if t.after else "会前", "天数": f"{t.days:g}" if t.days else "",
         "小时": f"{t.hours:g}" if t.hours else "", "职责": t.duty, "说明": t.note}
        for t in DEFAULT_TEMPLATE
    ]


def _number(value: str, problems: list[Problem], row: int, column: str) -> float:
    if value == "":
        return 0.0
    text = value.replace("天", "").replace("小时", "").strip()
    if text == "半":
        return 0.5
    try:
        return float(text)
    except ValueError:
        problems.append(Problem(PREP_TEMPLATE.name, f"“{column}”应为数字（半天写 0.5），现为“{value}”", row=row, column=column))
        return 0.0


def read_template(frame: pd.DataFrame | None, problems: list[Problem]) -> list[TaskTemplate]:
    """The 筹备任务模板 sheet as templates; the built-in template when the sheet is absent or empty."""
    if frame is None or frame.empty:
        return list(DEFAULT_TEMPLATE)
    out = []
    for rec in frame.to_dict("records"):
        row = int(rec[ROW])
        basis = rec["基准"] or "会前"
        if basis not in ("会前", "会后"):
            problems.append(Problem(PREP_TEMPLATE.name, f"“基准”应为 会前 或 会后，现为“{basis}”", row=row, column="基准"))
        days = _number(rec["天数"], problems, row, "天数")
        hours = _number(rec["小时"], problems, row, "小时")
        if days < 0 or hours < 0:
            problems.append(Problem(PREP_TEMPLATE.name, "天数和小时不能为负数；会后任务请把“基准”设为 会后", row=row))
        out.append(TaskTemplate(rec["环节"], rec["任务"], basis == "会后", days, hours, rec["职责"], rec["说明"]))
    return out


def due_date(t: TaskTemplate, start: datetime, end: datetime, skip_weekends: bool = True) -> datetime:
    offset = timedelta(days=t.days, hours=t.hours)
    if t.after:
        due = end + offset
        if skip_weekends and due.date() != end.date():
            while due.weekday() >= 5:
                due += timedelta(days=1)
        return due
    due = start - offset
    if skip_weekends and due.date() != start.date():
        while due.weekday() >= 5:
            due -= timedelta(days=1)
    return due


_SPLIT = re.compile(r"[、,，;；/\s]+")


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(text or "") if w]


class Assigner:
    """责任人: a staff member whose 职责 names the task's duty (the least loaded one), else the next in turn."""

    def __init__(self, staff: pd.DataFrame | None):
        staff = staff if staff is not None else pd.DataFrame(columns=["姓名", "职责"])
        self.names = [n for n in staff["姓名"].tolist() if n]
        self.duties = [d for n, d in zip(staff["姓名"], staff["职责"]) if n]
        self.load = {n: 0 for n in self.names}
        self.turn = 0

    def take(self, name: str) -> None:
        if name in self.load:
            self.load[name] += 1

    def assign(self, duty: str) -> str:
        if not self.names:
            return ""
        words = _words(duty)
        matching = [n for n, d in zip(self.names, self.duties) if any(w in d for w in words)]
        if matching:
            name = min(matching, key=lambda n: self.load[n])  # min keeps list order among ties
        else:
            name = self.names[self.turn % len(self.names)]
            self.turn += 1
        self.load[name] += 1
        return name


def normal_state(text: str) -> str | None:
    return STATE_ALIASES.get(re.sub(r"\s", "", text or ""))


def build_plan(
    template: list[TaskTemplate],
    start: datetime,
    end: datetime,
    staff: pd.DataFrame | None,
    existing: pd.DataFrame | None,
    now: datetime,
    problems: list[Problem],
    skip_weekends: bool = True,
    sheet_name: str = "筹备任务",
) -> pd.DataFrame:
    """The 筹备任务 table: template tasks merged with what staff typed in the existing sheet.

    Tasks are matched by name. For a known task 期限 is recomputed (the meeting may have moved);
    责任人, 状态, 完成时间 and 备注 keep what is in the sheet. Rows staff added, or tasks since
    dropped from the template, stay at the end with their own 期限. Extra columns are carried.
    """
    old = existing if existing is not None else pd.DataFrame(columns=[*PLAN_COLUMNS, ROW])
    old_by_key = {}
    for pos, task in enumerate(old["任务"].tolist()):
        old_by_key.setdefault(name_key(task), pos)
    extras = [c for c in old.columns if c not in PLAN_COLUMNS and not str(c).startswith("_")]

    assigner = Assigner(staff)
    for name in old["责任人"].tolist():
        assigner.take(name)

    records: list[dict] = []
    used: set[int] = set()
    for t in template:
        pos = old_by_key.get(name_key(t.task))
        prior = old.iloc[pos].to_dict() if pos is not None and pos not in used else {}
        if prior:
            used.add(pos)
        rec = {"环节": t.link, "任务": t.task, "期限": due_date(t, start, end, skip_weekends)}
        rec.update(_kept(prior))
        if not rec.get("责任人"):
            rec["责任人"] = assigner.assign(t.duty)
        rec.update({c: prior.get(c, "") for c in extras})
        rec[ROW] = prior.get(ROW)
        records.append(rec)
    for pos, prior in enumerate(old.to_dict("records")):
        if pos in used or not prior.get("任务"):
            continue
        rec = {"环节": prior.get("环节", ""), "任务": prior["任务"], "期限": _time(prior.get("期限"))}
        rec.update(_kept(prior))
        rec.update({c: prior.get(c, "") for c in extras})
        rec[ROW] = prior.get(ROW)
        records.append(rec)

    for rec in records:
        state = normal_state(rec.get("状态", ""))
        if state is None:
            problems.append(Problem(sheet_name, f"“状态”应为 {' / '.join(PREP_STATES)}，现为“{rec['状态']}”", row=rec[ROW], column="状态"))
            state = rec["状态"]
        elif state != DONE and rec.get("完成时间") is not None:
            state = DONE  # a completion time typed without the state
        rec["状态"] = state
        rec["提醒"] = reminder(rec["期限"], state, now)

    frame = pd.DataFrame(records, columns=[*PLAN_COLUMNS[1:], *extras, ROW])
    frame.insert(0, "序号", range(1, len(frame) + 1))
    for col in ("期限", "完成时间"):
        frame[col] = pd.to_datetime(frame[col].astype(object).where(frame[col].notna(), None))
    return frame.drop(columns=[ROW])


def _time(value) -> datetime | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return pd.Timestamp(value).to_pydatetime()


def _kept(prior: dict) -> dict:
    kept = {c: prior.get(c, "") or "" for c in ("责任人", "状态", "备注")}
    kept["完成时间"] = _time(prior.get("完成时间"))
    return kept


def reminder(due: datetime | None, state: str, now: datetime) -> str:
    """已逾期N天 for an unfinished task past its deadline; 今日到期 for one due later today."""
    if due is None or state == DONE:
        return ""
    if due < now:
        days = (now.date() - due.date()).days
        return f"已逾期{days}天" if days >= 1 else "已逾期"
    if due.date() == now.date():
        return "今日到期"
    return ""


def overdue_rows(plan: pd.DataFrame) -> list[int]:
    """Positions of the tasks to highlight."""
    return [i for i, text in enumerate(plan["提醒"].tolist()) if str(text).startswith("已逾期")]
