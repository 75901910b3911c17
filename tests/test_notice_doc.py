"""会议通知 (GB/T 9704) with its 回执, the sign-in sheet and the phone book; document numbers."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from huiwu_xl.documents.linebreak import plain
from huiwu_xl.core.notice import NoticeInput, category_groups, check_doc_number, check_notice, split_items, unpad_dates
from huiwu_xl.documents.notice import render_notice, render_phone_book, render_sign_in_sheet
from huiwu_xl.documents.render import TEMPLATES_DIR, docx_to_pdf, pdf_text, pdf_to_png

FIELDS = {
    "name": "全旗2026年冬季安全生产工作会议", "when_text": "2026年12月3日（星期四）上午8:30",
    "place": "旗政府第一会议室", "host": "××旗人民政府办公室", "doc_number": "×政办发〔2026〕12号",
    "recipients": "各苏木镇人民政府，旗直各部门（单位）", "contact": "王敏", "phone": "0477-1234567",
    "checkin": "上午8:00", "reply_deadline": "2026年12月01日17时", "issued_text": "2026年11月28日",
}
REPLY_HEADERS = ["序号", "姓名", "性别", "民族", "单位及职务", "手机", "是否住宿/抵达时间", "备注"]


def notice_input(**kw) -> NoticeInput:
    base = dict(fields=dict(FIELDS), issued=date(2026, 11, 28), meeting_day=date(2026, 12, 3), end_clock="11:30",
                agenda="1.传达上级会议精神\n2.旗长讲话", speaking="发言时间控制在5分钟以内",
                categories=[("苏木镇", ["巴彦镇", "乌兰镇"], 4), ("行政单位", ["旗财政局"], 1)])
    base.update(kw)
    return NoticeInput(**base)


@pytest.mark.parametrize("number", ["×政办发〔2026〕12号", "×政办发〔2026〕1号", "内政办字〔2025〕130号"])
def test_valid_document_numbers(number):
    assert check_doc_number(number) is None


@pytest.mark.parametrize("number, words", [
    ("×政办发[2026]12号", "六角括号"),
    ("×政办发【2026】12号", "六角括号"),
    ("×政办发〔2026〕012号", "前导零"),
    ("×政办发〔2026〕第12号", "“第”"),
    ("×政办发〔26〕12号", "四位"),
])
def test_invalid_document_numbers_say_why(number, words):
    message = check_doc_number(number)
    assert message and words in message and "×政办发〔2026〕12号" in message


def test_check_reports_number_and_short_notice():
    check = check_notice(notice_input(fields={**FIELDS, "doc_number": "×政办发【2026】12号"}, issued=date(2026, 12, 1)))
    assert check.errors[0][0] == "发文字号" and "×政办发【2026】12号" in check.errors[0][1]
    assert len(check.warnings) == 1 and "不足3天" in check.warnings[0] and "2026年12月1日" in check.warnings[0]
    assert check_notice(notice_input()).warnings == []  # 5 days ahead


def test_items_and_dates():
    assert split_items("1.甲\n（二）乙\r\n三、丙\n\n") == ["甲", "乙", "丙"]
    assert unpad_dates("2026年03月05日、12月01日17时") == "2026年3月5日、12月1日17时"


@pytest.fixture(scope="module")
def notice(tmp_path_factory):
    return render_notice(notice_input(), tmp_path_factory.mktemp("notice"))


def test_notice_layout_fonts_and_items(notice):
    doc = Document(notice)
    s = doc.sections[0]
    assert [round(x.mm, 1) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    assert s._sectPr.find(qn("w:docGrid")).get(qn("w:linePitch")) == "579"
    paras = doc.paragraphs
    by_text = {plain(p.text): p for p in paras}
    title = by_text["××旗人民政府办公室关于召开全旗\n2026年冬季安全生产工作会议的通知"]  # two balanced lines
    eastasia = lambda p: doc.styles[p.style.name].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    assert eastasia(title) == "方正小标宋简体" and doc.styles[title.style.name].font.size.pt == 22
    headings = [plain(p.text) for p in paras if p.style.name == "Heading 1"]
    assert headings == ["一、会议时间", "二、会议地点", "三、参会人员", "四、会议议程", "五、有关要求"]
    assert all(eastasia(by_text[h]) == "黑体" for h in headings)
    body = by_text["1.传达上级会议精神。"]
    assert eastasia(body) == "仿宋_GB2312" and doc.styles[body.style.name].font.size.pt == 16
    texts = [plain(p.text) for p in paras]
    assert texts[:2] == ["××旗人民政府办公室文件", "×政办发〔2026〕12号"]  # the 版头
    assert texts[3] == "各苏木镇人民政府，旗直各部门（单位）："
    issuer = doc.styles[paras[0].style.name]
    assert str(issuer.font.color.rgb) == "E60012" and eastasia(paras[0]) == "方正小标宋简体"
    rule = doc.styles[paras[1].style.name].element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "E60012" and rule.get(qn("w:val")) == "single"  # the red line
    assert "2026年12月3日（星期四）上午8:30至11:30（报到时间：上午8:00）。" in texts
    assert "附件：全旗2026年冬季安全生产工作会议参会回执" in texts
    assert any("请于2026年12月1日17时前将参会回执" in t for t in texts)  # unpadded
    mark = by_text["附件"]
    assert doc.styles[mark.style.name].paragraph_format.page_break_before  # 回执 on a new page
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == REPLY_HEADERS
    assert [r.cells[0].text for r in table.rows[1:]] == [str(i) for i in range(1, 9)]
    assert texts.index("2026年11月28日") < texts.index("附件")


def test_notice_without_optional_parts(tmp_path):
    data = notice_input(fields={**FIELDS, "doc_number": "", "recipients": "", "reply_deadline": ""}, agenda="", speaking="")
    texts = [plain(p.text) for p in Document(render_notice(data, tmp_path)).paragraphs]
    assert texts[0].startswith("××旗人民政府办公室关于召开")
    assert [t for t in texts if t.endswith("有关要求")] == ["四、有关要求"]  # renumbered without 议程
    assert not any("回执（见附件）" in t for t in texts)


def test_template_edited_in_word_shows_up(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    shutil.copy(TEMPLATES_DIR / "会议通知.docx", templates)
    doc = Document(templates / "会议通知.docx")
    for para in doc.paragraphs:
        if para.text == "二、会议地点":
            para.runs[0].text = "二、会议地点及乘车安排"
        if para.text == "{{ place_line }}":  # Word splits runs when staff retype part of a line
            para.runs[0].text = "会场：{{ place"
            para.add_run("_line }}")
    doc.save(templates / "会议通知.docx")
    out = render_notice(notice_input(), tmp_path / "out", templates_dir=templates)
    texts = [plain(p.text) for p in Document(out).paragraphs]
    assert "二、会议地点及乘车安排" in texts and "会场：旗政府第一会议室。" in texts


def test_sign_in_sheet_and_phone_book(tmp_path):
    import pandas as pd

    roster = pd.DataFrame({
        "姓名": ["赵一", "钱二", "孙三"], "单位": ["巴彦镇", "旗委办", "乌兰镇"], "职务": ["镇长", "主任", "镇长"],
        "类别": ["苏木镇", "党群单位", "苏木镇"], "排序": ["2", "1", "1"], "手机": ["139001", "139002", "139003"],
    })
    groups = category_groups(roster, ["苏木镇", "党群单位"])
    assert [g["category"] for g in groups] == ["苏木镇", "党群单位"]
    sheet = Document(render_sign_in_sheet({"name": "测试会议", "when_text": "2026年12月3日", "place": "一楼"}, groups, tmp_path))
    # each 类别 a table whose first two rows (its name, the column headers) repeat on every page it runs over
    assert [plain(t.rows[0].cells[0].text) for t in sheet.tables] == ["苏木镇（2人）", "党群单位（1人）"]
    assert [c.text for c in sheet.tables[0].rows[1].cells] == ["序号", "单位", "姓名", "职务", "签名", "签到时间"]
    assert all(t.rows[i]._tr.trPr.find(qn("w:tblHeader")) is not None for t in sheet.tables for i in (0, 1))
    assert [r.cells[2].text for r in sheet.tables[0].rows[2:]] == ["孙三", "赵一"]
    assert [r.cells[0].text for r in sheet.tables[1].rows[2:]] == ["3"]
    staff = [{"姓名": "王敏", "职责": "会务总协调", "电话": "13800000000"}]
    book = Document(render_phone_book({"name": "测试会议"}, staff, groups, tmp_path))
    assert [plain(t.rows[0].cells[0].text) for t in book.tables] == ["会务组", "苏木镇", "党群单位"]
    assert book.tables[0].rows[2].cells[0].text == "王敏"
    assert [r.cells[3].text for r in book.tables[1].rows[2:]] == ["139003", "139001"]


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice/poppler not installed")
def test_rendered_notice_pdf(notice, tmp_path):
    pdf = docx_to_pdf(notice, tmp_path)
    text = "".join(pdf_text(pdf).split())
    for words in ["××旗人民政府办公室关于召开全旗2026年冬季安全生产工作会议的通知", "×政办发〔2026〕12号",
                  "一、会议时间", "二、会议地点", "三、参会人员", "四、会议议程", "五、有关要求", "附件：",
                  *[h for header in REPLY_HEADERS for h in header.split("/")]]:  # the long header wraps in its cell
        assert words in text, words
    pages = pdf_to_png(pdf, tmp_path / "page")
    last = subprocess.run(["pdftotext", "-f", str(len(pages)), "-l", str(len(pages)), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "参会回执" in "".join(last.split())  # the 回执 ends the document, on its own page
