"""People's QR codes (zxing-cpp's encoder): every one reads back, drawn as PDF rectangles and as PNG."""
from __future__ import annotations

import numpy as np
import pytest

from huiwu_xl.core.codes import code_for
from huiwu_xl.documents.qr import person_qr

zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp encodes and reads the codes")


def image_of(qr, scale: int = 4) -> np.ndarray:
    dark = np.pad(qr.dark.astype(np.uint8), 4)
    return (np.kron(1 - dark, np.ones((scale, scale), dtype=np.uint8)) * 255).astype(np.uint8)


def test_codes_decode_and_runs_rebuild_the_matrix():
    codes = [code_for("5e" * 16, f"{name}\u0001旗财政局") for name in (f"人员{i}" for i in range(200))]
    for code in codes:
        qr = person_qr(code)
        assert [r.text for r in zxingcpp.read_barcodes(image_of(qr))] == [code]
        rebuilt = np.zeros_like(qr.dark)
        for r, s, n in zip(*qr.runs()):
            assert not rebuilt[r, s:s + n].any()
            rebuilt[r, s:s + n] = True
        assert (rebuilt == qr.dark).all()


def test_png_reads_back(tmp_path):
    pymupdf = pytest.importorskip("pymupdf")
    code = code_for("ab" * 16, "张伟\u0001旗委统战部")
    png = person_qr(code).png(scale=3, border=2)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pix = pymupdf.Pixmap(png)
    pixels = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, 0]
    assert [r.text for r in zxingcpp.read_barcodes(pixels)] == [code]


def test_pdf_path_reads_back_when_rendered(tmp_path):
    pymupdf = pytest.importorskip("pymupdf")
    code = code_for("cd" * 16, "王伟\u0001旗财政局")
    doc = pymupdf.open()
    page = doc.new_page(width=200, height=200)
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, person_qr(code).pdf_path(50, 50, 100).encode())
    doc.xref_set_key(page.xref, "Contents", f"{xref} 0 R")
    pix = page.get_pixmap(dpi=144, colorspace=pymupdf.csGRAY)
    pixels = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
    assert [r.text for r in zxingcpp.read_barcodes(pixels)] == [code]
