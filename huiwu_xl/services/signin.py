"""签到发座: the desk's rules (core.desk) on the workbook, for Excel, the command line and the server.

`desk_setup` reads what every desk needs once (the roster with each person's named seat, the hall);
`SheetLog` is the 签到 sheet as a sign-in log; `sign_in_desk` is the button: the typed name in,
the answer on the 签到台 sheet (B8/B10). With a 签到服务 address in 会议信息 the button signs in
through `huiwu serve`, so Excel desks and browser desks share one seat pool.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from .. import contract as c
from ..core import desk as core
from ..core.matching import match_people
from ..meeting import Meeting
from ..problems import InputError, Problem, cell_position
from ..tables import ROW
from ..text import cell_text, name_key
from . import inputs
from .seating import _plan, load, podium_label

SERVICE_KEY = "签到服务"  # 会议信息: the address of `huiwu serve`, e.g. http://192.168.1.10:8765/?pin=123456
RECORD_COLUMN = "记录号"  # 签到: the server's id of a sign-in, so that 同步签到 adds each once
DESK_COLUMN = "签到台"  # 签到: which desk took the sign-in


@dataclass
class DeskSetup:
    meeting: Meeting
    roster: core.Roster
    pool: core.SeatPool
    categories: list[str]


def desk_setup(port) -> DeskSetup:
    """The roster with stable keys and named seats (podium, reserved rows), and the hall."""
    meeting, frame, attendees, settings, categories = load(port)
    named: dict[int, str] = {}
    if attendees and (settings.hall or any(a.on_podium for a in attendees)):
        plan = _plan(meeting, attendees, settings)
        named = {s.person.row: podium_label(s) for row in plan.podium for s in row if s.person}
        named |= {p.row: core.seat_label(r, s) for (r, s), p in plan.reserved.items()}
    records = frame.to_dict("records")
    people = [
        core.Person(core.person_key(r["_key"], r["_unit"]), r["姓名"], r["单位"], r["类别"], r["职务"], r["手机"],
                    named.get(int(r[ROW]), ""))
        for r in records
    ]
    return DeskSetup(meeting, core.Roster(people), core.SeatPool(settings.hall), categories)


def arrival_of(setup: DeskSetup, typed: str, typed_unit: str = "") -> core.Arrival | list[core.Person]:
    """The person typed at the desk, a stranger, or the namesakes to choose from."""
    key, unit_key = name_key(typed), name_key(typed_unit)
    person, namesakes = setup.roster.find(key, unit_key)
    if person is None and namesakes:
        return namesakes
    return core.Arrival(person, typed, typed_unit, key, unit_key)


# ---------------------------------------------------------------------------------------------
# The 签到 sheet as a sign-in log
def _when(value) -> datetime | None:
    if value is None or pd.isna(value):
        return None
    return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value


class SheetLog:
    """The 签到 sheet behind core.SignInLog; writes go through the port, which commits them."""

    def __init__(self, port, setup: DeskSetup, signins: pd.DataFrame):
        self.port = port
        self.signins = signins
        self.roster = setup.roster
        self._identities: list[str] | None = None

    def identities(self) -> list[str]:
        """Each row's identity, as core.Arrival.identity would name it."""
        if self._identities is None:
            rows = self.signins
            proxy = rows["代会对象"].ne("") if len(rows) else pd.Series(dtype=bool)
            targets = [name_key(v) if p else k for v, p, k in zip(rows["代会对象"], proxy, rows["_key"])]
            positions, _ = match_people(self.roster.index, pd.Series(targets, dtype=object), rows["_unit"].reset_index(drop=True))
            out = []
            for pos, is_proxy, key, unit in zip(positions, proxy, rows["_key"], rows["_unit"]):
                if pos < 0:
                    out.append(core.stranger_key(key, unit) if not is_proxy else f"?{len(out)}")
                elif is_proxy:
                    out.append(core.proxy_key(self.roster.people[pos]))
                else:
                    out.append(self.roster.people[pos].key)
            self._identities = out
        return self._identities

    def first_record(self, identity: str) -> core.Record | None:
        if self.signins.empty:
            return None
        ids = self.identities()
        if identity.startswith("名单外:"):  # a stranger typed without a unit is the same stranger
            name, unit = identity[4:].split("|", 1)
            same = [i for i, (k, u, r) in enumerate(zip(self.signins["_key"], self.signins["_unit"], ids))
                    if r.startswith("名单外:") and k == name and (not unit or u in (unit, ""))]
        else:
            same = [i for i, r in enumerate(ids) if r == identity]
        return self.record_at(same[0]) if same else None

    def record_at(self, position: int) -> core.Record:
        row = self.signins.iloc[position]
        return core.Record(row["姓名"], row["单位"], _when(row["签到时间"]), cell_text(row["座位"]), row["代会对象"],
                           row["备注"], row.get("签到台", ""), str(int(row[ROW])), _when(row["签退时间"]))

    def taken_seats(self) -> list[str]:
        return self.signins["座位"].tolist() if len(self.signins) else []

    def add(self, identity: str, record: core.Record) -> core.Record:
        row = sheet_row(record)
        (number,) = self.port.append_rows(c.SIGN_IN.name, [row])
        return core.Record(**{**record.__dict__, "id": str(number)})

    def give_seat(self, record: core.Record, seat: str) -> None:
        self.port.fill_cells(c.SIGN_IN.name, [(int(record.id), "座位", seat)])


