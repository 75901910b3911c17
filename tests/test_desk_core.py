"""The desk's rules (core.desk), 参会码 (core.codes) and the pinyin search, without a server."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from huiwu_xl.core import codes
from huiwu_xl.core import desk as core
from huiwu_xl.core.seating import Hall
from huiwu_xl.desk.search import SearchIndex, readings

NOW = datetime(2026, 12, 3, 8, 20)


class ListLog:
    """core.SignInLog over a list: what the 签到 sheet and SQLite do, in memory."""

    def __init__(self):
        self.rows: list[tuple[str, core.Record]] = []

    def first_record(self, identity):
        return next((r for i, r in self.rows if i == identity), None)

    def taken_seats(self):
        return [r.seat for _, r in self.rows]

    def add(self, identity, record):
        record = replace(record, id=str(len(self.rows) + 1))
        self.rows.append((identity, record))
        return record

    def give_seat(self, record, seat):
        self.rows = [(i, replace(r, seat=seat) if r.id == record.id else r) for i, r in self.rows]


def person(name, unit="旗财政局", seat=""):
    return core.Person(core.person_key(name, unit), name, unit, seat=seat)


def arrive(p):
    return core.Arrival(p, p.name, p.unit)


def test_seats_go_front_to_back_and_a_second_arrival_keeps_the_first_seat():
    log, pool = ListLog(), core.SeatPool(Hall(3, 4, 1))
    a, b = person("李明"), person("王芳")
    first = core.sign_in(log, pool, arrive(a), NOW, "东门")
    assert (first.outcome, first.seat, first.record.desk) == (core.SIGNED_IN, "第2排 第3座", "东门")
    assert core.sign_in(log, pool, arrive(b), NOW, "西门").seat == "第2排 第2座"
    again = core.sign_in(log, pool, arrive(a), NOW, "西门")
    assert again.outcome == core.ALREADY and again.seat == "第2排 第3座" and len(log.rows) == 2
    assert "08:20" in again.message and "座位不变" in again.message


def test_named_seats_strangers_proxies_and_a_full_hall():
    log, pool = ListLog(), core.SeatPool(Hall(2, 2, 1))
    leader = person("余书记", "旗委", seat="主席台 第1排 第3座")
    assert core.sign_in(log, pool, arrive(leader), NOW).seat == "主席台 第1排 第3座"
    stranger = core.Arrival(None, "周来宾", "市应急管理局", "周来宾", "市应急管理局")
    answer = core.sign_in(log, pool, stranger, NOW)
    assert answer.outcome == core.STRANGER and answer.record.note == core.STRANGER_NOTE and answer.seat == "第2排 第2座"
    absent = person("赵敏")
    proxy = core.Arrival(None, "代表甲", "", "代表甲", "", proxy_for=absent)
    stood_in = core.sign_in(log, pool, proxy, NOW)
    assert stood_in.record.proxy_for == "赵敏" and stood_in.record.unit == absent.unit and stood_in.seat == "第2排 第1座"
    own = core.sign_in(log, pool, arrive(absent), NOW)  # the person arrives after all: a record of their own
    assert own.outcome == core.SIGNED_IN and own.seat == "" and "会场座位已全部发完" in own.message


def test_a_person_signed_in_without_a_seat_gets_one_and_no_hall_only_records_the_time():
    log = ListLog()
    earlier = log.add(person("李明").key, core.Record("李明", "旗财政局", datetime(2026, 12, 3, 8, 1)))
    answer = core.sign_in(log, core.SeatPool(Hall(2, 2)), arrive(person("李明")), NOW)
    assert answer.outcome == core.SEAT_ADDED and log.rows[0][1].seat == answer.seat == "第1排 第2座" and earlier.id
    plain = core.sign_in(ListLog(), core.SeatPool(None), arrive(person("王芳")), NOW)
    assert plain.seat == "" and core.NO_HALL_NOTE in plain.message


def test_the_roster_finds_namesakes_by_unit_and_never_guesses():
    roster = core.Roster([person("张伟", "旗委宣传部"), person("张伟", "旗委统战部"), person("李明")])
    assert roster.find("李明", "随便写的单位")[0].name == "李明"
    found, namesakes = roster.find("张伟")
    assert found is None and {p.unit for p in namesakes} == {"旗委宣传部", "旗委统战部"}
    assert roster.find("张伟", "旗委统战部")[0].unit == "旗委统战部"
    assert core.ambiguous("张伟", namesakes, "选择单位").outcome == core.AMBIGUOUS


# --- 参会码 --------------------------------------------------------------------------------------
def test_codes_cannot_be_made_without_the_secret_and_tell_meetings_apart():
    secret, other = codes.new_secret(), codes.new_secret()
    code = codes.code_for(secret, "张伟|旗委统战部")
    assert len(code) == codes.LENGTH and code.startswith("HW") and code != codes.code_for(secret, "张伟|旗委宣传部")
    assert code != codes.code_for(other, "张伟|旗委统战部")
    assert codes.of_this_meeting(secret, code) and not codes.of_this_meeting(other, code)
    typed = codes.grouped(code).lower().replace("0", "o").replace("1", "l")  # by hand, with look-alikes
    assert codes.normalise(typed) == code and codes.normalise(f" {code[:8]}-{code[8:]} ") == code
    for text in ("zhangwei", "张伟", "HW12", code + "X"):
        assert codes.normalise(text) is None


# --- pinyin search ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def index():
    from huiwu_xl.demo import make_people

    people = [person(p["姓名"], p["单位"]) for p in make_people(2000)]
    people += [person("张伟", "旗委宣传部"), person("张伟", "旗委统战部"), person("单雄信"), person("曾国藩"), person("解缙"),
               person("仇英"), person("区建国"), person("查良镛"), person("吕布"), person("尉迟恭"), person("阿力木·买买提"),
               person("John Smith", "外宾")]
    return SearchIndex(people, limit=8)


@pytest.mark.parametrize("query, name", [
    ("zw", "张伟"), ("zhangwei", "张伟"), ("zhangw", "张伟"), ("zhw", "张伟"), ("ZHANG WEI", "张伟"), ("张伟", "张伟"),
    ("sxx", "单雄信"), ("shanxiongxin", "单雄信"), ("dxx", "单雄信"), ("zgf", "曾国藩"), ("zengguofan", "曾国藩"),
    ("xiejin", "解缙"), ("qiuying", "仇英"), ("oujg", "区建国"), ("zhaly", "查良镛"), ("lvbu", "吕布"), ("lubu", "吕布"),
    ("yuchigong", "尉迟恭"), ("almmmt", "阿力木·买买提"), ("john", "John Smith"), ("雄信", "单雄信"),
])
def test_search_finds_by_name_initials_full_or_mixed_pinyin_and_surname_readings(index, query, name):
    found, _ = index.search(query)
    assert name in [p.name for p in found], (query, [p.name for p in found])


def test_search_answers_at_most_the_limit_and_says_when_there_is_more(index):
    found, more = index.search("z")
    assert len(found) == 8 and more
    both, more = index.search("zw")
    assert {("张伟", "旗委宣传部"), ("张伟", "旗委统战部")} <= {(p.name, p.unit) for p in both}
    by_unit, _ = index.search("统战")
    assert by_unit and all("统战" in p.unit or "统战" in p.name for p in by_unit)
    assert index.search("")[0] == [] and index.search("   ")[0] == []
    assert readings("单雄信")[0][0] == "shan"  # the surname reading first
