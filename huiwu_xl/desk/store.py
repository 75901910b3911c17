"""The desks' one record: SQLite beside the workbook (WAL, synchronous=FULL).

Each sign-in is one `BEGIN IMMEDIATE` transaction: look up the request's nonce (a retried request
gets its first answer back), run core.desk.sign_in on the log below, store the answer with the
nonce, commit — and only then answer. `identity` (the person) and `seat` are UNIQUE, so no seat
is issued twice and no person is seated twice, whichever desk asks and whatever a bug might do.
Refused attempts (unknown code, namesakes, …) are kept with desk and time.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Callable

from ..core import desk as core
from ..core.seating import parse_seat

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS signins (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,      -- commit order
    id TEXT NOT NULL UNIQUE,                    -- 记录号, written to 签到 by 同步签到
    identity TEXT NOT NULL UNIQUE,              -- one record per person (or stranger, or 代会 target)
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    signed_in TEXT,
    seat TEXT UNIQUE,                           -- NULL: no seat (no hall, hall full)
    seat_row INTEGER,
    seat_no INTEGER,
    proxy_for TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    desk TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT 'desk',        -- desk, or workbook (a 签到 row found at start)
    origin_key TEXT UNIQUE,
    signed_out TEXT,
    signed_out_desk TEXT,
    sheet_row INTEGER,                          -- workbook rows: where in 签到 it was found
    created TEXT NOT NULL                       -- server time of the commit, to the microsecond
);
CREATE TABLE IF NOT EXISTS undone (
    id TEXT PRIMARY KEY, seq INTEGER, name TEXT, unit TEXT, signed_in TEXT, seat TEXT, proxy_for TEXT,
    desk TEXT, undone_at TEXT NOT NULL, undone_desk TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS requests (
    nonce TEXT PRIMARY KEY, desk TEXT NOT NULL, action TEXT NOT NULL, answer TEXT NOT NULL, created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS readings (char TEXT PRIMARY KEY, readings TEXT NOT NULL);  -- pinyin, for a quick restart
CREATE TABLE IF NOT EXISTS refused (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, desk TEXT NOT NULL, action TEXT NOT NULL,
    query TEXT NOT NULL, outcome TEXT NOT NULL, message TEXT NOT NULL
);
"""
COLUMNS = "seq, id, identity, name, unit, signed_in, seat, proxy_for, note, desk, origin, signed_out, signed_out_desk, sheet_row"


def store_path(workbook: Path) -> Path:
    """The database kept beside the workbook: 会议.xlsm → 会议.签到.sqlite3."""
    return workbook.with_name(f"{workbook.stem}.签到.sqlite3")


def fingerprint(meeting) -> dict[str, str]:
    """Which meeting a database belongs to: a workbook reused for the next meeting gets its own."""
    return {"meeting": meeting.name, "start": meeting.start.isoformat(timespec="minutes")}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True)
class Row:
    """A sign-in as the store holds it."""

    seq: int
    id: str
    identity: str
    name: str
    unit: str
    signed_in: datetime | None
    seat: str
    proxy_for: str
    note: str
    desk: str
    origin: str
    signed_out: datetime | None
    signed_out_desk: str = ""  # set when a desk signed the person out
    sheet_row: int | None = None  # a row found in 签到 at start: its row number then

    @classmethod
    def of(cls, values: tuple) -> "Row":
        seq, id_, identity, name, unit, signed_in, seat, proxy_for, note, desk, origin, signed_out, out_desk, sheet_row = values
        return cls(seq, id_, identity, name, unit, _moment(signed_in), seat or "", proxy_for, note, desk, origin,
                   _moment(signed_out), out_desk or "", sheet_row)

    def as_json(self) -> dict:
        return {**self.record.as_json(), "seq": self.seq, "origin": self.origin, "signed_out_desk": self.signed_out_desk,
                "sheet_row": self.sheet_row}

    @property
    def record(self) -> core.Record:
        return core.Record(self.name, self.unit, self.signed_in, self.seat, self.proxy_for, self.note, self.desk,
                           self.id, self.signed_out)


