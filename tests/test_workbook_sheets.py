"""The input sheets of the built huiwu.xlsm as a user meets them: dropdowns, formats, widths,
frozen headers, and the sign-in desk's large seat cell (read with openpyxl, never written back)."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from huiwu_xl import contract as c
from huiwu_xl.build.xlsm import SETTINGS_SHEETS

BUILT = Path(__file__).resolve().parents[1] / "huiwu.xlsm"
TABLES = [s for s in c.INPUT_SHEETS if s.name not in SETTINGS_SHEETS]


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(BUILT)


@pytest.mark.parametrize("sheet", TABLES, ids=[s.name for s in TABLES])
def test_every_table_has_its_dropdowns_formats_widths_and_a_frozen_header(book, sheet):
    ws = book[sheet.name]
    assert ws.freeze_panes == "A2"
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    # <col> elements span runs of alike columns; openpyxl keys each run by its first letter.
    dims = {i: d for d in ws.column_dimensions.values() for i in range(d.min, d.max + 1)}
    for i, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        assert dims[i].width == pytest.approx(col.width, abs=1), (sheet.name, col.header)
        if col.choices:
            assert lists.get(f"{letter}2") == '"' + ",".join(col.choices) + '"', (sheet.name, col.header)
        if col.number_format:
            assert dims[i].number_format == col.number_format, (sheet.name, col.header)
        if col.text:
            assert dims[i].number_format == "@", (sheet.name, col.header)  # phone numbers keep their zeros


def test_settings_sheets_offer_their_choices(book):
    ws = book[c.MEETING.name]
    rows = {ws.cell(r, 1).value: r for r in range(3, ws.max_row + 1)}
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    for setting in c.MEETING_SETTINGS:
        if setting.choices:
            assert lists[f"B{rows[setting.key]}"] == '"' + ",".join(setting.choices) + '"', setting.key


def test_the_sign_in_desk_shows_the_seat_in_large_type(book):
    ws = book[c.SIGN_IN_DESK]
    assert ws[c.DESK_RESULT_CELL].font.sz >= 28
    assert ws.cell(*_left_of(c.DESK_NAME_CELL)).value == "姓名" and ws.cell(*_left_of(c.DESK_UNIT_CELL)).value == "单位"


def _left_of(address: str) -> tuple[int, int]:
    from huiwu_xl.problems import cell_position

    row, col = cell_position(address)
    return row + 1, col
