"""The desk API over HTTP (uvicorn in a subprocess): PIN on the LAN, capped search, Chinese 4xx,
nonces, namesakes, codes, 代会, strangers, sign-out, undo, the refused log."""
from __future__ import annotations

import sqlite3

import httpx
import pytest
from deskserver import NAMESAKES, Server, hall_workbook, nonce

from huiwu_xl.core import codes
from huiwu_xl.core.desk import person_id, person_key
from huiwu_xl.desk.store import store_path
from huiwu_xl.text import name_key

SECRET = "0123456789abcdef0123456789abcdef"
try:
    import zxingcpp
except ImportError:  # the test extra; without it the QR picture is only checked to exist
    zxingcpp = None


def pid(name: str, unit: str) -> str:
    return person_id(person_key(name_key(name), name_key(unit)))


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk")
    workbook, roster = hall_workbook(folder / "会议.xlsx", people=300, rows=20, seats=20, reserved=1,
                                     extra_meeting={"签到密钥": SECRET}, extra_people=NAMESAKES)
    return workbook, roster


@pytest.fixture(scope="module")
def server(meeting):
    workbook, _ = meeting
    with Server(workbook, "--clock", "2026-12-03 08:10", "--max-results", "5") as running:
        yield running


def sign_in(server, **body):
    return httpx.post(server.base + "/api/sign-in", json={"nonce": nonce(), "desk": "测试台", **body}).json()


def test_lan_needs_the_pin_for_every_page_and_call(meeting, tmp_path):
    workbook, roster = meeting
    lan = Server(workbook, "--lan", "--max-results", "3")
    lan.start()
    try:
        pin = sqlite3.connect(store_path(workbook)).execute("SELECT value FROM meta WHERE key = 'pin'").fetchone()[0]
        assert len(pin) == 6 and pin.isdigit()
        qr = workbook.with_name("会议.签到台二维码.png")
        assert qr.exists()
        if zxingcpp is not None:  # the QR code printed for tablets leads to the desk with the PIN
            import numpy as np

            from huiwu_xl.documents.plates import load_pymupdf

            picture = load_pymupdf().Pixmap(str(qr))
            pixels = np.frombuffer(picture.samples, dtype=np.uint8).reshape(picture.height, picture.width, picture.n)
            (link,) = [r.text for r in zxingcpp.read_barcodes(pixels)]
            assert link.startswith("http://") and link.endswith(f":{lan.port}/desk?pin={pin}")
        for path in ("/api/search?q=z", "/api/board", "/api/records", "/api/meeting", "/api/refused"):
            response = httpx.get(lan.base + path)
            assert response.status_code == 401 and "PIN" in response.json()["error"], path
        refused = httpx.post(lan.base + "/api/sign-in", json={"nonce": nonce(), "desk": "外人", "name": roster[40]["姓名"]})
        assert refused.status_code == 401
        page = httpx.get(lan.base + "/desk")
        assert page.status_code == 401 and "PIN" in page.text and "<form" in page.text
        assert httpx.get(lan.base + "/board").status_code == 401
        assert httpx.get(lan.base + "/static/desk.js").status_code == 401

        good = {"X-Desk-PIN": pin}
        found = httpx.get(lan.base + "/api/search?q=z", headers=good).json()
        assert len(found["results"]) == 3 and found["more"]  # never more than --max-results, however broad
        every = httpx.get(lan.base + "/api/search?q=旗", headers=good).json()  # a word in every unit
        assert len(every["results"]) == 3
        # The QR code's link logs a tablet in with a cookie.
        with httpx.Client(base_url=lan.base) as tablet:
            first = tablet.get(f"/desk?pin={pin}")
            assert first.status_code == 303 and "huiwu_desk" in first.headers["set-cookie"]
            assert tablet.get("/desk").status_code == 200
            assert tablet.get("/api/meeting").status_code == 200
        # Guessing: ten wrong PINs from one address, then even the right one waits.
        for _ in range(10):
            assert httpx.get(lan.base + "/api/meeting", headers={"X-Desk-PIN": "000000" if pin != "000000" else "111111"}).status_code == 401
        locked = httpx.get(lan.base + "/api/meeting", headers=good)
        assert locked.status_code == 429 and "5 分钟" in locked.json()["error"]
    finally:
        lan.stop()


