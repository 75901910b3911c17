"""Reading what staff typed: headers, dropdown values, blank rows and 会议信息 cells."""
from __future__ import annotations

from datetime import datetime, time

from huiwu_xl.contract import LEAVE, ROSTER
from huiwu_xl.meeting import read_meeting
from huiwu_xl.services.inputs import duplicate_people
from huiwu_xl.tables import find_header, read_table, with_keys

MEETING = [["项目", "内容"], ["会议名称", "测试会"], ["开始时间", datetime(2026, 12, 3, 8, 30)],
           ["结束时间", datetime(2026, 12, 3, 11, 30)], ["地点", "一楼"]]


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_a_columns_own_name_wins_over_another_columns_alias():
    # 部门 and 电话 are aliases of 单位 and 手机; the real 单位 and 手机 columns stand to the right.
    assert find_header([["姓名", "部门", "单位", "电话", "手机"]], ROSTER) == (0, {"姓名": 0, "单位": 2, "手机": 4})


def test_values_the_program_decides_by_must_come_from_the_dropdown():
    problems = []
    table = read_table([["姓名", "请假类型", "书面请假"], ["张三", "病假", "有"], ["李四", "", "√"], ["王五", "迟到", "×"]],
                       LEAVE, problems)
    assert table["书面请假"].tolist() == ["是", "是", "否"]  # what people type for 是/否 is understood
    assert messages(problems) == ["工作表“请假”第2行“请假类型”列（B列）：“病假”不是可选的值，请从下拉列表选择："
                                  "全程、迟到、早退（病假、事假等请假原因请写在“事由”列）"]


def test_rows_of_spaces_or_only_a_number_are_blank_but_a_phone_without_a_name_is_not():
    problems = []
    values = [["序号", "姓名", "单位", "手机"], [1, "张三", "财政局", ""], [2, "", "", ""], [3, "  ", "\u3000", ""],
              [None, None, None, None], [5, "", "", "13800000000"]]
    table = read_table(values, ROSTER, problems, columns=["姓名", "单位"])
    assert table["_row"].tolist() == [2, 6]
    assert messages(problems) == ["工作表“参会名单”第6行“姓名”列（B列）：“姓名”不能为空",
                                  "工作表“参会名单”第6行“单位”列（C列）：“单位”不能为空"]


def test_rows_without_a_name_are_not_duplicates_of_each_other():
    problems = []
    table = with_keys(read_table([["姓名", "单位"], ["", "财政局"], ["", "财政局"], ["张三", "财政局"], ["张三", "财政局"]], ROSTER, problems))
    assert messages(duplicate_people(table)) == ["工作表“参会名单”第5行“姓名”列（A列）：与第4行姓名、单位都相同，无法区分，请删除重复行或注明单位"]


def test_dates_and_times_in_meeting_settings_read_as_documents_quote_them():
    problems = []
    meeting = read_meeting(MEETING + [["回执截止", datetime(2026, 11, 30)], ["报到时间", time(8, 0)],
                                      ["联系电话", 4706600001.0], ["成文日期", datetime(2026, 11, 27, 17, 0)]], problems)
    assert problems == []
    assert (meeting.get("回执截止"), meeting.get("报到时间"), meeting.get("联系电话")) == ("2026年11月30日", "8:00", "4706600001")
    assert meeting.get("成文日期") == "2026年11月27日17:00"


def test_unreadable_numbers_and_dates_in_meeting_settings_are_reported():
    problems = []
    read_meeting(MEETING + [["迟到宽限（分钟）", "5分钟"], ["成文日期", "下周一"]], problems)
    assert messages(problems) == ["工作表“会议信息”第6行“内容”列：“迟到宽限（分钟）”应为数字，现为“5分钟”",
                                  "工作表“会议信息”第7行“内容”列：“成文日期”应为日期，如 2026-11-28，现为“下周一”"]


def test_rank_zone_and_plate_are_checked_once_for_every_button(demo_path, tmp_path, capsys):
    import openpyxl

    from huiwu_xl.cli import main

    book = openpyxl.load_workbook(demo_path)
    ws = book["参会名单"]
    header = [c.value for c in ws[1]]
    ws.cell(3, header.index("排序") + 1).value = "第2"
    ws.cell(4, header.index("座区") + 1).value = "台上"
    ws.cell(5, header.index("座签") + 1).value = "要"
    book.save(demo_path)
    expected = ["工作表“参会名单”第3行“排序”列（F列）：“排序”应为数字（越小越靠前），现为“第2”",
                "工作表“参会名单”第4行“座区”列（G列）：“台上”不是可选的值，请从下拉列表选择：主席台、台下",
                "工作表“参会名单”第5行“座签”列（H列）：“要”不是可选的值，请从下拉列表选择：是、否"]
    for command in ("podium", "call-round", "sign-in-sheet"):
        assert main([command, str(demo_path), "--out", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert all(err.count(line) == 1 for line in expected), (command, err)
