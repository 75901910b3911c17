"""Property suite (issue 12, "Done when"): generated hostile workbooks through every command.

Each example starts from the demo meeting and changes it the way a received workbook or a
careless paste would: text with control characters, bidi marks, formula-like and template-like
strings, very long names, wrong types in any column, odd settings, merged cells, a second
column with the same header, a stray far cell. Whatever happens, a command
- exits 0 or 2 (with a message on stderr), never with a traceback;
- writes nothing outside its output folder, and nothing through a link;
- leaves the input workbook byte-identical, or changed only by its own write-back: exit 0, the
  sheets that changed are those the command says it wrote back, the backup holds the original,
  and the workbook still opens;
- writes only .docx files python-docx opens and .xlsx files openpyxl opens; a sample of them
  also converts in LibreOffice.

HUIWU_PROPERTIES=quick (default: a few examples per command, about two minutes in all) or
HUIWU_PROPERTIES=thorough (many more, for a manual run). Counts are printed with -s.
"""
from __future__ import annotations

import os
import shutil
from collections import Counter
from datetime import datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from huiwu_xl.cli import main
from huiwu_xl.contract import MEETING_SETTINGS, SHEETS

from hostile_books import BUTTON_ARGS, Book, command_args, digest, files_under, sheet_values

PROFILE = os.environ.get("HUIWU_PROPERTIES", "quick")
if PROFILE not in ("quick", "thorough"):
    PROFILE = "thorough" if PROFILE.isdigit() else "quick"
EXAMPLES = {"quick": 4, "thorough": 40}[PROFILE]
BESIDE_THE_WORKBOOK = (".huiwu备份", ".huiwu邮件", "回执")  # by design: backups, the mail record, the replies inbox
COUNTS: Counter = Counter()
CONVERTED: set[str] = set()  # one LibreOffice conversion per kind of document, to keep the run short

CONTROLS = [chr(c) for c in [*range(0, 32), *range(0x7F, 0xA0)]] + ["\u2028", "\u2029", "\u202e", "\u200b", "\ufeff"]
NASTY = [
    '=HYPERLINK("http://x","点此")', "=cmd|' /C calc'!A0", "+1+1", "-1", "@SUM(A1)", "'", "'=1",
    "CON", "NUL.txt", "AUX.docx", "COM1", "..\\..\\x.txt", "../../../etc/passwd", "/abs/path", "C:\\x", "~$lock",
    "{{ meeting }}", "{% for x in y %}", "{{", "}}", "<w:t>", "&amp;", "]]>", "\"'<>&", "\\", "*?:|", "...", " . ",
    "\u202egpj.exe", "张三\x00", "王\u3000伟", "阿力木•买买提", "ＷＡＮＧ", "主席台", "台下", "是", "否", "A", "B", "C",
    "2026-12-03 08:31", "8点半", "下午3点", "25:00", "0", "-5", "1e308", "", " ", "\t", "\n",
]
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.one_of(st.sampled_from(CONTROLS), st.characters(codec="utf-8", exclude_categories=("Cs",))), max_size=30),
    st.builds(lambda unit, n: unit * n, st.sampled_from(["会", "W", "𠀀", "·", " ", "\x01"]), st.integers(60, 400)),
    st.builds(lambda a, b, c: a + b + c, st.sampled_from(["张", "旗", "="]), st.sampled_from(CONTROLS), st.sampled_from(["三", "委", ".docx"])),
)
# A name that is still a name (not blank) but holds what breaks paths and documents.
NAME = st.one_of(
    st.builds(lambda a, b, c: a + b + c, st.sampled_from(["张", "旗委", "=", "CON", "..", "会议"]), st.sampled_from(CONTROLS + list('\\/:*?"<>|')),
              st.sampled_from(["三", "办公室", ".docx", "名称", "NUL"])),
    st.builds(lambda unit, n: unit * n, st.sampled_from(["会", "旗", "W", "𠀀"]), st.integers(80, 300)),
    st.sampled_from([n for n in NASTY if n.strip() and n not in ("-1", "'", "0", "-5")]),
)
CELL = st.one_of(
    TEXT, st.none(), st.booleans(), st.integers(-10**15, 10**15),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)), st.times(),
)
MEETING_KEYS = [s.key for s in MEETING_SETTINGS]
TABLE_SHEETS = ["参会名单", "请假", "签到", "工作人员", "单位", "材料", "考核记录", "电话通知"]


