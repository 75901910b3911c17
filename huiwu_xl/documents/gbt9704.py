"""GB/T 9704-2012 《党政机关公文格式》 page geometry and paragraph styles for python-docx.

A4, margins top 37 / bottom 35 / left 28 / right 26 mm (版心 156 × 225 mm), a document grid of
22 lines × 28 characters, 3号仿宋 body, 2号小标宋 title, 黑体/楷体 headings, Times New Roman for
digits and Latin, and "— 1 —" page numbers (4号宋体, odd pages right, even pages left).

Font names stay as Word expects them; fontTable.xml names a common Windows alternative for each
(w:altName) and marks them GB2312 so a machine without the 公文 fonts still picks a Chinese face.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING1 = "黑体"
FONT_HEADING2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"
FONT_LATIN = "Times New Roman"
# Fallback per font, as w:altName in fontTable.xml: the faces every Chinese Windows has.
FONT_FALLBACKS = {
    FONT_TITLE: "宋体",
    FONT_BODY: "仿宋",
    FONT_HEADING1: "SimHei",
    FONT_HEADING2: "楷体",
    FONT_PAGE_NUMBER: "SimSun",
}

RED = "E60012"  # the red of 版头 and seal in printed 公文

# Chinese type sizes (字号) in points.
SIZE_S0 = 36.0  # 小初: the 发文机关标志
SIZE_2 = 22.0  # 二号
SIZE_3 = 16.0  # 三号
SIZE_4 = 14.0  # 四号
SIZE_S4 = 12.0  # 小四

# Style names. Built-in names for title and headings so Word's navigation pane and outline work.
TITLE = "Title"
BODY = "Normal"
HEADING1 = "Heading 1"  # 一、  黑体
HEADING2 = "Heading 2"  # （一） 楷体
HEADING3 = "Heading 3"  # 1.   仿宋 (bold-free, as body)
RECIPIENTS = "主送"
SIGNATURE = "署名"
DATE = "成文日期"
ATTACHMENT_NOTE = "附件说明"
ATTACHMENT_MARK = "附件标识"
ATTACHMENT_TITLE = "附件标题"
TABLE_TEXT = "表格文字"
TABLE_HEADER = "表头文字"
PAGE_NUMBER = "页码"
NOTE = "附注"
DOC_NUMBER = "发文字号"
ISSUER = "发文机关标志"
CENTERED = "居中文字"
IMPRINT = "版记"
TABLE_CAPTION = "表题"
CUSTOM_STYLE_IDS = {
    IMPRINT: "Imprint",
    TABLE_CAPTION: "TableCaption",
    RECIPIENTS: "Recipients",
    SIGNATURE: "Signature",
    DATE: "IssueDate",
    ATTACHMENT_NOTE: "AttachmentNote",
    ATTACHMENT_MARK: "AttachmentMark",
    ATTACHMENT_TITLE: "AttachmentTitle",
    TABLE_TEXT: "TableText",
    TABLE_HEADER: "TableHeader",
    PAGE_NUMBER: "PageNumber",
    NOTE: "Note",
    DOC_NUMBER: "DocNumber",
    ISSUER: "IssuerMark",
    CENTERED: "Centered",
}

TWIPS_PER_MM = 1440 / 25.4


def mm_to_twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


@dataclass(frozen=True)
class PageGeometry:
    """The page and its text block (版心) in twips, with the document grid derived from them."""

    width_mm: float = 210
    height_mm: float = 297
    top_mm: float = 37
    bottom_mm: float = 35
    left_mm: float = 28
    right_mm: float = 26
    lines: int = 22
    chars: int = 28
    font_pt: float = SIZE_3
    page_number_gap_mm: float = 7  # 页码 top edge below the 版心
    page_number_pt: float = SIZE_4
    # "lines": 22 lines from the grid, 28 characters from the condensed 3号 glyphs (see `condense`).
    # "linesAndChars" makes Word snap to the 28-character grid too, but LibreOffice 7.4 then breaks
    # lines holding full-width punctuation after ~14 characters.
    grid_type: str = "lines"

    @property
    def width(self) -> int:
        return mm_to_twips(self.width_mm)

    @property
    def height(self) -> int:
        return mm_to_twips(self.height_mm)

    @property
    def text_width(self) -> int:
        return self.width - mm_to_twips(self.left_mm) - mm_to_twips(self.right_mm)

    @property
    def text_height(self) -> int:
        return self.height - mm_to_twips(self.top_mm) - mm_to_twips(self.bottom_mm)

    @property
    def line_pitch(self) -> int:
        """w:docGrid/@w:linePitch in twips: the largest pitch that still fits `lines` lines."""
        return self.text_height // self.lines

    @property
    def char_space(self) -> int:
        """w:docGrid/@w:charSpace: the pitch minus the default font size, in 1/4096 pt.

        Word lays `chars` characters per line when (font + charSpace/4096) × chars fits the text
        width; floor keeps the 28th character on the line.
        """
        pitch_pt = self.text_width / 20 / self.chars
        return math.floor((pitch_pt - self.font_pt) * 4096)

    @property
    def condense(self) -> int:
        """Character spacing (w:spacing, 1/20 pt) that narrows a 3号 glyph to the grid pitch.

        16 pt is wider than 156 mm / 28 (GB/T 9704 counts 3号 as the traditional 15.75 pt), so
        unless the glyphs are narrowed by 0.25 pt a line holds 27 characters; with a character
        grid LibreOffice would even give each glyph two cells.
        """
        return -math.ceil(self.font_pt * 20 - self.text_width / self.chars)

    @property
    def char_width(self) -> int:
        """One 字 on this grid, in twips (for indents given in twips)."""
        return math.floor((self.font_pt + self.char_space / 4096) * 20)

    @property
    def footer_distance(self) -> int:
        """Page bottom → bottom of the page-number line, so its top sits 7 mm under the 版心."""
        line = round(self.page_number_pt * 20 * 1.15)
        return mm_to_twips(self.bottom_mm - self.page_number_gap_mm) - line


GEOMETRY = PageGeometry()


def new_document(page_numbers: bool = True) -> DocumentObject:
    """An empty A4 document with GB/T 9704 page setup, styles and (optionally) page numbers."""
    from .render import tidy_package

    doc = Document()
    setup_document(doc, page_numbers=page_numbers)
    tidy_package(doc)
    return doc


def setup_document(doc: DocumentObject, page_numbers: bool = True, geometry: PageGeometry = GEOMETRY) -> None:
    _set_doc_defaults(doc)
    install_styles(doc, geometry)
    _register_fonts(doc)
    for section in doc.sections:
        apply_page_setup(section, geometry)
    if page_numbers:
        add_page_numbers(doc)


def apply_page_setup(section, geometry: PageGeometry = GEOMETRY) -> None:
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Twips(geometry.width)
    section.page_height = Twips(geometry.height)
    section.top_margin = Twips(mm_to_twips(geometry.top_mm))
    section.bottom_margin = Twips(mm_to_twips(geometry.bottom_mm))
    section.left_margin = Twips(mm_to_twips(geometry.left_mm))
    section.right_margin = Twips(mm_to_twips(geometry.right_mm))
    section.gutter = Twips(0)
    section.header_distance = Twips(mm_to_twips(15))
    section.footer_distance = Twips(geometry.footer_distance)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    for attr in list(grid.attrib):
        del grid.attrib[attr]
    grid.set(qn("w:type"), geometry.grid_type)
    grid.set(qn("w:linePitch"), str(geometry.line_pitch))
    grid.set(qn("w:charSpace"), str(geometry.char_space))


# --------------------------------------------------------------------------------------- fonts
def set_fonts(rpr_owner, east_asia: str, latin: str = FONT_LATIN) -> None:
    """Set w:rFonts on a run, a style or a w:rPr element: East Asian face plus Latin/digit face."""
    rpr = rpr_owner if rpr_owner.tag == qn("w:rPr") else rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):  # theme attributes would override the explicit faces
        del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _set_doc_defaults(doc: DocumentObject) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, FONT_BODY)
    _set_val(rpr, "w:sz", str(round(SIZE_3 * 2)))
    _set_val(rpr, "w:szCs", str(round(SIZE_3 * 2)))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)


def _set_val(parent, tag: str, value: str):
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    el.set(qn("w:val"), value)
    return el


def _register_fonts(doc: DocumentObject) -> None:
    """Add fontTable entries (GB2312 charset, alternative name) for the 公文 faces."""
    from lxml import etree

    part = next((p for p in doc.part.package.parts if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    existing = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt in FONT_FALLBACKS.items():
        if name in existing:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, val in (("w:altName", alt), ("w:charset", "86"), ("w:family", "modern" if name == FONT_HEADING1 else "roman"), ("w:pitch", "variable")):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), val)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# -------------------------------------------------------------------------------------- styles
def install_styles(doc: DocumentObject, geometry: PageGeometry = GEOMETRY) -> None:
    """Define (or redefine) every style the templates use."""
    pitch = geometry.line_pitch
    body = dict(font=FONT_BODY, size=SIZE_3, line=pitch, condense=geometry.condense, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    grid_font = dict(size=SIZE_3, line=pitch, condense=geometry.condense)
    _style(doc, BODY, **body, first_line_chars=2, geometry=geometry)
    # Larger type leaves the character grid (snapToGrid 0), else LibreOffice gives each glyph two cells.
    _style(doc, TITLE, font=FONT_TITLE, size=SIZE_2, line=pitch, align=WD_ALIGN_PARAGRAPH.CENTER, after=pitch, keep_next=True, grid=False)
    _style(doc, HEADING1, font=FONT_HEADING1, **grid_font, first_line_chars=2, geometry=geometry, keep_next=True, outline=0)
    _style(doc, HEADING2, font=FONT_HEADING2, **grid_font, first_line_chars=2, geometry=geometry, keep_next=True, outline=1)
    _style(doc, HEADING3, **body, first_line_chars=2, geometry=geometry, keep_next=True, outline=2)
    _style(doc, RECIPIENTS, **body)
    _style(doc, SIGNATURE, **{**body, "align": WD_ALIGN_PARAGRAPH.RIGHT}, right_chars=2, geometry=geometry, before=pitch, keep_next=True)
    # 附件说明, 署名, 日期 and 附注 stay on one page: a 附注 alone on the last page looks lost.
    _style(doc, DATE, **{**body, "align": WD_ALIGN_PARAGRAPH.RIGHT}, right_chars=2, geometry=geometry, keep_next=True)
    _style(doc, ATTACHMENT_NOTE, **body, before=pitch, first_line_chars=2, geometry=geometry, keep_next=True)
    _style(doc, NOTE, **body, first_line_chars=2, geometry=geometry)
    # 版头 (GB/T 9704 §7.2): the red 发文机关标志 35 mm into the 版心, 发文字号 two lines below it,
    # the red line 4 mm under the number, the title two lines below the line.
    _style(doc, ISSUER, font=FONT_TITLE, size=SIZE_S0, line=None, align=WD_ALIGN_PARAGRAPH.CENTER, before=mm_to_twips(30),
           after=2 * pitch, keep_next=True, grid=False, color=RED)
    _style(doc, DOC_NUMBER, **{**body, "align": WD_ALIGN_PARAGRAPH.CENTER}, after=2 * pitch, keep_next=True, rule_below=RED)
    _style(doc, CENTERED, **{**body, "align": WD_ALIGN_PARAGRAPH.CENTER})
    _style(doc, ATTACHMENT_MARK, font=FONT_HEADING1, **grid_font, keep_next=True, page_break_before=True)
    _style(doc, ATTACHMENT_TITLE, font=FONT_TITLE, size=SIZE_2, line=pitch, align=WD_ALIGN_PARAGRAPH.CENTER, before=pitch, after=pitch, keep_next=True, grid=False)
    _style(doc, TABLE_TEXT, font=FONT_BODY, size=SIZE_S4, line=None, align=WD_ALIGN_PARAGRAPH.CENTER, grid=False)
    _style(doc, TABLE_HEADER, font=FONT_HEADING1, size=SIZE_S4, line=None, align=WD_ALIGN_PARAGRAPH.CENTER, grid=False, keep_next=True)
    _style(doc, PAGE_NUMBER, font=FONT_PAGE_NUMBER, latin=FONT_PAGE_NUMBER, size=SIZE_4, line=None, grid=False)
    for name in ("Header", "Footer"):
        _style(doc, name, font=FONT_BODY, size=SIZE_4, line=None, grid=False)
    _style(doc, IMPRINT, font=FONT_BODY, size=SIZE_4, line=pitch, align=WD_ALIGN_PARAGRAPH.LEFT, grid=False)
    # A table's own title in its first (repeated) row: the 类别 of a sign-in sheet, on every page it runs over.
    _style(doc, TABLE_CAPTION, font=FONT_HEADING1, size=SIZE_4, line=None, align=WD_ALIGN_PARAGRAPH.LEFT, grid=False,
           before=60, after=60)


def _style(
    doc: DocumentObject,
    name: str,
    *,
    font: str,
    size: float,
    line: int | None,
    latin: str = FONT_LATIN,
    align=None,
    first_line_chars: int = 0,
    right_chars: int = 0,
    geometry: PageGeometry = GEOMETRY,
    before: int = 0,
    after: int = 0,
    keep_next: bool = False,
    outline: int | None = None,
    grid: bool = True,
    condense: int = 0,
    page_break_before: bool = False,
    color: str = "000000",
    rule_below: str | None = None,  # a full-width line under the paragraph, in this colour
):
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = CUSTOM_STYLE_IDS.get(name, name.replace(" ", ""))
        style.quick_style = True
    el = style.element
    for tag in ("w:pPr", "w:rPr"):
        old = el.find(qn(tag))
        if old is not None:
            el.remove(old)
    style.base_style = None if name == BODY else doc.styles[BODY]
    style.next_paragraph_style = doc.styles[BODY] if name != BODY else style

    pf = style.paragraph_format
    pf.space_before = Twips(before)
    pf.space_after = Twips(after)
    pf.keep_with_next = keep_next
    pf.page_break_before = page_break_before
    if line is None:
        pf.line_spacing = 1.0
    else:
        pf.line_spacing = Twips(line)  # exact: 22 lines a page even where the grid is ignored
    if align is not None:
        pf.alignment = align
    ppr = el.get_or_add_pPr()
    # Every style states its indents, so none inherits the body's first-line indent by accident.
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), "0")
    ind.set(qn("w:right"), str(right_chars * geometry.char_width))
    if right_chars:
        ind.set(qn("w:rightChars"), str(right_chars * 100))
    ind.set(qn("w:firstLine"), str(first_line_chars * geometry.char_width))
    ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
    ppr.append(ind)
    if rule_below:  # GB/T 9704 §7.2.4: the red separator 4 mm below the 发文字号, as wide as the 版心
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("val", "single"), ("sz", "12"), ("space", "11"), ("color", rule_below)):
            bottom.set(qn(f"w:{key}"), value)
        border.append(bottom)
        ppr.append(border)
    if not grid:
        _set_val(ppr, "w:snapToGrid", "0")
    if outline is not None:
        _set_val(ppr, "w:outlineLvl", str(outline))
    _reorder_ppr(ppr)

    rpr = el.get_or_add_rPr()
    set_fonts(rpr, font, latin)
    _set_val(rpr, "w:b", "0")
    _set_val(rpr, "w:i", "0")
    _set_val(rpr, "w:color", color)
    _set_val(rpr, "w:spacing", str(condense))  # 0 stops table/footer styles inheriting the body's
    _set_val(rpr, "w:sz", str(round(size * 2)))
    _set_val(rpr, "w:szCs", str(round(size * 2)))
    _reorder_rpr(rpr)
    return style


# Schema order inside w:pPr / w:rPr (CT_PPrBase / CT_RPr) for the children we write.
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "pBdr", "snapToGrid", "spacing", "ind", "jc", "outlineLvl")
_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "color", "spacing", "sz", "szCs", "lang")


def _reorder(parent, order) -> None:
    def rank(child):
        local = child.tag.split("}")[-1]
        return order.index(local) if local in order else len(order)

    children = sorted(parent, key=rank)
    for child in children:
        parent.remove(child)
        parent.append(child)


def _reorder_ppr(ppr) -> None:
    _reorder(ppr, _PPR_ORDER)


def _reorder_rpr(rpr) -> None:
    _reorder(rpr, _RPR_ORDER)


# -------------------------------------------------------------------------------- page numbers
def add_page_numbers(doc: DocumentObject, geometry: PageGeometry = GEOMETRY) -> None:
    """"— 1 —" in 4号宋体: odd pages flush right 空一字, even pages flush left 空一字."""
    doc.settings.odd_and_even_pages_header_footer = True
    one_char = round(geometry.page_number_pt * 20)
    for section in doc.sections:
        for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            for run in list(para.runs):
                run._r.getparent().remove(run._r)
            para.style = doc.styles[PAGE_NUMBER]
            para.alignment = align
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                para.paragraph_format.right_indent = Twips(one_char)
            else:
                para.paragraph_format.left_indent = Twips(one_char)
            para.add_run("— ")
            _add_field(para, "PAGE", "1")
            para.add_run(" —")


def _add_field(paragraph, instruction: str, placeholder: str) -> None:
    def fld(kind: str):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    fld("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld("separate")
    paragraph.add_run(placeholder)
    fld("end")


# ---------------------------------------------------------------------------------- 版记
THICK_RULE = 8  # eighths of a point: 1 pt ≈ 0.35 mm, the first and last 版记 lines
THIN_RULE = 6  # 0.75 pt ≈ 0.25 mm, the line between 抄送 and 印发机关


def new_page_section(doc: DocumentObject):
    """A section on a new page with its own footers (page numbers running on). The paragraph that
    ends the previous section is made one twip high, so it never spills onto a page of its own."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    carrier = doc.element.body.findall(qn("w:p"))[-1]
    ppr = carrier.get_or_add_pPr()
    spacing = OxmlElement("w:spacing")
    for key, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(qn(f"w:{key}"), value)
    ppr.insert_element_before(spacing, "w:ind", "w:jc", "w:rPr", "w:sectPr")
    mark = OxmlElement("w:rPr")
    _set_val(mark, "w:sz", "2")
    ppr.insert_element_before(mark, "w:sectPr")
    add_page_numbers(doc)
    return section


