"""The meeting notice (会议通知, domain.md §3): checks and the notice's items as plain data.

Pure Python: the service reads the workbook, this module checks the document number and the
timing and turns the 会议信息 settings into numbered items; documents/notice.py renders them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

DOC_NUMBER = re.compile(r"^.+〔\d{4}〕[1-9]\d*号$")
MIN_DAYS_AHEAD = 3
_PADDED = re.compile(r"(?<!\d)0(\d)(?=[月日号时])")
_ITEM_PREFIX = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、]|[·•\-－—])\s*")
_END_PUNCT = "。；;，,、.．：:"

DEFAULT_REQUIREMENTS = (
    "请参会人员提前15分钟到达会场签到，按座次就座。",
    "参会人员原则上不得请假。确因特殊情况不能参会的，须履行书面请假手续，经会议召集领导批准后，"
    "方可安排其他负责同志代会，不得擅自委托他人参会。",
    "会议期间请将手机调至静音或关闭状态，自觉遵守会场纪律。",
)


def check_doc_number(text: str) -> str | None:
    """None when `text` is a valid 发文字号 (×政办发〔2026〕12号), else why not, in Chinese."""
    text = text.strip()
    if not text or DOC_NUMBER.match(text):
        return None
    example = "如“×政办发〔2026〕12号”"
    year = re.search(r"([\[【(（〈<{［｛〖])\s*(\d{2,4})\s*([\]】)）〉>}］｝〗])", text)
    if year and "〔" not in text:
        return f"年份应使用六角括号“〔〕”，不能用“{year.group(1)}{year.group(3)}”，{example}"
    m = re.search(r"〔(\d*)〕", text)
    if not m:
        return f"应包含用六角括号“〔〕”括起的四位年份，{example}"
    if len(m.group(1)) != 4:
        return f"年份应写全四位数字，{example}"
    tail = text[m.end():]
    if tail.startswith("第"):
        return f"序号前不加“第”字，{example}"
    if not tail.endswith("号"):
        return f"应以“号”结尾，{example}"
    number = tail[:-1]
    if number.startswith("0"):
        return f"序号不编虚位（不加前导零），应写作“{number.lstrip('0') or '1'}号”，{example}"
    if not number.isdigit():
        return f"序号应为阿拉伯数字，{example}"
    if not text[: m.start()].strip():
        return f"年份前应有机关代字，{example}"
    return f"格式不正确，{example}"


def unpad_dates(text: str) -> str:
    """2026年03月05日 → 2026年3月5日: 公文 dates carry no leading zeros."""
    return _PADDED.sub(r"\1", text)


def timing_warning(issued: date, meeting_day: date) -> str | None:
    """A warning (not an error) when the notice is dated less than 3 days before the meeting."""
    days = (meeting_day - issued).days
    if days >= MIN_DAYS_AHEAD:
        return None
    when = f"{issued.year}年{issued.month}月{issued.day}日"
    meet = f"{meeting_day.year}年{meeting_day.month}月{meeting_day.day}日"
    if days < 0:
        return f"提醒：通知成文日期（{when}）晚于会议日期（{meet}），请核对“成文日期”。"
    return f"提醒：通知成文日期（{when}）距会议召开（{meet}）不足{MIN_DAYS_AHEAD}天，按要求会议通知应至少提前{MIN_DAYS_AHEAD}天印发。"


def split_items(text: str) -> list[str]:
    """One item per line of a cell (Alt+Enter), typed numbering removed (the notice numbers them)."""
    items = []
    for line in re.split(r"[\r\n]+", text or ""):
        line = _ITEM_PREFIX.sub("", line).strip()
        if line:
            items.append(line)
    return items


def sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。！？" else text.rstrip(_END_PUNCT) + "。"


def numbered(items: list[str]) -> list[str]:
    return [f"{i}.{sentence(t)}" for i, t in enumerate(items, 1)]


@dataclass
class NoticeInput:
    """What the notice needs, already read from the workbook (texts as typed, dates parsed)."""

    fields: dict[str, str]  # fields.meeting_fields(): name, when_text, place, host, doc_number …
    issued: date
    meeting_day: date
    end_clock: str = ""  # 11:30, when the meeting ends on its first day
    reason: str = ""  # 会议缘由
    scope: str = ""  # 参会范围, one item per line
    agenda: str = ""  # 会议议程, one item per line
    speaking: str = ""  # 发言要求
    requirements: str = ""  # 有关要求, one item per line (replaces the defaults)
    categories: list[tuple[str, list[str], int]] = field(default_factory=list)  # (类别, units, people) from the roster
    reply_rows: int = 8
    cc: str = ""  # 抄送, as typed
    imprint_office: str = ""  # 印发机关; blank: the 主办单位's office
    imprint_date: date | None = None  # 印发日期; None: the 成文日期


@dataclass
class NoticeCheck:
    errors: list[tuple[str, str]]  # (会议信息 key, message)
    warnings: list[str]


def check_notice(data: NoticeInput) -> NoticeCheck:
    errors = []
    why = check_doc_number(data.fields.get("doc_number", ""))
    if why:
        errors.append(("发文字号", f"发文字号“{data.fields['doc_number']}”{why}"))
    warnings = []
    late = timing_warning(data.issued, data.meeting_day)
    if late:
        warnings.append(late)
    return NoticeCheck(errors, warnings)


def scope_items(data: NoticeInput) -> list[str]:
    typed = split_items(data.scope)
    if typed:
        return typed
    items = []
    for category, units, people in data.categories:
        shown = "、".join(units[:8]) + (f"等{len(units)}个单位" if len(units) > 8 else "")
        items.append(f"{category}：{shown}（共{people}人）")
    return items or ["参会名单所列人员"]


def requirement_items(data: NoticeInput) -> list[str]:
    items = split_items(data.requirements) or list(DEFAULT_REQUIREMENTS)
    items += split_items(data.speaking)
    f = data.fields
    if f.get("reply_deadline"):
        to = f.get("host") or "会务组"
        contact = "，".join(x for x in (f.get("contact") and f"联系人：{f['contact']}", f.get("phone") and f"电话：{f['phone']}") if x)
        items.append(f"请于{unpad_dates(f['reply_deadline'])}前将参会回执（见附件）报送{to}" + (f"（{contact}）" if contact else ""))
    return items


OFFICE_SUFFIXES = ("办公室", "办公厅", "办")


def imprint_office(host: str, typed: str = "") -> str:
    """印发机关: as typed, else the issuing office — the 主办单位 itself when it is an office
    (××旗人民政府办公室), else its office (××旗人民政府 → ××旗人民政府办公室)."""
    if typed.strip():
        return typed.strip()
    host = host.strip()
    if not host or host.endswith(OFFICE_SUFFIXES):
        return host
    return host + "办公室"


def cc_line(text: str) -> str:
    """抄送 as GB/T 9704 §7.4.2 writes it: organs separated by "，", a full stop at the end."""
    parts = [p.strip() for p in re.split(r"[，,、；;\r\n]+", text or "") if p.strip()]
    return "，".join(p.rstrip("。.") for p in parts) + "。" if parts else ""


def notice_context(data: NoticeInput) -> dict:
    """The template's context: texts with numbering, 主送 ending in "：", dates unpadded."""
    f = {k: unpad_dates(v) if isinstance(v, str) else v for k, v in data.fields.items()}
    recipients = (f.get("recipients") or "").strip().rstrip(":：")
    time_line = f.get("when_text", "")
    if data.end_clock:
        time_line += f"至{data.end_clock}"
    if f.get("checkin"):
        checkin = f["checkin"].rstrip("。")
        time_line += f"（{checkin}）" if "报到" in checkin else f"（报到时间：{checkin}）"
    agenda = numbered(split_items(data.agenda))
    numbers = iter(["三", "四", "五", "六"])
    num = {"scope": next(numbers)}
    if agenda:
        num["agenda"] = next(numbers)
    num["requirements"] = next(numbers)
    contact = "，".join(x for x in (f.get("contact") and f"联系人：{f['contact']}", f.get("phone") and f"联系电话：{f['phone']}") if x)
    opening = _opening(data.reason)
    return {
        "meeting": f,
        "doc_number": f.get("doc_number", "").strip(),
        "recipients_line": recipients + "：" if recipients else "",
        "opening": f"{opening}经研究，决定召开{f.get('name', '')}。现将有关事项通知如下：",
        "time_line": sentence(time_line),
        "place_line": sentence(f.get("place", "")),
        "attendees": numbered(scope_items(data)),
        "agenda": agenda,
        "requirements": numbered(requirement_items(data)),
        "num": num,
        "attachment": f"{f.get('name', '')}参会回执",
        "contact_line": f"（{contact}）" if contact else "",
        "issued_text": f.get("issued_text", ""),
        "reply_rows": [{"n": i} for i in range(1, data.reply_rows + 1)],
        "reply_deadline": unpad_dates(f.get("reply_deadline", "")),
        "cc_line": cc_line(data.cc),
        "imprint_office": imprint_office(f.get("host", ""), data.imprint_office),
        "imprint_date": _day_text(data.imprint_date or data.issued) + "印发",
    }


