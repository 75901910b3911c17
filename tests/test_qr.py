"""People's QR codes use one fixed mask (speed): every one of them must still read back."""
from __future__ import annotations

import pytest

from huiwu_xl.core.codes import code_for
from huiwu_xl.documents.qr import MASK, person_qr


def test_fixed_mask_codes_decode():
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp reads the codes back")
    import numpy as np

    codes = [code_for("5e" * 16, f"{name}\u0001旗财政局") for name in (f"人员{i}" for i in range(200))]
    for code in codes:
        qr = person_qr(code)
        assert qr.mask == MASK
        dark = np.pad(np.array(qr.matrix, dtype=np.uint8), 4)
        image = (np.kron(1 - dark, np.ones((4, 4), dtype=np.uint8)) * 255).astype(np.uint8)
        assert [r.text for r in zxingcpp.read_barcodes(image)] == [code]
