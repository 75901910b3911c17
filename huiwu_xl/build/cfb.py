"""A small writer of Compound File Binary files (MS-CFB, version 3, 512-byte sectors).

Enough for a VBA project: a tree of storages and streams, written deterministically (no
timestamps, no class ids, a fixed sector layout), so the same tree gives the same bytes.
`olefile` reads what this writes; it cannot write itself.
"""
from __future__ import annotations

import struct
from typing import Mapping, Union

Tree = Mapping[str, Union[bytes, "Tree"]]  # a storage: name -> stream bytes or a sub-storage

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b""):
        if len(name) > 31:
            raise ValueError(f"CFB names are at most 31 characters: {name!r}")
        self.name, self.kind, self.data = name, kind, data
        self.left = self.right = self.child = NOSTREAM
        self.color = BLACK
        self.start, self.size = ENDOFCHAIN, 0

    def pack(self) -> bytes:
        encoded = (self.name + "\0").encode("utf-16-le") if self.name else b""
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            encoded,
            len(encoded),
            self.kind,
            self.color,
            self.left,
            self.right,
            self.child,
            b"\0" * 16,
            0,
            0,
            0,
            self.start,
            self.size,
        )


def _sort_key(name: str) -> tuple[int, str]:
    # MS-CFB 2.6.4: shorter names first, then by upper-cased code points.
    return (len(name), name.upper())


def _link_siblings(entries: list[_Entry], ids: list[int], depth: int, red_level: int) -> int:
    """Builds a balanced red-black tree over `ids` (sorted); returns the root's id.

    Splitting at the middle fills every level but the last, so colouring a partial last level
    red keeps the black height equal on all paths and the root black.
    """
    if not ids:
        return NOSTREAM
    mid = len(ids) // 2
    node = entries[ids[mid]]
    node.color = RED if depth == red_level else BLACK
    node.left = _link_siblings(entries, ids[:mid], depth + 1, red_level)
    node.right = _link_siblings(entries, ids[mid + 1 :], depth + 1, red_level)
    return ids[mid]


def _red_level(n: int) -> int:
    """The depth of the partial last level of a minimal-height tree of n nodes, or -1."""
    full = (n + 1).bit_length() - 1  # number of full levels
    return full if (1 << full) - 1 != n else -1


def _flatten(tree: Tree) -> list[_Entry]:
    entries = [_Entry("Root Entry", ROOT)]

    def add(storage_index: int, storage: Tree) -> None:
        ids = []
        for name in sorted(storage, key=_sort_key):
            value = storage[name]
            if isinstance(value, (bytes, bytearray)):
                entries.append(_Entry(name, STREAM, bytes(value)))
                ids.append(len(entries) - 1)
            else:
                entries.append(_Entry(name, STORAGE))
                entries[-1].start = 0  # storages have no stream
                ids.append(len(entries) - 1)
        entries[storage_index].child = _link_siblings(entries, ids, 0, _red_level(len(ids)))
        for i in ids:
            if entries[i].kind == STORAGE:
                add(i, storage[entries[i].name])

    add(0, tree)
    return entries


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(first, first + count - 1):
        fat[i] = i + 1
    fat[first + count - 1] = ENDOFCHAIN


def _sectors(length: int, size: int) -> int:
    return (length + size - 1) // size


def write_cfb(tree: Tree) -> bytes:
    """The bytes of a compound file holding `tree`."""
    entries = _flatten(tree)
    streams = [e for e in entries if e.kind == STREAM]
    small = [e for e in streams if len(e.data) < MINI_CUTOFF]
    large = [e for e in streams if len(e.data) >= MINI_CUTOFF]

    # Mini stream: small streams in 64-byte mini sectors, chained in the mini FAT.
    mini_fat: list[int] = []
    mini_stream = bytearray()
    for e in small:
        e.size = len(e.data)
        if not e.data:
            continue
        e.start = len(mini_fat)
        n = _sectors(len(e.data), MINI_SECTOR)
        mini_fat.extend([FREESECT] * n)
        _chain(mini_fat, e.start, n)
        mini_stream += e.data.ljust(n * MINI_SECTOR, b"\0")

    dir_sectors = _sectors(len(entries) * 128, SECTOR)
    minifat_sectors = _sectors(len(mini_fat) * 4, SECTOR)
    ministream_sectors = _sectors(len(mini_stream), SECTOR)
    large_sectors = sum(_sectors(len(e.data), SECTOR) for e in large)
    payload = dir_sectors + minifat_sectors + ministream_sectors + large_sectors
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + payload:
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("file too large for a header-only DIFAT")

    # Layout: FAT | directory | mini FAT | mini stream | large streams.
    fat = [FREESECT] * (fat_sectors * SECTOR // 4)
    for i in range(fat_sectors):
        fat[i] = FATSECT
    position = fat_sectors
    dir_start = position
    _chain(fat, dir_start, dir_sectors)
    position += dir_sectors
    minifat_start = position if minifat_sectors else ENDOFCHAIN
    if minifat_sectors:
        _chain(fat, position, minifat_sectors)
        position += minifat_sectors
    root = entries[0]
    root.size = len(mini_stream)
    if ministream_sectors:
        root.start = position
        _chain(fat, position, ministream_sectors)
        position += ministream_sectors
    body = bytearray()
    for e in large:
        n = _sectors(len(e.data), SECTOR)
        e.start, e.size = position, len(e.data)
        _chain(fat, position, n)
        position += n
        body += e.data.ljust(n * SECTOR, b"\0")

    difat = list(range(fat_sectors)) + [FREESECT] * (109 - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        SIGNATURE,
        b"\0" * 16,
        0x003E,  # minor version
        0x0003,  # major version 3
        0xFFFE,  # byte order
        9,  # sector shift: 512
        6,  # mini sector shift: 64
        b"\0" * 6,
        0,  # directory sectors (always 0 in version 3)
        fat_sectors,
        dir_start,
        0,  # transaction signature
        MINI_CUTOFF,
        minifat_start,
        minifat_sectors,
        ENDOFCHAIN,  # no DIFAT sectors
        0,
        *difat,
    )
    free = _Entry("", 0)  # unused entries: all zero but the three links
    free.color, free.start = RED, 0
    directory = b"".join(e.pack() for e in entries)
    directory += free.pack() * (dir_sectors * SECTOR // 128 - len(entries))
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    mini_fat_bytes += struct.pack("<I", FREESECT) * (minifat_sectors * SECTOR // 4 - len(mini_fat))
    return b"".join(
        [
            header,
            struct.pack(f"<{len(fat)}I", *fat),
            directory,
            mini_fat_bytes,
            bytes(mini_stream).ljust(ministream_sectors * SECTOR, b"\0"),
            bytes(body),
        ]
    )
