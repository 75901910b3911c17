"""The attendance core: every status of the contract and each boundary (workbook.md, domain.md §4)."""
from __future__ import annotations

from datetime import datetime, time

import pytest

from huiwu_xl.contract import LEAVE, ROSTER, SIGN_IN
from huiwu_xl.core.attendance import Rules, reconcile
from huiwu_xl.problems import InputError, Problem
from huiwu_xl.tables import read_table, with_keys

START = datetime(2026, 12, 3, 8, 30)
END = datetime(2026, 12, 3, 11, 30)
DAY = START.date()

ROSTER_HEAD = ["姓名", "单位", "职务", "类别"]
LEAVE_HEAD = ["姓名", "单位", "请假类型", "事由", "书面请假", "批准人", "代会人"]
SIGN_HEAD = ["姓名", "单位", "签到时间", "签退时间", "代会对象"]


def run(roster, leave=(), signins=(), late=5, early=5, written=True):
    problems: list[Problem] = []
    r = with_keys(read_table([ROSTER_HEAD, *roster], ROSTER, problems))
    lv = with_keys(read_table([LEAVE_HEAD, *leave], LEAVE, problems))
    s = with_keys(read_table([SIGN_HEAD, *signins], SIGN_IN, problems, DAY))
    if problems:
        raise InputError(problems)
    result = reconcile(r, lv, s, Rules(START, END, late, early, written))
    return result


def status_of(result, name, unit=None):
    rows = result.results[result.results["姓名"] == name]
    if unit:
        rows = rows[rows["单位"] == unit]
    assert len(rows) == 1, rows
    return rows.iloc[0]


ZHANG = ["张三", "旗财政局", "局长", "行政单位"]


def at(h, m, s=0):
    return datetime(2026, 12, 3, h, m, s)


def test_on_time_and_exactly_at_the_grace_minute():
    res = run([ZHANG, ["李四", "旗教育局", "局长", "行政单位"]],
              signins=[["张三", "旗财政局", at(8, 20), None, ""], ["李四", "旗教育局", at(8, 35), None, ""]])
    assert status_of(res, "张三")["状态"] == "出席"
    assert status_of(res, "李四")["状态"] == "出席"  # 8:35 = start + 5 minutes' grace: on time


def test_one_second_past_grace_is_late_with_minutes_from_the_start():
    res = run([ZHANG], signins=[["张三", "", at(8, 35, 1), None, ""]])
    row = status_of(res, "张三")
    assert row["状态"] == "迟到" and row["迟到分钟"] == 5 and "迟到5分钟" in row["说明"]


def test_sign_out_exactly_at_threshold_is_not_early_and_no_sign_out_is_not_early():
    res = run([ZHANG, ["李四", "旗教育局", "", ""], ["王五", "旗民政局", "", ""]],
              signins=[["张三", "", at(8, 0), at(11, 25), ""], ["李四", "", at(8, 0), None, ""],
                       ["王五", "", at(8, 0), at(11, 24, 59), ""]])
    assert status_of(res, "张三")["状态"] == "出席"
    assert status_of(res, "李四")["状态"] == "出席"
    assert status_of(res, "王五")["状态"] == "早退" and status_of(res, "王五")["早退分钟"] == 5


def test_late_and_early_together():
    res = run([ZHANG], signins=[["张三", "", at(8, 50), at(10, 0), ""]])
    row = status_of(res, "张三")
    assert (row["状态"], row["迟到分钟"], row["早退分钟"]) == ("迟到早退", 20, 90)


def test_several_sign_in_rows_earliest_in_and_latest_out_count():
    res = run([ZHANG], signins=[["张三", "", at(9, 10), at(10, 0), ""], ["张三", "", at(8, 10), None, ""],
                                ["张三", "", at(9, 40), at(11, 30), ""]])
    row = status_of(res, "张三")
    assert row["状态"] == "出席"
    assert row["签到时间"] == at(8, 10) and row["签退时间"] == at(11, 30)


