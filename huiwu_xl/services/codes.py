"""The meeting's 签到密钥: made once, kept in 会议信息, behind every 参会码 (core.codes)."""
from __future__ import annotations

from ..contract import MEETING
from ..core import codes
from ..meeting import Meeting
from ..problems import InputError, Problem
from .identity import keep_setting

SECRET_KEY = "签到密钥"


def meeting_secret(port, meeting: Meeting, create: bool = True) -> str | None:
    """The secret from 会议信息; made and written there (through the port) the first time a
    code is needed. None when there is none and `create` is false."""
    secret = meeting.get(SECRET_KEY).strip().lower()
    if secret:
        if not codes.SECRET_PATTERN.fullmatch(secret):
            raise InputError(Problem(MEETING.name, f"“{SECRET_KEY}”已被改动（应为程序生成的 32 位十六进制数）：请恢复原值；"
                                                   "若尚未印发参会证，可清空后重新生成", row=meeting.rows.get(SECRET_KEY), column="内容"))
        return secret
    if not create:
        return None
    secret = codes.new_secret()
    keep_setting(port, meeting, SECRET_KEY, secret)
    return secret
