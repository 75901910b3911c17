"""汇总回执 / 应用回执 with real returned files: an edited {单位}参会名单.xlsx, a .docx 回执 filled as
in Word (merged cell, empty row, columns moved), an unreadable file, a file naming no unit, and
units that never reply."""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from huiwu_xl.cli import main
from huiwu_xl.demo import demo_tables

FINANCE, EDUCATION = "旗财政局", "旗教育局"


def roster_of(unit):
    return [p for p in demo_tables()["参会名单"] if p["单位"] == unit]


def edit_unit_list(path: Path) -> dict:
    """The finance bureau's list as it comes back: #1 replaced, #2 on leave, #3 new phone, one added."""
    book = openpyxl.load_workbook(path)
    ws = book.active
    header = [c.value for c in ws[2]]
    col = {h: i + 1 for i, h in enumerate(header)}
    people = roster_of(FINANCE)
    assert [ws.cell(r, col["姓名"]).value for r in range(3, 3 + len(people))] == [p["姓名"] for p in people]
    ws.cell(3, col["姓名"]).value = "冯晓光"  # 序号 1 now names someone else: a replacement
    ws.cell(3, col["职务"]).value = "副局长"
    ws.cell(4, col["备注"]).value = "请假：赴京汇报工作"
    ws.cell(5, col["手机"]).value = "13900001111"
    last = 3 + len(people)
    ws.cell(last, col["序号"]).value = len(people) + 1
    ws.cell(last, col["姓名"]).value = "庞新宇"
    ws.cell(last, col["职务"]).value = "办公室主任"
    ws.cell(last, col["手机"]).value = "13500002222"
    ws.cell(last, col["性别"]).value = "女"
    book.properties.modified = datetime(2026, 11, 30, 9, 0)  # before the 回执截止 of 1 Dec 17:00
    book.save(path)
    return {"replaced": people[0], "leave": people[1], "phone": people[2]}


def fill_docx_reply(notice: Path, target: Path) -> list[dict]:
    """The 回执 page of the notice filled in Word: the unit line, two people whose 单位及职务 cell is
    merged, an empty row between them, a third with 民族 and 性别."""
    doc = Document(str(notice))
    for para in doc.paragraphs:
        if para.text.startswith("单位（盖章）"):
            for run in para.runs[1:]:
                run.text = ""
            para.runs[0].text = f"单位（盖章）：{EDUCATION}　　联系人：刘老师　　电话：0470-6601234"
    table = doc.tables[-1]
    header = [c.text for c in table.rows[0].cells]
    people = roster_of(EDUCATION)
    rows = table.rows
    put = lambda r, h, v: setattr(rows[r].cells[header.index(h)], "text", v)  # noqa: E731
    put(1, "序号", "1"), put(1, "姓名", people[0]["姓名"]), put(1, "单位及职务", f"{EDUCATION}{people[0]['职务']}")
    put(1, "手机", people[0]["手机"]), put(1, "性别", people[0]["性别"])
    put(3, "序号", "2"), put(3, "姓名", "包海军"), put(3, "民族", "蒙古族"), put(3, "性别", "男")
    merged = rows[1].cells[header.index("单位及职务")].merge(rows[3].cells[header.index("单位及职务")])
    merged.text = f"{EDUCATION}{people[0]['职务']}"  # Word keeps one text for the merged cell
    doc.core_properties.modified = datetime(2026, 12, 2, 10, 0)  # after the deadline: late
    doc.save(str(target))
    return people


@pytest.fixture
def returned(demo_path, tmp_path):
    out = tmp_path / "输出"
    assert main(["notice", str(demo_path), "--out", str(out)]) == 0
    folder = tmp_path / "回执"
    folder.mkdir()
    finance = folder / f"{FINANCE}参会名单.xlsx"
    shutil.copy(out / f"{FINANCE}参会名单.xlsx", finance)
    cases = edit_unit_list(finance)
    education = fill_docx_reply(out / "会议通知.docx", folder / "教育局回执（已盖章）.docx")
    (folder / f"{FINANCE}回执扫描.docx").write_bytes(b"not a zip file at all")
    shutil.copy(out / "旗统计局参会名单.xlsx", folder / "回执表.xlsx")  # no unit in the name …
    book = openpyxl.load_workbook(folder / "回执表.xlsx")
    book.active["A1"] = "参会名单"  # … and its title line with the unit cleared
    book.save(folder / "回执表.xlsx")
    return demo_path, folder, out, cases, education