class SqliteLog:
    """core.SignInLog inside one open transaction."""

    def __init__(self, db: sqlite3.Connection, created: str):
        self.db = db
        self.created = created

    def first_record(self, identity: str) -> core.Record | None:
        found = self.db.execute(f"SELECT {COLUMNS} FROM signins WHERE identity = ?", (identity,)).fetchone()
        return Row.of(found).record if found else None

    def taken_seats(self):
        return self.db.execute("SELECT seat_row, seat_no FROM signins WHERE seat_row IS NOT NULL").fetchall()

    def add(self, identity: str, record: core.Record, origin: str = "desk", origin_key: str | None = None,
            record_id: str = "", sheet_row: int | None = None) -> core.Record:
        record_id = record_id or new_record_id()
        where = parse_seat(record.seat)
        self.db.execute(
            "INSERT INTO signins (id, identity, name, unit, signed_in, seat, seat_row, seat_no, proxy_for, note, desk,"
            " origin, origin_key, signed_out, sheet_row, created) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (record_id, identity, record.name, record.unit, _iso(record.signed_in), record.seat or None,
             where[0] if where else None, where[1] if where else None, record.proxy_for, record.note, record.desk,
             origin, origin_key, _iso(record.signed_out), sheet_row, self.created))
        return replace(record, id=record_id)

    def give_seat(self, record: core.Record, seat: str) -> None:
        where = parse_seat(seat)
        self.db.execute("UPDATE signins SET seat = ?, seat_row = ?, seat_no = ? WHERE id = ?",
                        (seat, where[0] if where else None, where[1] if where else None, record.id))


def new_record_id() -> str:
    return secrets.token_hex(5).upper()


class MeetingMismatch(RuntimeError):
    pass


@dataclass
class State:
    """What the board and the search show, kept in step with every commit."""

    rows: dict[str, Row] = field(default_factory=dict)  # identity → row
    version: int = 0
    recent: list[str] = field(default_factory=list)  # identities, newest last


