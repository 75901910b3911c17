"""The new buttons through xlwings' remote engine (the code path Excel runs): 汇总回执, 应用回执,
生成翻译清单, 导入翻译, 生成会标, 会务意见反馈, 生成会务总结."""
from __future__ import annotations

import shutil
from datetime import datetime

import openpyxl
import pytest
from conftest import alerts, apply_writes, needs_cjk_font, payload_from_values, remote_book, sheet_after, written_values
from docx import Document
from python_calamine import CalamineWorkbook

from huiwu_xl.documents.linebreak import plain
from huiwu_xl import macros
from huiwu_xl.cli import main
from huiwu_xl.contract import FEEDBACK, FEEDBACK_QUESTIONS
from huiwu_xl.demo import demo_tables

BATU = "ᠪᠠᠭᠠᠲᠤᠷ"


def demo_sheets(path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {s: book.get_sheet_by_name(s).to_python(skip_empty_area=False) for s in book.sheet_names}


def set_setting(sheets, key, value):
    for row in sheets["会议信息"]:
        if row[0] == key:
            row[1] = value
            return
    sheets["会议信息"].append([key, value])


def block(grid: list[list], first: str) -> list[dict]:
    """The records under the header row that starts with `first`."""
    start = next(i for i, r in enumerate(grid) if r and r[0] == first)
    out = []
    for row in grid[start + 1:]:
        if not any(v not in (None, "") for v in row):
            break
        out.append(dict(zip(grid[start], row)))
    return out


@pytest.fixture
def replies_folder(demo_path, tmp_path):
    """The finance bureau returns its list with one phone changed and one person added."""
    out = tmp_path / "输出"
    assert main(["notice", str(demo_path), "--out", str(out), "--read-only"]) == 0
    folder = tmp_path / "回执"
    folder.mkdir()
    target = folder / "旗财政局参会名单.xlsx"
    shutil.copy(out / "旗财政局参会名单.xlsx", target)
    book = openpyxl.load_workbook(target)
    ws = book.active
    header = [c.value for c in ws[2]]
    ws.cell(3, header.index("手机") + 1).value = "13900001111"
    ws.append([None] * len(header))
    ws.cell(ws.max_row, header.index("姓名") + 1).value = "庞新宇"
    ws.cell(ws.max_row, header.index("职务") + 1).value = "办公室主任"
    book.save(target)
    return folder


def test_summarize_then_apply_replies_in_excel(demo_path, replies_folder):
    sheets = demo_sheets(demo_path)
    payload = payload_from_values(sheets)
    book = remote_book(payload)
    macros.summarize_replies(book, folder=str(replies_folder))
    assert "应报 46 个单位，已报 1 个" in alerts(book)[-1]
    people = block(written_values(book, "回执汇总"), "编号")
    finance = [p for p in demo_tables()["参会名单"] if p["单位"] == "旗财政局"]
    kinds = {(p["姓名"], p["变动"]): p for p in people}
    assert kinds[(finance[0]["姓名"], "信息变更")]["新值"] == "13900001111"
    assert ("庞新宇", "新增") in kinds
    calls = block(sheet_after(book, "电话通知"), "序号")
    marked = {r["单位"] for r in calls if r.get("回执状态") == "未报回执"}
    assert "旗财政局" not in marked and "旗教育局" in marked  # for the phone round

    # Staff accept the two rows in Excel and press 应用回执.
    payload = apply_writes(payload, book)
    grid = next(s for s in payload["sheets"] if s["name"] == "回执汇总")["values"]
    header_row = next(i for i, r in enumerate(grid) if r and r[0] == "编号")
    col = grid[header_row].index("采纳")
    for row in grid[header_row + 1:]:
        if row[3] in ("信息变更", "新增"):
            row[col] = "是"
    book = remote_book(payload)
    macros.apply_replies(book)
    assert "本次应用 2 条" in alerts(book)[-1]
    roster = block(sheet_after(book, "参会名单"), "序号")
    assert roster[-1]["姓名"] == "庞新宇" and roster[-1]["职务"] == "办公室主任" and roster[-1]["单位"] == "旗财政局"
    changed = next(r for r in roster if r["姓名"] == finance[0]["姓名"])
    assert str(changed["手机"]) == "13900001111"


def test_translation_list_and_import_in_excel(demo_path, tmp_path):
    sheets = demo_sheets(demo_path)
    set_setting(sheets, "蒙汉双语座签", "是")
    book = remote_book(payload_from_values(sheets))
    macros.make_translation_list(book)
    listing = tmp_path / "输出" / "翻译清单.xlsx"
    assert "翻译清单已生成" in alerts(book)[-1] and listing.is_file()
    workbook = openpyxl.load_workbook(listing)
    ws = workbook.active
    header = next(r for r in range(1, 5) if ws.cell(r, 1).value == "序号")
    names = []
    for r in range(header + 1, ws.max_row + 1):
        if ws.cell(r, 2).value == "姓名":
            ws.cell(r, 6).value = BATU
            names.append(ws.cell(r, 3).value)
    workbook.save(listing)

    book = remote_book(payload_from_values(sheets))
    macros.import_translations(book)
    assert f"补入蒙文姓名 {len(names)} 人" in alerts(book)[-1]
    roster = block(sheet_after(book, "参会名单"), "序号")
    assert {r["姓名"] for r in roster if r["蒙文姓名"] == BATU} == set(names)


@needs_cjk_font
def test_banner_button(demo_path, tmp_path):
    sheets = demo_sheets(demo_path)
    set_setting(sheets, "会标（蒙古文）", "ᠬᠤᠷᠠᠯ")
    book = remote_book(payload_from_values(sheets))
    macros.make_banner(book)
    assert "比例 1:40" in alerts(book)[-1] and "蒙古文在上" in alerts(book)[-1]
    assert (tmp_path / "输出" / "会标.pdf").stat().st_size > 10_000


def test_feedback_button_sums_answers_by_question(demo_path, tmp_path):
    sheets = demo_sheets(demo_path)
    answers = [["满意", "满意", "基本满意", "不满意", "满意"], ["满意", "基本满意", "满意", "满意", "满意"]]
    sheets[FEEDBACK.name] = [FEEDBACK.headers] + [[datetime(2026, 12, 3, 11, 40), "", "", *a, "", "纸质"] for a in answers]
    book = remote_book(payload_from_values(sheets))
    macros.make_feedback(book)
    assert "已汇总“反馈意见”2 份" in alerts(book)[-1]
    table = {r["题目"]: r for r in block(written_values(book, "反馈汇总"), "题目")}
    assert [table[q]["满意"] for q, _ in FEEDBACK_QUESTIONS] == [2, 1, 1, 1, 2]
    assert table["茶水温度"]["不满意"] == 1 and table["通知及时"]["满意率"] == "100.0%"
    assert (tmp_path / "输出" / "会务意见反馈.docx").is_file()


def test_summary_button_drafts_the_report(demo_path, tmp_path):
    book = remote_book(payload_from_values(demo_sheets(demo_path)))
    macros.write_summary(book)
    said = alerts(book)[-1]
    assert "会务工作总结（草稿）已生成" in said
    text = "\n".join(plain(p.text) for p in Document(tmp_path / "输出" / "会务工作总结.docx").paragraphs)
    assert "应到120人" in text and "存在的问题和改进措施" in text