def summary_rows(path: Path) -> tuple[list[tuple], list[tuple]]:
    """(unit rows, person rows) of the 回执汇总 written into the workbook."""
    ws = openpyxl.load_workbook(path)["回执汇总"]
    rows = [tuple("" if v is None else v for v in r) for r in ws.iter_rows(values_only=True)]
    starts = [i for i, r in enumerate(rows) if r[:2] == ("单位", "类别") or r[:2] == ("编号", "单位")]
    units = [r for r in rows[starts[0] + 1: starts[1] - 2] if any(r)]
    people = [r for r in rows[starts[1] + 1:] if any(r)]
    return units, people


def test_summary_lists_every_change_and_the_units_that_did_not_reply(returned):
    workbook, folder, out, cases, education = returned
    assert main(["replies", str(workbook), str(folder), "--out", str(out)]) == 0
    units, people = summary_rows(workbook)

    by_unit = {r[0]: r for r in units if r[0] != "（未能对应）"}
    units_in_roster = list(dict.fromkeys(p["单位"] for p in demo_tables()["参会名单"]))
    assert set(by_unit) == set(units_in_roster)
    statuses = [r[3] for r in units]
    assert statuses.index("未报") < statuses.index("逾期") < statuses.index("已报")  # not in by the deadline first
    assert by_unit[FINANCE][3] == "已报" and by_unit[EDUCATION][3] == "逾期"
    assert by_unit["旗统计局"][3] == "未报"  # its file named no unit: listed, not guessed
    strays = {r[5]: r for r in units if r[0] == "（未能对应）"}
    assert strays[f"{FINANCE}回执扫描.docx"][3] == "无法读取"
    assert strays["回执表.xlsx"][3] == "无法对应单位"

    finance = [r[1:7] for r in people if r[1] == FINANCE]
    replaced, leave, phone = cases["replaced"], cases["leave"], cases["phone"]
    expected = [
        (FINANCE, replaced["姓名"], "更换", "代会人", "", "冯晓光"),
        (FINANCE, leave["姓名"], "不能参会", "请假", "", "赴京汇报工作"),
        (FINANCE, phone["姓名"], "信息变更", "手机", phone["手机"], "13900001111"),
        *[(FINANCE, p["姓名"], "确认", "", "", "") for p in roster_of(FINANCE)[3:]],
        (FINANCE, "庞新宇", "新增", "姓名", "", "庞新宇"),
    ]
    assert finance == expected
    added = next(r for r in people if r[2] == "庞新宇")
    assert "职务：办公室主任" in added[7] and "手机：13500002222" in added[7] and "性别：女" in added[7]

    calls = sheet(workbook, "电话通知")
    col = {h: i for i, h in enumerate(calls[0])}
    marks = {r[col["单位"]]: r[col["回执状态"]] for r in calls[1:]}
    assert (marks["旗统计局"], marks[EDUCATION], marks[FINANCE]) == ("未报回执", "逾期报回执", "")  # for the phone round

    edu = [r[1:7] for r in people if r[1] == EDUCATION]
    assert edu[0] == (EDUCATION, education[0]["姓名"], "确认", "", "", "")  # merged 单位及职务 = the same post
    assert edu[1] == (EDUCATION, "包海军", "新增", "姓名", "", "包海军")
    assert [r[2] for r in edu[2:]] == ["未列出"] * (len(education) - 1)  # never taken for leave


