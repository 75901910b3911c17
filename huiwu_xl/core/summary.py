"""会务工作总结: the figures of a meeting's service work as sentences. Pure Python.

Every figure is passed in already counted by the module that owns it (attendance, call round,
replies, copies, feedback, points), so the draft says what the sheets say; this module only words
it and lists what went wrong, for the office to edit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

MIN_NOTICE_DAYS = 3


def cn_number(n: int) -> str:
    """1 → 一 … 10 → 十: the few section numbers a 总结 needs."""
    return "一二三四五六七八九十"[n - 1]


def rate(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "—"


@dataclass
class Prep:
    total: int
    on_time: int
    late: int  # done after the due date
    open: int  # not done
    late_tasks: list[str] = field(default_factory=list)  # late or open, by name


def prep_counts(tasks: list[dict]) -> Prep:
    """筹备任务 rows (任务, 期限, 状态, 完成时间) → done on time, late, not done."""
    on_time = late = still_open = 0
    behind = []
    for t in tasks:
        due, done_at = t.get("期限"), t.get("完成时间")
        if t.get("状态") != "已完成":
            still_open += 1
            behind.append(t["任务"])
        elif isinstance(due, datetime) and isinstance(done_at, datetime) and done_at > due:
            late += 1
            behind.append(t["任务"])
        else:
            on_time += 1
    return Prep(len(tasks), on_time, late, still_open, behind)


@dataclass
class Facts:
    """What the workbook knows; None where a sheet is missing or empty (the section is left out)."""

    attendance: dict  # 应到, 实到, 请假, 代会, 迟到, 早退, 迟到早退, 擅自代会, 旷会 (考勤汇总's 合计), 出席率 text
    notice_issued: date | None = None
    meeting_day: date | None = None
    prep: Prep | None = None
    calls: dict | None = None  # 电话通知汇总's 合计: 应通知, 已接通, 未接通, 待定, 未登记
    replies: dict | None = None  # units: 应报, 已报, 逾期, 未报
    copies: dict | None = None  # 已领份数, 已回收, 未回收, 其中须清退
    feedback: list[dict] | None = None  # by question: 题目, 满意, 基本满意, 不满意, 作答, 满意率 (text)
    feedback_count: int = 0
    suggestions: int = 0
    staff: list[dict] | None = None  # 姓名, 角色, 得分


def attendance_text(a: dict) -> str:
    return (f"本次会议应到{a['应到']}人，实到{a['实到']}人，出席率{a['出席率']}；"
            f"其中请假{a['请假']}人，经批准代会{a['代会']}人。")


def violators(a: dict) -> int:
    """People who broke the rules: 考勤汇总 counts one who came late and left early under both."""
    return a["迟到"] + a["早退"] - a.get("迟到早退", 0) + a["擅自代会"] + a["旷会"]


def violations_text(a: dict) -> str:
    parts = [f"{k}{a[k]}人" for k in ("迟到", "早退") if a.get(k)]
    if a.get("迟到早退"):
        parts[-1] += f"（其中迟到且早退{a['迟到早退']}人）"
    parts += [f"{k}{a[k]}人" for k in ("擅自代会", "旷会") if a.get(k)]
    if not parts:
        return "会议纪律良好，未发现迟到、早退、擅自代会和旷会情况。"
    return f"会议纪律方面，{'、'.join(parts)}，共{violators(a)}人，已在会议考勤通报中通报。"


def preparation(f: Facts) -> list[dict]:
    items = []
    if f.prep:
        p = f.prep
        text = f"共列筹备任务{p.total}项，按期完成{p.on_time}项，逾期完成{p.late}项，尚未完成{p.open}项。"
        items.append({"heading": "筹备任务", "text": text})
    if f.notice_issued and f.meeting_day:
        days = (f.meeting_day - f.notice_issued).days
        text = (f"会议通知于{f.notice_issued.year}年{f.notice_issued.month}月{f.notice_issued.day}日印发，"
                f"距会议召开{days}天" + ("，符合至少提前3天通知的要求。" if days >= MIN_NOTICE_DAYS else "，少于提前3天通知的要求。"))
        items.append({"heading": "会议通知", "text": text})
    if f.calls:
        c = f.calls
        text = (f"会前逐一电话通知参会人员{c['应通知']}人，接通{c['已接通']}人，接通率{rate(c['已接通'], c['应通知'])}；"
                f"未接通{c['未接通']}人，待定{c['待定']}人，尚未登记结果{c['未登记']}人。")
        items.append({"heading": "电话通知", "text": text})
    if f.replies:
        r = f.replies
        text = (f"应报参会回执单位{r['应报']}个，已报{r['已报']}个（其中逾期{r['逾期']}个），未报{r['未报']}个，"
                f"回执报送率{rate(r['已报'], r['应报'])}。")
        items.append({"heading": "参会回执", "text": text})
    return _numbered(items)


def service(f: Facts) -> list[dict]:
    a = f.attendance
    items = [{"heading": "签到与考勤", "text": f"会议实行签到制度，实到{a['实到']}人，出席率{a['出席率']}，会后核对考勤并印发通报。"}]
    if f.copies:
        c = f.copies
        text = f"会议发放编号材料{c['已领份数']}份，已回收{c['已回收']}份，未回收{c['未回收']}份"
        text += f"（其中须清退的涉密材料{c['其中须清退']}份）。" if c["其中须清退"] else "。"
        items.append({"heading": "会议材料", "text": text})
    return _numbered(items)


def _numbered(items: list[dict]) -> list[dict]:
    return [{**item, "heading": f"（{cn_number(i)}）{item['heading']}"} for i, item in enumerate(items, 1)]


def feedback_lines(f: Facts) -> tuple[str, list[str]]:
    text = f"会后收回会务意见反馈表{f.feedback_count}份，收到意见建议{f.suggestions}条。各项评价如下："
    lines = [f"{i}.{q['题目']}：满意{q['满意']}人，基本满意{q['基本满意']}人，不满意{q['不满意']}人，满意率{q['满意率'] or '—'}。"
             for i, q in enumerate(f.feedback or [], 1)]
    return text, lines


def staff_text(f: Facts) -> str:
    people = "；".join(f"{s['姓名']}（{s['角色']}，{s['得分']:g}分）" for s in f.staff or [])
    return f"会务组{len(f.staff or [])}人参与本次会议服务，按工作人员考核办法计分：{people}。"


def problems(f: Facts) -> list[str]:
    found = []
    if f.prep and (f.prep.late or f.prep.open):
        names = "、".join(f.prep.late_tasks[:3]) + ("等" if len(f.prep.late_tasks) > 3 else "")
        found.append(f"部分筹备任务未按期完成（{names}），须提前安排、专人跟进。")
    if f.notice_issued and f.meeting_day and (f.meeting_day - f.notice_issued).days < MIN_NOTICE_DAYS:
        found.append("会议通知印发偏晚，今后应至少提前3天印发。")
    if f.calls and (f.calls["未接通"] or f.calls["未登记"]):
        found.append(f"电话通知有{f.calls['未接通'] + f.calls['未登记']}人未接通或未登记结果，须多次联系、及时登记。")
    if f.replies and f.replies["未报"] + f.replies["逾期"]:
        found.append(f"有{f.replies['未报'] + f.replies['逾期']}个单位未按时报送参会回执，应在截止前逐一电话催报。")
    a = f.attendance
    if violators(a):
        found.append(f"有{violators(a)}人违反会议纪律，须严格执行请假和考勤制度。")
    if f.copies and f.copies["其中须清退"]:
        found.append(f"尚有{f.copies['其中须清退']}份涉密材料未清退，须限期收回。")
    unhappy = sum(q["不满意"] for q in f.feedback or [])
    if unhappy:
        worst = max(f.feedback, key=lambda q: q["不满意"])
        found.append(f"服务评价中有{unhappy}人次不满意，集中在“{worst['题目']}”，须针对性改进。")
    if not found:
        found.append("本次会务工作未发现明显问题。")
    return [f"{i}.{text}" for i, text in enumerate(found, 1)]


def context(f: Facts, meeting: dict, host: str, issued_text: str) -> dict:
    numbers = iter(cn_number(n) for n in range(4, 10))
    feedback = None
    if f.feedback is not None and f.feedback_count:
        text, lines = feedback_lines(f)
        feedback = {"number": next(numbers), "text": text, "lines": lines}
    staff = {"number": next(numbers), "text": staff_text(f)} if f.staff else None
    return {
        "meeting": meeting,
        "host": host,
        "issued_text": issued_text,
        "attendance_text": attendance_text(f.attendance),
        "violations_text": violations_text(f.attendance),
        "preparation": preparation(f) or [{"heading": "（一）筹备情况", "text": "（请补充会前筹备情况。）"}],
        "service": service(f),
        "feedback": feedback,
        "staff": staff,
        "problems_number": next(numbers),
        "problems": problems(f),
    }
