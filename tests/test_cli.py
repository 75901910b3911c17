"""The command line: same macros on a saved workbook; exit 2 with a Chinese message for bad input."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import openpyxl

from conftest import needs_cjk_font

from huiwu_xl.cli import main


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def huiwu(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "huiwu_xl.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONIOENCODING": "utf-8", **__import__("os").environ})


def test_attendance_writes_outputs_and_its_sheets_into_the_workbook(demo_path, tmp_path):
    from python_calamine import CalamineWorkbook

    out = tmp_path / "结果"
    done = huiwu("attendance", str(demo_path), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "实到 100 人" in done.stdout and "已写回工作簿" in done.stdout
    book = openpyxl.load_workbook(out / "考勤结果.xlsx", read_only=True)
    assert book.sheetnames == ["考勤结果", "考勤汇总", "名单外签到"]
    rows = list(book["考勤结果"].iter_rows(values_only=True))
    assert rows[1][5] == "状态" and {r[5] for r in rows[2:]} == {"出席", "迟到", "早退", "迟到早退", "请假", "代会", "擅自代会", "旷会"}
    minutes = {r[0]: (r[8], r[9]) for r in rows[2:]}
    assert set(minutes.values()) >= {(None, None), (9, None), (None, 60), (20, 50)}  # empty cells, not "<NA>"
    assert (out / "会议考勤通报.docx").stat().st_size > 10_000
    inside = CalamineWorkbook.from_path(str(demo_path))
    assert {"考勤结果", "考勤汇总", "名单外签到"} <= set(inside.sheet_names)
    assert [(r[0], r[5]) for r in inside.get_sheet_by_name("考勤结果").to_python()[2:]] == [(r[0], r[5]) for r in rows[2:]]
    assert sorted(p.name for p in demo_path.parent.iterdir()) == [".huiwu备份", "会议示例.xlsx", "结果"]


def test_read_only_run_and_read_only_commands_leave_the_workbook_byte_identical(demo_path, tmp_path):
    before = sha(demo_path)
    stamp = demo_path.stat().st_mtime_ns
    done = huiwu("attendance", str(demo_path), "--out", str(tmp_path / "结果"), "--read-only")
    assert done.returncode == 0, done.stderr
    assert "未写回工作簿" in done.stdout and "“考勤结果”（重新生成）" in done.stdout
    for command in ("notice", "sign-in-sheet", "phone-book", "plates"):
        assert huiwu(command, str(demo_path), "--out", str(tmp_path / "结果")).returncode == 0
    assert sha(demo_path) == before and demo_path.stat().st_mtime_ns == stamp


def test_default_output_folder_is_beside_the_workbook(tmp_path):
    from huiwu_xl.demo import write_demo_workbook

    path = write_demo_workbook(tmp_path / "会议.xlsx")
    assert main(["attendance", str(path)]) == 0
    assert (tmp_path / "输出" / "2026年全旗经济工作会议" / "会议考勤通报.docx").exists()


def copy_without(demo_path: Path, tmp_path: Path, edit) -> Path:
    book = openpyxl.load_workbook(demo_path)
    edit(book)
    target = tmp_path / "坏的.xlsx"
    book.save(target)
    return target


def test_missing_sheet(demo_path, tmp_path):
    path = copy_without(demo_path, tmp_path, lambda b: b.remove(b["签到"]))
    done = huiwu("attendance", str(path), "--out", str(tmp_path / "o"))
    assert done.returncode == 2
    assert "工作表“签到”：找不到这张工作表" in done.stderr and "Traceback" not in done.stderr


def test_missing_name_column(demo_path, tmp_path):
    def edit(book):
        book["参会名单"]["B1"] = "名称"  # 姓名 renamed to something that is no alias

    done = huiwu("attendance", str(copy_without(demo_path, tmp_path, edit)), "--out", str(tmp_path / "o"))
    assert done.returncode == 2
    assert "工作表“参会名单”第1行“姓名”列：找不到“姓名”列" in done.stderr and "Traceback" not in done.stderr


def test_unparseable_times_are_all_reported_at_once(demo_path, tmp_path):
    def edit(book):
        ws = book["签到"]
        ws["C5"] = "八点半左右"
        ws["D9"] = "下班前"

    done = huiwu("attendance", str(copy_without(demo_path, tmp_path, edit)), "--out", str(tmp_path / "o"))
    assert done.returncode == 2, done.stdout
    assert "工作表“签到”第5行“签到时间”列（C列）：无法识别的时间“八点半左右”" in done.stderr
    assert "工作表“签到”第9行“签退时间”列（D列）" in done.stderr
    assert "发现 2 处问题" in done.stderr and "Traceback" not in done.stderr


def test_aliases_title_rows_blank_rows_and_merged_cells(tmp_path):
    """A roster as offices really keep it: a merged title row, alias headers, blank rows, merged 单位 cells."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "会议信息"
    for row in [["项目", "内容"], ["会议名称", "测试会"], ["开始时间", "2026-12-03 8:30"], ["结束时间", "2026/12/3 11:30"], ["地点", "一楼"]]:
        ws.append(row)
    roster = book.create_sheet("参会名单")
    roster.append(["2026年测试会参会名单"])
    roster.merge_cells("A1:D1")
    roster.append(["序号", "姓 名", "工作单位", "职务"])
    roster.append([1, "张三", "旗财政局", "局长"])
    roster.append([2, "李四", None, "副局长"])
    roster.merge_cells("C3:C4")  # one unit cell for two people
    roster.append([None, None, None, None])
    roster.append([3, "王五", "旗教育局", "局长"])
    book.create_sheet("请假").append(["姓名", "单位", "批准人", "书面请假"])
    sign = book.create_sheet("签到")
    sign.append(["签到人", "单位", "到会时间"])
    sign.append(["李\u3000四", "旗财政局", "8点20分"])
    sign.append(["王五", "", "8:45"])
    path = tmp_path / "名单.xlsx"
    book.save(path)
    assert main(["attendance", str(path), "--out", str(tmp_path / "o")]) == 0
    rows = list(openpyxl.load_workbook(tmp_path / "o" / "考勤结果.xlsx")["考勤结果"].iter_rows(values_only=True))
    got = {r[3]: (r[2], r[5]) for r in rows[2:]}
    assert got == {"张三": ("旗财政局", "旷会"), "李四": ("旗财政局", "出席"), "王五": ("旗教育局", "迟到")}


