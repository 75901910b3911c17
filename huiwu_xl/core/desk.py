"""The sign-in desk's rules: who is signing in, which seat, what the desk says (domain.md §1.3).

Pure: the same rules serve Excel's 签到发座, the command line and every desk of `huiwu serve`.
Each keeps its sign-ins in its own log (the 签到 sheet, a SQLite transaction) behind `SignInLog`;
the answer is a `DeskAnswer` that Excel writes to B8/B10, the command line prints and the server
returns as JSON.

Seats: a podium seat or a reserved front-row seat for people with a 座签 (fixed by the seating
plan), otherwise the first hall seat in issue order not yet handed out — front to back — kept
for good once issued. A person signing in again keeps the first answer's seat.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Iterable, Protocol

from .seating import Hall, HallFull, next_free_seat, seat_label

# Outcomes: what happened, for a program; `DeskAnswer.message` says it for people.
SIGNED_IN = "signed_in"
STRANGER = "stranger"  # not on the roster: recorded, seated and flagged
ALREADY = "already"  # signed in before: the same seat, nothing recorded
SEAT_ADDED = "seat_added"  # signed in before without a seat: one is issued now
AMBIGUOUS = "ambiguous"  # namesakes: the unit is needed, nothing recorded
NO_NAME = "no_name"
SIGNED_OUT = "signed_out"
NOT_SIGNED_IN = "not_signed_in"
UNDONE = "undone"
NOTHING_TO_UNDO = "nothing_to_undo"
UNKNOWN_CODE = "unknown_code"
OTHER_MEETING = "other_meeting"
NO_CODES = "no_codes"
UNKNOWN_PERSON = "unknown_person"
CONFLICT = "conflict"
RECORDED = (SIGNED_IN, STRANGER, SEAT_ADDED, SIGNED_OUT, UNDONE)  # the log changed
ACCEPTED = (*RECORDED, ALREADY)

STRANGER_NOTE = "名单外签到，请核实"
NO_HALL_NOTE = "（未设置会场座位，仅记录签到时间。）"


@dataclass(frozen=True)
class Person:
    """A roster person as the desk knows them."""

    key: str  # stable identity: name key + unit key (survives sorting and inserted rows)
    name: str
    unit: str
    category: str = ""
    title: str = ""
    phone: str = ""
    seat: str = ""  # a named seat (podium or reserved front row), else ""

    @property
    def id(self) -> str:
        """A short public id for pages and the API (the key itself carries the name)."""
        return person_id(self.key)

    @property
    def label(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name


def person_key(name_key: str, unit_key: str) -> str:
    return f"{name_key}|{unit_key}"


def person_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def stranger_key(name_key: str, unit_key: str) -> str:
    return "名单外:" + person_key(name_key, unit_key)


def proxy_key(person: Person) -> str:
    return "代会:" + person.key


@dataclass(frozen=True)
class Record:
    """One sign-in as a log holds it: a 签到 row."""

    name: str
    unit: str
    signed_in: datetime | None
    seat: str = ""
    proxy_for: str = ""  # 代会对象: the roster person this signer stands in for
    note: str = ""
    desk: str = ""
    id: str = ""  # the log's own id (a 签到 row number, a server record number)
    signed_out: datetime | None = None

    def as_json(self) -> dict:
        out = asdict(self)
        for k in ("signed_in", "signed_out"):
            out[k] = out[k].isoformat(timespec="seconds") if out[k] else None
        return out


@dataclass(frozen=True)
class DeskAnswer:
    outcome: str
    seat: str = ""
    message: str = ""
    person: Person | None = None
    record: Record | None = None
    candidates: tuple[Person, ...] = ()

    @property
    def ok(self) -> bool:
        return self.outcome in ACCEPTED

    def as_json(self) -> dict:
        person = self.person
        return {
            "ok": self.ok,
            "outcome": self.outcome,
            "seat": self.seat,
            "message": self.message,
            "person": person_json(person) if person else None,
            "record": self.record.as_json() if self.record else None,
            "candidates": [person_json(p) for p in self.candidates],
        }


def person_json(p: Person) -> dict:
    return {"id": p.id, "name": p.name, "unit": p.unit, "category": p.category, "title": p.title}


class SignInLog(Protocol):
    """Where sign-ins are kept. Every call happens inside one unit of work: the caller commits."""

    def first_record(self, identity: str) -> Record | None:
        """The earliest sign-in of this identity (a person key, stranger key or proxy key)."""

    def taken_seats(self) -> Iterable[object]:
        """Every hall seat handed out so far: labels or (row, seat) pairs."""

    def add(self, identity: str, record: Record) -> Record:
        """Records a sign-in; returns it with the log's id."""

    def give_seat(self, record: Record, seat: str) -> None:
        """Fills the seat of an earlier sign-in that had none."""


