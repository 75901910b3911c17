"""参会证.pdf: a card per person with name, unit, category and the 参会码 as a QR code, eight to an
A4 sheet with dashed cut lines, ready to slip into badge holders.

Written directly with PyMuPDF as the plates are (documents/plates/pdf.py): glyphs from the first
installed font that has them, CFF fonts shrunk to the glyphs used, /ActualText so that the text
stays searchable; the QR code is drawn as vector rectangles (documents/qr.py), sharp at any printer.
"""
from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..core.codes import grouped
from ..text import printed_name
from .fonts import SERIF_FALLBACKS, find_font, font_bytes, shrink_cff_font
from .plates.layout import CJK_ASCENT, MM
from .plates.pdf import PdfMetrics, PlateFonts, _pdf_hex_utf16, load_pymupdf

FILE = "参会证.pdf"
SANS = ("黑体", "SimHei", "Microsoft YaHei", "微软雅黑", "思源黑体", "Source Han Sans SC", "Noto Sans CJK SC")
BAND = (0.75, 0.0, 0.0)  # the red band with the meeting's name


@dataclass(frozen=True)
class Badge:
    name: str
    unit: str
    category: str
    title: str
    code: str


@dataclass(frozen=True)
class BadgeLayout:
    page_mm: tuple[float, float] = (210.0, 297.0)
    card_mm: tuple[float, float] = (90.0, 62.0)
    columns: int = 2
    rows: int = 4

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


class FontMissing(RuntimeError):
    pass


def _fonts() -> PlateFonts:
    face = find_font(*SANS, *SERIF_FALLBACKS)
    if face is None:
        raise FontMissing("没有找到可用的中文字体：请安装“黑体”或“宋体”后重试。")
    fallbacks = [f for f in (find_font(n) for n in (*SANS, *SERIF_FALLBACKS)) if f and f != face]
    return PlateFonts(face.family, face, list(dict.fromkeys(fallbacks)))


class Canvas:
    """Content-stream drawing in points, y down from the card's top-left corner.

    A meeting's cards repeat the same texts (its name, the units, the footer) thousands of
    times: what a text draws as and how wide it is are worked out once."""

    def __init__(self, metrics: PdfMetrics, page_height: float, cache: dict | None = None):
        self.metrics = metrics
        self.h = page_height
        self.out: list[str] = []
        self.cache = {} if cache is None else cache  # shared by the pages of one document

    def _glyphs(self, text: str, size: float) -> str:
        key = ("glyphs", text, size)
        if key not in self.cache:
            parts = [f"<{_pdf_hex_utf16(text)}>"]
            run: list[str] = []
            current = None
            for ch in text:  # one Tj per run of glyphs from the same font
                number, gid = self.metrics.glyph[ch]
                if number != current:
                    if run:
                        parts.append(f"<{''.join(run)}> Tj")
                        run = []
                    parts.append(f"/F{number} {size:.2f} Tf")
                    current = number
                run.append(f"{gid:04x}")
            if run:
                parts.append(f"<{''.join(run)}> Tj")
            self.cache[key] = parts
        return self.cache[key]

    def text(self, text: str, x: float, top: float, size: float, gray: float = 0.0, white: bool = False) -> None:
        """One line, its em box's top at `top`."""
        if not text:
            return
        baseline = self.h - (top + CJK_ASCENT * size)
        color = "1 g" if white else f"{gray:.2f} g"
        actual, *glyphs = self._glyphs(text, size)
        self.out.append(f"/Span <</ActualText {actual}>> BDC BT {color} 1 0 0 1 {x:.2f} {baseline:.2f} Tm {' '.join(glyphs)} ET EMC")

    def width(self, text: str, size: float) -> float:
        key = ("width", text)
        if key not in self.cache:
            self.cache[key] = self.metrics.width(text, 1.0)
        return self.cache[key] * size

    def fit(self, text: str, size: float, width: float, smallest: float) -> float:
        """The largest size in half points, from `size` down to `smallest`, at which `text` fits."""
        unit = self.width(text, 1.0)
        if unit * size <= width:
            return size
        fitting = math.floor(width / unit * 2) / 2 if unit else size
        return max(smallest, min(size, fitting))

    def rect(self, x: float, top: float, w: float, h: float, rgb: tuple[float, float, float]) -> None:
        self.out.append(f"q {rgb[0]:.2f} {rgb[1]:.2f} {rgb[2]:.2f} rg {x:.2f} {self.h - top - h:.2f} {w:.2f} {h:.2f} re f Q")

    def dashed_box(self, x: float, top: float, w: float, h: float) -> None:
        self.out.append(f"q 0.4 w 0.6 G [3 3] 0 d {x:.2f} {self.h - top - h:.2f} {w:.2f} {h:.2f} re S Q")

    def qr(self, data: str, x: float, top: float, size: float) -> None:
        from .qr import person_qr

        self.out.append(person_qr(data).pdf_path(x, self.h - top - size, size))


def _wrap(canvas: Canvas, text: str, size: float, width: float, lines: int) -> list[str]:
    key = ("wrap", text, size, width, lines)
    if key in canvas.cache:
        return canvas.cache[key]
    out, current, used = [], "", 0.0
    for ch in text:
        advance = canvas.metrics.advance(ch) * size
        if used + advance > width and current:
            out.append(current)
            current, used = ch, advance
        else:
            current += ch
            used += advance
    out.append(current)
    if len(out) > lines:
        out = out[: lines - 1] + ["".join(out[lines - 1:])]
    canvas.cache[key] = out
    return out


