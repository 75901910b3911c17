"""Every rule of time parsing and name keys, one row each (issue 12, point 10: planted bugs in
these rules survived the suite; each row below kills one)."""
from __future__ import annotations

import math
from datetime import date, datetime, time, timezone, timedelta

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from huiwu_xl.text import DOT_LOOKALIKES, cell_text, name_key, name_keys, printed_name
from huiwu_xl.timeparse import EXCEL_EPOCH, TimeFormatError, format_clock, format_day, parse_column, parse_datetime

DAY = date(2026, 12, 3)


def on(h, m=0, s=0, day=DAY):
    return datetime.combine(day, time(h, m, s))


# --- times -------------------------------------------------------------------------------------

TEXT_TIMES = [
    # (typed, expected on the meeting day)
    ("8:30", on(8, 30)),
    ("08:30", on(8, 30)),
    ("8：30", on(8, 30)),  # full-width colon (NFKC)
    ("８:３０", on(8, 30)),  # full-width digits
    ("8点30分", on(8, 30)),
    ("8点30", on(8, 30)),
    ("8点", on(8, 0)),
    ("8时5分", on(8, 5)),
    ("8点半", on(8, 30)),  # 半 is half past, not :00
    ("下午3点", on(15, 0)),  # 下午 adds 12 hours
    ("下午3:15", on(15, 15)),
    ("晚上7点半", on(19, 30)),  # 晚上 adds 12 hours
    ("下午12点", on(12, 0)),  # already afternoon: not 24
    ("晚上12:00", on(12, 0)),
    ("上午8点", on(8, 0)),  # 上午 changes nothing
    ("上午11:59", on(11, 59)),
    ("中午12点", on(12, 0)),
    ("中午1点", on(13, 0)),  # one o'clock at noon is 13:00
    ("中午12点半", on(12, 30)),
    ("8:30:15", on(8, 30, 15)),
    ("8:30:15.5", on(8, 30, 15)),
    ("8点30分15秒", on(8, 30, 15)),
    ("20:05", on(20, 5)),
    ("  8:30  ", on(8, 30)),
    ("2026-12-04 08:31", on(8, 31, day=date(2026, 12, 4))),  # a date typed wins over the meeting day
    ("2026/12/4 8:31", on(8, 31, day=date(2026, 12, 4))),
    ("2026.12.4 8:31", on(8, 31, day=date(2026, 12, 4))),
    ("2026年12月4日 8:31", on(8, 31, day=date(2026, 12, 4))),
    ("2026年12月4日下午3点", on(15, 0, day=date(2026, 12, 4))),
    ("2026-12-04T08:31:00", on(8, 31, day=date(2026, 12, 4))),
    ("2026-12-04T08:31:00Z", on(8, 31, day=date(2026, 12, 4))),
    ("2026-12-04 08:31+08:00", on(8, 31, day=date(2026, 12, 4))),
    ("2026-12-04", on(0, 0, day=date(2026, 12, 4))),
]


@pytest.mark.parametrize("typed, expected", TEXT_TIMES, ids=[t for t, _ in TEXT_TIMES])
def test_text_times(typed, expected):
    assert parse_datetime(typed, DAY) == expected


@pytest.mark.parametrize("typed, words", [
    ("abc", "无法识别"), ("8.30", "无法识别"), ("明天", "无法识别"), ("2026年", "无法识别"),
    ("25:00", "超出范围"), ("8:61", "超出范围"), ("2026-13-01 8:00", "超出范围"), ("2026-02-30", "超出范围"),
    ("下午", "无法识别"), ("", None),
])
def test_text_that_is_no_time(typed, words):
    if words is None:
        assert parse_datetime(typed, DAY) is None
        return
    with pytest.raises(TimeFormatError, match=words):
        parse_datetime(typed, DAY)


def test_a_time_without_a_date_needs_the_meeting_day():
    with pytest.raises(TimeFormatError, match="缺少日期"):
        parse_datetime("8:30")
    with pytest.raises(TimeFormatError, match="只有时间没有日期"):
        parse_datetime(time(8, 30))
    with pytest.raises(TimeFormatError, match="只有时间没有日期"):
        parse_datetime(0.5)


