"""The body's paragraphs with their style names, found in one pass.

python-docx's `paragraph.style` looks the document's default style up by scanning every style,
each time it is asked: once per paragraph that is (paragraphs × styles), seconds for a long 通报.
Here each paragraph's `w:pStyle` is read from its own element, and the style table once.
"""
from __future__ import annotations

from docx.oxml.ns import qn
from docx.styles import BabelFish
from docx.text.paragraph import Paragraph

_STYLE_ID = qn("w:styleId")
_VAL = qn("w:val")


def paragraph_style_names(document) -> dict[str | None, str]:
    """{styleId: UI name} of the paragraph styles; key None: the default paragraph style's name."""
    names: dict[str | None, str] = {}
    for style in document.styles.element.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) != "paragraph":
            continue
        name = style.find(qn("w:name"))
        ui = BabelFish.internal2ui(name.get(_VAL)) if name is not None else ""
        names[style.get(_STYLE_ID)] = ui
        if style.get(qn("w:default")) in ("1", "true", "on"):
            names[None] = ui  # the last default wins, as python-docx and the spec have it
    return names


def styled_paragraphs(document) -> list[tuple[Paragraph, str]]:
    """(paragraph, style name) for each paragraph of the body, in order (tables not entered)."""
    names = paragraph_style_names(document)
    default = names.get(None, "")
    out = []
    for p in document.element.body.iterchildren(qn("w:p")):
        style_id = p.pPr.style if p.pPr is not None else None
        out.append((Paragraph(p, document._body), names.get(style_id, default) if style_id else default))
    return out