def add_imprint(section, rows: list[tuple], geometry: PageGeometry = GEOMETRY) -> None:
    """The 版记 (GB/T 9704-2012 §7.4) above the page number in the section's footers.

    A footer is the one place every renderer puts at the bottom of the page: the 版记's closing
    line lands on the 版心's bottom edge (the page number stays 7 mm below it) and the text above
    gives way. So the section should hold one page — the last. `rows` are (kind, texts): "cc"
    (抄送, between a thick and a thin line), "issued" (印发机关 left, 印发日期 right, between thick
    lines), "issued-after-cc" (the same under 抄送), "tag" (a docxtpl row tag, no lines)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    width = geometry.text_width
    one = round(SIZE_4 * 20)  # 一字 of 4号
    borders = {"cc": (THICK_RULE, THIN_RULE), "issued": (THICK_RULE, THICK_RULE), "issued-after-cc": (None, THICK_RULE), "tag": (None, None)}

    def cell(kind: str, texts: tuple) -> str:
        top, bottom = borders[kind]
        edges = "".join(f'<w:{side} w:val="single" w:sz="{sz}" w:space="0" w:color="000000"/>'
                        for side, sz in (("top", top), ("bottom", bottom)) if sz)
        ppr = f'<w:pStyle w:val="{CUSTOM_STYLE_IDS[IMPRINT]}"/>'
        if kind == "cc":  # a second line starts under the first organ, after "抄送："
            ppr += f'<w:ind w:left="{3 * one}" w:hanging="{3 * one}"/>'
        elif kind != "tag":  # 印发日期 flush right in the cell (右空一字 by the cell margin)
            ppr += f'<w:tabs><w:tab w:val="right" w:pos="{width - 2 * one}"/></w:tabs>'
        runs = f"<w:r><w:t>{_xml_text(texts[0])}</w:t></w:r>"
        if len(texts) > 1:
            runs += f"<w:r><w:tab/><w:t>{_xml_text(texts[1])}</w:t></w:r>"
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>' + (f"<w:tcBorders>{edges}</w:tcBorders>" if edges else "")
                + f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p></w:tc>')

    body = "".join(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cell(kind, texts)}</w:tr>" for kind, *texts in rows)
    xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{one}" w:type="dxa"/><w:right w:w="{one}" w:type="dxa"/>'
           f'</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>{body}</w:tbl>')
    for footer in (section.footer, section.even_page_footer):
        number = footer.paragraphs[0]
        number._p.addprevious(parse_xml(xml))
        number.paragraph_format.space_before = Twips(mm_to_twips(geometry.page_number_gap_mm))


def add_caption_row(table, text: str) -> None:
    """A first row spanning the table, repeated with the header on every page the table runs over
    (so a list continued on the next page still says which group it is), without side lines."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    columns = len(table.columns)
    width = sum(int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol")))
    nil = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "right"))
    row = parse_xml(
        f'<w:tr {nsdecls("w")}><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
        f'<w:gridSpan w:val="{columns}"/><w:tcBorders>{nil}</w:tcBorders><w:vAlign w:val="bottom"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{CUSTOM_STYLE_IDS[TABLE_CAPTION]}"/></w:pPr><w:r><w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r></w:p>'
        "</w:tc></w:tr>"
    )
    table.rows[0]._tr.addprevious(row)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ------------------------------------------------------------------------------ small helpers