@st.composite
def hostile_books(draw) -> tuple[Book, dict]:
    book = Book()
    what = Counter()
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 3]))):  # settings
        key = draw(st.sampled_from(MEETING_KEYS + ["会议名称"] * 3))
        if key == "输出目录":
            continue  # --out decides; the folder rules have their own tests
        book.setting(key, draw(TEXT if key == "会议名称" else CELL))
        what["settings"] += 1
    # Names where they become paths and documents: the meeting, podium people, a unit with an e-mail address.
    if draw(st.integers(0, 3)) > 0:
        book.setting("会议名称", draw(NAME))
        what["hostile names"] += 1
    for column in ("姓名", "单位", "职务"):
        if draw(st.integers(0, 2)) > 0:
            row = draw(st.integers(0, 11))  # the demo's podium and plate holders come first
            value = draw(NAME)
            book.tables["参会名单"][row][column] = value
            book.changes.append(f"参会名单 第{row + 2}行 {column} = {value!r}")
            what["hostile names"] += 1
    if draw(st.booleans()):
        unit, value = book.tables["单位"][0]["单位"], draw(NAME)
        for table in ("参会名单", "单位"):
            for record in book.tables[table]:
                if record.get("单位") == unit:
                    record["单位"] = value
        book.changes.append(f"单位“{unit}”改为 {value!r}")
        what["hostile names"] += 1
    for _ in range(draw(st.sampled_from([0, 0, 1, 3, 12]))):  # cells anywhere in the tables, of any type
        sheet = draw(st.sampled_from(TABLE_SHEETS))
        rows = book.tables[sheet]
        headers = SHEETS[sheet].headers
        position = draw(st.integers(0, len(rows)))
        if position == len(rows):
            rows.append({})
        column, value = draw(st.sampled_from(headers)), draw(CELL)
        rows[position][column] = value
        book.changes.append(f"{sheet} 第{position + 2}行 {column} = {value!r}")
        what["cells"] += 1
    if draw(st.integers(0, 2)) == 0:  # merged cells over data
        sheet = draw(st.sampled_from(TABLE_SHEETS))
        r0, c0 = draw(st.integers(1, 30)), draw(st.integers(0, 8))
        book.merges[sheet] = [(r0, c0, r0 + draw(st.integers(0, 3)), c0 + draw(st.integers(0, 3)))]
        book.changes.append(f"{sheet} 合并 {book.merges[sheet][0]}")
        what["merges"] += 1
    if draw(st.integers(0, 5)) == 0:  # the same header twice
        sheet = draw(st.sampled_from(TABLE_SHEETS))
        headers = list(SHEETS[sheet].headers)
        headers[draw(st.integers(0, len(headers) - 1))] = draw(st.sampled_from(headers))
        book.headers[sheet] = headers
        book.changes.append(f"{sheet} 表头 {headers}")
        what["headers"] += 1
    if draw(st.integers(0, 5)) == 0:  # a stray cell: far, or beyond what is read
        sheet = draw(st.sampled_from(TABLE_SHEETS + ["会议信息"]))
        row, col = draw(st.sampled_from([(2000, 150), (199_999, 3), (250_000, 0), (5, 300), (1_048_575, 16_383)]))
        book.extra_cells[sheet] = [(row, col, draw(st.sampled_from(["x", 1, "=1+1"])))]
        book.changes.append(f"{sheet} 远处单元格 {book.extra_cells[sheet][0]}")
        what["far cells"] += 1
    return book, what


def _sign_in_name(book: Book, data) -> tuple[str, str]:
    roster = book.tables["参会名单"]
    if data.draw(st.booleans(), label="a roster name") and roster:
        person = data.draw(st.sampled_from(roster), label="person")
        return str(person.get("姓名") or "王伟"), str(person.get("单位") or "")
    return data.draw(TEXT.filter(lambda t: t != "" and not t.startswith("-")), label="typed name"), ""


def _opens(path: Path) -> None:
    if path.suffix == ".docx":
        from docx import Document

        Document(str(path))
    elif path.suffix == ".xlsx":
        import openpyxl

        openpyxl.load_workbook(path, read_only=True).close()


def _converts(path: Path, tmp: Path) -> None:
    from huiwu_xl.documents.render import docx_to_pdf, soffice_path

    kind = path.name if path.suffix == ".docx" else ".xlsx"
    if soffice_path() is None or kind in CONVERTED or len(CONVERTED) >= 8:
        return
    CONVERTED.add(kind)
    pdf = docx_to_pdf(path, tmp / "pdf")
    assert pdf.stat().st_size > 500
    COUNTS["converted in LibreOffice"] += 1


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print(f"\nproperty suite ({PROFILE}): " + ", ".join(f"{k} {v}" for k, v in sorted(COUNTS.items())))


