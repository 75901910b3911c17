"""What the desks and the board ask of `huiwu serve`, in plain Python (app.py is only HTTP).

One `DeskService` per server: the roster and seats read from the workbook at start, the store,
the search index and the meeting's codes. Every sign-in goes through core.desk.sign_in — the rule
Excel's 签到发座 uses too — inside one store transaction.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from ..core import codes, desk as core
from ..core.seating import parse_seat, reserved_seats
from ..text import name_key
from .search import SearchIndex
from .setup import Setup
from .store import Store, sign_out, undo_last

NONCE = re.compile(r"[A-Za-z0-9_-]{8,64}")
MAX_TEXT = 60


class BadRequest(ValueError):
    """A request the desk page would never send; the message is Chinese."""


@dataclass
class Request:
    nonce: str
    desk: str
    person: str = ""  # a public person id from a search
    code: str = ""  # a scanned or typed 参会码
    name: str = ""  # typed: a name (a stranger, or the substitute for 代会)
    unit: str = ""
    proxy_for: str = ""  # 代会: the id of the roster person the signer stands in for

    @classmethod
    def of(cls, body: object) -> "Request":
        if not isinstance(body, dict):
            raise BadRequest("请求内容应为 JSON 对象。")
        values = {}
        for key in ("nonce", "desk", "person", "code", "name", "unit", "proxy_for"):
            value = body.get(key, "")
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise BadRequest(f"“{key}”应为文字。")
            if len(value) > MAX_TEXT:
                raise BadRequest(f"“{key}”过长（最多 {MAX_TEXT} 个字符）。")
            values[key] = value.strip()
        if not NONCE.fullmatch(values["nonce"]):
            raise BadRequest("缺少有效的请求编号 nonce（8–64 位字母、数字、- 或 _），签到台页面会自动生成。")
        if not values["desk"]:
            raise BadRequest("缺少签到台名称 desk。")
        return cls(**values)

    @property
    def query(self) -> str:
        parts = [f"{k}={v}" for k, v in (("person", self.person), ("code", self.code), ("name", self.name),
                                         ("unit", self.unit), ("proxy_for", self.proxy_for)) if v]
        return " ".join(parts)


class DeskService:
    def __init__(self, setup: Setup, store: Store, limit: int = 8):
        self.setup = setup
        self.store = store
        secret = self.secret = setup.secret
        self.roster = setup.roster
        self.max_results = limit
        self._index: SearchIndex | None = None
        self._indexing = threading.Thread(target=self._build_index, name="search-index", daemon=True)
        self._indexing.start()  # sign-ins need no index: after a crash the desks are back before it is built
        self.by_code = {codes.code_for(secret, p.key): p for p in self.roster.people} if secret else {}

    @property
    def limit(self) -> int:
        return self.max_results

    def _build_index(self) -> None:
        self._index = SearchIndex(self.roster.people, self.max_results)

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._indexing.join()
        return self._index

    # -----------------------------------------------------------------------------------------
    def search(self, text: str) -> dict:
        code = codes.normalise(text)
        if code is not None:
            answer = self._by_code(code)
            people = [answer.person] if answer.person else []
            return {"query": text, "code": True, "message": "" if people else answer.message,
                    "results": [self._shown(p) for p in people], "more": False}
        people, more = self.index.search(text)
        return {"query": text, "code": False, "message": "", "results": [self._shown(p) for p in people], "more": more}

    def _shown(self, person: core.Person) -> dict:
        row = self.store.state.rows.get(person.key)
        proxy = self.store.state.rows.get(core.proxy_key(person))
        return {**core.person_json(person), "named_seat": person.seat,
                "signed_in": row.signed_in.strftime("%H:%M") if row and row.signed_in else None,
                "seat": row.seat if row else "", "signed_out": bool(row and row.signed_out),
                "proxy": proxy.name if proxy else ""}

    def _by_code(self, code: str) -> core.DeskAnswer:
        if not self.secret:
            return core.DeskAnswer(core.NO_CODES, message="本次会议尚未生成参会码（会议信息中没有签到密钥），请按姓名签到。")
        if not codes.of_this_meeting(self.secret, code):
            return core.DeskAnswer(core.OTHER_MEETING, message=f"参会码 {codes.grouped(code)} 不是本次会议的：请核对参会证上的会议名称，改按姓名签到。")
        person = self.by_code.get(code)
        if person is None:
            return core.DeskAnswer(core.UNKNOWN_CODE, message=f"参会码 {codes.grouped(code)} 无效：名单中没有对应人员（姓名或单位可能已修改），请按姓名签到。")
        return core.DeskAnswer(core.SIGNED_IN, person=person)

    def _person(self, request: Request) -> core.Person | core.DeskAnswer | list[core.Person] | None:
        """The roster person a request names: by id, by code, by typed name; None = a stranger."""
        if request.code:
            code = codes.normalise(request.code)
            if code is None:
                return core.DeskAnswer(core.UNKNOWN_CODE, message=f"“{request.code}”不是参会码，请重新扫码或按姓名签到。")
            answer = self._by_code(code)
            return answer.person or answer
        if request.person:
            person = self.roster.by_id.get(request.person)
            return person or core.DeskAnswer(core.UNKNOWN_PERSON, message="名单中没有这个人（名单可能已更新），请重新搜索。")
        if not name_key(request.name):
            raise BadRequest("请给出 person（搜索结果中的人员）、code（参会码）或 name（姓名）。")
        person, namesakes = self.roster.find(name_key(request.name), name_key(request.unit))
        return person if person else namesakes or None

    # -----------------------------------------------------------------------------------------
    def sign_in(self, request: Request) -> dict:
        def work(log, now):
            if request.proxy_for:
                target = self.roster.by_id.get(request.proxy_for)
                if target is None:
                    return core.DeskAnswer(core.UNKNOWN_PERSON, message="被代会的人员不在名单中（名单可能已更新），请重新搜索。")
                if not name_key(request.name):
                    raise BadRequest("代会签到须给出代会人的姓名 name。")
                arrival = core.Arrival(None, request.name, request.unit, name_key(request.name), name_key(request.unit), target)
                return core.sign_in(log, self.setup.pool, arrival, now, request.desk)
            found = self._person(request)
            if isinstance(found, core.DeskAnswer):
                return found
            if isinstance(found, list):
                return core.ambiguous(request.name, found, "在列表中选择单位后再签到")
            arrival = core.Arrival(found, found.name if found else request.name, found.unit if found else request.unit,
                                   name_key(request.name), name_key(request.unit))
            return core.sign_in(log, self.setup.pool, arrival, now, request.desk)

        return self.store.run(request.nonce, request.desk, "签到", request.query, work)

    def sign_out(self, request: Request) -> dict:
        def work(log, now):
            found = self._person(request)
            if isinstance(found, core.DeskAnswer):
                return found
            if isinstance(found, list):
                return core.ambiguous(request.name, found, "在列表中选择单位后再签退")
            identity = found.key if found else core.stranger_key(name_key(request.name), name_key(request.unit))
            answer = sign_out(log, identity, found.label if found else request.name, now, request.desk)
            return core.DeskAnswer(answer.outcome, answer.seat, answer.message, found, answer.record)

        return self.store.run(request.nonce, request.desk, "签退", request.query, work)

    def undo(self, request: Request) -> dict:
        return self.store.run(request.nonce, request.desk, "撤销", "", lambda log, now: undo_last(log, request.desk, now))

    # -----------------------------------------------------------------------------------------
    def meeting(self) -> dict:
        m = self.setup.meeting
        hall = self.setup.pool.hall
        return {"name": m.name, "start": m.start.isoformat(timespec="minutes"), "end": m.end.isoformat(timespec="minutes"),
                "place": m.place, "expected": len(self.roster.people), "limit": self.limit, "codes": bool(self.secret),
                "hall": {"rows": hall.rows, "seats": hall.seats_per_row, "reserved": hall.reserved_rows} if hall else None}

    def board(self) -> dict:
        """Arrivals by category and unit, who is still missing (with phones), the hall filling up."""
        with self.store.lock:
            rows = dict(self.store.state.rows)
            version = self.store.state.version
            recent = [rows[i] for i in reversed(self.store.state.recent) if i in rows][:10]
        order = {c: i for i, c in enumerate(self.setup.categories)}
        categories: dict[str, dict] = {}
        units: dict[str, dict] = {}
        missing = []
        arrived = proxied = 0
        for p in self.roster.people:
            here, proxy = p.key in rows, core.proxy_key(p) in rows
            arrived += here
            proxied += proxy and not here
            cat = categories.setdefault(p.category or "未分类", {"name": p.category or "未分类", "expected": 0, "arrived": 0, "proxied": 0})
            unit = units.setdefault(p.unit, {"name": p.unit, "category": cat["name"], "expected": 0, "arrived": 0, "proxied": 0})
            for group in (cat, unit):
                group["expected"] += 1
                group["arrived"] += here
                group["proxied"] += proxy and not here
            if not here and not proxy:
                missing.append({"name": p.name, "unit": p.unit, "category": cat["name"], "title": p.title, "phone": p.phone})
        strangers = sum(1 for i in rows if i.startswith("名单外:"))
        rank = lambda g: (order.get(g["category"] if "category" in g else g["name"], len(order)))  # noqa: E731
        return {
            "version": version,
            "now": self.store.clock().isoformat(timespec="seconds"),
            "meeting": self.meeting(),
            "totals": {"expected": len(self.roster.people), "arrived": arrived, "proxied": proxied, "strangers": strangers,
                       "missing": len(missing), "records": len(rows)},
            "categories": sorted(categories.values(), key=rank),
            "units": sorted(units.values(), key=lambda u: (rank(u), u["arrived"] - u["expected"])),
            "missing": sorted(missing, key=lambda m: (order.get(m["category"], len(order)), m["unit"])),
            "hall": self._hall(rows),
            "recent": [{"name": r.name, "unit": r.unit, "seat": r.seat, "desk": r.desk,
                        "time": r.signed_in.strftime("%H:%M") if r.signed_in else ""} for r in recent],
        }

    def _hall(self, rows: dict) -> dict | None:
        hall = self.setup.pool.hall
        if hall is None:
            return None
        taken = {parse_seat(r.seat): r.name for r in rows.values() if r.seat}
        reserved = set(reserved_seats(hall))
        seats = []
        for row in range(1, hall.rows + 1):
            line = []
            for seat in range(1, hall.seats_per_row + 1):
                where = (row, seat)
                line.append("taken" if where in taken else "reserved" if where in reserved else "free")
            seats.append(line)
        podium = [{"seat": p.seat, "name": p.name, "arrived": p.key in rows}
                  for p in self.roster.people if p.seat.startswith("主席台")]
        issuable = hall.issuable
        issued = sum(1 for (r, s) in taken if (r, s) not in reserved and r > hall.reserved_rows) if taken else 0
        return {"rows": hall.rows, "seats": hall.seats_per_row, "reserved": hall.reserved_rows, "map": seats,
                "podium": podium, "issued": issued, "issuable": issuable}

    def records(self, since: int = 0) -> dict:
        rows = [r for r in self.store.rows() if r.seq > since]
        return {"records": [r.as_json() for r in rows],
                "undone": self.store.undone()}