def test_bad_requests_get_a_chinese_4xx_never_a_traceback(server):
    base = server.base
    cases = [
        httpx.post(base + "/api/sign-in", content=b"name=x", headers={"Content-Type": "application/x-www-form-urlencoded"}),
        httpx.post(base + "/api/sign-in", content=b"{not json", headers={"Content-Type": "application/json"}),
        httpx.post(base + "/api/sign-in", json={"desk": "东门", "name": "张三"}),  # no nonce
        httpx.post(base + "/api/sign-in", json={"nonce": nonce(), "desk": "东门"}),  # nobody
        httpx.post(base + "/api/sign-in", json=["a", "list"]),
        httpx.post(base + "/api/sign-in", json={"nonce": nonce(), "desk": "东门", "name": "张" * 200}),
        httpx.get(base + "/api/nothing-here"),
        httpx.get(base + "/api/sign-in"),
        httpx.get(base + "/api/search?q=" + "z" * 100),
        httpx.get(base + "/api/board?since=abc"),
    ]
    expected = [415, 400, 400, 400, 400, 400, 404, 405, 400, 400]
    for response, status in zip(cases, expected):
        assert response.status_code == status, response.text
        message = response.json()["error"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message) and "Traceback" not in message, message
    wrong_host = httpx.get(base + "/api/meeting", headers={"Host": "evil.example"})
    assert wrong_host.status_code == 400 and "本机" in wrong_host.json()["error"]


def test_a_retried_request_gets_its_first_answer(server, meeting):
    _, roster = meeting
    person = roster[50]
    body = {"nonce": nonce(), "desk": "东门", "person": pid(person["姓名"], person["单位"])}
    first = httpx.post(server.base + "/api/sign-in", json=body).json()
    again = httpx.post(server.base + "/api/sign-in", json=body).json()
    assert first["outcome"] == "signed_in" and first["seat"].startswith("第2排")  # row 1 is reserved
    assert again["replayed"] and again["seat"] == first["seat"] and again["record"]["id"] == first["record"]["id"]
    fresh = sign_in(server, person=body["person"])  # the same person, a new request: the same seat, nothing new
    assert fresh["outcome"] == "already" and fresh["seat"] == first["seat"] and "座位不变" in fresh["message"]
    assert fresh["record"]["signed_in"] == "2026-12-03T08:10:" + fresh["record"]["signed_in"][-2:]  # the rehearsal clock


def test_pinyin_initials_namesakes_codes_and_the_refused_log(server, meeting):
    _, roster = meeting
    target = roster[60]
    found = httpx.get(server.base + "/api/search", params={"q": target["姓名"]}).json()["results"]
    assert found[0]["name"] == target["姓名"] and found[0]["unit"] == target["单位"]
    # A name typed in full that two people hold: nobody is guessed; the unit decides.
    answer = sign_in(server, name="张 伟")
    assert answer["outcome"] == "ambiguous" and "未记录签到" in answer["message"]
    assert {c["unit"] for c in answer["candidates"]} == {"旗委宣传部", "旗委统战部"}
    assert sign_in(server, name="张伟", unit="旗委统战部")["person"]["unit"] == "旗委统战部"
    initials = httpx.get(server.base + "/api/search", params={"q": "zw"}).json()["results"]
    assert {("张伟", "旗委宣传部"), ("张伟", "旗委统战部")} <= {(r["name"], r["unit"]) for r in initials}
    polyphonic = httpx.get(server.base + "/api/search", params={"q": "shanxx"}).json()["results"]
    assert polyphonic[0]["name"] == "单雄信"  # 单 as a surname is Shàn
    # Codes: this meeting's, another meeting's, a made-up one.
    code = codes.code_for(SECRET, person_key(name_key(target["姓名"]), name_key(target["单位"])))
    by_code = sign_in(server, code=codes.grouped(code).lower())  # typed by hand, spaces and all
    assert by_code["outcome"] == "signed_in" and by_code["person"]["name"] == target["姓名"]
    other = codes.code_for("f" * 32, person_key(name_key(target["姓名"]), name_key(target["单位"])))
    refused = sign_in(server, code=other)
    assert not refused["ok"] and refused["outcome"] == "other_meeting" and "不是本次会议" in refused["message"]
    made_up = code[:6] + ("0" if code[6] != "0" else "1") + code[7:]
    unknown = sign_in(server, code=made_up)
    assert unknown["outcome"] == "unknown_code" and "无效" in unknown["message"]
    search = httpx.get(server.base + "/api/search", params={"q": code}).json()
    assert search["code"] and search["results"][0]["name"] == target["姓名"] and search["results"][0]["signed_in"]
    log = httpx.get(server.base + "/api/refused").json()["refused"]
    outcomes = [(r["outcome"], r["desk"]) for r in log]
    assert ("other_meeting", "测试台") in outcomes and ("unknown_code", "测试台") in outcomes
    assert ("ambiguous", "测试台") in outcomes


