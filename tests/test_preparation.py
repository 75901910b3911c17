"""筹备计划: due dates (weekends skipped by default), 责任人, merge with what staff typed, overdue."""
from datetime import datetime

import pandas as pd

from huiwu_xl.contract import PREP_TASKS, PREP_TEMPLATE, STAFF
from huiwu_xl.core import preparation as prep
from huiwu_xl.core.preparation import TaskTemplate
from huiwu_xl.tables import read_table

MONDAY = datetime(2026, 12, 7, 8, 30)  # a Monday meeting: many deadlines fall on the weekend before
MONDAY_END = datetime(2026, 12, 7, 11, 30)
FRIDAY = datetime(2026, 12, 4, 8, 30)
FRIDAY_END = datetime(2026, 12, 4, 17, 30)


def table(sheet, rows, problems=None):
    return read_table([sheet.headers, *rows], sheet, problems if problems is not None else [])


def staff(*pairs):
    return table(STAFF, [[n, d, "", ""] for n, d in pairs])


def by_task(plan: pd.DataFrame) -> dict[str, dict]:
    return {r["任务"]: r for r in plan.to_dict("records")}


def test_due_dates_skip_weekends_back_to_friday_before_and_on_to_monday_after():
    due = {t.task: prep.due_date(t, MONDAY, MONDAY_END) for t in prep.DEFAULT_TEMPLATE}
    assert due["成立会务工作组，明确分工和责任人"] == datetime(2026, 11, 30, 8, 30)  # 7 days, a Monday
    assert due["印发会议通知（至少提前3天）"] == datetime(2026, 12, 4, 8, 30)  # Friday, exactly 3 days
    # 2 days before = Saturday, 1 day before = Sunday, half a day = Sunday 20:30: all move to Friday.
    assert due["收集、印制会议材料，涉密材料逐份编号登记"] == datetime(2026, 12, 4, 8, 30)
    assert due["电话逐一通知参会人员并登记结果"] == datetime(2026, 12, 4, 8, 30)
    assert due["布置会场：主席台、座签、横幅、音响、物资"] == datetime(2026, 12, 4, 20, 30)
    assert due["调试音响、话筒和投影"] == datetime(2026, 12, 7, 6, 30)  # 2 hours before, same day
    assert due["会议总结，整理归档"] == datetime(2026, 12, 10, 11, 30)  # 3 days after the end


def test_due_dates_without_skipping_weekends():
    call = next(t for t in prep.DEFAULT_TEMPLATE if t.link == "电话通知")
    venue = next(t for t in prep.DEFAULT_TEMPLATE if t.task.startswith("布置会场"))
    assert prep.due_date(call, MONDAY, MONDAY_END, skip_weekends=False) == datetime(2026, 12, 6, 8, 30)  # Sunday
    assert prep.due_date(venue, MONDAY, MONDAY_END, skip_weekends=False) == datetime(2026, 12, 6, 20, 30)


def test_after_meeting_task_on_weekend_moves_to_monday():
    summary = TaskTemplate("总结", "会议总结", after=True, days=1)
    assert prep.due_date(summary, FRIDAY, FRIDAY_END) == datetime(2026, 12, 7, 17, 30)
    assert prep.due_date(summary, FRIDAY, FRIDAY_END, skip_weekends=False) == datetime(2026, 12, 5, 17, 30)


def test_a_deadline_on_a_weekend_meeting_day_stays():
    saturday = datetime(2026, 12, 5, 9, 0)
    audio = TaskTemplate("会场布置", "调试音响", hours=2)
    assert prep.due_date(audio, saturday, saturday.replace(hour=12)) == datetime(2026, 12, 5, 7, 0)


def test_template_sheet_overrides_the_default_and_reports_bad_numbers():
    problems = []
    frame = table(PREP_TEMPLATE, [
        ["通知", "发通知", "", "4", "", "通知", ""],
        ["会场布置", "布置会场", "会前", "半天", "", "会场", ""],
        ["总结", "写总结", "会后", "2", "", "", ""],
        ["", "坏行", "会中", "三", "", "", ""],
    ], problems)
    template = prep.read_template(frame, problems)
    assert [t.task for t in template] == ["发通知", "布置会场", "写总结", "坏行"]
    assert template[1].days == 0.5 and template[2].after
    assert [(p.row, p.column) for p in problems] == [(5, "基准"), (5, "天数")]
    assert prep.read_template(table(PREP_TEMPLATE, []), []) == list(prep.DEFAULT_TEMPLATE)


def test_responsible_by_duty_else_round_robin():
    people = staff(("孟庆华", "会务组组长"), ("包丽丽", "电话通知"), ("韩雪梅", "电话通知"), ("吴海涛", "会场布置"))
    a = prep.Assigner(people)
    assert a.assign("电话、通知") == "包丽丽"
    assert a.assign("电话") == "韩雪梅"  # the less loaded of the two callers
    assert a.assign("会场") == "吴海涛"
    assert a.assign("组长") == "孟庆华"
    assert [a.assign("保卫"), a.assign("保卫"), a.assign("保卫")] == ["孟庆华", "包丽丽", "韩雪梅"]  # round-robin
    assert prep.Assigner(staff()).assign("会场") == ""