class Store:
    """The database and its in-memory mirror; every write under one lock and one transaction."""

    def __init__(self, path: Path, clock: Callable[[], datetime] = datetime.now):
        self.path = Path(path)
        self.clock = clock
        self.lock = threading.Lock()
        self.db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False, timeout=10)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")  # every acknowledged sign-in survives a power cut
        self.db.executescript(SCHEMA)
        have = {r[1] for r in self.db.execute("PRAGMA table_info(signins)")}
        for column in ("signed_out_desk TEXT", "sheet_row INTEGER"):  # a database of an earlier version
            if column.split()[0] not in have:
                self.db.execute(f"ALTER TABLE signins ADD COLUMN {column}")
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('pin', ?)", (f"{secrets.randbelow(10**6):06d}",))
        self.state = State()
        self._reload()

    def claim(self, fingerprint: dict[str, str]) -> None:
        """Marks the database as this meeting's; refuses one that belongs to another meeting."""
        with self.transaction() as db:
            stored = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if not any(k in stored for k in fingerprint):
                db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", list(fingerprint.items()))
                return
        differs = [k for k, v in fingerprint.items() if stored.get(k) != v]
        if differs:
            raise MeetingMismatch(
                f"签到数据库 {self.path.name} 属于会议“{stored.get('meeting', '')}”（开始时间 {stored.get('start', '')}），"
                f"与工作簿中的会议不同。若这是新的会议，请把该文件改名或移走后重新启动；若不是，请检查“会议信息”。")

    def set_meta(self, values: dict[str, str]) -> None:
        with self.lock, self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(values.items()))

    def meta(self, key: str) -> str:
        found = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return found[0] if found else ""

    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE … COMMIT: the write lock is taken first, so two sign-ins never interleave."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _reload(self) -> None:
        rows = [Row.of(r) for r in self.db.execute(f"SELECT {COLUMNS} FROM signins ORDER BY seq")]
        self.state = State({r.identity: r for r in rows}, self.state.version + 1,
                           [r.identity for r in rows if r.origin == "desk"][-20:])

    def _refresh(self, identities: list[str], removed: list[str] = ()) -> None:
        for identity in removed:
            self.state.rows.pop(identity, None)
        for identity in identities:
            found = self.db.execute(f"SELECT {COLUMNS} FROM signins WHERE identity = ?", (identity,)).fetchone()
            if found:
                self.state.rows[identity] = Row.of(found)
                if identity in self.state.recent:
                    self.state.recent.remove(identity)
                self.state.recent = [*self.state.recent, identity][-20:]
        self.state.recent = [i for i in self.state.recent if i in self.state.rows]
        self.state.version += 1

    # -----------------------------------------------------------------------------------------
    def run(self, nonce: str, desk: str, action: str, query: str, work: Callable[[SqliteLog, datetime], core.DeskAnswer]) -> dict:
        """One request: its first answer if the nonce was seen, else `work` in one transaction."""
        with self.lock:
            replayed = self.db.execute("SELECT answer FROM requests WHERE nonce = ?", (nonce,)).fetchone()
            if replayed:
                return {**json.loads(replayed[0]), "replayed": True}
            now = self.clock()
            created = now.isoformat(timespec="microseconds")
            try:
                with self.transaction() as db:
                    log = SqliteLog(db, created)
                    answer = work(log, now.replace(microsecond=0))
                    out = self._answer_json(answer)
                    if not answer.ok:
                        db.execute("INSERT INTO refused (at, desk, action, query, outcome, message) VALUES (?,?,?,?,?,?)",
                                   (created, desk, action, query, answer.outcome, answer.message))
                    db.execute("INSERT INTO requests (nonce, desk, action, answer, created) VALUES (?,?,?,?,?)",
                               (nonce, desk, action, json.dumps(out, ensure_ascii=False), created))
            except sqlite3.IntegrityError as exc:  # the constraints caught what the rules should have
                message = f"数据库拒绝了这次操作（{exc}），未记录。请重试；如仍出现，请联系会务组。"
                with self.transaction() as db:
                    db.execute("INSERT INTO refused (at, desk, action, query, outcome, message) VALUES (?,?,?,?,?,?)",
                               (created, desk, action, query, core.CONFLICT, message))
                return self._answer_json(core.DeskAnswer(core.CONFLICT, message=message))
            if answer.outcome in core.RECORDED:
                self._refresh(*self._touched(answer))
            return out

    def _touched(self, answer: core.DeskAnswer) -> tuple[list[str], list[str]]:
        if answer.record is None:
            return [], []
        if answer.outcome == core.UNDONE:
            identity = next((i for i, r in self.state.rows.items() if r.id == answer.record.id), None)
            return [], [identity] if identity else []
        found = self.db.execute("SELECT identity FROM signins WHERE id = ?", (answer.record.id,)).fetchone()
        return ([found[0]] if found else []), []

    def _answer_json(self, answer: core.DeskAnswer) -> dict:
        out = answer.as_json()
        if answer.record is not None and answer.record.id:
            found = self.db.execute("SELECT seq FROM signins WHERE id = ?", (answer.record.id,)).fetchone()
            out["seq"] = found[0] if found else None
        return out

    # -----------------------------------------------------------------------------------------
    def import_rows(self, rows: list[tuple[str, core.Record, int]]) -> int:
        """签到 rows found in the workbook at start, each once (a restart imports nothing new).
        A row that carries a 记录号 of this database is the database's own, synced earlier."""
        added = 0
        with self.lock, self.transaction() as db:
            log = SqliteLog(db, self.clock().isoformat(timespec="microseconds"))
            for identity, record, sheet_row in rows:
                if record.id and db.execute("SELECT 1 FROM signins WHERE id = ?", (record.id,)).fetchone():
                    continue
                key = _origin_key(identity, record)
                if db.execute("SELECT 1 FROM signins WHERE origin_key = ?", (key,)).fetchone():
                    continue
                if db.execute("SELECT 1 FROM signins WHERE identity = ?", (identity,)).fetchone():
                    identity = "行:" + key  # the same person again: the first row counts, this seat stays taken
                if record.seat and db.execute("SELECT 1 FROM signins WHERE seat = ?", (record.seat,)).fetchone():
                    record = replace(record, seat="", note=(record.note + f" 座位“{record.seat}”与他人重复").strip())
                log.add(identity, record, origin="workbook", origin_key=key, record_id=record.id, sheet_row=sheet_row)
                added += 1
        self._reload()
        return added

    def readings(self) -> dict[str, tuple[str, ...]]:
        with self.lock:
            return {c: tuple(r.split(",")) for c, r in self.db.execute("SELECT char, readings FROM readings")}

    def keep_readings(self, readings: dict[str, tuple[str, ...]]) -> None:
        with self.lock, self.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO readings (char, readings) VALUES (?, ?)",
                           [(c, ",".join(r)) for c, r in readings.items()])

    def rows(self) -> list[Row]:
        with self.lock:
            return sorted(self.state.rows.values(), key=lambda r: r.seq)

    def undone(self) -> list[dict]:
        with self.lock:
            cursor = self.db.execute("SELECT id, name, unit, seat, desk, undone_at, undone_desk FROM undone ORDER BY undone_at")
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, r)) for r in cursor.fetchall()]

    def refused(self) -> list[dict]:
        with self.lock:
            cursor = self.db.execute("SELECT at, desk, action, query, outcome, message FROM refused ORDER BY id")
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, r)) for r in cursor.fetchall()]

    def close(self) -> None:
        with self.lock:
            self.db.close()