def test_proxy_stranger_sign_out_and_undo(server, meeting):
    _, roster = meeting
    absent = roster[70]
    proxy = sign_in(server, proxy_for=pid(absent["姓名"], absent["单位"]), name="代表甲")
    assert proxy["outcome"] == "signed_in" and proxy["record"]["proxy_for"] == absent["姓名"]
    assert proxy["record"]["unit"] == absent["单位"] and "代会签到成功" in proxy["message"]
    stranger = sign_in(server, name="周来宾", unit="市应急管理局")
    assert stranger["outcome"] == "stranger" and stranger["record"]["note"] == "名单外签到，请核实" and stranger["seat"]
    board = httpx.get(server.base + "/api/board").json()
    assert board["totals"]["proxied"] >= 1 and board["totals"]["strangers"] >= 1
    assert absent["姓名"] not in {m["name"] for m in board["missing"]}

    leaving = roster[80]
    person = pid(leaving["姓名"], leaving["单位"])
    not_yet = httpx.post(server.base + "/api/sign-out", json={"nonce": nonce(), "desk": "北门", "person": person}).json()
    assert not_yet["outcome"] == "not_signed_in"
    seat = sign_in(server, person=person)["seat"]
    out = httpx.post(server.base + "/api/sign-out", json={"nonce": nonce(), "desk": "北门", "person": person}).json()
    assert out["outcome"] == "signed_out" and out["record"]["signed_out"].startswith("2026-12-03T08:")

    undo_desk = "撤销台"
    late = roster[90]
    taken = httpx.post(server.base + "/api/sign-in", json={"nonce": nonce(), "desk": undo_desk, "person": pid(late["姓名"], late["单位"])}).json()
    undone = httpx.post(server.base + "/api/undo", json={"nonce": nonce(), "desk": undo_desk}).json()
    assert undone["outcome"] == "undone" and taken["seat"] in undone["message"]
    next_one = roster[91]
    reissued = httpx.post(server.base + "/api/sign-in", json={"nonce": nonce(), "desk": undo_desk, "person": pid(next_one["姓名"], next_one["单位"])}).json()
    assert reissued["seat"] == taken["seat"]  # the seat went back to the front of the pool
    nothing = httpx.post(server.base + "/api/undo", json={"nonce": nonce(), "desk": "从未签到的台"}).json()
    assert nothing["outcome"] == "nothing_to_undo"
    assert seat


def test_serve_and_sync_refuse_with_a_chinese_message(meeting, tmp_path):
    import os
    import subprocess
    import sys

    from deskserver import ROOT

    def huiwu(*args):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
        return subprocess.run([sys.executable, "-m", "huiwu_xl.cli", *args], capture_output=True, text=True, env=env, timeout=60)

    missing = huiwu("serve", str(tmp_path / "没有这个.xlsx"))
    assert missing.returncode == 2 and "找不到工作簿文件" in missing.stderr and "Traceback" not in missing.stderr
    workbook, _ = meeting
    with Server(workbook) as running:
        busy = huiwu("serve", str(workbook), "--port", str(running.port))
    assert busy.returncode == 2 and "已被占用" in busy.stderr
    alone = tmp_path / "另一个会议.xlsx"
    hall_workbook(alone, people=20)
    nothing = huiwu("sync", str(alone))
    assert nothing.returncode == 2 and "没有找到签到数据" in nothing.stderr
