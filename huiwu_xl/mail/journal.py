"""The durable send record: a JSON-lines file in the output folder, one line per event.

Each message gets a `sending` line before the first byte goes to the server and a `sent`,
`failed` or `unknown` line after; every line is flushed and fsync'd before the program moves
on. The 邮件记录 sheet is only a view of this file, so a crash, a killed Excel or a pulled
network cable never loses what was sent. A message whose last line is `sending` (the program
died mid-send) or `unknown` (the connection broke after the message was handed over, before
the server's reply) may or may not have arrived: it is shown as 待确认 and never sent again
without the user's say-so.
"""
from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

SENDING, SENT, FAILED, UNKNOWN = "sending", "sent", "failed", "unknown"
PENDING_STATUS, SENT_STATUS, FAILED_STATUS, UNCONFIRMED_STATUS = "待发", "已发", "失败", "待确认"
_STATUS = {SENT: SENT_STATUS, FAILED: FAILED_STATUS, UNKNOWN: UNCONFIRMED_STATUS, SENDING: UNCONFIRMED_STATUS}
JOURNAL_NAME = "发送记录.jsonl"
LOCK_NAME = ".发送中.lock"


class JournalBusy(Exception):
    pass


@dataclass
class Entry:
    key: str
    event: str
    time: str  # ISO 8601, local time with offset
    message_id: str = ""
    unit: str = ""
    to: list[str] = field(default_factory=list)
    subject: str = ""
    attachments: list[str] = field(default_factory=list)
    eml: str = ""  # the .eml copy: relative to the journal's folder, or a full path
    error: str = ""
    fingerprints: list[str] = field(default_factory=list)  # of `attachments` (mail.record)
    meeting: str = ""  # 会议编号

    @property
    def when(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.time).replace(tzinfo=None)
        except ValueError:
            return None


class Journal:
    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / JOURNAL_NAME
        self.entries: list[Entry] = []
        self._last: dict[str, Entry] = {}
        self._load()

    def _load(self) -> None:
        if not self.path.exists():
            return
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                data = json.loads(line)
                entry = Entry(**{k: v for k, v in data.items() if k in Entry.__dataclass_fields__})
            except (ValueError, TypeError):
                continue  # a line torn by a crash while it was being written
            self.entries.append(entry)
            self._last[entry.key] = entry

    def last(self, key: str) -> Entry | None:
        return self._last.get(key)

    def status(self, key: str) -> str:
        entry = self._last.get(key)
        return _STATUS[entry.event] if entry else PENDING_STATUS

    def last_sending(self, key: str) -> Entry | None:
        """The latest `sending` line of a message: its Message-ID and .eml copy."""
        return next((e for e in reversed(self.entries) if e.key == key and e.event == SENDING), None)

    def append(self, entry: Entry) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
        with open(self.path, "ab") as f:
            if f.tell() > 0 and not _ends_with_newline(self.path):
                f.write(b"\n")  # close a torn last line so this record stays readable
            f.write(line.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        self.entries.append(entry)
        self._last[entry.key] = entry


@contextmanager
def exclusive(folder: Path):
    """Held while sending: a second run (a double click on the button) stops at once.

    The operating system drops the lock when the process dies, so a crash leaves no stale lock.
    """
    folder.mkdir(parents=True, exist_ok=True)
    handle = open(folder / LOCK_NAME, "a+b")
    try:
        try:
            _lock(handle)
        except OSError as exc:
            raise JournalBusy("另一个发送任务正在进行，请等它结束后再运行") from exc
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        handle.close()


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


def fsync_write(path: Path, data: bytes) -> None:
    """Writes a file so that it is on disk before the program goes on (temp file + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


if sys.platform == "win32":
    import msvcrt

    def _lock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
