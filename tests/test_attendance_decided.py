"""The edge cases workbook.md decided (2026-11-30), one test each, and the rules a planted bug once slipped past."""
from __future__ import annotations

import pandas as pd

from huiwu_xl.core.seating import Attendee, by_rank, plate_holders

from test_attendance_core import ZHANG, at, run, status_of

LI = ["李四", "旗财政局", "副局长", "行政单位"]


def test_approved_full_leave_also_excuses_coming_late_with_the_minutes_noted():
    res = run([ZHANG], leave=[["张三", "", "", "出差", "是", "旗长", ""]], signins=[["张三", "", at(9, 2), None, ""]])
    row = status_of(res, "张三")
    assert row["状态"] == "出席" and pd.isna(row["迟到分钟"])
    assert "已批准请假，但本人出席" in row["说明"] and "晚到32分钟" in row["说明"]


def test_approved_full_leave_also_excuses_leaving_early():
    res = run([ZHANG], leave=[["张三", "", "", "出差", "是", "旗长", ""]], signins=[["张三", "", at(8, 0), at(10, 0), ""]])
    row = status_of(res, "张三")
    assert row["状态"] == "出席" and "提前90分钟离会" in row["说明"]


def test_full_leave_that_is_not_approved_excuses_nothing():
    res = run([ZHANG], leave=[["张三", "", "", "出差", "是", "", ""]], signins=[["张三", "", at(9, 2), None, ""]])
    assert status_of(res, "张三")["状态"] == "迟到"


def test_a_roster_person_who_signs_in_only_as_a_substitute_is_present_themselves():
    res = run([ZHANG, LI], leave=[["张三", "", "", "出差", "是", "旗长", "李四"]],
              signins=[["李四", "旗财政局", at(8, 10), None, "张三"]])
    li, zhang = status_of(res, "李四"), status_of(res, "张三")
    assert li["状态"] == "出席" and "代张三参会" in li["说明"] and li["签到时间"] == at(8, 10)
    assert zhang["状态"] == "代会" and zhang["代会人"] == "李四"
    total = res.summary[res.summary["分组"] == "合计"].iloc[0]
    assert (total["实到"], total["代会"], total["旷会"]) == (1, 1, 0)


def test_the_substitute_on_the_roster_is_present_even_when_the_substitution_is_unauthorised():
    res = run([ZHANG, LI], signins=[["李四", "", at(8, 50), None, "张三"]])
    assert status_of(res, "张三")["状态"] == "擅自代会"
    li = status_of(res, "李四")
    assert li["状态"] == "迟到" and li["迟到分钟"] == 20 and "代张三参会" in li["说明"]


def test_a_substitute_who_also_signs_in_for_himself_is_noted_once_as_himself():
    res = run([ZHANG, LI], leave=[["张三", "", "", "出差", "是", "旗长", "李四"]],
              signins=[["李四", "", at(8, 10), None, ""], ["李四", "", at(8, 11), None, "张三"]])
    assert status_of(res, "李四")["说明"] == "" and status_of(res, "李四")["状态"] == "出席"
    assert status_of(res, "张三")["状态"] == "代会"


def test_a_sign_in_for_oneself_written_as_a_substitution_is_a_plain_sign_in():
    res = run([ZHANG], signins=[["张三", "", at(8, 10), None, "张三"]])
    row = status_of(res, "张三")
    assert row["状态"] == "出席" and row["代会人"] == ""


def test_another_substitute_than_the_approved_one_names_both():
    res = run([ZHANG], leave=[["张三", "", "", "出差", "是", "旗长", "赵六"]], signins=[["钱七", "", at(8, 10), None, "张三"]])
    row = status_of(res, "张三")
    assert row["状态"] == "擅自代会" and "钱七" in row["说明"] and "赵六" in row["说明"]


def test_approved_late_or_early_leave_without_any_sign_in_is_absent():
    res = run([ZHANG, LI], leave=[["张三", "", "迟到", "会议", "是", "旗长", ""], ["李四", "", "早退", "接待", "是", "旗长", ""]])
    for name in ("张三", "李四"):
        row = status_of(res, name)
        assert row["状态"] == "旷会" and "仅批准迟到或早退" in row["说明"]


def test_approved_leave_with_no_named_substitute_and_a_substitute_is_a_substitution():
    res = run([ZHANG], leave=[["张三", "", "", "出差", "是", "旗长", ""]], signins=[["赵六", "", at(8, 10), None, "张三"]])
    row = status_of(res, "张三")
    assert row["状态"] == "代会" and "请假时未登记代会人" in row["说明"]


def test_equal_ranks_keep_the_roster_order():
    people = [Attendee("甲", rank=2, zone="主席台"), Attendee("乙", rank=1, zone="主席台"), Attendee("丙", rank=2, zone="主席台"),
              Attendee("丁", rank=None, zone="主席台"), Attendee("戊", rank=2.0, zone="主席台")]
    assert [p.name for p in by_rank(people)] == ["乙", "甲", "丙", "戊", "丁"]
    assert [p.name for p in plate_holders(people)] == ["乙", "甲", "丙", "戊", "丁"]
