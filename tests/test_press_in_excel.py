"""A press in Excel: the buttons run in xlwings' persistent COM server (USE UDF SERVER), so one
Python serves press after press — nothing of one workbook or its settings may reach the next."""
from __future__ import annotations

import gc
import re
import threading
from pathlib import Path

from conftest import alerts, payload_from_file, remote_book, written_values
from python_calamine import CalamineWorkbook

from huiwu_xl import contract as c
from huiwu_xl import macros
from huiwu_xl.build.setup_excel import setup_excel
from huiwu_xl.demo import demo_tables, write_demo_workbook
from huiwu_xl.problems import cell_position
from huiwu_xl.tables import paused_gc
from huiwu_xl.text import name_key


# --- the setting -------------------------------------------------------------------------------
def test_setup_excel_writes_a_workbook_whose_buttons_use_the_udf_server(tmp_path):
    workbook = setup_excel(tmp_path / "会务", interpreter=r"C:\huiwu\.venv\Scripts\pythonw.exe")
    conf = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_name(c.CONF_SHEET).to_python(skip_empty_area=False)
    settings = {row[0]: row[1] for row in conf if row[0]}
    assert settings["USE UDF SERVER"] == "True"
    assert settings["INTERPRETER_WIN"] == r"C:\huiwu\.venv\Scripts\pythonw.exe"
    # xlwings reads the sheet from A1 down to the first blank cell: the row must lie above it.
    keys = [row[0] for row in conf]
    assert "" not in keys[: keys.index("USE UDF SERVER")]
    beside = (tmp_path / "会务" / "xlwings.conf").read_bytes().decode("utf-8")
    assert '"USE UDF SERVER","True"\r\n' in beside


def test_the_vba_in_the_workbook_routes_runpython_through_the_server_on_that_key():
    """The key and value are the ones xlwings' own RunPython (the VBA the build embeds) reads."""
    from huiwu_xl.build.xlsm import xlwings_sources

    bas, _ = xlwings_sources()
    run_python = bas[bas.index("Public Function RunPython"): bas.index("End Function", bas.index("Public Function RunPython"))]
    assert 'OPTIMIZED_CONNECTION = GetConfig("USE UDF SERVER", False)' in run_python
    assert 'If OPTIMIZED_CONNECTION = True Then' in run_python and "XLPy.Exec" in run_python
    assert "UCase(cell.Value)" in bas  # sheet keys are compared upper-cased, as written


# --- the collector ------------------------------------------------------------------------------
def test_paused_gc_nests_and_puts_back_what_it_found():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause ending does not switch it back on under the outer
    assert gc.isenabled()
    try:
        with paused_gc():
            raise ValueError("a press that fails")
    except ValueError:
        pass
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # a host that had it off keeps it off
    finally:
        gc.enable()


def test_a_worker_thread_never_switches_the_collector():
    seen = []

    def work():
        with paused_gc():
            seen.append(gc.isenabled())

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert seen == [True] and gc.isenabled()


# --- two presses, one Python --------------------------------------------------------------------
def _meeting(tmp_path: Path, name: str, people: int, seed: int, grace: int, seats: int) -> dict:
    path = write_demo_workbook(tmp_path / f"{name}.xlsx", people=people, seed=seed, out_dir=str(tmp_path / name))
    payload = payload_from_file(path)
    sheets = {s["name"]: s["values"] for s in payload["sheets"]}
    for row in sheets[c.MEETING.name]:
        row[1] = {"会议名称": name, "迟到宽限（分钟）": grace, "每排座位数": seats}.get(row[0], row[1])
    tables = demo_tables(people, seed)
    came = {name_key(r[k]) for r in tables["签到"] for k in ("姓名", "代会对象")} | {name_key(r["姓名"]) for r in tables["请假"]}
    latecomer = next(p for p in tables["参会名单"] if p["座区"] == "台下" and name_key(p["姓名"]) not in came)
    desk = [[None] * 6 for _ in range(10)]
    r, col = cell_position(c.DESK_NAME_CELL)
    desk[r][col] = latecomer["姓名"]
    payload["sheets"].append({"name": c.SIGN_IN_DESK, "values": desk, "pictures": [], "tables": []})
    return payload


