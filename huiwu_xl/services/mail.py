"""发送邮件: the generated files to each unit's mailbox; the 邮件记录 sheet from the send journal.

Reads 会议信息, 单位 and 邮件设置 (or the same 项目 in 会议信息), plans one message per unit
(huiwu_xl.mail.plan), then sends them (or, in 试运行, writes .eml files) and writes 邮件记录.
The journal and the .eml copies live in `<output folder>/邮件/`.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from ..contract import MAIL_LOG, MAIL_SETTINGS, MAIL_SETTINGS_SHEET, MEETING, MEETING_SETTINGS, UNITS
from ..fields import meeting_fields
from ..mail import batch
from ..mail.batch import BatchResult, send_batch
from ..mail.journal import Journal, JournalBusy
from ..mail.plan import Plan, Template, Unit, attachment_patterns, parse_template, plan_messages
from ..mail.settings import MailSettings, PasswordMissing, ask_and_save_password, parse_settings, require_password
from ..mail.transport import SmtpTransport
from ..meeting import Meeting
from ..port.layout import Sheet
from ..problems import InputError, Problem, raise_if
from ..tables import ROW, header_text, read_table
from . import inputs

TEMPLATE_FILE = "邮件模板.txt"
MAIL_FOLDER = "邮件"
_KEYS = {header_text(n): s.key for s in MAIL_SETTINGS for n in (s.key, *s.aliases)}
LOG_WIDTHS = {c.header: c.width for c in MAIL_LOG.columns}
STATUS_FILLS = {"失败": "#FFC7CE", "待确认": "#FFEB9C"}  # only what needs the user's attention


def read_settings(port, meeting: Meeting | None, problems: list[Problem]) -> tuple[MailSettings | None, dict[str, int], str]:
    """邮件设置, falling back to the same 项目 typed into 会议信息. Returns (settings, rows, sheet)."""
    raw: dict[str, str] = {}
    rows: dict[str, int] = {}
    sheet = MAIL_SETTINGS_SHEET.name
    values = port.read_values(sheet)
    if values is not None:
        table = read_table(values, MAIL_SETTINGS_SHEET, problems)
        for item, content, row in zip(table.get("项目", []), table.get("内容", []), table.get(ROW, [])):
            key = _KEYS.get(header_text(item))
            if key and key not in raw:
                raw[key], rows[key] = content, int(row)
    elif meeting is not None and any(_KEYS.get(header_text(k)) for k in meeting.raw):
        sheet = MEETING.name
        for item, content in meeting.raw.items():
            key = _KEYS.get(header_text(item))
            if key and key not in raw:
                raw[key], rows[key] = content, meeting.rows.get(item)
    else:
        problems.append(Problem(sheet, "找不到“邮件设置”工作表：请添加该表（项目 | 内容 两列），填写 SMTP服务器、加密方式、用户名、发件人地址等"))
        return None, rows, sheet
    mine: list[Problem] = []
    settings = parse_settings(raw, rows, mine, default_sender_name=meeting.get("主办单位") if meeting else "", folder=port.folder)
    problems.extend(Problem(sheet, p.message, p.row, p.column, p.column_index) for p in mine)
    return settings, rows, sheet


def units_of(frame: pd.DataFrame) -> list[Unit]:
    return [Unit(r["单位"], r["邮箱"], r["联系人"], int(r[ROW])) for r in frame.to_dict("records")]


def template_of(settings: MailSettings, templates_dir: Path | None = None) -> Template:
    from ..documents.render import template_path

    try:
        base = parse_template(template_path(TEMPLATE_FILE, templates_dir).read_text(encoding="utf-8"))
    except FileNotFoundError:
        base = Template("{会议名称}", "{单位}：\n\n{附件清单}\n")
    return Template(settings.subject or base.subject, settings.body.replace("\\n", "\n") if settings.body else base.body)


def fields_of(meeting: Meeting, today: date | None = None) -> dict[str, str]:
    """The template's {名称} fields: every 会议信息 项目, with times written as a notice writes them."""
    fields = {s.key: meeting.get(s.key) for s in MEETING_SETTINGS}
    fields.update({k: v for k, v in meeting.raw.items() if k})
    f = meeting_fields(meeting, today)
    fields.update({"会议名称": meeting.name, "开始时间": f["when_text"], "结束时间": f["end_text"], "地点": meeting.place, "日期": f["issued_text"]})
    return fields


