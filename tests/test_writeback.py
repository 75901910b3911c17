"""The workbook is the one record: the command line writes its changes into the workbook itself,
changing only what changed, atomically, never while Excel holds it, never over an input."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from conftest import needs_soffice
from python_calamine import CalamineWorkbook
from xlsx_invariants import problems

from huiwu_xl.cli import main
from huiwu_xl.demo import demo_tables, desk_arrivals, write_demo_workbook


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def sheet_part_names(path: Path) -> dict[str, str]:
    from huiwu_xl.port.writeback.package import Package

    return {name: part for name, part in Package(path).sheet_parts.items()}


def rows(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


@pytest.fixture(scope="module")
def demo_xlsm(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    return write_demo_workbook(folder / "会议示例.xlsm", out_dir=str(folder / "输出"))


@pytest.fixture
def workbook(demo_xlsm, tmp_path) -> Path:
    target = tmp_path / "会议示例.xlsm"
    shutil.copy2(demo_xlsm, target)
    return target


def huiwu(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "huiwu_xl.cli", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120)


def test_sign_in_twice_and_call_round_change_only_their_sheets(workbook, tmp_path):
    before = parts(workbook)
    arrival = desk_arrivals(demo_tables())[0]
    out = str(tmp_path / "输出")
    assert main(["sign-in", str(workbook), "--out", out, "--name", arrival["name"], "--time", "8:12"]) == 0
    after_first = sha(workbook)
    assert main(["sign-in", str(workbook), "--out", out, "--name", arrival["name"], "--time", "8:20"]) == 0
    assert sha(workbook) == after_first  # the second press of the same name changes nothing
    assert main(["call-round", str(workbook), "--out", out]) == 0
    after = parts(workbook)

    sheets = sheet_part_names(workbook)
    allowed = {sheets["签到"], sheets["电话通知"], sheets["电话通知汇总"], "docProps/app.xml", "docProps/core.xml"}
    changed = {name for name in before if before[name] != after.get(name)}
    assert set(after) == set(before)
    assert {sheets["签到"], sheets["电话通知"], sheets["电话通知汇总"]} <= changed <= allowed
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    vml = [n for n in before if re.match(r"xl/drawings/vmlDrawing\d+\.vml$", n)]
    assert vml and all(after[n] == before[n] for n in vml)
    for name in ("xl/styles.xml", "xl/workbook.xml", "xl/sharedStrings.xml", "[Content_Types].xml"):
        assert after[name] == before[name], name
    assert problems(workbook) == []

    signins = rows(workbook, "签到")
    mine = [r for r in signins if r[0] == arrival["name"]]
    assert len(mine) == 1 and mine[0][4].startswith("第") and mine[0][2].hour == 8 and mine[0][2].minute == 12
    calls = [r for r in rows(workbook, "电话通知") if r[3] not in ("", None)]
    assert len(calls) == len(demo_tables()["参会名单"]) + 1  # + the header row


def test_appended_rows_take_the_look_of_the_row_above_and_foreign_cells_stay(tmp_path):
    path = tmp_path / "会议.xlsx"
    book = xlsxwriter.Workbook(str(path))
    green = book.add_format({"bg_color": "#E2EFDA", "pattern": 1})
    date = book.add_format({"num_format": "yyyy/mm/dd hh:mm", "bg_color": "#E2EFDA", "pattern": 1})
    meeting = book.add_worksheet("会议信息")
    for r, (k, v) in enumerate([("项目", "内容"), ("会议名称", "测试会议"), ("开始时间", "2026-12-03 08:30"),
                                ("结束时间", "2026-12-03 11:30"), ("地点", "会议室"), ("会场排数", 5), ("每排座位数", 6)]):
        meeting.write(r, 0, k)
        meeting.write(r, 1, v)
    roster = book.add_worksheet("参会名单")
    roster.write_row(0, 0, ["姓名", "单位"])
    roster.write_row(1, 0, ["张三", "旗财政局"])
    roster.write_row(2, 0, ["李四", "旗教育局"])
    ws = book.add_worksheet("签到")
    ws.write_row(0, 0, ["姓名", "单位", "签到时间", "签退时间", "座位", "代会对象", "备注", "核对"])
    ws.write_string(1, 0, "张三", green)
    ws.write_string(1, 1, "旗财政局", green)
    ws.write_datetime(1, 2, __import__("datetime").datetime(2026, 12, 3, 8, 1), date)
    ws.write_formula(1, 7, '=IF(A2="","","已核")', None, "已核")
    ws.write_string(1, 9, "备用格")  # a cell of the user's, beside the table
    book.close()
    before = openpyxl.load_workbook(path)["签到"]
    kept = {(c.coordinate, c.value, c.style_id) for row in before.iter_rows() for c in row if c.value is not None}

    assert main(["sign-in", str(path), "--out", str(tmp_path / "out"), "--name", "李四", "--time", "8:05"]) == 0
    after = openpyxl.load_workbook(path)["签到"]
    assert kept <= {(c.coordinate, c.value, c.style_id) for row in after.iter_rows() for c in row if c.value is not None}
    new = after[3]
    assert [c.value for c in new[:2]] == ["李四", "旗教育局"]
    assert new[0].fill.fgColor.rgb == "FFE2EFDA" and new[1].fill.fgColor.rgb == "FFE2EFDA"
    assert new[2].number_format == "yyyy/mm/dd hh:mm" and new[2].value.minute == 5
    assert after["H2"].value == '=IF(A2="","","已核")'
    assert problems(path) == []


def test_a_missing_sheet_is_added_with_consistent_package_parts(tmp_path):
    path = tmp_path / "会议.xlsx"
    source = openpyxl.Workbook()
    ws = source.active
    ws.title = "会议信息"
    for row in [("项目", "内容"), ("会议名称", "测试会议"), ("开始时间", "2026-12-03 08:30"), ("结束时间", "2026-12-03 11:30"),
                ("地点", "会议室")]:
        ws.append(row)
    roster = source.create_sheet("参会名单")
    roster.append(["姓名", "单位"])
    roster.append(["张三", "旗财政局"])
    source.create_sheet("签到").append(["姓名", "单位", "签到时间"])
    source.create_sheet("请假").append(["姓名", "单位", "请假类型"])
    source.save(path)
    assert main(["attendance", str(path), "--out", str(tmp_path / "out")]) == 0
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names[-3:] == ["考勤结果", "考勤汇总", "名单外签到"]
    result = book.get_sheet_by_name("考勤结果").to_python()
    assert result[2][3] == "张三" and "旷会" in result[2]
    assert problems(path) == []
    assert openpyxl.load_workbook(path).sheetnames[-1] == "名单外签到"


def test_an_excel_table_grows_with_appended_rows(tmp_path):
    path = tmp_path / "会议.xlsx"
    book = xlsxwriter.Workbook(str(path))
    meeting = book.add_worksheet("会议信息")
    for r, (k, v) in enumerate([("项目", "内容"), ("会议名称", "测试会议"), ("开始时间", "2026-12-03 08:30"),
                                ("结束时间", "2026-12-03 11:30"), ("地点", "会议室")]):
        meeting.write_row(r, 0, [k, v])
    book.add_worksheet("参会名单").write_row(0, 0, ["姓名", "单位"])
    ws = book.add_worksheet("签到")
    ws.add_table(0, 0, 2, 6, {"columns": [{"header": h} for h in ("姓名", "单位", "签到时间", "签退时间", "座位", "代会对象", "备注")],
                              "data": [["甲", "一局", None, None, None, None, None], ["乙", "二局", None, None, None, None, None]]})
    book.close()
    assert main(["sign-in", str(path), "--out", str(tmp_path / "out"), "--name", "丙", "--unit", "三局", "--time", "8:00"]) == 0
    with zipfile.ZipFile(path) as zf:
        table = zf.read("xl/tables/table1.xml").decode()
    assert 'ref="A1:G4"' in table
    assert problems(path) == []


def test_a_workbook_open_in_excel_is_refused_and_left_alone(workbook, tmp_path):
    before = sha(workbook)
    owner = workbook.with_name("~$" + workbook.name)
    owner.write_bytes(b"\x00" * 165)
    done = huiwu("sign-in", str(workbook), "--out", str(tmp_path / "out"), "--name", "新来宾", "--time", "8:00")
    assert done.returncode == 2 and "正在 Excel 或 WPS 中打开" in done.stderr and "Traceback" not in done.stderr
    assert sha(workbook) == before
    owner.unlink()
    workbook.with_name(f".~lock.{workbook.name}#").write_text("LibreOffice")
    assert huiwu("attendance", str(workbook), "--out", str(tmp_path / "out")).returncode == 2
    assert sha(workbook) == before


def test_a_change_made_meanwhile_is_not_overwritten(workbook, tmp_path):
    from huiwu_xl.port import FileWorkbook
    from huiwu_xl.services.seating import sign_in_desk

    port = FileWorkbook(workbook, tmp_path / "out", stream=open(os.devnull, "w"))
    sign_in_desk(port, name="新来宾", at="8:00")
    assert main(["sign-in", str(workbook), "--out", str(tmp_path / "out"), "--name", "另一位", "--time", "8:01"]) == 0
    meanwhile = sha(workbook)
    with pytest.raises(Exception) as caught:
        port.commit()
    assert "被其他程序改动过" in str(caught.value)
    assert sha(workbook) == meanwhile


def test_backups_are_kept_and_pruned(workbook, tmp_path):
    from huiwu_xl.port.writeback.atomic import KEEP_BACKUPS

    original = sha(workbook)
    for k in range(KEEP_BACKUPS + 2):
        assert main(["sign-in", str(workbook), "--out", str(tmp_path / "out"), "--name", f"来宾{k}", "--time", "8:00"]) == 0
    backups = sorted((workbook.parent / ".huiwu备份").glob("会议示例-*.xlsm"))
    assert len(backups) == KEEP_BACKUPS
    assert sha(backups[-1]) != original and CalamineWorkbook.from_path(str(backups[0])).sheet_names


KILLER = """
import sys
from huiwu_xl.port import FileWorkbook
from huiwu_xl.services.attendance import check_attendance
port = FileWorkbook(sys.argv[1], sys.argv[2], stream=open(__import__('os').devnull, 'w'))
check_attendance(port)
print('ready', flush=True)
sys.stdin.readline()
port.commit()
print('done', flush=True)
"""


def test_killed_in_the_middle_of_a_write_back_the_workbook_is_old_or_new(tmp_path):
    path = write_demo_workbook(tmp_path / "大会.xlsx", people=6000, out_dir=str(tmp_path / "out"))
    old = sha(path)
    seen = {"old": 0, "new": 0, "temp left": 0}
    new = None
    # None: kill the moment the temporary file appears (mid-write); numbers: after that many seconds
    for delay in (None, None, None, 0.0, 0.05, 0.1, 0.2, 0.4, 5.0):
        child = subprocess.Popen([sys.executable, "-c", KILLER, str(path), str(tmp_path / "out")], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        child.stdin.write("\n")
        child.stdin.flush()
        if delay is None:
            deadline = time.monotonic() + 30
            while not list(tmp_path.glob(".~huiwu-*")) and time.monotonic() < deadline:
                pass
        else:
            time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        now = sha(path)
        names = CalamineWorkbook.from_path(str(path)).sheet_names  # readable every time
        if now == old:
            seen["old"] += 1
        else:
            new = new or now
            assert "考勤结果" in names and problems(path) == []  # the whole new version, nothing in between
            seen["new"] += 1
            # put the old version back so the next kill interrupts a real write
            backup = sorted((tmp_path / ".huiwu备份").glob("大会-*.xlsx"))[0]
            shutil.copy2(backup, path)
            assert sha(path) == old
            os.utime(path, None)
        seen["temp left"] += bool(list(tmp_path.glob(".~huiwu-*")))
    assert seen["old"] and seen["new"], seen
    assert seen["temp left"], "no kill landed while the temporary file was being written"
    # the next run cleans up whatever a killed one left behind
    assert main(["sign-in", str(path), "--out", str(tmp_path / "out"), "--name", "来宾", "--time", "8:00"]) == 0
    assert not list(tmp_path.glob(".~huiwu-*"))


# --- outputs never overwrite inputs ------------------------------------------------------------
def test_a_workbook_named_like_an_output_is_never_replaced(demo_path, tmp_path):
    for name in ("考勤结果.xlsx", "考勤结果.XLSX"):
        path = tmp_path / name
        shutil.copy2(demo_path, path)
        before = sha(path)
        done = huiwu("attendance", str(path), "--out", str(tmp_path))
        assert done.returncode == 2 and "就是正在处理的工作簿" in done.stderr, done.stderr
        assert sha(path) == before
        path.unlink()


def test_out_spelled_another_way_is_still_the_workbooks_folder(demo_path, tmp_path):
    folder = tmp_path / "会议"
    folder.mkdir()
    path = folder / "物资清单.xlsx"
    shutil.copy2(demo_path, path)
    before = sha(path)
    done = huiwu("supplies", str(path), "--out", str(folder / ".." / "会议"))
    assert done.returncode == 2 and "就是正在处理的工作簿" in done.stderr
    assert sha(path) == before


def test_a_link_to_the_workbook_in_the_output_folder_is_not_written_through(demo_path, tmp_path):
    out = tmp_path / "输出"
    out.mkdir()
    (out / "考勤结果.xlsx").symlink_to(demo_path)
    before = sha(demo_path)
    done = huiwu("attendance", str(demo_path), "--out", str(out), "--read-only")
    assert done.returncode == 2 and ("链接" in done.stderr or "就是正在处理的工作簿" in done.stderr)
    assert sha(demo_path) == before


def test_a_file_the_program_did_not_write_is_not_replaced(demo_path, tmp_path):
    out = tmp_path / "输出"
    assert main(["notice", str(demo_path), "--out", str(out)]) == 0
    assert main(["notice", str(demo_path), "--out", str(out)]) == 0  # its own file: replaced
    (out / "会议通知.docx").write_bytes(b"edited in Word")
    done = huiwu("notice", str(demo_path), "--out", str(out))
    assert done.returncode == 2 and "不是 huiwu 生成的，或生成后被修改过" in done.stderr
    assert (out / "会议通知.docx").read_bytes() == b"edited in Word"


@needs_soffice
def test_libreoffice_still_binds_every_button_after_write_back(workbook, tmp_path):
    from huiwu_xl import contract as c
    from huiwu_xl.build.xlsm import DESK_MACRO, STUB_MODULE

    assert main(["attendance", str(workbook), "--out", str(tmp_path / "out")]) == 0
    assert main(["sign-in", str(workbook), "--out", str(tmp_path / "out"), "--name", "来宾", "--time", "8:00"]) == 0
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "ods",
                    "--outdir", str(tmp_path), str(workbook)], check=True, capture_output=True, timeout=180)
    with zipfile.ZipFile(tmp_path / "会议示例.ods") as z:
        content = z.read("content.xml").decode()
    bound = re.findall(r'xlink:href="vnd\.sun\.star\.script:VBAProject\.(\w+)\.(\w+)\?language=Basic', content)
    assert sorted(bound) == sorted([(STUB_MODULE, b.macro) for b in c.BUTTONS] + [(STUB_MODULE, DESK_MACRO)])
    assert "来宾" in content and "考勤结果" in content


def test_openxml_audit_finds_nothing_after_write_back(workbook, tmp_path):
    import json

    for command in ("call-round", "call-summary", "attendance", "podium", "prep-plan"):
        assert main([command, str(workbook), "--out", str(tmp_path / "out")]) == 0
    done = subprocess.run(["openxml-audit", "-f", "microsoft365", "-o", "json", str(workbook)], capture_output=True, text=True)
    report = json.loads(done.stdout)[0]
    assert report["error_count"] == 0 and report["verdict"]["prediction"] == "opens-clean", done.stdout[:2000]
    assert problems(workbook) == []


def test_a_parsed_style_book_is_copied_so_one_file_s_new_looks_stay_out_of_the_next():
    from huiwu_xl.port.writeback import _skeleton
    from huiwu_xl.port.writeback.package import Package
    from huiwu_xl.port.writeback.styles import CellStyle, StyleBook

    package = Package(_skeleton(("甲",), None))
    xml = package.read("xl/styles.xml")
    first = StyleBook.parsed(xml)
    count = first.count()
    odd = CellStyle(fill="#123456", bold=True, number_format="0.000")
    assert first.xf(odd) == count and first.changed  # a look the palette lacks is added ...
    second = StyleBook.parsed(xml)
    assert second.count() == count and not second.changed  # ... to that file's book only
    assert second.xf(odd) == count  # and the next file adds it afresh, at the same index
