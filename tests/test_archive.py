"""会议归档: the zip holds the output folder, a snapshot of the input sheets and the index."""
from datetime import datetime
from pathlib import Path
import zipfile

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from huiwu_xl.demo import write_demo_workbook
from huiwu_xl.port import FileWorkbook
from huiwu_xl.problems import InputError
from huiwu_xl.services import archive
from huiwu_xl.services.preparation import make_prep_plan, make_supply_list

NOW = datetime(2026, 12, 4, 16, 0)


def read_xlsx(data_or_path) -> dict[str, list[list]]:
    if isinstance(data_or_path, bytes):
        import io

        book = CalamineWorkbook.from_filelike(io.BytesIO(data_or_path))
    else:
        book = CalamineWorkbook.from_path(str(data_or_path))
    return {s: book.get_sheet_by_name(s).to_python() for s in book.sheet_names}


def write_book(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    for name, values in sheets.items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(values):
            for c, v in enumerate(row):
                if isinstance(v, datetime):
                    ws.write_datetime(r, c, v, book.add_format({"num_format": "yyyy-mm-dd hh:mm"}))
                elif v not in (None, ""):
                    ws.write(r, c, v)
    book.close()
    return path


def test_zip_holds_the_output_folder_plus_snapshot_and_index(tmp_path):
    out = tmp_path / "输出"
    (out / "座签").mkdir(parents=True)
    (out / "会议通知.docx").write_bytes(b"notice" * 100)
    (out / "座签" / "主席台.docx").write_bytes(b"plates")
    (out / "考勤结果.xlsx").write_bytes(b"x" * 12345)
    (out / "~$会议通知.docx").write_bytes(b"lock")  # Word's lock file
    (out / "归档_旧会议_20261201-0900.zip").write_bytes(b"old")  # an earlier archive
    (out / archive.INDEX_FILE).write_bytes(b"old index")  # an earlier index sheet export
    snapshot = {"会议信息": [["项目", "内容"], ["会议名称", "全旗会议"], ["开始时间", datetime(2026, 12, 3, 8, 30)]],
                "参会名单": [["序号", "姓名", "单位"], [1, "张三", "巴彦镇"]]}

    result = archive.build_archive(out, snapshot, "孟庆华", "全旗会议", NOW)

    assert result.path == out / "归档_全旗会议_20261204-1600.zip"
    with zipfile.ZipFile(result.path) as z:
        names = z.namelist()
        assert names == ["会议通知.docx", "座签/主席台.docx", "考勤结果.xlsx", archive.SNAPSHOT_FILE, archive.INDEX_FILE]
        assert z.read("考勤结果.xlsx") == b"x" * 12345
        snap = read_xlsx(z.read(archive.SNAPSHOT_FILE))
        index = read_xlsx(z.read(archive.INDEX_FILE))["归档目录"]
    assert list(snap) == ["会议信息", "参会名单"]
    assert snap["会议信息"][2] == ["开始时间", datetime(2026, 12, 3, 8, 30)]
    assert snap["参会名单"][1] == [1.0, "张三", "巴彦镇"]
    assert index[1] == ["全旗会议 归档目录", "", "", "", "", ""]
    assert index[2] == archive.INDEX_COLUMNS
    rows = {r[1]: r for r in index[3:]}
    assert list(rows) == names == result.files
    assert rows["考勤结果.xlsx"][2] == 12345 and rows["考勤结果.xlsx"][4] == "孟庆华"
    assert isinstance(rows["会议通知.docx"][3], datetime)
    assert "会议信息、参会名单" in rows[archive.SNAPSHOT_FILE][5]


def test_service_refuses_while_confidential_copies_are_out(tmp_path):
    book = write_demo_workbook(tmp_path / "会议.xlsx")
    port = FileWorkbook(book, tmp_path / "输出")
    with pytest.raises(InputError) as caught:
        archive.archive_meeting(port, NOW)
    text = caught.value.message
    assert "份号 000004" in text and "份号 000008" in text and "份号 000012" in text
    assert "未回收涉密材料仍归档" in text
    assert not (tmp_path / "输出").exists() or not list((tmp_path / "输出").glob("归档_*.zip"))


def demo_sheets(path: Path) -> dict[str, list[list]]:
    return {k: [list(r) for r in v] for k, v in read_xlsx(path).items()}


def test_service_archives_everything_when_overridden(tmp_path):
    sheets = demo_sheets(write_demo_workbook(tmp_path / "demo.xlsx"))
    sheets["会议信息"] += [["未回收涉密材料仍归档", "是"], ["经办人", "孟庆华"]]
    book = write_book(tmp_path / "会议.xlsx", sheets)
    out = tmp_path / "输出"
    make_prep_plan(FileWorkbook(book, out), NOW)
    make_supply_list(FileWorkbook(book, out))
    generated = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert generated == ["物资清单.xlsx", "筹备计划.xlsx"]

    message = archive.archive_meeting(FileWorkbook(book, out), NOW)

    zips = list(out.glob("归档_*.zip"))
    assert len(zips) == 1 and str(zips[0]) in message and "尚有 3 份须清退材料未回收" in message
    with zipfile.ZipFile(zips[0]) as z:
        assert sorted(z.namelist()) == sorted([*generated, archive.SNAPSHOT_FILE, archive.INDEX_FILE])
        snap = read_xlsx(z.read(archive.SNAPSHOT_FILE))
        index = read_xlsx(z.read(archive.INDEX_FILE))["归档目录"]
    assert {"会议信息", "参会名单", "请假", "签到", "工作人员", "材料"} <= set(snap)
    assert snap["参会名单"][1][1] == sheets["参会名单"][1][1]
    files = next(i for i, r in enumerate(index) if r[:2] == ["序号", "文件"]) + 1
    assert all(r[4] == "孟庆华" for r in index[files:files + 3])
    assert any("须清退材料未回收" in str(r[0]) for r in index[:files])  # the warning above the files

    # A second run packs the same files again, not the first archive or the index export.
    later = archive.archive_meeting(FileWorkbook(book, out), datetime(2026, 12, 5, 9, 0))
    second = next(p for p in out.glob("归档_*.zip") if p != zips[0])
    with zipfile.ZipFile(second) as z:
        assert sorted(z.namelist()) == sorted([*generated, archive.SNAPSHOT_FILE, archive.INDEX_FILE])
    assert "归档完成" in later


def test_prepared_by_falls_back_to_the_staff_list(tmp_path):
    sheets = demo_sheets(write_demo_workbook(tmp_path / "demo.xlsx"))
    header = sheets["材料"][0]
    col = header.index("回收人")
    for row in sheets["材料"][1:]:
        row[col] = row[col] or "高俊"  # every copy back: nothing blocks
    book = write_book(tmp_path / "会议.xlsx", sheets)
    message = archive.archive_meeting(FileWorkbook(book, tmp_path / "输出"), NOW)
    assert "经办人 孟庆华、包丽丽、韩雪梅、吴海涛、斯琴、高俊" in message
