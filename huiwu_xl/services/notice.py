"""生成会议通知, 生成签到表, 生成电话簿: documents from 会议信息, the roster and the staff list."""
from __future__ import annotations

import pandas as pd

from ..contract import MEETING, STAFF, UNITS
from ..core.notice import NoticeInput, category_groups, check_notice
from ..fields import clock_text, issued_on, meeting_fields
from ..meeting import Meeting
from ..problems import Problem, raise_if
from . import inputs

NOTICE_FILE = "会议通知.docx"
SIGN_IN_FILE = "签到表.docx"
PHONE_BOOK_FILE = "会议电话簿.docx"


def _load(port, with_staff: bool = False):
    problems: list = []
    meeting = inputs.meeting(port, problems)
    roster = inputs.roster(port, problems)
    staff = inputs.table(port, STAFF, problems) if with_staff else None
    meeting = inputs.require(meeting, problems)
    return meeting, roster, staff, inputs.categories(port)


def _unit_order(port) -> list[str]:
    """The 单位 sheet's units by 排序 (then row): the order lists and the phone book follow."""
    units = inputs.table(port, UNITS, [])
    if units.empty:
        return []
    rank = pd.to_numeric(units["排序"], errors="coerce") if "排序" in units else pd.Series(float("nan"), index=units.index)
    keys = pd.DataFrame({"blank": rank.isna(), "r": rank.fillna(0), "i": range(len(units))}, index=units.index)
    return units.loc[keys.sort_values(["blank", "r", "i"]).index, "单位"].tolist()


def _out(port, meeting: Meeting):
    return inputs.output_folder(port, meeting)


def _end_clock(meeting: Meeting) -> str:
    start, end = meeting.start, meeting.end
    if start.date() != end.date():
        return ""
    end_text = clock_text(end)
    return end_text[2:] if end_text[:2] == clock_text(start)[:2] else end_text  # 上午8:30至11:30


def notice_input(meeting: Meeting, roster, categories) -> NoticeInput:
    groups = category_groups(roster, categories) if len(roster) else []
    per_category = [(g["category"], list(dict.fromkeys(r["单位"] for r in g["rows"])), g["count"]) for g in groups]
    return NoticeInput(
        fields=meeting_fields(meeting),
        issued=issued_on(meeting),
        meeting_day=meeting.day,
        end_clock=_end_clock(meeting),
        reason=meeting.get("会议缘由"),
        scope=meeting.get("参会范围"),
        agenda=meeting.get("会议议程"),
        speaking=meeting.get("发言要求"),
        requirements=meeting.get("有关要求"),
        categories=per_category,
        cc=meeting.get("抄送"),
        imprint_office=meeting.get("印发机关"),
        imprint_date=issued_on(meeting, key="印发日期") if meeting.get("印发日期") else None,
    )


def write_notice(port) -> str:
    meeting, roster, _, categories = _load(port)
    data = notice_input(meeting, roster, categories)
    check = check_notice(data)
    errors = list(check.errors)
    if not meeting.get("主办单位"):  # the title, the 落款 and where replies go all name it
        errors.append(("主办单位", "会议通知需要“主办单位”（标题、落款和回执报送处都要用到），如 ××旗人民政府办公室"))
    problems = [Problem(MEETING.name, message, row=meeting.rows.get(key), column="内容" if key in meeting.rows else "项目")
                for key, message in errors]
    from .mongolian import meeting_problems

    raise_if(problems + meeting_problems(meeting, ("发文机关标志（蒙古文）",)))
    from ..documents.notice import render_notice

    out = _out(port, meeting)
    mongolian = meeting.get("发文机关标志（蒙古文）")
    path = render_notice(data, out, NOTICE_FILE, inputs.templates_dir(port, meeting), mongolian_issuer=mongolian)
    from .codes import meeting_secret

    secret = meeting_secret(port, meeting, create=False)  # made by 生成参会证; the notice only reads
    lists = write_unit_lists(meeting, roster, out, secret)
    lines = [f"会议通知已生成（含参会回执）：{path}",
             f"各单位参会名单 {len(lists)} 份（{UNIT_LIST_PATTERN}），可在“邮件设置”的“附件”中随通知发给各单位"
             + ("，每人附参会码和二维码。" if secret else "（先点“生成参会证”再生成通知，名单中即附每人的参会二维码）。"),
             *check.warnings]
    if mongolian and not data.fields.get("doc_number"):
        lines.append("未填写“发文字号”，通知没有版头，“发文机关标志（蒙古文）”未用上。")
    if path.name != NOTICE_FILE:
        lines.append(f"“{NOTICE_FILE}”正被打开，已另存为“{path.name}”。")
    return "\n".join(lines)


