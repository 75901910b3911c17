"""Seating: podium protocol (domain.md §1.2), reserved hall rows and seats issued at the door (§1.3).

Pure: plain Python, no Excel, no Word. Seats are counted from the audience's left; rows from the
front. The services read the roster and settings, call these functions and write the results.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

PODIUM = "主席台"
FLOOR = "台下"
VARIANTS = ("A", "B", "C")
FROM_CENTRE = "居中向两侧"
LEFT_TO_RIGHT = "从左到右"
ISSUE_ORDERS = (FROM_CENTRE, LEFT_TO_RIGHT)


class SeatingError(ValueError):
    """A seating request that cannot be met; the message is Chinese and meant for the user."""


class HallFull(SeatingError):
    """Every issuable hall seat has been handed out."""


@dataclass(frozen=True)
class Attendee:
    """One roster person, as far as seating cares."""

    name: str
    unit: str = ""
    title: str = ""
    category: str = ""
    rank: float | None = None  # 排序: smaller first; None = after all numbered ones, in list order
    zone: str = ""  # 主席台 or 台下 (blank = 台下)
    plate: bool | None = None  # 座签: True/False, None = blank in the roster
    name_mn: str = ""  # 蒙文姓名, Unicode traditional Mongolian, exactly as typed
    row: int = 0  # roster row in the workbook, for messages

    @property
    def on_podium(self) -> bool:
        return self.zone.strip() == PODIUM


def has_plate(person: Attendee, plates_for_all: bool = False) -> bool:
    """座签 blank means 是 on the podium, else the meeting's 全体座签 setting."""
    if person.plate is not None:
        return person.plate
    return person.on_podium or plates_for_all


def by_rank(people: Iterable[Attendee]) -> list[Attendee]:
    """Numbered ranks first (smaller first, ties in list order), then blank ranks in list order."""
    indexed = list(enumerate(people))
    indexed.sort(key=lambda item: (item[1].rank is None, item[1].rank or 0, item[0]))
    return [person for _, person in indexed]


# ---------------------------------------------------------------------------------------------
# Podium
def row_arrangement(n: int, variant: str = "A") -> list[int | None]:
    """Audience view, left to right: the rank (1 = highest) in each seat of one row; None = empty seat.

    A: rank 1 at ceil(n/2), even ranks to the audience's right (the leaders' left hand), odd ranks
    to the audience's left. B (even n): rank 1 at n/2 + 1, mirrored. C (even n): as A with one empty
    seat at the audience-left end, so that rank 1 sits on the stage axis. Odd n: B and C equal A.
    """
    variant = (variant or "A").strip().upper()
    if variant not in VARIANTS:
        raise SeatingError(f"主席台排法“{variant}”无效：请填写 A、B 或 C。")
    if n <= 0:
        return []
    even = n % 2 == 0
    if variant == "B" and even:
        first, toward_right = n // 2 + 1, -1
    else:
        first, toward_right = math.ceil(n / 2), 1
    seats: list[int | None] = [None] * n
    seats[first - 1] = 1
    for rank in range(2, n + 1):
        k = rank // 2
        offset = k * toward_right if rank % 2 == 0 else -k * toward_right
        seats[first + offset - 1] = rank
    if variant == "C" and even:
        seats.insert(0, None)
    return seats


@dataclass(frozen=True)
class PodiumSeat:
    row: int  # 1 = front row
    seat: int  # counted from the audience's left
    person: Attendee | None  # None = a seat left empty (variant C)


def arrange_podium(people: Iterable[Attendee], per_row: int | None = None, variant: str = "A") -> list[list[PodiumSeat]]:
    """The podium rows, front row first, each row's seats in audience view (left → right).

    `people` may be the whole roster: only 座区 = 主席台 is seated, ordered by 排序. Rows hold
    `per_row` people each (None or 0 = everyone in one row); each row is arranged around its own
    centre with the chosen variant.
    """
    podium = by_rank(p for p in people if p.on_podium)
    if per_row is not None and per_row < 0:
        raise SeatingError("主席台每排座位数不能为负数。")
    size = per_row or len(podium) or 1
    rows = []
    for row_number, start in enumerate(range(0, len(podium), size), start=1):
        members = podium[start:start + size]
        seats = row_arrangement(len(members), variant)
        rows.append([
            PodiumSeat(row_number, seat, members[rank - 1] if rank else None)
            for seat, rank in enumerate(seats, start=1)
        ])
    return rows


