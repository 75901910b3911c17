"""材料 register: issue numbered copies, record returns, report what is outstanding, block closing."""
from datetime import datetime

import pandas as pd
import pytest

from huiwu_xl.contract import COPIES
from huiwu_xl.core import copies
from huiwu_xl.tables import read_table

T0 = datetime(2026, 12, 3, 8, 10)
T1 = datetime(2026, 12, 3, 11, 40)


def register(rows, problems=None):
    values = [COPIES.headers, *[[r.get(h) for h in COPIES.headers] for r in rows]]
    return read_table(values, COPIES, problems if problems is not None else [])


def empty():
    return register([])


def test_copy_numbers_are_six_digits():
    assert copies.copy_number(12) == "000012" and copies.copy_number(12.0) == "000012"
    assert copies.copy_number("000007") == "000007" and copies.copy_number("第3号") == "000003"
    assert copies.copy_number("１２") == "000012"  # full-width digits
    assert copies.copy_number("1234567") is None and copies.copy_number("A-01") is None and copies.copy_number(0) is None


def test_issue_numbers_copies_and_continues_after_the_last():
    rows = copies.issue_copies(empty(), "经济工作要点", "秘密", [("张三", "巴彦镇"), ("李四", "旗财政局")], T0)
    assert [r["份号"] for r in rows] == ["000001", "000002"]
    assert rows[0] == {"材料名称": "经济工作要点", "密级": "秘密", "份号": "000001", "领取人": "张三",
                            "领取单位": "巴彦镇", "领取时间": T0}
    reg = register(rows + [{"材料名称": "另一份材料", "份号": "000009"}])
    more = copies.issue_copies(reg, "经济工作要点", "秘密", [("王五", "旗教育局")])
    assert more[0]["份号"] == "000003"  # numbering is per document
    assert copies.issue_copies(reg, "另一份材料", "", [("王五", "旗教育局")])[0]["份号"] == "000010"


def test_return_marks_one_copy_and_refuses_the_impossible():
    reg = register(copies.issue_copies(empty(), "要点", "机密", [("张三", "巴彦镇"), ("李四", "旗财政局")], T0)
                   + [{"材料名称": "要点", "密级": "机密", "份号": "000003"}])  # a spare copy, never issued
    after = copies.record_return(reg, "要点", 2, "高俊", T1)
    assert after.loc[1, "回收人"] == "高俊" and after.loc[1, "回收时间"] == T1
    assert copies.outstanding(after)["份号"].tolist() == ["000001"]
    with pytest.raises(copies.RegisterError, match="已于"):
        copies.record_return(after, "要点", "000002", "高俊", T1)
    with pytest.raises(copies.RegisterError, match="没有《要点》份号 000009"):
        copies.record_return(after, "要点", 9, "高俊", T1)
    with pytest.raises(copies.RegisterError, match="尚未发出"):
        copies.record_return(after, "要点", 3, "高俊", T1)


def sample():
    return register([
        {"材料名称": "要点", "密级": "秘密", "份号": 1, "领取人": "张三", "领取单位": "巴彦镇", "领取时间": T0},
        {"材料名称": "要点", "密级": "秘密", "份号": 2, "领取人": "李四", "领取单位": "巴彦镇", "领取时间": T0, "回收时间": T1, "回收人": "高俊"},
        {"材料名称": "要点", "密级": "秘密", "份号": 3, "领取人": "王五", "领取单位": "旗财政局", "领取时间": T0},
        {"材料名称": "议程", "密级": "公开", "份号": 1, "领取人": "张三", "领取单位": "巴彦镇"},
        {"材料名称": "讲话稿", "密级": "内部", "份号": 1, "领取人": "王五", "领取单位": "旗财政局", "回收人": "高俊"},
        {"材料名称": "讲话稿", "密级": "机密", "份号": 2, "领取单位": "旗教育局"},
        {"材料名称": "讲话稿", "密级": "机密", "份号": 3},  # kept by the office
    ])


