"""The 会前/会后 buttons through xlwings' remote engine: 生成筹备计划, 生成物资清单, 材料回收,
会议归档, 工作人员考核. The engine records writes as actions; written_values replays them."""
from datetime import datetime
from pathlib import Path
import zipfile

import pytest

from conftest import actions, alerts, payload_from_file, payload_from_values, remote_book, written_values
from huiwu_xl import macros
from huiwu_xl.port.layout import VIOLATION_FILL


def table_rows(grid: list[list], first: str, then: str | None = None) -> list[dict]:
    """The records below the header row that starts with `first` (and `then`), up to the next blank row."""
    top = next(i for i, r in enumerate(grid) if r and r[0] == first and (then is None or r[1:2] == [then]))
    header = grid[top]
    rows = []
    for r in grid[top + 1 :]:
        if not any(v not in (None, "") for v in r):
            break
        rows.append(dict(zip(header, r)))
    return rows


def demo_values(demo_path: Path) -> dict[str, list[list]]:
    payload = payload_from_file(demo_path)
    return {s["name"]: s["values"] for s in payload["sheets"]}


def with_settings(values: dict, **settings) -> dict:
    """The demo sheets with 会议信息 items set (replaced or added); times as datetimes."""
    meeting = [list(r) for r in values["会议信息"]]
    for key, value in settings.items():
        row = next((r for r in meeting if r[0] == key), None)
        if row is None:
            meeting.append([key, value])
        else:
            row[1] = value
    return {**values, "会议信息": meeting}


class Written(dict):
    """Sheet name → the grid the macro wrote there."""

    def __init__(self, book):
        super().__init__()
        self.book = book

    def __missing__(self, name):
        self[name] = written_values(self.book, name)
        return self[name]


def run(values: dict, macro):
    book = remote_book(payload_from_values(values))
    result = macro(book)
    return result, book, Written(book)


# --- 生成筹备计划 ---------------------------------------------------------------------------


def test_prep_plan_button_writes_tasks_with_people_and_keeps_staff_edits(demo_path):
    values = with_settings(demo_values(demo_path), 开始时间=datetime(2099, 12, 3, 8, 30), 结束时间=datetime(2099, 12, 3, 11, 30))
    message, book, sheets = run(values, macros.make_prep_plan)
    assert message.startswith("筹备计划已生成：共 12 项任务") and "已逾期" not in message
    tasks = table_rows(sheets["筹备任务"], "序号")
    assert len(tasks) == 12
    by_task = {t["任务"]: t for t in tasks}
    call = by_task["电话逐一通知参会人员并登记结果"]
    assert call["责任人"] in ("包丽丽", "韩雪梅") and call["状态"] == "未开始"
    assert call["期限"] == "2099-12-02 08:30:00"  # 2099-12-03 is a Thursday: the day before
    assert by_task["布置会场：主席台、座签、横幅、音响、物资"]["责任人"] == "吴海涛"
    assert not [a for a in actions(book, "setRangeColor") if a["args"][0] == VIOLATION_FILL]
    assert Path(message.rsplit("筹备计划：", 1)[1]).exists()

    # Staff mark a task done and reassign another; the meeting moves; the button is pressed again.
    grid = [list(r) for r in sheets["筹备任务"]]
    header = grid[1]
    for r in grid[2:]:
        if r[header.index("任务")] == "电话逐一通知参会人员并登记结果":
            r[header.index("状态")] = "已完成"
            r[header.index("完成时间")] = datetime(2099, 12, 1, 15, 0)
        if r[header.index("任务")].startswith("印发会议通知"):
            r[header.index("责任人")] = "斯琴"
            r[header.index("备注")] = "已送审"
    again = with_settings(values, 开始时间=datetime(2099, 12, 10, 8, 30), 结束时间=datetime(2099, 12, 10, 11, 30))
    again["筹备任务"] = grid
    _, _, sheets2 = run(again, macros.make_prep_plan)
    by_task = {t["任务"]: t for t in table_rows(sheets2["筹备任务"], "序号")}
    assert by_task["电话逐一通知参会人员并登记结果"]["状态"] == "已完成"
    assert by_task["电话逐一通知参会人员并登记结果"]["完成时间"] == "2099-12-01 15:00:00"
    assert by_task["电话逐一通知参会人员并登记结果"]["期限"] == "2099-12-09 08:30:00"  # follows the meeting
    notice = by_task["印发会议通知（至少提前3天）"]
    assert (notice["责任人"], notice["备注"]) == ("斯琴", "已送审")


def test_prep_plan_button_highlights_overdue_tasks(demo_path):
    values = with_settings(demo_values(demo_path), 开始时间=datetime(2020, 6, 10, 8, 30), 结束时间=datetime(2020, 6, 10, 11, 30))
    message, book, sheets = run(values, macros.make_prep_plan)
    assert "已逾期 12 项（已标红）" in message
    tasks = table_rows(sheets["筹备任务"], "序号")
    assert all(t["提醒"].startswith("已逾期") for t in tasks)
    red = [a for a in actions(book, "setRangeColor") if a["args"][0] == VIOLATION_FILL]
    assert sum(a["row_count"] for a in red) == 12


# --- 生成物资清单 ---------------------------------------------------------------------------


