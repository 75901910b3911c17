"""Every button of the built huiwu.xlsm, pressed on the empty workbook as a new user would:
each answers in Chinese, naming what to fill in — never a traceback, never a VBA error."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import alerts, payload_from_file, remote_book, written_values

from huiwu_xl import macros
from huiwu_xl.contract import BUTTONS, DESK_MESSAGE_CELL

BUILT = Path(__file__).resolve().parents[1] / "huiwu.xlsm"


@pytest.mark.parametrize("button", BUTTONS, ids=[b.macro for b in BUTTONS])
def test_each_button_on_the_empty_workbook_answers_in_chinese(button):
    book = remote_book(payload_from_file(BUILT))
    getattr(macros, button.macro)(book)
    said = alerts(book)
    if button.macro == "sign_in_desk":  # the desk answers on its own sheet, not in a box
        from huiwu_xl.problems import cell_position

        row, col = cell_position(DESK_MESSAGE_CELL)
        desk = written_values(book, "签到台")
        said = said + [desk[row][col]] if len(desk) > row and len(desk[row]) > col else said
    assert said, "the button said nothing"
    message = said[-1]
    assert "Traceback" not in message and "运行时出错" not in message, message
    assert "会议信息" in message or "姓名" in message, message  # it says what to fill in
