"""Excel's side of `huiwu serve`: 签到发座 and 同步签到 call the server named in 会议信息 签到服务.

A request that times out is sent again with the same nonce, so the server answers it once.
"""
from __future__ import annotations

import secrets
import socket
from urllib.parse import parse_qs, urlsplit

from ..contract import MEETING, SIGN_IN
from ..core import desk as core
from ..meeting import Meeting
from ..problems import InputError, Problem
from ..services.signin import SERVICE_KEY, sheet_row
TIMEOUT_SECONDS = 5.0
ATTEMPTS = 3


class ServiceUnreachable(InputError):
    pass


def address(meeting: Meeting) -> tuple[str, str]:
    """(base URL, PIN) from 签到服务: http://192.168.1.10:8765/?pin=123456, or just 192.168.1.10:8765."""
    text = meeting.get(SERVICE_KEY).strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _problem(meeting, f"“{SERVICE_KEY}”应为签到服务启动时显示的地址，如 http://192.168.1.10:8765/?pin=123456")
    pin = parse_qs(parts.query).get("pin", [""])[0]
    return f"{parts.scheme}://{parts.netloc}", pin


def _problem(meeting: Meeting, message: str, cls=InputError) -> InputError:
    return cls(Problem(MEETING.name, message, row=meeting.rows.get(SERVICE_KEY), column="内容"))


def call(meeting: Meeting, method: str, path: str, body: dict | None = None) -> dict:
    import httpx

    base, pin = address(meeting)
    headers = {"X-Desk-PIN": pin} if pin else {}
    last: Exception | None = None
    for _ in range(ATTEMPTS):
        try:
            response = httpx.request(method, base + path, json=body, headers=headers, timeout=TIMEOUT_SECONDS)
        except httpx.HTTPError as exc:
            last = exc
            continue
        if response.status_code == 401:
            raise _problem(meeting, f"签到服务拒绝访问：PIN 不对。请按 huiwu serve 启动时显示的地址（含 ?pin=）更新“{SERVICE_KEY}”")
        try:
            data = response.json()
        except ValueError:
            raise _problem(meeting, f"“{SERVICE_KEY}”的地址 {base} 不是签到服务（返回的不是签到数据）") from None
        if response.status_code >= 400 and "error" in data:
            raise _problem(meeting, f"签到服务：{data['error']}")
        return data
    raise _problem(meeting, f"连接不上签到服务 {base}（{type(last).__name__}）：请确认运行 huiwu serve 的电脑已开机、"
                            f"服务未关闭且在同一网络；暂时无法恢复时，清空“{SERVICE_KEY}”即改为本机签到（座位不再与其他签到台共用）",
                   ServiceUnreachable)


def sign_in_through_server(port, meeting: Meeting, typed: str, typed_unit: str) -> core.DeskAnswer:
    """签到发座 through the server; a new sign-in is also appended to this workbook's 签到 (with its
    记录号, so that 同步签到 does not add it again)."""
    desk = f"Excel·{socket.gethostname()}"[:30]
    data = call(meeting, "POST", "/api/sign-in", {"nonce": secrets.token_hex(12), "desk": desk, "name": typed, "unit": typed_unit})
    if data.get("outcome") == core.AMBIGUOUS:
        namesakes = [core.Person("", c["name"], c["unit"]) for c in data.get("candidates", [])]
        from ..contract import DESK_UNIT_CELL

        return core.ambiguous(typed, namesakes, f"在 {DESK_UNIT_CELL} 填写单位后再点“签到发座”")
    record = data.get("record")
    if data.get("outcome") in (core.SIGNED_IN, core.STRANGER) and record:
        port.append_rows(SIGN_IN.name, [sheet_row(record_of(record), record["id"])])
    return core.DeskAnswer(data.get("outcome", ""), data.get("seat", ""), data.get("message", ""))


def record_of(data: dict) -> core.Record:
    from datetime import datetime

    def when(text):
        return datetime.fromisoformat(text) if text else None

    return core.Record(data["name"], data.get("unit", ""), when(data.get("signed_in")), data.get("seat", ""),
                       data.get("proxy_for", ""), data.get("note", ""), data.get("desk", ""), data.get("id", ""),
                       when(data.get("signed_out")))
