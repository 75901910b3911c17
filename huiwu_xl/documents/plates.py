"""座签: folded A4 tents with the name on both faces, optionally bilingual Mongolian–Chinese.

Two files are written from one layout:
- 座签.pdf, the print file, written directly with PyMuPDF. The upper face is the lower face's
  drawing under a 180° transform (`-1 0 0 -1 W H cm`), so every PDF reader and printer shows it
  upside down on the flat sheet and upright once folded. LibreOffice draws a 180°-rotated Word
  text box upright (documents.md), so a .docx alone cannot be checked here.
- 座签.docx, for last-minute edits in Word: each face is a text box, the upper one rotated 180°
  as people do it by hand. Word honours that rotation; LibreOffice does not, so print the PDF.

Traditional Mongolian needs shaping (letters join by position), which only PyMuPDF's HTML engine
(HarfBuzz) does here: each Mongolian name is shaped once on a scratch page, kept as a form
XObject and drawn turned 90° clockwise (top to bottom, domain.md §2.4), wrapped in /ActualText
so that copying or searching the PDF yields the typed Unicode.

What a plate shows (PlateTemplate) is kept apart from the paper and the fold (PlateLayout).
"""
from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Protocol, Sequence

from . import rawdocx
from ..text import printed_name
from .fonts import MONGOLIAN_FALLBACKS, SERIF_FALLBACKS, FontFace, find_font, font_bytes, shrink_cff_font

MM = 72 / 25.4
CJK_ASCENT = 0.88  # top of the ideographic em box above the baseline, in em (Noto/Source Han; SimSun 0.86)
DOTS = "\u00b7"  # the 间隔号; look-alikes are mapped to it by text.printed_name
PDF_FILE = "座签.pdf"
DOCX_FILE = "座签.docx"


# ---------------------------------------------------------------------------------------------
# What a plate shows, and the paper it is printed on
@dataclass(frozen=True)
class Plate:
    name: str
    unit: str = ""
    name_mn: str = ""  # traditional Mongolian, Unicode, as typed


@dataclass(frozen=True)
class PlateTemplate:
    """The content of a plate: which lines, which font, how big."""

    font_family: str = "方正小标宋简体"
    mongolian_family: str = "Mongolian Baiti"
    max_pt: float = 150.0  # ≈ 53 mm em: reads at ~20 m (domain.md §2.2)
    break_below_pt: float = 90.0  # a name with "·" that would be smaller breaks into two lines at the dot
    widen_two_chars: bool = True  # "张三" spaced to the width of a three-character name
    show_unit: bool = False
    unit_pt: float = 28.0
    show_mongolian: bool = True
    line_gap: float = 0.12  # between the two lines of a broken name, in em
    mongolian_gap: float = 0.3  # between the Mongolian column and the Chinese, in em


@dataclass(frozen=True)
class PlateLayout:
    """The paper and the fold: a sheet folded along its long centre line into a tent, one plate a sheet."""

    width_mm: float = 297.0
    height_mm: float = 210.0
    margin_mm: float = 10.0
    fold_line: bool = True

    @property
    def width(self) -> float:
        return self.width_mm * MM

    @property
    def height(self) -> float:
        return self.height_mm * MM

    @property
    def margin(self) -> float:
        return self.margin_mm * MM

    @property
    def face_height(self) -> float:
        return self.height / 2


A4_TENT = PlateLayout()
A3_TENT = PlateLayout(420.0, 297.0, 12.0)


# ---------------------------------------------------------------------------------------------
# One face, laid out in points; origin at the face's top edge (the fold), y downwards
@dataclass(frozen=True)
class Line:
    text: str
    size: float
    x: float  # left end
    baseline: float
    spacing: float = 0.0  # extra advance after every character but the last
    width: float = 0.0


@dataclass(frozen=True)
class MongolianBlock:
    text: str
    size: float
    x: float
    y: float
    width: float  # the column's thickness
    height: float  # the run's length, top to bottom


@dataclass(frozen=True)
class Face:
    lines: list[Line]
    unit: Line | None = None
    mongolian: MongolianBlock | None = None


class Metrics(Protocol):
    def width(self, text: str, size: float) -> float:
        """Advance width of `text` in the Chinese font."""

    def mongolian(self, text: str) -> tuple[float, float]:
        """(length, thickness) of the shaped Mongolian run per point of font size."""


