"""签到发座, 排主席台座次, 生成座签 and 生成座位卡 through xlwings' remote engine."""
from __future__ import annotations

from datetime import datetime

import pytest
from conftest import alerts, apply_writes, payload_from_file, payload_from_values, remote_book, sheet_in, written_values

from huiwu_xl import macros
from huiwu_xl.problems import cell_position
from huiwu_xl.contract import DESK_MESSAGE_CELL, DESK_NAME_CELL, DESK_RESULT_CELL, DESK_UNIT_CELL, GENERATED_NOTE

ROSTER_HEADER = ["序号", "姓名", "单位", "职务", "类别", "排序", "座区", "座签", "蒙文姓名"]
LEADERS = [("余书记", "旗委", "旗委书记", "常委领导"), ("乌旗长", "旗人民政府", "旗长", "四大班子领导"),
           ("金主任", "旗人大常委会", "主任", "四大班子领导"), ("额主席", "旗政协", "主席", "四大班子领导"),
           ("谭副书记", "旗委", "副书记", "常委领导")]


def desk_sheet(name: str = "", unit: str = "") -> list[list]:
    grid = [[None] * 6 for _ in range(10)]
    grid[0][1] = "签到台"
    for address, value in ((DESK_NAME_CELL, name), (DESK_UNIT_CELL, unit)):
        r, c = cell_position(address)
        grid[r][c - 1] = "姓名" if address == DESK_NAME_CELL else "单位"
        grid[r][c] = value or None
    return grid


def workbook(tmp_path, *, rows=3, seats=4, reserved=1, order="居中向两侧", per_row=None, signins=(), desk=("", "")):
    meeting = [["项目", "内容"], ["会议名称", "全旗安全生产工作会议"], ["开始时间", datetime(2026, 12, 3, 8, 30)],
               ["结束时间", datetime(2026, 12, 3, 11, 0)], ["地点", "第一会议室"], ["会场排数", rows], ["每排座位数", seats],
               ["预留排数", reserved], ["发座方式", order], ["输出目录", str(tmp_path / "输出")]]
    if per_row:
        meeting.append(["主席台每排座位数", per_row])
    roster = [ROSTER_HEADER]
    for i, (name, unit, post, cat) in enumerate(LEADERS, start=1):
        roster.append([i, name, unit, post, cat, i, "主席台", "是", ""])
    roster += [
        [6, "李局长", "旗应急管理局", "局长", "行政单位", 6, "台下", "是", ""],
        [7, "王伟", "旗委宣传部", "科员", "党群单位", None, "台下", "", ""],
        [8, "王伟", "旗委统战部", "科员", "党群单位", None, "台下", "", ""],
        [9, "赵敏", "巴彦镇", "镇长", "苏木镇", None, "台下", "", ""],
        [10, "巴特尔", "乌兰苏木", "苏木达", "苏木镇", None, "台下", "", "ᠪᠠᠭᠠᠲᠤᠷ"],
    ]
    sign_in = [["姓名", "单位", "签到时间", "签退时间", "座位", "代会对象", "备注"], *[list(r) for r in signins]]
    return Excel(payload_from_values({"会议信息": meeting, "参会名单": roster, "签到": sign_in, "签到台": desk_sheet(*desk)}))


class Excel:
    """A workbook across button presses: each press sends the current cells (as RunPython does),
    and the cells the macro wrote are applied before the next press (the remote engine only
    records them as actions)."""

    def __init__(self, payload: dict):
        self.payload = payload
        self.book = None

    def sheet(self, name: str) -> list[list]:
        return sheet_in(self.payload, name)

    def type(self, address: str, value) -> None:
        r, c = cell_position(address)
        self.sheet("签到台")[r][c] = value or None

    def press(self, macro) -> object:
        self.book = remote_book(self.payload)
        result = macro(self.book)
        apply_writes(self.payload, self.book)
        return result

    def desk(self) -> tuple[str, str]:
        values = self.sheet("签到台")
        (r1, c1), (r2, c2) = cell_position(DESK_RESULT_CELL), cell_position(DESK_MESSAGE_CELL)
        return values[r1][c1], values[r2][c2]

    def log(self) -> list[list]:
        return [r for r in self.sheet("签到")[1:] if any(v not in (None, "") for v in r)]