def test_outstanding_by_person_and_unit():
    reg, problems = copies.check_register(sample())
    assert problems == []
    out = copies.outstanding(reg)
    assert out[["领取单位", "领取人", "材料名称", "份号", "须清退"]].values.tolist() == [
        ["巴彦镇", "张三", "要点", "000001", "是"],
        ["巴彦镇", "张三", "议程", "000001", "否"],
        ["旗财政局", "王五", "要点", "000003", "是"],
        ["旗教育局", "（未填领取人）", "讲话稿", "000002", "是"],
    ]  # units and people in register order
    summary = copies.summary(reg)
    rows = {(r["领取单位"], r["领取人"]): r for r in summary.to_dict("records")}
    assert (rows[("巴彦镇", "张三")]["未回收"], rows[("巴彦镇", "张三")]["其中须清退"]) == (2, 1)
    assert rows[("巴彦镇", "张三")]["未回收份号"] == "要点 000001、议程 000001"
    assert (rows[("巴彦镇", "小计")]["已领份数"], rows[("巴彦镇", "小计")]["已回收"], rows[("巴彦镇", "小计")]["未回收"]) == (3, 1, 2)
    assert (rows[("旗财政局", "小计")]["已领份数"], rows[("旗财政局", "小计")]["未回收"]) == (2, 1)
    total = summary.iloc[-1]
    assert (total["领取单位"], total["已领份数"], total["已回收"], total["未回收"], total["其中须清退"]) == ("合计", 6, 2, 4, 3)


def test_closing_is_blocked_by_confidential_copies_only():
    reg, _ = copies.check_register(sample())
    blockers = copies.closing_blockers(reg)
    assert [p.row for p in blockers] == [2, 4, 7]
    assert "《要点》（秘密）份号 000001 由 张三（巴彦镇）领取，尚未回收" in str(blockers[0])
    assert "工作表“材料”第2行" in str(blockers[0])
    # Which levels must come back is a setting (须清退密级): with only 机密, one copy blocks.
    assert len(copies.closing_blockers(reg, copies.must_return_levels("机密"))) == 1
    assert copies.must_return_levels("") == ("秘密", "机密", "绝密")
    returned = reg.copy()
    returned["回收人"] = "高俊"
    assert copies.closing_blockers(returned) == []


def test_register_problems_are_reported_by_row():
    problems = []
    reg = register([
        {"材料名称": "要点", "份号": "A1", "领取人": "张三"},
        {"材料名称": "要点", "份号": 2, "领取人": "李四"},
        {"材料名称": "要点", "份号": "000002", "领取人": "王五"},
        {"材料名称": "要点", "份号": 4, "回收人": "高俊"},
        {"材料名称": "要点", "份号": 5, "领取人": "赵六", "领取时间": T1, "回收时间": T0},
    ], problems)
    _, found = copies.check_register(reg)
    assert [(p.row, p.column) for p in found] == [(2, "份号"), (4, "份号"), (5, "领取人"), (6, "回收时间")]
    assert "第3行已登记" in found[1].message


def test_empty_register_reports_nothing():
    reg, problems = copies.check_register(empty())
    assert problems == [] and copies.outstanding(reg).empty and copies.closing_blockers(reg) == []
    assert copies.summary(reg).values.tolist() == [["合计", "", 0, 0, 0, 0, ""]]
    assert isinstance(copies.outstanding(reg), pd.DataFrame)


def test_command_line_issues_numbered_copies_to_the_podium(tmp_path, capsys):
    from python_calamine import CalamineWorkbook

    from huiwu_xl.cli import main
    from huiwu_xl.demo import write_demo_workbook

    book = write_demo_workbook(tmp_path / "会议.xlsx")
    out = tmp_path / "输出"
    assert main(["copies", str(book), "--out", str(out), "--issue", "会议讲话稿", "--level", "机密", "--to", "主席台"]) == 0
    said = capsys.readouterr().out
    assert "已登记《会议讲话稿》12 份，份号 000001—000012" in said and "未回收 15 份" in said
    rows = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("材料").to_python()  # written into the workbook
    issued = [r for r in rows if r[0] == "会议讲话稿"]
    assert [r[2] for r in issued] == [f"{k:06d}" for k in range(1, 13)] and {r[1] for r in issued} == {"机密"}
    assert issued[0][3] and issued[0][4]  # 领取人, 领取单位 from the roster
    assert main(["copies", str(book), "--out", str(out), "--issue", "讲话稿", "--to", "查无此人"]) == 2
    assert "名单中没有：查无此人" in capsys.readouterr().err