CELLS = [
    # (cell value as a reader hands it over, expected)
    (None, None),
    (float("nan"), None),
    (on(8, 30), on(8, 30)),
    (datetime(2026, 12, 3, 8, 30, tzinfo=timezone(timedelta(hours=8))), on(8, 30)),  # zone dropped, clock kept
    (datetime(1899, 12, 30, 8, 40), on(8, 40)),  # a time-only cell via COM: moved to the meeting day
    (datetime(1899, 12, 31, 8, 40), on(8, 40)),
    (time(8, 40), on(8, 40)),
    (date(2026, 12, 4), on(0, 0, day=date(2026, 12, 4))),
    (0.3541666666666667, on(8, 30)),  # an Excel time serial: moved to the meeting day
    (0.0, on(0, 0)),
    (0.999988425925926, on(23, 59, 59)),
    (46359.354166666664, datetime(2026, 12, 3, 8, 30)),  # a full Excel serial
    (367, datetime(1901, 1, 1)),
    (pd.Timestamp("2026-12-03 08:30"), on(8, 30)),
]


@pytest.mark.parametrize("cell, expected", CELLS, ids=[repr(c) for c, _ in CELLS])
def test_cells(cell, expected):
    assert parse_datetime(cell, DAY) == expected


def test_a_time_only_datetime_without_a_meeting_day_stays_as_it_is():
    assert parse_datetime(datetime(1899, 12, 30, 8, 40)) == datetime(1899, 12, 30, 8, 40)


@pytest.mark.parametrize("serial", [-1, 2958466, 1e12])
def test_serials_out_of_range(serial):
    with pytest.raises(TimeFormatError, match="不是有效的日期时间"):
        parse_datetime(serial, DAY)


@pytest.mark.parametrize("cell", [1, 132321, 2958465.5, datetime(2300, 1, 1), "9999-12-31 8:00", date(2263, 1, 1), datetime(1850, 1, 1, 8)])
def test_dates_no_meeting_has_are_refused_not_crashed_on(cell):
    """A time typed without its colon (132321) is an Excel serial in the year 2262: pandas cannot hold it."""
    with pytest.raises(TimeFormatError, match="超出范围"):
        parse_datetime(cell, DAY)
    parsed, bad = parse_column([on(8, 0), cell], DAY)
    assert parsed == [on(8, 0), None] and [i for i, _ in bad] == [1]


def test_a_serial_is_rounded_to_the_second():
    assert parse_datetime(EXCEL_TIME(8, 30) + 1e-9, DAY) == on(8, 30)
    assert parse_datetime(EXCEL_TIME(8, 30, 29.6) , DAY) == on(8, 30, 30)


def EXCEL_TIME(h, m, s=0.0):
    return (h * 3600 + m * 60 + s) / 86400


def test_booleans_are_no_times():
    with pytest.raises(TimeFormatError):
        parse_datetime(True, DAY)


def test_parse_column_reports_each_bad_cell_with_its_position():
    values = [on(8, 0), "8:30", None, "", "abc", time(9, 0), "8:30", datetime(1899, 12, 30, 7, 0), 0.5]
    parsed, bad = parse_column(values, DAY)
    assert parsed == [on(8, 0), on(8, 30), None, None, None, on(9, 0), on(8, 30), on(7, 0), on(12, 0)]
    assert [i for i, _ in bad] == [4] and "无法识别" in bad[0][1]


def test_parse_column_fast_path_keeps_real_datetimes_and_blanks():
    values = [on(8, 0), None, "", on(9, 0)]
    parsed, bad = parse_column(values, DAY)
    assert parsed == [on(8, 0), None, None, on(9, 0)] and bad == []


def test_parse_column_moves_time_only_datetimes_even_among_real_ones():
    parsed, bad = parse_column([on(8, 0), datetime(1899, 12, 30, 9, 15)], DAY)
    assert parsed == [on(8, 0), on(9, 15)] and bad == []


def test_parse_column_drops_a_zone():
    parsed, _ = parse_column([datetime(2026, 12, 3, 8, 0, tzinfo=timezone.utc), "9:00"], DAY)
    assert parsed[0] == on(8, 0) and parsed[0].tzinfo is None


def test_formats():
    assert format_day(date(2026, 1, 5)) == "2026年1月5日"  # never zero-padded
    assert format_clock(on(8, 5)) == "8:05" and format_clock(None) == ""


