"""Search-as-you-type at the desk: a name, its pinyin initials or full pinyin, or part of the unit.

`zw`, `zhangw`, `zhangwei` and `zhw` all find 张伟. Surnames read differently from the
character's everyday reading (单 Shàn, 曾 Zēng, 解 Xiè, 仇 Qiú, 区 Ōu, 查 Zhā …, domain.md §7)
are indexed under the surname reading first, and every other reading of every character is
accepted too, so a clerk who types what he hears finds the person. Each query answers at most
`limit` people, never the roster.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from itertools import islice, product
from typing import Iterable, Sequence

from ..core.desk import Person
from ..text import name_key

# Surnames whose reading differs from the character's first reading (pypinyin's default).
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao", "盖": "ge",
    "华": "hua", "任": "ren", "翟": "zhai", "乐": "yue", "缪": "miao", "种": "chong", "覃": "qin", "召": "shao",
    "折": "she", "秘": "bi", "黑": "he", "员": "yun", "尉": "yu", "长": "zhang", "万": "wan", "句": "gou",
    "阚": "kan", "隗": "wei", "柏": "bai", "薄": "bo", "宿": "su", "纪": "ji", "沈": "shen", "车": "che",
    "贲": "ben", "谌": "chen", "訾": "zi", "那": "na", "繁": "po", "过": "guo", "卜": "bu", "都": "du",
}
COMPOUND_SURNAMES = {"尉迟": ["yu", "chi"], "长孙": ["zhang", "sun"], "万俟": ["mo", "qi"], "单于": ["chan", "yu"],
                     "澹台": ["tan", "tai"], "令狐": ["ling", "hu"], "皇甫": ["huang", "fu"], "宇文": ["yu", "wen"]}
MAX_SPELLINGS = 12  # per person: the likeliest reading combinations
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]")
_KEEP = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f·]")


# Readings per character, filled from pypinyin on first use. The server keeps them in its database:
# importing pypinyin alone takes most of a second, and a restart after a crash must be quick.
READINGS: dict[str, tuple[str, ...]] = {}


def _char_readings(ch: str) -> tuple[str, ...]:
    """Every reading of one character, its everyday reading first."""
    found = READINGS.get(ch)
    if found is None:
        from pypinyin import Style, pinyin

        got = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
        found = READINGS[ch] = tuple(r for r in (got[0] if got else []) if r) or ("?",)
    return found


def readings(name: str) -> list[list[str]]:
    """Per syllable of the name, its readings, likeliest first (Latin letters and digits as they are)."""
    chars = [ch for ch in name if _HAN.match(ch)]
    if not chars:
        latin = re.sub(r"[^0-9a-z]", "", unicodedata.normalize("NFKC", name).lower())
        return [[latin]] if latin else []
    out = [list(_char_readings(ch)) for ch in chars]
    text = "".join(chars)
    surname = COMPOUND_SURNAMES.get(text[:2])
    if surname:
        for i, reading in enumerate(surname):
            out[i] = list(dict.fromkeys([reading, *out[i]]))
    elif text[0] in SURNAME_READINGS:
        out[0] = list(dict.fromkeys([SURNAME_READINGS[text[0]], *out[0]]))
    for syllable in out:  # ü is typed v or u
        syllable.extend([r.replace("v", "u") for r in syllable if "v" in r and r.replace("v", "u") not in syllable])
    return out


def spellings(syllables: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """Reading combinations, likeliest first (fewest departures from the first readings)."""
    if all(len(s) == 1 for s in syllables):
        return [tuple(s[0] for s in syllables)]
    combos = product(*[range(len(s)) for s in syllables])
    ranked = sorted(islice(combos, 4096), key=lambda c: (sum(1 for i in c if i), c))
    return [tuple(s[i] for s, i in zip(syllables, combo)) for combo in ranked[:MAX_SPELLINGS]]


def query_text(text: str) -> str:
    """The query as compared: NFKC, lower case, no spaces, apostrophes or separators."""
    return _KEEP.sub("", unicodedata.normalize("NFKC", text or "").lower())


def pieces_pattern(query: str) -> re.Pattern:
    """Matches a line of space-separated syllables when `query` can be cut into pieces, each a
    non-empty beginning of the next syllable: zhw, zwei and zhangw all match "zhang wei"."""
    return re.compile("^" + re.escape(query[0]) + "".join(f"(?:[a-z]* )?{re.escape(ch)}" for ch in query[1:]), re.M)


class Lines:
    """Many short texts joined into one, searched at C speed; a hit maps back to its text's number."""

    def __init__(self, texts: Iterable[str], owners: Iterable[int]):
        texts = list(texts)
        self.owners = list(owners)
        self.text = "\n".join(texts)
        self.starts, at = [], 0
        for t in texts:
            self.starts.append(at)
            at += len(t) + 1

    def owner(self, offset: int) -> int:
        return self.owners[bisect_right(self.starts, offset) - 1]

    def containing(self, needle: str):
        at = self.text.find(needle)
        while at >= 0:
            yield self.owner(at)
            at = self.text.find(needle, at + 1)

    def matching(self, pattern: re.Pattern):
        return (self.owner(m.start()) for m in pattern.finditer(self.text))


