"""GB/T 9704 page setup and styles, as Word (python-docx) reads them back; the render helpers."""
from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from huiwu_xl.documents import gbt9704 as g
from huiwu_xl.documents.make_templates import BUILDERS, build
from huiwu_xl.documents.render import TEMPLATES_DIR, render_docx, save_document, split_tags
from huiwu_xl.outputs import write_unlocked


def east_asia(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_geometry_fills_the_text_block():
    geo = g.GEOMETRY
    assert (geo.text_width, geo.text_height) == (8845, 12756)  # 156 × 225 mm in twips
    assert geo.line_pitch * 22 <= geo.text_height < (geo.line_pitch + 1) * 22
    pitch = geo.font_pt + geo.char_space / 4096
    assert 28 * pitch <= geo.text_width / 20 < 29 * pitch
    glyph = geo.font_pt * 20 + geo.condense  # condensed 3号 glyph, twips
    assert 28 * glyph <= geo.text_width < 29 * glyph


def test_page_setup_styles_and_page_numbers(tmp_path):
    doc = g.new_document()
    g.add(doc, "标题", g.TITLE)
    path = save_document(doc, tmp_path, "t.docx")
    doc = Document(path)
    s = doc.sections[0]
    assert [round(x.mm) for x in (s.page_width, s.page_height)] == [210, 297]
    assert [round(x.mm, 1) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579" and int(grid.get(qn("w:charSpace"))) == g.GEOMETRY.char_space
    styles = doc.styles
    assert east_asia(styles["Normal"]) == "仿宋_GB2312" and styles["Normal"].font.size.pt == 16
    assert styles["Normal"].font.name == "Times New Roman"  # digits and Latin
    assert styles["Normal"].paragraph_format.first_line_indent > Mm(10)
    assert styles["Normal"].element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert east_asia(styles["Title"]) == "方正小标宋简体" and styles["Title"].font.size.pt == 22
    assert east_asia(styles["Heading 1"]) == "黑体" and east_asia(styles["Heading 2"]) == "楷体_GB2312"
    assert not styles["Heading 1"].font.bold and styles["Heading 1"].font.color.rgb == (0, 0, 0)
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = s.footer.paragraphs[0], s.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0  # right / left
    for para in (odd, even):
        assert para.text.startswith("— ") and para.text.endswith(" —")
        assert "PAGE" in "".join(t.text for t in para._p.iter(qn("w:instrText")))
        assert east_asia(doc.styles[para.style.name]) == "宋体" and doc.styles[para.style.name].font.size.pt == 14


def test_cn_numbers():
    assert [g.cn_number(n) for n in (1, 9, 10, 11, 20, 25)] == ["一", "九", "十", "十一", "二十", "二十五"]


@pytest.mark.parametrize("template", sorted(BUILDERS))
def test_templates_keep_tags_whole_and_match_their_source(template, tmp_path):
    assert split_tags(TEMPLATES_DIR / template) == []
    (built,) = build([template], tmp_path)

    def texts(path):
        doc = Document(path)
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return [p.text for p in doc.paragraphs] + cells

    assert texts(built) == texts(TEMPLATES_DIR / template), "templates/ is stale: run python -m huiwu_xl.documents.make_templates"


def test_locked_targets_get_the_next_free_name(tmp_path):
    (tmp_path / "a.docx").mkdir()
    (tmp_path / "a(2).docx").mkdir()
    assert write_unlocked(tmp_path / "a.docx", b"x").name == "a(3).docx"
    assert write_unlocked(tmp_path / "b.docx", b"x").name == "b.docx"
    assert write_unlocked(tmp_path / "b.docx", b"y").read_bytes() == b"y"  # unlocked: overwritten


def test_render_fills_tags_and_escapes(tmp_path):
    doc = g.new_document()
    g.add(doc, "{{ who }}和{{ what }}")
    save_document(doc, tmp_path, "tpl.docx")
    out = render_docx("tpl.docx", {"who": "A&B", "what": "<甲>"}, tmp_path / "out", "r.docx", templates_dir=tmp_path)
    assert Document(out).paragraphs[0].text == "A&B和<甲>"
    assert isinstance(out, Path) and out.parent.name == "out"