def test_plan_assigns_every_task_and_flags_overdue():
    people = staff(("孟庆华", "会务组组长"), ("包丽丽", "电话通知"), ("吴海涛", "会场布置"), ("高俊", "材料"))
    now = datetime(2026, 12, 3, 9, 0)
    plan = prep.build_plan(list(prep.DEFAULT_TEMPLATE), MONDAY, MONDAY_END, people, None, now, [])
    assert list(plan.columns) == prep.PLAN_COLUMNS
    assert plan["序号"].tolist() == list(range(1, 13))
    assert set(plan["状态"]) == {"未开始"} and all(plan["责任人"])
    rows = by_task(plan)
    assert rows["电话逐一通知参会人员并登记结果"]["责任人"] == "包丽丽"
    assert rows["布置会场：主席台、座签、横幅、音响、物资"]["责任人"] == "吴海涛"
    assert rows["成立会务工作组，明确分工和责任人"]["提醒"] == "已逾期3天"
    assert rows["确定参会名单、主席台人员和座次"]["提醒"] == "已逾期"  # due 08:30 today, now 09:00
    assert rows["印发会议通知（至少提前3天）"]["提醒"] == ""
    assert prep.overdue_rows(plan) == [0, 1, 2]


def test_rerun_keeps_what_staff_typed_and_their_own_rows():
    people = staff(("孟庆华", "组长"), ("包丽丽", "电话通知"))
    now = datetime(2026, 12, 3, 9, 0)
    first = prep.build_plan(list(prep.DEFAULT_TEMPLATE), MONDAY, MONDAY_END, people, None, now, [])
    # What the sheet looks like after staff worked on it (as the reader gives it back).
    values = [[None] * 10, [*prep.PLAN_COLUMNS, "联系电话"]]
    for r in first.to_dict("records"):
        values.append([r[c] if not isinstance(r[c], pd.Timestamp) else r[c].to_pydatetime() for c in prep.PLAN_COLUMNS] + [None])
    values[2][4], values[2][5], values[2][6] = "王秘书", "已完成", datetime(2026, 11, 29, 16, 0)
    values[3][5] = "完成"  # an alias
    values[4][7], values[4][9] = "等领导审定", "13800000000"
    values[5][6] = datetime(2026, 12, 2, 10, 0)  # a completion time without a state
    values.append([None, "其他", "联系摄影", datetime(2026, 12, 6, 9, 0), "包丽丽", "进行中", None, "", "", ""])
    problems = []
    existing = read_table(values, PREP_TASKS, problems)
    existing["联系电话"] = [v[9] for v in values[2:]]
    later = datetime(2026, 12, 5, 9, 0)
    plan = prep.build_plan(list(prep.DEFAULT_TEMPLATE), MONDAY + pd.Timedelta(days=7), MONDAY_END + pd.Timedelta(days=7),
                           people, existing, later, problems)
    assert problems == []
    rows = by_task(plan)
    org = rows["成立会务工作组，明确分工和责任人"]
    assert (org["责任人"], org["状态"], org["完成时间"]) == ("王秘书", "已完成", pd.Timestamp(2026, 11, 29, 16))
    assert org["期限"] == pd.Timestamp(2026, 12, 7, 8, 30)  # the meeting moved a week: deadlines follow
    assert org["提醒"] == ""
    assert rows["拟定会议方案（时间、地点、规模、议程、参会范围），报领导审定"]["状态"] == "已完成"
    names = rows["确定参会名单、主席台人员和座次"]
    assert names["备注"] == "等领导审定" and names["联系电话"] == "13800000000"
    assert rows["印发会议通知（至少提前3天）"]["状态"] == "已完成"
    own = plan.iloc[-1]
    assert (own["任务"], own["状态"], own["期限"]) == ("联系摄影", "进行中", pd.Timestamp(2026, 12, 6, 9))
    assert own["提醒"] == ""  # due after `later`: not overdue
    assert len(plan) == 13 and list(plan.columns) == [*prep.PLAN_COLUMNS, "联系电话"]


def test_unknown_state_is_reported_with_its_row():
    values = [prep.PLAN_COLUMNS, [1, "组织", "成立会务工作组，明确分工和责任人", None, "甲", "搞定了", None, "", ""]]
    problems = []
    existing = read_table(values, PREP_TASKS, problems)
    prep.build_plan(list(prep.DEFAULT_TEMPLATE), MONDAY, MONDAY_END, None, existing, MONDAY, problems)
    assert [(p.row, p.column) for p in problems] == [(2, "状态")]
    assert "搞定了" in problems[0].message


def test_default_template_rows_read_back_as_the_default():
    rows = prep.default_template_rows()
    values = [PREP_TEMPLATE.headers, *[[r[h] for h in PREP_TEMPLATE.headers] for r in rows]]
    assert prep.read_template(read_table(values, PREP_TEMPLATE, []), []) == list(prep.DEFAULT_TEMPLATE)
