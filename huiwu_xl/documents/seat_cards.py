"""座位卡.docx: numbered hall seat cards, eight to an A4 sheet, with dashed cut lines.

Cards run in the order they are handed out at the door (left to right, top to bottom, page by
page), each with its issue number, so a cut stack stays in order.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from . import rawdocx

FILE = "座位卡.docx"


@dataclass(frozen=True)
class CardLayout:
    width_mm: float = 210.0
    height_mm: float = 297.0
    margin_mm: float = 10.0
    columns: int = 2
    rows: int = 4
    label_pt: float = 30.0
    font: str = "黑体"

    @property
    def card_mm(self) -> tuple[float, float]:
        w = (self.width_mm - 2 * self.margin_mm) / self.columns
        h = (self.height_mm - 2 * self.margin_mm - 1.5) / self.rows  # a little slack so rows never spill
        return w, h


CUT = '<w:{side} w:val="dashed" w:sz="4" w:space="0" w:color="808080"/>'


def _run(text: str, half_points: int, bold: bool = False, color: str | None = None) -> str:
    # CT_RPr order: b, bCs, …, color, …, sz, szCs — Word may ignore properties out of order.
    props = ("<w:b/><w:bCs/>" if bold else "") + (f'<w:color w:val="{color}"/>' if color else "")
    props += f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{rawdocx.text(text)}</w:t></w:r>'


def _para(runs: str, after_pt: float = 0) -> str:
    return f'<w:p><w:pPr><w:spacing w:before="0" w:after="{round(after_pt * 20)}"/><w:jc w:val="center"/></w:pPr>{runs}</w:p>'


def _cell(width: int, content: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{content}</w:tc>'


def _card(label: str, number: int, meeting: str, layout: CardLayout) -> str:
    parts = []
    if meeting:
        parts.append(_para(_run(meeting, 20, color="595959"), after_pt=8))
    parts.append(_para(_run(label, round(layout.label_pt * 2), bold=True), after_pt=8))
    parts.append(_para(_run("请凭此卡对号入座", 21)))
    parts.append(_para(_run(f"发放序号 {number:04d}", 16, color="808080")))
    return "".join(parts)


def render_seat_cards(labels: Sequence[str], out_dir: Path, meeting: str = "", layout: CardLayout = CardLayout(),
                      filename: str = FILE) -> Path:
    """Writes one card per label, in the given order; returns the path written."""
    card_w, card_h = layout.card_mm
    w = round(card_w * rawdocx.TWIPS_PER_MM)
    h = round(card_h * rawdocx.TWIPS_PER_MM)
    borders = "".join(CUT.format(side=s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for _ in range(layout.columns))
    head = (
        f'<w:tbl><w:tblPr><w:tblW w:w="{w * layout.columns}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    )
    empty = _para("")
    rows = []
    for start in range(0, len(labels), layout.columns):
        cells = [_cell(w, _card(labels[i], i + 1, meeting, layout)) for i in range(start, min(start + layout.columns, len(labels)))]
        cells += [_cell(w, empty)] * (layout.columns - len(cells))
        rows.append(f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{h}" w:hRule="exact"/></w:trPr>{"".join(cells)}</w:tr>')
    tail = '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>'
    body = head + "".join(rows) + "</w:tbl>" + tail if rows else _para(_run("（没有可发放的座位）", 24))
    sect = rawdocx.section(layout.width_mm, layout.height_mm, layout.margin_mm)
    return rawdocx.write_docx(Path(out_dir) / filename, body, sect, layout.font, "座位卡")
