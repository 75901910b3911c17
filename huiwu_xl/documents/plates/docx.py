"""座签.docx, the editable copy: each face a Word text box, the upper one rotated 180° (Word
honours it; LibreOffice draws it upright, so the PDF is what gets printed)."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .. import rawdocx
from .layout import A4_TENT, CJK_ASCENT, Face, PlateLayout


# ---------------------------------------------------------------------------------------------
# The editable Word copy
def _run(text: str, size: float, font: str, spacing: float = 0.0) -> str:
    f = rawdocx.text(font).replace('"', "&quot;")
    fonts = f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>'
    half = max(2, round(size * 2))
    props = f"{fonts}<w:sz w:val=\"{half}\"/><w:szCs w:val=\"{half}\"/>"
    if spacing and len(text) > 1:  # CT_RPr order: rFonts, …, spacing, …, sz, szCs
        spaced = f'{fonts}<w:spacing w:val="{round(spacing * 20)}"/><w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        first = f'<w:r><w:rPr>{spaced}</w:rPr><w:t>{rawdocx.text(text[:-1])}</w:t></w:r>'
        return first + f"<w:r><w:rPr>{props}</w:rPr><w:t>{rawdocx.text(text[-1])}</w:t></w:r>"
    return f"<w:r><w:rPr>{props}</w:rPr><w:t xml:space=\"preserve\">{rawdocx.text(text)}</w:t></w:r>"


def _para(runs: str, line_pt: float | None = None) -> str:
    spacing = f'<w:spacing w:before="0" w:after="0" w:line="{round(line_pt * 20)}" w:lineRule="exact"/>' if line_pt else '<w:spacing w:before="0" w:after="0"/>'
    return f'<w:p><w:pPr>{spacing}<w:jc w:val="center"/></w:pPr>{runs}</w:p>'


def _textbox(ident: int, x: float, y: float, w: float, h: float, paragraphs: str, rotated: bool, vert: str = "horz") -> str:
    emu = rawdocx.EMU_PER_PT
    cx, cy = round(w * emu), round(h * emu)
    rot = ' rot="10800000"' if rotated else ""
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{ident}" behindDoc="0" '
        'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="page"><wp:posOffset>{round(x * emu)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{round(y * emu)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{ident}" name="座签{ident}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm{rot}><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx>"
        f'<wps:bodyPr rot="0" vert="{vert}" wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr" anchorCtr="0">'
        "<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        "</mc:Choice></mc:AlternateContent></w:r>"
    )


def _fold_shape(ident: int, layout: PlateLayout) -> str:
    emu = rawdocx.EMU_PER_PT
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{ident}" behindDoc="1" '
        'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="page"><wp:posOffset>{round(layout.face_height * emu)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{round(layout.width * emu)}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{ident}" name="折叠线{ident}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{round(layout.width * emu)}" cy="0"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="5080"><a:solidFill><a:srgbClr val="999999"/></a:solidFill>'
        '<a:prstDash val="dash"/></a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        "</w:drawing></mc:Choice></mc:AlternateContent></w:r>"
    )


def _face_boxes(face: Face, layout: PlateLayout, font: str, mn_font: str, rotated: bool, ident: int) -> list[str]:
    """Text boxes of one face; for the upper face every box is mirrored through the sheet's centre."""
    half = layout.face_height

    def place(x, y, w, h):  # face coordinates → page coordinates
        if rotated:
            return layout.width - x - w, half - y - h, w, h
        return x, half + y, w, h

    boxes = []
    m = layout.margin
    if face.lines:
        size = face.lines[0].size
        left = min(line.x for line in face.lines)
        right = max(line.x + line.width for line in face.lines)
        centre = (left + right) / 2
        column_right = face.mongolian.x + face.mongolian.width if face.mongolian else m
        reach = min(centre - column_right, layout.width - m - centre)
        top = face.lines[0].baseline - CJK_ASCENT * size - 0.3 * size
        bottom = face.lines[-1].baseline + 0.3 * size
        line_pt = size * 1.2 if len(face.lines) > 1 else None
        paragraphs = "".join(_para(_run(line.text, line.size, font, line.spacing), line_pt) for line in face.lines)
        boxes.append(_textbox(ident, *place(centre - reach, top, 2 * reach, bottom - top), paragraphs, rotated))
    if face.unit:
        u = face.unit
        top = u.baseline - CJK_ASCENT * u.size - 0.3 * u.size
        boxes.append(_textbox(ident + 1, *place(m, top, layout.width - 2 * m, u.size * 1.6), _para(_run(u.text, u.size, font)), rotated))
    if face.mongolian:
        b = face.mongolian  # Word sets the column on the font's full line height: leave it room
        w, h = 1.9 * b.size, b.height + b.size
        x, y = b.x + b.width / 2 - w / 2, b.y + b.height / 2 - h / 2
        boxes.append(_textbox(ident + 2, *place(x, y, w, h), _para(_run(b.text, b.size, mn_font)), rotated, "vert"))
    return boxes


def write_plates_docx(faces: Sequence[Face], target: Path, font: str, mn_font: str, layout: PlateLayout = A4_TENT) -> Path:
    body = []
    for i, face in enumerate(faces):
        ident = 10 * i + 1
        runs = [_fold_shape(ident, layout)] if layout.fold_line else []
        runs += _face_boxes(face, layout, font, mn_font, True, ident + 3)
        runs += _face_boxes(face, layout, font, mn_font, False, ident + 6)
        page_break = "<w:pageBreakBefore/>" if i else ""
        body.append(f'<w:p><w:pPr>{page_break}<w:spacing w:before="0" w:after="0"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr>{"".join(runs)}</w:p>')
    sect = rawdocx.section(layout.width_mm, layout.height_mm, layout.margin_mm)
    return rawdocx.write_docx(target, "".join(body), sect, font, "座签")
