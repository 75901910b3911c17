"""座签: folded A4 tents with the name on both faces, optionally bilingual Mongolian–Chinese.

One file is written: 座签.pdf, directly with PyMuPDF. The upper face is the lower face's drawing
under a 180° transform (`-1 0 0 -1 W H cm`), so every PDF reader and printer shows it upside down
on the flat sheet and upright once folded. There is no Word copy: a 180°-rotated Word text box is
drawn upright by LibreOffice and WPS versions differ (documents.md), and an office cannot know
which program will print the file. A name is changed in 参会名单 and the button pressed again —
the whole file takes about a second for a thousand plates.

Traditional Mongolian needs shaping (letters join by position), which only PyMuPDF's HTML engine
(HarfBuzz) does here: each Mongolian name is shaped once on a scratch page, kept as a form
XObject and drawn turned 90° clockwise (top to bottom, domain.md §2.4), wrapped in /ActualText
so that copying or searching the PDF yields the typed Unicode.

What a plate shows (PlateTemplate) is kept apart from the paper and the fold (PlateLayout).
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .layout import A4_TENT, MM, Face, Plate, PlateLayout, PlateTemplate, fit_name, layout_face
from .pdf import FontMissing, PlatesResult, load_pymupdf, prepare, write_plates_pdf

PDF_FILE = "座签.pdf"
__all__ = ["A4_TENT", "MM", "Face", "FontMissing", "Plate", "PlateLayout", "PlateTemplate", "PlatesResult",
           "fit_name", "layout_face", "load_pymupdf", "render_plates"]


def render_plates(plates: Sequence[Plate], out_dir: Path, template: PlateTemplate = PlateTemplate(),
                  layout: PlateLayout = A4_TENT) -> PlatesResult:
    """Writes 座签.pdf for `plates`, one folded tent a page."""
    out_dir = Path(out_dir)
    doc, metrics, faces = prepare(plates, template, layout)
    fonts = metrics.fonts
    pdf_path = write_plates_pdf(plates, out_dir / PDF_FILE, template, layout, faces, metrics, doc)
    return PlatesResult(pdf_path, fonts.face.family, fonts.substituted, sorted(fonts.missing), len(faces))
