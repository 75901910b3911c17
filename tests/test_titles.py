"""Long titles break at word boundaries into balanced lines (GB/T 9704-2012 §7.3.2)."""
import pytest
from docx import Document

from huiwu_xl.documents.titles import title_lines


@pytest.mark.parametrize("title, lines", [
    ("关于2026年全旗经济工作会议到会情况的通报", ["关于2026年全旗经济工作会议", "到会情况的通报"]),
    ("××旗人民政府办公室关于召开2026年全旗经济工作会议的通知", ["××旗人民政府办公室关于", "召开2026年全旗经济工作会议的通知"]),
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
    assert titles == ["××旗人民政府办公室关于\n召开2026年全旗经济工作会议的通知", "关于2026年全旗经济工作会议\n到会情况的通报"]
