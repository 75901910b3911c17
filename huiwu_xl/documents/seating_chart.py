"""座次图.docx: the podium rows and the hall, as the audience sees them, for the leader's approval."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from ..clean import xml_text

FILE = "座次图.docx"
# Pale fills per 类别, in the category order (cycled when there are more categories).
PALETTE = ("#F8CBAD", "#FFE699", "#C6E0B4", "#BDD7EE", "#D9C3E9", "#F4B6C2", "#B4E5E0", "#DDDDDD")
RESERVED_FILL = "#F2F2F2"


def category_colors(categories: Sequence[str]) -> dict[str, str]:
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(dict.fromkeys(c for c in categories if c))}


@dataclass(frozen=True)
class ChartSeat:
    name: str = ""
    title: str = ""  # 职务, small under the name
    category: str = ""


@dataclass
class Chart:
    title: str  # e.g. 全旗经济工作会议座次图
    podium: list[list[ChartSeat | None]]  # front row first; each row audience-left → right; None = empty seat
    hall: list[list[ChartSeat | None]] = field(default_factory=list)  # front row first
    colors: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    reserved_rows: int = 0


# What may follow w:shd in a cell's and in a run's properties (ECMA-376 CT_TcPr, CT_RPr).
_AFTER_CELL_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_AFTER_RUN_SHD = ("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _shading(properties, color: str, successors: tuple[str, ...]) -> None:
    """A fill, inserted where the schema wants it (Word may ignore properties out of order)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color.lstrip("#"))
    properties.insert_element_before(shading, *successors)


def _shade(cell, color: str) -> None:
    _shading(cell._tc.get_or_add_tcPr(), color, _AFTER_CELL_SHD)


def _font(run, size: float, bold: bool = False, family: str | None = None, color: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.size = Pt(size)
    run.font.bold = bold
    if family:
        run.font.name = family
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), family)
    if color:
        run.font.color.rgb = RGBColor.from_string(color.lstrip("#"))


def _para(container, text: str, size: float, bold=False, family=None, align="center", color=None, after=0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = container.add_paragraph()
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    if text:
        _font(p.add_run(text), size, bold, family, color)
    return p


def _centre(cell) -> None:
    """Centred across and down. Set on the XML directly: python-docx's setters search the schema's
    order of properties each time, a second for the 10,000 seats of a big hall."""
    from docx.oxml.ns import qn

    tc = cell._tc
    tc.get_or_add_tcPr().append(tc.makeelement(qn("w:vAlign"), {qn("w:val"): "center"}))  # nothing may follow vAlign here
    p = tc.find(qn("w:p"))
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = p.makeelement(qn("w:pPr"), {})
        p.insert(0, ppr)
    ppr.append(p.makeelement(qn("w:jc"), {qn("w:val"): "center"}))


def _seat_cell(cell, seat: ChartSeat | None, colors: dict[str, str], name_pt: float, small_pt: float, number: str = "",
               width_pt: float | None = None, with_title: bool = True) -> None:
    _centre(cell)
    first = cell.paragraphs[0]
    if seat is None:
        _font(first.add_run("（空位）"), small_pt, color="808080")
        return
    if seat.name:
        size = min(name_pt, width_pt / len(seat.name)) if width_pt else name_pt  # the whole name, never cut
        _font(first.add_run(seat.name), max(size, 4), bold=True)
        if seat.title and with_title:
            _para(cell, seat.title, small_pt, color="404040")
    elif number:
        _font(first.add_run(number), small_pt, color="A6A6A6")
    if seat.category and seat.category in colors:
        _shade(cell, colors[seat.category])


def _fixed_table(doc, rows: int, widths_cm: Sequence[float]):
    """A table whose column widths Word and LibreOffice both keep."""
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=rows, cols=len(widths_cm))
    table.style = "Table Grid"
    table.alignment = 1
    table.autofit = False
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    # Cell by cell in the XML: python-docx's column.cells lays the whole table out again per column.
    twips = [str(Cm(width).twips) for width in widths_cm]
    for tr in table._tbl.iterchildren(qn("w:tr")):
        for tc, w in zip(tr.iterchildren(qn("w:tc")), twips):
            tc_w = tc.get_or_add_tcPr().get_or_add_tcW()
            tc_w.set(qn("w:w"), w)
            tc_w.set(qn("w:type"), "dxa")
    return table


def _row_height(row, cm: float, exact: bool = True) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Cm

    row.height = Cm(cm)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST


def _legend(doc, colors: dict[str, str], used: list[str]) -> None:
    p = _para(doc, "", 9, align="left", after=2)
    _font(p.add_run("图例："), 9, bold=True)
    for category in used:
        run = p.add_run(f" {category} ")
        _font(run, 9)
        _shading(run._element.get_or_add_rPr(), colors[category], _AFTER_RUN_SHD)
        p.add_run("  ")


def xml_safe(chart: Chart) -> Chart:
    """The chart with every text fit for XML (clean.xml_text): python-docx refuses control characters."""
    def seat(s: ChartSeat | None) -> ChartSeat | None:
        return None if s is None else ChartSeat(xml_text(s.name), xml_text(s.title), xml_text(s.category))

    return Chart(xml_text(chart.title), [[seat(s) for s in row] for row in chart.podium],
                 [[seat(s) for s in row] for row in chart.hall], {xml_text(k): v for k, v in chart.colors.items()},
                 [xml_text(n) for n in chart.notes], chart.reserved_rows)


def render_seating_chart(chart: Chart, out_dir: Path, filename: str = FILE, font: str = "黑体") -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    from .render import save_document

    chart = xml_safe(chart)
    doc = Document()
    normal = doc.styles["Normal"].paragraph_format
    normal.space_before = normal.space_after = Cm(0)
    normal.line_spacing = 1.0
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    section.top_margin = section.bottom_margin = Cm(1.2)
    width = 29.7 - 3.0

    _para(doc, chart.title, 20, bold=True, family=font, after=2)
    _para(doc, "观众视角（面向主席台）：左右均指台下观众的左右，座号从观众左侧起编", 10.5, color="C00000", after=6)

    if chart.podium:
        _para(doc, "主 席 台", 14, bold=True, family=font, after=2)
        for number in range(len(chart.podium), 0, -1):  # back row at the top, front row nearest the audience
            row = chart.podium[number - 1]
            seat_w = min(3.2, width / max(len(row), 1))
            _para(doc, f"第{number}排" + ("（前排）" if number == 1 and len(chart.podium) > 1 else ""), 8, color="595959")
            table = _fixed_table(doc, 1, [seat_w] * len(row))
            for cell, seat in zip(table.rows[0].cells, row):
                _seat_cell(cell, seat, chart.colors, 12, 7.5)
        _para(doc, "▲ 台口 ▲", 9, color="808080", after=4)
    else:
        _para(doc, "（名单中没有座区为“主席台”的人员）", 10.5, color="808080", after=4)

    if chart.hall:
        _para(doc, "会 场（台下）", 14, bold=True, family=font, after=2)
        seats = max(len(r) for r in chart.hall)
        name_pt = 8 if seats <= 16 else 6.5 if seats <= 26 else 5
        seat_w = (width - 1.3) / max(seats, 1)
        table = _fixed_table(doc, len(chart.hall) + 1, [1.3] + [seat_w] * seats)
        row_cm = 0.42 if len(chart.hall) <= 22 else 0.34
        rows = list(table.rows)  # table.rows[i] lists every row each time
        header = rows[0].cells
        _row_height(rows[0], row_cm)
        _font(header[0].paragraphs[0].add_run("排＼座"), 6.5, bold=True)
        for s in range(1, seats + 1):
            header[s].paragraphs[0].alignment = 1
            _font(header[s].paragraphs[0].add_run(str(s)), 6.5, bold=True)
        seat_pt = seat_w * 28.35 - 12  # the cell's width in points, less its margins
        for r, row in enumerate(chart.hall, start=1):
            named = any(seat and seat.name for seat in row)
            _row_height(rows[r], row_cm, exact=not named)  # a row with names grows to show them
            cells = rows[r].cells
            _font(cells[0].paragraphs[0].add_run(f"第{r}排"), 6.5, bold=True)
            for s, seat in enumerate(row, start=1):
                _seat_cell(cells[s], seat or ChartSeat(), chart.colors, name_pt, 6, width_pt=seat_pt, with_title=False)
                if r <= chart.reserved_rows and not (seat and seat.category in chart.colors):
                    _shade(cells[s], RESERVED_FILL)

    used = [c for c in chart.colors if any(seat and seat.category == c for rows in (chart.podium, chart.hall) for row in rows for seat in row)]
    if used:
        _legend(doc, chart.colors, used)
    for note in chart.notes:
        _para(doc, note, 9, align="left", color="404040")
    return save_document(doc, Path(out_dir), filename)
