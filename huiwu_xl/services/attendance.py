"""核对考勤: read the workbook, reconcile, write 考勤结果 / 考勤汇总 / 名单外签到 and the 通报."""
from __future__ import annotations

from datetime import date

import pandas as pd

from ..contract import LEAVE, MEETING, ROSTER, SIGN_IN, VIOLATIONS
from ..core.attendance import Attendance, Rules, reconcile
from ..fields import meeting_fields
from ..meeting import Meeting
from ..port.layout import VIOLATION_FILL, Sheet
from . import inputs

# Other columns are as wide as their longest entry; these wrap inside the width given.
RESULT_WIDTHS = {"职务": 18, "请假事由": 16, "说明": 32}
CIRCULAR_FILE = "会议考勤通报.docx"
RESULTS_FILE = "考勤结果.xlsx"
KIND_TITLES = {"擅自代会": "擅自安排他人代会", "旷会": "无故缺席（旷会）", "迟到": "迟到", "早退": "早退", "迟到早退": "迟到且早退"}
KIND_ORDER = ("擅自代会", "旷会", "迟到", "早退", "迟到早退")
HOST_PLACEHOLDER = "【主办单位】"


def load(port) -> tuple[Meeting, pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    problems = []
    port.preload([ROSTER.name, SIGN_IN.name, MEETING.name, LEAVE.name])  # the two big ones first
    meeting = inputs.meeting(port, problems)
    day = meeting.day if meeting else None
    roster = inputs.roster(port, problems, columns=["姓名", "单位", "职务", "类别"])
    leave = inputs.table(port, LEAVE, problems, required=True)
    signins = inputs.table(port, SIGN_IN, problems, day, required=True, columns=["姓名", "单位", "签到时间", "签退时间", "代会对象"])
    meeting = inputs.require(meeting, problems)
    return meeting, roster, leave, signins, inputs.categories(port)


def rules_of(meeting: Meeting) -> Rules:
    return Rules(meeting.start, meeting.end, meeting.late_grace, meeting.early_grace, meeting.written_leave_required)


def sheets_of(result: Attendance) -> list[Sheet]:
    fills = {i: VIOLATION_FILL for i, s in enumerate(result.results["状态"]) if s in VIOLATIONS}
    summary = result.summary.copy()
    bold = {i for i, g in enumerate(summary["分组"]) if g == "合计"}
    return [
        Sheet.table("考勤结果", result.results, RESULT_WIDTHS, row_fills=fills),
        Sheet.table("考勤汇总", summary, {"分组": 8, "名称": 26}, bold_rows=bold),
        Sheet.table("名单外签到", result.strangers, {"姓名": 10, "单位": 26, "签到时间": 17, "原因": 36}),
    ]


def circular_context(meeting: Meeting, result: Attendance, categories: list[str], today: date | None = None) -> dict:
    res = result.results
    total = result.summary[result.summary["分组"] == "合计"].iloc[0]
    totals = {k: int(total[k]) for k in ("应到", "实到", "请假", "代会", "迟到", "早退", "擅自代会", "旷会")}
    totals["出席率"] = f"{float(total['出席率']) * 100:.1f}%"
    # Only the people the circular names, as plain records (itertuples is slow on wide frames).
    named = res.loc[~res["状态"].isin(["出席"]), ["姓名", "单位", "职务", "状态", "代会人", "请假事由", "说明"]].to_dict("records")
    leaves = [{"name": r["姓名"], "unit": r["单位"], "post": r["职务"], "reason": r["请假事由"]}
              for r in named if r["状态"] == "请假"]
    substitutes = [{"name": r["姓名"], "unit": r["单位"], "post": r["职务"], "substitute": r["代会人"], "reason": r["请假事由"]}
                   for r in named if r["状态"] == "代会"]
    violations = []
    for kind in KIND_ORDER:
        by_unit: dict[str, list[dict]] = {}
        for r in named:
            if r["状态"] == kind:
                by_unit.setdefault(r["单位"], []).append({"name": r["姓名"], "post": r["职务"], "detail": r["说明"]})
        if by_unit:
            units = [{"unit": unit, "people": people} for unit, people in by_unit.items()]
            violations.append({"kind": kind, "title": KIND_TITLES[kind], "units": units})
    used = [c for c in categories if c in set(res["类别"])]
    fields = meeting_fields(meeting, today)
    fields["host"] = fields["host"] or HOST_PLACEHOLDER  # a visible gap in the draft, not an empty 落款
    return {
        "meeting": fields,
        "issued_text": fields["circular_date_text"],
        "scope_text": "、".join(used) + "参会人员" if used else "各参会单位人员",
        "totals": totals,
        "leaves": leaves,
        "substitutes": substitutes,
        "violations": violations,
        "deadline_text": _deadline(meeting),
    }


def _deadline(meeting: Meeting) -> str:
    from datetime import timedelta

    d = meeting.end.date() + timedelta(days=3)
    return f"{d.month}月{d.day}日"


def check_attendance(port) -> str:
    meeting, roster, leave, signins, categories = load(port)
    port.status("huiwu：正在核对考勤……")
    result = reconcile(roster, leave, signins, rules_of(meeting), categories)
    out = inputs.output_folder(port, meeting)
    xlsx = port.write_sheets(sheets_of(result), RESULTS_FILE, out)
    from ..documents.circular import render_circular

    docx = render_circular(circular_context(meeting, result, categories), out, CIRCULAR_FILE, inputs.templates_dir(port, meeting))
    t = {k: result.count(k) for k in ("出席", "迟到", "早退", "迟到早退", "请假", "代会", "擅自代会", "旷会")}
    present = t["出席"] + t["迟到"] + t["早退"] + t["迟到早退"]
    message = (
        f"考勤核对完成：应到 {len(result.results)} 人，实到 {present} 人，请假 {t['请假']} 人，代会 {t['代会']} 人，"
        f"迟到 {t['迟到'] + t['迟到早退']} 人，早退 {t['早退'] + t['迟到早退']} 人，擅自代会 {t['擅自代会']} 人，旷会 {t['旷会']} 人。"
    )
    if len(result.strangers):
        message += f"\n另有 {len(result.strangers)} 条签到或请假无法对应到名单，见“名单外签到”。"
    message += f"\n考勤通报：{docx}"
    if not meeting.get("主办单位"):
        message += f"\n“会议信息”未填写“主办单位”：通报落款处暂为“{HOST_PLACEHOLDER}”，请填写后重新生成或在 Word 中修改。"
    if xlsx:
        message += f"\n考勤结果：{xlsx}"
    port.status(message.splitlines()[0])
    return message
