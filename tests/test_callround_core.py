"""The phone round's core: merge without loss, caller balancing, summary, chase list."""
from __future__ import annotations

from collections import Counter

import pandas as pd

from huiwu_xl.contract import CALL_ROUND, LEAVE, ROSTER, STAFF
from huiwu_xl.core.callround import (
    REMOVED, apply_update, assign_callers, plan_call_round, sort_roster, summarize,
)
from huiwu_xl.tables import read_table


def table(sheet, header, rows):
    problems = []
    frame = read_table([header, *rows], sheet, problems)
    assert not problems, problems
    return frame


ROSTER_HEADER = ["姓名", "单位", "职务", "类别", "排序", "手机"]
ROSTER_ROWS = [
    ["赵一", "巴彦镇", "镇长", "苏木镇", 2, "13900000001"],
    ["钱二", "旗委办", "主任", "党群单位", 1, "13900000002"],
    ["孙三", "乌兰镇", "镇长", "苏木镇", 1, "13900000003"],
    ["李四", "旗财政局", "局长", "行政单位", "", "13900000004"],
    ["周五", "旗农牧局", "局长", "行政单位", 3, "13900000005"],
    ["吴六", "旗医院", "院长", "事业单位", 1, "13900000006"],
    ["郑七", "旗政府", "旗长", "四大班子领导", 1, "13900000007"],
    ["王八", "某公司", "经理", "", "", "13900000008"],
]
STAFF_ROWS = [["甲", "电话通知"], ["乙", "电话通知"], ["丙", "会场"]]


def roster(rows=ROSTER_ROWS):
    return table(ROSTER, ROSTER_HEADER, rows)


def staff(rows=STAFF_ROWS):
    return table(STAFF, ["姓名", "职责"], rows)


def empty_calls():
    return table(CALL_ROUND, CALL_ROUND.headers, [])


def as_sheet(frame: pd.DataFrame) -> list[list]:
    """A call list as the sheet would hold it (header + values), to read back like the macro does."""
    rows = frame[CALL_ROUND.headers].astype(object).where(frame[CALL_ROUND.headers].notna(), None).values.tolist()
    return [CALL_ROUND.headers, *rows]


def test_first_build_is_grouped_by_category_then_rank():
    update = plan_call_round(roster(), empty_calls(), staff())
    rows = update.new_rows
    assert list(rows["姓名"]) == ["郑七", "孙三", "赵一", "钱二", "周五", "李四", "吴六", "王八"]
    assert rows["类别"].iat[-1] == "未分类"
    assert list(rows["序号"]) == list(range(1, 9))
    assert set(rows["通知人"]) == {"甲", "乙"}  # only staff whose duty is calling
    assert max(update.loads.values()) == 4


def test_sort_puts_blank_ranks_last_within_category():
    ordered = sort_roster(roster())
    assert list(ordered.loc[ordered["类别"] == "行政单位", "姓名"]) == ["周五", "李四"]


def test_balancing_keeps_categories_whole_where_they_fit():
    cats = ["A"] * 6 + ["B"] * 3 + ["C"] * 3 + ["D"] * 2 + ["E"] * 1 + ["F"] * 1
    who = assign_callers(cats, ["甲", "乙", "丙"])
    loads = Counter(who)
    assert max(loads.values()) - min(loads.values()) <= 1 and max(loads.values()) == 6
    for cat in "ABCDEF":
        assert len({w for c, w in zip(cats, who) if c == cat}) == 1, cat


def test_balancing_splits_an_oversized_category():
    cats = ["A"] * 10 + ["B"] * 2
    who = assign_callers(cats, ["甲", "乙", "丙"])
    assert max(Counter(who).values()) == 4
    assert len(set(who[:10])) == 3  # A had to be shared
    assert len(set(who[10:])) == 1


def test_balancing_respects_earlier_assignments_and_category_owner():
    cats = ["A", "A", "B", "B", "A"]
    assert assign_callers(cats, ["甲", "乙"], ["乙", "乙", "甲", "甲", ""]) == ["乙", "乙", "甲", "甲", "乙"]
    # The owner is full (cap 3): the newcomer goes to the other caller; set callers never change.
    cats = ["A", "A", "A", "B", "B", "A"]
    assert assign_callers(cats, ["甲", "乙"], ["乙", "乙", "乙", "甲", "甲", ""]) == ["乙", "乙", "乙", "甲", "甲", "甲"]
    assert assign_callers(["A"], [], [""]) == [""]  # no staff: nobody assigned


