"""Is a typed value Unicode traditional Mongolian (domain.md §2.4)?

Legacy input methods (蒙科立, 方正, 赛音) store Mongolian in the Private Use Area: such text looks
right only with its own font and prints as boxes or the wrong letters anywhere else, and no
conversion is reliable. So a Mongolian field accepts the Mongolian blocks, the joiners and
variation selectors the script uses, spaces, digits and common punctuation — nothing else.
"""
from __future__ import annotations

import unicodedata

LEGACY = "legacy"
FOREIGN = "foreign"

_PUNCTUATION = set(" \u3000-·.,:;!?()（）《》〈〉«»“”‘’\"'/、，。：；！？0123456789")
_JOINERS = {"\u180e", "\u202f", "\u200c", "\u200d", "\u2060"}  # MVS, NNBSP (suffixes), ZWNJ, ZWJ, WJ


def _is_private(cp: int) -> bool:
    return 0xE000 <= cp <= 0xF8FF or 0xF0000 <= cp <= 0x10FFFF


def _is_mongolian(cp: int) -> bool:
    return 0x1800 <= cp <= 0x18AF or 0x11660 <= cp <= 0x1167F


def mongolian_fault(text: str) -> tuple[str, str] | None:
    """None for an empty or clean value; else (LEGACY or FOREIGN, the first offending character)."""
    foreign = None
    for ch in text or "":
        cp = ord(ch)
        if _is_private(cp):
            return LEGACY, ch
        if foreign is None and not (_is_mongolian(cp) or ch in _JOINERS or ch in _PUNCTUATION):
            foreign = ch
    if foreign is not None:
        return FOREIGN, foreign
    return None


def fault_message(text: str, what: str) -> str | None:
    """The Chinese message for a bad value of the field `what` (e.g. “蒙文姓名”), or None."""
    fault = mongolian_fault(text)
    if fault is None:
        return None
    kind, ch = fault
    if kind == LEGACY:
        return (f"“{what}”含旧编码（非 Unicode）蒙古文字符（U+{ord(ch):04X}），换一台电脑或打印时会显示错乱："
                "请用 Unicode 蒙古文输入法（如微软蒙古文、蒙科立 Unicode 版）重新录入")
    name = unicodedata.name(ch, "")
    shown = f"“{ch}”（U+{ord(ch):04X}{'，' + name if name else ''}）"
    return f"“{what}”只能填写传统蒙古文（Unicode 蒙古文字符），其中的{shown}不是蒙古文：请删去或改正"