def test_approved_late_and_early_leave_excuse_the_lateness():
    res = run([ZHANG, ["李四", "旗教育局", "", ""]],
              leave=[["张三", "", "迟到", "上级会议", "是", "旗长", ""], ["李四", "", "早退", "接待", "是", "旗长", ""]],
              signins=[["张三", "", at(9, 30), None, ""], ["李四", "", at(8, 0), at(10, 0), ""]])
    assert status_of(res, "张三")["状态"] == "出席" and "已批准迟到" in status_of(res, "张三")["说明"]
    assert status_of(res, "李四")["状态"] == "出席" and "已批准早退" in status_of(res, "李四")["说明"]


def test_approved_late_leave_does_not_excuse_leaving_early():
    res = run([ZHANG], leave=[["张三", "", "迟到", "", "是", "旗长", ""]], signins=[["张三", "", at(9, 0), at(10, 0), ""]])
    assert status_of(res, "张三")["状态"] == "早退"


def test_approved_leave_but_attended_anyway_is_present():
    res = run([ZHANG], leave=[["张三", "", "", "出差", "是", "旗长", ""]], signins=[["张三", "", at(8, 0), None, ""]])
    row = status_of(res, "张三")
    assert row["状态"] == "出席" and "本人出席" in row["说明"]


def test_approved_full_leave_is_excused():
    res = run([ZHANG], leave=[["张三", "", "", "因病住院", "是", "旗长", ""]])
    row = status_of(res, "张三")
    assert row["状态"] == "请假" and "因病住院" in row["说明"]


def test_oral_only_leave_where_written_is_required_is_absent():
    res = run([ZHANG], leave=[["张三", "", "", "电话请假", "否", "旗长", ""]])
    row = status_of(res, "张三")
    assert row["状态"] == "旷会" and "未履行书面请假手续" in row["说明"]


def test_oral_leave_counts_when_written_is_not_required():
    res = run([ZHANG], leave=[["张三", "", "", "电话请假", "", "旗长", ""]], written=False)
    assert status_of(res, "张三")["状态"] == "请假"


def test_unapproved_leave_is_absent():
    res = run([ZHANG], leave=[["张三", "", "", "外出", "是", "", ""]])
    row = status_of(res, "张三")
    assert row["状态"] == "旷会" and "请假未经批准" in row["说明"]


def test_no_sign_in_no_leave_is_absent():
    row = status_of(run([ZHANG]), "张三")
    assert row["状态"] == "旷会" and row["说明"] == "未签到，未请假"


def test_substitute_with_approval():
    res = run([ZHANG], leave=[["张三", "", "", "出差", "是", "旗长", "赵六"]],
              signins=[["赵六", "旗财政局", at(8, 10), None, "张三"]])
    row = status_of(res, "张三")
    assert (row["状态"], row["代会人"]) == ("代会", "赵六")


def test_substitute_without_approval_is_unauthorised():
    res = run([ZHANG], signins=[["赵六", "旗财政局", at(8, 10), None, "张三"]])
    row = status_of(res, "张三")
    assert row["状态"] == "擅自代会" and "未请假" in row["说明"] and row["代会人"] == "赵六"


def test_substitute_with_unwritten_leave_is_unauthorised():
    res = run([ZHANG], leave=[["张三", "", "", "出差", "否", "旗长", "赵六"]],
              signins=[["赵六", "", at(8, 10), None, "张三"]])
    assert status_of(res, "张三")["状态"] == "擅自代会"


def test_another_substitute_than_the_approved_one_is_unauthorised():
    res = run([ZHANG], leave=[["张三", "", "", "出差", "是", "旗长", "赵六"]],
              signins=[["钱七", "", at(8, 10), None, "张三"]])
    row = status_of(res, "张三")
    assert row["状态"] == "擅自代会" and "批准：赵六" in row["说明"]


def test_substitute_named_but_absent_leaves_the_person_on_leave():
    res = run([ZHANG], leave=[["张三", "", "", "出差", "是", "旗长", "赵六"]])
    row = status_of(res, "张三")
    assert row["状态"] == "请假" and "代会人赵六未到会" in row["说明"]


def test_duplicate_names_told_apart_by_unit():
    res = run([["王伟", "旗财政局", "", ""], ["王伟", "旗教育局", "", ""]],
              signins=[["王伟", "旗教育局", at(8, 40), None, ""], ["王伟", "旗财政局", at(8, 0), None, ""]])
    assert status_of(res, "王伟", "旗财政局")["状态"] == "出席"
    assert status_of(res, "王伟", "旗教育局")["状态"] == "迟到"
    assert res.strangers.empty


