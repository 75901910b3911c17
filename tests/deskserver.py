"""`huiwu serve` in a subprocess, as an office would start it, for tests and benchmarks."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
START = datetime(2026, 12, 3, 8, 30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NAMESAKES = [{"姓名": "张伟", "单位": "旗委宣传部", "职务": "科员", "类别": "党群单位", "座区": "台下"},
             {"姓名": "张伟", "单位": "旗委统战部", "职务": "副部长", "类别": "党群单位", "座区": "台下"},
             {"姓名": "单雄信", "单位": "旗财政局", "职务": "局长", "类别": "行政单位", "座区": "台下"}]


def hall_workbook(path: Path, people: int = 1500, rows: int = 40, seats: int = 40, reserved: int = 0, seed: int = 7,
                  extra_meeting: dict | None = None, extra_people: list[dict] = ()) -> tuple[Path, list[dict]]:
    """A workbook for a big meeting: the demo's people, a numbered hall, an empty 签到."""
    import xlsxwriter

    from huiwu_xl.contract import ROSTER, SIGN_IN
    from huiwu_xl.demo import make_people

    roster = make_people(people, seed) + [dict(p) for p in extra_people]
    meeting = {"会议名称": "全旗三级干部大会", "开始时间": START, "结束时间": datetime(2026, 12, 3, 11, 30), "地点": "旗会议中心大礼堂",
               "会场排数": rows, "每排座位数": seats, "预留排数": reserved, "输出目录": str(path.parent / "输出"), **(extra_meeting or {})}
    book = xlsxwriter.Workbook(str(path), {"default_date_format": "yyyy-mm-dd hh:mm"})
    ws = book.add_worksheet("会议信息")
    ws.write_row(0, 0, ["项目", "内容"])
    for r, (k, v) in enumerate(meeting.items(), start=1):
        ws.write(r, 0, k)
        ws.write_datetime(r, 1, v) if isinstance(v, datetime) else ws.write(r, 1, v)
    ws = book.add_worksheet("参会名单")
    ws.write_row(0, 0, ROSTER.headers)
    for r, p in enumerate(roster, start=1):
        ws.write_row(r, 0, [p.get(h, "") if p.get(h) is not None else "" for h in ROSTER.headers])
    ws = book.add_worksheet("签到")
    ws.write_row(0, 0, SIGN_IN.headers)
    book.close()
    return path, roster


class Server:
    """One `huiwu serve` process; kill() is kill -9, start() again resumes from the same database."""

    def __init__(self, workbook: Path, *args: str, port: int | None = None, pin: str | None = None):
        self.workbook = workbook
        self.args = list(args)
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.pin = pin
        self.output = ""

    def start(self, timeout: float = 30) -> float:
        """Starts the server; returns the seconds until it answered."""
        env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        began = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "huiwu_xl.cli", "serve", str(self.workbook), "--port", str(self.port), *self.args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=str(self.workbook.parent), text=True,
            encoding="utf-8")
        headers = {"X-Desk-PIN": self.pin} if self.pin else {}
        while time.perf_counter() - began < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"huiwu serve stopped: {self.process.stdout.read()}")
            try:
                response = httpx.get(self.base + "/api/health", headers=headers, timeout=0.5)
                if response.status_code in (200, 401):
                    return time.perf_counter() - began
            except httpx.HTTPError:
                pass
            time.sleep(0.02)
        raise TimeoutError("huiwu serve did not answer")

    def kill(self) -> None:
        """kill -9: no shutdown handler, no flush — what a power cut leaves is what SQLite committed."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> str:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process and self.process.stdout:
            self.output += self.process.stdout.read()
        return self.output

    def __enter__(self) -> "Server":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def nonce() -> str:
    return secrets.token_hex(12)
