"""工作人员考核: role points by meeting class, deductions, hand adjustments, totals per year."""
from datetime import datetime

from huiwu_xl.contract import POINT_DEDUCTIONS, POINT_ROLES, POINTS_LEDGER
from huiwu_xl.core import points
from huiwu_xl.tables import read_table

THIS = datetime(2026, 12, 3, 8, 30)


def table(sheet, rows, problems=None):
    values = [sheet.headers, *[[r.get(h) for h in sheet.headers] for r in rows]]
    return read_table(values, sheet, problems if problems is not None else [])


def rules(problems=None):
    problems = problems if problems is not None else []
    roles = table(POINT_ROLES, [
        {"角色": "总协调", "积分": "10"}, {"角色": "电话通知", "积分": 5}, {"角色": "会场布置", "积分": "6分"},
        {"会议类别": "大型会议", "角色": "会场布置", "积分": 9},
    ], problems)
    deductions = table(POINT_DEDUCTIONS, [{"事项": "座签错误", "扣分": 2}, {"事项": "漏通知", "扣分": "-3"}], problems)
    return points.read_rules(roles, deductions, problems)


def ledger(rows, problems=None):
    return table(POINTS_LEDGER, rows, problems)


def test_detail_scores_each_row():
    problems = []
    book = ledger([
        {"姓名": "吴海涛", "角色": "会场布置", "扣分事项": "座签错误×2"},
        {"姓名": "包丽丽", "角色": "电话通知、总协调", "扣分事项": "漏通知", "加减分": "+1", "说明": "表扬信"},
        {"日期": datetime(2026, 5, 9), "会议名称": "春耕动员会", "会议类别": "大型会议", "姓名": "吴海涛", "角色": "会场布置"},
    ])
    detail = points.score(book, rules(), problems, "全旗经济工作会议", THIS, "")
    assert problems == []
    assert list(detail.columns) == points.DETAIL_COLUMNS
    assert detail[["姓名", "基础分", "扣分", "加减分", "得分"]].values.tolist() == [
        ["吴海涛", 6, 4, 0, 2], ["包丽丽", 15, 3, 1, 13], ["吴海涛", 9, 0, 0, 9],
    ]
    assert detail["会议名称"].tolist()[:2] == ["全旗经济工作会议"] * 2  # blank = this meeting
    assert detail["年度"].tolist() == [2026, 2026, 2026]


def test_year_totals_add_up_and_rank():
    book = ledger([
        {"日期": datetime(2025, 6, 1), "会议名称": "A", "姓名": "吴海涛", "角色": "总协调"},
        {"日期": datetime(2026, 3, 1), "会议名称": "B", "姓名": "吴海涛", "角色": "会场布置", "扣分事项": "座签错误"},
        {"日期": datetime(2026, 9, 1), "会议名称": "C", "姓名": "吴海涛", "角色": "会场布置"},
        {"日期": datetime(2026, 3, 1), "会议名称": "B", "姓名": "包丽丽", "角色": "电话通知"},
        {"日期": datetime(2026, 9, 1), "会议名称": "C", "姓名": "包丽丽", "角色": "电话通知", "加减分": 0},
        {"日期": datetime(2026, 9, 1), "会议名称": "C", "姓名": "斯琴", "角色": "总协调", "加减分": "2"},
    ])
    problems = []
    totals = points.year_totals(points.score(book, rules(), problems))
    assert problems == []
    assert totals.values.tolist() == [
        [2025, 1, "吴海涛", 1, 10, 0, 0, 10],
        [2026, 1, "斯琴", 1, 10, 0, 2, 12],
        [2026, 2, "吴海涛", 2, 12, 2, 0, 10],
        [2026, 2, "包丽丽", 2, 10, 0, 0, 10],  # equal totals share a rank
    ]


def test_unknown_role_deduction_and_bad_numbers_are_reported():
    problems = []
    book = ledger([{"姓名": "吴海涛", "角色": "端茶", "扣分事项": "座签错误、迟到", "加减分": "很多"}])
    points.score(book, rules(), problems, "会", THIS)
    assert [(p.row, p.column) for p in problems] == [(2, "角色"), (2, "扣分事项"), (2, "加减分")]
    assert "角色“端茶”不在“考核角色”表中" in problems[0].message
    bad = []
    rules_problems = rules(bad)
    points.read_rules(table(POINT_ROLES, [{"角色": "x", "积分": "十"}]), None, bad)
    assert [(p.sheet, p.row) for p in bad] == [("考核角色", 2)] and rules_problems.roles


def test_built_in_rules_when_sheets_are_empty():
    r = points.read_rules(table(POINT_ROLES, []), table(POINT_DEDUCTIONS, []), [])
    assert r.built_in and r.roles[("", "总协调")] == 10 and r.deductions["漏通知"] == 3
    assert points.parse_items("座签错误×2、漏通知，迟到x3") == [("座签错误", 2), ("漏通知", 1), ("迟到", 3)]
    assert points.year_totals(points.score(ledger([]), r, [])).empty


def test_default_rule_rows_read_back_as_the_built_in_rules():
    roles, deductions = points.default_rule_rows()
    r = points.read_rules(table(POINT_ROLES, roles), table(POINT_DEDUCTIONS, deductions), [])
    assert (r.roles, r.deductions) == (points.default_rules().roles, points.default_rules().deductions)
