"""生成翻译清单 and 导入翻译: one file for the 翻译办, and its answers back into the workbook.

The list holds every text that needs Mongolian and lacks it (or holds it in a legacy encoding):
the 会标, the 发文机关标志 and — while 蒙汉双语座签 is on — the name of everyone who gets a plate.
Reading it back fills 蒙文姓名 and the 会议信息 keys; a cell that already holds other Mongolian is
not overwritten, and the message says which (a legacy-encoded one is replaced, and said so).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from .. import contract as c
from ..contract import Column as C, SheetDef
from ..core import seating as seating_core
from ..core.mongolian import fault_message, mongolian_fault
from ..meeting import Meeting
from ..port.layout import Sheet
from ..problems import InputError, Problem, raise_if
from ..tables import ROW, read_table
from ..text import name_key
from . import inputs

LIST_FILE = "翻译清单.xlsx"
BANNER, ISSUER, NAME = "会标", "发文机关标志", "姓名"
SETTING_OF = {BANNER: "会标（蒙古文）", ISSUER: "发文机关标志（蒙古文）"}
COLUMNS = ["序号", "类型", "汉文", "单位", "职务", "蒙古文", "备注", "位置"]
LIST = SheetDef(
    "翻译清单",
    (C("序号"), C("类型", True), C("汉文", True), C("单位"), C("职务"), C("蒙古文", True, allow_blank=True), C("备注"),
     C("位置")),
)
NOTE = "请在“蒙古文”列填写 Unicode 传统蒙古文（勿用旧版蒙科立、方正编码），填好后发回会务组；其他列请勿修改。"


def _needs(value: str) -> str | None:
    """Why a value needs translating: missing, or legacy-encoded; None when it is fine."""
    if not value.strip():
        return ""
    fault = mongolian_fault(value)
    return "现有蒙古文为旧编码或含非蒙古文字符，需重新提供" if fault else None


def entries(meeting: Meeting, roster: pd.DataFrame) -> list[dict]:
    rows = []
    banner = meeting.get("会标（汉文）") or meeting.name
    why = _needs(meeting.get(SETTING_OF[BANNER]))
    if why is not None:
        rows.append({"类型": BANNER, "汉文": banner, "备注": why or "会场横幅，蒙古文在上、汉文在下", "位置": f"会议信息：{SETTING_OF[BANNER]}"})
    host = meeting.get("主办单位")
    why = _needs(meeting.get(SETTING_OF[ISSUER]))
    if host and why is not None:
        rows.append({"类型": ISSUER, "汉文": f"{host}文件", "备注": why or "会议通知版头，红色，位于汉文上方",
                     "位置": f"会议信息：{SETTING_OF[ISSUER]}"})
    if meeting.flag("蒙汉双语座签"):
        from .seating import people_of

        for p in seating_core.plate_holders(people_of(roster), meeting.flag("全体座签")):
            why = _needs(p.name_mn)
            if why is not None:
                rows.append({"类型": NAME, "汉文": p.name, "单位": p.unit, "职务": p.title,
                             "备注": why or "座签姓名", "位置": f"参会名单第{p.row}行"})
    return [{"序号": i, **{k: "" for k in COLUMNS[1:]}, **r} for i, r in enumerate(rows, 1)]


def make_translation_list(port) -> str:
    from ..port.xlsx import write_xlsx

    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    roster = inputs.roster(port, problems)
    meeting = inputs.require(meeting, problems)
    rows = entries(meeting, roster)
    out = inputs.output_folder(port, meeting)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    sheet = Sheet.table(LIST.name, frame, {"序号": 6, "类型": 12, "汉文": 30, "单位": 22, "职务": 18, "蒙古文": 40,
                                           "备注": 30, "位置": 22}, note=f"{meeting.name}：{NOTE}", tab_color=None)
    path = write_xlsx([sheet], out / LIST_FILE, datetime.now())
    names = sum(1 for r in rows if r["类型"] == NAME)
    lines = [f"翻译清单已生成：共 {len(rows)} 项（会标、发文机关标志 {len(rows) - names} 项，座签姓名 {names} 人）。{path}"]
    if not rows:
        lines = [f"没有需要翻译的内容：会标、发文机关标志和座签姓名都已有蒙古文。（仍已写出空清单：{path}）"]
    if not meeting.flag("蒙汉双语座签"):
        lines.append("“蒙汉双语座签”为否：座签姓名未列入清单。")
    lines.append("翻译部门填好“蒙古文”列后，放回输出文件夹，点击“导入翻译”。")
    return "\n".join(lines)


def _read_list(path: Path) -> pd.DataFrame:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        values = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
    except Exception:
        raise InputError(Problem(path.name, "无法读取翻译清单：请确认是 Excel 文件（.xlsx）且未损坏", place="文件")) from None
    problems: list[Problem] = []
    frame = read_table(values, LIST, problems)
    if problems:
        raise InputError([Problem(path.name, p.message, p.row, p.column, p.column_index, place="文件") for p in problems])
    return frame


def import_translations(port, path: str | Path | None = None) -> str:
    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    roster = inputs.roster(port, problems)
    meeting = inputs.require(meeting, problems)
    out = inputs.output_folder(port, meeting)
    source = Path(path) if path else out / LIST_FILE
    if not source.is_absolute():
        source = port.folder / source
    if not source.is_file():
        raise InputError(Problem(str(source), "找不到翻译清单：请先点击“生成翻译清单”，翻译部门填好后放回这里", place="文件"))
    frame = _read_list(source)
    column = frame.attrs["columns"].get("蒙古文")
    filled = frame[frame["蒙古文"] != ""]
    for row, text in zip(filled[ROW], filled["蒙古文"]):
        said = fault_message(text, "蒙古文")
        if said:
            problems.append(Problem(source.name, said, row=int(row), column="蒙古文", column_index=column, place="文件"))
    raise_if(problems)

    roster_fills, roster_sets, meeting_fills, meeting_new, kept, unknown = [], [], [], [], [], []
    people: dict[tuple[str, str], list[dict]] = {}
    for r in roster.to_dict("records"):
        people.setdefault((name_key(r["姓名"]), name_key(r["单位"])), []).append(r)
    for item in filled.to_dict("records"):
        text, kind = item["蒙古文"], item["类型"]
        if kind in SETTING_OF:
            key = SETTING_OF[kind]
            now = meeting.get(key)
            if not now:
                (meeting_fills if key in meeting.rows else meeting_new).append((key, text))
            elif mongolian_fault(now):
                meeting_fills.append((key, text))
                kept.append(f"{key}：原为旧编码，已替换")
            elif now != text:
                kept.append(f"{key}：会议信息中已有不同的蒙古文，未覆盖")
            continue
        matches = people.get((name_key(item["汉文"]), name_key(item["单位"]))) or []
        if not item["单位"] and not matches:
            matches = [p for (n, _), ps in people.items() if n == name_key(item["汉文"]) for p in ps]
        if len(matches) != 1:
            unknown.append(f"{item['汉文']}（{item['单位'] or '未写单位'}）")
            continue
        person = matches[0]
        now = person["蒙文姓名"]
        if not now:
            roster_fills.append((int(person[ROW]), "蒙文姓名", text))
        elif mongolian_fault(now):
            roster_sets.append((int(person[ROW]), "蒙文姓名", text))
            kept.append(f"{person['姓名']}：原蒙文姓名为旧编码，已替换")
        elif now != text:
            kept.append(f"{person['姓名']}：参会名单中已有不同的蒙文姓名（第{int(person[ROW])}行），未覆盖")

    if roster_fills:
        port.fill_cells(c.ROSTER.name, roster_fills)
    if roster_sets:
        port.set_cells(c.ROSTER.name, roster_sets)
    if meeting_fills:
        port.set_cells(c.MEETING.name, [(meeting.rows[k], "内容", v) for k, v in meeting_fills])
    if meeting_new:
        port.append_rows(c.MEETING.name, [{"项目": k, "内容": v} for k, v in meeting_new])
    lines = [f"导入翻译：补入蒙文姓名 {len(roster_fills) + len(roster_sets)} 人，会议信息 {len(meeting_fills) + len(meeting_new)} 项"
             f"（{source.name}，其中 {len(frame) - len(filled)} 项尚未翻译）。"]
    if kept:
        lines.append("请核对：" + "；".join(kept[:10]) + ("等" if len(kept) > 10 else "") + "。")
    if unknown:
        lines.append("参会名单中找不到或有同名无法区分，未导入：" + "、".join(unknown[:10]) + "。")
    return "\n".join(lines)
