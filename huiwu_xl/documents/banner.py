"""会标.pdf: a proof of the bilingual banner, to scale, for the advertising company.

Inner Mongolia's rule for horizontal text (domain.md §2.4): Mongolian above the Chinese, both
scripts the same size. Traditional Mongolian in a horizontal line is its vertical run laid on
its side, reading left to right — exactly how a Mongolian OpenType font sets it horizontally,
so the run is shaped (HarfBuzz, through PyMuPDF's HTML engine) and placed as it comes.
"Same size" is measured on the ink: each line is shaped once at 100 pt on a scratch page, its
inked box found, and both are scaled to one ink height. The banner is drawn at a round scale
(1:40 for 12 m × 1 m) on A3 landscape with its real dimensions written beside it.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .fonts import MONGOLIAN_FALLBACKS, SERIF_FALLBACKS, FontFace, find_font, font_bytes, shrink_cff_font, with_cmap
from .plates.pdf import FontMissing, load_pymupdf

MM = 72 / 25.4
PAGE_W, PAGE_H = 420 * MM, 297 * MM  # A3 landscape
SCALES = (5, 10, 20, 25, 40, 50, 75, 100, 150, 200, 250, 300, 400, 500)
MAX_W, MAX_H = 380 * MM, 140 * MM  # the banner's room on the page
BANNER_RED, TEXT_WHITE = (0.75, 0.0, 0.0), "#FFFFFF"
PAD_V, GAP, PAD_H = 0.13, 0.08, 0.04  # of the banner's height (top/bottom, between lines) and width (sides)
SHAPE_PT = 100.0
RULE = "蒙古文在上、汉文在下，两种文字字高相同（内蒙古自治区蒙汉两种文字并用的规定）"


@dataclass(frozen=True)
class Banner:
    chinese: str
    mongolian: str  # "" while the translation is missing: the proof shows where it will go
    width_m: float
    height_m: float
    meeting: str = ""
    chinese_family: str = "方正小标宋简体"
    mongolian_family: str = "Mongolian Baiti"


@dataclass(frozen=True)
class BannerProof:
    path: Path
    scale: int
    text_height_m: float  # the ink height of both scripts on the real banner
    chinese_font: str
    mongolian_font: str


@dataclass(frozen=True)
class _Run:
    page: int  # on the scratch document
    ink: tuple[float, float, float, float]  # x0, y0, x1, y1 on that page

    @property
    def aspect(self) -> float:
        x0, y0, x1, y1 = self.ink
        return (x1 - x0) / (y1 - y0)


def metres(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def choose_scale(width_m: float, height_m: float) -> int:
    for n in SCALES:
        if width_m * 1000 / n * MM <= MAX_W and height_m * 1000 / n * MM <= MAX_H:
            return n
    return SCALES[-1]


def text_height(banner: Banner, cn_aspect: float, mn_aspect: float) -> float:
    """The ink height (metres) of both lines: the room the height leaves for two lines, narrowed
    until the longer line fits the width."""
    room = banner.height_m * (1 - 2 * PAD_V - GAP) / 2
    return float(min(room, banner.width_m * (1 - 2 * PAD_H) / max(cn_aspect, mn_aspect)))


def render_banner(banner: Banner, target: Path) -> BannerProof:
    from ..outputs import write_unlocked

    pymupdf = load_pymupdf()
    cn_face = find_font(banner.chinese_family, *SERIF_FALLBACKS)
    if cn_face is None:
        raise FontMissing("没有找到可用的中文字体：请安装“方正小标宋简体”或“宋体”后重试。")
    mn_face = find_font(banner.mongolian_family, *MONGOLIAN_FALLBACKS) if banner.mongolian else None
    if banner.mongolian and mn_face is None:
        raise FontMissing("没有找到蒙古文字体：请安装 Mongolian Baiti 或 Noto Sans Mongolian 后重试。")
    scale = choose_scale(banner.width_m, banner.height_m)
    captions = _captions(banner, scale, 0.0)  # for the glyph set; the heights are filled in below
    archive, css = _fonts(pymupdf, cn_face, mn_face, banner.chinese + "".join(captions) + "0123456789.")

    scratch = pymupdf.open()
    cn = _shape(scratch, banner.chinese, "cn", css, archive)
    mn = _shape(scratch, banner.mongolian, "mn", css, archive) if banner.mongolian else None
    # Without its translation the Mongolian line is a dashed box as long as the Chinese one.
    height = text_height(banner, cn.aspect, mn.aspect if mn else cn.aspect)

    doc = pymupdf.open()
    page = doc.new_page(width=PAGE_W, height=PAGE_H)
    k = 1000 / scale * MM  # points on the page per metre of banner
    bw, bh = banner.width_m * k, banner.height_m * k
    left, top = (PAGE_W - bw) / 2, 45 * MM + max(0.0, (MAX_H - bh) / 4)
    frame = pymupdf.Rect(left, top, left + bw, top + bh)
    page.draw_rect(frame, color=BANNER_RED, fill=BANNER_RED, width=0)
    h, gap = height * k, banner.height_m * GAP * k
    y = top + (bh - 2 * h - gap) / 2
    lines = []
    for run, text in ((mn, banner.mongolian), (cn, banner.chinese)):
        w = h * (run or cn).aspect
        rect = pymupdf.Rect(left + (bw - w) / 2, y, left + (bw + w) / 2, y + h)
        if run is None:
            page.draw_rect(rect, color=(1, 1, 1), dashes="[3 3] 0", width=0.6)
        else:
            form = page.show_pdf_page(rect, scratch, run.page, clip=pymupdf.Rect(run.ink))
            if run is mn:
                lines.append((form, text))
        y += h + gap
    _dimensions(page, frame, banner, css, archive)
    _write_captions(page, _captions(banner, scale, height), frame, css, archive)

    tools = pymupdf.TOOLS
    shown = tools.mupdf_display_errors()
    tools.mupdf_display_errors(False)  # a CFF face is skipped by subsetting with a harmless warning
    try:
        doc.subset_fonts()
    finally:
        tools.mupdf_display_errors(shown)
    _with_text(doc[0], lines)  # after subsetting, which rewrites the page's content
    doc.set_metadata({"title": "会标校样", "creator": "huiwu", "producer": "huiwu (PyMuPDF)"})
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    scratch.close()
    path = write_unlocked(Path(target), data)
    return BannerProof(path, scale, height, cn_face.family, mn_face.family if mn_face else "")


def _fonts(pymupdf, cn_face: FontFace | None, mn_face: FontFace | None, chinese_text: str):
    """An archive with the Chinese face cut down to the glyphs used (a CJK face is 20 MB) and the
    Mongolian face whole (HarfBuzz needs its layout tables; it is small and gets subset)."""
    archive = pymupdf.Archive()
    faces = ""
    if cn_face:
        data = font_bytes(cn_face)
        font = pymupdf.Font(fontbuffer=data)
        mapping = {ord(ch): font.has_glyph(ord(ch)) for ch in set(chinese_text)}
        data = with_cmap(shrink_cff_font(data, set(mapping.values()) | {0}), mapping)
        archive.add((data, "cn.font"))
        faces += "@font-face {font-family: cn; src: url(cn.font);} "
    if mn_face:
        archive.add((font_bytes(mn_face), "mn.font"))
        faces += "@font-face {font-family: mn; src: url(mn.font);} "
    css = faces + ("p {margin: 0; white-space: nowrap;} .cn {font-family: cn;} .mn {font-family: mn;} "
                   f".run {{font-size: {SHAPE_PT:g}px; color: {TEXT_WHITE};}} "
                   ".cap {font-family: cn; font-size: 13px; color: #000000; line-height: 1.6;} "
                   ".dim {font-family: cn; font-size: 12px; color: #000000; text-align: center;}")
    return archive, css


def _shape(scratch, text: str, script: str, css: str, archive) -> _Run:
    """The line set once at SHAPE_PT on its own scratch page, and its inked box there."""
    pymupdf = load_pymupdf()
    page = scratch.new_page(width=SHAPE_PT * (len(text) + 4), height=SHAPE_PT * 3)
    page.insert_htmlbox(page.rect, f'<p class="run {script}">{html.escape(text)}</p>', css=css, archive=archive)
    number = page.number
    page = scratch[number]
    ink = _ink(page)
    if ink is None:
        raise FontMissing(f"“{text}”无法排版：字体中没有这些字符。")
    return _Run(number, ink)


def _with_text(page, lines: list[tuple[int, str]]) -> None:
    """Marks each drawn line with /ActualText, so copying it from the PDF gives the typed Unicode
    (shaped Mongolian letters map back to no character; the advertising company copies the text)."""
    page.clean_contents()
    content = page.read_contents()
    xobjects = page.get_xobjects()
    for form_xref, text in lines:  # show_pdf_page answers with the inner form; the page draws its wrapper
        wrapper = next(x[2] for x in xobjects if x[0] == form_xref)
        name = next(x[1] for x in xobjects if x[0] == wrapper and x[2] == 0)
        hexed = "FEFF" + text.encode("utf-16-be").hex().upper()
        content = content.replace(f"/{name} Do".encode(), f"/Span <</ActualText <{hexed}>>> BDC /{name} Do EMC".encode(), 1)
    page.parent.update_stream(page.get_contents()[0], content)


def _ink(page) -> tuple[float, float, float, float] | None:
    """The inked box of a page's drawing, from its alpha channel (2 px per point)."""
    import numpy as np

    pymupdf = load_pymupdf()
    pix = page.get_pixmap(matrix=pymupdf.Matrix(2, 2), alpha=True)
    alpha = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, -1]
    rows, cols = np.nonzero(alpha.any(axis=1))[0], np.nonzero(alpha.any(axis=0))[0]
    if not len(rows):
        return None
    return cols[0] / 2, rows[0] / 2, (cols[-1] + 1) / 2, (rows[-1] + 1) / 2


