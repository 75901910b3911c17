"""What has gone to whom: the send record, per recipient address and attachment. Pure.

A file is identified by its name and a fingerprint of its content; the record belongs to one
meeting (会议编号, which the workbook gets once), not to a meeting name or an output folder, so
correcting the 会议名称 or moving the output folder never mails a unit twice. It is built from
two sources that say the same thing: the send journal and the workbook's 邮件记录 sheet.

- A file already sent to an address with the same content is not sent again.
- A file whose content changed since it went out is sent again only when asked
  (`resend_changed`), as a correction: 【更正】 in the subject, a line saying what replaces what.
"""
from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from .plan import PlannedMessage, message_key

CORRECTION_MARK = "【更正】"
# Parts of an Office file that change on every save without changing what the file says.
_PACKAGING_ONLY = ("docProps/core.xml", "docProps/app.xml")


def fingerprint(path: Path) -> str:
    """A short hash of what a file says: for .docx/.xlsx (zip packages) the parts' contents,
    without the zip's own dates and the save-time properties, so regenerating an unchanged
    notice gives the same fingerprint."""
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(path) as zf:
            for info in sorted(zf.infolist(), key=lambda i: i.filename):
                if info.filename in _PACKAGING_ONLY or info.is_dir():
                    continue
                digest.update(info.filename.encode("utf-8") + b"\0")
                digest.update(zf.read(info) + b"\0")
    except (zipfile.BadZipFile, OSError, ValueError):
        digest = hashlib.sha256(Path(path).read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Delivery:
    fingerprint: str
    when: datetime | None = None


@dataclass
class SendRecord:
    """{(address, file name): what was delivered there last} for one meeting."""

    sent: dict[tuple[str, str], Delivery] = field(default_factory=dict)

    def add(self, addresses, names, fingerprints, when: datetime | None = None) -> None:
        for address in addresses:
            for name, print_ in zip(names, fingerprints):
                if print_:
                    self.sent[(address.lower(), name)] = Delivery(print_, when)

    def delivered(self, address: str, name: str) -> Delivery | None:
        return self.sent.get((address.lower(), name))


def fingerprint_text(names, fingerprints) -> str:
    """The 邮件记录 cell: 会议通知.docx=1a2b…；乌兰苏木参会名单.xlsx=3c4d…"""
    return "；".join(f"{n}={f}" for n, f in zip(names, fingerprints) if f)


def parse_fingerprints(text: str) -> tuple[list[str], list[str]]:
    names, prints = [], []
    for item in (text or "").split("；"):
        name, sep, print_ = item.rpartition("=")
        if sep and name and print_:
            names.append(name)
            prints.append(print_)
    return names, prints


@dataclass
class Narrowed:
    due: list[PlannedMessage]  # what still needs sending (new files, and corrections if asked)
    done: list[PlannedMessage]  # messages whose every file already went out unchanged
    changed: dict[str, list[str]]  # file name → units that got an older version (not sent unless asked)


def narrow(messages: list[PlannedMessage], record: SendRecord, fingerprints: dict[Path, str],
           resend_changed: bool) -> Narrowed:
    """Each unit's message reduced to the files its addresses have not had in this version."""
    result = Narrowed([], [], {})
    for message in messages:
        if message.problem or not message.to:
            result.due.append(message)
            continue
        new, changed, replaced = [], [], []
        for path, name in zip(message.attachments, message.attachment_names):
            now = fingerprints.get(path, "")
            earlier = [record.delivered(a, name) for a in message.to]
            if all(d is not None and d.fingerprint == now for d in earlier):
                continue
            if any(d is not None for d in earlier):
                result.changed.setdefault(name, []).append(message.unit)
                if resend_changed:
                    changed.append(path)
                    replaced.append((name, max((d.when for d in earlier if d and d.when), default=None)))
                continue
            new.append(path)
        keep = [p for p in message.attachments if p in new or p in changed]
        if not keep:
            result.done.append(message)
            continue
        names = [n for p, n in zip(message.attachments, message.attachment_names) if p in keep]
        prints = [fingerprints.get(p, "") for p in keep]
        narrowed = replace(message, attachments=tuple(keep), fingerprints=tuple(prints),
                           key=message_key(message.to, [f"{n}={f}" for n, f in zip(names, prints)]))
        if replaced:
            narrowed = replace(narrowed, subject=CORRECTION_MARK + message.subject.removeprefix(CORRECTION_MARK),
                               body=correction_note(replaced) + message.body)
        result.due.append(narrowed)
    return result


def correction_note(replaced: list[tuple[str, datetime | None]]) -> str:
    lines = []
    for name, when in replaced:
        earlier = f"{when:%Y年%m月%d日%H:%M}发送的" if when else "此前发送的"
        lines.append(f"【更正】本邮件所附《{name}》替代{earlier}同名文件，请以本次为准，原文件作废。")
    return "\n".join(lines) + "\n\n"
