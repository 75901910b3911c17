"""huiwu.xlsm built from source (issue 3): a sound VBA project, every button, reproducible bytes.

No Excel here: the VBA project is checked with olevba and our own decompressor, the buttons and
sheets with headless LibreOffice, and the whole workbook by filling it and running the command
line on it.
"""
from __future__ import annotations

import hashlib
import importlib
import io
import random
import re
import shutil
import struct
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import olefile
import pytest
import xlwings

from huiwu_xl import contract as c
from huiwu_xl.build import ovba
from huiwu_xl.build.cfb import write_cfb
from huiwu_xl.build.xlsm import DESK_MACRO, SETTINGS_SHEETS, STUB_MODULE, build_workbook, conf_rows, sheet_codenames, xlwings_sources

from conftest import needs_pdftotext, needs_soffice

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "huiwu.xlsm"
XLWINGS_DIR = Path(xlwings.__file__).parent


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    return build_workbook(tmp_path_factory.mktemp("build") / "huiwu.xlsm")


@pytest.fixture(scope="session")
def vba_bin(built) -> bytes:
    with zipfile.ZipFile(built) as z:
        return z.read("xl/vbaProject.bin")


@pytest.fixture(scope="session")
def macros_by_module(built) -> dict[str, str]:
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(built))
    try:
        return {Path(vba_filename).stem: code for _, _, vba_filename, code in parser.extract_macros()}
    finally:
        parser.close()


def _soffice(source: Path, fmt: str, out: Path) -> Path:
    profile = out / "lo-profile"  # a private profile: other LibreOffice runs may be going on
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt, "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{source.stem}.{fmt}"


