"""The attendance circular (会议考勤通报): structure in Word terms, and what LibreOffice renders."""
from __future__ import annotations

import shutil

import pytest
from conftest import sections
from docx import Document

from huiwu_xl.documents.linebreak import plain
from huiwu_xl.documents.circular import render_circular
from huiwu_xl.documents.render import docx_to_pdf, pdf_text, pdf_to_png

SAMPLE = {
    "meeting": {
        "name": "全旗2026年冬季安全生产工作会议",
        "date_text": "2026年12月3日",
        "time_text": "上午8:30",
        "place": "旗政府第一会议室",
        "host": "××旗人民政府办公室",
        "recipients": "各苏木镇人民政府，旗直各部门（单位）",
        "basis": "《关于进一步严明会议纪律的通知》（×办字〔2018〕2号）",
    },
    "issued_text": "2026年12月4日",
    "scope_text": "各苏木镇、旗直各部门主要负责同志",
    "totals": {"应到": 48, "实到": 42, "请假": 2, "代会": 1, "迟到": 2, "早退": 1, "擅自代会": 1, "旷会": 2, "出席率": "87.5%"},
    "leaves": [
        {"name": "张建国", "unit": "旗发改委", "post": "主任", "reason": "参加上级会议"},
        {"name": "李秀英", "unit": "旗卫健委", "post": "主任", "reason": "因病住院"},
    ],
    "substitutes": [{"name": "王海", "unit": "旗财政局", "post": "局长", "substitute": "赵明", "reason": "因公出差"}],
    "violations": [
        # deliberately out of order: the circular orders kinds itself
        {"kind": "迟到", "title": "迟到", "units": [
            {"unit": "旗农牧局", "people": [{"name": "孙立", "post": "局长", "detail": "迟到12分钟"}]},
            {"unit": "巴彦镇", "people": [{"name": "周强", "post": "镇长", "detail": "迟到6分钟"}]},
        ]},
        {"kind": "擅自代会", "title": "擅自代会", "units": [
            {"unit": "旗交通运输局", "people": [{"name": "吴刚", "post": "局长", "detail": "由办公室主任代会"}]},
        ]},
        {"kind": "早退", "title": "早退", "units": [{"unit": "旗林草局", "people": [{"name": "郑华", "post": "局长", "detail": "早退20分钟"}]}]},
        {"kind": "迟到早退", "title": "迟到早退", "units": []},
        {"kind": "旷会", "title": "无故缺席（旷会）", "units": [
            {"unit": "旗水利局", "people": [{"name": "冯涛", "post": "局长", "detail": ""}, {"name": "陈·巴特尔", "post": "副局长", "detail": ""}]},
        ]},
    ],
    "deadline_text": "12月6日",
}
VIOLATORS = {"擅自代会": ["吴刚"], "无故缺席（旷会）": ["冯涛", "陈·巴特尔"], "迟到": ["孙立", "周强"], "早退": ["郑华"]}
EXCUSED = ["张建国", "李秀英", "王海"]


@pytest.fixture(scope="module")
def circular(tmp_path_factory):
    return render_circular(SAMPLE, tmp_path_factory.mktemp("circular"))


def test_violators_are_named_under_their_kind(circular):
    found = sections(circular)
    kind_headings = [h for h in found if h.startswith("（")]
    assert kind_headings == ["（一）擅自代会（1人）", "（二）无故缺席（旷会）（2人）", "（三）迟到（2人）", "（四）早退（1人）"]
    for heading in kind_headings:
        title = heading[3:heading.rindex("（")]
        text = "".join(found[heading])
        for name in VIOLATORS[title]:
            assert name in text
        for other, names in VIOLATORS.items():
            if other != title:
                assert not any(n in text for n in names), (heading, names)
        for name in EXCUSED:
            assert name not in text
    assert "旗农牧局：孙立（局长，迟到12分钟）。" in found["（三）迟到（2人）"]
    assert "旗水利局：冯涛（局长）、陈·巴特尔（副局长）。" in found["（二）无故缺席（旷会）（2人）"]
    assert not any("迟到早退" in h for h in found)  # an empty kind has no heading


def test_facts_leaves_requirement_and_signature(circular):
    doc = Document(circular)
    texts = [plain(p.text) for p in doc.paragraphs]
    body = "\n".join(texts)
    assert texts[0] == "关于全旗2026年冬季安全生产工作会议\n到会情况的通报"  # a long title breaks at a word
    assert doc.paragraphs[0].style.name == "Title"
    assert texts[1] == "各苏木镇人民政府，旗直各部门（单位）："
    assert "应到48人，实到42人，请假2人，代会1人，迟到2人，早退1人，擅自代会1人，旷会2人，出席率87.5%。" in body
    overall = "".join(sections(circular)["二、总体到会情况"])
    assert "张建国（旗发改委主任）因参加上级会议请假" in overall
    assert "王海（旗财政局局长）因公出差请假，经批准由赵明代会" in overall
    assert "以上人员均按程序履行了请假手续" in overall
    assert "（×办字〔2018〕2号）规定" in body and "于12月6日前向××旗人民政府办公室作出书面情况说明" in body
    assert texts[-2:] == ["××旗人民政府办公室", "2026年12月4日"]
    assert "{{" not in body and "{%" not in body


def test_no_violations_and_missing_optional_keys(tmp_path):
    quiet = {**SAMPLE, "violations": [], "leaves": [], "substitutes": []}
    quiet["meeting"] = {**SAMPLE["meeting"], "recipients": "", "basis": ""}
    texts = [plain(p.text) for p in Document(render_circular(quiet, tmp_path)).paragraphs]
    body = "\n".join(texts)
    assert "未发现擅自代会、无故缺席、迟到、早退" in body
    assert "书面情况说明" not in body and "以上人员均按程序" not in body
    assert texts[1] == "一、会议基本情况"  # no empty 主送 line


def test_open_file_gets_a_new_name(tmp_path):
    (tmp_path / "会议考勤通报.docx").mkdir()  # stands in for a file Word holds open
    written = render_circular(SAMPLE, tmp_path)
    assert written.name == "会议考勤通报(2).docx"
    assert "吴刚" in "\n".join(plain(p.text) for p in Document(written).paragraphs)


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice/poppler not installed")
def test_rendered_pdf_names_everyone(circular, tmp_path):
    pdf = docx_to_pdf(circular, tmp_path)
    text = "".join(pdf_text(pdf).split())  # pdftotext spaces out grid-aligned CJK
    for name in [n for names in VIOLATORS.values() for n in names] + EXCUSED:
        assert name in text
    assert "关于全旗2026年冬季安全生产工作会议到会情况的通报" in text
    assert "—1—" in text
    assert pdf_to_png(pdf, tmp_path / "page")
