"""Name keys: how two spellings of one name are recognised as the same person."""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

# Every middle-dot look-alike seen in rosters (domain.md §7) maps to U+00B7.
DOT_LOOKALIKES = "∙•・‧．.·●⋅･"
_DOTS = re.compile(f"[{re.escape(DOT_LOOKALIKES)}]")
# White space of every kind, including zero-width characters Python's \s does not cover.
_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff]+")


def name_key(name: object) -> str:
    if name is None or (isinstance(name, float) and name != name):
        return ""
    text = unicodedata.normalize("NFKC", str(name))
    text = _SPACES.sub("", text)
    return _DOTS.sub("\u00b7", text)


def name_keys(names: pd.Series) -> pd.Series:
    """Vectorised name_key for a whole column."""
    text = names.astype("string").fillna("").str.normalize("NFKC")
    text = text.str.replace(_SPACES.pattern, "", regex=True)
    return text.str.replace(_DOTS.pattern, "\u00b7", regex=True)


def clean_cell(value: object) -> str:
    """Display text of a cell: trimmed of padding, NBSP and zero-width characters."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u00a0", " ")
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return text.strip(" \t\r\n\u3000")