CLAUSE_OPENERS = ("为", "根据", "按照", "依据")  # 为贯彻落实……精神，经研究，决定召开……


def _opening(reason: str) -> str:
    """会议缘由 before 经研究: a purpose clause (为……) runs on with "，", a statement ends with "。"."""
    reason = reason.strip()
    if not reason:
        return ""
    clause = reason.rstrip(_END_PUNCT)
    if reason.startswith(CLAUSE_OPENERS) and not any(mark in clause for mark in "。！？"):
        return clause + "，"
    return sentence(reason)


def _day_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def category_groups(roster, categories, columns=("单位", "姓名", "职务", "手机"), unit_order=None) -> list[dict]:
    """Roster rows by 类别 (configured order), within a category unit by unit, then 排序, for the
    sign-in sheet and the phone book: [{"category", "count", "rows": [{"序号", <columns>…}]}];
    序号 runs on across categories. Units come in `unit_order` (the 单位 sheet's order) where it
    names them, else in the order their first (highest-ranked) person appears."""
    from .callround import sort_roster

    ordered = sort_roster(roster, categories)
    rank = {unit: i for i, unit in enumerate(dict.fromkeys(unit_order or []))}
    for unit in ordered["单位"]:
        rank.setdefault(unit, len(rank))
    groups: list[dict] = []
    for category, people in ordered.groupby("类别", sort=False):
        people = people.assign(_unit_rank=people["单位"].map(rank)).sort_values("_unit_rank", kind="stable")
        rows = [{c: str(person.get(c, "") or "") for c in columns} for person in people.to_dict("records")]
        groups.append({"category": category, "count": len(rows), "rows": rows})
    number = 0
    for group in groups:
        group["rows"] = [{"序号": number + i, **row} for i, row in enumerate(group["rows"], 1)]
        number += len(group["rows"])
    return groups
