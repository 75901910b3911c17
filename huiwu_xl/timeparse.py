"""Dates and times as users type them: Excel datetimes, time-only cells and text."""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

EXCEL_EPOCH = datetime(1899, 12, 30)
_TIME_ONLY_DAYS = (EXCEL_EPOCH.date(), date(1899, 12, 31))  # what a time-only cell's date reads as

_TEXT = re.compile(
    r"""^\s*
    (?:(?P<y>\d{4})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?)?   # optional date
    \s*[T\s]?\s*
    (?P<ampm>上午|下午|晚上|中午)?\s*
    (?:(?P<h>\d{1,2})\s*(?::|点|时)\s*(?:(?P<mi>\d{1,2}|半)\s*(?:分)?)?
       (?:\s*:?\s*(?P<s>\d{1,2})(?:\.\d+)?\s*秒?)?)?
    \s*(?:Z|[+-]\d{2}:?\d{2})?\s*$""",
    re.VERBOSE,
)


class TimeFormatError(ValueError):
    pass


# Meetings happen within these years; anything outside is a typo (132321 for 13:23:21), and pandas'
# datetimes end in 2262 anyway.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def _in_range(moment: datetime, raw: object) -> datetime:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise TimeFormatError(f"日期“{raw}”超出范围（应在 {FIRST_YEAR} 年至 {LAST_YEAR} 年之间）")
    return moment


def parse_datetime(value: object, day: date | None = None) -> datetime | None:
    """One cell → datetime (None for an empty cell). A time without a date falls on `day`.

    Raises TimeFormatError for anything it cannot read, or a date outside FIRST_YEAR..LAST_YEAR.
    """
    moment = _parse(value, day)
    if moment is None or (day is None and isinstance(value, datetime) and value.date() in _TIME_ONLY_DAYS):
        return moment  # a time-only cell with no day to move it to stays as Excel gave it
    return _in_range(moment, value.strftime("%Y-%m-%d") if isinstance(value, (date, datetime)) else value)


def _parse(value: object, day: date | None) -> datetime | None:
    if value is None or value == "" or value != value:  # NaN, and pandas NaT (a datetime)
        return None
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)
        if value.date() in _TIME_ONLY_DAYS and day:  # a time-only cell via COM
            return datetime.combine(day, value.time())
        return value
    if isinstance(value, time):
        return _on_day(value, day)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(float(value), day)
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime()
    return _from_text(str(value), day)


def _on_day(t: time, day: date | None) -> datetime:
    if day is None:
        raise TimeFormatError("只有时间没有日期")
    return datetime.combine(day, t)


def _from_serial(serial: float, day: date | None) -> datetime:
    """An Excel serial number, rounded to the second (8:30 is stored as 0.35416666…)."""
    if not 0 <= serial < 2958466:  # 9999-12-31 is Excel's last day; beyond it (or ±inf) no date exists
        raise TimeFormatError(f"数值 {serial:g} 不是有效的日期时间")
    stamp = EXCEL_EPOCH + timedelta(seconds=round(serial * 86400))
    if serial < 1:
        return _on_day(stamp.time(), day)
    return stamp


def _from_text(raw: str, day: date | None) -> datetime:
    text = unicodedata.normalize("NFKC", raw).strip()
    m = _TEXT.match(text)
    if not m or (m["y"] is None and m["h"] is None):
        raise TimeFormatError(f"无法识别的时间“{raw}”，请写成 8:30 或 2026-12-03 08:30")
    try:
        if m["y"]:
            the_day = date(int(m["y"]), int(m["mo"]), int(m["d"]))
        elif day is not None:
            the_day = day
        else:
            raise TimeFormatError(f"时间“{raw}”缺少日期")
        hour = int(m["h"] or 0)
        minute = 30 if m["mi"] == "半" else int(m["mi"] or 0)
        second = int(m["s"] or 0)
        if m["ampm"] in ("下午", "晚上") and hour < 12:
            hour += 12
        elif m["ampm"] == "中午" and hour < 6:  # 中午1点 is one in the afternoon
            hour += 12
        return datetime.combine(the_day, time(hour, minute, second))
    except ValueError as exc:
        if isinstance(exc, TimeFormatError):
            raise
        raise TimeFormatError(f"时间“{raw}”超出范围") from None


def parse_column(values: list, day: date | None) -> tuple[list[datetime | None], list[tuple[int, str]]]:
    """Parse a column; returns the datetimes and (position, message) for each bad cell."""
    kinds = set(map(type, values))
    if kinds <= {datetime, type(None), str}:
        # The usual case: real date-times (or blanks) straight from the reader.
        plain = [None if v == "" else v for v in values] if str in kinds else values
        if all(v is None or (type(v) is datetime and FIRST_YEAR < v.year <= LAST_YEAR and v.tzinfo is None) for v in plain):
            return plain, []
    out: list[datetime | None] = []
    bad: list[tuple[int, str]] = []
    cache: dict[str, datetime] = {}
    for i, v in enumerate(values):
        if isinstance(v, datetime) and FIRST_YEAR < v.year <= LAST_YEAR:
            out.append(v.replace(tzinfo=None) if v.tzinfo else v)
            continue
        try:
            if isinstance(v, str):
                hit = cache.get(v)
                if hit is None:
                    hit = cache[v] = parse_datetime(v, day)
                out.append(hit)
            else:
                out.append(parse_datetime(v, day))
        except TimeFormatError as exc:
            out.append(None)
            bad.append((i, str(exc)))
    return out, bad


def format_day(d: date | datetime) -> str:
    """2026年12月3日, never zero-padded (GB/T 9704)."""
    return f"{d.year}年{d.month}月{d.day}日"


def format_clock(d: datetime | None) -> str:
    return "" if d is None else f"{d.hour}:{d.minute:02d}"
