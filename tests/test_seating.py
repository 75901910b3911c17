"""Seating core: podium protocol (domain.md §1.2), reserved rows, seats issued at the door."""
from __future__ import annotations

import pytest

from huiwu_xl.core.seating import (
    Attendee, Hall, HallFull, SeatingError, arrange_podium, assign_reserved, by_rank, issue_order, issue_seat,
    next_free_seat, parse_seat, plan_seating, plate_holders, podium_view, row_arrangement, seat_cards, seat_label,
    seats_in_issue_order,
)


def leaders(n: int, zone: str = "主席台") -> list[Attendee]:
    return [Attendee(f"领导{r}", "旗委", rank=r, zone=zone, row=r + 1) for r in range(1, n + 1)]


def names(row) -> list[str]:
    return [s.person.name if s.person else "空" for s in row]


# --- the worked examples of domain.md §1.2 (audience view, left → right) ---------------------
@pytest.mark.parametrize("n, variant, expected", [
    (5, "A", [5, 3, 1, 2, 4]),
    (5, "B", [5, 3, 1, 2, 4]),  # odd n: B equals A
    (5, "C", [5, 3, 1, 2, 4]),  # odd n: C equals A
    (6, "A", [5, 3, 1, 2, 4, 6]),
    (6, "B", [6, 4, 2, 1, 3, 5]),
    (6, "C", [None, 5, 3, 1, 2, 4, 6]),  # A plus one empty seat at the audience-left end
    (7, "A", [7, 5, 3, 1, 2, 4, 6]),
    (8, "A", [7, 5, 3, 1, 2, 4, 6, 8]),
    (8, "B", [8, 6, 4, 2, 1, 3, 5, 7]),
    (9, "A", [9, 7, 5, 3, 1, 2, 4, 6, 8]),
    (1, "A", [1]),
    (2, "A", [1, 2]),
    (2, "B", [2, 1]),
])
def test_row_arrangement_matches_the_protocol_examples(n, variant, expected):
    assert row_arrangement(n, variant) == expected


def test_podium_view_is_the_audience_view_reversed():
    row = arrange_podium(leaders(5))[0]
    assert names(row) == ["领导5", "领导3", "领导1", "领导2", "领导4"]
    assert names(podium_view(row)) == ["领导4", "领导2", "领导1", "领导3", "领导5"]  # §1.2 "Podium's own view of A"
    assert [s.seat for s in row] == [1, 2, 3, 4, 5]  # seats counted from the audience's left


