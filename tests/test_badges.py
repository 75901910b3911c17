"""生成参会证 and the unit lists' QR codes: the secret is made once and kept in 会议信息, each card
carries name, unit, category and a QR code that decodes to the person's 参会码."""
from __future__ import annotations

import subprocess
import zipfile

import pytest
from conftest import needs_cjk_font, needs_pdftotext
from python_calamine import CalamineWorkbook

from huiwu_xl.cli import run_button
from huiwu_xl.core import codes
from huiwu_xl.core.desk import person_key
from huiwu_xl.documents.plates import load_pymupdf
from huiwu_xl.text import name_key


def meeting_values(path) -> dict:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("会议信息").to_python()
    return {r[0]: r[1] for r in rows if r and r[0]}


def roster_of(path) -> list[dict]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("参会名单").to_python()
    header = next(i for i, r in enumerate(rows) if "姓名" in r)
    return [dict(zip(rows[header], r)) for r in rows[header + 1:] if r[rows[header].index("姓名")]]


@needs_cjk_font
@needs_pdftotext
def test_badges_carry_each_persons_code_as_a_qr_code_and_the_secret_is_made_once(demo_path, tmp_path):
    out = tmp_path / "输出"
    message = run_button("badges", demo_path, out)
    secret = meeting_values(demo_path)["签到密钥"]
    assert codes.SECRET_PATTERN.fullmatch(secret) and "已在“会议信息”写入“签到密钥”" in message
    run_button("badges", demo_path, out)
    assert meeting_values(demo_path)["签到密钥"] == secret  # made once, then kept

    people = roster_of(demo_path)
    expected = [codes.code_for(secret, person_key(name_key(p["姓名"]), name_key(p["单位"]))) for p in people]
    pymupdf = load_pymupdf()
    pdf = pymupdf.open(out / "参会证.pdf")
    assert pdf.page_count == -(-len(people) // 8)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out / "参会证.pdf"), "-"], capture_output=True,
                           text=True).stdout
    for p, code in zip(people[:8], expected[:8]):
        assert p["姓名"] in first and p["单位"] in first and codes.grouped(code) in first
    assert people[0]["类别"] in first and "2026年全旗经济工作会议" in first
    fonts = {f[3] for page in pdf for f in page.get_fonts()}
    assert fonts and all("CJK" in f or "Hei" in f or "Song" in f or "宋" in f or "黑" in f for f in fonts), fonts
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp decodes the printed QR codes")
    import numpy as np

    pixmap = pdf[0].get_pixmap(dpi=150)
    image = np.frombuffer(pixmap.samples, dtype=np.uint8).reshape(pixmap.height, pixmap.width, pixmap.n)
    decoded = {r.text for r in zxingcpp.read_barcodes(image)}
    assert decoded == set(expected[:8])


def test_unit_lists_carry_codes_and_qr_pictures_once_the_meeting_has_a_secret(demo_path, tmp_path):
    out = tmp_path / "输出"
    run_button("notice", demo_path, out, read_only=True)
    plain = CalamineWorkbook.from_path(str(out / "旗委参会名单.xlsx")).get_sheet_by_name("参会名单").to_python()
    assert "参会码" not in plain[1]  # no secret yet: the notice does not make one (it only reads)
    secret = "0123456789abcdef0123456789abcdef"
    import openpyxl

    book = openpyxl.load_workbook(demo_path)
    sheet = book["会议信息"]
    sheet.append(["签到密钥", secret])
    book.save(demo_path)
    run_button("notice", demo_path, out, read_only=True)
    rows = CalamineWorkbook.from_path(str(out / "旗委参会名单.xlsx")).get_sheet_by_name("参会名单").to_python()
    header = rows[1]
    people = [p for p in roster_of(demo_path) if p["单位"] == "旗委"]
    codes_in_list = [r[header.index("参会码")] for r in rows[2:] if r[1]]
    assert codes_in_list == [codes.grouped(codes.code_for(secret, person_key(name_key(p["姓名"]), name_key(p["单位"]))))
                             for p in people]
    with zipfile.ZipFile(out / "旗委参会名单.xlsx") as z:
        pictures = [n for n in z.namelist() if n.startswith("xl/media/") and n.endswith(".png")]
    assert len(pictures) == len(people)
