"""Chinese line breaking in the rendered documents: what must never be split across two lines.

Chinese text may break between any two characters, so a renderer will happily end a line with
"0470-" or "2026年12" or "（共" and carry the rest over. A phone number, a date, a time or time
range, a document number (×政办发〔2026〕12号) and a short count such as "（共8人）" are each
kept on one line: their characters are joined with WORD JOINER (U+2060), and the run is marked
as not Chinese (w:lang) — LibreOffice breaks Chinese text with its own dictionary rules, which
ignore the joiner; under any other language it follows Unicode's line-breaking rules, which
honour it. Word follows the joiner too. The joiner is invisible and not copied by pdftotext.
"""
from __future__ import annotations

import copy
import re

from docx.oxml.ns import qn

WORD_JOINER = "\u2060"
NOT_CHINESE = "en-US"  # the language whose line breaking honours the joiner (see above)

_DAY = r"\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日"
_CLOCK = r"(?:上午|下午|晚上|中午)?\d{1,2}[:：]\d{2}"
PROTECTED = re.compile(
    "|".join(
        [
            _DAY,  # 2026年12月3日, 12月6日
            rf"{_CLOCK}(?:[—–~\-至]{_CLOCK})?",  # 上午8:30至11:30, 8:00—8:25, 17:00
            r"0\d{2,3}-\d{7,8}(?:-\d{1,5})?|1[3-9]\d{9}|\d{7,8}",  # 0470-6600001, 13812345678
            r"[^\s，。、；：（）《》“”]{1,12}〔\d{4}〕\d+号",  # ×政办发〔2026〕12号
            r"（共?\d+(?:人|个单位|个|份|张|项|天|分钟)）",  # （共8人）
            r"\d+(?:分钟|人|份|个单位)",  # 迟到9分钟, 18个单位
            r"\d+(?:\.\d+)?%",  # 85.8%
        ]
    )
)
_DOUBLED = re.compile(r"([、，])\1+")


def joined(text: str) -> str:
    """The characters of `text` with word joiners between them."""
    return WORD_JOINER.join(text)


def plain(text: str) -> str:
    """Text without the joiners (for comparing what a reader sees)."""
    return text.replace(WORD_JOINER, "")


def keep_together(document) -> None:
    """Joins every protected token of a rendered python-docx document's body, headers and footers,
    and collapses doubled enumeration commas ("、、") left by empty list items."""
    parts = [document.element.body]
    for section in document.sections:
        for hf in (section.header, section.footer, section.even_page_footer, section.first_page_footer):
            if not hf.is_linked_to_previous:
                parts.append(hf._element)
    for part in parts:
        for run in list(part.iter(qn("w:r"))):
            _split_run(run)


def _split_run(run) -> None:
    children = [c for c in run if c.tag != qn("w:rPr")]
    if len(children) != 1 or children[0].tag != qn("w:t") or not children[0].text:
        return
    text = _DOUBLED.sub(r"\1", children[0].text)
    if text != children[0].text:
        children[0].text = text
    paragraph = run.getparent()
    if PROTECTED.fullmatch(text.strip()) and len(paragraph.findall(qn("w:r"))) == 1:
        return  # a line of its own (a 成文日期, a 发文字号): nothing to keep together, and its spacing stays as placed
    pieces, last = [], 0
    for match in PROTECTED.finditer(text):
        if len(match.group()) < 2:
            continue
        if match.start() > last:
            pieces.append((text[last:match.start()], False))
        pieces.append((match.group(), True))
        last = match.end()
    if not any(kept for _, kept in pieces):
        return
    if last < len(text):
        pieces.append((text[last:], False))
    # the run copied once without its text (copying it whole per piece was quadratic in a long
    # 名单 paragraph), once more marked for kept tokens; each piece is a copy of one of the two
    plain_run = copy.deepcopy(run)
    t = plain_run.find(qn("w:t"))
    t.text = ""
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    kept_run = copy.deepcopy(plain_run)
    _mark_language(kept_run)
    for piece, kept in pieces:
        new = copy.deepcopy(kept_run if kept else plain_run)
        new.find(qn("w:t")).text = joined(piece) if kept else piece
        run.addprevious(new)
    run.getparent().remove(run)


# CT_RPr children after w:lang, for inserting it in schema order.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _mark_language(run) -> None:
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = run.makeelement(qn("w:rPr"), {})
        run.insert(0, rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        following = next((rpr.find(qn(tag)) for tag in _AFTER_LANG if rpr.find(qn(tag)) is not None), None)
        if following is not None:
            following.addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(qn("w:val"), NOT_CHINESE)
    lang.set(qn("w:eastAsia"), NOT_CHINESE)
