"""同步签到: the server's sign-ins into 签到, each once (re-running adds nothing).

The records come from the database beside the workbook, or from the server named in 会议信息
签到服务. A record is known in 签到 by its 记录号; a sign-out made at a desk fills 签退时间 of
its row, or — for a row typed in the workbook before the server started — is a row of its own
(the earliest 签到时间 and the latest 签退时间 count).
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import contract as c
from ..core import desk as core
from ..problems import InputError, Problem
from ..tables import ROW
from ..text import cell_text, name_key
from . import inputs
from .signin import RECORD_COLUMN, SERVICE_KEY, read_signins, sheet_row


@dataclass(frozen=True)
class ServerRecord:
    record: core.Record
    origin: str  # desk, or workbook (found in 签到 when the server started)
    signed_out_desk: str = ""
    sheet_row: int | None = None

    @classmethod
    def of(cls, data: dict) -> "ServerRecord":
        from ..desk.client import record_of

        return cls(record_of(data), data["origin"], data.get("signed_out_desk") or "", data.get("sheet_row"))


def server_records(port, meeting) -> tuple[list[ServerRecord], list[dict], str]:
    """(records, undone ones, where from)."""
    from ..desk.store import MeetingMismatch, fingerprint, read_records, store_path

    path = store_path(port.folder / port.name)
    if meeting.get(SERVICE_KEY):
        from ..desk.client import ServiceUnreachable, call

        try:
            data = call(meeting, "GET", "/api/records")
            return [ServerRecord.of(r) for r in data["records"]], data["undone"], "签到服务"
        except ServiceUnreachable:
            if not path.exists():
                raise
    if not path.exists():
        raise InputError(Problem(c.MEETING.name, f"没有找到签到数据 {path.name}：请在运行 huiwu serve 的电脑上同步，"
                                                 f"或在“{SERVICE_KEY}”填写签到服务的地址", column="项目"))
    try:
        rows, undone = read_records(path, fingerprint(meeting))
    except MeetingMismatch as exc:
        raise InputError(Problem(path.name, str(exc), place="文件")) from None
    return [ServerRecord.of(r.as_json()) for r in rows], undone, path.name


def sync_signins(port) -> str:
    problems: list[Problem] = []
    meeting = inputs.require(inputs.meeting(port, problems), problems)
    records, undone, source = server_records(port, meeting)
    signins = read_signins(port, meeting)
    by_id = {cell_text(v): i for i, v in enumerate(signins[RECORD_COLUMN]) if cell_text(v)}
    by_row = {int(r): i for i, r in enumerate(signins[ROW])}
    appended, fills, known = [], [], 0
    for found in records:
        record = found.record
        at = by_id.get(record.id)
        linked = False
        if at is None and found.origin == "workbook" and found.sheet_row in by_row:
            at = by_row[found.sheet_row]  # the row it was read from, if it still holds the same name
            linked = name_key(signins.iloc[at]["姓名"]) == name_key(record.name) and not cell_text(signins.iloc[at][RECORD_COLUMN])
            at = at if linked else None
        if at is None:
            if found.origin == "workbook":  # moved in the sheet since: only a desk's sign-out is news
                if found.signed_out_desk:
                    out = {"姓名": record.name, "单位": record.unit, "签退时间": record.signed_out, "代会对象": record.proxy_for,
                           "备注": f"签退（{found.signed_out_desk}）", RECORD_COLUMN: record.id}
                    appended.append({k: v for k, v in out.items() if v})
                else:
                    known += 1
                continue
            appended.append(sheet_row(record, record.id))
            continue
        known += 1
        row = signins.iloc[at]
        number = int(row[ROW])
        cells = []
        if record.signed_out and found.signed_out_desk and _empty(row["签退时间"]):
            cells.append((number, "签退时间", record.signed_out))
        if record.seat and not cell_text(row["座位"]):
            cells.append((number, "座位", record.seat))
        if cells and linked:
            cells.append((number, RECORD_COLUMN, record.id))  # known by its 记录号 from now on
        fills += cells
    if appended:
        port.append_rows(c.SIGN_IN.name, appended)
    if fills:
        port.fill_cells(c.SIGN_IN.name, fills)
    filled = len({row for row, header, _ in fills if header != RECORD_COLUMN and header})
    lines = [f"已从{source}同步签到：新增 {len(appended)} 行，补填 {filled} 行的签退时间或座位；"
             f"表中已有的 {known} 条未重复添加。"]
    if not appended and not fills:
        lines = [f"签到已是最新（{source}共 {len(records)} 条，均已在“签到”中）。"]
    for u in undone:
        if u["id"] in by_id:
            row = int(signins.iloc[by_id[u["id"]]][ROW])
            lines.append(f"注意：“签到”第{row}行（{u['name']}，记录号 {u['id']}）已在{u['undone_desk']}撤销，请核实后手工删除该行。")
    return "\n".join(lines)


def _empty(value) -> bool:
    import pandas as pd

    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""