def _dimensions(page, frame, banner: Banner, css: str, archive) -> None:
    """Dimension lines with the real sizes: the width under the banner, the height on its right."""
    pymupdf = load_pymupdf()
    grey = (0.2, 0.2, 0.2)
    y = frame.y1 + 8 * MM
    page.draw_line((frame.x0, y), (frame.x1, y), color=grey, width=0.6)
    for x in (frame.x0, frame.x1):
        page.draw_line((x, frame.y1 + 2 * MM), (x, y + 2 * MM), color=grey, width=0.6)
    label = pymupdf.Rect(frame.x0, y + 1 * MM, frame.x1, y + 8 * MM)
    page.insert_htmlbox(label, f'<p class="dim">宽 {metres(banner.width_m)} 米</p>', css=css, archive=archive)
    x = frame.x1 + 8 * MM
    page.draw_line((x, frame.y0), (x, frame.y1), color=grey, width=0.6)
    for yy in (frame.y0, frame.y1):
        page.draw_line((frame.x1 + 2 * MM, yy), (x + 2 * MM, yy), color=grey, width=0.6)
    label = pymupdf.Rect(x + 1.5 * MM, (frame.y0 + frame.y1) / 2 - 3.5 * MM, x + 22 * MM, (frame.y0 + frame.y1) / 2 + 3.5 * MM)
    page.insert_htmlbox(label, f'<p class="dim" style="text-align: left">高 {metres(banner.height_m)} 米</p>', css=css, archive=archive)