# --- MS-OVBA pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 3, 4095, 4096, 4097, 9000])
def test_compression_round_trips_and_oletools_agrees(size):
    from oletools.olevba import decompress_stream

    rng = random.Random(size)
    samples = [
        b"a" * size,  # one long copy run: the case ms_ovba_compression truncates
        (b"    Dim x As String\r\n" * size)[:size],
        bytes(rng.choice(b"ab \r\n") for _ in range(size)),
        bytes(rng.randrange(256) for _ in range(size)),
    ]
    for data in samples:
        last = data[len(data) // ovba.CHUNK * ovba.CHUNK :]
        if last and len(ovba._compress_chunk(last)) > ovba.CHUNK:
            # the padding case: a short last chunk that does not compress would come back with NULs after it
            with pytest.raises(ValueError, match="padding"):
                ovba.compress(data)
            continue
        packed = ovba.compress(data)
        assert ovba.decompress(packed) == data  # exactly: no padding after the last chunk
        assert bytes(decompress_stream(bytearray(packed))) == data


def test_only_a_full_chunk_is_ever_stored_raw():
    rng = random.Random(1)
    noise = bytes(rng.randrange(256) for _ in range(ovba.CHUNK))
    packed = ovba.compress(noise + b"End Sub\r\n")
    header = struct.unpack_from("<H", packed, 1)[0]
    assert header & 0x8000 == 0 and (header & 0x0FFF) + 3 == ovba.CHUNK + 2  # raw, exactly 4096 bytes
    assert ovba.decompress(packed) == noise + b"End Sub\r\n"
    with pytest.raises(ValueError, match="padding"):
        ovba.compress(noise[:3900])  # a raw chunk here would be padded to 4096 bytes


def test_every_module_of_the_build_survives_compression_exactly():
    from huiwu_xl.build.xlsm import vba_modules

    modules = vba_modules()
    assert len(modules) > 10
    for m in modules:
        source = m.encoded()
        assert ovba.decompress(ovba.compress(source)) == source, m.name


def test_the_dictionary_class_equals_the_one_in_the_installed_xlwings_xlam_byte_for_byte(vba_bin):
    def module(project: bytes, name: str) -> bytes:
        from oletools.olevba import decompress_stream

        ole = olefile.OleFileIO(io.BytesIO(project))
        directory = bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
        offsets, current, i = {}, None, 0
        while i < len(directory):
            record, size = struct.unpack_from("<HI", directory, i)
            size = 6 if record == 0x0009 else size  # PROJECTVERSION's size field is not its size
            payload = directory[i + 6 : i + 6 + size]
            if record == 0x0019:
                current = payload.decode("cp1252")
            elif record == 0x0031:
                offsets[current] = struct.unpack("<I", payload)[0]
            i += 6 + size
        return ovba.decompress(ole.openstream(f"VBA/{name}").read()[offsets[name] :])

    with zipfile.ZipFile(XLWINGS_DIR / "addin" / "xlwings.xlam") as z:
        theirs = module(z.read("xl/vbaProject.bin"), "Dictionary")
    ours = module(vba_bin, "Dictionary")
    assert b'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"' in ours
    assert ours == theirs


def test_xlwings_module_compresses_and_comes_back_whole():
    source = (XLWINGS_DIR / "xlwings.bas").read_bytes()
    packed = ovba.compress(source)
    assert len(packed) < len(source) / 2
    assert ovba.decompress(packed) == source


def test_protection_fields_follow_the_spec():
    # xlwings' quickstart_standalone.xlsm was saved by Excel; its CMG round-trips through ours.
    excel_id, excel_cmg = "{5CF9CDAB-B77B-4FE4-BD7E-D29900070E1B}", "8D8FA61394EA98EA98EA98EA98"
    assert ovba.decrypt(excel_cmg) == bytes(4)
    assert ovba.encrypt(bytes(4), 0x8D, excel_id, filler=bytes.fromhex("A9DB")) == excel_cmg
    text = ovba.project_stream([ovba.document_module("ThisWorkbook", ovba.WORKBOOK_BASE)]).decode("ascii")
    fields = dict(re.findall(r'^(CMG|DPB|GC)="([0-9A-F]+)"', text, re.M))
    assert ovba.decrypt(fields["CMG"]) == bytes(4)  # not protected
    assert ovba.decrypt(fields["DPB"]) == b"\0"  # no password
    assert ovba.decrypt(fields["GC"]) == b"\xff"  # visible


def test_class_module_loses_its_export_header_and_keeps_attributes():
    _, cls = xlwings_sources()
    module = ovba.module_from_cls(cls)
    assert module.name == "Dictionary" and module.kind == ovba.CLASS
    lines = module.source.split("\r\n")
    assert lines[0] == 'Attribute VB_Name = "Dictionary"'
    assert not any(line.startswith(("VERSION ", "BEGIN", "END", "  MultiUse")) for line in lines[:6])
    assert "Attribute VB_Exposed = True" in lines
    # the attributes Excel writes for every class module inside a project, in Excel's places
    assert lines[1] == 'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"'
    exposed = lines.index("Attribute VB_Exposed = True")
    assert lines[exposed + 1 : exposed + 3] == ["Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = False"]
    assert ovba.module_from_cls("\r\n".join(lines)).source == module.source  # applied once only


def _check_red_black(ole: olefile.OleFileIO) -> None:
    entries = ole.direntries

    def key(sid):
        name = entries[sid].name
        return (len(name), name.upper())

    def walk(sid, low, high) -> int:  # returns the black height
        if sid == olefile.NOSTREAM:
            return 1
        e = entries[sid]
        assert (low is None or key(low) < key(sid)) and (high is None or key(sid) < key(high))
        if e.color == 0:  # red: both children black
            for child in (e.sid_left, e.sid_right):
                assert child == olefile.NOSTREAM or entries[child].color == 1
        left, right = walk(e.sid_left, low, sid), walk(e.sid_right, sid, high)
        assert left == right
        return left + (e.color == 1)

    for e in entries:
        if e is not None and e.entry_type in (olefile.STGTY_ROOT, olefile.STGTY_STORAGE) and e.sid_child != olefile.NOSTREAM:
            assert entries[e.sid_child].color == 1  # the root of each tree is black
            walk(e.sid_child, None, None)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 8, 21, 40])
def test_compound_file_is_readable_and_its_trees_are_red_black(count):
    names = [f"M{i:02d}{'x' * (i % 5)}" for i in range(count)]
    tree = {"PROJECT": b"p" * 300, "VBA": {n: bytes([i]) * (i * 700) for i, n in enumerate(names)}}
    ole = olefile.OleFileIO(io.BytesIO(write_cfb(tree)))
    for i, n in enumerate(names):
        assert ole.openstream(f"VBA/{n}").read() == bytes([i]) * (i * 700)
    assert ole.openstream("PROJECT").read() == b"p" * 300
    _check_red_black(ole)


