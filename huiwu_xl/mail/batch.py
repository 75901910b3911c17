"""Sending a planned batch: journal first, then the wire, then the journal again.

Only messages that are not 已发 go out; a 待确认 message goes out again only when the user
has set 重发待确认 = 是, and then as the identical bytes (same Message-ID and Date) kept in its
.eml copy, so a recipient who did get the first copy sees the same message twice at worst,
and a client that de-duplicates by Message-ID (Gmail does) shows it once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..clean import path_name
from ..progress import track
from .compose import Attachment, Draft, build_message
from .journal import (
    FAILED,
    FAILED_STATUS,
    PENDING_STATUS,
    SENDING,
    SENT,
    SENT_STATUS,
    UNCONFIRMED_STATUS,
    UNKNOWN,
    Entry,
    Journal,
    exclusive,
    fsync_write,
    now_iso,
)
from .plan import PlannedMessage
from .settings import MailSettings
from .transport import SendFailed, SendUncertain, ServerUnavailable

DRY_RUN_FOLDER = "试运行"
UNCONFIRMED_HELP = "无法确定对方是否已收到：请向收件单位核实；如需重发，把“邮件设置”中的“重发待确认”设为“是”后再次发送（重发的邮件与原邮件完全相同）"


@dataclass
class LogRow:
    unit: str
    addresses: str
    subject: str
    attachments: str
    status: str
    time: datetime | None
    message_id: str
    error: str
    eml: str
    fingerprints: str = ""  # 邮件记录's 附件指纹 (mail.record.fingerprint_text)
    meeting: str = ""

    def as_record(self) -> dict[str, object]:
        """The row under the 邮件记录 headers."""
        return {
            "收件人": self.unit,
            "邮箱": self.addresses,
            "主题": self.subject,
            "附件": self.attachments,
            "状态": self.status,
            "时间": self.time,
            "Message-ID": self.message_id,
            "错误": self.error,
            "邮件文件": self.eml,
            "附件指纹": self.fingerprints,
            "会议编号": self.meeting,
        }


@dataclass
class BatchResult:
    rows: list[LogRow] = field(default_factory=list)
    stopped: str = ""  # why the batch stopped early (server unreachable, login refused)
    dry_run: bool = False
    attempted: int = 0

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    @property
    def summary(self) -> str:
        if self.dry_run:
            written = sum(bool(r.eml) and r.status != SENT_STATUS for r in self.rows)
            text = f"试运行：已生成 {written} 封邮件文件（.eml，可用 Outlook 打开查看），未发送。"
        else:
            text = (
                f"本次发送 {self.attempted} 封。合计：已发 {self.count(SENT_STATUS)} 封，失败 {self.count(FAILED_STATUS)} 封，"
                f"待确认 {self.count(UNCONFIRMED_STATUS)} 封，待发 {self.count(PENDING_STATUS)} 封。"
            )
        if self.stopped:
            text += f"\n发送中止：{self.stopped}"
        if self.count(UNCONFIRMED_STATUS):
            text += f"\n“待确认”的邮件{UNCONFIRMED_HELP}。"
        return text + "\n详见“邮件记录”。"


def draft_for(message: PlannedMessage, settings: MailSettings) -> Draft:
    attachments = tuple(Attachment(name, path.read_bytes()) for name, path in zip(message.attachment_names, message.attachments))
    return Draft(
        sender_name=settings.sender_name,
        sender=settings.sender,
        to=tuple((message.unit, a) for a in message.to),
        subject=message.subject,
        body=message.body,
        attachments=attachments,
    )


def eml_name(message: PlannedMessage) -> str:
    # The unit is shortened so that the key stays in the name and the journal's ".tmp" still fits 255 bytes.
    return path_name(f"{message.unit[:60]}_{message.key[:8]}.eml")


def send_batch(messages: list[PlannedMessage], settings: MailSettings, folder: Path, transport,
               journal_folder: Path | None = None, meeting: str = "") -> BatchResult:
    """Sends what is due through `transport` (a SmtpTransport); .eml copies go to `folder`, the
    journal to `journal_folder` (default: `folder`)."""
    result = BatchResult()
    journal_folder = journal_folder or folder
    with exclusive(journal_folder):
        journal = Journal(journal_folder)  # read under the lock: another run may just have finished
        try:
            for message in track(messages, len(messages), "发送邮件"):
                if result.stopped or not _due(message, journal, settings):
                    continue
                try:
                    raw, message_id = _message_bytes(message, settings, journal, folder)
                except OSError as exc:
                    journal.append(_entry(message, FAILED, error=f"无法读取附件：{exc}", meeting=meeting))
                    continue
                try:
                    transport.ensure_connected()
                except ServerUnavailable as exc:
                    result.stopped = str(exc)
                    continue
                eml = write_copy(folder, eml_name(message), raw)
                if journal_folder != folder:
                    eml = str(folder / eml)
                journal.append(_entry(message, SENDING, message_id=message_id, eml=eml, meeting=meeting))
                result.attempted += 1
                try:
                    transport.send(raw, settings.sender, message.to)
                except SendFailed as exc:
                    journal.append(_entry(message, FAILED, message_id=message_id, eml=eml, error=str(exc), meeting=meeting))
                except SendUncertain as exc:
                    journal.append(_entry(message, UNKNOWN, message_id=message_id, eml=eml, error=str(exc), meeting=meeting))
                else:
                    journal.append(_entry(message, SENT, message_id=message_id, eml=eml, meeting=meeting))
        finally:
            transport.close()
    result.rows = log_rows(messages, journal, folder.name, stopped=result.stopped)
    return result


def dry_run(messages: list[PlannedMessage], settings: MailSettings, folder: Path, journal_folder: Path | None = None) -> BatchResult:
    """Writes every message that a real run would send as an .eml file; sends nothing."""
    journal = Journal(journal_folder or folder)
    target = folder / DRY_RUN_FOLDER
    written: dict[str, str] = {}
    errors: dict[str, str] = {}
    for message in track(messages, len(messages), "生成邮件"):
        if not _due(message, journal, settings):
            continue
        try:
            raw, _ = _message_bytes(message, settings, journal, folder)
        except OSError as exc:
            errors[message.key] = f"无法读取附件：{exc}"
            continue
        name = write_copy(target, eml_name(message), raw)
        written[message.key] = f"{folder.name}/{DRY_RUN_FOLDER}/{name}"
    result = BatchResult(dry_run=True)
    result.rows = log_rows(messages, journal, folder.name)
    for row, message in zip(result.rows, messages):
        if message.key in written:
            row.eml = written[message.key]
            row.error = "试运行：已生成邮件文件，未发送"
        elif message.key in errors:
            row.error = errors[message.key]
    return result


def write_copy(folder: Path, name: str, raw: bytes) -> str:
    """Writes an .eml copy; if that file is open (Outlook keeps it locked on Windows), 名称(2).eml …"""
    stem, suffix = name.rsplit(".", 1)
    for n in range(1, 100):
        candidate = name if n == 1 else f"{stem}({n}).{suffix}"
        try:
            fsync_write(folder / candidate, raw)
            return candidate
        except PermissionError:
            continue
    raise PermissionError(f"无法写入邮件文件 {folder / name}")


def _due(message: PlannedMessage, journal: Journal, settings: MailSettings) -> bool:
    if message.problem:
        return False
    status = journal.status(message.key)
    return status in (PENDING_STATUS, FAILED_STATUS) or (status == UNCONFIRMED_STATUS and settings.resend_unconfirmed)


def _message_bytes(message: PlannedMessage, settings: MailSettings, journal: Journal, folder: Path) -> tuple[bytes, str]:
    """A 待确认 message is resent as its stored copy; anything else is built afresh."""
    if journal.status(message.key) == UNCONFIRMED_STATUS:
        earlier = journal.last_sending(message.key)
        if earlier and earlier.eml and (folder / earlier.eml).is_file():
            return (folder / earlier.eml).read_bytes(), earlier.message_id
    return build_message(draft_for(message, settings))


def _entry(message: PlannedMessage, event: str, **kw) -> Entry:
    return Entry(
        key=message.key,
        event=event,
        time=now_iso(),
        unit=message.unit,
        to=list(message.to),
        subject=message.subject,
        attachments=message.attachment_names,
        fingerprints=list(message.fingerprints),
        **kw,
    )


def _shown(folder_name: str, eml: str) -> str:
    """An .eml copy as the 邮件记录 sheet names it: 邮件/单位_1a2b3c4d.eml."""
    path = Path(eml)
    return f"{path.parent.name}/{path.name}" if path.is_absolute() else f"{folder_name}/{eml}"


def log_rows(messages: list[PlannedMessage], journal: Journal, folder_name: str, stopped: str = "") -> list[LogRow]:
    """One 邮件记录 row per planned message, from the journal's last word on it."""
    rows = []
    for message in messages:
        last = journal.last(message.key)
        status = journal.status(message.key)
        error = ""
        if message.problem:
            status, error = FAILED_STATUS, message.problem
        elif last is not None and last.event == SENDING:
            error = f"发送过程中程序中断。{UNCONFIRMED_HELP}"
        elif last is not None and last.event == UNKNOWN:
            error = f"{last.error}。{UNCONFIRMED_HELP}"
        elif last is not None and last.event == FAILED:
            error = last.error
        elif status == PENDING_STATUS and stopped:
            error = f"未发送：{stopped}"
        rows.append(
            LogRow(
                unit=message.unit,
                addresses="; ".join(message.to),
                subject=message.subject,
                attachments="、".join(message.attachment_names),
                status=status,
                time=last.when if last else None,
                message_id=last.message_id if last else "",
                error=error,
                eml=_shown(folder_name, last.eml) if last and last.eml else "",
            )
        )
    return rows


