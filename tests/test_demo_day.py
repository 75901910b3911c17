"""`huiwu demo`: one coherent meeting day on one macro workbook; every step sees the earlier ones."""
from __future__ import annotations

import time

from python_calamine import CalamineWorkbook

from huiwu_xl.demo import demo_tables, desk_arrivals, run_demo
from huiwu_xl.tables import find_header
from huiwu_xl.text import name_key


def rows_of(book: CalamineWorkbook, sheet: str) -> list[dict]:
    values = book.get_sheet_by_name(sheet).to_python()
    header = next(i for i, r in enumerate(values) if r and r[0] not in ("", None) and "本表由 huiwu" not in str(r[0]))
    names = values[header]
    return [dict(zip(names, r)) for r in values[header + 1:] if any(v not in ("", None) for v in r)]


def test_the_demo_day_is_one_record(tmp_path, capsys):
    started = time.perf_counter()
    run_demo(tmp_path)
    elapsed = time.perf_counter() - started
    printed = capsys.readouterr().out
    book = CalamineWorkbook.from_path(str(tmp_path / "会议示例.xlsm"))
    assert {"操作", "签到台", "xlwings.conf"} <= set(book.sheet_names)  # the real macro workbook

    # The people signed in at the desk are in 签到 once each and are not 旷会 in 考勤结果.
    arrivals = desk_arrivals(demo_tables())
    signins = rows_of(book, "签到")
    results = {name_key(r["姓名"]): r for r in rows_of(book, "考勤结果")}
    for arrival in arrivals:
        rows = [r for r in signins if name_key(r["姓名"]) == name_key(arrival["name"])]
        assert len(rows) == 1 and rows[0]["座位"].startswith("第"), arrival
        assert results[name_key(arrival["name"])]["状态"] in ("出席", "迟到"), arrival
    late = [a for a in arrivals if a["at"] > "8:35"]
    assert late and all(results[name_key(a["name"])]["状态"] == "迟到" for a in late)
    assert f"{arrivals[0]['name']}（" in printed and "座位不变" in printed

    # The call summary counts the call sheet as the call round left it.
    calls = [r for r in rows_of(book, "电话通知") if r["姓名"]]
    assert len(calls) == len(demo_tables()["参会名单"])
    summary = book.get_sheet_by_name("电话通知汇总").to_python()
    header = next(r for r in summary if "应通知" in r)
    total = next(r for r in summary[summary.index(header):] if r[0] == "合计")
    assert total[header.index("应通知")] == len(calls)
    assert f"应通知 {len(calls)} 人" in printed
    # The leave answers of the phone round were appended to 请假 before attendance read it.
    leave_names = {name_key(r["姓名"]) for r in rows_of(book, "请假")}
    asked = {name_key(r["姓名"]) for r in calls if r["结果"] in ("请假", "代会")}
    assert asked <= leave_names
    assert elapsed < 15, elapsed
