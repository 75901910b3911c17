"""发送邮件: the generated files to each unit's mailbox; the 邮件记录 sheet from the send journal.

Reads 会议信息, 单位 and 邮件设置 (or the same 项目 in 会议信息), plans one message per unit
(huiwu_xl.mail.plan), then sends them (or, in 试运行, writes .eml files) and writes 邮件记录.
The .eml copies go to `<output folder>/邮件/`; the send journal of the meeting (会议编号) to
`.huiwu邮件/<会议编号>/` beside the workbook; the 邮件记录 sheet holds the same record.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from ..contract import MAIL_LOG, MAIL_SETTINGS, MAIL_SETTINGS_SHEET, MEETING, MEETING_SETTINGS, UNITS
from ..fields import meeting_fields
from ..mail import batch
from ..errors import Incomplete
from ..mail.batch import FAILED_STATUS, SENT_STATUS, LogRow, history_rows, send_batch
from ..mail.compose import split_addresses
from ..mail.journal import SENT, Journal, JournalBusy
from ..mail.record import SendRecord, fingerprint, narrow, parse_fingerprints
from ..mail.plan import Plan, Template, Unit, attachment_patterns, parse_template, plan_messages
from ..mail.settings import MailSettings, PasswordMissing, ask_and_save_password, parse_settings, require_password
from ..mail.transport import SmtpTransport
from ..meeting import Meeting
from ..port.layout import Sheet
from ..problems import InputError, Problem, raise_if
from ..tables import ROW, header_text, never_generated, read_table
from . import inputs
from .identity import meeting_id

TEMPLATE_FILE = "邮件模板.txt"
MAIL_FOLDER = "邮件"
RECORD_FOLDER = ".huiwu邮件"
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


def log_sheet(rows: list[LogRow]) -> Sheet:
    frame = pd.DataFrame([r.as_record() for r in rows], columns=MAIL_LOG.headers)
    frame["时间"] = pd.to_datetime(frame["时间"])
    fills = {i: STATUS_FILLS[r.status] for i, r in enumerate(rows) if r.status in STATUS_FILLS}
    return Sheet.table(MAIL_LOG.name, frame, LOG_WIDTHS, row_fills=fills)


def earlier_rows(port, meeting_id: str) -> list[LogRow]:
    """This meeting's rows of the 邮件记录 sheet as the workbook holds them."""
    values = port.read_values(MAIL_LOG.name)
    if never_generated(values):
        return []
    log = read_table(values, MAIL_LOG, [])
    rows = []
    for r in log.to_dict("records"):
        if r["会议编号"] and r["会议编号"] != meeting_id or not (r["收件人"] or r["邮箱"]):
            continue
        when = r["时间"]
        rows.append(LogRow(unit=r["收件人"], addresses=r["邮箱"], subject=r["主题"], attachments=r["附件"], status=r["状态"],
                           time=None if pd.isna(when) else when, message_id=r["Message-ID"], error=r["错误"],
                           eml=r["邮件文件"], fingerprints=r["附件指纹"], meeting=r["会议编号"] or meeting_id))
    return rows


def send_record(journal: Journal, rows: list[LogRow], ident: str) -> SendRecord:
    """What each address has had in this meeting: the journal's sent messages and the sheet's 已发 rows."""
    record = SendRecord()
    for row in rows:
        if row.status == SENT_STATUS and row.fingerprints:
            names, prints = parse_fingerprints(row.fingerprints)
            record.add(split_addresses(row.addresses), names, prints, row.time)
    for entry in journal.entries:
        if entry.event == SENT and entry.fingerprints and entry.meeting == ident:
            record.add(entry.to, entry.attachments, entry.fingerprints, entry.when)
    return record