def is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") and ch.isalpha()


def fit_name(name: str, box_w: float, box_h: float, t: PlateTemplate, metrics: Metrics) -> tuple[list[str], float, float]:
    """(lines, size, spacing): one line as large as fits, or two broken after a "·"."""
    widened = t.widen_two_chars and len(name) == 2 and all(is_cjk(c) for c in name)
    spacing_em = 1.0 if widened else 0.0
    one = metrics.width(name, 1.0) + spacing_em * (len(name) - 1)
    size = min(t.max_pt, box_w / one if one else t.max_pt, box_h)
    if size >= t.break_below_pt or not any(d in name for d in DOTS):
        return [name], size, spacing_em * size
    best = None
    for i, ch in enumerate(name[:-1]):
        if ch in DOTS and i > 0:
            parts = [name[: i + 1], name[i + 1:]]  # the dot stays at the end of the first line
            widest = max(metrics.width(p, 1.0) for p in parts)
            if best is None or widest < best[0]:
                best = (widest, parts)
    if best is None:
        return [name], size, 0.0
    two = min(t.max_pt, box_w / best[0], box_h / (2 + t.line_gap))
    return (best[1], two, 0.0) if two > size else ([name], size, 0.0)


def layout_face(plate: Plate, t: PlateTemplate, layout: PlateLayout, metrics: Metrics) -> Face:
    m = layout.margin
    box_w, box_h = layout.width - 2 * m, layout.face_height - 2 * m
    name = printed_name(plate.name)
    unit = plate.unit.strip() if t.show_unit else ""
    unit_size = min(t.unit_pt, box_w * 0.95 / metrics.width(unit, 1.0)) if unit else 0.0
    unit_band = unit_size * 1.6
    name_h = box_h - unit_band
    mn = plate.name_mn.strip() if t.show_mongolian else ""
    mn_len, mn_thick = metrics.mongolian(mn) if mn else (0.0, 0.0)
    mn = mn if mn_len > 0 else ""  # nothing drawable

    column, mn_size = 0.0, 0.0
    lines, size, spacing = fit_name(name, box_w, name_h, t, metrics)
    if mn:
        for _ in range(3):  # the Mongolian column narrows the Chinese; two rounds settle it
            mn_size = min(size, name_h / mn_len)  # within the name band: the unit line stays clear
            column = mn_size * mn_thick + t.mongolian_gap * size
            lines, size, spacing = fit_name(name, box_w - column, name_h, t, metrics)
        mn_size = min(size, name_h / mn_len)
        column = mn_size * mn_thick + t.mongolian_gap * size

    widths = [metrics.width(line, size) + spacing * (len(line) - 1) for line in lines]
    text_w = max(widths)
    left = m + (box_w - column - text_w) / 2
    pitch = size * (1 + t.line_gap)
    top = m + (name_h - size - pitch * (len(lines) - 1)) / 2
    placed = [
        Line(line, size, left + column + (text_w - w) / 2, top + i * pitch + CJK_ASCENT * size, spacing, w)
        for i, (line, w) in enumerate(zip(lines, widths))
    ]
    unit_line = None
    if unit:
        w = metrics.width(unit, unit_size)
        baseline = m + name_h + (unit_band - unit_size) / 2 + CJK_ASCENT * unit_size
        unit_line = Line(unit, unit_size, m + (box_w - w) / 2, baseline, 0.0, w)
    block = None
    if mn:
        height = mn_size * mn_len
        block = MongolianBlock(mn, mn_size, left, m + (name_h - height) / 2, mn_size * mn_thick, height)
    return Face(placed, unit_line, block)


# ---------------------------------------------------------------------------------------------
# Fonts and metrics from the installed fonts (PyMuPDF)
def load_pymupdf():
    """PyMuPDF, without activating the optional pymupdf-layout add-on.

    When that package is installed, `import pymupdf` loads its ONNX layout model (about 2 s on
    this machine) although plates never analyse layouts; hiding it during the import avoids that.
    """
    import sys

    if "pymupdf" not in sys.modules:
        hidden = "pymupdf.layout" not in sys.modules
        if hidden:
            sys.modules["pymupdf.layout"] = None  # makes pymupdf's optional import fail fast
        try:
            import pymupdf  # noqa: F401
        finally:
            if hidden and sys.modules.get("pymupdf.layout", 0) is None:
                del sys.modules["pymupdf.layout"]
    return sys.modules["pymupdf"]