def test_missing_file_and_not_a_workbook(tmp_path, capsys):
    assert main(["attendance", str(tmp_path / "没有.xlsx")]) == 2
    (tmp_path / "假的.xlsx").write_text("不是工作簿")
    assert main(["attendance", str(tmp_path / "假的.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "找不到工作簿文件" in err and "无法读取工作簿" in err


def test_locked_output_is_not_lost(demo_path, tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "考勤结果.xlsx").mkdir()  # stands in for a file Excel holds open
    assert main(["attendance", str(demo_path), "--out", str(out)]) == 0
    assert (out / "考勤结果(2).xlsx").is_file()


@needs_cjk_font  # 生成座签 rightly refuses without a Chinese font, and the demo presses every button
def test_demo_runs_every_command(tmp_path):
    from docx import Document

    from huiwu_xl.contract import BUTTONS

    done = huiwu("demo", str(tmp_path / "演示"))
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and "请修改后重新运行" not in done.stdout
    for b in BUTTONS:
        assert f"== {b.caption}（huiwu {b.command} 会议示例.xlsm" in done.stdout
    assert "考勤核对完成" in done.stdout and "试运行：已生成" in done.stdout and "会议归档完成" in done.stdout
    assert done.stdout.rstrip().splitlines()[-4] == "建议先打开这三个文件："
    out = tmp_path / "演示" / "输出"
    expected = {"会议通知.docx", "签到表.docx", "会议电话簿.docx", "座次图.docx", "座签.pdf", "座位卡.docx",
                "会议考勤通报.docx", "考勤结果.xlsx", "筹备计划.xlsx", "物资清单.xlsx", "材料回收.xlsx", "工作人员考核.xlsx"}
    assert expected <= {p.name for p in out.iterdir()}
    assert not [p for p in out.iterdir() if "（更新）" in p.name]  # the workbook is the one record
    # No placeholder or missing-value text leaks into what staff read.
    leaks = ("<NA>", "NaT", "nan", "None", "{{", "{%")
    for path in [*out.glob("*.xlsx"), tmp_path / "演示" / "会议示例.xlsm"]:
        for ws in openpyxl.load_workbook(path, read_only=True):
            for row in ws.iter_rows(values_only=True):
                assert not any(isinstance(v, str) and v.strip() in leaks for v in row), (path.name, row)
    for path in out.glob("*.docx"):
        doc = Document(path)
        text = "\n".join(p.text for p in doc.paragraphs) + "".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
        assert not any(leak in text for leak in ("<NA>", "NaT", "{{", "{%")), path.name


def test_exported_results_carry_the_sheet_formatting(demo_path, tmp_path):
    assert main(["attendance", str(demo_path), "--out", str(tmp_path)]) == 0
    ws = openpyxl.load_workbook(tmp_path / "考勤结果.xlsx")["考勤结果"]
    assert ws.freeze_panes == "A3"  # the generated note, then the header, stay in view
    assert ws.sheet_properties.tabColor.rgb.endswith("F4B183")
    header = [c.value for c in ws[2]]
    status = header.index("状态") + 1
    for row in ws.iter_rows(min_row=3):
        fill = row[0].fill.fgColor.rgb if row[0].fill.fill_type == "solid" else None
        violation = row[status - 1].value in ("迟到", "早退", "迟到早退", "擅自代会", "旷会")
        assert (fill is not None and fill.endswith("FFC7CE")) == violation, [c.value for c in row]
    assert ws.cell(3, header.index("签到时间") + 1).number_format == "yyyy-mm-dd hh:mm"