# --- The VBA project in the built workbook -------------------------------------------------------


def test_olevba_decodes_every_module_to_its_source(macros_by_module):
    expected = {m.name: m.source for m in ovba_modules()}
    assert set(macros_by_module) == set(expected)
    for name, source in expected.items():
        assert macros_by_module[name] == source, name
    assert "Public Function RunPython(PythonCommand As String)" in macros_by_module["xlwings"]


def ovba_modules():
    from huiwu_xl.build.xlsm import vba_modules

    return vba_modules()


def test_vba_project_is_source_only(vba_bin):
    ole = olefile.OleFileIO(vba_bin)
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000300")
    directory = ovba.decompress(ole.openstream("VBA/dir").read())
    offsets = [struct.unpack_from("<I", directory, m.start() + 6)[0] for m in re.finditer(b"\x31\x00\x04\x00\x00\x00", directory)]
    assert offsets and set(offsets) == {0}  # MODULEOFFSET: no compiled code before the source
    for m in ovba_modules():
        assert ovba.decompress(ole.openstream(f"VBA/{m.name}").read()) == m.source.encode("ascii")


def test_every_vba_module_is_ascii(macros_by_module):
    for name, code in macros_by_module.items():
        assert name.isascii() and code.isascii(), name


def test_stub_subs_are_the_buttons_macros(macros_by_module):
    stubs = macros_by_module[STUB_MODULE]
    subs = re.findall(r"^Sub (\w+)\(\)\r$", stubs, re.M)
    assert subs == list(dict.fromkeys(b.macro for b in c.BUTTONS))
    for sub in subs:
        assert f'Sub {sub}()\r\n    RunPython "import huiwu_xl.macros as m; m.{sub}()"\r\nEnd Sub' in stubs
    # No stub may shadow a procedure of xlwings' own module.
    xlwings_procs = set(re.findall(r"^(?:Public |Private )?(?:Sub|Function) (\w+)", macros_by_module["xlwings"], re.M))
    assert not xlwings_procs & set(subs)


def test_each_stub_runs_an_importable_python_function(macros_by_module):
    targets = re.findall(r'RunPython "import (\S+) as m; m\.(\w+)\(\)"', macros_by_module[STUB_MODULE])
    assert len(targets) == len({b.macro for b in c.BUTTONS})
    for module_name, function in targets:
        module = importlib.import_module(module_name)
        assert callable(getattr(module, function, None)), f"{module_name}.{function} is missing"


def test_sheet_codenames_and_document_modules_match(built, vba_bin):
    with zipfile.ZipFile(built) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        sheet_files = {
            rid: target for rid, target in re.findall(r'Id="(rId\d+)" Type="[^"]+/worksheet" Target="([^"]+)"', rels)
        }
        order = re.findall(r'<sheet name="([^"]+)" sheetId="\d+"(?: state="\w+")? r:id="(rId\d+)"', workbook)
        codenames = {}
        for name, rid in order:
            xml = z.read(f"xl/{sheet_files[rid]}").decode()
            codenames[name] = re.search(r'<sheetPr[^>]*codeName="([^"]+)"', xml).group(1)
    assert re.search(r'<workbookPr[^>]*codeName="ThisWorkbook"', workbook)
    # xlwings finds its settings sheet by name; staff do not see it (and cannot type into it by mistake)
    assert re.findall(r'<sheet name="([^"]+)" sheetId="\d+" state="hidden"', workbook) == [c.CONF_SHEET]
    assert [n for n, _ in order] == [n for n, _ in sheet_codenames()]
    assert codenames == dict(sheet_codenames())
    project = olefile.OleFileIO(vba_bin).openstream("PROJECT").read().decode("cp1252")
    documents = re.findall(r"^Document=(\w+)/&H00000000\r$", project, re.M)
    assert sorted(documents) == sorted(["ThisWorkbook", *codenames.values()])
    assert all(name.isascii() for name in codenames.values())


