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


def installed_fonts() -> dict[str, FontFace]:
    """Lower-cased family/full name → the first face found under it.

    Scanned again when a font folder has changed: in Excel's persistent Python server a font
    installed after the first press is found at the next."""
    return _scan_fonts(_font_folders_state())


def _font_folders_state() -> tuple[tuple[str, int], ...]:
    """Each font folder (and subfolder) with its modification time: installing a font changes it."""
    return tuple((root, os.stat(root).st_mtime_ns) for folder in font_dirs() for root, _, _ in os.walk(folder))


@lru_cache(maxsize=1)
def _scan_fonts(_state: tuple) -> dict[str, FontFace]:
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


# ---------------------------------------------------------------------------------------------
# Shrinking a CFF-outline font (Noto/Source Han CJK) before a PDF embeds it.
# MuPDF subsets TrueType fonts itself but embeds OpenType/CFF fonts whole (25 MB for Noto
# Serif CJK). Blanking the outlines of unused glyphs keeps every glyph id, so widths, cmap and
# text extraction stay valid, and only the CharStrings INDEX has to be rebuilt.
LAYOUT_TABLES = {b"BASE", b"GDEF", b"GPOS", b"GSUB", b"JSTF", b"VORG", b"vhea", b"vmtx", b"DSIG", b"MATH"}
_ENDCHAR = b"\x0e"


def _tables(data: bytes) -> dict[bytes, bytes]:
    (num_tables,) = struct.unpack(">H", data[4:6])
    tables = {}
    for i in range(num_tables):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
        tables[tag] = data[offset:offset + length]
    return tables