class FontMissing(RuntimeError):
    pass


@dataclass
class PlateFonts:
    """The Chinese font (with fallbacks for characters it lacks) and the Mongolian font."""

    requested: str
    face: FontFace
    fallbacks: list[FontFace] = field(default_factory=list)
    mongolian: FontFace | None = None
    missing: set[str] = field(default_factory=set)  # characters no installed font has

    @property
    def substituted(self) -> bool:
        return self.face.family.lower() != self.requested.strip().lower()


def choose_fonts(template: PlateTemplate, need_mongolian: bool) -> PlateFonts:
    face = find_font(template.font_family, *SERIF_FALLBACKS)
    if face is None:
        raise FontMissing("没有找到可用的中文字体：请安装“方正小标宋简体”或“宋体”后重试。")
    fallbacks = [f for f in (find_font(n) for n in SERIF_FALLBACKS) if f and f != face]
    mongolian = find_font(template.mongolian_family, *MONGOLIAN_FALLBACKS) if need_mongolian else None
    if need_mongolian and mongolian is None:
        raise FontMissing("没有找到蒙古文字体：请安装 Mongolian Baiti 或 Noto Sans Mongolian 后重试。")
    return PlateFonts(template.font_family, face, list(dict.fromkeys(fallbacks)), mongolian)


class PdfMetrics:
    """Glyphs and widths per character, each from the first font that has it."""

    def __init__(self, fonts: PlateFonts, chars: Iterable[str]):
        pymupdf = load_pymupdf()
        self.fonts = fonts
        self.faces = [fonts.face]
        self.loaded = [pymupdf.Font(fontbuffer=font_bytes(fonts.face))]
        self.glyph: dict[str, tuple[int, int]] = {}  # char → (font number, glyph id)
        self.advances: dict[str, float] = {}
        for ch in sorted(set(chars)):
            self.glyph[ch] = self._find(ch)
        self.shaped: dict[str, "ShapedRun"] = {}

    def _find(self, ch: str) -> tuple[int, int]:
        pymupdf = load_pymupdf()
        if ch.isspace():
            gid = self.loaded[0].has_glyph(ord(ch))
            return 0, gid
        for number, font in enumerate(self.loaded):
            gid = font.has_glyph(ord(ch))
            if gid:
                return number, gid
        for face in self.fonts.fallbacks:
            if face in self.faces:
                continue
            font = pymupdf.Font(fontbuffer=font_bytes(face))
            gid = font.has_glyph(ord(ch))
            if gid:
                self.faces.append(face)
                self.loaded.append(font)
                return len(self.loaded) - 1, gid
        self.fonts.missing.add(ch)
        return 0, 0

    def advance(self, ch: str) -> float:
        if ch not in self.advances:
            if ch not in self.glyph:
                self.glyph[ch] = self._find(ch)
            number, gid = self.glyph[ch]
            self.advances[ch] = self.loaded[number].glyph_advance(ord(ch)) if gid else 1.0
        return self.advances[ch]

    def width(self, text: str, size: float) -> float:
        return sum(self.advance(ch) for ch in text) * size

    def mongolian(self, text: str) -> tuple[float, float]:
        run = self.shaped.get(text)
        return (run.width / run.pt, run.height / run.pt) if run else (0.0, 0.0)


# ---------------------------------------------------------------------------------------------
# Mongolian: shaped once per name on a scratch page, then reused as a form XObject
SHAPE_PT = 100.0


@dataclass
class ShapedRun:
    xref: int  # the form XObject
    x0: float  # ink box in the form's (PDF, y-up) coordinates
    y0: float
    width: float
    height: float
    pt: float  # the font size the run was drawn at