@pytest.mark.parametrize("button", list(BUTTON_ARGS))
@settings(max_examples=EXAMPLES, deadline=None, derandomize=PROFILE == "quick", database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(case=hostile_books(), data=st.data())
def test_any_workbook_through_any_command(button, case, data, tmp_path_factory, capsys):
    command, *flag = BUTTON_ARGS[button]
    book, what = case
    root = tmp_path_factory.mktemp("hostile")
    workbook = book.write(root / "收到的工作簿.xlsx")
    out = root / "输出"

    before, listing, values = digest(workbook), files_under(root), sheet_values(workbook)
    name, unit = _sign_in_name(book, data) if command == "sign-in" else ("", "")
    # --out, or the default folder beside the workbook: 输出/<会议名称> (the name becomes a path)
    given_out = out if data.draw(st.booleans(), label="--out") else None
    if command == "mail":  # the attachments come from 生成会议通知
        main(command_args("notice", workbook, given_out))
        capsys.readouterr()
        before, listing, values = digest(workbook), files_under(root), sheet_values(workbook)
    args = command_args(command, workbook, given_out, name=name, unit=unit, flag=flag[0] if flag else "")

    code = main(args)
    captured = capsys.readouterr()
    err = captured.err
    COUNTS["cases generated"] += 1
    COUNTS["commands run"] += 1
    COUNTS[f"exit {code}"] += 1
    for k, v in what.items():
        COUNTS[f"with {k}"] += v

    assert code in (0, 2), err
    if code == 2 and os.environ.get("HUIWU_PROPERTIES_WHY"):  # a file: capsys holds stdout
        with open(os.environ["HUIWU_PROPERTIES_WHY"], "a", encoding="utf-8") as why:
            why.write(f"{command}: {' | '.join(err.strip().splitlines()[1:3])[:300]}\n")
    assert "Traceback" not in err
    if code == 2:
        assert err.strip() and any("\u4e00" <= ch <= "\u9fff" for ch in err)
    if digest(workbook) != before:
        _written_back_only(workbook, before, values, code, captured.out)
    new = files_under(root) - listing
    beside = [root / folder for folder in BESIDE_THE_WORKBOOK]
    outside = [p for p in new if p != out and out not in p.parents and not any(b == p or b in p.parents for b in beside)]
    assert outside == [], outside
    for p in new:
        assert not p.is_symlink()
        if p.suffix in (".docx", ".xlsx") and p.is_file():
            _opens(p)
            COUNTS["documents opened"] += 1
            _converts(p, root)
    shutil.rmtree(root, ignore_errors=True)


def _written_back_only(workbook: Path, before: str, values: dict, code: int, out: str) -> None:
    """The workbook changed: only by a successful command's write-back, only in the sheets it names."""
    import re

    import openpyxl

    assert code == 0, "a failed command changed the workbook"
    said = re.search(r"已写回工作簿 .*?：(.*)（原文件备份在 (.+?)）", out)
    assert said, out
    named = set(re.findall(r"“([^”]+)”（", said.group(1)))
    after = sheet_values(workbook)
    changed = {s for s in set(values) | set(after) if values.get(s) != after.get(s)}
    assert changed <= named, (changed, named)
    backup = workbook.parent / said.group(2).replace("\\", "/")
    assert digest(backup) == before  # the original is kept whole
    openpyxl.load_workbook(workbook).close()
    COUNTS["written back"] += 1


@settings(max_examples=EXAMPLES * 4, deadline=None, derandomize=PROFILE == "quick", database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(cells=st.lists(st.lists(CELL, max_size=12), max_size=30), sheet=st.sampled_from(TABLE_SHEETS + ["会议信息"]))
def test_the_readers_take_any_grid(cells, sheet):
    """read_table and read_meeting on any grid: records or Problems, never an exception."""
    from huiwu_xl.meeting import read_meeting
    from huiwu_xl.problems import Problem
    from huiwu_xl.tables import read_table, with_keys

    problems: list[Problem] = []
    if sheet == "会议信息":
        read_meeting(cells, problems)
    else:
        frame = read_table(cells, SHEETS[sheet], problems, datetime(2026, 12, 3).date())
        if "姓名" in frame.columns:
            with_keys(frame, "姓名", "单位" if "单位" in frame.columns else "姓名")
    assert all(isinstance(p, Problem) and str(p) for p in problems)
    COUNTS["grids read"] += 1
