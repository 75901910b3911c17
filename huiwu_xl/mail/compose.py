"""Plain data → the bytes of one e-mail message. Pure: no files, no network.

Header safety: every text that ends up in a header (unit names, subjects, file names) passes
through `one_line`, so a CR/LF typed into a cell can never start a header of its own; addresses
must be plain ASCII addr-specs (`valid_address`), and display names are encoded by the email
package's Address, which quotes "a@b, c" as a name rather than reading it as two addresses.
"""
from __future__ import annotations

import base64
import re
import unicodedata
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime, make_msgid
from datetime import datetime
from urllib.parse import quote

# CRLF line ends, 78-column folding, 7-bit output (no server needs 8BITMIME): what goes on the wire and into .eml files.
# refold_source="none" keeps the attachment headers we fold ourselves (below) exactly as written.
WIRE = policy.SMTP.clone(refold_source="none", cte_type="7bit")

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_ADDRESS = re.compile(rf"^{_ATEXT}(?:\.{_ATEXT})*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
_SEPARATORS = re.compile(r"[\s,;，；、]+")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_MAX_HEADER_LINE = 990  # RFC 5322 §2.1.1: a line MUST NOT exceed 998 characters

_MIME_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".eml": "message/rfc822",
}


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes


@dataclass(frozen=True)
class Draft:
    """Everything one message says; `build_message` turns it into bytes."""

    sender_name: str
    sender: str
    to: tuple[tuple[str, str], ...]  # (display name, address)
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()


def one_line(text: object) -> str:
    """Header text: control characters (CR, LF, tab, …) become one space; ends trimmed."""
    return _CONTROLS.sub(" ", "" if text is None else str(text)).strip()


def split_addresses(cell: object) -> list[str]:
    """The addresses typed into one 邮箱 cell (full-width ＠ and letters normalised)."""
    text = unicodedata.normalize("NFKC", "" if cell is None else str(cell))
    text = text.replace("mailto:", "")
    return [a for a in _SEPARATORS.split(text) if a]


def valid_address(address: str) -> bool:
    return len(address) <= 254 and bool(_ADDRESS.match(address))


def attachment_name(name: str) -> str:
    """A file name safe to show in a header: no path, no control characters."""
    name = one_line(name).replace("\\", "/").rsplit("/", 1)[-1]
    return name or "附件"


def mime_type(name: str) -> tuple[str, str]:
    dot = name.rfind(".")
    full = _MIME_TYPES.get(name[dot:].lower(), "application/octet-stream") if dot >= 0 else "application/octet-stream"
    main, sub = full.split("/")
    return main, sub


def build_message(draft: Draft, *, now: datetime | None = None, message_id: str | None = None) -> tuple[bytes, str]:
    """(the message as CRLF bytes, its Message-ID)."""
    for address in (draft.sender, *(a for _, a in draft.to)):
        if not valid_address(address):
            raise ValueError(f"邮箱地址无效：{address!r}")
    domain = draft.sender.rsplit("@", 1)[1]
    message_id = message_id or make_msgid(domain=domain)
    msg = EmailMessage(policy=WIRE)
    msg["From"] = Address(display_name=one_line(draft.sender_name), addr_spec=draft.sender)
    msg["To"] = [Address(display_name=one_line(name), addr_spec=address) for name, address in draft.to]
    msg["Subject"] = one_line(draft.subject)
    msg["Date"] = format_datetime((now or datetime.now()).astimezone())
    msg["Message-ID"] = message_id
    msg.set_content(draft.body.replace("\r\n", "\n"), charset="utf-8")
    if draft.attachments:
        msg.make_mixed()
        for attachment in draft.attachments:
            msg.attach(_attachment_part(attachment))
    return msg.as_bytes(policy=WIRE), message_id


def _attachment_part(attachment: Attachment) -> MIMEPart:
    """A base64 part named twice, the way Thunderbird and MimeKit's compatibility mode do it.

    Content-Disposition carries `filename*=utf-8''…` (RFC 2231), which standards-following
    readers (Outlook 2010 and later, Thunderbird, Apple Mail, Python) use first. Content-Type
    carries `name="=?utf-8?b?…?="` (RFC 2047 inside a quoted string: not standard, but what
    Outlook itself, Gmail and Foxmail send), which readers that ignore RFC 2231 fall back on —
    older Outlook over POP/IMAP shows "Untitled attachment" / ATT00001 without it (MimeKit #186,
    MailKit #1041). The RFC 2231 value is written unsplit while the line stays under 998
    characters (about 100 Chinese characters), since continuations (`filename*0*=`) are where
    readers break (QQ Mail showed tcmime.*.bin for long Chinese names, MailKit #277).
    """
    name = attachment_name(attachment.name)
    main, sub = mime_type(name)
    part = MIMEPart(policy=WIRE)
    if name.isascii() and '"' not in name and "\\" not in name:
        part.set_raw("Content-Type", f'{main}/{sub};\r\n name="{name}"')
        disposition = f'attachment;\r\n filename="{name}"'
    else:
        part.set_raw("Content-Type", f"{main}/{sub};\r\n name=\"{_encoded_words(name)}\"")
        disposition = _rfc2231_disposition(name)
    part.set_raw("Content-Transfer-Encoding", "base64")
    part.set_raw("Content-Disposition", disposition)
    encoded = base64.encodebytes(attachment.data).decode("ascii").replace("\n", "\r\n")
    part.set_payload(encoded)
    return part


def _encoded_words(text: str) -> str:
    """RFC 2047 B-encoded words of at most 75 characters, split between characters."""
    words, chunk = [], b""
    for ch in text:
        b = ch.encode("utf-8")
        if len(chunk) + len(b) > 45:  # 45 bytes → 60 base64 characters + 12 of framing
            words.append(chunk)
            chunk = b""
        chunk += b
    words.append(chunk)
    encoded = [f"=?utf-8?b?{base64.b64encode(w).decode('ascii')}?=" for w in words if w]
    line = " ".join(encoded)
    return line if len(line) < _MAX_HEADER_LINE - 20 else "\r\n ".join(encoded)


def _rfc2231_disposition(name: str) -> str:
    # attr-char of RFC 2231: everything but tspecials, space, *, ' and %.
    value = quote(name, safe="!#$&+-.^_`|~", encoding="utf-8")
    if len(value) + len(" filename*=utf-8''") < _MAX_HEADER_LINE:
        return f"attachment;\r\n filename*=utf-8''{value}"
    pieces, rest = [], value
    while rest:  # continuations, cut between %XX escapes
        cut = min(len(rest), 60)
        while cut < len(rest) and "%" in rest[cut - 2 : cut]:
            cut -= 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    lines = [f" filename*{i}*={'utf-8' + chr(39) * 2 if i == 0 else ''}{p}" for i, p in enumerate(pieces)]
    return "attachment;\r\n" + ";\r\n".join(lines)
