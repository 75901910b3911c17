"""The meeting's own id (会议编号): given once, kept in 会议信息, so that what belongs to one
meeting (the mail record, sign-in codes) stays with it when its name or output folder changes."""
from __future__ import annotations

import uuid

from ..contract import MEETING
from ..meeting import Meeting

MEETING_ID = "会议编号"


def meeting_id(port, meeting: Meeting, adopt: str = "") -> str:
    """The 会议编号, written into 会议信息 the first time a command needs it.

    `adopt` is the id this workbook's own records already use: Excel may have closed without
    saving the cell it was written to, and a new id would disown everything recorded under it.
    """
    current = meeting.get(MEETING_ID).strip()
    if current:
        return current
    new = adopt or uuid.uuid4().hex[:12]
    keep_setting(port, meeting, MEETING_ID, new)
    return new


def keep_setting(port, meeting: Meeting, key: str, value: str) -> None:
    """Writes a value the program gives the meeting once into 会议信息: into the row of `key` when
    staff left one blank, else a new row; `meeting` reads it from now on."""
    row = meeting.rows.get(key)
    if row:
        port.fill_cells(MEETING.name, [(row, "内容", value)])
    else:
        port.append_rows(MEETING.name, [{"项目": key, "内容": value}])
    meeting.raw[key] = value
