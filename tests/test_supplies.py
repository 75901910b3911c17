"""物资清单: quantities from the roster and the meeting; winter against summer; the rules table."""
from datetime import datetime

from huiwu_xl.contract import ROSTER, SUPPLY_RULES
from huiwu_xl.core import supplies
from huiwu_xl.tables import read_table

WINTER_DAY = (datetime(2026, 12, 3, 8, 30), datetime(2026, 12, 3, 17, 30))  # 2 half days
SUMMER_DAY = (datetime(2026, 7, 8, 8, 30), datetime(2026, 7, 8, 11, 30))  # 1 half day


def roster(podium: int, hall: int, hall_plates: int = 0):
    rows = []
    for i in range(podium):
        rows.append([i + 1, f"领导{i}", "旗委", "", "", i + 1, "主席台", "", "", "", "", "", "", ""])
    for i in range(hall):
        plate = "是" if i < hall_plates else ""
        rows.append([podium + i + 1, f"人员{i}", "旗财政局", "", "", "", "", plate, "", "", "", "", "", ""])
    return read_table([ROSTER.headers, *rows], ROSTER, [])


def quantities(frame):
    return dict(zip(frame["物资"], frame["数量"]))


def test_half_days():
    assert supplies.half_days(datetime(2026, 12, 3, 8, 30), datetime(2026, 12, 3, 11, 30)) == 1
    assert supplies.half_days(datetime(2026, 12, 3, 14, 30), datetime(2026, 12, 3, 17, 30)) == 1
    assert supplies.half_days(*WINTER_DAY) == 2
    assert supplies.half_days(datetime(2026, 12, 3, 8, 30), datetime(2026, 12, 4, 17, 30)) == 4
    assert supplies.half_days(datetime(2026, 12, 3, 14, 30), datetime(2026, 12, 4, 11, 30)) == 2


def test_winter_from_setting_else_month():
    assert supplies.is_winter("", datetime(2026, 11, 1)) and supplies.is_winter("", datetime(2027, 3, 31))
    assert not supplies.is_winter("", datetime(2026, 4, 1)) and not supplies.is_winter("", datetime(2026, 10, 31))
    assert supplies.is_winter("是", datetime(2026, 7, 1)) and not supplies.is_winter("否", datetime(2026, 12, 1))


def test_winter_list_has_thermos_and_cups():
    people = roster(podium=7, hall=53)  # 60 people, 7 plates on the podium
    counts = supplies.headcounts(people, *WINTER_DAY, all_plates=False)
    assert counts["人数"] == 60 and counts["人次"] == 120 and counts["座签"] == 7 and counts["无座签人数"] == 53
    q = quantities(supplies.supply_list(list(supplies.DEFAULT_RULES), counts, winter=True))
    assert q["矿泉水"] == 120 + 12  # one per person per half day, 10% spare
    assert q["暖水瓶"] == 10 + 1  # one per 6 people, 1 spare
    assert q["茶杯"] == 60 + 6
    assert q["资料袋"] == 63 and q["笔记本"] == 63 and q["签字笔"] == 66
    assert q["座签（桌牌）"] == 7 + 2
    assert q["座位卡"] == 53 + 3
    assert q["鲜花（主席台桌花）"] == 3 and q["鲜花（讲台）"] == 1


def test_summer_list_has_no_thermos_or_cups():
    people = roster(podium=7, hall=53)
    counts = supplies.headcounts(people, *SUMMER_DAY, all_plates=False)
    frame = supplies.supply_list(list(supplies.DEFAULT_RULES), counts, winter=False)
    q = quantities(frame)
    assert "暖水瓶" not in q and "茶杯" not in q
    assert q["矿泉水"] == 60 + 6  # one half day
    assert frame["序号"].tolist() == list(range(1, len(frame) + 1))
    water = frame[frame["物资"] == "矿泉水"].iloc[0]
    assert water["计算依据"] == "60人 × 1个半天 = 60人次，每人次1瓶，另备用10%（6瓶）"


