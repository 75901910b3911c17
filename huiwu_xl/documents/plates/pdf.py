"""座签.pdf, the print file, written directly with PyMuPDF: the upper face is the lower face's
drawing under a 180° transform, and Mongolian is shaped by HarfBuzz once per name."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..fonts import MONGOLIAN_FALLBACKS, SERIF_FALLBACKS, FontFace, find_font, font_bytes, shrink_cff_font
from ...progress import track
from ...text import printed_name
from .. import rawdocx
from .layout import A4_TENT, Face, Plate, PlateLayout, PlateTemplate, layout_face


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
    pdf: Path
    font: str  # the family actually used for the Chinese
    substituted: bool
    missing: list[str]  # characters no installed font could draw
    pages: int


def write_plates_pdf(plates: Sequence[Plate], target: Path, template: PlateTemplate = PlateTemplate(),
                     layout: PlateLayout = A4_TENT, faces: list[Face] | None = None,
                     metrics: PdfMetrics | None = None, doc=None) -> Path:
    from ...outputs import write_unlocked

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
    for i, face in track(enumerate(faces), len(faces), "座签"):
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