def test_vba_is_the_installed_xlwings_version(macros_by_module):
    vba = macros_by_module["xlwings"]
    assert re.search(r'Public Const XLWINGS_VERSION As String = "([^"]+)"', vba).group(1) == xlwings.__version__
    assert f"xlwings64-{xlwings.__version__}.dll" in vba
    assert vba == (XLWINGS_DIR / "xlwings.bas").read_text(encoding="ascii").replace("\r\n", "\n").replace("\n", "\r\n")


def test_content_types_are_macro_enabled(built):
    with zipfile.ZipFile(built) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    assert 'PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"' in types
    assert 'ContentType="application/vnd.ms-office.vbaProject"' in types
    assert "relationships/vbaProject" in rels and 'Target="vbaProject.bin"' in rels


# --- The sheets, as the readers and the user see them --------------------------------------------


def test_buttons_name_the_stub_subs(built):
    with zipfile.ZipFile(built) as z:
        vml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".vml"))
    macros = re.findall(r"<x:FmlaMacro>\[0\]!([\w.]+)</x:FmlaMacro>", vml)
    assert sorted(macros) == sorted([f"{STUB_MODULE}.{b.macro}" for b in c.BUTTONS] + [f"{STUB_MODULE}.{DESK_MACRO}"])


def test_readers_see_empty_input_sheets_starter_rules_and_every_setting_key(built):
    from python_calamine import CalamineWorkbook

    from huiwu_xl.build.xlsm import starter_rows
    from huiwu_xl.core import supplies
    from huiwu_xl.meeting import read_meeting
    from huiwu_xl.tables import read_table

    starters = starter_rows()
    book = CalamineWorkbook.from_path(str(built))
    for sheet in c.INPUT_SHEETS:
        values = book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
        assert values[0][: len(sheet.columns)] == sheet.headers
        assert [v for v in values[1] if v] == [sheet.hint]
        if sheet.name in SETTINGS_SHEETS:  # pre-filled with their keys, checked below
            continue
        problems = []
        table = read_table(values, sheet, problems)  # the hint row is skipped
        assert problems == []
        first = sheet.headers[0] if sheet.column(sheet.headers[0]).required else next(c.header for c in sheet.columns if c.required)
        assert table[first].tolist() == [str(r[first]) for r in starters.get(sheet.name, [])], sheet.name
    # The pre-filled rules are the rules the program would use anyway.
    rules = book.get_sheet_by_name(c.SUPPLY_RULES.name).to_python(skip_empty_area=False)
    problems = []
    assert supplies.read_rules(read_table(rules, c.SUPPLY_RULES, problems), problems) == list(supplies.DEFAULT_RULES)
    assert problems == []
    meeting = book.get_sheet_by_name(c.MEETING.name).to_python(skip_empty_area=False)
    assert [row[0] for row in meeting[2:]] == [s.key for s in c.MEETING_SETTINGS]
    problems = []
    assert read_meeting(meeting, problems) is None
    missing = {p.message for p in problems}
    assert missing == {f"缺少必填项目“{s.key}”" for s in c.MEETING_SETTINGS if s.required}
    mail = book.get_sheet_by_name(c.MAIL_SETTINGS_SHEET.name).to_python(skip_empty_area=False)
    assert [row[0] for row in mail[2:]] == [s.key for s in c.MAIL_SETTINGS]
    conf = book.get_sheet_by_name(c.CONF_SHEET).to_python(skip_empty_area=False)
    assert [tuple(row[:2]) for row in conf] == [(k, v) for k, v, _ in conf_rows()]
    assert conf[0][:2] == ["INTERPRETER_WIN", r"%LOCALAPPDATA%\huiwu\.venv\Scripts\pythonw.exe"]


@pytest.fixture(scope="session")
def ods_content(built, tmp_path_factory) -> str:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    ods = _soffice(built, "ods", tmp_path_factory.mktemp("ods"))
    with zipfile.ZipFile(ods) as z:
        return z.read("content.xml").decode()


@needs_soffice
def test_libreoffice_binds_every_button_to_its_sub(ods_content):
    bound = re.findall(r'xlink:href="vnd\.sun\.star\.script:VBAProject\.(\w+)\.(\w+)\?language=Basic', ods_content)
    assert len(re.findall(r"<form:button\b", ods_content)) == len(c.BUTTONS) + 1  # + 签到发座 on 签到台
    assert sorted(bound) == sorted([(STUB_MODULE, b.macro) for b in c.BUTTONS] + [(STUB_MODULE, DESK_MACRO)])


