"""排主席台座次, 生成座签 and 生成座位卡: roster and settings in, seats, sheets and files out."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from .. import contract as c
from ..core import seating as core
from ..meeting import Meeting
from ..port.layout import Block, Sheet
from ..problems import InputError, Problem, raise_if
from ..tables import ROW
from . import inputs

SEATING_SHEET = "座次"
EMPTY_SEAT = "（空位）"


@dataclass
class Settings:
    variant: str
    per_row: int | None
    hall: core.Hall | None
    plates_for_all: bool


# ---------------------------------------------------------------------------------------------
# Reading
def _integer(meeting: Meeting, key: str, problems: list[Problem], minimum: int = 0) -> int | None:
    value = meeting.number(key, problems)
    if value is None:
        return None
    if value != int(value) or value < minimum:
        word = "正整数" if minimum > 0 else "不小于 0 的整数"
        problems.append(Problem(c.MEETING.name, f"“{key}”应为{word}，现为“{meeting.get(key)}”", row=meeting.rows.get(key), column="内容"))
        return None
    return int(value)


def settings_of(meeting: Meeting, problems: list[Problem]) -> Settings:
    per_row = _integer(meeting, "主席台每排座位数", problems, 1)
    rows = _integer(meeting, "会场排数", problems, 1)
    seats = _integer(meeting, "每排座位数", problems, 1)
    reserved = _integer(meeting, "预留排数", problems, 0) or 0
    hall = None
    if rows and seats:
        try:
            hall = core.Hall(rows, seats, reserved, meeting.get("发座方式") or core.FROM_CENTRE)
        except core.SeatingError as exc:
            problems.append(Problem(c.MEETING.name, str(exc), row=meeting.rows.get("预留排数"), column="内容"))
    elif rows or seats:
        missing = "每排座位数" if rows else "会场排数"
        problems.append(Problem(c.MEETING.name, f"已填会场座位的一项，还缺“{missing}”", row=meeting.rows.get(missing), column="项目"))
    return Settings((meeting.get("主席台排法") or "A").upper(), per_row, hall, meeting.flag("全体座签"))


def people_of(roster: pd.DataFrame) -> list[core.Attendee]:
    """Roster rows as attendees; 排序, 座区 and 座签 were checked when the roster was read."""
    people = []
    for r in roster.to_dict("records"):
        rank = pd.to_numeric(str(r["排序"]).replace("，", ""), errors="coerce") if r["排序"] else None
        rank = None if rank is None or pd.isna(rank) else float(rank)
        plate = {c.YES: True, c.NO: False}.get(r["座签"])
        people.append(core.Attendee(r["姓名"], r["单位"], r["职务"], r["类别"], rank, r["座区"], plate, r["蒙文姓名"], int(r[ROW])))
    return people


def load(port):
    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    roster = inputs.roster(port, problems)
    people = people_of(roster)
    settings = settings_of(meeting, problems) if meeting else None
    meeting = inputs.require(meeting, problems)
    return meeting, roster, people, settings, inputs.categories(port)


def _seating_error(meeting: Meeting, exc: core.SeatingError, key: str) -> InputError:
    return InputError(Problem(c.MEETING.name, str(exc), row=meeting.rows.get(key), column="内容" if key in meeting.rows else "项目"))


def _plan(meeting: Meeting, people, settings: Settings, issued=None) -> core.SeatingPlan:
    try:
        return core.plan_seating(people, settings.per_row, settings.variant, settings.hall, settings.plates_for_all, issued)
    except core.SeatingError as exc:
        key = "主席台排法" if "排法" in str(exc) else "预留排数"
        raise _seating_error(meeting, exc, key) from None


def _issued_names(port, day) -> dict[tuple[int, int], str]:
    signins = inputs.table(port, c.SIGN_IN, [], day)
    issued = {}
    for name, seat in zip(signins.get("姓名", []), signins.get("座位", [])):
        where = core.parse_seat(seat)
        if where and where not in issued:
            issued[where] = name
    return issued


# ---------------------------------------------------------------------------------------------
# 排主席台座次
def podium_label(seat: core.PodiumSeat) -> str:
    return f"主席台 {core.seat_label(seat.row, seat.seat)}"


def seating_sheet(plan: core.SeatingPlan, colors: dict[str, str]) -> Sheet:
    blocks = []
    if plan.podium:
        width = max(len(r) for r in plan.podium)
        records, fills = [], {}
        for i, number in enumerate(range(len(plan.podium), 0, -1)):  # back row on top, as on the stage
            row = plan.podium[number - 1]
            shift = (width - len(row)) // 2  # a shorter row is centred over the longer ones
            record = {"排": f"第{number}排"}
            for seat in row:
                record[str(seat.seat + shift)] = seat.person.name if seat.person else EMPTY_SEAT
                if seat.person and seat.person.category in colors:
                    fills[(i, seat.seat + shift)] = colors[seat.person.category]
            records.append(record)
        frame = pd.DataFrame(records, columns=["排", *map(str, range(1, width + 1))])  # NaN = an empty cell
        title = "主席台（观众视角：面向主席台，左右为观众的左右；第1排最靠近台口；各人座号见下方名单）"
        blocks.append(Block(frame, title=title, header=False, cell_fills=fills))
        listing = [
            {"排序": _rank_text(s.person), "姓名": s.person.name, "单位": s.person.unit, "职务": s.person.title,
             "类别": s.person.category, "座位": podium_label(s)}
            for row in plan.podium for s in core.seated_by_rank(row)
        ]
        blocks.append(Block(pd.DataFrame(listing), title="主席台名单（按排序）"))
    else:
        blocks.append(Block(pd.DataFrame({"说明": ["名单中没有“座区”为“主席台”的人员。"]}), header=False))
    if plan.hall:
        grid = plan.hall_grid()
        frame = pd.DataFrame([[f"第{r}排", *[name or None for name, _ in row]] for r, row in enumerate(grid, start=1)],
                             columns=["排", *map(str, range(1, plan.hall.seats_per_row + 1))])
        fills = {(r, s + 1): colors[cat] for r, row in enumerate(grid) for s, (_, cat) in enumerate(row) if cat in colors}
        order = plan.hall.order
        title = (f"会场（台下，观众视角）：前 {plan.hall.reserved_rows} 排为预留座位，按排序安排有座签人员；"
                 f"其后按签到先后从前往后发座（{order}）") if plan.hall.reserved_rows else f"会场（台下，观众视角）：按签到先后从前往后发座（{order}）"
        blocks.append(Block(frame, title=title, cell_fills=fills))
    used = [cat for cat in colors if any(s.person and s.person.category == cat for row in plan.podium for s in row)
            or any(p.category == cat for p in plan.reserved.values())]
    if used:
        legend = pd.DataFrame({"类别": used, "颜色": [""] * len(used)})
        blocks.append(Block(legend, title="图例", cell_fills={(i, 1): colors[cat] for i, cat in enumerate(used)}))
    columns = max(len(b.frame.columns) for b in blocks)
    widths = {0: 10, **{i: 11 for i in range(1, columns)}}
    return Sheet(SEATING_SHEET, blocks, widths, freeze=False)


def _rank_text(person: core.Attendee) -> str:
    if person.rank is None:
        return ""
    return str(int(person.rank)) if person.rank == int(person.rank) else str(person.rank)


def chart_of(meeting: Meeting, plan: core.SeatingPlan, colors: dict[str, str], settings: Settings):
    from ..documents.seating_chart import Chart, ChartSeat

    def seat_of(person):
        return ChartSeat(person.name, person.title, person.category)

    podium = [[seat_of(s.person) if s.person else None for s in row] for row in plan.podium]
    hall = []
    if plan.hall:
        for r in range(1, plan.hall.rows + 1):
            row = []
            for s in range(1, plan.hall.seats_per_row + 1):
                person = plan.reserved.get((r, s))
                row.append(seat_of(person) if person else ChartSeat(plan.issued.get((r, s), "")))
            hall.append(row)
    notes = [f"主席台排法：{settings.variant}（{'单数居中，二号在一号左手（观众右侧）' if settings.variant != 'B' else '双数时一号在观众右侧中位'}）。"]
    if plan.hall:
        notes.append(f"会场 {plan.hall.rows} 排 × {plan.hall.seats_per_row} 座，前 {plan.hall.reserved_rows} 排预留；"
                     f"其余座位按签到先后从前往后发放（{plan.hall.order}）。")
    notes.append(f"生成时间：{datetime.now():%Y-%m-%d %H:%M}。请领导审定后摆放座签。")
    return Chart(f"{meeting.name}座次图", podium, hall, colors, notes, plan.hall.reserved_rows if plan.hall else 0)


def arrange_podium(port) -> str:
    from ..documents.seating_chart import category_colors, render_seating_chart

    meeting, roster, people, settings, categories = load(port)
    plan = _plan(meeting, people, settings, _issued_names(port, meeting.day))
    colors = category_colors([*categories, *(p.category for p in people)])
    out = inputs.output_folder(port, meeting)
    port.write_sheets([seating_sheet(plan, colors)], None, out)
    path = render_seating_chart(chart_of(meeting, plan, colors, settings), out)
    count = sum(1 for row in plan.podium for s in row if s.person)
    message = f"主席台 {count} 人，共 {len(plan.podium)} 排（排法 {settings.variant}，观众视角），已写入“{SEATING_SHEET}”。"
    if plan.hall and plan.hall.reserved_rows:
        placed = f"已按排序安排 {len(plan.reserved)} 位有座签人员" if plan.reserved else "目前台下无座签人员"
        message += f"\n台下预留前 {plan.hall.reserved_rows} 排，{placed}。"
    message += f"\n座次图：{path}"
    return message


# ---------------------------------------------------------------------------------------------
# 生成座签 and 生成座位卡
def _plate_problems(holders: list[core.Attendee], roster: pd.DataFrame, bilingual: bool) -> list[Problem]:
    """Every 蒙文姓名 in the roster must be clean Unicode; with bilingual plates on, every plate needs one."""
    from .mongolian import roster_problems

    problems = roster_problems(roster)
    if bilingual:
        cols = roster.attrs.get("columns", {})
        problems += [Problem(c.ROSTER.name, f"{p.name}（{p.unit}）的座签缺少蒙古文：“蒙汉双语座签”为是时每张座签都要有蒙文姓名"
                             "（可点击“生成翻译清单”交翻译部门，再“导入翻译”）",
                             row=p.row, column="蒙文姓名", column_index=cols.get("蒙文姓名"))
                     for p in holders if not p.name_mn.strip()]
    return problems


def make_plates(port) -> str:
    from ..documents.plates import FontMissing, Plate, PlateTemplate, render_plates

    meeting, roster, people, settings, _ = load(port)
    holders = core.plate_holders(people, settings.plates_for_all)
    raise_if(_plate_problems(holders, roster, meeting.flag("蒙汉双语座签")))
    if not holders:
        raise InputError(Problem(c.ROSTER.name, "没有需要座签的人员：请在“座区”填写主席台，或在“座签”填写是，或把“全体座签”设为是", column="座签"))
    template = PlateTemplate(font_family=meeting.get("座签字体") or "方正小标宋简体", show_unit=meeting.flag("座签印单位"))
    out = inputs.output_folder(port, meeting)
    port.status(f"huiwu：正在生成 {len(holders)} 张座签……")
    try:
        result = render_plates([Plate(p.name, p.unit, p.name_mn) for p in holders], out, template)
    except FontMissing as exc:
        raise InputError(Problem(c.MEETING.name, str(exc), row=meeting.rows.get("座签字体"), column="内容")) from None
    podium = sum(1 for p in holders if p.on_podium)
    message = (f"已生成 {result.pages} 张座签（主席台 {podium} 张，台下 {result.pages - podium} 张），按排序排列。\n"
               f"打印：{result.pdf}（A4 横向，每页一张，沿中间虚线对折）\n"
               "需要改名或增减座签时，请在“参会名单”中修改后再点一次“生成座签”，只重印改动的那几页即可。")
    if result.substituted:
        message += f"\n注意：本机未安装字体“{template.font_family}”，已改用“{result.font}”。"
    if result.missing:
        names = "、".join(p.name for p in holders if set(p.name) & set(result.missing))
        message += f"\n注意：字体中缺少“{''.join(result.missing)}”（{names}），座签上无法显示，请安装含该字的字体或手写。"
    return message


def make_seat_cards(port) -> str:
    from ..core.supplies import seat_card_count
    from ..documents.seat_cards import render_seat_cards
    from .preparation import supply_basis

    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    basis = supply_basis(port, meeting, problems)
    meeting = inputs.require(meeting, problems)
    raise_if(problems)
    hall = settings_of(meeting, problems).hall
    if hall is None:
        raise InputError(Problem(c.MEETING.name, "生成座位卡需要会场座位：请填写“会场排数”和“每排座位数”", column="项目"))
    count, how = seat_card_count(basis.rules, basis.counts, basis.winter)
    labels = core.seat_cards(hall)[:count]  # the seats reached front to back, as many as 物资清单 lists
    out = inputs.output_folder(port, meeting)
    path = render_seat_cards(labels, out, meeting.name)
    last_row = core.parse_seat(labels[-1])[0] if labels else hall.reserved_rows
    return (f"已生成 {len(labels)} 张座位卡（第{hall.reserved_rows + 1}排至第{last_row}排，{hall.order}），"
            f"与物资清单一致（{how}），按发放顺序编号，每张 A4 八张，沿虚线裁开。\n{path}")


# ---------------------------------------------------------------------------------------------
# 签到发座: the desk's rules live in core.desk, the button in services.signin.
def sign_in_desk(port, name: str | None = None, unit: str = "", now: datetime | None = None, at: str | None = None) -> str:
    from .signin import sign_in_desk as desk

    return desk(port, name, unit, now, at)
