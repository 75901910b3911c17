"""The 版头 in both scripts: the red Mongolian 发文机关标志 set above the Chinese one (domain.md §2.4:
horizontal text, Mongolian above; the two scripts the same size).

Applied to a rendered notice after the template is filled, so an office's own edited template
gets it too. The pair keeps GB/T 9704's position: the space before the Chinese 标志 moves to the
Mongolian line. When the Mongolian line would not fit the 版心 at the 标志's size, both lines
shrink together.
"""
from __future__ import annotations

from copy import deepcopy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from ..clean import xml_text
from .fonts import MONGOLIAN_FALLBACKS, find_font
from .gbt9704 import GEOMETRY, ISSUER, RED, SIZE_S0

WORD_FONT = "Mongolian Baiti"  # on every Windows since 7; LibreOffice falls back to an installed Mongolian face
# Of the 版心 width: LibreOffice sets the suffix spaces (U+202F) in a Latin face, wider than HarfBuzz
# does here, and Word's Mongolian Baiti is not this machine's face.
FIT = 0.85
SMALLEST = 22.0  # 二号: below this the 标志 stops being a 标志; a longer Mongolian name takes two lines


def add_mongolian_issuer(document, text: str) -> bool:
    """Puts `text` above the 发文机关标志; False when the document has no 版头 (no 发文字号)."""
    text = xml_text(text).strip()  # lxml refuses control characters
    from .paragraphs import styled_paragraphs

    issuer = next((p for p, style in styled_paragraphs(document) if style == ISSUER and p.text.strip()), None)
    if not text or issuer is None:
        return False
    size = _fitting_size(text, issuer.text.strip())
    line = deepcopy(issuer._p)
    for child in list(line):
        if child.tag != qn("w:pPr"):
            line.remove(child)
    issuer._p.addprevious(line)
    run = OxmlElement("w:r")
    run.append(_run_properties(size))
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    line.append(run)
    fmt = issuer.paragraph_format
    before = issuer.style.paragraph_format.space_before
    from docx.text.paragraph import Paragraph

    above = Paragraph(line, issuer._parent).paragraph_format
    above.space_before, above.space_after = before, Pt(size / 3)
    fmt.space_before = Twips(0)
    if size < SIZE_S0:
        for r in issuer.runs:
            r.font.size = Pt(size)
    return True


def _run_properties(size: float):
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):  # Word and LibreOffice file Mongolian under different slots
        fonts.set(qn(f"w:{slot}"), WORD_FONT)
    rpr.append(fonts)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), RED)
    rpr.append(color)
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(round(size * 2)))
        rpr.append(el)
    return rpr


def _fitting_size(mongolian: str, chinese: str) -> float:
    """The 标志's size (小初), or smaller (not below 二号) so that the Mongolian line fits the 版心."""
    width_pt = GEOMETRY.text_width / 20 * FIT
    per_pt = max(_mongolian_width(mongolian), len(chinese))  # widths of one point of type
    return max(SMALLEST, min(SIZE_S0, round(width_pt / per_pt * 2) / 2)) if per_pt else SIZE_S0


def _mongolian_width(text: str) -> float:
    """The shaped line's length per point of type, on this machine's Mongolian face."""
    face = find_font(WORD_FONT, *MONGOLIAN_FALLBACKS)
    if face is None:
        return 0.0
    from .banner import SHAPE_PT, _fonts, _shape
    from .plates.pdf import load_pymupdf

    pymupdf = load_pymupdf()
    archive, css = _fonts(pymupdf, None, face, "")
    scratch = pymupdf.open()
    run = _shape(scratch, text, "mn", css, archive)
    scratch.close()
    return (run.ink[2] - run.ink[0]) / SHAPE_PT