# --- 签到发座 -----------------------------------------------------------------------------------
def test_sign_in_desk_records_the_time_and_hands_out_seats_front_to_back(tmp_path):
    excel = workbook(tmp_path, desk=("赵敏", ""))
    before = datetime.now().replace(microsecond=0)
    assert excel.press(macros.sign_in_desk) is None  # the answer is on the sheet, not in an alert
    assert alerts(excel.book) == []
    seat, message = excel.desk()
    assert seat == "第2排 第3座"  # row 1 is reserved; 4 seats: the right one of the two centre seats first
    assert "赵敏（巴彦镇）签到成功" in message
    rows = excel.log()
    assert len(rows) == 1 and rows[0][:2] == ["赵敏", "巴彦镇"] and rows[0][4] == "第2排 第3座"
    assert before <= datetime.fromisoformat(str(rows[0][2])) <= datetime.now()

    excel.type(DESK_NAME_CELL, "巴特尔")
    excel.press(macros.sign_in_desk)
    assert excel.desk()[0] == "第2排 第2座"  # then its left-hand neighbour (audience view)
    assert [r[4] for r in excel.log()] == ["第2排 第3座", "第2排 第2座"]


def test_pressing_again_for_the_same_person_changes_nothing(tmp_path):
    excel = workbook(tmp_path, desk=("赵敏", ""))
    excel.press(macros.sign_in_desk)
    first = [list(r) for r in excel.log()]
    excel.type(DESK_NAME_CELL, " 赵　敏 ")  # typed with spaces: the same name key
    excel.press(macros.sign_in_desk)
    assert excel.log() == first
    sign_in = [s.name for s in excel.book.sheets].index("签到")
    assert not [a for a in excel.book.json()["actions"] if a["func"] == "setValues" and a["sheet_position"] == sign_in]
    seat, message = excel.desk()
    assert seat == "第2排 第3座" and "已于" in message and "座位不变" in message


def test_a_seat_written_earlier_is_never_issued_again(tmp_path):
    earlier = [("来宾甲", "", datetime(2026, 12, 3, 8, 0), None, "第2排 第3座", None, None)]
    excel = workbook(tmp_path, signins=earlier, desk=("赵敏", ""))
    excel.press(macros.sign_in_desk)
    assert excel.desk()[0] == "第2排 第2座"


def test_named_people_get_their_podium_or_reserved_seat(tmp_path):
    excel = workbook(tmp_path, desk=("余书记", ""))
    excel.press(macros.sign_in_desk)
    assert excel.desk()[0] == "主席台 第1排 第3座"  # five on the podium: rank 1 in the middle
    excel.type(DESK_NAME_CELL, "李局长")
    excel.press(macros.sign_in_desk)
    assert excel.desk()[0] == "第1排 第3座"  # the reserved front row, by rank
    excel.type(DESK_NAME_CELL, "赵敏")
    excel.press(macros.sign_in_desk)
    assert excel.desk()[0] == "第2排 第3座"  # named seats do not use up issued ones


def test_a_stranger_is_recorded_and_flagged(tmp_path):
    excel = workbook(tmp_path, desk=("周来宾", "市应急管理局"))
    excel.press(macros.sign_in_desk)
    seat, message = excel.desk()
    assert seat == "第2排 第3座" and "不在参会名单中" in message
    row = excel.log()[0]
    assert row[:2] == ["周来宾", "市应急管理局"] and row[6] == "名单外签到，请核实"
    excel.press(macros.sign_in_desk)  # the same stranger again: nothing new
    assert len(excel.log()) == 1


def test_namesakes_need_the_unit_and_are_never_guessed(tmp_path):
    excel = workbook(tmp_path, desk=("王伟", ""))
    excel.press(macros.sign_in_desk)
    seat, message = excel.desk()
    assert seat == "—" and "多位“王伟”" in message and "未记录签到" in message
    assert excel.log() == []
    excel.type(DESK_UNIT_CELL, "旗委统战部")
    excel.press(macros.sign_in_desk)
    assert excel.log()[0][:2] == ["王伟", "旗委统战部"]


def test_a_full_hall_still_records_the_arrival_with_a_clear_message(tmp_path):
    taken = [(f"来宾{i}", "", datetime(2026, 12, 3, 8, 0), None, f"第2排 第{i}座", None, None) for i in range(1, 3)]
    excel = workbook(tmp_path, rows=2, seats=2, reserved=1, signins=taken, desk=("赵敏", ""))
    excel.press(macros.sign_in_desk)
    seat, message = excel.desk()
    assert seat == "—"
    assert "会场座位已全部发完" in message and "本次签到时间已记录" in message
    assert excel.log()[-1][0] == "赵敏" and excel.log()[-1][4] in (None, "")