def _origin_key(identity: str, record: core.Record) -> str:
    parts = [identity, _iso(record.signed_in) or "", _iso(record.signed_out) or "", record.seat, record.proxy_for, record.name]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


# ---------------------------------------------------------------------------------------------
# Sign-out and undo: the other two things a desk does to the log
def sign_out(log: SqliteLog, identity: str, who: str, now: datetime, desk: str) -> core.DeskAnswer:
    record = log.first_record(identity)
    if record is None:
        return core.DeskAnswer(core.NOT_SIGNED_IN, message=f"{who}尚未签到，无法签退。")
    log.db.execute("UPDATE signins SET signed_out = ?, signed_out_desk = ? WHERE id = ?", (_iso(now), desk, record.id))
    return core.DeskAnswer(core.SIGNED_OUT, record.seat, f"{who}已签退（{now:%H:%M}）。", record=replace(record, signed_out=now))


def undo_last(log: SqliteLog, desk: str, now: datetime) -> core.DeskAnswer:
    """Takes back this desk's latest sign-in: the person may sign in again, the seat goes back to the pool."""
    found = log.db.execute(f"SELECT {COLUMNS} FROM signins WHERE desk = ? AND origin = 'desk' ORDER BY seq DESC LIMIT 1",
                           (desk,)).fetchone()
    if not found:
        return core.DeskAnswer(core.NOTHING_TO_UNDO, message="本签到台没有可撤销的签到。")
    row = Row.of(found)
    log.db.execute("INSERT INTO undone (id, seq, name, unit, signed_in, seat, proxy_for, desk, undone_at, undone_desk)"
                   " VALUES (?,?,?,?,?,?,?,?,?,?)",
                   (row.id, row.seq, row.name, row.unit, _iso(row.signed_in), row.seat, row.proxy_for, row.desk, _iso(now), desk))
    log.db.execute("DELETE FROM signins WHERE id = ?", (row.id,))
    seat = f"，座位 {row.seat} 已收回" if row.seat else ""
    who = f"{row.name}（{row.unit}）" if row.unit else row.name
    return core.DeskAnswer(core.UNDONE, "", f"已撤销 {who} 的签到{seat}。", record=row.record)


def read_records(path: Path, fingerprint: dict[str, str]) -> tuple[list[Row], list[dict]]:
    """Every sign-in and every undone one, read beside a running (or stopped) server."""
    db = sqlite3.connect(str(path), timeout=10)
    try:
        stored = dict(db.execute("SELECT key, value FROM meta").fetchall())
        differs = [k for k, v in fingerprint.items() if stored.get(k) != v]
        if differs:
            raise MeetingMismatch(f"签到数据库 {path.name} 属于会议“{stored.get('meeting', '')}”（开始时间 {stored.get('start', '')}），"
                                  "与工作簿中的会议不同，未同步。")
        rows = [Row.of(r) for r in db.execute(f"SELECT {COLUMNS} FROM signins ORDER BY seq")]
        cursor = db.execute("SELECT id, name, unit, seat, desk, undone_at, undone_desk FROM undone ORDER BY undone_at")
        names = [d[0] for d in cursor.description]
        return rows, [dict(zip(names, r)) for r in cursor.fetchall()]
    finally:
        db.close()
