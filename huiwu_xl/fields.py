"""Named fields every document template draws on (like pretix's PDF variables).

Templates in templates/ use `{{ meeting.name }}`, `{{ meeting.date_text }}` … from here, so a
field is computed once, the same way, for the notice, the circular, the plates and the e-mails.
"""
from __future__ import annotations

from datetime import date, datetime

from .meeting import Meeting
from .timeparse import format_day

WEEKDAYS = "一二三四五六日"


def clock_text(t: datetime) -> str:
    """上午8:30 / 下午2:30, as notices write times."""
    half = "上午" if t.hour < 12 else "下午"
    hour = t.hour if t.hour <= 12 else t.hour - 12
    return f"{half}{hour}:{t.minute:02d}"


def issued_on(meeting: Meeting, today: date | None = None, key: str = "成文日期") -> date:
    """The date a document is signed: the notice's 成文日期, the circular's 通报日期; else today."""
    from .timeparse import TimeFormatError, parse_datetime

    text = meeting.get(key)
    if text:
        try:
            return parse_datetime(text).date()
        except (TimeFormatError, AttributeError):
            pass
    return today or date.today()


def meeting_fields(meeting: Meeting, today: date | None = None) -> dict[str, str]:
    start, end = meeting.start, meeting.end
    same_day = start.date() == end.date()
    return {
        "name": meeting.name,
        "date_text": format_day(start),
        "weekday": f"星期{WEEKDAYS[start.weekday()]}",
        "time_text": clock_text(start),
        "end_text": clock_text(end) if same_day else f"{format_day(end)}{clock_text(end)}",
        "when_text": f"{format_day(start)}（星期{WEEKDAYS[start.weekday()]}）{clock_text(start)}",
        "place": meeting.place,
        "host": meeting.get("主办单位"),
        "doc_number": meeting.get("发文字号"),
        "recipients": meeting.get("主送"),
        "contact": meeting.get("联系人"),
        "phone": meeting.get("联系电话"),
        "checkin": meeting.get("报到时间"),
        "reply_deadline": meeting.get("回执截止"),
        "basis": meeting.get("通报依据"),
        "issued_text": format_day(issued_on(meeting, today)),
        "circular_date_text": format_day(issued_on(meeting, today, "通报日期")),
    }