@pytest.mark.parametrize("winter", ["是", "否"])
def test_supply_button_counts_from_the_roster(demo_path, winter):
    values = with_settings(demo_values(demo_path), 冬季=winter)
    message, _, sheets = run(values, macros.make_supply_list)
    items = {r["物资"]: r for r in table_rows(sheets["物资清单"], "序号")}
    assert items["矿泉水"]["数量"] == 132  # 120 people, one half day, 10% spare
    assert items["座签（桌牌）"]["数量"] == 14  # 12 podium plates + 2
    if winter == "是":
        assert items["暖水瓶"]["数量"] == 21 and items["茶杯"]["数量"] == 132 and "冬季" in message
    else:
        assert "暖水瓶" not in items and "茶杯" not in items and "非冬季" in message


def test_supply_button_uses_the_rules_sheet(demo_path):
    values = demo_values(demo_path)
    values["物资规则"] = [["物资", "单位", "按", "每", "数量", "备用", "条件", "说明"],
                       ["矿泉水", "箱", "人次", 24, 1, 1, None, None]]
    message, _, sheets = run(values, macros.make_supply_list)
    assert [(r["物资"], r["数量"]) for r in table_rows(sheets["物资清单"], "序号")] == [("矿泉水", 6)]
    assert "按“物资规则”表" in message


def test_supply_button_reports_bad_rules_in_chinese(demo_path):
    values = demo_values(demo_path)
    values["物资规则"] = [["物资", "按"], ["矿泉水", "桌数"]]
    result, book, _ = run(values, macros.make_supply_list)
    assert result is None
    assert "工作表“物资规则”第2行“按”列" in alerts(book)[0]


# --- 材料回收 -------------------------------------------------------------------------------


def test_copies_button_lists_outstanding_copies(demo_path):
    message, book, sheets = run(demo_values(demo_path), macros.report_copies)
    assert "未回收 3 份" in message
    out = table_rows(sheets["材料回收"], "序号")
    assert sorted(r["份号"] for r in out) == ["000004", "000008", "000012"]
    assert all(r["须清退"] == "是" for r in out)
    summary = table_rows(sheets["材料回收汇总"], "领取单位")
    assert summary[-1]["领取单位"] == "合计" and summary[-1]["已领份数"] == 12 and summary[-1]["未回收"] == 3


# --- 会议归档 -------------------------------------------------------------------------------


def test_archive_button_refuses_then_archives_when_overridden(demo_path, tmp_path):
    values = demo_values(demo_path)
    result, book, _ = run(values, macros.archive_meeting)
    assert result is None
    refusal = alerts(book)[0]
    assert "份号 000004" in refusal and "尚未回收" in refusal and "未回收涉密材料仍归档" in refusal

    out = tmp_path / "输出"
    macros.make_supply_list(remote_book(payload_from_values(values)))
    message, book, sheets = run(with_settings(values, 未回收涉密材料仍归档="是", 经办人="孟庆华"), macros.archive_meeting)
    zips = list(out.glob("归档_*.zip"))
    assert len(zips) == 1 and "会议归档完成" in message
    with zipfile.ZipFile(zips[0]) as z:
        assert sorted(z.namelist()) == ["归档目录.xlsx", "物资清单.xlsx", "输入表快照.xlsx"]
    index = table_rows(sheets["归档目录"], "序号", "文件")  # below the warning about the copies still out
    assert [r["文件"] for r in index] == ["物资清单.xlsx", "输入表快照.xlsx", "归档目录.xlsx"]
    assert {r["经办人"] for r in index} == {"孟庆华"}
    assert any("3 份须清退材料未回收" in str(r[0]) for r in sheets["归档目录"] if r)


# --- 工作人员考核 ----------------------------------------------------------------------------


def test_points_button_totals_the_ledger(demo_path):
    values = demo_values(demo_path)
    values["考核记录"] = [
        ["日期", "会议名称", "会议类别", "姓名", "角色", "扣分事项", "加减分", "说明"],
        [None, None, None, "吴海涛", "会场布置", "座签错误", None, None],
        [None, None, None, "包丽丽", "电话通知", None, 1, "表扬"],
        [datetime(2026, 6, 1), "春季会议", None, "吴海涛", "会场布置", None, None, None],
    ]
    values["考核角色"] = [["角色", "积分"], ["会场布置", 6], ["电话通知", 5]]
    values["扣分规则"] = [["事项", "扣分"], ["座签错误", 2]]
    message, _, sheets = run(values, macros.score_staff)
    detail = table_rows(sheets["考核明细"], "年度")
    assert [(r["姓名"], r["得分"]) for r in detail] == [("吴海涛", 4), ("包丽丽", 6), ("吴海涛", 6)]
    assert detail[0]["会议名称"] == "2026年全旗经济工作会议"
    totals = table_rows(sheets["考核汇总"], "年度")
    assert [(r["姓名"], r["服务会议数"], r["总分"], r["名次"]) for r in totals] == [("吴海涛", 2, 10, 1), ("包丽丽", 1, 6, 2)]
    assert "第一名 吴海涛（10 分）" in message


def test_points_button_names_unknown_roles(demo_path):
    values = demo_values(demo_path)
    values["考核记录"] = [["姓名", "角色"], ["吴海涛", "端茶倒水"]]
    result, book, _ = run(values, macros.score_staff)
    assert result is None and "角色“端茶倒水”不在“考核角色”表中" in alerts(book)[0]
