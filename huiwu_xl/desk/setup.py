"""What the server takes from the workbook at start, and a copy of it in the database.

After a crash the server restarts from that copy when the workbook has not changed since: no
spreadsheet to parse and no pandas to import, so the desks are back within a second or two.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..core import desk as core
from ..core.seating import Hall


@dataclass(frozen=True)
class MeetingInfo:
    name: str
    start: datetime
    end: datetime
    place: str


@dataclass
class Setup:
    meeting: MeetingInfo
    roster: core.Roster
    pool: core.SeatPool
    categories: list[str]
    secret: str | None

    def to_json(self) -> str:
        hall = self.pool.hall
        return json.dumps({
            "meeting": [self.meeting.name, self.meeting.start.isoformat(), self.meeting.end.isoformat(), self.meeting.place],
            "people": [[p.key, p.name, p.unit, p.category, p.title, p.phone, p.seat] for p in self.roster.people],
            "hall": [hall.rows, hall.seats_per_row, hall.reserved_rows, hall.order] if hall else None,
            "categories": self.categories,
            "secret": self.secret,
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Setup":
        data = json.loads(text)
        name, start, end, place = data["meeting"]
        hall = Hall(*data["hall"]) if data["hall"] else None
        return cls(MeetingInfo(name, datetime.fromisoformat(start), datetime.fromisoformat(end), place),
                   core.Roster(core.Person(*p) for p in data["people"]), core.SeatPool(hall), data["categories"], data["secret"])


def signature(workbook: Path) -> str:
    """Changes whenever the workbook is saved."""
    stat = workbook.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def read_workbook(workbook: Path) -> tuple[Setup, list[tuple[str, core.Record, int]]]:
    """The roster with named seats, the hall, the secret, and the 签到 rows as (identity, record)."""
    from ..port import FileWorkbook
    from ..services.codes import meeting_secret
    from ..services.signin import RECORD_COLUMN, SheetLog, desk_setup, read_signins

    port = FileWorkbook(workbook)
    found = desk_setup(port)
    signins = read_signins(port, found.meeting)
    secret = meeting_secret(port, found.meeting, create=False)
    m = found.meeting
    setup = Setup(MeetingInfo(m.name, m.start, m.end, m.place), found.roster, found.pool, found.categories, secret)
    log = SheetLog(port, found, signins)
    ids = signins[RECORD_COLUMN].tolist() if RECORD_COLUMN in signins.columns else [""] * len(signins)
    rows = []
    for position, (identity, record_id) in enumerate(zip(log.identities(), ids)):
        record = log.record_at(position)  # its id is the row number
        rows.append((identity, core.Record(**{**record.__dict__, "id": str(record_id or "")}), int(record.id)))
    return setup, rows