@needs_soffice
def test_libreoffice_keeps_chinese_sheet_names_and_headers(ods_content):
    names = re.findall(r'<table:table table:name="([^"]+)"', ods_content)
    assert names == [n for n, _ in sheet_codenames()]
    texts = set(re.findall(r"<text:p>([^<]+)</text:p>", ods_content))
    for sheet in c.INPUT_SHEETS:
        assert set(sheet.headers) <= texts, sheet.name
    assert {b.caption for b in c.BUTTONS} <= texts


@pytest.fixture(scope="session")
def pdf_text(built, tmp_path_factory) -> str:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or poppler-utils (pdftotext) is not installed")
    out = tmp_path_factory.mktemp("pdf")
    pdf = _soffice(built, "pdf", out)
    if shutil.which("pdftoppm"):  # pictures for a person to look at
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(out / "page")], check=True, timeout=120)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


@needs_soffice
@needs_pdftotext
def test_pdf_shows_the_home_sheet_and_every_header(pdf_text):
    words = set(re.split(r"\s+", pdf_text))
    for b in c.BUTTONS:
        assert b.caption in words, b.caption
        assert b.help in pdf_text.replace("\n", ""), b.help
    assert set(c.BUTTON_GROUPS) <= words and "会务助手" in words
    for sheet in c.INPUT_SHEETS:
        assert set(sheet.headers) <= words, sheet.name
    assert {s.key for s in c.MEETING_SETTINGS} <= words
    assert "签到台" in words and "INTERPRETER_WIN" in words


# --- Reproducible ----------------------------------------------------------------------------------


def test_two_builds_give_the_same_bytes(built, tmp_path):
    again = build_workbook(tmp_path / "again.xlsm")
    assert again.read_bytes() == built.read_bytes()


def test_committed_workbook_equals_a_fresh_build(built):
    assert COMMITTED.exists(), "run `huiwu build-workbook` to write huiwu.xlsm at the top of the repository"
    fresh, committed = built.read_bytes(), COMMITTED.read_bytes()
    assert hashlib.sha256(committed).hexdigest() == hashlib.sha256(fresh).hexdigest(), (
        "huiwu.xlsm is out of date: run `huiwu build-workbook` and commit the result"
    )


def test_build_workbook_command(tmp_path, built):
    from huiwu_xl.cli import main

    target = tmp_path / "sub" / "huiwu.xlsm"
    assert main(["build-workbook", str(target)]) == 0
    assert target.read_bytes() == built.read_bytes()


# --- Filled in by hand, read by the command line ---------------------------------------------------

ROSTER = [
    ("张伟", "旗财政局", "局长", "行政单位", "13800000001"),
    ("李娜", "旗教育局", "局长", "行政单位", "13800000002"),
    ("王强", "旗公安局", "副局长", "行政单位", "13800000003"),
    ("赵敏", "旗民政局", "局长", "行政单位", "13800000004"),
]


def _fill(built: Path, target: Path) -> Path:
    """Types rows into a copy of the built workbook's sheets and saves them as a plain .xlsx."""
    import openpyxl

    wb = openpyxl.load_workbook(built)  # read only from the .xlsm; the copy is an .xlsx
    meeting = wb[c.MEETING.name]
    values = {
        "会议名称": "全旗安全生产工作会议",
        "开始时间": datetime(2026, 12, 3, 8, 30),
        "结束时间": datetime(2026, 12, 3, 11, 30),
        "地点": "旗政府第一会议室",
        "主办单位": "××旗人民政府办公室",
    }
    for row in meeting.iter_rows(min_row=3):
        if row[0].value in values:
            row[1].value = values[row[0].value]

    def append(sheet_name: str, rows: list[dict]):
        ws = wb[sheet_name]
        headers = [cell.value for cell in ws[1]]
        for r, record in enumerate(rows, start=3):  # row 2 keeps the hint, as users leave it
            for header, value in record.items():
                ws.cell(row=r, column=headers.index(header) + 1, value=value)

    append(c.ROSTER.name, [
        {"序号": i + 1, "姓名": n, "单位": u, "职务": p, "类别": k, "手机": m} for i, (n, u, p, k, m) in enumerate(ROSTER)
    ])
    append(c.LEAVE.name, [{"姓名": "李娜", "单位": "旗教育局", "事由": "参加市里培训", "书面请假": "是", "批准人": "刘明"}])
    append(c.SIGN_IN.name, [
        {"姓名": "张伟", "单位": "旗财政局", "签到时间": datetime(2026, 12, 3, 8, 20)},
        {"姓名": "王强", "单位": "旗公安局", "签到时间": "8:45"},
    ])
    wb.save(target)
    return target


