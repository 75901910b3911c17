"""生成参会证: a card per roster person with the 参会码 as a QR code, for scanning at the desks."""
from __future__ import annotations

from ..contract import MEETING, ROSTER
from ..core import codes
from ..core.desk import person_key
from ..problems import InputError, Problem
from . import inputs
from .codes import SECRET_KEY, meeting_secret


def make_badges(port) -> str:
    from ..documents.badges import Badge, FontMissing, render_badges

    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    roster = inputs.roster(port, problems, columns=["姓名", "单位", "职务", "类别"])
    meeting = inputs.require(meeting, problems)
    if roster.empty:
        raise InputError(Problem(ROSTER.name, "名单中没有人员，无法生成参会证", column="姓名"))
    had_secret = bool(meeting.get(SECRET_KEY))
    secret = meeting_secret(port, meeting)
    badges = [Badge(r["姓名"], r["单位"], r["类别"], r["职务"], codes.code_for(secret, person_key(r["_key"], r["_unit"])))
              for r in roster.to_dict("records")]
    out = inputs.output_folder(port, meeting)
    port.status(f"huiwu：正在生成 {len(badges)} 张参会证……")
    try:
        path = render_badges(badges, out, meeting.name)
    except FontMissing as exc:
        raise InputError(Problem(MEETING.name, str(exc), column="项目")) from None
    pages = -(-len(badges) // 8)
    lines = [f"已生成 {len(badges)} 张参会证（{pages} 页 A4，每页 8 张，沿虚线裁开），按名单顺序排列：\n{path}",
             "签到时扫描证上的二维码（或手输二维码下的参会码）即可签到。"]
    if not had_secret:
        lines.append(f"已在“{MEETING.name}”写入“{SECRET_KEY}”（参会码由它生成）：请保存工作簿，不要修改或删除这一项。")
    return "\n".join(lines)
