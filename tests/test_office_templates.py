"""Offices edit the Word templates: a 模板 folder beside the workbook (or 会议信息 模板目录) wins."""
from __future__ import annotations

import shutil

from docx import Document

from huiwu_xl.cli import main
from huiwu_xl.documents.render import TEMPLATES_DIR


def test_an_edited_template_beside_the_workbook_is_used(demo_path, tmp_path):
    office = demo_path.parent / "模板"
    office.mkdir()
    shutil.copy(TEMPLATES_DIR / "会议考勤通报.docx", office)
    doc = Document(office / "会议考勤通报.docx")
    heading = next(p for p in doc.paragraphs if p.text == "二、总体到会情况")
    heading.runs[0].text = "二、到会的总体情况"
    for run in heading.runs[1:]:
        run.text = ""
    doc.save(office / "会议考勤通报.docx")

    assert main(["attendance", str(demo_path), "--out", str(tmp_path / "out")]) == 0
    texts = [p.text for p in Document(tmp_path / "out" / "会议考勤通报.docx").paragraphs]
    assert "二、到会的总体情况" in texts and "二、总体到会情况" not in texts
    # The templates the office did not copy still come from the bundled set.
    assert main(["notice", str(demo_path), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "会议通知.docx").exists()


def test_setup_excel_puts_the_templates_where_staff_edit_them(tmp_path):
    from huiwu_xl.build.setup_excel import setup_excel

    setup_excel(tmp_path / "会务", interpreter="python")
    copied = sorted(p.name for p in (tmp_path / "会务" / "模板").iterdir())
    assert copied == sorted(p.name for p in TEMPLATES_DIR.iterdir() if p.suffix in (".docx", ".txt"))
    assert "会议通知.docx" in copied and "邮件模板.txt" in copied


def test_a_tag_broken_in_word_is_a_chinese_message_naming_the_template(demo_path, tmp_path, capsys):
    office = demo_path.parent / "模板"
    office.mkdir()
    shutil.copy(TEMPLATES_DIR / "会议考勤通报.docx", office)
    doc = Document(office / "会议考勤通报.docx")
    para = next(p for p in doc.paragraphs if "{{ meeting.place }}" in p.text)
    para.runs[0].text = para.text.replace("{{ meeting.place }}", "{{ meeting.place }")
    for run in para.runs[1:]:
        run.text = ""
    doc.save(office / "会议考勤通报.docx")
    assert main(["attendance", str(demo_path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "模板“" in err and "会议考勤通报.docx" in err and "填写标记有误" in err and "Traceback" not in err


def test_a_notice_needs_the_issuing_office(demo_path, tmp_path, capsys):
    import openpyxl

    book = openpyxl.load_workbook(demo_path)
    ws = book["会议信息"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "主办单位")
    ws.cell(row, 2).value = None
    book.save(demo_path)
    assert main(["notice", str(demo_path), "--out", str(tmp_path / "out")]) == 2
    assert f"工作表“会议信息”第{row}行“内容”列：会议通知需要“主办单位”" in capsys.readouterr().err
    assert main(["attendance", str(demo_path), "--out", str(tmp_path / "out")]) == 0
    assert "通报落款处暂为“【主办单位】”" in capsys.readouterr().out
    texts = [p.text for p in Document(tmp_path / "out" / "会议考勤通报.docx").paragraphs]
    assert texts[-2] == "【主办单位】"


def test_setup_excel_puts_a_short_guide_beside_the_workbook_and_the_home_sheet_points_to_it(tmp_path):
    from openxml_audit import FileFormat, OpenXmlValidator
    from python_calamine import CalamineWorkbook

    from huiwu_xl.build.setup_excel import setup_excel
    from huiwu_xl.contract import BUTTONS, HOME_SHEET

    workbook = setup_excel(tmp_path / "会务", interpreter="python")
    guide = tmp_path / "会务" / "使用说明.docx"
    text = "\n".join(p.text for p in Document(guide).paragraphs)
    assert all(f"“{b.caption}”" in text for b in BUTTONS)  # every button explained
    assert "解除锁定" in text and "受信任位置" in text and "再点一次“生成座签”" in text
    assert not OpenXmlValidator(file_format=FileFormat.MICROSOFT_365).validate(guide).errors
    home = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_name(HOME_SHEET).to_python()
    words = "".join(str(v) for row in home for v in row if v)
    assert "使用说明.docx" in words and "docs/excel-setup.md" not in words
