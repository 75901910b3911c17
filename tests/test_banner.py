"""会标.pdf (Mongolian above the Chinese, horizontal, the same height, the real size written on it)
and the notice's 版头 with the Mongolian 发文机关标志 above the Chinese, as rendered."""
from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import needs_cjk_font, needs_soffice

from huiwu_xl.cli import main
from huiwu_xl.documents.fonts import MONGOLIAN_FALLBACKS, find_font
from huiwu_xl.documents.plates import load_pymupdf

from test_translation import set_settings

needs_mongolian = pytest.mark.skipif(find_font(*MONGOLIAN_FALLBACKS) is None, reason="no Mongolian font installed (fonts-noto-core)")
# "The banner's economic work meeting", as a translator would send it (suffixes after U+202F).
BANNER_MN = "ᠬᠣᠰᠢᠭᠤᠨ\u202fᠤ ᠡᠳ᠋\u202fᠦᠨ ᠵᠠᠰᠠᠭ\u202fᠤᠨ ᠠᠵᠢᠯ\u202fᠤᠨ ᠬᠤᠷᠠᠯ"
ISSUER_MN = "ᠬᠣᠰᠢᠭᠤᠨ\u202fᠤ ᠠᠷᠠᠳ\u202fᠤᠨ ᠵᠠᠰᠠᠭ\u202fᠤᠨ ᠭᠠᠵᠠᠷ"


def spans(page, script: str) -> list[dict]:
    mongolian = [s for s in page.get_texttrace() if "Mongolian" in s["font"]]
    return mongolian if script == "mn" else [s for s in page.get_texttrace() if "CJK" in s["font"] or "宋" in s["font"]]


def ink_bands(page, rect, dpi: int = 600) -> list[tuple[float, float]]:
    """(top, bottom) in points of each horizontal band of white ink inside the red banner."""
    pymupdf = load_pymupdf()
    pix = page.get_pixmap(dpi=dpi, clip=rect)
    a = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.h, pix.w, pix.n)
    white = (a[:, :, 0] > 200) & (a[:, :, 1] > 200) & (a[:, :, 2] > 200)
    rows = white.any(axis=1)
    bands, start = [], None
    for y, on in enumerate(np.append(rows, False)):
        if on and start is None:
            start = y
        elif not on and start is not None:
            bands.append((rect.y0 + start * 72 / dpi, rect.y0 + y * 72 / dpi))
            start = None
    assert pymupdf  # rendered by PyMuPDF
    return bands


@needs_cjk_font
@needs_mongolian
def test_banner_proof_mongolian_above_chinese_same_height_real_size_written(demo_path, tmp_path):
    set_settings(demo_path, **{"会标宽度（米）": 12, "会标高度（米）": 1, "会标（蒙古文）": BANNER_MN})
    assert main(["banner", str(demo_path), "--out", str(tmp_path)]) == 0
    doc = load_pymupdf().open(tmp_path / "会标.pdf")
    page = doc[0]
    red = next(d["rect"] for d in page.get_drawings() if d.get("fill") and d["fill"][0] > 0.7 and d["fill"][1] < 0.1)
    inside = lambda s: red.contains(load_pymupdf().Rect(s["bbox"]))  # noqa: E731
    mn, banner_cn = [s for s in spans(page, "mn") if inside(s)], [s for s in spans(page, "cn") if inside(s)]
    assert len(mn) == 1 and len(banner_cn) == 1
    assert BANNER_MN.replace("\u202f", " ") in page.get_text().replace("\u202f", " ")  # copied as typed (/ActualText)
    for s in mn + banner_cn:
        assert s["dir"] == (1.0, 0.0)  # both set horizontally, reading left to right
        assert all(ch[1] != 0 for ch in s["chars"])  # no .notdef glyph
    assert max(s["bbox"][3] for s in mn) <= min(s["bbox"][1] for s in banner_cn)  # Mongolian above the Chinese

    bands = ink_bands(page, red)
    assert len(bands) == 2  # one Mongolian line, one Chinese line
    (t1, b1), (t2, b2) = bands
    assert abs((b1 - t1) - (b2 - t2)) <= 0.1 * (b2 - t2), bands  # the same height within 10 %
    assert red.width / red.height == pytest.approx(12 / 1, rel=0.01)  # drawn to scale

    text = page.get_text().replace("\xa0", " ")
    assert "宽 12 米 × 高 1 米" in text and "比例 1:40" in text
    assert re.search(r"宽 12 米\s", text) and "高 1 米" in text  # the dimension lines' labels
    heights = re.search(r"字高：蒙古文 ([\d.]+) 米，汉文 ([\d.]+) 米", text)
    assert heights and heights.group(1) == heights.group(2)
    assert float(heights.group(1)) == pytest.approx((b2 - t2) / red.height * 1, rel=0.08)


@needs_cjk_font
def test_banner_without_mongolian_marks_its_place_and_asks_for_a_translation(demo_path, tmp_path, capsys):
    set_settings(demo_path, **{"会标宽度（米）": 8, "会标高度（米）": 1.2})
    assert main(["banner", str(demo_path), "--out", str(tmp_path)]) == 0
    assert "生成翻译清单" in capsys.readouterr().out
    text = load_pymupdf().open(tmp_path / "会标.pdf")[0].get_text().replace("\xa0", " ")
    assert "宽 8 米 × 高 1.2 米" in text and "待翻译" in text


def test_banner_needs_the_hall_size(demo_path, tmp_path, capsys):
    set_settings(demo_path, **{"会标宽度（米）": None, "会标高度（米）": None})
    assert main(["banner", str(demo_path), "--out", str(tmp_path)]) == 2
    said = capsys.readouterr().err
    assert "会议信息" in said and "会标宽度（米）" in said and "会标高度（米）" in said


@needs_soffice
@needs_cjk_font
@needs_mongolian
def test_notice_header_carries_the_mongolian_issuer_above_the_chinese_in_red(demo_path, tmp_path):
    from docx import Document

    from huiwu_xl.documents.render import docx_to_pdf

    set_settings(demo_path, **{"发文机关标志（蒙古文）": ISSUER_MN})
    assert main(["notice", str(demo_path), "--out", str(tmp_path)]) == 0
    paragraphs = Document(tmp_path / "会议通知.docx").paragraphs
    assert [p.text for p in paragraphs[:3]] == [ISSUER_MN, "××旗人民政府办公室文件", "×政办发〔2026〕12号"]
    run = paragraphs[0].runs[0]
    assert str(run.font.color.rgb) == "E60012"
    assert run.font.size == paragraphs[1].runs[0].font.size or paragraphs[1].runs[0].font.size is None

    page = load_pymupdf().open(docx_to_pdf(tmp_path / "会议通知.docx"))[0]
    mn = spans(page, "mn")
    issuer = next(s for s in page.get_texttrace() if "文件" in "".join(chr(c[0]) for c in s["chars"]))
    assert mn and all(s["dir"] == (1.0, 0.0) for s in mn)
    assert max(s["bbox"][3] for s in mn) <= issuer["bbox"][1] + 1  # above the Chinese 标志
    assert all(s["color"] == issuer["color"] for s in mn)  # the same red
    assert all(ch[1] != 0 for s in mn for ch in s["chars"])


def test_notice_without_mongolian_issuer_is_unchanged(demo_path, tmp_path):
    from docx import Document

    assert main(["notice", str(demo_path), "--out", str(tmp_path)]) == 0
    assert [p.text for p in Document(tmp_path / "会议通知.docx").paragraphs[:2]] == ["××旗人民政府办公室文件", "×政办发〔2026〕12号"]
