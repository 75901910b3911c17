"""Breaking a long 公文 title into lines, as GB/T 9704-2012 §7.3.2 asks: words kept whole,
lines of suitable length in a trapezoid or diamond — never one character left on a line alone.

A 2号 title fills the 156 mm text block with about 20 ideographs; Arabic digits and Latin
letters are about half as wide, and renderers add a little space where they meet Chinese.
"""
from __future__ import annotations

CAPACITY = 20.0  # 2号 characters per line in the 版心
MARGIN = 0.5  # renderers differ a little in glyph widths
# Where a title may break: before these words, or after these (titles are formulaic).
BREAK_BEFORE = ("关于", "召开", "举办", "印发", "转发", "开展", "到会情况", "的通知", "的通报", "的决定", "的意见", "的报告")
BREAK_AFTER = ("办公室", "会议", "人民政府", "委员会")
NOT_AFTER = {"人民政府": "办公室", "委员会": "办公室", "会议": "室"}  # …人民政府|办公室 is one name


AUTOSPACE = 0.29  # the gap Word and LibreOffice put between Chinese and Latin/digits, in characters


def width(text: str) -> float:
    """Printed width in Chinese characters: digits and Latin half, plus the automatic spacing
    between a Chinese character and a digit (measured: 2026年11月27日 is 8.5 characters wide)."""
    total = sum(1.0 if _wide(ch) else 0.5 for ch in text)
    boundaries = sum(1 for a, b in zip(text, text[1:]) if {_wide(a), _wide(b)} == {True, False}
                     and (b if _wide(a) else a).isalnum())
    return total + AUTOSPACE * boundaries


def _wide(ch: str) -> bool:
    """Set in the Chinese font at full width (CJK and full-width forms); × · and Latin are not."""
    return ord(ch) >= 0x2E80


def _word_breaks(text: str) -> list[int]:
    spots = set()
    for i in range(1, len(text)):
        head, tail = text[:i], text[i:]
        if head.endswith("关于"):
            continue  # 关于 leads its clause: “…办公室 / 关于召开…”, never “…关于 / 召开…”
        if any(tail.startswith(w) for w in BREAK_BEFORE):
            spots.add(i)
        for w in BREAK_AFTER:
            if head.endswith(w) and not tail.startswith(NOT_AFTER.get(w, "\0")):
                spots.add(i)
    return sorted(spots)


def _any_breaks(text: str) -> list[int]:
    """Between any two characters, except inside a run of digits or Latin letters."""
    return [i for i in range(1, len(text)) if not (text[i - 1].isascii() and text[i].isascii() and text[i - 1].isalnum() and text[i].isalnum())]


def title_lines(text: str, capacity: float = CAPACITY) -> list[str]:
    """The title's lines: one if it fits, else the most even split at a word boundary."""
    room = capacity - MARGIN
    if width(text) <= room:
        return [text]
    lines_needed = int(width(text) // room) + 1
    target = width(text) / lines_needed
    for spots in (_word_breaks(text), _any_breaks(text)):
        fitting = [i for i in spots if width(text[:i]) <= room and width(text[i:]) <= room * (lines_needed - 1)]
        if fitting:
            best = min(fitting, key=lambda i: abs(width(text[:i]) - target))
            return [text[:best], *title_lines(text[best:], capacity)]
    return [text]


def break_titles(document, styles: tuple[str, ...] = ("Title", "附件标题")) -> None:
    """Re-lines every title paragraph of a rendered python-docx document (line breaks, one run)."""
    from .paragraphs import styled_paragraphs

    for para, style in styled_paragraphs(document):
        if style not in styles or "\n" in para.text or not para.runs:
            continue
        lines = title_lines(para.text)
        if len(lines) > 1:
            para.runs[0].text = "\n".join(lines)
            for run in para.runs[1:]:
                run.text = ""