def test_ambiguous_sign_in_is_listed_never_guessed():
    res = run([["王伟", "旗财政局", "", ""], ["王伟", "旗教育局", "", ""]],
              signins=[["王伟", "", at(8, 0), None, ""], ["陌生人", "旗外事办", at(8, 0), None, ""]])
    assert set(res.results["状态"]) == {"旷会"}
    reasons = dict(zip(res.strangers["姓名"], res.strangers["原因"]))
    assert "同名" in reasons["王伟"] and reasons["陌生人"] == "名单中无此人"
    assert list(res.strangers["行号"]) == [2, 3]


@pytest.mark.parametrize("text", ["8:31", "8点31分", "2026/12/3 8:31", "08:31:00", "2026-12-03 08:31"])
def test_text_times(text):
    row = status_of(run([ZHANG], signins=[["张三", "", text, None, ""]], late=0), "张三")
    assert row["状态"] == "迟到" and row["迟到分钟"] == 1 and row["签到时间"] == at(8, 31)


def test_time_only_cells_fall_on_the_meeting_day():
    row = status_of(run([ZHANG], signins=[["张三", "", time(8, 40), time(11, 30), ""]]), "张三")
    assert row["状态"] == "迟到" and row["签到时间"] == at(8, 40)


@pytest.mark.parametrize("typed", ["张\u3000三", "张\u00a0三", " 张三 ", "张三\u200b"])
def test_spaces_inside_names_still_match(typed):
    row = status_of(run([ZHANG], signins=[[typed, "", at(8, 0), None, ""]]), "张三")
    assert row["状态"] == "出席"


@pytest.mark.parametrize("dot", ["•", "．", "・", "∙", "‧"])
def test_look_alike_dots_stand_for_the_middle_dot(dot):
    res = run([["阿力木·买买提", "旗教育局", "", ""]], signins=[[f"阿力木{dot}买买提", "", at(8, 0), None, ""]])
    assert status_of(res, "阿力木·买买提")["状态"] == "出席"
    assert res.results["姓名"].iat[0] == "阿力木·买买提"  # the roster's spelling is displayed


def test_leave_row_for_nobody_is_listed():
    res = run([ZHANG], leave=[["查无此人", "", "", "", "是", "旗长", ""]])
    assert list(res.strangers["来源"]) == ["请假"]


def test_unparseable_time_is_reported_with_sheet_row_and_column():
    with pytest.raises(InputError) as err:
        run([ZHANG], signins=[["张三", "", "八点半左右", None, ""], ["张三", "", "25:61", None, ""]])
    text = err.value.message
    assert "工作表“签到”第2行“签到时间”列（C列）" in text and "第3行" in text


def test_summary_per_category_unit_and_total():
    res = run([["甲", "旗财政局", "", "行政单位"], ["乙", "旗财政局", "", "行政单位"], ["丙", "乌兰苏木", "", "苏木镇"]],
              leave=[["乙", "", "", "出差", "是", "旗长", ""]],
              signins=[["甲", "", at(8, 45), None, ""]])
    s = res.summary.set_index(["分组", "名称"])
    assert list(s.index[:2]) == [("类别", "苏木镇"), ("类别", "行政单位")]  # the configured order
    assert s.loc[("单位", "旗财政局"), ["应到", "实到", "请假", "迟到"]].tolist() == [2, 1, 1, 1]
    assert s.loc[("合计", "合计"), ["应到", "实到", "旷会"]].tolist() == [3, 1, 1]
    assert s.loc[("合计", "合计"), "出席率"] == pytest.approx(1 / 3, abs=1e-4)


def test_the_reason_for_leave_is_kept_whole_for_the_circular():
    from huiwu_xl.services.attendance import circular_context
    from huiwu_xl.meeting import Meeting

    res = run([ZHANG], leave=[["张三", "", "", "出差（北京）", "是", "旗长", ""]])
    assert status_of(res, "张三")["请假事由"] == "出差（北京）"
    context = circular_context(Meeting("测试会", START, END, "一楼"), res, ["行政单位"])
    assert context["leaves"] == [{"name": "张三", "unit": "旗财政局", "post": "局长", "reason": "出差（北京）"}]
