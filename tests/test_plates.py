"""座签: layout rules with fixed metrics, then real PDFs checked with pdftotext and PyMuPDF."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import needs_pdftotext, needs_soffice

from huiwu_xl.documents.fonts import find_font, font_bytes, shrink_cff_font
from huiwu_xl.documents.plates import (
    A4_TENT, MM, Plate, PlateTemplate, fit_name, layout_face, load_pymupdf, render_plates,
)

CJK_FONT = find_font("方正小标宋简体", "宋体", "SimSun", "Noto Serif CJK SC", "Noto Sans CJK SC")
MONGOLIAN_FONT = find_font("Mongolian Baiti", "Noto Sans Mongolian")
needs_cjk = pytest.mark.skipif(CJK_FONT is None, reason="no Chinese font installed (fonts-noto-cjk)")
needs_mongolian = pytest.mark.skipif(MONGOLIAN_FONT is None, reason="no Mongolian font installed (fonts-noto-core)")

TWO, THREE, FIVE, DOTTED = "张三", "王小明", "欧阳娜仁花", "阿卜杜热合曼·买买提"
BATU = "ᠪᠠᠭᠠᠲᠤᠷ"  # 巴特尔 in traditional Mongolian
SUHE = "ᠰᠦᠬᠡ"  # 苏和


class FixedMetrics:
    """Every CJK character 1 em, the middle dot 1/3 em; a Mongolian run 0.3 em per letter, 0.5 em thick."""

    def width(self, text: str, size: float) -> float:
        return sum(1 / 3 if ch in "·" else 1.0 for ch in text) * size

    def mongolian(self, text: str) -> tuple[float, float]:
        return 0.3 * len(text), 0.5


BOX_W = A4_TENT.width - 2 * A4_TENT.margin  # 277 mm
BOX_H = A4_TENT.face_height - 2 * A4_TENT.margin  # 85 mm


# --- layout rules ------------------------------------------------------------------------------
def test_two_character_names_are_widened_to_three_character_width():
    t = PlateTemplate()
    lines, size, spacing = fit_name(TWO, BOX_W, BOX_H, t, FixedMetrics())
    assert lines == [TWO] and size == t.max_pt and spacing == pytest.approx(size)  # one em between the two
    face = layout_face(Plate(TWO), t, A4_TENT, FixedMetrics())
    three = layout_face(Plate(THREE), t, A4_TENT, FixedMetrics())
    assert face.lines[0].width == pytest.approx(three.lines[0].width)
    assert face.lines[0].x == pytest.approx(three.lines[0].x)  # both centred the same


def test_size_follows_length_and_five_characters_still_fit():
    m = FixedMetrics()
    sizes = [fit_name(n, BOX_W, BOX_H, PlateTemplate(), m)[1] for n in (THREE, "欧阳娜仁", FIVE, "欧阳娜仁花花")]
    assert sizes[0] == sizes[1] == sizes[2] == 150  # 5 × 150 pt = 265 mm < 277 mm
    assert sizes[3] == pytest.approx(BOX_W / 6)  # six characters shrink to fit
    face = layout_face(Plate(FIVE), PlateTemplate(), A4_TENT, m)
    line = face.lines[0]
    assert A4_TENT.margin <= line.x and line.x + line.width <= A4_TENT.width - A4_TENT.margin + 1e-6


def test_a_long_dotted_name_breaks_after_the_dot_instead_of_shrinking():
    lines, size, _ = fit_name(DOTTED, BOX_W, BOX_H, PlateTemplate(), FixedMetrics())
    assert lines == ["阿卜杜热合曼·", "买买提"]  # the dot ends the first line, never starts one
    assert size > BOX_W / 9.34 and size >= PlateTemplate().break_below_pt
    long_plain = "阿卜杜热合曼买买提艾力"  # no dot: shrinks on one line
    lines, size, _ = fit_name(long_plain, BOX_W, BOX_H, PlateTemplate(), FixedMetrics())
    assert lines == [long_plain] and size == pytest.approx(BOX_W / 11)


def test_look_alike_dots_print_as_the_middle_dot():
    face = layout_face(Plate("阿卜杜热合曼•买买提"), PlateTemplate(), A4_TENT, FixedMetrics())
    assert [line.text for line in face.lines] == ["阿卜杜热合曼·", "买买提"]


def test_a_long_mongolian_name_stays_clear_of_the_unit_line():
    long_mn = BATU * 3  # a long name: the column would reach into the unit band
    face = layout_face(Plate("巴特尔", "旗人民政府", long_mn), PlateTemplate(show_unit=True), A4_TENT, FixedMetrics())
    unit_top = face.unit.baseline - 0.88 * face.unit.size
    assert face.mongolian.y + face.mongolian.height <= unit_top + 1e-6


def test_mongolian_column_sits_left_of_the_chinese_at_the_same_size():
    face = layout_face(Plate("苏和", name_mn=SUHE), PlateTemplate(), A4_TENT, FixedMetrics())
    block, line = face.mongolian, face.lines[0]
    assert block.x + block.width < line.x  # left of the Chinese
    assert block.size == pytest.approx(line.size)  # same character size (内政办发〔1996〕32号)
    assert block.height == pytest.approx(0.3 * len(SUHE) * block.size)
    long = layout_face(Plate("巴特尔", name_mn=BATU * 3), PlateTemplate(), A4_TENT, FixedMetrics())
    assert long.mongolian.height == pytest.approx(BOX_H)  # a long name fills the face's height, no more


def test_the_mongolian_column_is_sized_to_the_plate_not_to_the_chinese():
    t = PlateTemplate()
    short = layout_face(Plate("苏和", name_mn=BATU), t, A4_TENT, FixedMetrics())
    long = layout_face(Plate("欧阳娜仁花其其格", name_mn=BATU), t, A4_TENT, FixedMetrics())
    assert long.lines[0].size < short.lines[0].size  # eight characters shrink the Chinese …
    assert long.mongolian.size == pytest.approx(short.mongolian.size)  # … not the Mongolian
    assert long.mongolian.size == pytest.approx(min(t.max_pt, BOX_H / (0.3 * len(BATU))))
    line = long.lines[0]
    assert long.mongolian.x + long.mongolian.width < line.x and line.x + line.width <= A4_TENT.width - A4_TENT.margin + 1e-6


def test_unit_line_is_optional_and_below_the_name():
    plain = layout_face(Plate(THREE, "旗财政局"), PlateTemplate(), A4_TENT, FixedMetrics())
    assert plain.unit is None
    face = layout_face(Plate(THREE, "旗财政局"), PlateTemplate(show_unit=True), A4_TENT, FixedMetrics())
    assert face.unit.text == "旗财政局" and face.unit.baseline > face.lines[0].baseline
    assert face.unit.baseline <= A4_TENT.face_height - A4_TENT.margin


# --- fonts -------------------------------------------------------------------------------------
@needs_cjk
def test_font_lookup_by_family_name_with_fallback_and_cff_shrinking():
    pymupdf = load_pymupdf()
    face = find_font("没有这个字体", CJK_FONT.family)
    assert face == CJK_FONT
    data = font_bytes(face)
    full = pymupdf.Font(fontbuffer=data)
    keep = {full.has_glyph(ord(ch)) for ch in "张三"}
    small = shrink_cff_font(data, keep)
    if data[:4] == b"OTTO":
        assert len(small) < len(data) / 5
    shrunk = pymupdf.Font(fontbuffer=small)
    assert [shrunk.has_glyph(ord(ch)) for ch in "张三国"] == [full.has_glyph(ord(ch)) for ch in "张三国"]  # ids kept


# --- the print file ----------------------------------------------------------------------------
def _lines(page) -> list[tuple[str, tuple[float, float]]]:
    out = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            text = "".join(s["text"] for s in line["spans"]).strip()
            if text:
                out.append((text, tuple(round(v, 3) for v in line["dir"])))
    return out


@pytest.fixture(scope="module")
def plates_pdf(tmp_path_factory):
    if CJK_FONT is None:
        pytest.skip("no Chinese font installed (fonts-noto-cjk)")
    out = tmp_path_factory.mktemp("plates")
    plates = [Plate(TWO, "旗财政局"), Plate(THREE), Plate(FIVE), Plate(DOTTED)]
    if MONGOLIAN_FONT:
        plates.append(Plate("巴特尔", "旗委", BATU))
    result = render_plates(plates, out, PlateTemplate(font_family="方正小标宋简体"))
    return result, plates


@needs_pdftotext
def test_pdftotext_finds_each_name_on_its_page(plates_pdf):
    result, plates = plates_pdf
    assert result.pages == len(plates) and result.pdf.name == "座签.pdf"
    for number, plate in enumerate(plates, start=1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(result.pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert re.sub(r"\s", "", text).count(plate.name) == 2, (plate.name, text)  # both faces


def test_the_two_copies_are_180_degrees_apart(plates_pdf):
    result, plates = plates_pdf
    doc = load_pymupdf().open(result.pdf)
    for page, plate in zip(doc, plates):
        lines = [(text, d) for text, d in _lines(page) if set(text) <= set(plate.name + " ")]
        upright = "".join(text for text, d in lines if d == (1.0, 0.0))
        turned = "".join(text for text, d in lines if d == (-1.0, 0.0))
        assert {d for _, d in lines} == {(1.0, 0.0), (-1.0, 0.0)}, (plate.name, lines)
        assert re.sub(r"\s", "", upright) == plate.name  # a spaced 张 三 may come as two lines
        assert sorted(re.sub(r"\s", "", turned)) == sorted(plate.name)
        spans = [s for s in page.get_texttrace() if "Mongolian" not in s["font"]]
        half = page.rect.height / 2  # the upright copy is the lower half, the turned one the upper half
        assert all(s["chars"][0][2][1] > half for s in spans if s["dir"] == (1.0, 0.0))
        assert all(s["chars"][0][2][1] < half for s in spans if s["dir"] == (-1.0, 0.0))
        assert page.rect.width > page.rect.height  # A4 landscape
        assert abs(page.rect.width - 297 * MM) < 1 and abs(page.rect.height - 210 * MM) < 1


def test_in_print_a_two_character_name_is_as_wide_as_a_three_character_one(plates_pdf):
    result, plates = plates_pdf
    doc = load_pymupdf().open(result.pdf)

    def printed_width(name: str) -> float:
        page = doc[plates.index(next(p for p in plates if p.name == name))]
        boxes = [ch[3] for span in page.get_texttrace() if span["dir"] == (1.0, 0.0) and "Mongolian" not in span["font"]
                 for ch in span["chars"] if chr(ch[0]) in name]
        return max(b[2] for b in boxes) - min(b[0] for b in boxes)

    assert printed_width(TWO) == pytest.approx(printed_width(THREE), rel=0.03)
    assert printed_width(FIVE) < A4_TENT.width - 2 * A4_TENT.margin  # five characters still fit the face


def test_dotted_name_is_printed_on_two_lines(plates_pdf):
    result, plates = plates_pdf
    page = load_pymupdf().open(result.pdf)[plates.index(Plate(DOTTED))]
    upright = [text for text, d in _lines(page) if d == (1.0, 0.0)]
    assert upright == ["阿卜杜热合曼·", "买买提"]


@needs_mongolian
def test_mongolian_name_is_shaped_in_a_mongolian_font_without_missing_glyphs(plates_pdf):
    result, plates = plates_pdf
    doc = load_pymupdf().open(result.pdf)
    page = doc[len(plates) - 1]
    assert page.get_text().count(BATU) == 2  # /ActualText gives back the typed Unicode
    spans = [s for s in page.get_texttrace() if "Mongolian" in s["font"]]
    assert len(spans) == 2
    for span in spans:
        gids = [ch[1] for ch in span["chars"]]
        assert gids and 0 not in gids  # glyph 0 would be .notdef, a missing-glyph box
        assert len(set(gids)) > 3  # joined letter forms, not one repeated glyph
    assert sorted(tuple(round(v) for v in s["dir"]) for s in spans) == [(0, -1), (0, 1)]  # top-to-bottom, and turned
    fonts = {f[3] for f in page.get_fonts(full=True)}
    assert any("Mongolian" in f for f in fonts), fonts
    if shutil.which("pdffonts"):  # poppler's independent view of the embedded fonts
        pdffonts = subprocess.run(["pdffonts", str(result.pdf)], capture_output=True, text=True).stdout
        assert "NotoSansMongolian" in pdffonts.replace(" ", "") or "MongolianBaiti" in pdffonts.replace(" ", "")
    chinese = next(s for s in page.get_texttrace() if s["dir"] == (1.0, 0.0))
    mongolian = next(s for s in spans if s["dir"] == (0.0, 1.0))
    assert mongolian["bbox"][2] < chinese["bbox"][0]  # left of the Chinese on the upright face


def test_the_pdf_embeds_fonts_compactly(plates_pdf):
    result, _ = plates_pdf
    assert result.pdf.stat().st_size < 5_000_000  # a whole Noto CJK face would be 20 MB


# --- no Word copy --------------------------------------------------------------------------------
def test_the_pdf_is_the_only_plate_file(plates_pdf):
    """A Word copy would print its upper half upright in LibreOffice (documents.md): none is written,
    so whatever plate file an office prints carries the turned copy (the test above)."""
    result, _ = plates_pdf
    assert [p.name for p in result.pdf.parent.iterdir() if not p.name.startswith(".")] == ["座签.pdf"]
