"""会务意见反馈表: a one-page form for paper answers, with a QR code to the desk server's page.

Built with python-docx on the GB/T 9704 page and styles, so it prints like the office's other
papers; the questions are the contract's (FEEDBACK_QUESTIONS), the same the web page asks.
"""
from __future__ import annotations

import io
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ..clean import xml_clean, xml_text
from ..contract import FEEDBACK_QUESTIONS, RATINGS
from . import gbt9704 as g
from .render import save_document

BOX = "□"


def render_feedback_form(meeting: dict, out_dir: Path, filename: str, url: str = "") -> Path:
    """meeting: fields.meeting_fields(); url: the desk server's feedback page, printed as a QR code."""
    meeting, url = xml_clean(meeting), xml_text(url)  # python-docx refuses control characters
    doc = g.new_document(page_numbers=False)
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)  # one page: the form is not a 公文
    title = g.add(doc, "会务工作意见反馈表", g.TITLE)
    title.paragraph_format.space_after = Pt(6)
    subtitle = g.add(doc, f"{meeting.get('name', '')}（{meeting.get('date_text', '')}，{meeting.get('place', '')}）", g.CENTERED)
    for run in subtitle.runs:
        run.font.size = Pt(g.SIZE_4)
    intro = g.add(doc, "为进一步改进会务服务，请您对本次会议的会务工作作出评价（在相应方框内打“√”），"
                       "提出意见建议。可不署名，填好后请交会务组工作人员。")
    intro.paragraph_format.space_before = Pt(6)

    rows = [[str(i), question, *([BOX] * len(RATINGS))] for i, (_, question) in enumerate(FEEDBACK_QUESTIONS, 1)]
    table = g.add_table(doc, ["序号", "评价内容", *RATINGS], [12, 80, 20, 24, 20], rows, row_height_mm=11)
    for row in table.rows[1:]:
        row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT

    g.add(doc, "意见和建议：", g.HEADING1).paragraph_format.space_before = Pt(8)
    box = g.add_table(doc, [""], [156], [[""]])
    box.rows[0]._tr.getparent().remove(box.rows[0]._tr)  # no header row: one tall box to write in
    box.rows[0].height = Mm(48)
    contact = "，".join(x for x in (meeting.get("contact") and f"联系人：{meeting['contact']}",
                                     meeting.get("phone") and f"电话：{meeting['phone']}") if x)
    lines = ["单位（可不填）：＿＿＿＿＿＿＿＿＿", "姓名（可不填）：＿＿＿＿＿＿＿＿＿"] + ([f"会务组{contact}"] if contact else [])
    _footer(doc, lines, url)
    from .paragraphs import styled_paragraphs

    for para, style in styled_paragraphs(doc):  # the body's grid spacing would push the form onto a second page
        if style in (g.BODY, g.RECIPIENTS, g.CENTERED):
            para.paragraph_format.line_spacing = Pt(24)
    return save_document(doc, out_dir, filename)


def _footer(doc, lines: list[str], url: str) -> None:
    """Who filled it in (optional) on the left; the QR code to the web page on the right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Mm(116), Mm(40))
    for col, width in zip(table.columns, widths):
        col.width = width
    left, right = table.rows[0].cells
    for cell, width in zip((left, right), widths):
        cell.width = width
    left.paragraphs[0].style = doc.styles[g.RECIPIENTS]
    left.paragraphs[0].paragraph_format.space_before = Pt(10)
    left.paragraphs[0].add_run(lines[0])
    for line in lines[1:]:
        left.add_paragraph(line, style=g.RECIPIENTS)
    for para in left.paragraphs:
        para.paragraph_format.line_spacing = Pt(26)
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if url:
        _qr_code(right, url)
    table.autofit = False  # one w:tblLayout "fixed", in its schema slot (a second one fails validation)


def _qr_code(cell, url: str) -> None:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    para = cell.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run().add_picture(buffer, width=Mm(30))
    for text, size in (("扫码在手机上填写", 10.5), (url, 8)):
        caption = cell.add_paragraph(style=g.TABLE_TEXT)
        caption.add_run(text).font.size = Pt(size)