def _card(canvas: Canvas, badge: Badge, meeting: str, x: float, y: float, w: float, h: float) -> None:
    pad = 4 * MM
    canvas.dashed_box(x, y, w, h)
    band = 11 * MM
    canvas.rect(x, y, w, band, BAND)
    title_size = canvas.fit(meeting, 11, w - 2 * pad, 6)
    canvas.text(meeting, x + (w - canvas.width(meeting, title_size)) / 2, y + (band - title_size) / 2, title_size, white=True)
    qr_size = 23 * MM  # 21 modules of 1.1 mm, with four modules of white card around (the quiet zone)
    qr_x = x + w - pad - 1.5 * MM - qr_size
    qr_top = y + band + 5.5 * MM
    canvas.qr(badge.code, qr_x, qr_top, qr_size)
    code_text = grouped(badge.code)
    code_size = canvas.fit(code_text, 7, qr_size + 2 * MM, 5)
    canvas.text(code_text, qr_x + (qr_size - canvas.width(code_text, code_size)) / 2, qr_top + qr_size + 1.2 * MM, code_size, 0.3)
    left = x + pad
    room = qr_x - left - 3 * MM
    name = printed_name(badge.name)
    name_size = canvas.fit(name, 26, room, 12)
    canvas.text(name, left, y + band + 6 * MM, name_size)
    top = y + band + 6 * MM + name_size + 3.5 * MM
    for line in _wrap(canvas, badge.unit, 10.5, room, 2):
        canvas.text(line, left, top, 10.5)
        top += 13.5
    details = "　".join(v for v in (badge.category, badge.title) if v)
    for line in _wrap(canvas, details, 8.5, room, 2):
        canvas.text(line, left, top + 2, 8.5, 0.35)
        top += 11
    foot = "参会证 · 签到时出示二维码"
    canvas.text(foot, left, y + h - pad - 7.5, 7.5, 0.45)


def render_badges(badges: Sequence[Badge], out_dir: Path, meeting: str, layout: BadgeLayout = BadgeLayout(),
                  filename: str = FILE) -> Path:
    """Writes the cards in the given order, eight to a page; returns the path written."""
    from ..outputs import write_unlocked

    pymupdf = load_pymupdf()
    fonts = _fonts()
    chars = {ch for b in badges for ch in printed_name(b.name) + b.unit + b.category + b.title + grouped(b.code)}
    chars |= set(meeting + "参会证 · 签到时出示二维码")
    metrics = PdfMetrics(fonts, chars)
    page_w, page_h = (v * MM for v in layout.page_mm)
    card_w, card_h = (v * MM for v in layout.card_mm)
    left = (page_w - layout.columns * card_w) / 2
    top = (page_h - layout.rows * card_h) / 2
    doc = pymupdf.open()
    pages = [badges[i:i + layout.per_page] for i in range(0, len(badges), layout.per_page)] or [[]]
    contents = []
    cache: dict = {}
    for chunk in pages:
        canvas = Canvas(metrics, page_h, cache)
        for i, badge in enumerate(chunk):
            r, c = divmod(i, layout.columns)
            _card(canvas, badge, meeting, left + c * card_w, top + r * card_h, card_w, card_h)
        if not chunk:
            canvas.text("（名单中没有人员）", left, top, 14)
        contents.append("\n".join(canvas.out).encode("ascii"))
    first = doc.new_page(width=page_w, height=page_h)
    refs, whole_fonts = [], False
    for number, (face, font) in enumerate(zip(metrics.faces, metrics.loaded)):
        used = {gid for n, gid in metrics.glyph.values() if n == number}
        data = font_bytes(face)
        shrunk = shrink_cff_font(data, used)
        whole_fonts |= shrunk is data  # a TrueType font: only MuPDF's subsetting makes it small
        xref = first.insert_font(fontname=f"F{number}", fontbuffer=shrunk)
        refs.append(f"/F{number} {xref} 0 R")
    resources = doc.get_new_xref()
    doc.update_object(resources, f"<</Font<<{' '.join(refs)}>>>>")
    parent = doc.xref_get_key(first.xref, "Parent")[1]
    for i, content in enumerate(contents):
        page_xref = first.xref if i == 0 else doc.new_page(width=page_w, height=page_h).xref
        stream = doc.get_new_xref()
        # deflated here at level 1: PyMuPDF's own deflate of 1,250 pages' text took longer than drawing them
        doc.update_object(stream, "<<>>")
        doc.update_stream(stream, zlib.compress(content, 1), compress=False)
        doc.xref_set_key(stream, "Filter", "/FlateDecode")
        doc.update_object(page_xref, f"<</Type/Page/Parent {parent}/MediaBox[0 0 {page_w:.2f} {page_h:.2f}]"
                                     f"/Resources {resources} 0 R/Contents {stream} 0 R>>")
    if whole_fonts:  # it reads every page's text again: half a second at 10,000 cards, wasted on shrunk fonts
        tools = pymupdf.TOOLS
        shown = tools.mupdf_display_errors()
        tools.mupdf_display_errors(False)  # as for the plates: a harmless note while skipping shrunk CFF fonts
        try:
            doc.subset_fonts()
        finally:
            tools.mupdf_display_errors(shown)
    doc.set_metadata({"title": f"{meeting}参会证", "creator": "huiwu", "producer": "huiwu (PyMuPDF)"})
    data = doc.tobytes(garbage=1, deflate=True)
    doc.close()
    return write_unlocked(Path(out_dir) / filename, data)
