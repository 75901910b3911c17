"""The archive's values-only .xlsx: what goes in comes back out, and the package is one Excel opens."""
from __future__ import annotations

from datetime import date, datetime, time

import openpyxl
from python_calamine import CalamineWorkbook
from xlsx_invariants import problems

from huiwu_xl.port.values_xlsx import column_letters, write_values_xlsx


LONG = "一张名字超过三十一个字的工作表，用来看它被截短到多少个字为止，Excel 只认前三十一个"


def test_values_come_back_as_written(tmp_path):
    sheets = {
        "签到": [["姓名", "签到时间", "人数", "到会", "备注"],
                 ["张三", datetime(2026, 12, 3, 8, 31), 3, True, "迟到 <1> & “说明”"],
                 ["李四", time(8, 5), 2.5, False, None],
                 [None, date(2026, 1, 2), "", None, "0012"],
                 ["王五", datetime(1899, 12, 30, 10, 15), None, None, "控制字符\x01在此"]],
        "空表": [],
        LONG: [["x"]],
    }
    path = write_values_xlsx(sheets, tmp_path / "快照.xlsx", title="输入表快照")
    assert problems(path) == []
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["签到", "空表", LONG[:31]] and len(LONG) > 31
    rows = book.get_sheet_by_name("签到").to_python(skip_empty_area=False)
    assert rows[0] == ["姓名", "签到时间", "人数", "到会", "备注"]
    assert rows[1] == ["张三", datetime(2026, 12, 3, 8, 31), 3, True, "迟到 <1> & “说明”"]
    assert rows[2][:4] == ["李四", time(8, 5), 2.5, False]
    assert rows[3][1:] == [date(2026, 1, 2), "", "", "0012"]  # text stays text: the leading zeros too
    assert rows[4][1] == time(10, 15) and rows[4][4] == "控制字符\x01在此"

    sheet = openpyxl.load_workbook(path)["签到"]
    assert sheet["B2"].number_format == "yyyy-mm-dd hh:mm" and sheet["B3"].number_format == "hh:mm"
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["C"].width


def test_column_letters():
    assert [column_letters(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_text_that_looks_like_an_escape_or_holds_a_carriage_return_comes_back_as_typed(tmp_path):
    typed = ["_x0041_", "甲\r\n乙", "_x005F_"]  # a cell writer that escapes only forbidden characters turns the first into "A"
    path = write_values_xlsx({"名单": [typed]}, tmp_path / "快照.xlsx")
    assert problems(path) == []
    # read as Excel reads it (ECMA-376 §22.9.2.19; openpyxl does not undo the _x005F_ escape)
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_name("名单").to_python() == [typed]