def test_plates_follow_the_roster_and_all_plates_setting():
    people = roster(podium=5, hall=20, hall_plates=4)
    assert supplies.headcounts(people, *SUMMER_DAY, all_plates=False)["座签"] == 9
    everyone = supplies.headcounts(people, *SUMMER_DAY, all_plates=True)
    assert everyone["座签"] == 25 and everyone["无座签人数"] == 0


def test_rules_sheet_replaces_the_defaults():
    problems = []
    frame = read_table([SUPPLY_RULES.headers,
                        ["矿泉水", "箱", "人次", "24", "1", "1", "", ""],
                        ["姜茶", "杯", "人数", "", "", "", "冬季", ""],
                        ["冰镇饮料", "瓶", "人数", "1", "2", "5%", "非冬季", ""],
                        ["横幅", "条", "固定", "", "", "", "", ""],
                        ["坏规则", "", "桌数", "0", "x", "很多", "夏天", ""]], SUPPLY_RULES, problems)
    rules = supplies.read_rules(frame, problems)
    assert [(p.row, p.column) for p in problems] == [(6, "按"), (6, "条件"), (6, "备用"), (6, "每"), (6, "数量")]
    counts = supplies.headcounts(roster(podium=2, hall=98), *WINTER_DAY, all_plates=False)
    q = quantities(supplies.supply_list(rules[:4], counts, winter=True))
    assert q == {"矿泉水": 9 + 1, "姜茶": 100, "横幅": 1}  # 200 人次 / 24 a box → 9 boxes
    q = quantities(supplies.supply_list(rules[:4], counts, winter=False))
    assert q["冰镇饮料"] == 200 + 10 and "姜茶" not in q
    assert supplies.read_rules(read_table([SUPPLY_RULES.headers], SUPPLY_RULES, []), []) == list(supplies.DEFAULT_RULES)


def test_default_rule_rows_read_back_as_the_defaults():
    rows = supplies.default_rule_rows()
    values = [SUPPLY_RULES.headers, *[[r[h] for h in SUPPLY_RULES.headers] for r in rows]]
    assert supplies.read_rules(read_table(values, SUPPLY_RULES, []), []) == list(supplies.DEFAULT_RULES)


def test_seat_cards_printed_equal_the_supply_list_figure(demo_path, tmp_path):
    """The demo hall has 18 issuable rows of 16 seats; the cards cover the expected attendance
    without plates plus the spares rule — the figure 物资清单 lists — not all 288 seats."""
    import re

    import openpyxl
    from docx import Document

    from huiwu_xl.cli import main

    out = tmp_path / "输出"
    assert main(["supplies", str(demo_path), "--out", str(out)]) == 0
    assert main(["seat-cards", str(demo_path), "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out / "物资清单.xlsx")["物资清单"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(r for r in rows if "物资" in r)
    listed = next(r[header.index("数量")] for r in rows if r[header.index("物资")] == "座位卡")
    cells = [c.text for t in Document(out / "座位卡.docx").tables for r in t.rows for c in r.cells]
    printed = [n for text in cells for n in re.findall(r"发放序号 (\d+)", text)]
    assert len(printed) == listed and 0 < listed < 18 * 16
    assert printed == [f"{i:04d}" for i in range(1, listed + 1)]


def test_seat_cards_never_exceed_the_hall():
    people = roster(podium=7, hall=53)
    counts = supplies.headcounts(people, *WINTER_DAY, all_plates=False, hall_seats=40)
    count, how = supplies.seat_card_count(list(supplies.DEFAULT_RULES), counts, winter=True)
    assert count == 40 and "以会场可发座位40个为限" in how
    q = quantities(supplies.supply_list(list(supplies.DEFAULT_RULES), counts, winter=True))
    assert q["座位卡"] == 40
