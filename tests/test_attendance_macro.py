"""核对考勤 through xlwings' remote engine: the cells written to all three sheets, and the alert."""
from __future__ import annotations


from conftest import alerts, payload_from_file, remote_book, written_values

from huiwu_xl import macros
from huiwu_xl.contract import GENERATED_NOTE


def by_name(grid: list[list]) -> dict[str, dict]:
    header = grid[1]
    return {row[header.index("姓名")] + "|" + row[header.index("单位")]: dict(zip(header, row)) for row in grid[2:]}


def test_check_attendance_writes_three_sheets_and_the_circular(demo_path, tmp_path):
    book = remote_book(payload_from_file(demo_path))
    macros.check_attendance(book)

    results = written_values(book, "考勤结果")
    assert GENERATED_NOTE in results[0][0]
    assert results[1][:6] == ["序号", "类别", "单位", "姓名", "职务", "状态"]
    rows = by_name(results)
    assert len(rows) == 120  # the two 王伟 are told apart by 单位
    statuses = [r["状态"] for r in rows.values()]
    assert {s: statuses.count(s) for s in set(statuses)} == {
        "出席": 96, "迟到": 1, "早退": 2, "迟到早退": 1, "请假": 7, "代会": 2, "擅自代会": 3, "旷会": 8}
    assert rows["王伟|旗委宣传部"]["状态"] == "出席" and rows["王伟|旗委统战部"]["状态"] == "出席"
    late = next(r for r in rows.values() if r["状态"] == "迟到")
    assert late["迟到分钟"] == 9 and late["说明"] == "迟到9分钟"
    assert any(r["状态"] == "旷会" and "未履行书面请假手续" in r["说明"] for r in rows.values())

    summary = written_values(book, "考勤汇总")
    assert summary[1] == ["分组", "名称", "应到", "实到", "请假", "代会", "迟到", "早退", "擅自代会", "旷会", "出席率"]
    total = next(r for r in summary if r[0] == "合计")
    assert total[2:10] == [120, 100, 7, 2, 2, 3, 3, 8]
    assert [r[1] for r in summary if r[0] == "类别"] == ["常委领导", "四大班子领导", "苏木镇", "党群单位", "行政单位", "事业单位", "公司企业"]

    strangers = written_values(book, "名单外签到")
    assert [(r[0], r[2], r[6]) for r in strangers[2:]] == [
        ("签到", "周末", "名单中无此人"), ("签到", "王伟", "名单中有同名人员，请填写单位以区分"), ("请假", "查无此人", "名单中无此人")]

    message = alerts(book)[-1]
    assert message.startswith("考勤核对完成：应到 120 人，实到 100 人，请假 7 人，代会 2 人，迟到 2 人，早退 3 人，擅自代会 3 人，旷会 8 人。")
    out = tmp_path / "输出"
    assert (out / "会议考勤通报.docx").exists() and (out / "考勤结果.xlsx").exists()
    assert str(out / "会议考勤通报.docx") in message

    acts = book.json()["actions"]
    assert any(a["func"] == "freezePaneAtRange" for a in acts)
    assert any(a["func"] == "setRangeColor" and a["args"] == ["#FFC7CE"] for a in acts)


def test_bad_input_becomes_an_alert_not_a_traceback(tmp_path):
    from conftest import payload_from_values

    payload = payload_from_values({"会议信息": [["项目", "内容"], ["会议名称", "测试会"]], "参会名单": [["姓名"], ["张三"]]})
    book = remote_book(payload)
    assert macros.check_attendance(book) is None
    message = alerts(book)[-1]
    assert "缺少必填项目“开始时间”" in message
    assert "工作表“参会名单”第1行“单位”列" in message
    assert "工作表“签到”：找不到这张工作表" in message


def test_rerun_overwrites_generated_sheets(demo_path):
    payload = payload_from_file(demo_path)
    payload["sheets"].append({"name": "考勤结果", "values": [["旧内容"]], "pictures": [], "tables": []})
    book = remote_book(payload)
    macros.check_attendance(book)
    funcs = [a["func"] for a in book.json()["actions"]]
    assert "sheetClear" in funcs and funcs.count("addSheet") == 2
