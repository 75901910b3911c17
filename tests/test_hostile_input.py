"""Issue 12: hostile and broken input. One regression test (or a few) per numbered point; the
property suite (test_properties.py) throws generated workbooks at every command besides."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from huiwu_xl.cli import main
from huiwu_xl.clean import NAME_BYTES

from hostile_books import COMMANDS, Book, command_args, digest

HERE = Path(__file__).resolve().parent


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def no_english_error(text: str) -> bool:
    return not any(word in text for word in ("Traceback", "Error", "error", "os error", "EOCD", "password protected"))


# --- 1. a stray far cell ----------------------------------------------------------------------

FAR_READ = """
import resource, sys, time
limit = 500 * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
start = time.perf_counter()
from huiwu_xl.cli import main
code = main(sys.argv[1:])
print(f"ELAPSED {time.perf_counter() - start:.3f}")
sys.exit(code)
"""


@pytest.mark.parametrize("sheet, command, row, col, address", [
    ("参会名单", "attendance", 1048575, 16383, "XFD1048576"),
    ("参会名单", "notice", 199999, 701, "ZZ200000"),
    ("考核记录", "archive", 1048575, 16383, "XFD1048576"),  # a sheet only 会议归档 reads (its snapshot)
    ("签到", "attendance", 250000, 2, "C250001"),
])
def test_a_far_cell_is_refused_in_under_2_s_and_500_mb(tmp_path, sheet, command, row, col, address):
    book = Book()
    book.extra_cells[sheet] = [(row, col, "x")]
    path = book.write(tmp_path / "远.xlsx")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", FAR_READ, command, str(path), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2, done.stderr[-2000:]
    assert f"工作表“{sheet}”" in done.stderr and address in done.stderr and "超出了可读取的范围" in done.stderr
    elapsed = float(done.stdout.split("ELAPSED")[1])
    assert elapsed < 2.0


def test_a_formatted_but_empty_far_cell_is_no_reason_to_refuse(tmp_path):
    import xlsxwriter

    from huiwu_xl.port.files import FileWorkbook

    target = tmp_path / "格式.xlsx"
    wb = xlsxwriter.Workbook(str(target))  # a formatted blank cell: <c r="XFD1048576" s="1"/>, no value
    ws = wb.add_worksheet("参会名单")
    ws.write_row(0, 0, ["姓名", "单位"])
    ws.write_row(1, 0, ["张三", "旗委"])
    ws.write_blank(1048575, 16383, None, wb.add_format({"bold": True}))
    wb.close()
    assert FileWorkbook(target).read_values("参会名单")[:2] == [["姓名", "单位"], ["张三", "旗委"]]


# --- 2. long names -----------------------------------------------------------------------------

def test_a_300_character_meeting_name_breaks_no_command(tmp_path, capsys):
    path = Book().setting("会议名称", "关于" + "全旗经济工作" * 50 + "的会议").write(tmp_path / "a" / "长.xlsx")
    for command in COMMANDS:
        code, out, err = run(capsys, *command_args(command, path, name="王伟"))
        assert code in (0, 2) and no_english_error(err), (command, err)
        # sign-in refuses a name not on the roster; sync needs a desk that has run (huiwu serve)
        assert code == 0 or command == "sign-in" or (command == "sync" and "没有找到签到数据" in err), (command, err)
    meeting_folder = next((tmp_path / "a" / "输出").iterdir())
    assert len(meeting_folder.name.encode()) <= NAME_BYTES and meeting_folder.name.startswith("关于全旗经济工作")
    for p in meeting_folder.rglob("*"):
        assert len(p.name.encode()) <= NAME_BYTES
    assert list(meeting_folder.glob("归档_关于全旗经济工作*.zip"))


def test_an_80_character_unit_gets_its_list_and_its_mail(tmp_path, capsys):
    book = Book()
    unit = "内蒙古自治区呼伦贝尔市鄂温克族自治旗" + "人民政府办公室" * 9  # 80 characters, 240 bytes
    for record in book.tables["参会名单"]:
        if record["单位"] == "旗财政局":
            record["单位"] = unit
    for record in book.tables["单位"]:
        if record["单位"] == "旗财政局":
            record["单位"] = unit
    path = book.write(tmp_path / "长单位.xlsx")
    out = tmp_path / "out"
    assert run(capsys, "notice", path, "--out", out)[0] == 0
    lists = [p for p in out.iterdir() if p.name.startswith(unit[:20])]
    assert len(lists) == 1 and len(lists[0].name.encode()) <= NAME_BYTES
    code, stdout, err = run(capsys, "mail", path, "--out", out, "--dry-run")
    assert code == 0, err
    emls = [p for p in (out / "邮件").rglob("*.eml") if p.name.startswith(unit[:20])]
    assert len(emls) == 1


# --- 3. control characters ---------------------------------------------------------------------

def test_control_characters_in_names_reach_no_path_and_no_document(tmp_path, capsys):
    book = Book().setting("会议名称", "全旗\x00经济\x1b工作会议")
    podium = [r for r in book.tables["参会名单"] if r["座区"] == "主席台"]
    podium[0]["姓名"], podium[1]["姓名"], podium[2]["单位"] = "巴\x1b特尔", "张\x01三\x07", "旗\x01委"
    for record in book.tables["参会名单"]:
        if record["单位"] == "旗财政局":
            record["单位"] = "旗财\x01政局"
    for record in book.tables["单位"]:
        if record["单位"] == "旗财政局":
            record["单位"] = "旗财\x01政局"
    path = book.write(tmp_path / "控制.xlsx")
    book.setting("联系人", "孟\x07庆华").setting("会标（汉文）", "全旗\x1b经济工作会议")
    path = book.write(tmp_path / "控制.xlsx")
    for command in ["podium", "plates", "seat-cards", "notice", "sign-in-sheet", "attendance", "feedback", "summary", "banner",
                    "mail", "archive"]:
        code, out, err = run(capsys, *command_args(command, path))
        assert code == 0 and no_english_error(err), (command, err)
    folder = tmp_path / "输出" / "全旗经济工作会议"
    assert folder.is_dir()
    from huiwu_xl.documents.plates import load_pymupdf

    plates = "".join(page.get_text() for page in load_pymupdf().open(folder / "座签.pdf"))
    assert "巴特尔" in plates and not any(ch in plates for ch in "\x00\x01\x07\x1b")
    for doc in ["座次图.docx", "座位卡.docx", "会议通知.docx", "签到表.docx", "会议考勤通报.docx"]:
        text = "\n".join(p.text for p in Document(folder / doc).paragraphs)
        text += "\n".join(c.text for t in Document(folder / doc).tables for row in t.rows for c in row.cells)
        assert not any(ch in text for ch in "\x00\x01\x07\x1b"), doc
    assert "张三" in "".join(c.text for t in Document(folder / "座次图.docx").tables for row in t.rows for c in row.cells)
    assert (folder / "旗财政局参会名单.xlsx").is_file()
    assert any(p.name.startswith("旗财政局_") for p in (folder / "邮件").rglob("*.eml"))  # 发送邮件 found the list


# --- 4. formulas -------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","点此")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)", "'引号开头"]


def written_strings(book) -> list[str]:
    texts = []
    for action in book.json()["actions"]:
        if action["func"] == "setValues":
            texts += [v for row in action["values"] for v in row if isinstance(v, str)]
    return texts


def test_text_that_looks_like_a_formula_stays_text_in_every_sheet_written_through_excel(tmp_path):
    from conftest import apply_writes, payload_from_file, remote_book

    from huiwu_xl import macros

    book = Book()
    roster = book.tables["参会名单"]
    for i, text in enumerate(FORMULAS):
        roster[30 + i]["姓名"] = text
        roster[40 + i]["职务"] = text
    book.tables["请假"][0]["事由"] = FORMULAS[0]
    book.tables["签到"].append({"姓名": FORMULAS[1], "单位": FORMULAS[2], "签到时间": demo.START})
    book.tables["考核记录"][0]["姓名"] = FORMULAS[0]
    path = book.write(tmp_path / "公式.xlsx")
    payload = payload_from_file(path)
    checked = 0
    for macro in ["check_attendance", "score_staff", "make_call_round", "summarize_call_round", "arrange_podium",
                  "report_copies", "make_prep_plan"]:
        remote = remote_book(payload)
        getattr(macros, macro)(remote)
        texts = written_strings(remote)
        checked += len(texts)
        assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))], macro
        payload = apply_writes(payload, remote)
    results = next(s for s in payload["sheets"] if s["name"] == "考勤结果")["values"]
    assert any(v == "'" + FORMULAS[0] for row in results for v in row)  # Excel shows the text, quote hidden
    assert checked > 1000


from huiwu_xl import demo  # noqa: E402  (START for the rows above)


# --- 5. links and entry names ------------------------------------------------------------------

def test_links_in_the_output_folder_are_neither_archived_nor_mailed(tmp_path, capsys):
    if not hasattr(os, "symlink"):
        pytest.skip("no symlinks on this system")
    secret = tmp_path / "外部" / "机密.txt"
    secret.parent.mkdir()
    secret.write_text("不应外发", encoding="utf-8")
    path = Book().write(tmp_path / "会.xlsx")
    out = tmp_path / "out"
    assert run(capsys, "notice", path, "--out", out)[0] == 0
    (out / "会议通知.docx").unlink()
    os.symlink(secret, out / "会议通知.docx")
    os.symlink(secret.parent, out / "外部目录")
    (out / "..\\..\\x.txt").write_text("名字里有反斜杠", encoding="utf-8")

    code, stdout, err = run(capsys, "archive", path, "--out", out)
    assert code == 0, err
    assert "2 个链接" in stdout and "会议通知.docx" in stdout
    archive = next(out.glob("归档_*.zip"))
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert "会议通知.docx" not in names and not any("外部目录" in n or "机密" in n for n in names)
        assert not any("\\" in n or n.startswith(("/", "..")) or "/../" in n for n in names)
        assert "x.txt" in names  # separators normalised, ".." dropped
        assert b"\xe4\xb8\x8d\xe5\xba\x94" not in b"".join(z.read(n) for n in names)  # 不应 appears nowhere

    code, stdout, err = run(capsys, "mail", path, "--out", out, "--dry-run")
    assert code == 2 and "是一个链接" in err and "会议通知.docx" in err
    assert secret.read_text(encoding="utf-8") == "不应外发"


def test_a_generated_file_never_writes_through_a_planted_link(tmp_path, capsys):
    if not hasattr(os, "symlink"):
        pytest.skip("no symlinks on this system")
    victim = tmp_path / "别处.docx"
    victim.write_bytes(b"original")
    path = Book().write(tmp_path / "会.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(victim, out / "签到表.docx")
    code, stdout, err = run(capsys, "sign-in-sheet", path, "--out", out)
    assert code == 2 and "是一个链接" in err
    assert victim.read_bytes() == b"original" and (out / "签到表.docx").is_symlink()


# --- 6. messages and exit codes ----------------------------------------------------------------

def test_output_folder_pointing_at_a_file_is_bad_input(tmp_path, capsys):
    (tmp_path / "文件").write_text("x")
    path = Book().setting("输出目录", "文件").write(tmp_path / "会.xlsx")
    code, out, err = run(capsys, "attendance", path)
    assert code == 2 and "会议信息" in err and "输出目录" in err and "是一个文件" in err
    code, out, err = run(capsys, "notice", path, "--out", tmp_path / "文件" / "子")
    assert code == 2 and "是一个文件" in err and no_english_error(err)


@pytest.mark.parametrize("content, words", [
    (b"", "不是 Excel 工作簿"),
    (b"\xd0\xcf\x11\xe0" + bytes(600), "无法读取工作簿"),
    ("姓名,单位\n张三,旗委\n".encode("utf-8"), "不是 Excel 工作簿"),
    (b"PK\x03\x04" + bytes(100), "不是 Excel 工作簿"),
])
def test_unreadable_workbooks_get_chinese_messages(tmp_path, capsys, content, words):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(content)
    code, out, err = run(capsys, "attendance", path)
    assert code == 2 and words in err and no_english_error(err), err


def test_a_password_protected_workbook_and_a_folder_get_chinese_messages(tmp_path, capsys):
    from huiwu_xl.build.cfb import write_cfb

    locked = tmp_path / "加密.xlsx"
    locked.write_bytes(write_cfb({"EncryptionInfo": b"\x04\x00\x04\x00" + bytes(200), "EncryptedPackage": bytes(5000)}))
    code, out, err = run(capsys, "attendance", locked)
    assert code == 2 and "打开密码" in err and no_english_error(err), err
    folder = tmp_path / "目录.xlsx"
    folder.mkdir()
    code, out, err = run(capsys, "attendance", folder)
    assert code == 2 and "文件夹" in err and no_english_error(err), err


def test_output_folder_anywhere_is_accepted_and_the_message_says_where(tmp_path, capsys):
    nested = tmp_path / "甲" / "乙"
    path = Book().setting("输出目录", "../../别处").write(nested / "会.xlsx")
    code, out, err = run(capsys, "attendance", path)
    assert code == 0, err
    assert str(tmp_path / "别处" / "会议考勤通报.docx") in out and ".." not in out
    absolute = tmp_path / "绝对"
    path = Book().setting("输出目录", str(absolute)).write(tmp_path / "会2.xlsx")
    code, out, err = run(capsys, "sign-in-sheet", path)
    assert code == 0 and str(absolute / "签到表.docx") in out


def test_two_name_columns_say_which_one_is_read(tmp_path, capsys):
    book = Book()
    book.headers["参会名单"] = ["序号", "姓名", "单位", "职务", "类别", "排序", "座区", "座签", "姓名"]
    path = book.write(tmp_path / "两列.xlsx")
    code, out, err = run(capsys, "attendance", path, "--out", tmp_path / "out")
    assert code == 0
    assert "有多列可作“姓名”" in out and "使用的是 B列" in out and "未使用 I列" in out


def test_two_archives_in_the_same_minute_are_both_kept(tmp_path):
    from datetime import datetime

    from huiwu_xl.port.files import FileWorkbook
    from huiwu_xl.services.archive import archive_meeting

    path = Book().write(tmp_path / "会.xlsx")
    out = tmp_path / "out"
    archive_meeting(FileWorkbook(path, out), datetime(2026, 12, 4, 16, 0, 5))
    archive_meeting(FileWorkbook(path, out), datetime(2026, 12, 4, 16, 0, 40))
    archives = sorted(p.name for p in out.glob("归档_*.zip"))
    assert archives == ["归档_2026年全旗经济工作会议_20261204-1600(2).zip", "归档_2026年全旗经济工作会议_20261204-1600.zip"]


@pytest.mark.parametrize("name", [" ", "\u3000", "\u200b"])
def test_sign_in_with_a_blank_name_exits_2(tmp_path, capsys, name):
    path = Book().write(tmp_path / "会.xlsx")
    before = digest(path)
    code, out, err = run(capsys, "sign-in", path, "--name", name, "--out", tmp_path / "out")
    assert code == 2 and "--name" in err and "姓名是空的" in err
    assert digest(path) == before and not (tmp_path / "out").exists()


# --- 8. the podium, variant C, an even row -----------------------------------------------------

def test_variant_c_with_an_even_podium_row_runs(tmp_path, capsys):
    path = Book().setting("主席台排法", "C").setting("主席台每排座位数", 4).write(tmp_path / "C.xlsx")
    code, out, err = run(capsys, "podium", path, "--out", tmp_path / "out")
    assert code == 0, err
    assert "排法 C" in out


def test_excel_refuses_a_far_cell_before_fetching_the_range():
    from conftest import alerts, payload_from_values, remote_book

    from huiwu_xl import macros

    far = [["姓名", "单位"], ["张三", "旗委"], [None] * 299 + ["误填"]]
    book = remote_book(payload_from_values({"会议信息": [["项目", "内容"], ["会议名称", "会"]], "参会名单": far}))
    macros.check_attendance(book)
    shown = alerts(book)
    assert len(shown) == 1 and "工作表“参会名单”" in shown[0] and "KN3" in shown[0] and "超出了可读取的范围" in shown[0]