def test_apply_changes_exactly_the_accepted_rows_and_a_second_run_nothing(returned):
    workbook, folder, out, cases, _ = returned
    assert main(["replies", str(workbook), str(folder), "--out", str(out)]) == 0
    accept(workbook, [("更换", cases["replaced"]["姓名"]), ("信息变更", cases["phone"]["姓名"]), ("新增", "庞新宇")])
    before_roster, before_leave = sheet(workbook, "参会名单"), sheet(workbook, "请假")
    assert main(["replies", str(workbook), "--apply", "--out", str(out)]) == 0
    roster, leave = sheet(workbook, "参会名单"), sheet(workbook, "请假")

    header = before_roster[0]
    changed = [(i, b) for i, (a, b) in enumerate(zip(before_roster, roster)) if a != b]
    phone_row = next(i for i, r in enumerate(before_roster) if r[header.index("姓名")] == cases["phone"]["姓名"])
    assert [(i, b[header.index("手机")]) for i, b in changed] == [(phone_row, "13900001111")]
    assert len(roster) == len(before_roster) + 1
    new = dict(zip(header, roster[-1]))
    assert (new["姓名"], new["单位"], new["职务"], new["手机"], new["性别"], new["类别"]) == \
        ("庞新宇", FINANCE, "办公室主任", "13500002222", "女", "行政单位")
    assert leave[:-1] == before_leave
    added = dict(zip(leave[0], leave[-1]))
    assert (added["姓名"], added["单位"], added["代会人"], added["书面请假"]) == (cases["replaced"]["姓名"], FINANCE, "冯晓光", "")
    assert cases["leave"]["姓名"] not in [r[0] for r in leave]  # the leave was not accepted: not in 请假
    done = {r[2]: r[10] for r in summary_rows(workbook)[1] if r[9] == "是"}
    assert all(text.startswith("已应用") for text in done.values()) and len(done) == 3

    data = workbook.read_bytes()
    assert main(["replies", str(workbook), "--apply", "--out", str(out)]) == 0
    assert workbook.read_bytes() == data  # a second run changes nothing at all


def sheet(path: Path, name: str) -> list[tuple]:
    ws = openpyxl.load_workbook(path)[name]
    rows = [tuple("" if v is None else str(v) for v in r) for r in ws.iter_rows(values_only=True)]
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def accept(workbook: Path, rows) -> None:
    """Staff type 是 in 采纳 on the given (变动, 姓名) rows of 回执汇总."""
    book = openpyxl.load_workbook(workbook)
    ws = book["回执汇总"]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "编号")
    for r in range(header + 1, ws.max_row + 1):
        if (ws.cell(r, 4).value, ws.cell(r, 3).value) in rows:
            ws.cell(r, 10).value = "是"
    book.save(workbook)


def test_first_press_makes_the_folder_and_lists_every_unit_as_not_returned(demo_path, capsys):
    assert main(["replies", str(demo_path)]) == 0
    assert (demo_path.parent / "回执").is_dir()
    assert "已在工作簿旁建立“回执”文件夹" in capsys.readouterr().out
    units, people = summary_rows(demo_path)
    assert {r[3] for r in units} == {"未报"} and people == []


def test_a_folder_given_that_does_not_exist_is_exit_2(demo_path, tmp_path, capsys):
    assert main(["replies", str(demo_path), str(tmp_path / "没有")]) == 2
    assert "找不到这个回执文件夹" in capsys.readouterr().err


def test_summing_up_again_keeps_what_staff_marked(returned):
    workbook, folder, out, cases, _ = returned
    assert main(["replies", str(workbook), str(folder), "--out", str(out)]) == 0
    accept(workbook, [("新增", "庞新宇")])
    assert main(["replies", str(workbook), str(folder), "--out", str(out)]) == 0
    marked = [(r[2], r[3]) for r in summary_rows(workbook)[1] if r[9] == "是"]
    assert marked == [("庞新宇", "新增")]


def test_a_word_reply_with_moved_columns_a_title_row_and_merged_cells_is_read(tmp_path):
    from huiwu_xl.returned import match_unit, read_file

    doc = Document()
    doc.add_paragraph("单位（盖章）：旗水利局　　　联系人：王")
    table = doc.add_table(rows=6, cols=5)
    title = table.rows[0].cells[0].merge(table.rows[0].cells[4])
    title.text = "参会回执"
    for cell, text in zip(table.rows[1].cells, ("手机", "姓名", "备注", "序号", "单位及职务")):
        cell.text = text
    for r, values in ((2, ("13800000001", "赵一", "", "1", "旗水利局局长")), (4, ("", "钱二", "请假：在外培训", "2", ""))):
        for cell, text in zip(table.rows[r].cells, values):
            cell.text = text
    post = table.rows[2].cells[4].merge(table.rows[4].cells[4])  # one 单位及职务 for both, as Word merges
    post.text = "旗水利局局长"
    path = tmp_path / "水利局.docx"
    doc.save(str(path))
    returned = read_file(path)
    assert returned.problem == "" and returned.declared == "旗水利局"
    assert [(r["姓名"], r["手机"], r["备注"], r["单位及职务"]) for r in returned.rows] == [
        ("赵一", "13800000001", "", "旗水利局局长"), ("钱二", "", "请假：在外培训", "旗水利局局长")]
    assert match_unit(returned, ["旗水利局", "旗财政局"]) == "旗水利局"