WRITES = {"check_attendance": ("考勤结果", "考勤汇总", "名单外签到"), "sign_in_desk": (c.SIGN_IN_DESK,)}


def _press(payload: dict, macro) -> dict:
    """What a press wrote: the generated sheets (below their time-stamped note), the desk, the alerts."""
    book = remote_book(payload)
    macro(book)
    assert gc.isenabled()  # the press left the collector as it found it
    out = {"alerts": [re.sub(r"\d{1,2}:\d{2}", "hh:mm", a) for a in alerts(book)]}
    for sheet in WRITES[macro.__name__]:
        values = written_values(book, sheet)
        out[sheet] = [[re.sub(r"\d{1,2}:\d{2}", "hh:mm", v) if isinstance(v, str) else v for v in row] for row in values[1:]]
    return out


def _second_meeting_alone(tmp_path: Path) -> dict:
    """The second meeting's presses in a Python of their own: what they write with nothing before them."""
    import json
    import os
    import subprocess
    import sys

    tests = Path(__file__).resolve().parent
    script = (f"import json, sys, pathlib; sys.path.insert(0, {str(tests)!r}); "
              "from test_press_in_excel import press_second_meeting; "
              f"print(json.dumps(press_second_meeting(pathlib.Path({str(tmp_path)!r}))))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tests.parent), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def press_second_meeting(tmp_path: Path) -> dict:
    from docx import Document

    second = _meeting(tmp_path, "乙会议", 90, 11, grace=0, seats=12)
    out = {m.__name__: _press(second, m) for m in (macros.check_attendance, macros.sign_in_desk)}
    out["circular"] = [p.text for p in Document(tmp_path / "乙会议" / "会议考勤通报.docx").paragraphs]
    return out


def test_two_presses_in_one_python_carry_nothing_from_the_first_to_the_second(tmp_path):
    import json

    alone = _second_meeting_alone(tmp_path)
    first = _meeting(tmp_path, "甲会议", 120, 7, grace=30, seats=40)
    for macro in (macros.check_attendance, macros.sign_in_desk):
        _press(first, macro)
    after = json.loads(json.dumps(press_second_meeting(tmp_path)))

    assert after == alone
    # … and what the second press wrote is the second meeting's, by its own settings:
    results = after["check_attendance"]["考勤结果"]
    rows = [dict(zip(results[0], r)) for r in results[1:]]
    assert len(rows) == 90
    one_minute_late = [r for r in rows if r["迟到分钟"] == 1]  # the demo's 8点31分: late only without grace
    assert one_minute_late and all(r["状态"] == "迟到" for r in one_minute_late)
    r, col = cell_position(c.DESK_RESULT_CELL)
    seat = after["sign_in_desk"][c.SIGN_IN_DESK][r - 1][col]
    assert re.fullmatch(r"第\d+排 第\d+座", seat) and int(re.search(r"第(\d+)座", seat).group(1)) <= 12
    assert any("乙会议" in t for t in after["circular"]) and not any("甲会议" in t for t in after["circular"])


def test_a_font_installed_while_the_server_runs_is_found_at_the_next_press(tmp_path, monkeypatch):
    import os
    import shutil
    import time

    from huiwu_xl.documents import fonts

    source = fonts.find_font(*fonts.SERIF_FALLBACKS)
    if source is None:
        import pytest

        pytest.skip("no Chinese font installed (fonts-noto-cjk)")
    folder = tmp_path / "Fonts"
    folder.mkdir()
    monkeypatch.setattr(fonts, "font_dirs", lambda: [folder])
    assert fonts.find_font(source.family) is None  # first press: not installed yet
    time.sleep(0.01)
    shutil.copy(source.path, folder / Path(source.path).name)
    os.utime(folder)  # some file systems keep a coarse mtime: make the change visible
    assert fonts.find_font(source.family) is not None  # next press, same Python