def shape_mongolian(doc, texts: Sequence[str], face: FontFace) -> dict[str, ShapedRun]:
    pymupdf = load_pymupdf()
    folder, filename = os.path.split(face.path)
    archive = pymupdf.Archive(folder)
    css = (
        f"@font-face {{font-family: mn; src: url('{filename}');}} "
        f"p {{font-family: mn; font-size: {SHAPE_PT:g}px; margin: 0; white-space: nowrap;}}"
    )
    runs: dict[str, ShapedRun] = {}
    scratch_numbers = []
    for text in dict.fromkeys(texts):
        width = SHAPE_PT * (len(text) + 4)
        page = doc.new_page(width=width, height=SHAPE_PT * 3)
        scratch_numbers.append(page.number)
        _, scale = page.insert_htmlbox(page.rect, f"<p>{rawdocx.text(text)}</p>", css=css, archive=archive)
        boxes = [pymupdf.Rect(r) for kind, r in page.get_bboxlog() if "text" in kind]
        if not boxes:
            continue
        ink = boxes[0]
        for r in boxes[1:]:
            ink |= r
        h = page.rect.height
        form = doc.get_new_xref()
        resources = doc.xref_get_key(page.xref, "Resources")
        res = resources[1] if resources[0] in ("dict", "xref") else "<<>>"
        bbox = f"[{ink.x0:.3f} {h - ink.y1:.3f} {ink.x1:.3f} {h - ink.y0:.3f}]"
        doc.update_object(form, f"<</Type/XObject/Subtype/Form/BBox{bbox}/Resources {res}>>")
        doc.update_stream(form, page.read_contents())
        runs[text] = ShapedRun(form, ink.x0, h - ink.y1, ink.width, ink.height, SHAPE_PT * scale)
    if scratch_numbers:
        doc.delete_pages(scratch_numbers)
    return runs


def _pdf_hex_utf16(text: str) -> str:
    return "FEFF" + text.encode("utf-16-be").hex().upper()


# ---------------------------------------------------------------------------------------------
# The print file
def _face_content(face: Face, layout: PlateLayout, metrics: PdfMetrics, fonts: list[str]) -> bytes:
    """PDF drawing of a face as the lower half of the sheet (PDF space: y up, fold at H/2)."""
    top = layout.face_height
    out = []
    for line in [*face.lines, *([face.unit] if face.unit else [])]:
        x, y = line.x, top - line.baseline
        # /ActualText keeps the name whole for copy, search and pdftotext, spaced or upside down
        out.append(f"/Span <</ActualText <{_pdf_hex_utf16(line.text)}>>> BDC BT 0 g 1 0 0 1 {x:.2f} {y:.2f} Tm")
        current = None
        for i, ch in enumerate(line.text):
            number, gid = metrics.glyph[ch]
            if number != current:
                out.append(f"/{fonts[number]} {line.size:.2f} Tf")
                current = number
            kern = f" {-line.spacing / line.size * 1000:.1f}" if line.spacing and i < len(line.text) - 1 else ""
            out.append(f"[<{gid:04x}>{kern}] TJ")
        out.append("ET EMC")
    block = face.mongolian
    if block:
        run = metrics.shaped[block.text]
        s = block.size / run.pt
        # ink box → origin, scale, turn 90° clockwise (the run reads downwards), place the column
        x_left, y_top = block.x, top - block.y
        a, b, c, d = 0.0, -s, s, 0.0
        e = x_left - (c * run.y0 + a * run.x0)
        f = y_top - (b * run.x0 + d * run.y0)
        out.append(
            f"/Span <</ActualText <{_pdf_hex_utf16(block.text)}>>> BDC "
            f"q {a:g} {b:.5f} {c:.5f} {d:g} {e:.2f} {f:.2f} cm /M{run.xref} Do Q EMC"
        )
    return "\n".join(out).encode("ascii")


def _fold_line(layout: PlateLayout) -> bytes:
    y = layout.face_height
    return f"q 0.4 w 0.6 G [4 4] 0 d 0 {y:.2f} m {layout.width:.2f} {y:.2f} l S Q\n".encode()


@dataclass
class PlatesResult:
    pdf: Path | None
    docx: Path | None
    font: str  # the family actually used for the Chinese
    substituted: bool
    missing: list[str]  # characters no installed font could draw
    pages: int


