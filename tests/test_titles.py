"""Long titles break at word boundaries into balanced lines (GB/T 9704-2012 §7.3.2)."""
import pytest
from conftest import needs_cjk_font
from docx import Document

from huiwu_xl.documents.titles import title_lines


@pytest.mark.parametrize("title, lines", [
    ("关于2026年全旗经济工作会议到会情况的通报", ["关于2026年全旗经济工作会议", "到会情况的通报"]),
    ("××旗人民政府办公室关于召开2026年全旗经济工作会议的通知", ["××旗人民政府办公室", "关于召开2026年全旗经济工作会议的通知"]),
    ("2026年全旗经济工作会议签到表", ["2026年全旗经济工作会议签到表"]),
    ("关于短会的通报", ["关于短会的通报"]),
])
def test_title_lines(title, lines):
    assert title_lines(title) == lines


def test_very_long_titles_take_three_lines_and_never_split_a_number():
    title = "××旗人民政府办公室关于召开全旗2026年冬春季森林草原防灭火暨安全生产工作电视电话会议的通知"
    lines = title_lines(title)
    assert len(lines) == 3 and "".join(lines) == title
    assert all("2026" in line for line in lines if "202" in line)
    assert all(len(line) > 3 for line in lines)  # no orphaned characters


def test_rendered_notice_and_circular_titles_are_broken(demo_path, tmp_path):
    from huiwu_xl.cli import main

    assert main(["notice", str(demo_path), "--out", str(tmp_path)]) == 0
    assert main(["attendance", str(demo_path), "--out", str(tmp_path)]) == 0
    titles = [p.text for name in ("会议通知.docx", "会议考勤通报.docx")
              for p in Document(tmp_path / name).paragraphs if p.style.name == "Title"]
    assert titles == ["××旗人民政府办公室\n关于召开2026年全旗经济工作会议的通知", "关于2026年全旗经济工作会议\n到会情况的通报"]


def test_date_starts_two_characters_right_of_the_signature():
    from huiwu_xl.documents.signature import indents

    assert indents("××旗人民政府办公室", "2026年11月27日") == pytest.approx((3.45, 2.0))  # signature moves left
    # A long signature: it stays two characters in, and the shorter date (7.45 characters: half-width
    # digits and the space before each) moves left so it still starts two characters after it.
    assert indents("××旗人民政府办公室关于会议筹备领导小组", "2026年1月7日") == pytest.approx((2.0, 19 - 7.45))


@needs_cjk_font  # positions are measured in the rendered glyphs
def test_rendered_notice_places_signature_and_date_as_gbt_9704_says(demo_path, tmp_path):
    import shutil

    from huiwu_xl.cli import main
    from huiwu_xl.documents.plates import load_pymupdf
    from huiwu_xl.documents.render import docx_to_pdf

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    assert main(["notice", str(demo_path), "--out", str(tmp_path)]) == 0
    pdf = load_pymupdf().open(docx_to_pdf(tmp_path / "会议通知.docx", tmp_path))
    lines = {}
    for page in pdf:
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                text = "".join(span["text"] for span in line["spans"]).replace(" ", "").replace("\u2060", "")
                lines.setdefault(text, []).append((page.number, line["bbox"]))
    date_page, date = lines["2026年11月27日"][0]
    # the signature right above the date (the title and the 版记 start with the same words)
    sign_page, sign = next(found for found in lines["××旗人民政府办公室"] if found[0] == date_page and found[1][3] <= date[1] + 1)
    note_page, _ = lines["（联系人：孟庆华，联系电话：0470-6600001）"][0]
    char = 15.75  # 3号, as the document grid sets it
    assert (date[0] - sign[0]) / char == pytest.approx(2, abs=0.25)  # 首字比署名首字右移二字
    assert (595.3 - 26 / 25.4 * 72 - date[2]) / char == pytest.approx(2, abs=0.25)  # 右空二字
    assert sign_page == date_page == note_page  # the 附注 is not left alone on a page
