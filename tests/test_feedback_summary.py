"""会务意见反馈 (the one-page form, its QR code, 反馈汇总 by question) and the 会务工作总结, whose
figures must equal the sheets the other buttons write."""
from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
from conftest import needs_cjk_font, needs_soffice
from docx import Document

from huiwu_xl.documents.linebreak import plain
from huiwu_xl.cli import main
from huiwu_xl.contract import FEEDBACK, FEEDBACK_QUESTIONS

from test_translation import set_settings

ANSWERS = [  # 通知及时, 座次安排, 会议材料, 茶水温度, 总体评价, 意见建议
    ("满意", "满意", "满意", "不满意", "满意", "会场太冷，建议提前开暖气"),
    ("满意", "基本满意", "满意", "基本满意", "满意", ""),
    ("基本满意", "满意", "", "不满意", "基本满意", "材料可提前发电子版"),
    ("满意", "满意", "满意", "满意", "满意", ""),
    ("满意", "满意", "不满意", "基本满意", "满意", ""),
]


def add_feedback(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    ws = book.create_sheet(FEEDBACK.name)
    ws.append(FEEDBACK.headers)
    for i, answer in enumerate(ANSWERS):
        *ratings, idea = answer
        ws.append([datetime(2026, 12, 3, 11, 40 + i), "旗财政局" if i % 2 else "", "", *ratings, idea, "纸质"])
    book.save(path)


def rows_of(path: Path, sheet: str) -> list[tuple]:
    return [tuple(r) for r in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]


@needs_soffice
@needs_cjk_font
def test_feedback_form_is_one_page_with_the_questions_and_a_qr_code(demo_path, tmp_path):
    from huiwu_xl.documents.render import docx_to_pdf, pdf_text

    set_settings(demo_path, 签到服务="192.168.1.20:8000")
    assert main(["feedback", str(demo_path), "--out", str(tmp_path)]) == 0
    doc = Document(tmp_path / "会务意见反馈.docx")
    questions = [row.cells[1].text for row in doc.tables[0].rows[1:]]
    assert questions == [q for _, q in FEEDBACK_QUESTIONS]
    assert [c.text for c in doc.tables[0].rows[0].cells[2:]] == ["满意", "基本满意", "不满意"]
    assert len(doc.inline_shapes) == 1  # the QR code …
    import io

    import segno

    expected = io.BytesIO()
    segno.make("http://192.168.1.20:8000/feedback", error="m").save(expected, kind="png", scale=8, border=2)
    images = [p.blob for p in doc.part.package.parts if p.content_type == "image/png"]
    assert images == [expected.getvalue()]  # … of the desk server's feedback page
    pdf = docx_to_pdf(tmp_path / "会务意见反馈.docx", tmp_path / "pdf")
    text = pdf_text(pdf)
    assert text.count("\f") == 1  # one page
    assert "http://192.168.1.20:8000/feedback" in re.sub(r"\s+", "", text)


def test_feedback_form_without_a_server_has_no_qr_code_and_answers_are_summed_by_question(demo_path, tmp_path):
    add_feedback(demo_path)
    assert main(["feedback", str(demo_path), "--out", str(tmp_path)]) == 0
    assert len(Document(tmp_path / "会务意见反馈.docx").inline_shapes) == 0
    rows = rows_of(demo_path, "反馈汇总")
    header = next(i for i, r in enumerate(rows) if r[0] == "题目")
    table = {r[0]: r for r in rows[header + 1: header + 1 + len(FEEDBACK_QUESTIONS)]}
    for n, (question, _) in enumerate(FEEDBACK_QUESTIONS):
        given = [a[n] for a in ANSWERS]
        counts = (given.count("满意"), given.count("基本满意"), given.count("不满意"))
        assert table[question][2:5] == counts
        assert table[question][5] == given.count("")  # 未答
        assert table[question][7] == f"{counts[0] / sum(counts) * 100:.1f}%"
    start = next(i for i, r in enumerate(rows) if r[2] == "意见建议")
    ideas = [r[2] for r in rows[start + 1:] if r[2]]
    assert ideas == [a[5] for a in ANSWERS if a[5]]


def numbers(text: str, pattern: str) -> tuple[int, ...]:
    found = re.search(pattern, text)
    assert found, pattern
    return tuple(int(g) if g.isdigit() else g for g in found.groups())


@needs_soffice
@needs_cjk_font
def test_summary_figures_equal_the_sheets(demo_path, tmp_path):
    from huiwu_xl.documents.render import docx_to_pdf, pdf_text

    out = tmp_path / "输出"
    add_feedback(demo_path)
    # What the office has done by the end of the meeting: plan, replies summed up (the sheets
    # those buttons write land in the workbook, as in Excel), then the checks after the meeting.
    assert main(["prep-plan", str(demo_path), "--out", str(out)]) == 0
    book = openpyxl.load_workbook(demo_path)
    ws = book["筹备任务"]
    header_row = next(r for r in range(1, 6) if ws.cell(r, 1).value == "序号")
    cols = {ws.cell(header_row, c).value: c for c in range(1, ws.max_column + 1)}
    for r in range(header_row + 1, header_row + 8):  # seven tasks done: five in time, two late
        due = ws.cell(r, cols["期限"]).value
        ws.cell(r, cols["状态"]).value = "已完成"
        ws.cell(r, cols["完成时间"]).value = due.replace(hour=8) if r < header_row + 6 else due.replace(year=due.year + 1)
    book.save(demo_path)
    replies = tmp_path / "回执"
    replies.mkdir()
    assert main(["notice", str(demo_path), "--out", str(out)]) == 0
    for unit in ("旗财政局", "旗教育局", "旗公安局"):
        shutil.copy(out / f"{unit}参会名单.xlsx", replies)
    assert main(["replies", str(demo_path), str(replies), "--out", str(out)]) == 0
    for command in ("attendance", "call-summary", "copies", "feedback", "points"):
        assert main([command, str(demo_path), "--out", str(out)]) == 0
    assert main(["summary", str(demo_path), "--out", str(out)]) == 0

    text = "".join(plain(p.text) for p in Document(out / "会务工作总结.docx").paragraphs)
    total = next(r for r in rows_of(out / "考勤结果.xlsx", "考勤汇总") if r[1] == "合计")
    header = next(r for r in rows_of(out / "考勤结果.xlsx", "考勤汇总") if r[0] == "分组")
    t = dict(zip(header, total))
    assert numbers(text, r"应到(\d+)人，实到(\d+)人，出席率([\d.]+%)") == (t["应到"], t["实到"], f"{t['出席率'] * 100:.1f}%")
    assert numbers(text, r"其中请假(\d+)人，经批准代会(\d+)人") == (t["请假"], t["代会"])
    assert numbers(text, r"迟到(\d+)人、早退(\d+)人") == (t["迟到"], t["早退"])
    assert numbers(text, r"擅自代会(\d+)人、旷会(\d+)人") == (t["擅自代会"], t["旷会"])

    calls = next(r for r in rows_of(demo_path, "电话通知汇总") if r[0] == "合计")
    assert numbers(text, r"通知参会人员(\d+)人，接通(\d+)人") == (calls[1], calls[2])
    assert numbers(text, r"未接通(\d+)人，待定(\d+)人，尚未登记结果(\d+)人") == (calls[6], calls[7], calls[8])

    assert numbers(text, r"共列筹备任务(\d+)项，按期完成(\d+)项，逾期完成(\d+)项，尚未完成(\d+)项") == \
        (len([r for r in rows_of(out / "筹备计划.xlsx", "筹备任务") if isinstance(r[0], int)]), 5, 2,
         len([r for r in rows_of(out / "筹备计划.xlsx", "筹备任务") if isinstance(r[0], int)]) - 7)
    assert numbers(text, r"会议通知于2026年11月27日印发，距会议召开(\d+)天") == (6,)

    units = [r for r in rows_of(demo_path, "回执汇总") if r[3] in ("已报", "逾期", "未报")]
    returned = sum(1 for r in units if r[3] != "未报")
    assert numbers(text, r"应报参会回执单位(\d+)个，已报(\d+)个") == (len(units), returned)

    copies = next(r for r in rows_of(out / "材料回收.xlsx", "材料回收汇总") if r[0] == "合计")
    assert numbers(text, r"发放编号材料(\d+)份，已回收(\d+)份，未回收(\d+)份") == tuple(copies[2:5])

    fb = rows_of(demo_path, "反馈汇总")
    head = next(i for i, r in enumerate(fb) if r[0] == "题目")
    assert numbers(text, r"收回会务意见反馈表(\d+)份") == (len(ANSWERS),)
    for r in fb[head + 1: head + 1 + len(FEEDBACK_QUESTIONS)]:
        assert f"{r[0]}：满意{r[2]}人，基本满意{r[3]}人，不满意{r[4]}人，满意率{r[7]}" in text

    detail = rows_of(out / "工作人员考核.xlsx", "考核明细")
    head = next(i for i, r in enumerate(detail) if r and r[0] == "年度")
    cols = detail[head]
    for r in detail[head + 1:]:
        if r[cols.index("姓名")]:
            assert f"{r[cols.index('姓名')]}（{r[cols.index('角色')]}，{r[cols.index('得分')]:g}分）" in text

    pdf = docx_to_pdf(out / "会务工作总结.docx", tmp_path / "pdf")
    rendered = pdf_text(pdf)
    assert "会务工作总结" in rendered and "存在的问题和改进措施" in rendered
