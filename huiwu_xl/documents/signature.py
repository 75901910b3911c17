"""署名 and 成文日期 without a seal, as GB/T 9704-2012 §7.3.5.2 places them: the signature two
characters in from the right; the date on the next line, its first character two characters
right of the signature's first — or, when the date is the longer, the date two characters in and
the signature moved left to match. Their lengths are known only once a template is filled in."""
from __future__ import annotations

from docx.oxml.ns import qn

from .gbt9704 import DATE, GEOMETRY, SIGNATURE
from .paragraphs import styled_paragraphs
from .titles import width


def indents(signature: str, date: str) -> tuple[float, float]:
    """(signature, date) right indents in characters."""
    s, d = width(signature), width(date)
    date_right = max(2.0, s - d)
    return date_right + d - s + 2, date_right


def place_signature(document) -> None:
    paragraphs = styled_paragraphs(document)
    for (sign, sign_style), (date, date_style) in zip(paragraphs, paragraphs[1:]):
        if (sign_style, date_style) != (SIGNATURE, DATE):
            continue
        if sign.text.strip() and date.text.strip():
            for para, chars in zip((sign, date), indents(sign.text.strip(), date.text.strip())):
                _right_indent(para, chars)


def _right_indent(paragraph, chars: float) -> None:
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:right"), str(round(chars * GEOMETRY.char_width)))
    ind.set(qn("w:rightChars"), str(round(chars * 100)))
