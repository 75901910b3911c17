"""QR codes for people's 参会码, made by the thousand (参会证, the units' lists).

zxing-cpp encodes in C++ (about 0.2 ms a code, against 1–8 ms for a pure-Python encoder, which
at 10,000 cards was the whole of 生成参会证's time). A code is a square of dark and light modules;
the documents draw it as vector rectangles (PDF) or a small grey image (PNG).
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

import numpy as np

ERROR_CORRECTION = "M"
_RECTS: dict[int, np.ndarray] = {}  # code size → every "re" operator a run can need, by column, row, length


def _rects(size: int) -> np.ndarray:
    """The "re" operators (in module units) of every possible run in a code of this size, made once."""
    table = _RECTS.get(size)
    if table is None:
        column, row, length = np.meshgrid(*(np.arange(size + 1),) * 3, indexing="ij")
        words = [f"{c} {r} {n} 1 re" for c, r, n in zip(column.ravel().tolist(), row.ravel().tolist(), length.ravel().tolist())]
        table = _RECTS[size] = np.array(words, dtype=object).reshape(column.shape)
    return table


@dataclass(frozen=True)
class QrCode:
    dark: np.ndarray  # bool, one entry a module, no quiet zone

    @property
    def size(self) -> int:
        return self.dark.shape[0]

    def runs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, first column, length) of every horizontal run of dark modules, rows from the top."""
        padded = np.zeros((self.size, self.size + 2), dtype=np.int8)
        padded[:, 1:-1] = self.dark
        steps = np.diff(padded, axis=1)
        rows, starts = np.nonzero(steps == 1)
        _, ends = np.nonzero(steps == -1)
        return rows, starts, ends - starts

    def pdf_path(self, x: float, bottom: float, size: float) -> str:
        """Content-stream operators filling the code in the square (x, bottom, size) in points."""
        module = size / self.size
        rows, starts, lengths = self.runs()
        rects = " ".join(_rects(self.size)[starts, self.size - 1 - rows, lengths].tolist())
        return f"q 0 g {module:.4f} 0 0 {module:.4f} {x:.3f} {bottom:.3f} cm {rects} f Q"

    def png(self, scale: int = 3, border: int = 2) -> bytes:
        """A greyscale PNG, `scale` pixels a module, `border` light modules around (the quiet zone)."""
        light = np.pad(~self.dark, border, constant_values=True)
        pixels = np.kron(light, np.ones((scale, scale), dtype=bool)).astype(np.uint8) * 255
        height, width = pixels.shape
        raw = b"".join(b"\x00" + row.tobytes() for row in pixels)  # filter type 0 on every line

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

        header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def person_qr(data: str) -> QrCode:
    """The QR code (model 2, error correction M) for one person's code."""
    import zxingcpp

    barcode = zxingcpp.create_barcode(data, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR_CORRECTION)
    image = np.asarray(barcode.to_image(scale=1, add_quiet_zones=False))
    return QrCode(image < 128)
