"""生成会务总结: an editable 会务工作总结.docx drafted from every sheet the workbook holds.

Each figure is counted by the same code that writes its sheet — attendance (考勤汇总), the call
round (电话通知汇总), the replies (回执汇总), the copies (材料回收), feedback (反馈汇总), points
(考核明细) — so the draft and the sheets agree. A part with no data is left out of the draft.
"""
from __future__ import annotations

from datetime import date

from .. import contract as c
from ..core import summary as core
from ..fields import issued_on, meeting_fields
from ..meeting import Meeting
from ..problems import Problem
from ..tables import read_table
from ..timeparse import format_day
from . import inputs

SUMMARY_FILE = "会务工作总结.docx"
TEMPLATE = "会务工作总结.docx"


def _attendance(port, meeting, categories) -> dict:
    from ..core.attendance import reconcile
    from .attendance import rules_of

    problems: list[Problem] = []
    roster = inputs.roster(port, problems, columns=["姓名", "单位", "职务", "类别"])
    leave = inputs.table(port, c.LEAVE, problems)
    signins = inputs.table(port, c.SIGN_IN, problems, meeting.day, columns=["姓名", "单位", "签到时间", "签退时间", "代会对象"])
    inputs.require(meeting, problems)
    result = reconcile(roster, leave, signins, rules_of(meeting), categories)
    total = result.summary[result.summary["分组"] == "合计"].iloc[0]
    figures = {k: int(total[k]) for k in ("应到", "实到", "请假", "代会", "迟到", "早退", "擅自代会", "旷会")}
    figures["迟到早退"] = int((result.results["状态"] == "迟到早退").sum())
    figures["出席率"] = f"{float(total['出席率']) * 100:.1f}%"
    return figures


def _prep(port, meeting) -> core.Prep | None:
    values = port.read_values(c.PREP_TASKS.name)
    if not values:
        return None
    tasks = read_table(values, c.PREP_TASKS, [], meeting.day)
    if tasks.empty:
        return None
    records = [{k: (None if v is None or v != v else v) for k, v in r.items()} for r in tasks.to_dict("records")]
    for r in records:
        for k in ("期限", "完成时间"):
            r[k] = r[k].to_pydatetime() if hasattr(r[k], "to_pydatetime") else r[k]
    return core.prep_counts(records)


def _calls(port, meeting, categories) -> dict | None:
    from ..core.callround import callers_from_staff, summarize

    calls = read_table(port.read_values(c.CALL_ROUND.name), c.CALL_ROUND, [], meeting.day)
    if calls.empty:
        return None
    leave = inputs.table(port, c.LEAVE, [])
    staff = inputs.table(port, c.STAFF, [])
    t = summarize(calls, leave, categories, callers_from_staff(staff)).by_category.iloc[-1]
    return {k: int(t[k]) for k in ("应通知", "已接通", "未接通", "待定", "未登记")}


def _replies(port) -> dict | None:
    """The unit block of 回执汇总, as 汇总回执 wrote it."""
    from ..core import replies as rc
    from ..tables import header_text

    values = port.read_values(c.REPLIES.name)
    if not values:
        return None
    counts = {rc.RETURNED: 0, rc.LATE: 0, rc.NOT_RETURNED: 0}
    column = None
    for row in values:
        texts = [header_text(v) for v in row]
        if column is None:
            if {"单位", "回执", "报送时间"} <= set(texts):
                column = texts.index("回执")
            continue
        if not any(texts) or "编号" in texts:
            break
        status = texts[column] if column < len(texts) else ""
        if status in counts:
            counts[status] += 1
    if column is None:
        return None
    total = sum(counts.values())
    return {"应报": total, "已报": counts[rc.RETURNED] + counts[rc.LATE], "逾期": counts[rc.LATE], "未报": counts[rc.NOT_RETURNED]}


def _copies(port, meeting) -> dict | None:
    from ..core import copies
    from .copies import levels_of, load_register

    register = load_register(port, [], meeting, required=False)
    if register.empty or not any(copies.is_issued(r) for r in register.to_dict("records")):
        return None
    t = copies.summary(register, levels_of(meeting)).iloc[-1]
    return {k: int(t[k]) for k in ("已领份数", "已回收", "未回收", "其中须清退")}


def _feedback(port, meeting) -> tuple[list[dict] | None, int, int]:
    from ..core import feedback

    answers = inputs.table(port, c.FEEDBACK, [], meeting.day)
    if answers.empty:
        return None, 0, 0
    questions = feedback.by_question(answers)
    rows = [{**r, "满意率": feedback.percent(r["满意率"])} for r in questions.to_dict("records")]
    return rows, len(answers), len(feedback.suggestions(answers))


def _staff(port, meeting) -> list[dict] | None:
    from ..core import points

    problems: list[Problem] = []
    ledger = inputs.table(port, c.POINTS_LEDGER, problems, meeting.day)
    if ledger.empty:
        return None
    rules = points.read_rules(read_table(port.read_values(c.POINT_ROLES.name), c.POINT_ROLES, problems),
                              read_table(port.read_values(c.POINT_DEDUCTIONS.name), c.POINT_DEDUCTIONS, problems), problems)
    detail = points.score(ledger, rules, problems, meeting.name, meeting.start, meeting.get("会议类别"))
    mine = detail[detail["会议名称"] == meeting.name]
    return [{"姓名": r["姓名"], "角色": r["角色"], "得分": float(r["得分"])} for r in mine.to_dict("records")] or None


def gather(port, meeting: Meeting) -> core.Facts:
    categories = inputs.categories(port)
    notice_day = issued_on(meeting) if meeting.get("成文日期") else None
    feedback, answered, ideas = _feedback(port, meeting)
    return core.Facts(
        attendance=_attendance(port, meeting, categories),
        notice_issued=notice_day,
        meeting_day=meeting.day,
        prep=_prep(port, meeting),
        calls=_calls(port, meeting, categories),
        replies=_replies(port),
        copies=_copies(port, meeting),
        feedback=feedback,
        feedback_count=answered,
        suggestions=ideas,
        staff=_staff(port, meeting),
    )


def write_summary(port, today: date | None = None) -> str:
    from ..documents.render import render_docx

    problems: list[Problem] = []
    meeting = inputs.require(inputs.meeting(port, problems), problems)
    port.status("huiwu：正在起草会务工作总结……")
    facts = gather(port, meeting)
    host = meeting.get("主办单位") or "【主办单位】"
    context = core.context(facts, meeting_fields(meeting, today), host, format_day(today or date.today()))
    out = inputs.output_folder(port, meeting)
    path = render_docx(TEMPLATE, context, out, SUMMARY_FILE, inputs.templates_dir(port, meeting))
    used = [name for name, value in (("筹备任务", facts.prep), ("电话通知", facts.calls), ("回执汇总", facts.replies),
                                     ("材料", facts.copies), ("反馈意见", facts.feedback), ("考核记录", facts.staff)) if value]
    missing = [name for name in ("筹备任务", "电话通知", "回执汇总", "材料", "反馈意见", "考核记录") if name not in used]
    a = facts.attendance
    lines = [f"会务工作总结（草稿）已生成，可在 Word 中修改：{path}",
             f"应到 {a['应到']} 人，实到 {a['实到']} 人，出席率 {a['出席率']}；引用了：考勤、{'、'.join(used) or '（无其他表）'}。"]
    if missing:
        lines.append(f"以下表暂无数据，相应内容未写入：{'、'.join(missing)}。")
    return "\n".join(lines)
