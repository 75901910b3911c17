"""Find installed fonts by family name (Chinese or English), on Windows, macOS and Linux.

Reads only the OpenType `name` table of each font file, so it needs neither fontconfig nor
fontTools. A member of a font collection (.ttc) can be cut out as a stand-alone font, which is
what PDF writers need: Noto Serif CJK SC is the third face of NotoSerifCJK-Regular.ttc.
"""
from __future__ import annotations

import os
import struct
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

# First choices for a seat plate's Chinese name when the requested family is missing:
# the formal display face, then the Song faces offices use, then what Debian ships.
SERIF_FALLBACKS = (
    "方正小标宋简体", "方正小标宋_GBK", "华文中宋", "宋体", "SimSun", "思源宋体", "Source Han Serif SC",
    "Noto Serif CJK SC", "Noto Serif SC", "黑体", "SimHei", "Noto Sans CJK SC", "Microsoft YaHei",
)
MONGOLIAN_FALLBACKS = ("Mongolian Baiti", "Noto Sans Mongolian", "Menk Qagan Tig", "Mongolian White")


@dataclass(frozen=True)
class FontFace:
    family: str  # the name it was found under
    path: str
    index: int = 0  # face number inside a .ttc


def font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts"]


def _sfnt_offsets(data_head: bytes, f) -> list[int]:
    if data_head[:4] == b"ttcf":
        f.seek(8)
        (count,) = struct.unpack(">I", f.read(4))
        return list(struct.unpack(f">{count}I", f.read(4 * count)))
    return [0]


def _family_names(f, offset: int) -> tuple[set[str], bool]:
    """The face's family and full names, and whether it is the regular style."""
    f.seek(offset + 4)
    (num_tables,) = struct.unpack(">H", f.read(2))
    f.seek(offset + 12)
    records = f.read(16 * num_tables)
    for i in range(num_tables):
        tag, _, table_offset, length = struct.unpack(">4sIII", records[16 * i: 16 * i + 16])
        if tag == b"name":
            f.seek(table_offset)
            table = f.read(length)
            break
    else:
        return set(), False
    _, count, string_offset = struct.unpack(">HHH", table[:6])
    names, regular = set(), False
    for i in range(count):
        platform, encoding, _, name_id, size, pos = struct.unpack(">6H", table[6 + 12 * i: 18 + 12 * i])
        if name_id not in (1, 2, 4, 16):  # family, style, full name, typographic family
            continue
        raw = table[string_offset + pos: string_offset + pos + size]
        if platform == 3 or platform == 0:
            text = raw.decode("utf-16-be", "ignore")
        elif platform == 1 and encoding == 0:
            text = raw.decode("latin-1")
        else:
            continue
        if name_id == 2:
            regular = regular or text.strip().lower() in ("regular", "normal", "book", "roman")
        elif text:
            names.add(text.strip())
    return names, regular


@lru_cache(maxsize=1)
def installed_fonts() -> dict[str, FontFace]:
    """Lower-cased family/full name → the first face found under it."""
    found: dict[str, FontFace] = {}
    regular_keys: set[str] = set()  # a regular face wins over bold/italic ones of the same family
    for folder in font_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in FONT_SUFFIXES:
                continue
            try:
                with open(path, "rb") as f:
                    for index, offset in enumerate(_sfnt_offsets(f.read(4), f)):
                        names, regular = _family_names(f, offset)
                        for name in names:
                            key = name.lower()
                            if key not in found or (regular and key not in regular_keys):
                                found[key] = FontFace(name, str(path), index)
                                if regular:
                                    regular_keys.add(key)
            except (OSError, struct.error):
                continue
    return found


def find_font(*families: str) -> FontFace | None:
    """The first of `families` that is installed (names compare case-insensitively)."""
    fonts = installed_fonts()
    for family in families:
        if family and family.strip().lower() in fonts:
            return fonts[family.strip().lower()]
    return None


@lru_cache(maxsize=8)
def font_bytes(face: FontFace) -> bytes:
    """The face as a stand-alone font file (cut out of a collection when needed)."""
    data = Path(face.path).read_bytes()
    if data[:4] != b"ttcf":
        return data
    (count,) = struct.unpack(">I", data[8:12])
    offset = struct.unpack(f">{count}I", data[12:12 + 4 * count])[face.index]
    version, num_tables = struct.unpack(">IH", data[offset:offset + 6])
    records = [struct.unpack(">4sIII", data[offset + 12 + 16 * i: offset + 28 + 16 * i]) for i in range(num_tables)]
    header_size = 12 + 16 * num_tables
    out_records, chunks, position = [], [], header_size
    for tag, checksum, table_offset, length in records:
        out_records.append(struct.pack(">4sIII", tag, checksum, position, length))
        padded = data[table_offset:table_offset + length] + b"\0" * (-length % 4)
        chunks.append(padded)
        position += len(padded)
    head = data[offset:offset + 12]
    return head + b"".join(out_records) + b"".join(chunks)
