"""同步签到: the server's sign-ins into 签到, each once (re-running adds nothing).

The records come from the database beside the workbook, or from the server named in 会议信息
签到服务. A record is known in 签到 by its 记录号; a sign-out made at a desk fills 签退时间 of
its row, or — for a row typed in the workbook before the server started — is a row of its own
(the earliest 签到时间 and the latest 签退时间 count).
"""
from __future__ import annotations

from .. import contract as c
from ..core import desk as core
from ..problems import InputError, Problem
from ..tables import ROW
from ..text import cell_text
from . import inputs
from .signin import RECORD_COLUMN, SERVICE_KEY, read_signins, sheet_row


def server_records(port, meeting) -> tuple[list[tuple[core.Record, str]], list[dict], str]:
    """([(record, origin)], undone, where from)."""
    from ..desk.store import MeetingMismatch, fingerprint, read_records, store_path

    path = store_path(port.folder / port.name)
    if meeting.get(SERVICE_KEY):
        from ..desk.client import ServiceUnreachable, call, record_of

        try:
            data = call(meeting, "GET", "/api/records")
            return [(record_of(r), r["origin"]) for r in data["records"]], data["undone"], "签到服务"
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
    return [(r.record, r.origin) for r in rows], undone, path.name


def sync_signins(port) -> str:
    problems: list[Problem] = []
    meeting = inputs.require(inputs.meeting(port, problems), problems)
    records, undone, source = server_records(port, meeting)
    signins = read_signins(port, meeting)
    by_id = {cell_text(v): i for i, v in enumerate(signins[RECORD_COLUMN]) if cell_text(v)}
    appended, fills, known = [], [], 0
    for record, origin in records:
        at = by_id.get(record.id)
        if at is not None:
            known += 1
            row = signins.iloc[at]
            number = int(row[ROW])
            if record.signed_out and _empty(row["签退时间"]):
                fills.append((number, "签退时间", record.signed_out))
            if record.seat and not cell_text(row["座位"]):
                fills.append((number, "座位", record.seat))
            continue
        if origin == "workbook":  # typed in the workbook: only a sign-out made at a desk is news
            if record.signed_out:
                out = {"姓名": record.name, "单位": record.unit, "签退时间": record.signed_out, "代会对象": record.proxy_for,
                       "备注": "签退（签到台）", RECORD_COLUMN: record.id}
                appended.append({k: v for k, v in out.items() if v})
            else:
                known += 1
            continue
        appended.append(sheet_row(record, record.id))
    if appended:
        port.append_rows(c.SIGN_IN.name, appended)
    if fills:
        port.fill_cells(c.SIGN_IN.name, fills)
    lines = [f"已从{source}同步签到：新增 {len(appended)} 行，补填 {len(fills)} 处签退时间或座位；"
             f"表中已有的 {known} 条未重复添加。"]
    if not appended and not fills:
        lines = [f"签到已是最新（{source}共 {len(records)} 条，均已在“签到”中）。"]
    stale = [u for u in undone if u["id"] in by_id]
    for u in stale:
        row = int(signins.iloc[by_id[u['id']]][ROW])
        lines.append(f"注意：“签到”第{row}行（{u['name']}，记录号 {u['id']}）已在{u['undone_desk']}撤销，请核实后手工删除该行。")
    return "\n".join(lines)


def _empty(value) -> bool:
    import pandas as pd

    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""
