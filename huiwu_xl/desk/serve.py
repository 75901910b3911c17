"""`huiwu serve WORKBOOK`: the roster, seats and earlier sign-ins from the workbook, the store
beside it, and the web server (uvicorn) for the desks and the board."""
from __future__ import annotations

import gc
import socket
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from ..problems import InputError, Problem
from . import DEFAULT_PORT
from .service import DeskService
from .store import MeetingMismatch, Store, fingerprint, store_path


def simulated_clock(start: datetime) -> Callable[[], datetime]:
    """A clock that starts at `start` and runs in real time (rehearsals, demos, tests)."""
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


def load_service(workbook: Path, clock: Callable[[], datetime] | None = None, limit: int = 8) -> DeskService:
    """The roster, named seats, hall and 签到 rows from the workbook, and the store beside it. After
    a restart with the workbook unchanged, the store's copy of them is used instead."""
    from . import search
    from .setup import Setup, read_workbook, signature

    if not workbook.exists():
        raise InputError(Problem(workbook.name, f"找不到工作簿文件 {workbook}", place="文件"))
    store = Store(store_path(workbook), clock or datetime.now)
    mark = signature(workbook)
    saved = store.meta("setup")
    fresh = not (saved and store.meta("workbook") == mark)
    if not fresh:
        setup = Setup.from_json(saved)
    else:
        setup, rows = read_workbook(workbook)
        try:
            store.claim(fingerprint(setup.meeting))
        except MeetingMismatch as exc:
            store.close()
            raise InputError(Problem(store_path(workbook).name, str(exc), place="文件")) from None
        store.import_rows(rows)
        store.set_meta({"setup": setup.to_json(), "workbook": mark})
    known = store.readings()
    search.READINGS.update(known)
    service = DeskService(setup, store, limit)
    if fresh:  # a first start: keep the readings, so that a restart needs no pypinyin
        service.index  # noqa: B018 - waits for the index
    if len(search.READINGS) > len(known):
        store.keep_readings({c: r for c, r in search.READINGS.items() if c not in known})
    return service


def lan_address() -> str:
    """This machine's address on the office network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return socket.gethostbyname(socket.gethostname())


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def serve(workbook: Path, port: int = DEFAULT_PORT, lan: bool = False, limit: int = 8, clock: datetime | None = None,
          stream=None) -> None:
    import uvicorn

    from .app import build_app, desk_link

    stream = stream or sys.stdout
    host = "0.0.0.0" if lan else "127.0.0.1"
    if not 0 < port < 65536:
        raise InputError(Problem("命令行", f"端口 {port} 无效，应为 1–65535", place="参数"))
    if not _port_free(host, port):
        raise InputError(Problem("命令行", f"端口 {port} 已被占用：签到服务可能已在运行，或用 --port 换一个端口", place="参数"))
    service = load_service(workbook, simulated_clock(clock) if clock else None, limit)

    def settle() -> None:
        # The roster and its search index live as long as the server: keep the cyclic garbage
        # collector from scanning them again and again (a full pass over a 10,000-person index
        # takes ~0.2 s, which a sign-in would wait for).
        service.index  # noqa: B018 - waits for the index
        gc.collect()
        gc.freeze()

    threading.Thread(target=settle, name="settle", daemon=True).start()
    pin = service.store.meta("pin") if lan else None
    base = f"http://{lan_address() if lan else '127.0.0.1'}:{port}"
    board = service.board()["totals"]
    lines = [f"签到服务已启动：{service.setup.meeting.name}（名单 {board['expected']} 人，已签到 {board['arrived']} 人）",
             f"签到台：{base}/desk", f"看  板：{base}/board"]
    if lan:
        lines.append(f"PIN：{pin}（平板、手机扫描下方二维码可直接进入签到台）")
    if not service.secret:
        lines.append("提示：本次会议尚未生成参会证（会议信息中没有签到密钥），只能按姓名或拼音签到。")
    service_link = f"{base}/" + (f"?pin={pin}" if pin else "")
    lines += [f"Excel 也要共用座位时，在“会议信息”的“签到服务”填写：{service_link}",
              f"签到数据：{service.store.path}", "会后点“同步签到”（或运行 huiwu sync 工作簿）把签到写回工作簿。按 Ctrl+C 停止。"]
    print("\n".join(lines), file=stream, flush=True)
    if lan:
        _print_qr(desk_link(base, pin), workbook, stream)
    app = build_app(service, pin, lan)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        service.store.close()


def _print_qr(link: str, workbook: Path, stream) -> None:
    import segno

    qr = segno.make(link, error="m")
    png = workbook.with_name(f"{workbook.stem}.签到台二维码.png")
    qr.save(str(png), scale=8, border=2)
    try:
        qr.terminal(out=stream, compact=True)
    except UnicodeEncodeError:  # a console without block characters: the picture file still helps
        pass
    print(f"二维码图片：{png}", file=stream, flush=True)