@dataclass(frozen=True)
class SeatPool:
    """The hall's numbered seats, handed out front to back; None = no seats, only times."""

    hall: Hall | None

    def next_seat(self, taken: Iterable[object]) -> tuple[str, str]:
        """(seat label, note): the first free seat in issue order, or "" with the reason."""
        if self.hall is None:
            return "", NO_HALL_NOTE
        try:
            row, seat = next_free_seat(self.hall, taken)
        except HallFull as exc:
            return "", f"\n{exc} 本次签到时间已记录。"
        return seat_label(row, seat), ""


@dataclass(frozen=True)
class Arrival:
    """Who is signing in: a roster person, or a stranger typed by name (and unit)."""

    person: Person | None
    name: str
    unit: str = ""
    name_key: str = ""
    unit_key: str = ""
    proxy_for: Person | None = None  # 代会: the signer stands in for this roster person

    @property
    def identity(self) -> str:
        if self.proxy_for is not None:
            return proxy_key(self.proxy_for)
        if self.person is not None:
            return self.person.key
        return stranger_key(self.name_key, self.unit_key)


def sign_in(log: SignInLog, pool: SeatPool, arrival: Arrival, now: datetime, desk: str = "") -> DeskAnswer:
    """Records one arrival and hands out its seat; a second arrival of the same person changes
    nothing and shows the first seat. The caller commits the log's unit of work."""
    person = arrival.person if arrival.proxy_for is None else None
    earlier = log.first_record(arrival.identity)
    seat, note = person.seat if person else "", ""
    if not seat and earlier is not None and earlier.seat:
        seat = earlier.seat
    if not seat:
        seat, note = pool.next_seat(log.taken_seats())
    who = arrival.person.label if arrival.person else arrival.name
    if arrival.proxy_for is not None:
        who = f"{arrival.name}（代{arrival.proxy_for.label}）"
    if earlier is not None:
        when = f"{earlier.signed_in:%H:%M}" if earlier.signed_in else "此前"
        if seat and not earlier.seat:
            log.give_seat(earlier, seat)
            return DeskAnswer(SEAT_ADDED, seat, f"{who}已于 {when} 签到，现补发座位。", arrival.person, replace(earlier, seat=seat))
        shown = earlier.seat or seat
        return DeskAnswer(ALREADY, shown, f"{who}已于 {when} 签到，座位不变，无需重复签到。", arrival.person, earlier)

    if arrival.proxy_for is not None:
        target = arrival.proxy_for
        record = Record(arrival.name, arrival.unit or target.unit, now, seat, proxy_for=target.name, desk=desk)
        message = f"{who}代会签到成功（{now:%H:%M}）。"
        outcome = SIGNED_IN
    elif person is not None:
        record = Record(person.name, person.unit, now, seat, desk=desk)
        message = f"{who}签到成功（{now:%H:%M}）。"
        outcome = SIGNED_IN
    else:
        record = Record(arrival.name, arrival.unit, now, seat, note=STRANGER_NOTE, desk=desk)
        unit = f"（{arrival.unit}）" if arrival.unit else ""
        message = f"{arrival.name}{unit}不在参会名单中：已登记签到并标注“{STRANGER_NOTE}”，请会务组核实。"
        outcome = STRANGER
    record = log.add(arrival.identity, record)
    return DeskAnswer(outcome, seat, message + note, arrival.person, record)


def ambiguous(typed: str, namesakes: Iterable[Person], how: str) -> DeskAnswer:
    """Namesakes and no unit to tell them apart: nothing is recorded, nobody is guessed."""
    found = tuple(namesakes)
    units = "、".join(p.unit for p in found)
    return DeskAnswer(AMBIGUOUS, "", f"名单中有多位“{typed}”（{units}），请{how}。未记录签到。", candidates=found)


class Roster:
    """The roster at the desk: people by key and by public id; names found by core.matching's rule."""

    def __init__(self, people: Iterable[Person]):
        from .matching import RosterIndex

        self.people = list(people)
        self.by_key = {p.key: p for p in self.people}
        self.by_id = {p.id: p for p in self.people}
        keys = [p.key.split("|", 1) for p in self.people]
        self.index = RosterIndex.from_keys([k[0] for k in keys], [k[1] for k in keys])

    def find(self, name_key: str, unit_key: str = "") -> tuple[Person | None, list[Person]]:
        """(the person, []) or (None, the namesakes): a name held once matches whatever unit was
        typed; namesakes need the unit; nobody is guessed."""
        position, _ = self.index.find(name_key, unit_key)
        if position >= 0:
            return self.people[position], []
        return None, [self.people[i] for i in self.index.by_key.get(name_key, [])]