def test_merge_never_loses_recorded_results():
    first = plan_call_round(roster(), empty_calls(), staff())
    sheet = as_sheet(apply_update(empty_calls(), first))
    # Staff record results, one person clears his caller, someone edits a phone number.
    col = {h: i for i, h in enumerate(CALL_ROUND.headers)}
    for row in sheet[1:]:
        if row[col["姓名"]] == "赵一":
            row[col["结果"]], row[col["原因"]], row[col["接听人"]] = "请假", "参加自治区会议", "本人"
        if row[col["姓名"]] == "李四":
            row[col["结果"]], row[col["代会人"]] = "代会", "刘副局长"
        if row[col["姓名"]] == "吴六":
            row[col["结果"]], row[col["通知人"]], row[col["备注"]] = "未接通", "", "再打"
            row[col["手机"]] = ""
    typed = table(CALL_ROUND, sheet[0], sheet[1:])

    # Roster changes: 周五 leaves, 冯九 joins (苏木镇), 吴六's unit is renamed.
    rows = [r for r in ROSTER_ROWS if r[0] != "周五"] + [["冯九", "新镇", "镇长", "苏木镇", 3, "13900000009"]]
    rows = [[*r[:1], "旗人民医院", *r[2:]] if r[0] == "吴六" else r for r in rows]
    update = plan_call_round(roster(rows), typed, staff())

    assert list(update.new_rows["姓名"]) == ["冯九"]
    assert update.new_rows["序号"].iat[0] == 9
    assert update.new_rows["通知人"].iat[0] in ("甲", "乙")
    filled = {(r, h): v for r, h, v in update.fills}
    wu_row = int(typed.loc[typed["姓名"] == "吴六", "_row"].iat[0])
    assert filled[(wu_row, "手机")] == "13900000006" and (wu_row, "通知人") in filled  # empty cells only
    typed_cells = {(int(r), h) for r, *vals in zip(typed["_row"], *[typed[h] for h in CALL_ROUND.headers])
                   for h, v in zip(CALL_ROUND.headers, vals) if str(v)}
    assert not typed_cells & set(filled)  # nothing typed is overwritten
    zhou_row = int(typed.loc[typed["姓名"] == "周五", "_row"].iat[0])
    assert update.marks == [(zhou_row, REMOVED)]

    merged = apply_update(typed, update)
    assert len(merged) == 9  # the removed person is still there
    zhao = merged[merged["姓名"] == "赵一"].iloc[0]
    assert (zhao["结果"], zhao["原因"], zhao["接听人"]) == ("请假", "参加自治区会议", "本人")
    assert merged.loc[merged["姓名"] == "吴六", "备注"].iat[0] == "再打"

    # Running again changes nothing; a returning person loses the mark.
    again = plan_call_round(roster(rows), merged, staff())
    assert again.new_rows.empty and again.fills == [] and again.marks == []
    back = plan_call_round(roster(rows + [ROSTER_ROWS[4]]), merged, staff())
    assert back.marks == [(zhou_row, "")] and back.new_rows.empty


CALL_HEADER = ["类别", "单位", "姓名", "职务", "通知人", "结果", "原因", "代会人", "名单状态"]
CALLS = [
    ["苏木镇", "巴彦镇", "赵一", "镇长", "甲", "请假", "参加上级会议", "", ""],
    ["苏木镇", "乌兰镇", "孙三", "镇长", "甲", "参会", "", "", ""],
    ["行政单位", "旗财政局", "李四", "局长", "乙", "代会", "出差", "刘副局长", ""],
    ["行政单位", "旗农牧局", "周五", "局长", "乙", "未接通", "", "", ""],
    ["行政单位", "旗农牧局", "周五", "局长", "乙", "待定", "", "", ""],  # a second attempt
    ["事业单位", "旗医院", "吴六", "院长", "乙", "请假", "住院", "", ""],
    ["党群单位", "旗委办", "钱二", "主任", "甲", "未接通", "", "", ""],
    ["四大班子领导", "旗政府", "郑七", "旗长", "甲", "", "", "", ""],
    ["公司企业", "某公司", "王八", "经理", "甲", "请假", "", "", REMOVED],
]
LEAVE_ROWS = [
    ["吴六", "旗医院", "", "住院", "是", "旗长"],  # written: not chased
    ["李四", "旗财政局", "", "出差", "", ""],  # on file, not yet written
    ["赵一", "巴彦镇", "迟到", "", "是", "旗长"],  # a late-arrival request is not leave
]