def _captions(banner: Banner, scale: int, height_m: float) -> list[str]:
    lines = [
        f"会标校样（比例 1:{scale}）",
        f"会议：{banner.meeting}" if banner.meeting else "",
        f"会标尺寸：宽 {metres(banner.width_m)} 米 × 高 {metres(banner.height_m)} 米",
        f"字高：蒙古文 {metres(height_m)} 米，汉文 {metres(height_m)} 米" if banner.mongolian else f"字高：汉文 {metres(height_m)} 米",
        f"汉文：{banner.chinese}",
        "蒙古文：见上图（由翻译部门审定，制作时不得改动字形）" if banner.mongolian else "蒙古文：待翻译（虚线框处），请先生成翻译清单交翻译部门",
        f"排法：{RULE}",
        "制作要求：按标注尺寸等比例放大，红底白字；制作前请与会务组核对本校样。",
        f"生成时间：{datetime.now():%Y-%m-%d %H:%M}（huiwu）",
    ]
    return [line for line in lines if line]


def _write_captions(page, lines: list[str], frame, css: str, archive) -> None:
    pymupdf = load_pymupdf()
    title, rest = lines[0], lines[1:]
    head = pymupdf.Rect(20 * MM, 20 * MM, PAGE_W - 20 * MM, 34 * MM)
    page.insert_htmlbox(head, f'<p class="cap" style="font-size: 20px">{html.escape(title)}</p>', css=css, archive=archive)
    body = pymupdf.Rect(20 * MM, frame.y1 + 24 * MM, PAGE_W - 20 * MM, PAGE_H - 15 * MM)
    text = "".join(f'<p class="cap">{html.escape(line)}</p>' for line in rest)
    page.insert_htmlbox(body, text, css=css, archive=archive)
