"""Name keys: how two spellings of one name are recognised as the same person."""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from itertools import accumulate

from .clean import xml_text

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


# Names made of CJK ideographs only are their own key (NFKC leaves them alone); the compatibility
# ideographs U+F900–FAFF and U+2F800–2FA1F are left out on purpose, since NFKC does change those.
_CJK = "[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002f7ff\U00030000-\U0003134f]"
_PLAIN_CJK = re.compile(_CJK + "+\\Z")
_NOT_PLAIN = re.compile(f"[^{_CJK[1:-1]}\n]")


def name_keys(names) -> "pd.Series":
    """name_key for a whole column; the common plain-CJK name skips the normalisation."""
    import pandas as pd  # here, not at the top: the sign-in server restarts without pandas

    index = names.index if isinstance(names, pd.Series) else None
    values = names.tolist() if hasattr(names, "tolist") else list(names)
    joined = "\n".join(values) if set(map(type, values)) <= {str} else None
    if joined is not None and joined.count("\n") == len(values) - 1:  # a name with a line break takes the long way
        # The usual column: a few names need normalising; find them in one regex pass over the whole.
        odd = [m.start() for m in _NOT_PLAIN.finditer(joined)]
        keys = list(values)
        if odd:
            ends = list(accumulate(len(v) + 1 for v in values))  # each value's end, its separator included
            for i in sorted({bisect_right(ends, pos) for pos in odd}):
                keys[i] = name_key(values[i])
        return pd.Series(keys, index=index, dtype=object)
    plain = _PLAIN_CJK.match
    # Only text and blanks are looked up by value: 1, 1.0 and True (or 0.0 and -0.0) are one in a set, not as names.
    distinct = set(values) if len(values) > 64 and set(map(type, values)) <= {str, type(None)} else None
    if distinct is not None and len(distinct) * 2 < len(values):  # units: few values, many rows
        key_of = {v: v if type(v) is str and plain(v) else name_key(v) for v in distinct}
        keys = [key_of[v] for v in values]
    else:
        keys = [v if type(v) is str and plain(v) else name_key(v) for v in values]
    return pd.Series(keys, index=index, dtype=object)


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


_DISPLAY_DOTS = str.maketrans({d: "\u00b7" for d in DOT_LOOKALIKES if d != "."})


def printed_name(name: str) -> str:
    """A name as it is printed on a plate or card: every 间隔号 look-alike as U+00B7 (民委发〔2016〕33号)."""
    return xml_text(cell_text(name)).translate(_DISPLAY_DOTS)


def cell_text(value: object) -> str:
    """A cell as the text a user sees: trimmed, NBSP as a space, zero-width characters gone,
    a phone number stored as a number without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return _INVISIBLE.sub("", str(value).replace("\u00a0", " ")).strip()

