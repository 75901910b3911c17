"""The workbook port: what both adapters do to input sheets, and how generated cells are typed."""
from __future__ import annotations

import openpyxl
import pandas as pd
from conftest import payload_from_values, remote_book, sheet_after

from huiwu_xl.contract import CALL_ROUND
from huiwu_xl.port import ExcelWorkbook, FileWorkbook, Sheet


def test_appending_to_a_missing_input_sheet_lays_out_its_whole_header():
    book = remote_book(payload_from_values({"会议信息": [["项目", "内容"]]}))
    port = ExcelWorkbook(book)
    assert port.append_rows(CALL_ROUND.name, [{"姓名": "张三", "手机": "04706600001"}]) == [2]
    grid = sheet_after(book, CALL_ROUND.name)
    assert grid[0][: len(CALL_ROUND.headers)] == CALL_ROUND.headers  # every column to type into
    row = dict(zip(grid[0], grid[1]))
    assert (row["姓名"], row["手机"], row["结果"]) == ("张三", "04706600001", None)
    formats = [a for a in book.json()["actions"] if a["func"] == "setNumberFormat"]
    assert formats and formats[0]["args"] == ["@"]  # the phone column is text before the number lands


def test_digits_with_a_leading_zero_are_written_as_text_in_excel():
    book = remote_book(payload_from_values({"会议信息": [["项目", "内容"]]}))
    ExcelWorkbook(book).write_sheets([Sheet.table("材料回收", pd.DataFrame({"份号": ["000012", "000013"], "领取人": ["甲", "乙"]}))], None, None)
    funcs = [(a["func"], a["args"]) for a in book.json()["actions"] if a["func"] in ("setNumberFormat", "setValues")]
    assert funcs.index(("setNumberFormat", ["@"])) < [f for f, _ in funcs].index("setValues")


def test_updated_input_sheet_keeps_the_title_row_and_every_cell(tmp_path):
    source = tmp_path / "会议.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "签到"
    ws.append(["2026年全旗经济工作会议签到"])
    ws.append(["姓名", "单位", "签到时间"])
    ws.append(["张三", "旗财政局", "8:10"])
    book.save(source)
    port = FileWorkbook(source, tmp_path / "out")
    assert port.append_rows("签到", [{"姓名": "李四", "座位": "第3排 第5座"}]) == [4]
    port.commit()
    rows = list(openpyxl.load_workbook(source).active.iter_rows(values_only=True))
    assert rows == [("2026年全旗经济工作会议签到", None, None, None), ("姓名", "单位", "签到时间", "座位"),
                    ("张三", "旗财政局", "8:10", None), ("李四", None, None, "第3排 第5座")]