def send_mail(port, dry_run: bool = False, resend_unconfirmed: bool = False, resend_changed: bool = False,
              set_password: bool = False) -> str:
    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    units = inputs.table(port, UNITS, problems, required=True)
    settings, settings_rows, settings_sheet = read_settings(port, meeting, problems)
    meeting = inputs.require(meeting, problems)
    assert settings is not None
    if set_password:
        try:
            ask_and_save_password(settings)
        except PasswordMissing as exc:
            raise InputError(Problem(settings_sheet, str(exc), row=settings_rows.get("用户名"), column="内容")) from exc
        return f"已把邮箱 {settings.user} 的密码保存到本机的凭据管理器。"
    settings = _replace(settings, dry_run=settings.dry_run or dry_run, resend_changed=settings.resend_changed or resend_changed,
                        resend_unconfirmed=settings.resend_unconfirmed or resend_unconfirmed)

    out = port.output_folder(meeting.output_dir(port.folder))
    existing = {p.name for p in out.iterdir() if p.is_file()} if out.is_dir() else set()
    plan = plan_messages(units_of(units), attachment_patterns(settings.attachments), out, existing, template_of(settings, inputs.templates_dir(port, meeting)), fields_of(meeting))
    raise_if(plan_problems(plan, settings_sheet, settings_rows, units))
    if not plan.messages:
        raise InputError(Problem(UNITS.name, "“单位”表中没有单位，无人可发"))

    journal_folder = record_folder(port, out)
    journal = Journal(journal_folder)
    ident = meeting_id(port, meeting, adopt=next((e.meeting for e in reversed(journal.entries) if e.meeting), ""))
    earlier = earlier_rows(port, ident)
    files = {p for m in plan.messages for p in m.attachments}
    narrowed = narrow(plan.messages, send_record(journal, earlier, ident), {p: fingerprint(p) for p in files if p.is_file()},
                      settings.resend_changed)
    if settings.dry_run:
        result = batch.dry_run(narrowed.due, settings, out / MAIL_FOLDER, journal_folder)
    else:
        try:
            password = require_password(settings) if any(not m.problem for m in narrowed.due) else None
        except PasswordMissing as exc:
            raise InputError(Problem(settings_sheet, str(exc), row=settings_rows.get("用户名"), column="内容")) from exc
        port.status("huiwu：正在发送邮件……")
        try:
            result = send_batch(narrowed.due, settings, out / MAIL_FOLDER, SmtpTransport(settings, password), journal_folder, ident)
        except JournalBusy as exc:
            raise InputError(Problem(MAIL_LOG.name, str(exc))) from exc
    history = history_rows(Journal(journal_folder), narrowed.due, result.rows, earlier, MAIL_FOLDER, ident)
    port.write_sheets([log_sheet(history)], None, out)
    if narrowed.done and not narrowed.due:
        summary = f"{len(narrowed.done)} 个单位此前都已收到全部附件（内容未变），本次没有发送邮件。\n详见“邮件记录”。"
    else:
        summary = result.summary
        if narrowed.done:
            summary += f"\n另有 {len(narrowed.done)} 个单位此前已收到全部附件（内容未变），本次不再发送。"
    if narrowed.changed and not settings.resend_changed:
        for name, receivers in narrowed.changed.items():
            summary += (f"\n注意：《{name}》已发给 {len(receivers)} 个单位后又有改动，本次未重发。如需把新版作为【更正】发出，"
                        "请在命令行加 --resend-changed，或把“邮件设置”中的“重发已改附件”设为“是”。")
        summary += "\n（如果这是另一次会议、工作簿是从上次会议复制来的，请清空“会议信息”中的“会议编号”后再发送。）"
    port.status(summary.splitlines()[0])
    failed = [r for r in result.rows if r.status == FAILED_STATUS and r.error and not r.error.startswith("单位表未填写邮箱")]
    if not settings.dry_run and (result.stopped or failed):
        raise Incomplete(summary)
    return summary


def record_folder(port, out: Path) -> Path:
    """The workbook's send journal, beside it: it outlives renamed meetings and moved output folders.
    Its entries carry the 会议编号, so a workbook reused for another meeting starts afresh. (A
    workbook that was never saved has no folder of its own: then the output folder.)"""
    from ..meeting import safe_filename

    base = port.folder if getattr(port, "workbook_path", None) else out
    return base / RECORD_FOLDER / safe_filename(Path(port.name).stem)


def _replace(settings: MailSettings, **kw) -> MailSettings:
    from dataclasses import replace

    return replace(settings, **kw)