def add(doc_or_cell, text: str = "", style: str = BODY):
    """A paragraph holding `text` as a single run (so Jinja tags are never split)."""
    para = doc_or_cell.add_paragraph(style=style)
    if text:
        para.add_run(text)
    return para


def page_break(doc: DocumentObject) -> None:
    para = doc.add_paragraph(style=BODY)
    para.paragraph_format.first_line_indent = Twips(0)
    para.add_run().add_break(WD_BREAK.PAGE)


def add_table(doc_or_cell, headers: list[str], widths_mm: list[float], rows: list[list[str]], row_height_mm: float | None = None):
    """A bordered table: a header row repeated on every page, then `rows` (one run per cell, so
    docxtpl's `{%tr %}` tags stay whole), fixed column widths adding up to the 版心 at most."""
    from docx.enum.table import WD_TABLE_ALIGNMENT, WD_ROW_HEIGHT_RULE
    from docx.shared import Mm

    table = doc_or_cell.add_table(rows=0, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for values, style in [(headers, TABLE_HEADER)] + [(r, TABLE_TEXT) for r in rows]:
        row = table.add_row()
        if style == TABLE_HEADER:
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:tblHeader"))
        elif row_height_mm and not (values and str(values[0]).startswith("{%tr")):
            row.height = Mm(row_height_mm)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, value, width in zip(row.cells, list(values) + [""] * len(headers), widths_mm):
            cell.width = Mm(width)
            para = cell.paragraphs[0]
            para.style = style
            if value:
                para.add_run(str(value))
            _vertical_center(cell)
    for col, width in zip(table.columns, widths_mm):
        col.width = Mm(width)
    set_cell_margins(table)
    return table


def _vertical_center(cell) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    v = OxmlElement("w:vAlign")
    v.set(qn("w:val"), "center")
    tc_pr.append(v)


def set_cell_margins(table, left_twips: int = 60, right_twips: int = 60) -> None:
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side, val in (("left", left_twips), ("right", right_twips)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(val))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.insert_element_before(mar, "w:tblLook", "w:tblCaption", "w:tblDescription")  # CT_TblPr order



CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (for 一、 and （一） headings; 1–99)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