def sheet_row(record: core.Record, record_id: str = "") -> dict[str, object]:
    """A sign-in as a 签到 row: only the cells it has, so nothing typed beside them changes."""
    row = {"姓名": record.name, "单位": record.unit, "签到时间": record.signed_in, "座位": record.seat}
    if record.signed_out:
        row["签退时间"] = record.signed_out
    if record.proxy_for:
        row["代会对象"] = record.proxy_for
    if record.note:
        row["备注"] = record.note
    if record.desk:
        row[DESK_COLUMN] = record.desk
    if record_id:
        row[RECORD_COLUMN] = record_id
    return row


def read_signins(port, meeting: Meeting) -> pd.DataFrame:
    """The 签到 rows; a time the desk cannot read stays empty here (核对考勤 reports it), so that a
    typo in one row never stops the desk."""
    if port.read_values(c.SIGN_IN.name) is None:
        raise InputError(Problem(c.SIGN_IN.name, "找不到这张工作表，请勿改名或删除"))
    return inputs.table(port, c.SIGN_IN, [], meeting.day)


# ---------------------------------------------------------------------------------------------
# 签到发座
def _cell(values: list[list] | None, address: str) -> str:
    row, col = cell_position(address)
    if not values or row >= len(values) or col >= len(values[row]):
        return ""
    return cell_text(values[row][col])


def _show(port, answer: core.DeskAnswer) -> str:
    port.write_cells(c.SIGN_IN_DESK, {c.DESK_RESULT_CELL: answer.seat or "—", c.DESK_MESSAGE_CELL: answer.message})
    return f"{answer.seat}\n{answer.message}" if answer.seat else answer.message


def sign_in_desk(port, name: str | None = None, unit: str = "", now: datetime | None = None, at: str | None = None) -> str:
    """Records one arrival typed on the 签到台 sheet (or given as `name`/`unit` on the command
    line) and hands out a seat; returns what the desk shows. `at` is a sign-in time typed later
    from a paper list (--time 8:31), on the meeting's day."""
    entry = (name, unit) if name is not None else None
    if entry is not None:
        typed, typed_unit = (cell_text(v) for v in entry)
    else:
        desk = port.read_values(c.SIGN_IN_DESK)
        if desk is None:
            hint = "" if getattr(port, "interactive", False) else "（命令行可用 --name 姓名 --unit 单位 签到）"
            raise InputError(Problem(c.SIGN_IN_DESK, f"找不到这张工作表，请勿改名或删除{hint}"))
        typed, typed_unit = _cell(desk, c.DESK_NAME_CELL), _cell(desk, c.DESK_UNIT_CELL)
    if not name_key(typed) and entry is not None:  # `--name " "` on the command line: bad input, exit code 2
        raise InputError(Problem("--name", "签到人的姓名是空的（只有空格或不可见字符）：请给出姓名，如 --name 张三", place="命令行参数"))
    if not name_key(typed):
        where = "用 --name 给出姓名" if entry is not None else f"先在 {c.DESK_NAME_CELL} 输入姓名，再点“签到发座”"
        return _show(port, core.DeskAnswer(core.NO_NAME, "", f"请{where}。"))
    problems: list[Problem] = []
    meeting = inputs.require(inputs.meeting(port, problems), problems)
    if at:
        from ..timeparse import TimeFormatError, parse_datetime

        try:
            now = parse_datetime(at, meeting.day)
        except TimeFormatError as exc:
            raise InputError(Problem(c.SIGN_IN.name, f"签到时间“{at}”{exc}", column="签到时间")) from None
    now = now or datetime.now().replace(microsecond=0)
    if meeting.get(SERVICE_KEY) and not at:
        from ..desk.client import sign_in_through_server

        return _show(port, sign_in_through_server(port, meeting, typed, typed_unit))
    setup = desk_setup(port)
    log = SheetLog(port, setup, read_signins(port, setup.meeting))
    arrival = arrival_of(setup, typed, typed_unit)
    if isinstance(arrival, list):
        how = "用 --unit 给出单位后重试" if entry is not None else f"在 {c.DESK_UNIT_CELL} 填写单位后再点“签到发座”"
        return _show(port, core.ambiguous(typed, arrival, how))
    return _show(port, core.sign_in(log, setup.pool, arrival, now))
