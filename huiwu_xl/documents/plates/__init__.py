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

from pathlib import Path
from typing import Sequence

from .docx import write_plates_docx
from .layout import A4_TENT, MM, Face, Plate, PlateLayout, PlateTemplate, fit_name, layout_face
from .pdf import FontMissing, PlatesResult, load_pymupdf, prepare, write_plates_pdf

PDF_FILE = "座签.pdf"
DOCX_FILE = "座签.docx"
__all__ = ["A4_TENT", "MM", "Face", "FontMissing", "Plate", "PlateLayout", "PlateTemplate", "PlatesResult",
           "fit_name", "layout_face", "load_pymupdf", "render_plates"]


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
