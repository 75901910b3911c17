"""会务意见反馈: the form to hand out (with a QR code when a desk server is set) and 反馈意见 summed up."""
from __future__ import annotations

from ..contract import FEEDBACK
from ..core import feedback as core
from ..fields import meeting_fields
from ..meeting import Meeting
from ..port.layout import Block, Sheet
from . import inputs

FORM_FILE = "会务意见反馈.docx"
SUMMARY_SHEET = "反馈汇总"
SERVER_KEYS = ("签到服务", "签到服务地址")  # the desk server's address (the desk helper's 会议信息 key)
FEEDBACK_PATH = "/feedback"


def feedback_url(meeting: Meeting) -> str:
    base = next((meeting.get(k) for k in SERVER_KEYS if meeting.get(k)), "").strip()
    if not base:
        return ""
    if "://" not in base:
        base = "http://" + base
    return base.rstrip("/") + FEEDBACK_PATH


def load(port, problems):
    meeting = inputs.meeting(port, problems)
    answers = inputs.table(port, FEEDBACK, problems, meeting.day if meeting else None)
    return meeting, answers


def summary_sheet(answers) -> Sheet:
    questions = core.by_question(answers)
    shown = questions.assign(满意率=[core.percent(r) for r in questions["满意率"]])
    ideas = core.suggestions(answers)
    blocks = [Block(shown, title=f"按题汇总：共收回 {len(answers)} 份（满意率 = 满意 ÷ 作答人数）"),
              Block(ideas, title=f"意见建议：{len(ideas)} 条")]
    return Sheet(SUMMARY_SHEET, blocks, {0: 10, 1: 40, 2: 8, 3: 10, 4: 8, 5: 8, 6: 8, 7: 10})


def make_feedback(port) -> str:
    from ..documents.feedback import render_feedback_form

    problems: list = []
    meeting, answers = load(port, problems)
    meeting = inputs.require(meeting, problems)
    out = inputs.output_folder(port, meeting)
    url = feedback_url(meeting)
    path = render_feedback_form(meeting_fields(meeting), out, FORM_FILE, url)
    lines = [f"会务意见反馈表已生成（一页，{'带二维码：' + url if url else '未设置签到服务地址，不带二维码'}）：{path}"]
    if len(answers):
        port.write_sheets([summary_sheet(answers)], None, out)
        questions = core.by_question(answers)
        rates = "，".join(f"{q} {core.percent(r)}" for q, r in zip(questions["题目"], questions["满意率"]) if r is not None)
        lines.append(f"已汇总“{FEEDBACK.name}”{len(answers)} 份，写入“{SUMMARY_SHEET}”：满意率 {rates or '（无作答）'}。")
    else:
        lines.append(f"“{FEEDBACK.name}”表中还没有答卷：收回纸质反馈表后逐份录入（每份一行），再点击本按钮汇总。")
    return "\n".join(lines)
