"""The Word documents as printed: 会议通知's 版记 at the bottom of its last page, no phone number,
date, time, document number or count split over two lines, no doubled brackets or commas, lists
that continue across pages under their group's name — checked in LibreOffice's PDF."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import needs_cjk_font, needs_pdftotext, needs_soffice

from huiwu_xl.cli import main
from huiwu_xl.documents.linebreak import PROTECTED, plain

DOCUMENTS = ("会议通知", "会议考勤通报", "签到表", "会议电话簿")
pytestmark = [needs_soffice, needs_pdftotext, needs_cjk_font]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """{document: (docx, pdf)} for the demo meeting."""
    import io
    from contextlib import redirect_stdout

    from huiwu_xl.demo import write_demo_workbook
    from huiwu_xl.documents.render import docx_to_pdf

    folder = tmp_path_factory.mktemp("documents")
    book = write_demo_workbook(folder / "会议示例.xlsx", out_dir=str(folder / "输出"))
    with redirect_stdout(io.StringIO()):
        for command in ("notice", "attendance", "sign-in-sheet", "phone-book"):
            assert main([command, str(book), "--out", str(folder / "输出")]) == 0
    return {name: (folder / "输出" / f"{name}.docx", docx_to_pdf(folder / "输出" / f"{name}.docx", folder / "pdf")) for name in DOCUMENTS}


def _docx_text(path: Path, footers: bool = True) -> list[str]:
    """Every paragraph of the body (tables included, each once) and of its footers, as a reader sees it."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    doc = Document(path)
    parts = [doc.element.body]
    if footers:
        parts += [f._element for s in doc.sections for f in (s.footer, s.even_page_footer) if not f.is_linked_to_previous]
    return [plain(Paragraph(p, None).text) for part in parts for p in part.iter(qn("w:p"))]


