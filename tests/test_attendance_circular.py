"""核对考勤 end to end: the statuses in 考勤结果.xlsx match who the 通报 names, and where."""
from __future__ import annotations

import openpyxl
import pytest
from conftest import needs_cjk_font, needs_pdftotext, needs_soffice, sections

from huiwu_xl.cli import main
from huiwu_xl.documents.render import docx_to_pdf, pdf_text

HEADING_OF = {"擅自代会": "擅自安排他人代会", "旷会": "无故缺席（旷会）", "迟到": "迟到", "早退": "早退", "迟到早退": "迟到且早退"}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    from huiwu_xl.demo import write_demo_workbook

    folder = tmp_path_factory.mktemp("attendance")
    path = write_demo_workbook(folder / "会议.xlsx")
    assert main(["attendance", str(path), "--out", str(folder / "out")]) == 0
    rows = list(openpyxl.load_workbook(folder / "out" / "考勤结果.xlsx")["考勤结果"].iter_rows(values_only=True))
    header = rows[1]
    people = [dict(zip(header, r)) for r in rows[2:]]
    return folder / "out" / "会议考勤通报.docx", people


def test_every_violator_under_the_heading_of_their_kind_and_no_excused_person(outputs):
    docx, people = outputs
    found = sections(docx)
    kinds = {h: "".join(found[h]) for h in found if h.startswith("（")}
    for person in people:
        status = person["状态"]
        holding = [h for h, text in kinds.items() if f"：{person['姓名']}（" in text or f"、{person['姓名']}（" in text]
        if status in HEADING_OF:
            assert len(holding) == 1 and HEADING_OF[status] in holding[0], (person, holding)
            assert person["单位"] in kinds[holding[0]]
        else:
            assert holding == [], (person, holding)
    overall = "".join(found["二、总体到会情况"])
    for person in people:
        if person["状态"] in ("请假", "代会"):
            assert person["姓名"] in overall


@needs_soffice
@needs_pdftotext
@needs_cjk_font
def test_rendered_circular_names_the_violators(outputs, tmp_path):
    from huiwu_xl.documents.plates import load_pymupdf

    docx, people = outputs
    pdf = docx_to_pdf(docx, tmp_path)
    text = "".join(pdf_text(pdf).split())
    # The text layer alone would pass with boxes for glyphs: the Chinese must be set in a Chinese font.
    page = load_pymupdf().open(pdf)[0]
    fonts = {span["font"] for span in page.get_texttrace() if any(0x4E00 <= ch[0] <= 0x9FFF for ch in span["chars"])}
    assert fonts and all("CJK" in f or "Song" in f or "Hei" in f or "Kai" in f or "Fang" in f for f in fonts), fonts
    for person in people:
        if person["状态"] in HEADING_OF or person["状态"] in ("请假", "代会"):
            assert person["姓名"] in text
    assert "关于2026年全旗经济工作会议到会情况的通报" in text
    assert "应到120人，实到100人" in text