# --- name keys ---------------------------------------------------------------------------------

SAME_PERSON = [
    ("张三", "张三"),
    ("张 三", "张三"), ("张\u3000三", "张三"), ("张\u00a0三", "张三"), (" 张三 ", "张三"), ("张\t三\n", "张三"),
    ("张\u200b三", "张三"), ("张\u200c三", "张三"), ("张\u200d三", "张三"), ("张\u2060三", "张三"), ("\ufeff张三", "张三"),
    ("ＷＡＮＧ", "WANG"),  # full-width letters: NFKC
    ("ｗａｎｇ　ｗｅｉ", "wangwei"),
    ("王伟１", "王伟1"),
    *[(f"阿力木{d}买买提", "阿力木·买买提") for d in DOT_LOOKALIKES],  # every middle-dot look-alike
    ("阿力木 · 买买提", "阿力木·买买提"),
    ("㈠", "(一)"),
]


@pytest.mark.parametrize("typed, key", SAME_PERSON, ids=[repr(t) for t, _ in SAME_PERSON])
def test_name_key(typed, key):
    assert name_key(typed) == key
    assert name_keys(pd.Series([typed]))[0] == key  # the column path agrees


@pytest.mark.parametrize("empty", [None, float("nan"), "", "  ", "\u3000"])
def test_empty_names_have_the_empty_key(empty):
    assert name_key(empty) == ""


def test_different_people_keep_different_keys():
    assert name_key("WANG") != name_key("WANG WEI") and name_key("张三") != name_key("张叁")
    assert name_key("Wang") != name_key("WANG")  # case is kept: NFKC does not fold case


def test_numbers_and_odd_types_have_keys_too():
    assert name_key(12) == "12" and name_key(1.5) == "1·5"  # "." is a dot look-alike too


def test_name_keys_of_a_column_of_units_with_few_distinct_values():
    units = pd.Series(["旗委", "旗\u3000委", "ＡＢ"] * 40 + [None, 3.0])
    keys = name_keys(units)
    assert keys.tolist() == ["旗委", "旗委", "AB"] * 40 + ["", "3·0"]
    assert list(keys.index) == list(units.index)


def test_name_keys_keeps_the_index():
    names = pd.Series(["张三", "ＷＡＮＧ"], index=[7, 9])
    assert name_keys(names).to_dict() == {7: "张三", 9: "WANG"}


@given(st.lists(st.text(alphabet=st.sampled_from(list("张三王伟ＷＡＮＧwang ·•.\u3000\u00a0\u200b\t\n0１") + [chr(0x4E00 + 7)]),
                        max_size=8), max_size=80))
def test_name_keys_equals_name_key_on_each_name(names):
    assert name_keys(pd.Series(names, dtype=object)).tolist() == [name_key(n) for n in names]


@given(st.lists(st.one_of(st.none(), st.floats(allow_nan=True), st.integers(), st.sampled_from(["旗委", "旗 委", "ＡＢ"])),
                min_size=65, max_size=200))
def test_name_keys_on_mixed_columns(values):
    assert name_keys(pd.Series(values, dtype=object)).tolist() == [name_key(v) for v in values]


# --- what is shown -----------------------------------------------------------------------------

@pytest.mark.parametrize("value, shown", [
    (None, ""), (float("nan"), ""), (13800000000.0, "13800000000"), (1.5, "1.5"), (True, "是"), (False, "否"),
    ("\u00a0张三\u00a0", "张三"), ("张\u200b三", "张三"), ("张\u00a0三", "张 三"), ("  x  ", "x"), (7, "7"),
])
def test_cell_text(value, shown):
    assert cell_text(value) == shown


def test_printed_name_uses_the_middle_dot_for_every_look_alike_but_the_full_stop():
    for dot in DOT_LOOKALIKES:
        expected = "阿力木.买买提" if dot == "." else "阿力木·买买提"
        assert printed_name(f"阿力木{dot}买买提") == expected
    assert printed_name("张\x1b三\x07") == "张三"  # nothing a document cannot hold


def test_pandas_missing_times_are_empty():
    assert parse_datetime(pd.NaT, DAY) is None
    assert parse_column([pd.NaT, on(8, 0)], DAY) == ([None, on(8, 0)], [])
