"""生成会议通知 / 生成签到表 / 生成电话簿 through xlwings' remote engine."""
from __future__ import annotations

from docx import Document
from python_calamine import CalamineWorkbook

from conftest import alerts, payload_from_values, remote_book

from huiwu_xl.documents.linebreak import plain
from huiwu_xl import macros


def demo_sheets(path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {s: book.get_sheet_by_name(s).to_python(skip_empty_area=False) for s in book.sheet_names}


def set_setting(sheets, key, value):
    rows = sheets["会议信息"]
    for row in rows:
        if row[0] == key:
            row[1] = value
            return
    rows.append([key, value])


def test_notice_sign_in_sheet_and_phone_book(demo_path, tmp_path):
    sheets = demo_sheets(demo_path)
    set_setting(sheets, "成文日期", "2026-12-01")
    set_setting(sheets, "会议议程", "1.传达上级会议精神\n2.旗长讲话")
    book = remote_book(payload_from_values(sheets))
    out = tmp_path / "输出"

    macros.write_notice(book)
    message = alerts(book)[-1]
    assert str(out / "会议通知.docx") in message and "不足3天" in message  # 3 Dec meeting, dated 1 Dec
    texts = [plain(p.text) for p in Document(out / "会议通知.docx").paragraphs]
    assert texts[:2] == ["××旗人民政府办公室文件", "×政办发〔2026〕12号"] and "四、会议议程" in texts and "2026年12月1日" in texts

    macros.write_sign_in_sheet(book)
    sheet = Document(out / "签到表.docx")
    assert sum(len(t.rows) - 2 for t in sheet.tables) == 120  # below each 类别's name and column headers

    macros.write_phone_book(book)
    phone = Document(out / "会议电话簿.docx")
    assert phone.tables[0].rows[0].cells[0].text == "会务组" and phone.tables[0].rows[2].cells[0].text == "孟庆华"
    assert "已生成" in alerts(book)[-1]


def test_bad_document_number_is_reported_with_its_row(demo_path):
    sheets = demo_sheets(demo_path)
    set_setting(sheets, "发文字号", "×政办发[2026]012号")
    book = remote_book(payload_from_values(sheets))
    assert macros.write_notice(book) is None
    message = alerts(book)[-1]
    assert "会议信息" in message and "发文字号" in message and "六角括号" in message and "第" in message


def test_each_unit_gets_its_own_attendee_list_for_the_mail(demo_path, tmp_path):
    import openpyxl

    from huiwu_xl.cli import main
    from huiwu_xl.demo import demo_tables

    assert main(["notice", str(demo_path), "--out", str(tmp_path)]) == 0
    roster = demo_tables()["参会名单"]
    units = list(dict.fromkeys(p["单位"] for p in roster))
    assert sorted(p.name for p in tmp_path.glob("*参会名单.xlsx")) == sorted(f"{u}参会名单.xlsx" for u in units)
    rows = list(openpyxl.load_workbook(tmp_path / "旗财政局参会名单.xlsx").active.iter_rows(values_only=True))
    assert rows[1] == ("序号", "姓名", "职务", "手机", "性别", "民族", "蒙文姓名", "备注")
    assert [r[1] for r in rows[2:]] == [p["姓名"] for p in roster if p["单位"] == "旗财政局"]
    assert all(isinstance(r[3], str) and len(r[3]) == 11 for r in rows[2:])  # phone numbers as text
