"""生成电话通知表 and 电话通知汇总 through xlwings' remote engine (the buttons' own code path)."""
from __future__ import annotations

from python_calamine import CalamineWorkbook

from conftest import alerts, payload_from_values, remote_book, sheet_after, written_values

from huiwu_xl import macros
from huiwu_xl.contract import CALL_ROUND, CATEGORIES

HEADERS = CALL_ROUND.headers


def demo_sheets(path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(path))
    return {s: book.get_sheet_by_name(s).to_python(skip_empty_area=False) for s in book.sheet_names}


def records(grid: list[list]) -> list[dict]:
    start = next(i for i, r in enumerate(grid) if r and r[0] == "序号")
    header = grid[start]
    return [dict(zip(header, r)) for r in grid[start + 1:] if any(v not in (None, "") for v in r)]


def test_call_round_merges_without_losing_results(demo_path):
    sheets = demo_sheets(demo_path)
    sheets["电话通知"] = [HEADERS]
    book = remote_book(payload_from_values(sheets))
    macros.make_call_round(book)

    first = records(sheet_after(book, "电话通知"))
    assert len(first) == 120
    order = [CATEGORIES.index(r["类别"]) for r in first]
    assert order == sorted(order)  # grouped by category, in the configured order
    callers = [r["通知人"] for r in first]
    assert set(callers) == {"包丽丽", "韩雪梅"}  # the staff whose duty is 电话通知
    assert abs(callers.count("包丽丽") - callers.count("韩雪梅")) <= 1
    assert "通知人分工" in alerts(book)[-1]

    # Staff record results in the sheet; then the roster changes and the button is pressed again.
    typed = [HEADERS] + [[r.get(h) for h in HEADERS] for r in first]
    col = {h: i for i, h in enumerate(HEADERS)}
    typed[1][col["结果"]], typed[1][col["原因"]], typed[1][col["接听人"]] = "请假", "参加自治区会议", "秘书代接"
    typed[2][col["结果"]], typed[2][col["代会人"]] = "代会", "张副主任"
    typed[3][col["结果"]] = "未接通"
    typed[4][col["结果"]], typed[4][col["通知人"]] = "参会", "孟庆华"  # a caller changed by hand
    kept = {(typed[i][col["姓名"]], h): typed[i][col[h]] for i in (1, 2, 3, 4) for h in ("结果", "原因", "接听人", "代会人", "通知人") if typed[i][col[h]]}
    roster = sheets["参会名单"]
    rcol = {h: i for i, h in enumerate(roster[0])}
    removed = roster.pop(10)[rcol["姓名"]]
    newcomer = [None] * len(roster[0])
    newcomer[rcol["姓名"]], newcomer[rcol["单位"]], newcomer[rcol["类别"]] = "新来人", "巴彦镇", "苏木镇"
    roster.append(newcomer)
    sheets["电话通知"] = typed

    book = remote_book(payload_from_values(sheets))
    macros.make_call_round(book)
    after = records(sheet_after(book, "电话通知"))
    assert len(after) == 121  # nobody deleted, one appended
    by_name = {r["姓名"]: r for r in after}
    for (name, header), value in kept.items():
        assert by_name[name][header] == value, (name, header)
    assert by_name[removed]["名单状态"] == "已移出名单"
    assert after[-1]["姓名"] == "新来人" and after[-1]["序号"] == 121 and after[-1]["通知人"] in ("包丽丽", "韩雪梅")
    assert sum(1 for r in after if r["名单状态"] == "已移出名单") == 1
    message = alerts(book)[-1]
    assert "新增 1 人" in message and "1 人已不在参会名单" in message

    summary = written_values(book, "电话通知汇总")
    assert summary[2][:3] == ["类别", "应通知", "已接通"]


def test_summary_counts_chase_and_leave_rows(demo_path):
    sheets = demo_sheets(demo_path)
    sheets["电话通知"] = [HEADERS]
    book = remote_book(payload_from_values(sheets))
    macros.make_call_round(book)
    rows = records(sheet_after(book, "电话通知"))
    col = {h: i for i, h in enumerate(HEADERS)}
    typed = [HEADERS] + [[r.get(h) for h in HEADERS] for r in rows]
    leave_names = {r[0] for r in sheets["请假"][1:]}
    fresh = [i for i in range(1, len(typed)) if typed[i][col["姓名"]] not in leave_names]
    results = {fresh[0]: "请假", fresh[1]: "代会", fresh[2]: "未接通", fresh[3]: "待定"}
    for i in fresh[4:40]:
        results[i] = "参会"
    for i, result in results.items():
        typed[i][col["结果"]] = result
    typed[fresh[0]][col["原因"]] = "参加上级会议"
    typed[fresh[1]][col["代会人"]] = "李副局长"
    # Someone already in 请假 with a written request answers 请假 too: not chased, not appended.
    written = next(r for r in sheets["请假"][1:] if r[4] == "是" and not r[2])
    on_file = next(i for i in range(1, len(typed)) if typed[i][col["姓名"]] == written[0])
    typed[on_file][col["结果"]] = "请假"
    sheets["电话通知"] = typed
    leave_before = len(sheets["请假"])

    book = remote_book(payload_from_values(sheets))
    macros.summarize_call_round(book)
    grid = written_values(book, "电话通知汇总")
    total = next(r for r in grid if r[0] == "合计")
    assert total[1:9] == [120, 40, 36, 2, 1, 1, 1, 79]  # 已接通 = 参会 + 请假 + 代会 + 待定
    chase_title = next(i for i, r in enumerate(grid) if r[0] and str(r[0]).startswith("待补书面请假"))
    chase = [r for r in grid[chase_title + 2:] if r[0]]
    chase = chase[: next((k for k, r in enumerate(chase) if str(r[0]).startswith("未接通")), len(chase))]
    assert {r[2] for r in chase} == {typed[fresh[0]][col["姓名"]], typed[fresh[1]][col["姓名"]]}
    assert "未接通或尚未登记结果：80 人" in [r[0] for r in grid]

    leave = sheet_after(book, "请假")
    appended = [r for r in leave[leave_before:] if r[0]]
    assert [r[0] for r in appended] == [typed[fresh[0]][col["姓名"]], typed[fresh[1]][col["姓名"]]]
    assert appended[0][3] == "参加上级会议" and appended[1][6] == "李副局长"
    assert appended[0][4] in (None, "")  # 书面请假 left for staff to confirm
    assert "已将 2 人" in alerts(book)[-1]


def without_call_sheet(path) -> dict[str, list[list]]:
    sheets = demo_sheets(path)
    del sheets["电话通知"]  # the demo arrives with the round half done
    return sheets


def test_summary_without_call_sheet_is_a_clear_alert(demo_path):
    book = remote_book(payload_from_values(without_call_sheet(demo_path)))
    assert macros.summarize_call_round(book) is None
    assert "生成电话通知表" in alerts(book)[-1]


def test_call_round_creates_the_sheet_when_missing(demo_path):
    book = remote_book(payload_from_values(without_call_sheet(demo_path)))
    macros.make_call_round(book)
    assert len(records(sheet_after(book, "电话通知"))) == 120