UNIT_LIST_PATTERN = "{单位}参会名单.xlsx"  # the name 发送邮件 fills in per unit
UNIT_LIST_COLUMNS = ["序号", "姓名", "职务", "手机", "性别", "民族", "蒙文姓名", "备注"]  # 汇总回执 reads them back


def write_unit_lists(meeting: Meeting, roster, out, secret: str | None = None) -> list:
    """Each unit's own attendees, for the unit to check and reply: one small workbook per unit,
    with each person's 参会码 and its QR code when the meeting has a 签到密钥."""
    import pandas as pd

    from ..clean import path_name
    from ..port.layout import Sheet
    from ..port.xlsx import write_xlsx

    written = []
    # Columns as lists, rows grouped by unit in first-seen order: a frame per unit cut from the
    # roster (and a copy of its attrs per column taken) costs more than writing the file.
    columns = {c: roster[c].tolist() for c in UNIT_LIST_COLUMNS[1:-1]}
    rows_of: dict[str, list[int]] = {}
    for i, unit in enumerate(roster["单位"].tolist()):
        rows_of.setdefault(unit, []).append(i)
    for unit, rows in rows_of.items():
        frame = pd.DataFrame({"序号": range(1, len(rows) + 1),
                              **{c: [values[i] for i in rows] for c, values in columns.items()}, "备注": ""},
                             columns=UNIT_LIST_COLUMNS)
        images = {}
        if secret:
            found = _codes(secret, roster.iloc[rows])
            frame["参会码"] = [grouped(code) for code in found]
            frame["二维码"] = ""
            images = {(i, len(frame.columns) - 1): _qr_png(code) for i, code in enumerate(found)}
        sheet = Sheet.table("参会名单", frame, {"姓名": 12, "职务": 24, "手机": 16, "蒙文姓名": 16, "备注": 30, "参会码": 20,
                                                "二维码": 12},
                            note=f"{meeting.name}：{unit}参会人员，请核对后随参会回执报送（换人请直接改姓名，不能参会请在备注写明请假及事由）", tab_color=None)
        sheet.blocks[0].images = images
        name = path_name(UNIT_LIST_PATTERN.replace("{单位}", unit), folder=out)
        # no time stamp: a list regenerated unchanged must be the same file (the mail record compares contents)
        written.append(write_xlsx([sheet], out / name))
    return written


def _codes(secret: str, people) -> list[str]:
    from ..core.codes import code_for
    from ..core.desk import person_key

    return [code_for(secret, person_key(k, u)) for k, u in zip(people["_key"], people["_unit"])]


def grouped(code: str) -> str:
    from ..core.codes import grouped as group

    return group(code)


def _qr_png(code: str) -> bytes:
    from ..documents.qr import person_qr

    return person_qr(code).png(scale=3, border=2)


def write_sign_in_sheet(port) -> str:
    meeting, roster, _, categories = _load(port)
    from ..documents.notice import render_sign_in_sheet

    groups = category_groups(roster, categories, unit_order=_unit_order(port))
    path = render_sign_in_sheet(meeting_fields(meeting), groups, _out(port, meeting), SIGN_IN_FILE, inputs.templates_dir(port, meeting))
    return f"签到表已生成：{len(roster)} 人，{len(groups)} 个类别。\n{path}"


def write_phone_book(port) -> str:
    meeting, roster, staff, categories = _load(port, with_staff=True)
    from ..documents.notice import render_phone_book

    team = [{"姓名": r["姓名"], "职责": r["职责"], "电话": r["电话"]} for r in staff.to_dict("records")]
    contact, phone = meeting.get("联系人"), meeting.get("联系电话")
    if contact and contact not in {t["姓名"] for t in team}:
        team.insert(0, {"姓名": contact, "职责": "会务联系人", "电话": phone})
    groups = category_groups(roster, categories, ("单位", "姓名", "职务", "手机"), _unit_order(port))
    path = render_phone_book(meeting_fields(meeting), team, groups, _out(port, meeting), PHONE_BOOK_FILE,
                             inputs.templates_dir(port, meeting))
    return f"会议电话簿已生成：会务组 {len(team)} 人，参会人员 {len(roster)} 人。\n{path}"