def _pdf_lines(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [plain(re.sub(r"\s", "", line)) for line in text.splitlines()]


# --- 版记 --------------------------------------------------------------------------------------
def test_the_imprint_closes_the_notices_last_page(rendered):
    from huiwu_xl.documents.plates import load_pymupdf

    _, pdf = rendered["会议通知"]
    doc = load_pymupdf().open(pdf)
    page = doc[-1]
    words = page.get_text("words")  # (x0, y0, x1, y1, word, block, line, number)
    office = [w for w in words if plain(w[4]) == "××旗人民政府办公室"]
    issued = [w for w in words if plain(w[4]).endswith("印发")]
    assert office and issued, [w[4] for w in words]
    o, d = office[-1], issued[-1]
    assert abs((o[1] + o[3]) / 2 - (d[1] + d[3]) / 2) < 2  # 印发机关 and 印发日期 on one line …
    assert o[0] < page.rect.width / 3 and d[2] > page.rect.width * 2 / 3  # … left and right
    last = subprocess.run(["pdftotext", "-layout", "-f", str(doc.page_count), "-l", str(doc.page_count), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    line = next(plain(re.sub(r"\s", "", t)) for t in last.splitlines() if "印发" in t)
    assert line == "××旗人民政府办公室2026年11月27日印发"  # one line; 印发日期 defaults to the notice date
    cc = [w for w in words if plain(w[4]).startswith("抄送：")]
    assert cc and cc[0][3] < o[1]  # 抄送 just above
    body = [w for w in words if w[3] < cc[0][1] - 1]
    assert body and max(w[3] for w in body) < cc[0][1]  # below everything else on the page …
    number = [w for w in words if w[1] > o[3]]
    assert all(re.fullmatch(r"[—\-\d\s]+", w[4]) for w in number)  # … only the page number under it
    rules = [d for d in page.get_drawings() for item in d["items"]
             if (item[0] == "l" and abs(item[1].y - item[2].y) < 0.5 and abs(item[2].x - item[1].x) > 400)
             or (item[0] == "re" and item[1].height < 2 and item[1].width > 400)]
    assert len(rules) >= 3  # the thick line above 抄送, the thin one, the thick closing line
    assert doc.page_count >= 2 and all("印发" not in p.get_text() for p in doc.pages(0, doc.page_count - 1))


def test_the_imprint_defaults_and_settings():
    from huiwu_xl.contract import MEETING_SETTINGS
    from huiwu_xl.core.notice import cc_line, imprint_office

    assert imprint_office("××旗人民政府办公室") == "××旗人民政府办公室"
    assert imprint_office("××旗人民政府") == "××旗人民政府办公室"
    assert imprint_office("××旗人民政府", "××旗人民政府办公室秘书科") == "××旗人民政府办公室秘书科"
    assert cc_line("旗委办公室、旗人大办。\n旗政协办公室") == "旗委办公室，旗人大办，旗政协办公室。"
    assert cc_line("") == ""
    assert {"抄送", "印发机关", "印发日期"} <= {s.key for s in MEETING_SETTINGS}


# --- line breaks -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["会议通知", "会议考勤通报", "签到表", "会议电话簿"])
def test_no_token_is_split_across_lines(rendered, name):
    docx, pdf = rendered[name]
    texts = _docx_text(docx)
    tokens = [m.group() for text in texts for m in PROTECTED.finditer(text) if len(m.group()) > 1]
    kinds = {"phone": r"\d{3,4}-\d{7}|1\d{10}", "date": r"\d{4}年\d{1,2}月\d{1,2}日", "time": r"\d:\d\d", "count": r"（共?\d+人）"}
    lines = _pdf_lines(pdf)
    joined = "\n".join(lines)
    missing = [t for t in tokens if not any(t in line for line in lines)]
    assert not missing, missing  # each on one printed line
    in_body = [m.group() for text in _docx_text(docx, footers=False) for m in PROTECTED.finditer(text) if len(m.group()) > 1]
    for token in set(in_body):  # a token twice in the text is whole on a line twice
        assert joined.count(token) >= in_body.count(token), token
    if name == "会议通知":
        found = {kind for kind, pattern in kinds.items() if any(re.fullmatch(f".*(?:{pattern}).*", t) for t in tokens)}
        assert found == set(kinds), found  # the notice holds every kind: the check is not vacuous
        assert any(re.search(r"〔\d{4}〕\d+号", t) for t in tokens) or "×政办发〔2026〕12号" in joined


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_doubled_brackets_or_commas(rendered, name):
    docx, pdf = rendered[name]
    for text in [*_docx_text(docx), *_pdf_lines(pdf)]:
        assert "））" not in text and "、、" not in text and "，，" not in text, text


def test_nested_parentheses_become_square_brackets(rendered):
    docx, _ = rendered["会议考勤通报"]
    text = "\n".join(_docx_text(docx))
    assert "由钱多多代会，代会人与批准的不符［批准：孙立新］）" in text and "（批准：孙立新）" not in text


# --- lists over several pages --------------------------------------------------------------------
def test_a_group_continued_on_the_next_page_carries_its_name(rendered):
    from huiwu_xl.documents.plates import load_pymupdf

    for name, caption in (("签到表", r"(常委领导|四大班子领导|苏木镇|党群单位|行政单位|事业单位|公司企业)（\d+人）"),
                          ("会议电话簿", r"(会务组|常委领导|四大班子领导|苏木镇|党群单位|行政单位|事业单位|公司企业)")):
        _, pdf = rendered[name]
        doc = load_pymupdf().open(pdf)
        assert doc.page_count >= 3
        for page in doc:
            lines = [plain(re.sub(r"\s", "", line)) for line in page.get_text().splitlines() if line.strip()]
            table_lines = [line for line in lines if not re.fullmatch(r"[—\d-]+", line)]
            first = next(i for i, line in enumerate(table_lines) if re.fullmatch(caption, line))
            assert first <= 4, (name, page.number, table_lines[:6])  # each page opens with a group's name


def test_the_phone_book_lists_each_category_unit_by_unit(rendered):
    from docx import Document

    docx, _ = rendered["会议电话簿"]
    for table in Document(docx).tables[1:]:
        units = [plain(r.cells[0].text) for r in table.rows[2:]]
        assert units == sorted(units, key=units.index)  # no unit comes back after another one
        runs = [u for i, u in enumerate(units) if i == 0 or units[i - 1] != u]
        assert len(runs) == len(set(units)), runs


def test_place_names_stay_whole_on_the_sign_in_sheets_title_lines(rendered):
    _, pdf = rendered["签到表"]
    lines = _pdf_lines(pdf)
    assert "地点：旗政府第一会议室（行政中心四楼）" in lines
    assert any(line.startswith("时间：2026年12月3日") for line in lines)