def test_filled_workbook_gives_attendance_results_on_the_command_line(built, tmp_path):
    from python_calamine import CalamineWorkbook

    from huiwu_xl.cli import main

    filled = _fill(built, tmp_path / "会议.xlsx")
    out = tmp_path / "输出"
    assert main(["attendance", str(filled), "--out", str(out)]) == 0
    results = CalamineWorkbook.from_path(str(out / "考勤结果.xlsx")).get_sheet_by_name("考勤结果").to_python()
    header = next(i for i, row in enumerate(results) if "姓名" in row and "状态" in row)
    name_at, status_at = results[header].index("姓名"), results[header].index("状态")
    statuses = {row[name_at]: row[status_at] for row in results[header + 1 :] if row[name_at]}
    assert statuses == {"张伟": "出席", "李娜": "请假", "王强": "迟到", "赵敏": "旷会"}
    assert (out / "会议考勤通报.docx").exists()


def test_the_empty_built_workbook_gets_a_chinese_message_not_a_traceback(built, tmp_path, capsys):
    from huiwu_xl.cli import main

    assert main(["attendance", str(built), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "缺少必填项目“会议名称”" in err and "Traceback" not in err


# --- setup-excel -------------------------------------------------------------------------------------


def test_setup_excel_writes_workbook_and_conf_for_this_python(tmp_path):
    import sys

    from python_calamine import CalamineWorkbook

    from huiwu_xl.build.setup_excel import setup_excel

    workbook = setup_excel(tmp_path / "会务")
    assert workbook == tmp_path / "会务" / "huiwu.xlsm"
    conf = (tmp_path / "会务" / "xlwings.conf").read_bytes().decode("utf-8")
    # The format xlwings' VBA reads with `Input #` and its Python reads with a regex.
    settings = {m[0]: m[1] for m in (re.findall(r'"([^"]*)"', line) for line in conf.splitlines()) if m}
    assert conf.endswith("\r\n") and settings["INTERPRETER_WIN"] == sys.executable
    assert settings["ADD_WORKBOOK_TO_PYTHONPATH"] == "False"
    sheet = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_name(c.CONF_SHEET).to_python()
    assert sheet[0][:2] == ["INTERPRETER_WIN", sys.executable]  # the sheet wins over the file in xlwings


def test_setup_excel_never_overwrites_a_workbook(tmp_path):
    from huiwu_xl.cli import main

    (tmp_path / "huiwu.xlsm").write_bytes(b"a meeting's data")
    assert main(["setup-excel", str(tmp_path)]) == 2
    assert (tmp_path / "huiwu.xlsm").read_bytes() == b"a meeting's data"


def test_interpreter_for_excel_prefers_pythonw_on_windows(tmp_path, monkeypatch):
    from huiwu_xl.build.setup_excel import interpreter_for_excel

    scripts = tmp_path / "Scripts"
    scripts.mkdir()
    (scripts / "python.exe").touch()
    assert interpreter_for_excel(str(scripts / "python.exe"), "win32") == str(scripts / "python.exe")
    (scripts / "pythonw.exe").touch()
    assert interpreter_for_excel(str(scripts / "python.exe"), "win32") == str(scripts / "pythonw.exe")
    assert interpreter_for_excel(str(scripts / "python.exe"), "linux") == str(scripts / "python.exe")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    venv = tmp_path / "AppData" / "Local" / "huiwu" / ".venv" / "Scripts"
    venv.mkdir(parents=True)
    (venv / "pythonw.exe").touch()
    assert interpreter_for_excel(str(venv / "python.exe"), "win32") == r"%LOCALAPPDATA%\huiwu\.venv\Scripts\pythonw.exe"
