"""Every generated sheet prints: A4, landscape when wide, one page wide, the header on every page,
page numbers in the footer, borders, widths and number formats — read back from the exported
files with openpyxl, and the 1,000-person 考勤结果 rendered by LibreOffice."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import needs_cjk_font, needs_pdftotext, needs_soffice

from huiwu_xl.cli import main
from huiwu_xl.port.layout import A4, PAGE_FOOTER, Block, PrintSetup, Sheet, lay_out

HEADER_FILL = "DDEBF7"
# Sheets holding several tables under different headers: no single header row can repeat.
SEVERAL_TABLES = {"电话通知汇总", "座次"}


def _fill(cell) -> str | None:
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None


def _widths(ws) -> dict[int, float]:
    """Column → width as stored (XlsxWriter writes neighbours of equal width as one <col min max>)."""
    out = {}
    for dim in ws.column_dimensions.values():
        if dim.width and dim.min:
            out.update({c: dim.width for c in range(dim.min, dim.max + 1)})
    return out


def _header_rows(ws) -> list[int]:
    return [row[0].row for row in ws.iter_rows() if row[0].value is not None and _fill(row[0]) == HEADER_FILL]


@pytest.fixture
def demo_out(demo_outputs) -> Path:
    return demo_outputs


def _generated_sheets(demo_out):
    """Every sheet of every exported .xlsx, and the generated sheets written back into the workbook."""
    from huiwu_xl.contract import GENERATED_SHEETS

    for path in sorted(demo_out.glob("*.xlsx")):
        for ws in openpyxl.load_workbook(path):
            yield path.name, ws
    book = openpyxl.load_workbook(demo_out.parent / "会议示例.xlsm")
    for generated in GENERATED_SHEETS:
        yield "会议示例.xlsm", book[generated.name]  # a sheet whose button the demo does not press prints alike


@needs_cjk_font  # the demo presses 生成座签 too
def test_every_generated_sheet_and_export_carries_its_print_setup(demo_out):
    seen, titled = set(), set()
    for file, ws in _generated_sheets(demo_out):
        where = f"{file}/{ws.title}"
        seen.add((file, ws.title))
        setup = ws.page_setup
        assert int(setup.paperSize) == A4, where
        assert ws.sheet_properties.pageSetUpPr.fitToPage, where
        assert (int(setup.fitToWidth or 1), int(setup.fitToHeight)) == (1, 0), where  # fitToWidth defaults to 1
        assert ws.oddFooter.center.text == PAGE_FOOTER, where
        assert ws.print_options.horizontalCentered, where
        used = {c.column for row in ws.iter_rows() for c in row if c.value is not None}
        stored = _widths(ws)
        widths = {c: stored.get(c) for c in range(1, max(used) + 1)}
        assert all(w and w >= 5 for w in widths.values()), (where, widths)
        wide = sum(w - 0.71 for w in widths.values()) > 100  # a stored width carries 5 pixels of padding
        assert setup.orientation == ("landscape" if wide else "portrait"), (where, sum(widths.values()))
        headers = _header_rows(ws)
        if ws.title in SEVERAL_TABLES or not headers or (len(headers) > 1 and ws.print_title_rows is None):
            continue
        repeated = headers[0] if len(headers) == 1 else headers[-1]  # with several tables: the long last one's
        assert ws.print_title_rows == f"${repeated}:${repeated}", where  # the header, not the title banner
        first = ws.cell(repeated, 1)
        assert first.border.left.style == "thin" and ws.cell(repeated + 1, 1).border.bottom.style == "thin", where
        titled.add(ws.title)
    names = {title for _, title in seen}
    assert {("会议示例.xlsm", "考勤结果"), ("考勤结果.xlsx", "考勤结果")} <= seen  # the workbook's sheet and the export alike
    assert {"考勤结果", "考勤汇总", "名单外签到", "电话通知汇总", "筹备任务", "物资清单", "材料回收", "邮件记录", "归档目录",
            "考核明细", "参会名单", "座次"} <= names
    assert {"考勤结果", "考勤汇总", "名单外签到", "筹备任务", "物资清单", "邮件记录", "归档目录", "参会名单"} <= titled


@needs_cjk_font
def test_numbers_look_like_what_they_are(demo_out):
    book = openpyxl.load_workbook(demo_out / "考勤结果.xlsx")
    summary = book["考勤汇总"]
    header = [c.value for c in summary[2]]
    rate = header.index("出席率") + 1
    counted = header.index("应到") + 1
    assert summary.cell(3, rate).number_format == "0.0%" and 0 <= summary.cell(3, rate).value <= 1
    for col in (rate, counted):
        assert summary.cell(2, col).alignment.horizontal == "right"  # header above the figures
        assert summary.cell(3, col).alignment.horizontal == "right"
    results = book["考勤结果"]
    header = [c.value for c in results[2]]
    late = header.index("迟到分钟") + 1
    minutes = [row[late - 1] for row in results.iter_rows(min_row=3) if row[late - 1].value is not None]
    assert minutes and all(c.number_format == "0" and c.alignment.horizontal == "right" for c in minutes)
    assert results.cell(3, header.index("签到时间") + 1).number_format == "yyyy-mm-dd hh:mm"
    assert results.cell(3, header.index("姓名") + 1).alignment.horizontal == "left"

    calls = openpyxl.load_workbook(demo_out.parent / "会议示例.xlsm")["电话通知汇总"]  # written back into the workbook
    headers = [cell for row in calls.iter_rows() for cell in row if cell.value == "应通知"]
    assert len(headers) == 2  # 按类别, 按通知人
    for cell in headers:  # each count column's header sits right-aligned over its figures
        assert cell.alignment.horizontal == "right"
        below = calls.cell(cell.row + 1, cell.column)
        assert isinstance(below.value, int) and below.alignment.horizontal == "right"


def test_the_print_model_is_plain_data():
    import pandas as pd

    frame = pd.DataFrame({"序号": [1, 2], "姓名": ["张三", "李四"], "说明": ["短", "很长的说明" * 12]})
    grid = lay_out(Sheet.table("考勤结果", frame, {"说明": 20}))
    assert grid.print_setup.repeat_rows == (1, 1) and grid.print_setup.print_titles == "$2:$2"
    assert grid.print_setup.footer_code == "&C第 &P 页 共 &N 页"
    assert grid.widths[2] == 20 and grid.heights[3] >= 3 * 15  # the long 说明 wraps over several lines
    assert not grid.print_setup.landscape
    wide = pd.DataFrame({f"列{i}": ["很长的单位名称很长"] for i in range(8)})
    assert lay_out(Sheet.table("宽表", wide)).print_setup.landscape
    several = Sheet("汇总", [Block(frame), Block(frame)])
    assert lay_out(several).print_setup.repeat_rows is None  # which header would fit every page?
    dated = pd.DataFrame({"单位": ["旗财政局"], "报送时间": [pd.Timestamp("2026-12-01 10:00")]})
    grid = lay_out(Sheet("回执", [Block(dated), Block(frame)], {0: 6, 1: 8}))
    assert grid.widths[1] >= 16  # a date never shows ### under another table's narrow width
    several.repeat_header = 1  # the long last table's: the short one above stays on the first page
    assert lay_out(several).print_setup.repeat_rows == (5, 5)  # banner, header, two rows, a gap, its header


def test_excels_page_setup_gets_the_same_model():
    from huiwu_xl.port.excel import apply_page_setup

    class PageSetup:  # records what the code sets on Excel's PageSetup object (COM)
        pass

    page = PageSetup()
    apply_page_setup(page, PrintSetup(landscape=True, repeat_rows=(1, 1)))
    assert (page.PaperSize, page.Orientation, page.Zoom, page.FitToPagesWide, page.FitToPagesTall) == (9, 2, False, 1, False)
    assert page.PrintTitleRows == "$2:$2" and page.CenterFooter == "第 &P 页 共 &N 页"


def test_the_remote_engine_writes_the_sheet_without_page_setup(demo_book):
    from conftest import actions, written_values

    from huiwu_xl import macros

    macros.check_attendance(demo_book)
    assert written_values(demo_book, "考勤结果")[1][0] == "序号"
    assert not [a for a in actions(demo_book) if "Border" in a["func"] or "Alignment" in a["func"]]


@needs_soffice
@needs_pdftotext
@needs_cjk_font
def test_a_thousand_results_print_one_row_per_line_with_the_header_on_every_page(tmp_path):
    from huiwu_xl.demo import write_demo_workbook
    from huiwu_xl.documents.render import docx_to_pdf

    book = write_demo_workbook(tmp_path / "千人.xlsx", people=1000, out_dir=str(tmp_path / "输出"))
    assert main(["attendance", str(book), "--out", str(tmp_path / "输出")]) == 0
    xlsx = tmp_path / "输出" / "考勤结果.xlsx"
    ws = openpyxl.load_workbook(xlsx)["考勤结果"]
    header = [c.value for c in ws[2]]
    rows = [(r[0], r[header.index("姓名")], r[header.index("状态")]) for r in ws.iter_rows(min_row=3, values_only=True)]
    assert len(rows) == 1000

    pdf = docx_to_pdf(xlsx, tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    result_pages = [page for page in text.split("\f") if re.search(r"^\s*\d+\s+\S", page, re.M) and "状态" in page]
    lines = {}
    for page in result_pages:
        for line in page.splitlines():
            words = line.split()
            if words and words[0].isdigit():
                lines.setdefault(int(words[0]), line)
    for number, name, status in rows:
        assert number in lines, f"row {number} not found"
        assert name in lines[number] and status in lines[number], lines[number]
    assert len(result_pages) >= 10
    for page in result_pages:  # the header row repeats, the banner does not, every page is numbered
        header_line = next(line for line in page.splitlines() if line.strip())
        assert all(word in page for word in ("序号", "姓名", "状态", "迟到分钟")), page[:300]
        assert re.search(r"第 \d+ 页 共 \d+ 页", page), page[-300:]
    assert sum("本表由 huiwu 自动生成" in page for page in result_pages) == 1