def history_rows(journal: Journal, due: list[PlannedMessage], current: list[LogRow], earlier: list[LogRow], folder_name: str,
                 meeting: str) -> list[LogRow]:
    """The 邮件记录 sheet: every message of this meeting so far, the ones still due below.

    Rows the sheet held that the journal does not know (sent from another computer, or before
    the journal was lost) are carried over unchanged: the sheet is the workbook's own record."""
    from .record import fingerprint_text

    rows: dict[str, LogRow] = {}
    for row in earlier:
        rows[row.message_id or f"{row.addresses}|{row.attachments}|{row.time}"] = row
    seen: list[str] = list(dict.fromkeys(e.key for e in journal.entries))
    for key in seen:
        last = journal.last(key)
        if meeting and last.meeting and last.meeting != meeting:
            continue
        sending = journal.last_sending(key)
        message_id = last.message_id or (sending.message_id if sending else "")
        error = ""
        if last.event == SENDING:
            error = f"发送过程中程序中断。{UNCONFIRMED_HELP}"
        elif last.event == UNKNOWN:
            error = f"{last.error}。{UNCONFIRMED_HELP}"
        elif last.event == FAILED:
            error = last.error
        row = LogRow(unit=last.unit, addresses="; ".join(last.to), subject=last.subject, attachments="、".join(last.attachments),
                     status=journal.status(key), time=last.when, message_id=message_id, error=error,
                     eml=_shown(folder_name, last.eml) if last.eml else "",
                     fingerprints=fingerprint_text(last.attachments, last.fingerprints), meeting=last.meeting or meeting)
        rows[message_id or key] = row
    in_journal = set(seen)
    for message, row in zip(due, current):  # `current` is this run's log_rows(due, …): not sent (yet)
        if message.key not in in_journal:
            row.meeting = meeting
            rows[message.key] = row
    return list(rows.values())