def test_an_empty_name_only_asks_for_one(tmp_path):
    excel = workbook(tmp_path)
    excel.press(macros.sign_in_desk)
    assert "请先在 C4 输入姓名" in excel.desk()[1]
    assert excel.log() == []


def test_left_to_right_issuing(tmp_path):
    excel = workbook(tmp_path, order="从左到右", reserved=0, desk=("赵敏", ""))
    excel.press(macros.sign_in_desk)
    assert excel.desk()[0] == "第1排 第1座"


# --- 排主席台座次 -------------------------------------------------------------------------------
def test_arrange_podium_writes_the_seating_sheet_and_the_chart(tmp_path):
    excel = workbook(tmp_path, per_row=3)
    excel.press(macros.arrange_podium)
    book = excel.book
    grid = [[None if v == "" else v for v in row] for row in written_values(book, "座次")]  # the engine sends None as ""
    assert GENERATED_NOTE in grid[0][0]
    assert grid[1][0].startswith("主席台（观众视角")
    back, front = grid[2], grid[3]
    assert front[:4] == ["第1排", "金主任", "余书记", "乌旗长"]  # 3 4... audience view: 3 1 2
    assert back[:4] == ["第2排", "额主席", "谭副书记", None]  # ranks 4, 5 re-indexed: 1 then 2 on its left hand
    listing_title = next(i for i, r in enumerate(grid) if r[0] == "主席台名单（按排序）")
    assert grid[listing_title + 2][:2] == ["1", "余书记"] and grid[listing_title + 2][5] == "主席台 第1排 第2座"
    hall = next(i for i, r in enumerate(grid) if r[0] and str(r[0]).startswith("会场（台下"))
    assert grid[hall + 2][:5] == ["第1排", None, None, "李局长", None]  # the reserved row fills centre-first too
    message = alerts(book)[-1]
    assert message.startswith("主席台 5 人，共 2 排（排法 A，观众视角）")
    chart = tmp_path / "输出" / "座次图.docx"
    assert chart.exists() and str(chart) in message
    from docx import Document

    doc = Document(str(chart))
    text = "\n".join(p.text for p in doc.paragraphs) + "".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "观众视角" in text and "主 席 台" in text and "余书记" in text and "李局长" in text
    colors = [a for a in book.json()["actions"] if a["func"] == "setRangeColor"]
    assert {"#F8CBAD", "#FFE699"} <= {a["args"][0] for a in colors}  # 常委领导, 四大班子领导


def test_arrange_podium_on_the_demo_workbook(demo_path):
    book = remote_book(payload_from_file(demo_path))
    macros.arrange_podium(book)
    grid = written_values(book, "座次")
    front = next(r for r in grid if r[0] == "第1排")
    assert front[4] == "余桂"  # rank 1 in the middle of seven
    assert alerts(book)[-1].startswith("主席台 12 人，共 2 排")


def test_bad_settings_become_an_alert(tmp_path):
    excel = workbook(tmp_path, rows=2, reserved=5)
    assert excel.press(macros.arrange_podium) is None
    assert "预留排数（5）大于会场排数（2）" in alerts(excel.book)[-1]


# --- 生成座签 and 生成座位卡 ------------------------------------------------------------------------
def test_make_seat_cards(tmp_path):
    from docx import Document

    excel = workbook(tmp_path)
    excel.press(macros.make_seat_cards)
    book = excel.book
    path = tmp_path / "输出" / "座位卡.docx"
    # 4 people without a plate, 5% spare → 5 cards (物资清单's rule), not all 8 seats behind the reserved row
    assert "已生成 5 张座位卡" in alerts(book)[-1] and "与物资清单一致" in alerts(book)[-1]
    cells = [c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells]
    labels = [line for text in cells for line in text.splitlines() if line.endswith("座") and line.startswith("第")]
    assert labels == ["第2排 第3座", "第2排 第2座", "第2排 第4座", "第2排 第1座", "第3排 第3座"]