def plan_problems(plan: Plan, settings_sheet: str, settings_rows: dict[str, int], units: pd.DataFrame) -> list[Problem]:
    cols = units.attrs.get("columns", {})
    problems = []
    for p in plan.problems:
        if p.column == "邮箱":
            problems.append(Problem(UNITS.name, p.message, row=p.row, column="邮箱", column_index=cols.get("邮箱")))
        elif p.column in ("邮件主题", "邮件正文") and p.column not in settings_rows:
            problems.append(Problem(settings_sheet, f"{p.message}（模板文件 {TEMPLATE_FILE}）"))
        else:
            key = p.column or "附件"
            problems.append(Problem(settings_sheet, p.message, row=settings_rows.get(key), column="内容" if key in settings_rows else None))
    return problems


def log_sheet(result: BatchResult) -> Sheet:
    frame = pd.DataFrame([r.as_record() for r in result.rows], columns=MAIL_LOG.headers)
    fills = {i: STATUS_FILLS[r.status] for i, r in enumerate(result.rows) if r.status in STATUS_FILLS}
    return Sheet.table(MAIL_LOG.name, frame, LOG_WIDTHS, row_fills=fills)


def send_mail(port, dry_run: bool = False, resend_unconfirmed: bool = False, resend_changed: bool = False,
              set_password: bool = False) -> str:
    options = {"dry_run": dry_run, "resend_unconfirmed": resend_unconfirmed, "resend_changed": resend_changed,
               "set_password": set_password}
    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    units = inputs.table(port, UNITS, problems, required=True)
    settings, settings_rows, settings_sheet = read_settings(port, meeting, problems)
    meeting = inputs.require(meeting, problems)
    assert settings is not None
    if options.get("set_password"):
        try:
            ask_and_save_password(settings)
        except PasswordMissing as exc:
            raise InputError(Problem(settings_sheet, str(exc), row=settings_rows.get("用户名"), column="内容")) from exc
        return f"已把邮箱 {settings.user} 的密码保存到本机的凭据管理器。"
    if options.get("dry_run"):
        settings = _replace(settings, dry_run=True)
    if options.get("resend_unconfirmed"):
        settings = _replace(settings, resend_unconfirmed=True)

    out = port.output_folder(meeting.output_dir(port.folder))
    existing = {p.name for p in out.iterdir() if p.is_file()} if out.is_dir() else set()
    plan = plan_messages(units_of(units), attachment_patterns(settings.attachments), out, existing, template_of(settings, inputs.templates_dir(port, meeting)), fields_of(meeting))
    raise_if(plan_problems(plan, settings_sheet, settings_rows, units))
    if not plan.messages:
        raise InputError(Problem(UNITS.name, "“单位”表中没有单位，无人可发"))

    if settings.dry_run:
        result = batch.dry_run(plan.messages, settings, out / MAIL_FOLDER)
    else:
        try:
            password = require_password(settings)
        except PasswordMissing as exc:
            raise InputError(Problem(settings_sheet, str(exc), row=settings_rows.get("用户名"), column="内容")) from exc
        _guard_against_a_lost_journal(port, out / MAIL_FOLDER)
        port.status("huiwu：正在发送邮件……")
        try:
            result = send_batch(plan.messages, settings, out / MAIL_FOLDER, SmtpTransport(settings, password))
        except JournalBusy as exc:
            raise InputError(Problem(MAIL_LOG.name, str(exc))) from exc
    port.write_sheets([log_sheet(result)], None, out)
    port.status(result.summary.splitlines()[0])
    return result.summary


def _guard_against_a_lost_journal(port, folder: Path) -> None:
    """邮件记录 says messages went out, but this output folder has no record of them: the meeting
    was renamed or 输出目录 changed. Sending now would mail every unit a second time."""
    log = read_table(port.read_values(MAIL_LOG.name), MAIL_LOG, [])
    if log.empty:
        return
    sent = {m for m, status in zip(log["Message-ID"], log["状态"]) if status == "已发" and m}
    known = {e.message_id for e in Journal(folder).entries}
    if sent and not sent & known:
        raise InputError(Problem(MAIL_LOG.name, f"“邮件记录”显示已发出 {len(sent)} 封邮件，但输出文件夹 {folder} 中没有这些发送记录"
                                 "（可能改过会议名称或输出目录）。为免重复发送，本次未发送：请把原输出文件夹中的“邮件”文件夹复制到此处，"
                                 "或确认需要全部重发后删除“邮件记录”表再运行。"))


def _replace(settings: MailSettings, **kw) -> MailSettings:
    from dataclasses import replace

    return replace(settings, **kw)