def seated_by_rank(row: Sequence[PodiumSeat]) -> list[PodiumSeat]:
    """The occupied seats of a podium row, by 排序 (ties and blanks in roster order); the seat a
    variant C row leaves empty is not among them."""
    taken = [s for s in row if s.person is not None]
    return sorted(taken, key=lambda s: (s.person.rank is None, s.person.rank or 0, s.person.row))


def podium_view(row: Sequence[PodiumSeat]) -> list[PodiumSeat]:
    """The same row as the leaders see it from the podium (the audience view reversed)."""
    return list(reversed(row))


# ---------------------------------------------------------------------------------------------
# Hall
@dataclass(frozen=True)
class Hall:
    rows: int
    seats_per_row: int
    reserved_rows: int = 0  # front rows kept for people with plates
    order: str = FROM_CENTRE  # 发座方式: order within a row

    def __post_init__(self):
        problems = []
        if self.rows <= 0:
            problems.append("会场排数须为正整数")
        if self.seats_per_row <= 0:
            problems.append("每排座位数须为正整数")
        if self.reserved_rows < 0:
            problems.append("预留排数不能为负数")
        elif self.rows > 0 and self.reserved_rows > self.rows:
            problems.append(f"预留排数（{self.reserved_rows}）大于会场排数（{self.rows}）")
        if self.order not in ISSUE_ORDERS:
            problems.append(f"发座方式“{self.order}”无效，应为“{FROM_CENTRE}”或“{LEFT_TO_RIGHT}”")
        if problems:
            raise SeatingError("会场座位设置有误：" + "；".join(problems) + "。")

    @property
    def issuable(self) -> int:
        return (self.rows - self.reserved_rows) * self.seats_per_row


def seats_in_issue_order(n: int, order: str = FROM_CENTRE) -> list[int]:
    """Seat numbers of one row (1 = audience-left) in the order they are handed out.

    居中向两侧 follows "以居中者的左手方为第一顺序，一左一右" (domain.md §1.3). A seated member of the
    audience faces the podium, so his left hand is the audience-view left: after the centre seat
    the next goes to its left, then its right, and so on. With an even count the first seat is the
    right-hand one of the two centre seats, so that the second lands on its left and the first two
    still share the centre. 从左到右 is simply 1, 2, …, n.
    """
    if order == LEFT_TO_RIGHT:
        return list(range(1, n + 1))
    if n <= 0:
        return []
    first = n // 2 + 1
    result = [first]
    for k in range(1, n):
        for seat in (first - k, first + k):
            if 1 <= seat <= n:
                result.append(seat)
    return result


def reserved_seats(hall: Hall) -> list[tuple[int, int]]:
    """(row, seat) of the reserved front rows, in the order named people fill them."""
    within = seats_in_issue_order(hall.seats_per_row, hall.order)
    return [(row, seat) for row in range(1, hall.reserved_rows + 1) for seat in within]


def issue_order(hall: Hall) -> list[tuple[int, int]]:
    """(row, seat) of every seat handed out at the door, first to last."""
    return list(_issue_order(hall))


@lru_cache(maxsize=16)
def _issue_order(hall: Hall) -> tuple[tuple[int, int], ...]:
    """Worked out once per hall: the sign-in server asks for it with every arrival."""
    within = seats_in_issue_order(hall.seats_per_row, hall.order)
    return tuple((row, seat) for row in range(hall.reserved_rows + 1, hall.rows + 1) for seat in within)


def assign_reserved(hall: Hall, people: Iterable[Attendee], plates_for_all: bool = False) -> dict[tuple[int, int], Attendee]:
    """Named hall seats: people with plates who are not on the podium, in rank order, front rows first."""
    named = by_rank(p for p in people if not p.on_podium and has_plate(p, plates_for_all))
    if not hall.reserved_rows:
        return {}
    seats = reserved_seats(hall)
    if len(named) > len(seats):
        raise SeatingError(
            f"台下有座签的人员共 {len(named)} 人，预留的前 {hall.reserved_rows} 排只有 {len(seats)} 个座位："
            "请增加预留排数或每排座位数。"
        )
    return dict(zip(seats, named))


