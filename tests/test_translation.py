"""翻译清单 round trip, bilingual plates refused while a name lacks Mongolian, and the one check of
every Mongolian field (legacy encodings from the Private Use Area, letters of other scripts)."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from huiwu_xl.cli import main
from huiwu_xl.core.mongolian import FOREIGN, LEGACY, mongolian_fault
from huiwu_xl.demo import demo_tables

BATU = "ᠪᠠᠭᠠᠲᠤᠷ"
LEGACY_TEXT = "\ue26c\ue2a1\ue27e"  # what a 蒙科立 (Menksoft) legacy input method stores


def set_settings(path: Path, **settings) -> None:
    book = openpyxl.load_workbook(path)
    ws = book["会议信息"]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for key, value in settings.items():
        key = {"双语": "蒙汉双语座签", "会标蒙": "会标（蒙古文）", "标志蒙": "发文机关标志（蒙古文）"}.get(key, key)
        if key in rows:
            ws.cell(rows[key], 2).value = value
        else:
            ws.append([key, value])
    book.save(path)


def set_roster_cell(path: Path, name: str, header: str, value) -> int:
    book = openpyxl.load_workbook(path)
    ws = book["参会名单"]
    header_row = [c.value for c in ws[1]]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, header_row.index("姓名") + 1).value == name:
            ws.cell(r, header_row.index(header) + 1).value = value
            book.save(path)
            return r
    raise KeyError(name)


def rows_of(path: Path, sheet: str | None = None) -> list[tuple]:
    book = openpyxl.load_workbook(path)
    ws = book[sheet] if sheet else book.active
    return [tuple("" if v is None else str(v) for v in r) for r in ws.iter_rows(values_only=True)]


def test_the_check_knows_legacy_and_foreign_characters():
    assert mongolian_fault(BATU) is None
    assert mongolian_fault("ᠤᠷᠢᠨ\u180eᠠ ᠬᠣᠰᠢᠭᠤᠨ\u202fᠤ 2026") is None  # MVS, suffix space, digits
    assert mongolian_fault("ab" + LEGACY_TEXT) == (LEGACY, LEGACY_TEXT[0])
    assert mongolian_fault("Батаа") == (FOREIGN, "Б")  # Cyrillic is not the traditional script
    assert mongolian_fault("巴特尔") == (FOREIGN, "巴")


def test_translation_list_round_trip_fills_only_the_listed_people(demo_path, tmp_path, capsys):
    set_settings(demo_path, 双语="是")
    out = tmp_path / "输出"
    assert main(["translation", str(demo_path), "--out", str(out)]) == 0
    listed = rows_of(out / "翻译清单.xlsx")
    header = next(i for i, r in enumerate(listed) if r[:3] == ("序号", "类型", "汉文"))
    entries = [dict(zip(listed[header], r)) for r in listed[header + 1:] if any(r)]
    podium = [p for p in demo_tables()["参会名单"] if p["座区"] == "主席台"]
    lacking = [p["姓名"] for p in podium if not p["蒙文姓名"]]
    assert [e["汉文"] for e in entries if e["类型"] == "姓名"] == lacking  # in plate order, those with Mongolian left out
    assert [e["类型"] for e in entries[:2]] == ["会标", "发文机关标志"]
    assert entries[1]["汉文"] == "××旗人民政府办公室文件"

    # The 翻译办 fills every line but one name, and returns the file.
    book = openpyxl.load_workbook(out / "翻译清单.xlsx")
    ws = book.active
    col = listed[header].index("蒙古文") + 1
    answers = {}
    for r, e in enumerate(entries, start=header + 2):
        if e["汉文"] == lacking[-1]:
            continue
        text = BATU + "ᠠ" * (r % 5)  # a distinct value per line
        ws.cell(r, col).value = text
        answers[e["汉文"]] = text
    book.save(out / "翻译清单.xlsx")
    before = rows_of(demo_path, "参会名单")
    assert main(["translation", str(demo_path), "--import", "--out", str(out)]) == 0
    after = rows_of(demo_path, "参会名单")
    mn = before[0].index("蒙文姓名")
    changed = {b[before[0].index("姓名")]: a[mn] for b, a in zip(before, after) if a != b}
    assert changed == {name: answers[name] for name in lacking[:-1]}  # only 蒙文姓名, only the listed people
    assert all(len(a) == len(b) or not any(a[len(b):]) for a, b in zip(after, before))
    meeting = dict((r[0], r[1]) for r in rows_of(demo_path, "会议信息"))
    assert meeting["会标（蒙古文）"] == answers["2026年全旗经济工作会议"]
    assert meeting["发文机关标志（蒙古文）"] == answers["××旗人民政府办公室文件"]


def test_import_never_overwrites_other_mongolian_silently(demo_path, tmp_path, capsys):
    set_settings(demo_path, 双语="是")
    out = tmp_path / "输出"
    assert main(["translation", str(demo_path), "--out", str(out)]) == 0
    first = next(p["姓名"] for p in demo_tables()["参会名单"] if p["座区"] == "主席台" and not p["蒙文姓名"])
    book = openpyxl.load_workbook(out / "翻译清单.xlsx")
    ws = book.active
    for row in ws.iter_rows():
        if row[2].value == first:
            row[5].value = BATU
    book.save(out / "翻译清单.xlsx")
    set_roster_cell(demo_path, first, "蒙文姓名", "ᠰᠦᠬᠡ")  # typed by staff meanwhile
    capsys.readouterr()
    before = rows_of(demo_path, "参会名单")
    assert main(["translation", str(demo_path), "--import", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert f"{first}：参会名单中已有不同的蒙文姓名" in said and "未覆盖" in said
    assert rows_of(demo_path, "参会名单") == before


def test_bilingual_plates_refuse_while_a_plate_lacks_mongolian(demo_path, tmp_path, capsys):
    set_settings(demo_path, 双语="是")
    assert main(["plates", str(demo_path), "--out", str(tmp_path)]) == 2
    said = capsys.readouterr().err
    lacking = [p for p in demo_tables()["参会名单"] if p["座区"] == "主席台" and not p["蒙文姓名"]]
    for p in lacking:
        assert f"{p['姓名']}（{p['单位']}）的座签缺少蒙古文" in said
    assert "参会名单" in said and "“蒙文姓名”列" in said and "生成翻译清单" in said
    assert not (tmp_path / "座签.pdf").exists()


@pytest.mark.parametrize("command, where", [
    ("plates", "roster"), ("banner", "会标（蒙古文）"), ("notice", "发文机关标志（蒙古文）"), ("translation-import", "list"),
])
def test_a_legacy_encoded_mongolian_value_is_exit_2_naming_the_cell(demo_path, tmp_path, capsys, command, where):
    out = tmp_path / "输出"
    set_settings(demo_path, **{"会标宽度（米）": 12, "会标高度（米）": 1})
    args = [command, str(demo_path), "--out", str(out)]
    if where == "roster":
        row = set_roster_cell(demo_path, "乌日娜", "蒙文姓名", "ᠤ" + LEGACY_TEXT)
        expect = f"工作表“参会名单”第{row}行“蒙文姓名”列"
    elif where == "list":
        set_settings(demo_path, 双语="是")
        assert main(["translation", str(demo_path), "--out", str(out)]) == 0
        book = openpyxl.load_workbook(out / "翻译清单.xlsx")
        ws = book.active
        ws.cell(4, 6).value = LEGACY_TEXT
        book.save(out / "翻译清单.xlsx")
        args = ["translation", str(demo_path), "--import", "--out", str(out)]
        expect = "文件“翻译清单.xlsx”第4行“蒙古文”列（F列）"
    else:
        set_settings(demo_path, **{where: LEGACY_TEXT})
        row = [r[0] for r in rows_of(demo_path, "会议信息")].index(where) + 1
        expect = f"工作表“会议信息”第{row}行“内容”列"
    capsys.readouterr()
    assert main(args) == 2
    said = capsys.readouterr().err
    assert expect in said and "旧编码" in said, said
    assert "Traceback" not in said
