"""同步签到 on a copy of the demo .xlsm: the server's sign-ins land in 签到 once each, however often
`huiwu sync` runs, and 核对考勤 then gives the statuses those arrivals imply. And Excel's 签到发座
signing in through the server."""
from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest
from conftest import alerts, payload_from_file, remote_book, sheet_in
from deskserver import ROOT, Server, nonce
from python_calamine import CalamineWorkbook

from huiwu_xl.core.desk import person_id, person_key
from huiwu_xl.demo import demo_tables, unaccounted, write_demo_workbook
from huiwu_xl.text import name_key


def huiwu(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "huiwu_xl.cli", *args], capture_output=True, text=True, env=env)


def rows_of(path, sheet: str) -> list[dict]:
    values = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    header = next(i for i, r in enumerate(values) if "姓名" in r)
    names = values[header]
    return [dict(zip(names, r)) for r in values[header + 1:] if r and r[0] not in ("", None) and "每到一人" not in str(r[0])]


def pid(p: dict) -> str:
    return person_id(person_key(name_key(p["姓名"]), name_key(p["单位"])))


@pytest.fixture
def demo_xlsm(tmp_path):
    return write_demo_workbook(tmp_path / "会议示例.xlsm", out_dir=str(tmp_path / "输出"))


def test_sync_twice_adds_each_sign_in_once_and_attendance_sees_them(demo_xlsm, tmp_path):
    tables = demo_tables()
    free = unaccounted(tables)
    before = rows_of(demo_xlsm, "签到")
    baseline = huiwu("attendance", str(demo_xlsm), "--read-only", "--out", str(tmp_path / "基线"))
    assert baseline.returncode == 0, baseline.stderr
    statuses = {r["姓名"]: r for r in rows_of(tmp_path / "基线" / "考勤结果.xlsx", "考勤结果")}
    stays = next(r for r in before if r["姓名"] in statuses and statuses[r["姓名"]]["状态"] == "出席"
                 and not r["签退时间"] and not r["代会对象"] and sum(1 for b in before if b["姓名"] == r["姓名"]) == 1)

    with Server(demo_xlsm, "--clock", "2026-12-03 08:20") as server:
        def post(path, **body):
            return httpx.post(server.base + path, json={"nonce": nonce(), "desk": "东门1", **body}).json()

        arrived = [post("/api/sign-in", person=pid(p)) for p in free[:2]]
        proxied = post("/api/sign-in", proxy_for=pid(free[2]), name="代表乙")
        stranger = post("/api/sign-in", name="周来宾", unit="市应急管理局")
        leaver = next(p for p in tables["参会名单"] if p["姓名"] == stays["姓名"] and p["单位"] == stays["单位"])
        left = post("/api/sign-out", person=pid(leaver))
        assert all(a["outcome"] == "signed_in" for a in arrived) and proxied["ok"] and stranger["outcome"] == "stranger"
        assert left["outcome"] == "signed_out"

        first = huiwu("sync", str(demo_xlsm))  # while the server runs, as on the meeting morning
        assert first.returncode == 0, first.stderr
        assert "新增 4 行" in first.stdout and "补填 1 行" in first.stdout and "已写回工作簿" in first.stdout
        after_first = rows_of(demo_xlsm, "签到")
        second = huiwu("sync", str(demo_xlsm))
        assert second.returncode == 0, second.stderr
        assert "签到已是最新" in second.stdout
    after = rows_of(demo_xlsm, "签到")
    assert after == after_first and len(after) == len(before) + 4  # the second run added nothing

    ids = {a["record"]["id"] for a in (*arrived, proxied, stranger)}
    synced = {r["记录号"]: r for r in after if r["记录号"]}
    assert ids <= set(synced)
    for answer in (*arrived, proxied, stranger):
        row = synced[answer["record"]["id"]]
        assert (row["姓名"], row["座位"], row["签到台"]) == (answer["record"]["name"], answer["seat"], "东门1")
        assert row["签到时间"].strftime("%Y-%m-%d %H:%M") == "2026-12-03 08:20"
    assert synced[proxied["record"]["id"]]["代会对象"] == free[2]["姓名"]
    assert synced[stranger["record"]["id"]]["备注"] == "名单外签到，请核实"
    leaver_rows = [r for r in after if r["姓名"] == stays["姓名"]]
    assert len(leaver_rows) == 1 and leaver_rows[0]["签退时间"].strftime("%H:%M") == "08:20"  # filled in its own row

    done = huiwu("attendance", str(demo_xlsm), "--out", str(tmp_path / "结果"))
    assert done.returncode == 0, done.stderr
    results = {(r["姓名"], r["单位"]): r for r in rows_of(demo_xlsm, "考勤结果")}
    for p in free[:2]:
        assert results[(p["姓名"], p["单位"])]["状态"] == "出席"  # 08:20, before the 08:30 start
    assert results[(free[2]["姓名"], free[2]["单位"])]["状态"] == "擅自代会"  # no leave on file
    assert results[(stays["姓名"], stays["单位"])]["状态"] == "早退"  # signed out at 08:20 at the exit desk
    assert "周来宾" in {r["姓名"] for r in rows_of(demo_xlsm, "名单外签到")}


def test_excel_sign_in_desk_goes_through_the_server(demo_xlsm):
    free = unaccounted(demo_tables())
    with Server(demo_xlsm, "--clock", "2026-12-03 08:15") as server:
        payload = payload_from_file(demo_xlsm)
        setting = next(r for r in sheet_in(payload, "会议信息") if r[0] == "签到服务")  # the built workbook lists it
        setting[1] = server.base + "/"
        desk = sheet_in(payload, "签到台")
        desk[3][2], desk[4][2] = free[0]["姓名"], None  # C4: the name
        book = remote_book(payload)
        from huiwu_xl import macros

        macros.sign_in_desk(book)
        records = httpx.get(server.base + "/api/records").json()["records"]
    record = next(r for r in records if r["name"] == free[0]["姓名"] and r["origin"] == "desk")
    assert record["desk"].startswith("Excel")
    writes = [a for a in book.json()["actions"] if a["func"] == "setValues"]
    shown = [v for a in writes for row in a["values"] for v in row]
    assert record["seat"] in shown and any("签到成功" in str(v) for v in shown)  # B8 and B10
    assert record["id"] in shown  # the row appended to 签到 carries the 记录号: 同步签到 will not add it again
    assert alerts(book) == []


def test_the_sync_button_in_excel_reads_the_server_and_appends_through_xlwings(demo_xlsm):
    free = unaccounted(demo_tables())
    with Server(demo_xlsm, "--clock", "2026-12-03 08:18") as server:
        answers = [httpx.post(server.base + "/api/sign-in", json={"nonce": nonce(), "desk": "西门", "person": pid(p)}).json()
                   for p in free[:2]]
        payload = payload_from_file(demo_xlsm)
        setting = next(r for r in sheet_in(payload, "会议信息") if r[0] == "签到服务")
        setting[1] = server.base + "/"
        book = remote_book(payload)
        from huiwu_xl import macros

        macros.sync_signins(book)
    message = alerts(book)[-1]
    assert "新增 2 行" in message and "签到服务" in message
    position = [s.name for s in book.sheets].index("签到")
    written = [v for a in book.json()["actions"] if a["func"] == "setValues" and a["sheet_position"] == position
               for row in a["values"] for v in row]
    for answer in answers:
        assert answer["record"]["id"] in written and answer["seat"] in written and answer["record"]["name"] in written
