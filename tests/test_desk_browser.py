"""The desk page and the board in a real Chromium (Debian's chromium + chromedriver, selenium):
keyboard only — pinyin initials, ↓ to a namesake, Enter, the seat; Alt+4 for a stranger; a
scanned code on a tablet held upright; the board. Screenshots are kept for a person to look at."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import httpx
import pytest
from deskserver import NAMESAKES, Server, hall_workbook

from huiwu_xl.core import codes
from huiwu_xl.core.desk import person_key

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SECRET = "00112233445566778899aabbccddeeff"
pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
                                reason="chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")


@pytest.fixture
def browser():
    selenium = pytest.importorskip("selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert selenium
    profile = tempfile.mkdtemp(prefix="huiwu-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", f"--user-data-dir={profile}",
                 "--lang=zh-CN"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def viewport(driver, width: int, height: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def wait_for(driver, condition, timeout: float = 10):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition(d))


def _alert(driver) -> bool:
    try:
        driver.switch_to.alert  # noqa: B018
        return True
    except Exception:  # noqa: BLE001 - selenium's NoAlertPresentException
        return False


def text_of(driver, element_id: str) -> str:
    return driver.find_element("id", element_id).text


def test_desk_page_by_keyboard_pinyin_namesake_seat_and_the_board(browser, tmp_path):
    from selenium.webdriver.common.keys import Keys

    workbook, roster = hall_workbook(tmp_path / "会议.xlsx", people=400, rows=20, seats=24, reserved=1,
                                     extra_meeting={"签到密钥": SECRET}, extra_people=NAMESAKES)
    shots = tmp_path / "截图"
    shots.mkdir()
    with Server(workbook, "--clock", "2026-12-03 08:12") as server:
        viewport(browser, 1280, 800)
        browser.get(server.base + "/desk")
        wait_for(browser, lambda d: text_of(d, "meeting") == "全旗三级干部大会")
        q = browser.switch_to.active_element
        assert q.get_attribute("id") == "q"  # the input has the focus: no mouse needed
        q.send_keys("zw")
        wait_for(browser, lambda d: "旗委统战部" in text_of(d, "results"))
        items = browser.find_elements("css selector", "#results li")
        names = [(i.find_element("class name", "name").text, i.find_element("class name", "unit").text) for i in items]
        target = names.index(("张伟", "旗委统战部"))
        assert ("张伟", "旗委宣传部") in names  # both namesakes, each with its unit
        for _ in range(target):
            q.send_keys(Keys.ARROW_DOWN)
        selected = browser.find_element("css selector", "#results li.sel")
        assert "旗委统战部" in selected.text
        q.send_keys(Keys.ENTER)
        wait_for(browser, lambda d: text_of(d, "seat").startswith("第"))
        seat, who = text_of(browser, "seat"), text_of(browser, "who")
        assert seat == "第2排 第13座" and "张伟" in who and "旗委统战部" in who  # row 1 reserved; the centre first
        assert "签到成功" in text_of(browser, "message")
        record = next(r for r in httpx.get(server.base + "/api/records").json()["records"] if r["unit"] == "旗委统战部")
        assert record["seat"] == seat and record["desk"].startswith("签到台")
        assert browser.switch_to.active_element.get_attribute("id") == "q" and q.get_attribute("value") == ""
        browser.save_screenshot(str(shots / "签到台-1280x800.png"))

        # 名单外 by keyboard: Alt+4, the name, Enter, the unit, Enter.
        q.send_keys(Keys.ALT, "4")
        wait_for(browser, lambda d: "名单外" in text_of(d, "prompt"))
        q.send_keys("周来宾", Keys.ENTER)
        unit = browser.switch_to.active_element
        assert unit.get_attribute("id") == "unit2"
        unit.send_keys("市应急管理局", Keys.ENTER)
        wait_for(browser, lambda d: "不在参会名单中" in text_of(d, "message"))
        assert text_of(browser, "seat") == "第2排 第12座"

        # 代会 by keyboard: Alt+3, find the absent person, Enter, the substitute's name, Enter.
        absent = roster[30]
        q.send_keys(Keys.ALT, "3")
        wait_for(browser, lambda d: "代会" in text_of(d, "prompt"))
        q.send_keys(absent["姓名"])
        wait_for(browser, lambda d: absent["单位"] in text_of(d, "results"))
        q.send_keys(Keys.ENTER)
        substitute = browser.switch_to.active_element
        assert substitute.get_attribute("id") == "name2"
        substitute.send_keys("代表丙", Keys.ENTER)
        wait_for(browser, lambda d: "代会签到成功" in text_of(d, "message"))
        assert absent["姓名"] in text_of(browser, "message")

        # 签退 (Alt+2) and undo (Alt+Z, confirmed with Enter in the browser's dialog).
        q.send_keys(Keys.ALT, "2")
        q.send_keys("张伟")
        wait_for(browser, lambda d: "已签到" in text_of(d, "results"))
        rows = browser.find_elements("css selector", "#results li")
        for _ in range(next(i for i, r in enumerate(rows) if "旗委统战部" in r.text)):
            q.send_keys(Keys.ARROW_DOWN)
        q.send_keys(Keys.ENTER)
        wait_for(browser, lambda d: "已签退" in text_of(d, "message"))
        q.send_keys(Keys.ALT, "1")
        q.send_keys(Keys.ALT, "z")
        wait_for(browser, lambda d: _alert(d))
        browser.switch_to.alert.accept()
        wait_for(browser, lambda d: "已撤销" in text_of(d, "message"))
        assert "代表丙" in text_of(browser, "message")  # the desk's latest sign-in; its seat goes back to the pool

        # A 10-inch tablet held upright; a USB scanner types the code and Enter.
        viewport(browser, 800, 1280)
        browser.get(server.base + "/desk")
        wait_for(browser, lambda d: text_of(d, "meeting") == "全旗三级干部大会")
        scanned = roster[40]
        code = codes.code_for(SECRET, person_key(scanned["姓名"], scanned["单位"]))
        browser.switch_to.active_element.send_keys(code, Keys.ENTER)
        wait_for(browser, lambda d: scanned["姓名"] in text_of(d, "who"))
        assert text_of(browser, "seat") == "第2排 第14座"  # the seat 代表丙 gave back
        browser.save_screenshot(str(shots / "签到台-平板竖屏-800x1280.png"))

        viewport(browser, 1280, 800)
        browser.get(server.base + "/board")
        wait_for(browser, lambda d: "已到" in text_of(d, "totals") and d.find_elements("css selector", "#map i.taken"))
        assert len(browser.find_elements("css selector", "#map i.taken")) == 3
        missing = text_of(browser, "missing")
        assert roster[0]["姓名"] in missing and roster[0]["手机"] in missing  # the phone round's list
        assert "张伟" in text_of(browser, "recent")
        browser.save_screenshot(str(shots / "看板-1280x800.png"))
    for shot in shots.iterdir():
        assert shot.stat().st_size > 20_000, shot  # a rendered page, not a blank one
    print(f"\nscreenshots: {shots}")