def _checksum(table: bytes) -> int:
    padded = table + b"\0" * (-len(table) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _sfnt(version: bytes, tables: dict[bytes, bytes]) -> bytes:
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = version + struct.pack(">HHHH", count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    position = 12 + 16 * count
    records, chunks = [], []
    for tag in tags:
        table = tables[tag]
        records.append(struct.pack(">4sIII", tag, _checksum(table), position, len(table)))
        chunks.append(table + b"\0" * (-len(table) % 4))
        position += len(chunks[-1])
    return header + b"".join(records) + b"".join(chunks)


def _offsets(data: bytes, pos: int):
    """(count, offsets as a numpy array, the byte before item data) of a CFF INDEX at `pos`."""
    import numpy as np

    (count,) = struct.unpack(">H", data[pos:pos + 2])
    if count == 0:
        return 0, np.ones(1, dtype=np.int64), pos + 1
    size = data[pos + 2]
    raw = np.frombuffer(data, dtype=np.uint8, count=(count + 1) * size, offset=pos + 3).reshape(count + 1, size)
    offsets = np.zeros(count + 1, dtype=np.int64)
    for column in range(size):
        offsets = (offsets << 8) | raw[:, column]
    return count, offsets, pos + 2 + (count + 1) * size


def _index(data: bytes, pos: int) -> tuple[list[tuple[int, int]], int]:
    """The (start, end) of each item of a CFF INDEX at `pos`, and where the INDEX ends."""
    count, offsets, base = _offsets(data, pos)
    starts = (offsets + base).tolist()
    return list(zip(starts[:-1], starts[1:])), starts[-1]


def _blanked_index(data: bytes, pos: int, keep: set[int]) -> tuple[bytes, int]:
    """The INDEX at `pos` rebuilt with every item not in `keep` replaced by `endchar`; and its old end."""
    import numpy as np

    count, offsets, base = _offsets(data, pos)
    lengths = np.ones(count, dtype=np.int64)
    kept = sorted(g for g in keep if 0 <= g < count)
    lengths[kept] = offsets[1:][kept] - offsets[:-1][kept]
    new_offsets = np.concatenate(([1], 1 + np.cumsum(lengths)))
    total = int(new_offsets[-1])
    size = 1 if total < 1 << 8 else 2 if total < 1 << 16 else 3 if total < 1 << 24 else 4
    table = new_offsets.astype(">u4").view(np.uint8).reshape(-1, 4)[:, 4 - size:].tobytes()
    pieces, previous = [], 0
    for gid in kept:
        pieces.append(_ENDCHAR * (gid - previous))
        pieces.append(data[base + int(offsets[gid]): base + int(offsets[gid + 1])])
        previous = gid + 1
    pieces.append(_ENDCHAR * (count - previous))
    return struct.pack(">HB", count, size) + table + b"".join(pieces), base + int(offsets[-1])


def _dict_operands(data: bytes, start: int, end: int) -> list[tuple[int, list[tuple[int, int, int]]]]:
    """(operator, [(value, operand start, operand byte length)]) of a CFF DICT; reals give value 0."""
    result, operands, i = [], [], start
    while i < end:
        b0 = data[i]
        if b0 <= 21:
            op = 1200 + data[i + 1] if b0 == 12 else b0
            i += 2 if b0 == 12 else 1
            result.append((op, operands))
            operands = []
        elif b0 == 28:
            operands.append((struct.unpack(">h", data[i + 1:i + 3])[0], i, 3))
            i += 3
        elif b0 == 29:
            operands.append((struct.unpack(">i", data[i + 1:i + 5])[0], i, 5))
            i += 5
        elif b0 == 30:
            j = i + 1
            while data[j] & 0x0F != 0x0F and data[j] >> 4 != 0x0F:
                j += 1
            operands.append((0, i, j + 1 - i))
            i = j + 1
        elif 32 <= b0 <= 246:
            operands.append((b0 - 139, i, 1))
            i += 1
        elif 247 <= b0 <= 254:
            sign = 1 if b0 <= 250 else -1
            operands.append((sign * (((b0 - (247 if sign > 0 else 251)) << 8) + data[i + 1] + 108), i, 2))
            i += 2
        else:
            raise ValueError("bad CFF DICT")
    return result


def _blank_cff(cff: bytes, keep: set[int]) -> bytes | None:
    """The CFF table with unused glyph outlines emptied, or None if its layout is not supported."""
    pos = cff[2]
    _, pos = _index(cff, pos)  # Name INDEX
    top_items, pos = _index(cff, pos)
    if len(top_items) != 1:
        return None
    top = _dict_operands(cff, *top_items[0])
    ops = {op: operands for op, operands in top}
    if 17 not in ops:
        return None
    cs_start = ops[17][0][0]
    new_cs, cs_end = _blanked_index(cff, cs_start, keep)
    shift = len(new_cs) - (cs_end - cs_start)
    out = bytearray(cff[:cs_start] + new_cs + cff[cs_end:])

    def moved(offset: int) -> int:
        return offset + shift if offset >= cs_end else offset

    def patch(operand: tuple[int, int, int], delta_base: int) -> bool:
        value, at, length = operand
        if value < cs_end:
            return True
        if length != 5:  # only 5-byte integers can be rewritten in place
            return False
        target = at + delta_base
        out[target:target + 5] = b"\x1d" + struct.pack(">i", value + shift)
        return True

    # Top DICT lies before CharStrings: patch it in place.
    for op, operands in top:
        if op in (15, 16, 1236, 1237) and operands and not patch(operands[0], 0):
            return None
        if op == 18 and len(operands) == 2 and not patch(operands[1], 0):
            return None
    if 1236 in ops:  # CID-keyed: each Font DICT names its Private DICT
        fd_at = ops[1236][0][0]
        fd_items, _ = _index(cff, fd_at)
        base = moved(fd_at) - fd_at
        for a, b in fd_items:
            for op, operands in _dict_operands(cff, a, b):
                if op == 18 and len(operands) == 2 and not patch(operands[1], base):
                    return None
    return bytes(out)


def shrink_cff_font(data: bytes, keep_glyphs: set[int]) -> bytes:
    """A CFF-outline font with only `keep_glyphs` drawn and the layout tables dropped.

    TrueType fonts come back unchanged (MuPDF subsets those when the PDF is saved).
    """
    if data[:4] != b"OTTO":
        return data
    tables = _tables(data)
    blanked = _blank_cff(tables[b"CFF "], keep_glyphs | {0})
    if blanked is None:
        return data
    kept = {tag: table for tag, table in tables.items() if tag not in LAYOUT_TABLES}
    kept[b"CFF "] = blanked
    return _sfnt(data[:4], kept)


def with_cmap(data: bytes, mapping: dict[int, int]) -> bytes:
    """The font with its cmap replaced by `mapping` (code point → glyph id) alone.

    A CJK face maps a compatibility ideograph (U+F98E) to the glyph of the unified one (年,
    U+5E74); a PDF writer that builds ToUnicode by reversing the cmap may then pick the
    compatibility code point, and copied text changes. Mapping only the characters drawn
    leaves one code point per glyph (and a small ToUnicode).
    """
    groups: list[list[int]] = []
    for cp, gid in sorted(mapping.items()):
        if gid and groups and cp == groups[-1][1] + 1 and gid == groups[-1][2] + (cp - groups[-1][0]):
            groups[-1][1] = cp
        elif gid:
            groups.append([cp, cp, gid])
    body = b"".join(struct.pack(">III", *g) for g in groups)
    subtable = struct.pack(">HHIII", 12, 0, 16 + len(body), 0, len(groups)) + body
    # (3,1) and (3,10) both point at the one format-12 subtable: readers look for either.
    cmap = struct.pack(">HH", 0, 2) + struct.pack(">HHI", 3, 1, 20) + struct.pack(">HHI", 3, 10, 20) + subtable
    tables = _tables(data)
    tables[b"cmap"] = cmap
    return _sfnt(data[:4], tables)