class SearchIndex:
    """People by name key, pinyin spellings and initials; each query walks only sorted ranges."""

    def __init__(self, people: Iterable[Person], limit: int = 8):
        self.people = list(people)
        self.limit = limit
        self.names = [name_key(p.name) for p in self.people]
        self.units = [name_key(p.unit) for p in self.people]
        by_name, full, initials, alternative = [], [], [], []
        by_letter: dict[str, list[tuple[str, int]]] = {}
        for i, p in enumerate(self.people):
            by_name.append((self.names[i], i))
            for rank, combo in enumerate(spellings(readings(p.name))):
                target = full if rank == 0 else alternative
                target.append(("".join(combo), i))
                initials.append(("".join(s[0] for s in combo), rank, i))
                by_letter.setdefault(combo[0][0], []).append((" ".join(combo), i))
        self.by_name = sorted(by_name)
        self.full = sorted(full)
        self.alternative = sorted(alternative)
        self.initials = sorted(initials)
        self.spoken = {letter: Lines(*zip(*lines)) for letter, lines in by_letter.items()}
        self.name_text = Lines(self.names, range(len(self.people)))
        self.unit_text = Lines(self.units, range(len(self.people)))

    def search(self, text: str) -> tuple[list[Person], bool]:
        """(at most `limit` people, whether more matched): exact name, name beginning, initials,
        full pinyin, mixed pinyin, then any part of the name or unit."""
        query = query_text(text)
        if not query:
            return [], False
        found: dict[int, None] = {}
        want = self.limit + 1  # one more tells whether there are more
        for tier in self._tiers(query):
            for i in tier:
                found.setdefault(i)
                if len(found) >= want:
                    break
            if len(found) >= want:
                break
        positions = list(found)
        return [self.people[i] for i in positions[: self.limit]], len(positions) > self.limit

    def _tiers(self, query: str):
        if _HAN.search(query):
            yield self._prefix(self.by_name, query, exact=True)
            yield self._prefix(self.by_name, query)
            yield self.name_text.containing(query)
            yield self.unit_text.containing(query)
            return
        yield (i for _, _, i in self._range(self.initials, query, exact=True))
        yield self._prefix(self.full, query)
        yield (i for _, rank, i in self._range(self.initials, query) if rank == 0)
        yield self._prefix(self.alternative, query)
        yield (i for _, _, i in self._range(self.initials, query))
        spoken = self.spoken.get(query[0])
        if spoken is not None:
            yield spoken.matching(pieces_pattern(query))

    @staticmethod
    def _range(entries: list[tuple], query: str, exact: bool = False):
        for j in range(bisect_left(entries, (query,)), len(entries)):
            entry = entries[j]
            key = entry[0]
            if key != query and (exact or not key.startswith(query)):
                return
            yield entry

    def _prefix(self, entries: list[tuple[str, int]], query: str, exact: bool = False):
        return (entry[-1] for entry in self._range(entries, query, exact))