def test_make_plates(tmp_path):
    from huiwu_xl.documents.fonts import SERIF_FALLBACKS, find_font
    from huiwu_xl.documents.plates import load_pymupdf

    if find_font(*SERIF_FALLBACKS) is None:
        pytest.skip("no Chinese font installed (fonts-noto-cjk)")
    excel = workbook(tmp_path)
    excel.press(macros.make_plates)
    message = alerts(excel.book)[-1]
    assert message.startswith("已生成 6 张座签（主席台 5 张，台下 1 张）")
    pdf = load_pymupdf().open(tmp_path / "输出" / "座签.pdf")
    names = [name for name, *_ in LEADERS] + ["李局长"]  # podium by rank, then the hall's plate holders
    assert pdf.page_count == 6
    for page, name in zip(pdf, names):
        by_direction: dict[tuple, str] = {}
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                by_direction[line["dir"]] = by_direction.get(line["dir"], "") + "".join(s["text"] for s in line["spans"])
        upright, upside_down = by_direction[(1.0, 0.0)].replace(" ", ""), by_direction[(-1.0, 0.0)].replace(" ", "")
        assert name in upright and name in upside_down, (name, by_direction)  # both halves, 180° apart
    assert not (tmp_path / "输出" / "座签.docx").exists()  # the PDF prints right everywhere; a Word copy would not
    assert "再点一次“生成座签”" in message
    assert "旗人民政府" not in pdf[1].get_text()  # the unit line is off by default …

    excel.sheet("会议信息").append(["座签印单位", "是"])  # … and on for a large meeting
    excel.press(macros.make_plates)
    pdf = load_pymupdf().open(tmp_path / "输出" / "座签.pdf")
    page = pdf[1]  # 乌旗长, 旗人民政府
    units = [line for block in page.get_text("dict")["blocks"] for line in block.get("lines", [])
             if "".join(s["text"] for s in line["spans"]).replace(" ", "") == "旗人民政府"]
    names = [line for block in page.get_text("dict")["blocks"] for line in block.get("lines", [])
             if "乌旗长" in "".join(s["text"] for s in line["spans"]).replace(" ", "")]
    upright_unit = next(u for u in units if u["dir"] == (1.0, 0.0))
    upright_name = next(n for n in names if n["dir"] == (1.0, 0.0))
    assert len(units) == 2 and upright_unit["bbox"][1] > upright_name["bbox"][3] - 2  # both faces, under the name (boxes touch)


def test_plates_refuse_a_legacy_encoded_mongolian_name(tmp_path):
    excel = workbook(tmp_path)
    roster = next(s for s in excel.payload["sheets"] if s["name"] == "参会名单")["values"]
    roster[1][8] = "\ue234\ue235"  # Menksoft/方正 private-use code points, not Unicode Mongolian
    assert excel.press(macros.make_plates) is None
    message = alerts(excel.book)[-1]
    assert "工作表“参会名单”第2行“蒙文姓名”列" in message and "重新录入" in message
    assert not (tmp_path / "输出" / "座签.pdf").exists()


def test_sign_in_from_the_command_line(demo_path, tmp_path, capsys):
    from python_calamine import CalamineWorkbook

    from huiwu_xl.cli import main

    out = tmp_path / "命令行"
    assert main(["sign-in", str(demo_path), "--out", str(out), "--name", "新来宾", "--unit", "市里"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("第3排 第9座\n新来宾（市里）不在参会名单中：已登记签到")
    rows = CalamineWorkbook.from_path(str(demo_path)).get_sheet_by_name("签到").to_python()  # in the workbook itself
    assert any(r[0] == "新来宾" and "第3排 第9座" in r for r in rows)
    assert main(["sign-in", str(demo_path), "--out", str(out), "--name", "新来宾", "--unit", "市里"]) == 0
    assert "座位不变" in capsys.readouterr().out
    again = CalamineWorkbook.from_path(str(demo_path)).get_sheet_by_name("签到").to_python()
    assert again == rows  # a second press of the same name changes nothing
    assert main(["sign-in", str(demo_path), "--out", str(out), "--name", "王伟"]) == 0
    assert "请用 --unit 给出单位" in capsys.readouterr().out


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_seating_chart_renders_with_viewpoint_and_names(tmp_path):
    from huiwu_xl.documents.render import docx_to_pdf, pdf_text

    excel = workbook(tmp_path, per_row=3)
    excel.press(macros.arrange_podium)
    text = pdf_text(docx_to_pdf(tmp_path / "输出" / "座次图.docx", tmp_path)).replace(" ", "")
    for word in ("观众视角", "主席台", "台口", "余书记", "金主任", "李局长", "图例"):
        assert word in text, word