def test_variant_c_rank_one_sits_on_the_stage_axis():
    row = arrange_podium(leaders(6), variant="C")[0]
    assert names(row) == ["空", "领导5", "领导3", "领导1", "领导2", "领导4", "领导6"]
    centre = row[len(row) // 2]
    assert centre.person.name == "领导1" and centre.seat == 4


def test_multi_row_podium_front_row_first_each_row_around_its_own_centre():
    rows = arrange_podium(leaders(12), per_row=7, variant="A")
    assert [len(r) for r in rows] == [7, 5]
    assert [s.row for s in rows[0]] == [1] * 7 and [s.row for s in rows[1]] == [2] * 5
    assert names(rows[0]) == ["领导7", "领导5", "领导3", "领导1", "领导2", "领导4", "领导6"]
    assert names(rows[1]) == ["领导12", "领导10", "领导8", "领导9", "领导11"]  # ranks 8..12 re-indexed 1..5


def test_multi_row_podium_with_variant_b_even_rows():
    rows = arrange_podium(leaders(10), per_row=6, variant="B")
    assert names(rows[0]) == ["领导6", "领导4", "领导2", "领导1", "领导3", "领导5"]
    assert names(rows[1]) == ["领导10", "领导8", "领导7", "领导9"]  # 4 people: B puts the row's first at n/2+1


def test_only_podium_people_by_rank_blank_ranks_last_in_list_order():
    people = [
        Attendee("台下甲", rank=1, zone="台下"),
        Attendee("无序一", rank=None, zone="主席台"),
        Attendee("三号", rank=3, zone="主席台"),
        Attendee("一号", rank=1, zone="主席台"),
        Attendee("无序二", rank=None, zone="主席台"),
        Attendee("二号", rank=2.0, zone="主席台"),
        Attendee("空座区", rank=0, zone=""),
    ]
    row = arrange_podium(people)[0]
    assert names(row) == ["无序二", "三号", "一号", "二号", "无序一"]  # 5 people: ranks 1..5 = 一号,二号,三号,无序一,无序二
    assert [p.name for p in by_rank(people)][:3] == ["空座区", "台下甲", "一号"]


def test_no_podium_people_gives_no_rows_and_a_bad_variant_is_a_chinese_error():
    assert arrange_podium(leaders(3, zone="台下")) == []
    with pytest.raises(SeatingError, match="主席台排法“D”无效"):
        arrange_podium(leaders(3), variant="D")


# --- hall -----------------------------------------------------------------------------------
def test_issue_order_within_a_row():
    # 居中向两侧: centre first, then the audience-left neighbour, then the right (domain.md §1.3)
    assert seats_in_issue_order(5) == [3, 2, 4, 1, 5]
    assert seats_in_issue_order(6) == [4, 3, 5, 2, 6, 1]
    assert seats_in_issue_order(1) == [1]
    assert seats_in_issue_order(6, "从左到右") == [1, 2, 3, 4, 5, 6]


def test_issued_seats_start_behind_the_reserved_rows_front_to_back():
    hall = Hall(rows=4, seats_per_row=5, reserved_rows=2)
    order = issue_order(hall)
    assert order[:6] == [(3, 3), (3, 2), (3, 4), (3, 1), (3, 5), (4, 3)]
    assert len(order) == hall.issuable == 10
    left = Hall(rows=3, seats_per_row=4, reserved_rows=1, order="从左到右")
    assert issue_order(left) == [(2, 1), (2, 2), (2, 3), (2, 4), (3, 1), (3, 2), (3, 3), (3, 4)]
    assert seat_cards(left)[:2] == ["第2排 第1座", "第2排 第2座"]


def test_reserved_rows_hold_plate_holders_in_rank_order():
    people = [
        Attendee("主席台", rank=1, zone="主席台"),  # on the podium: not in the hall
        Attendee("局长乙", rank=12, zone="台下", plate=True),
        Attendee("局长甲", rank=11, zone="台下", plate=True),
        Attendee("无座签", rank=10, zone="台下", plate=None),  # blank 座签 off the podium = 全体座签 (否)
        Attendee("镇长", rank=None, zone="台下", plate=True),
    ]
    hall = Hall(rows=5, seats_per_row=3, reserved_rows=1)
    seats = assign_reserved(hall, people)
    assert {k: v.name for k, v in seats.items()} == {(1, 2): "局长甲", (1, 1): "局长乙", (1, 3): "镇长"}
    everyone = assign_reserved(Hall(5, 5, 1, "从左到右"), people, plates_for_all=True)
    assert [everyone[(1, s)].name for s in range(1, 5)] == ["无座签", "局长甲", "局长乙", "镇长"]
    with pytest.raises(SeatingError, match="预留的前 1 排只有 2 个座位"):
        assign_reserved(Hall(5, 2, 1), people)


def test_plate_holders_podium_first_then_by_rank():
    people = [Attendee("台下", rank=2, zone="台下", plate=True), Attendee("不要", rank=1, zone="主席台", plate=False),
              Attendee("台上", rank=3, zone="主席台"), Attendee("默认台下", rank=0)]
    assert [p.name for p in plate_holders(people)] == ["台上", "台下"]
    assert [p.name for p in plate_holders(people, plates_for_all=True)] == ["台上", "默认台下", "台下"]


def test_seat_labels_round_trip_and_podium_labels_are_not_hall_seats():
    assert seat_label(3, 5) == "第3排 第5座"
    assert parse_seat("第3排 第5座") == (3, 5)
    assert parse_seat("第１２排第３座") == (12, 3)  # full-width digits, no space
    assert parse_seat("3排5座") == (3, 5)
    assert parse_seat("主席台 第1排 第3座") is None
    assert parse_seat("") is None and parse_seat(None) is None and parse_seat("自带座位") is None


def test_next_free_seat_never_reissues_and_fills_gaps_in_order():
    hall = Hall(rows=3, seats_per_row=3, reserved_rows=1)
    assert next_free_seat(hall, []) == (2, 2)
    taken = ["第2排 第2座", "第2排 第1座", "迟到席", None, "主席台 第2排 第2座"]
    assert next_free_seat(hall, taken) == (2, 3)
    assert next_free_seat(hall, ["第2排 第1座"]) == (2, 2)  # a gap left by a hand edit is filled first


def test_a_person_holding_a_seat_keeps_it():
    hall = Hall(rows=3, seats_per_row=3)
    assert issue_seat(hall, ["第1排 第2座"], current="第1排 第2座") == ((1, 2), False)
    assert issue_seat(hall, ["第1排 第2座"], current="") == ((1, 1), True)


def test_a_full_hall_is_a_clear_chinese_message():
    hall = Hall(rows=2, seats_per_row=2, reserved_rows=1)
    issued = [seat_label(r, s) for r, s in issue_order(hall)]
    with pytest.raises(HallFull) as caught:
        next_free_seat(hall, issued)
    message = str(caught.value)
    assert "会场座位已全部发完" in message and "共 2 排，每排 2 座" in message and "加座" in message


def test_bad_hall_settings_are_reported_together():
    with pytest.raises(SeatingError) as caught:
        Hall(rows=0, seats_per_row=-1, reserved_rows=0, order="随便")
    text = str(caught.value)
    assert "会场排数须为正整数" in text and "每排座位数须为正整数" in text and "发座方式“随便”无效" in text
    with pytest.raises(SeatingError, match="预留排数（5）大于会场排数（3）"):
        Hall(3, 4, 5)


def test_plan_puts_podium_reserved_and_issued_names_in_one_picture():
    people = leaders(3) + [Attendee("局长", category="行政单位", rank=20, zone="台下", plate=True)]
    plan = plan_seating(people, None, "A", Hall(3, 3, 1), issued={(2, 2): "来宾"})
    assert names(plan.podium[0]) == ["领导3", "领导1", "领导2"]
    grid = plan.hall_grid()
    assert grid[0][1] == ("局长", "行政单位") and grid[1][1] == ("来宾", "") and grid[2][0] == ("", "")


def test_variant_c_rows_of_an_even_count_list_their_people_by_rank_past_the_empty_seat():
    from huiwu_xl.core.seating import plan_seating, seated_by_rank
    from huiwu_xl.services.seating import seating_sheet

    people = [Attendee(f"领导{i}", rank=i, zone="主席台", row=i + 1) for i in range(1, 7)]
    plan = plan_seating(people, 4, "C")
    assert [s.person for s in plan.podium[0]].count(None) == 1 and [s.person for s in plan.podium[1]].count(None) == 1
    assert [[s.person.name for s in seated_by_rank(r)] for r in plan.podium] == [["领导1", "领导2", "领导3", "领导4"], ["领导5", "领导6"]]
    listing = seating_sheet(plan, {}).blocks[1].frame
    assert listing["姓名"].tolist() == [f"领导{i}" for i in range(1, 7)]
    assert listing["座位"].tolist()[:2] == ["主席台 第1排 第3座", "主席台 第1排 第4座"]


def test_equal_ranks_on_one_podium_row_keep_the_roster_order():
    from huiwu_xl.core.seating import plan_seating, seated_by_rank

    people = [Attendee("乙", rank=1, zone="主席台", row=3), Attendee("甲", rank=1, zone="主席台", row=2)]
    plan = plan_seating(people, None, "C")
    assert [s.person.name for s in seated_by_rank(plan.podium[0])] == ["甲", "乙"]