def write_plates_pdf(plates: Sequence[Plate], target: Path, template: PlateTemplate = PlateTemplate(),
                     layout: PlateLayout = A4_TENT, faces: list[Face] | None = None,
                     metrics: PdfMetrics | None = None, doc=None) -> Path:
    from ..outputs import write_unlocked

    if doc is None or metrics is None or faces is None:
        doc, metrics, faces = prepare(plates, template, layout)
    first = doc.new_page(-1, width=layout.width, height=layout.height) if doc.page_count == 0 else doc[0]
    font_names = []
    font_refs = []
    for number, (face, font) in enumerate(zip(metrics.faces, metrics.loaded)):
        used = {gid for n, gid in metrics.glyph.values() if n == number}
        data = shrink_cff_font(font_bytes(face), used)
        xref = first.insert_font(fontname=f"F{number}", fontbuffer=data)
        font_names.append(f"F{number}")
        font_refs.append(f"/F{number} {xref} 0 R")
    forms = " ".join(f"/M{run.xref} {run.xref} 0 R" for run in metrics.shaped.values())
    resources = f"<</Font<<{' '.join(font_refs)}>>/XObject<<{forms}>>>>"
    fold = _fold_line(layout) if layout.fold_line else b""
    upper = f"q -1 0 0 -1 {layout.width:.2f} {layout.height:.2f} cm\n".encode()
    shared = doc.get_new_xref()
    doc.update_object(shared, resources)
    parent = doc.xref_get_key(first.xref, "Parent")[1]
    for i, face in enumerate(faces):
        page_xref = first.xref if i == 0 else doc.new_page(width=layout.width, height=layout.height).xref
        drawing = _face_content(face, layout, metrics, font_names)
        content = fold + b"q\n" + drawing + b"\nQ\n" + upper + drawing + b"\nQ\n"
        xref = doc.get_new_xref()
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, content)
        doc.update_object(page_xref, f"<</Type/Page/Parent {parent}/MediaBox[0 0 {layout.width:.2f} {layout.height:.2f}]"
                                     f"/Resources {shared} 0 R/Contents {xref} 0 R>>")
    # TrueType fonts (方正小标宋, SimSun, the Mongolian one) are subset here; the CFF ones were shrunk
    # above, and PyMuPDF 1.x reports a harmless "Reserved charstring byte" while skipping them,
    # which office staff must not see in front of their plates.
    tools = load_pymupdf().TOOLS
    shown = tools.mupdf_display_errors()
    tools.mupdf_display_errors(False)
    try:
        doc.subset_fonts()
    finally:
        tools.mupdf_display_errors(shown)
    doc.set_metadata({"title": "座签", "creator": "huiwu", "producer": "huiwu (PyMuPDF)"})
    data = doc.tobytes(garbage=1, deflate=True)
    doc.close()
    return write_unlocked(Path(target), data)


def prepare(plates: Sequence[Plate], template: PlateTemplate, layout: PlateLayout, fonts: PlateFonts | None = None):
    """(document, metrics, faces): fonts chosen, Mongolian shaped, every face laid out."""
    pymupdf = load_pymupdf()

    texts = [p.name_mn.strip() for p in plates if template.show_mongolian and p.name_mn.strip()]
    fonts = fonts or choose_fonts(template, bool(texts))
    chars = {ch for p in plates for ch in printed_name(p.name) + (p.unit.strip() if template.show_unit else "")}
    metrics = PdfMetrics(fonts, chars)
    doc = pymupdf.open()
    if texts:
        metrics.shaped = shape_mongolian(doc, texts, fonts.mongolian)
    faces = [layout_face(p, template, layout, metrics) for p in plates]
    return doc, metrics, faces


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


# ---------------------------------------------------------------------------------------------
def render_plates(plates: Sequence[Plate], out_dir: Path, template: PlateTemplate = PlateTemplate(),
                  layout: PlateLayout = A4_TENT, pdf: bool = True, docx: bool = True) -> PlatesResult:
    """Writes 座签.pdf (print file) and 座签.docx (editable copy) for `plates`, one tent each."""
    out_dir = Path(out_dir)
    doc, metrics, faces = prepare(plates, template, layout)
    fonts = metrics.fonts
    docx_path = None
    if docx:
        mn_font = fonts.mongolian.family if fonts.mongolian else template.mongolian_family
        docx_path = write_plates_docx(faces, out_dir / DOCX_FILE, fonts.face.family, mn_font, layout)
    pdf_path = write_plates_pdf(plates, out_dir / PDF_FILE, template, layout, faces, metrics, doc) if pdf else None
    return PlatesResult(pdf_path, docx_path, fonts.face.family, fonts.substituted, sorted(fonts.missing), len(faces))