SEAT_PATTERN = re.compile(r"第?\s*(\d+)\s*排\s*第?\s*(\d+)\s*(?:座|号)")


def seat_label(row: int, seat: int) -> str:
    return f"第{row}排 第{seat}座"


def parse_seat(text: object) -> tuple[int, int] | None:
    """(row, seat) of a hall seat label such as "第3排 第5座" (also "3排5座", full-width digits).

    None for anything else, including podium seats ("主席台 第1排 第3座").
    """
    if text is None or PODIUM in str(text):
        return None
    match = SEAT_PATTERN.search(unicodedata.normalize("NFKC", str(text)))
    return (int(match.group(1)), int(match.group(2))) if match else None


def next_free_seat(hall: Hall, issued: Iterable[object]) -> tuple[int, int]:
    """The first seat in issue order not yet handed out.

    `issued` holds what the 签到 sheet's 座位 column says (labels or (row, seat) pairs); text that
    is not a seat label is ignored. A seat once issued is never issued again, even if the
    person left; gaps left by hand edits are filled in issue order.
    """
    taken = {item if isinstance(item, tuple) else parse_seat(item) for item in issued}
    for seat in _issue_order(hall):
        if seat not in taken:
            return seat
    raise HallFull(
        f"会场座位已全部发完（共 {hall.rows} 排，每排 {hall.seats_per_row} 座，"
        f"前 {hall.reserved_rows} 排预留，可发 {hall.issuable} 座）："
        "请安排加座，或在“会议信息”中增加会场排数或每排座位数。"
    )


def issue_seat(hall: Hall, issued: Iterable[object], current: object = None) -> tuple[tuple[int, int], bool]:
    """(seat, newly issued?): a person who already holds a seat (`current`) keeps it."""
    held = current if isinstance(current, tuple) else parse_seat(current)
    if held is not None:
        return held, False
    return next_free_seat(hall, issued), True


def seat_cards(hall: Hall) -> list[str]:
    """Labels of the numbered seat cards, in the order they will be handed out."""
    return [seat_label(row, seat) for row, seat in issue_order(hall)]


# ---------------------------------------------------------------------------------------------
# The whole picture (sheet 座次 and 座次图.docx)
@dataclass(frozen=True)
class SeatingPlan:
    podium: list[list[PodiumSeat]]  # front row first, audience view
    hall: Hall | None
    reserved: dict[tuple[int, int], Attendee] = field(default_factory=dict)
    issued: dict[tuple[int, int], str] = field(default_factory=dict)  # seat → name signed in

    def hall_grid(self) -> list[list[tuple[str, str]]]:
        """Rows front to back of (text, 类别) per seat, audience view left → right."""
        if self.hall is None:
            return []
        grid = []
        for row in range(1, self.hall.rows + 1):
            cells = []
            for seat in range(1, self.hall.seats_per_row + 1):
                person = self.reserved.get((row, seat))
                if person is not None:
                    cells.append((person.name, person.category))
                else:
                    cells.append((self.issued.get((row, seat), ""), ""))
            grid.append(cells)
        return grid


def plan_seating(
    people: Sequence[Attendee],
    podium_per_row: int | None = None,
    variant: str = "A",
    hall: Hall | None = None,
    plates_for_all: bool = False,
    issued: dict[tuple[int, int], str] | None = None,
) -> SeatingPlan:
    reserved = assign_reserved(hall, people, plates_for_all) if hall else {}
    return SeatingPlan(arrange_podium(people, podium_per_row, variant), hall, reserved, dict(issued or {}))


def plate_holders(people: Iterable[Attendee], plates_for_all: bool = False) -> list[Attendee]:
    """Who gets a plate, in the order plates are printed and set out: podium first, then by rank."""
    ranked = by_rank(p for p in people if has_plate(p, plates_for_all))
    return [p for p in ranked if p.on_podium] + [p for p in ranked if not p.on_podium]