def test_summary_counts_chase_list_and_leave_rows():
    calls = table(CALL_ROUND, CALL_HEADER, CALLS)
    leave = table(LEAVE, ["姓名", "单位", "请假类型", "事由", "书面请假", "批准人"], LEAVE_ROWS)
    s = summarize(calls, leave, callers=["甲", "乙"])

    by_cat = s.by_category.set_index("名称")
    assert list(by_cat.index) == ["四大班子领导", "苏木镇", "党群单位", "行政单位", "事业单位", "合计"]
    total = by_cat.loc["合计"]
    assert (total["应通知"], total["已接通"], total["参会"], total["请假"], total["代会"], total["未接通"], total["待定"], total["未登记"]) == (7, 5, 1, 2, 1, 1, 1, 1)
    assert by_cat.loc["行政单位", "待定"] == 1 and by_cat.loc["行政单位", "未接通"] == 0  # latest attempt counts
    by_caller = s.by_caller.set_index("名称")
    assert by_caller.loc["甲", "应通知"] == 4 and by_caller.loc["乙", "应通知"] == 3
    assert by_caller.loc["乙", "已接通"] == 3

    assert list(s.chase["姓名"]) == ["赵一", "李四"]
    assert list(s.chase["请假表"]) == ["未登记请假", "未交书面请假"]
    assert list(s.unreached["姓名"]) == ["钱二", "郑七"]
    assert list(s.unreached["情况"]) == ["未接通", "尚未登记结果"]

    assert list(s.leave_rows["姓名"]) == ["赵一"]  # 李四 and 吴六 are already in 请假
    row = s.leave_rows.iloc[0]
    assert (row["事由"], row["书面请假"], row["批准人"]) == ("参加上级会议", "", "")
    assert "甲" in row["备注"]


def test_substitute_named_on_the_phone_goes_to_leave():
    calls = table(CALL_ROUND, CALL_HEADER, [CALLS[2]])
    leave = table(LEAVE, ["姓名", "单位"], [])
    rows = summarize(calls, leave).leave_rows
    assert (rows["姓名"].iat[0], rows["代会人"].iat[0], rows["事由"].iat[0]) == ("李四", "刘副局长", "出差")


def test_a_caller_who_left_the_staff_gets_no_new_people():
    out = assign_callers(["行政单位"] * 8, ["包丽丽", "韩雪梅"], ["老王", "老王"] + [""] * 6)
    assert out[:2] == ["老王", "老王"]  # recorded calls keep their caller
    assert set(out[2:]) == {"包丽丽", "韩雪梅"}


def test_a_call_time_typed_as_a_time_alone_falls_on_the_meeting_day(demo_path, tmp_path):
    import openpyxl

    from huiwu_xl.cli import main

    book = openpyxl.load_workbook(demo_path)
    book["电话通知"]["H2"] = "9:30"
    book.save(demo_path)
    assert main(["call-summary", str(demo_path), "--out", str(tmp_path / "out")]) == 0
    assert main(["call-round", str(demo_path), "--out", str(tmp_path / "out")]) == 0


def test_summary_orders_categories_as_configured_then_unknown_then_uncategorised():
    from huiwu_xl.core.callround import UNCATEGORISED

    rows = [
        ["", "某公司", "王八", "经理", "甲", "参会", "", "", ""],  # no category
        ["驻旗单位", "武警中队", "冯九", "队长", "甲", "参会", "", "", ""],  # a category the settings do not list
        ["苏木镇", "巴彦镇", "赵一", "镇长", "乙", "参会", "", "", ""],
        ["行政单位", "旗财政局", "李四", "局长", "乙", "请假", "出差", "", ""],
    ]
    leave = table(LEAVE, ["姓名", "单位", "请假类型", "事由", "书面请假", "批准人"], [["李四", "旗财政局", "", "出差", "是", "旗长"]])
    leave.index = [7]  # as a filtered sheet hands it over
    s = summarize(table(CALL_ROUND, CALL_HEADER, rows), leave, categories=["行政单位", "苏木镇", "事业单位"])
    assert list(s.by_category["名称"]) == ["行政单位", "苏木镇", "驻旗单位", UNCATEGORISED, "合计"]
    assert s.by_category.set_index("名称").loc[UNCATEGORISED, "参会"] == 1
    assert s.chase.empty and s.leave_rows.empty  # 李四's written request is found at its own row


def test_summary_of_an_empty_call_list():
    s = summarize(empty_calls(), table(LEAVE, ["姓名", "单位"], []), callers=["甲"])
    assert s.chase.empty and s.unreached.empty and s.leave_rows.empty
    assert s.by_category.iloc[-1]["应通知"] == 0
