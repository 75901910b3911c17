"""The HTTP face of `huiwu serve` (Starlette): the desk page, the board, and the JSON API they use.

Only translation happens here; DeskService does the work. Every error is a 4xx (or 500) with a
Chinese message, never a traceback. On 127.0.0.1 only this machine may call; with --lan every
page and call needs the desk PIN (a header, or the cookie the login form or the QR code sets).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import time
from pathlib import Path
from urllib.parse import parse_qs, quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .service import BadRequest, DeskService, Request as DeskRequest

PAGES = Path(__file__).parent / "static"
COOKIE = "huiwu_desk"
PIN_HEADER = "x-desk-pin"
MAX_BODY = 4096
FAILURES_ALLOWED, LOCKOUT_SECONDS = 10, 300


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message}, status_code=status)


async def _json_body(request: Request) -> object:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise HTTPException(415, "请求须为 JSON（Content-Type: application/json）。")
    body = await request.body()
    if len(body) > MAX_BODY:
        raise HTTPException(413, "请求内容过长。")
    try:
        return json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "请求内容不是有效的 JSON。") from None


def build_app(service: DeskService, pin: str | None = None, lan: bool = False) -> Starlette:
    """The ASGI app; `pin` is required on every call when `lan` (listening on the network)."""

    async def page(request: Request) -> Response:
        return FileResponse(PAGES / f"{request.url.path.strip('/')}.html", media_type="text/html; charset=utf-8")

    async def meeting(request: Request) -> Response:
        return JSONResponse(service.meeting())

    async def search(request: Request) -> Response:
        text = request.query_params.get("q", "")
        if len(text) > 60:
            return error(400, "搜索内容过长（最多 60 个字符）。")
        return JSONResponse(service.search(text))

    def acting(method):
        async def endpoint(request: Request) -> Response:
            desk_request = DeskRequest.of(await _json_body(request))
            began = time.perf_counter()
            answer = await run_in_threadpool(method, desk_request)
            took = (time.perf_counter() - began) * 1000
            # A refused scan or a namesake is an answer for the desk (200); only a conflict the database caught is 409.
            return JSONResponse(answer, status_code=409 if answer.get("outcome") == "conflict" else 200,
                                headers={"Server-Timing": f"desk;dur={took:.2f}"})  # the transaction, commit included
        return endpoint

    async def board(request: Request) -> Response:
        since = _integer(request, "since")
        data = await run_in_threadpool(service.board) if since != service.store.state.version else None
        if data is None:
            return JSONResponse({"version": since, "changed": False})
        return JSONResponse({**data, "changed": True})

    async def records(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(service.records, _integer(request, "since")))

    async def refused(request: Request) -> Response:
        return JSONResponse({"refused": await run_in_threadpool(service.store.refused)})

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True, "version": service.store.state.version})

    async def home(request: Request) -> Response:
        return RedirectResponse("/desk", status_code=303)

    async def login(request: Request) -> Response:
        return await _login(request, pin)

    async def bad_request(request: Request, exc: BadRequest) -> Response:
        return error(400, str(exc))

    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if exc.detail and not exc.detail.isascii() else STATUS_TEXT.get(exc.status_code, "请求有误。")
        return error(exc.status_code, message)

    async def server_error(request: Request, exc: Exception) -> Response:
        return error(500, f"服务器内部错误（{type(exc).__name__}），本次操作未完成，请重试；如仍出现，请联系会务组。")

    routes = [
        Route("/", home),
        Route("/desk", page),
        Route("/board", page),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/api/meeting", meeting),
        Route("/api/search", search),
        Route("/api/sign-in", acting(service.sign_in), methods=["POST"]),
        Route("/api/sign-out", acting(service.sign_out), methods=["POST"]),
        Route("/api/undo", acting(service.undo), methods=["POST"]),
        Route("/api/board", board),
        Route("/api/records", records),
        Route("/api/refused", refused),
        Route("/api/health", health),
        Mount("/static", StaticFiles(directory=PAGES), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={BadRequest: bad_request, HTTPException: http_error, Exception: server_error})
    app.add_middleware(Gate, pin=pin if lan else None, lan=lan)
    return app


STATUS_TEXT = {404: "没有这个页面或接口。", 405: "不支持这种请求方式。", 400: "请求有误。"}


def _integer(request: Request, key: str) -> int:
    try:
        return int(request.query_params.get(key, "0") or 0)
    except ValueError:
        raise HTTPException(400, f"参数 {key} 应为整数。") from None


def cookie_token(pin: str) -> str:
    return hmac.new(pin.encode(), b"huiwu-desk", hashlib.sha256).hexdigest()


LOGIN_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>签到台登录</title>
<link rel="stylesheet" href="/static/desk.css"></head><body class="login">
<form method="post" action="/login"><h1>会议签到台</h1><p>{message}</p>
<input type="hidden" name="next" value="{next}">
<label>PIN <input name="pin" inputmode="numeric" autocomplete="off" autofocus maxlength="12"></label>
<button type="submit">进入</button></form></body></html>"""


def login_page(message: str, next_path: str = "/desk", status: int = 401) -> HTMLResponse:
    safe_next = next_path if next_path in ("/desk", "/board") else "/desk"
    return HTMLResponse(LOGIN_PAGE.format(message=message, next=safe_next), status_code=status)


async def _login(request: Request, pin: str | None) -> Response:
    if request.method == "GET":
        return login_page("请输入启动签到服务时显示的 PIN。", request.query_params.get("next", "/desk"), 200)
    form = parse_qs((await request.body())[:MAX_BODY].decode("utf-8", "replace"))
    typed, next_path = form.get("pin", [""])[0].strip(), form.get("next", ["/desk"])[0]
    if pin is None or hmac.compare_digest(typed, pin):
        response = RedirectResponse(next_path if next_path in ("/desk", "/board") else "/desk", status_code=303)
        if pin is not None:
            response.set_cookie(COOKIE, cookie_token(pin), httponly=True, samesite="strict", max_age=86400)
        return response
    return login_page("PIN 不正确，请重新输入。", next_path)


class Gate:
    """Who may call: this machine only, or (with --lan) whoever knows the PIN. Failed PINs from
    one address are counted; after ten the address waits five minutes."""

    def __init__(self, app, pin: str | None, lan: bool):
        self.app = app
        self.pin = pin
        self.lan = lan
        self.token = cookie_token(pin) if pin else ""
        self.failures: dict[str, list[float]] = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        if not self.lan and request.url.hostname not in ("127.0.0.1", "localhost"):
            return await error(400, "签到服务只接受本机访问（启动时加 --lan 才允许局域网访问）。")(scope, receive, send)
        if self.pin is None or request.url.path == "/login":
            return await self.app(scope, receive, send)
        client = request.client.host if request.client else ""
        recent = [t for t in self.failures.get(client, []) if time.monotonic() - t < LOCKOUT_SECONDS]
        self.failures[client] = recent
        if len(recent) >= FAILURES_ALLOWED:
            return await error(429, "PIN 错误次数过多，请 5 分钟后再试。")(scope, receive, send)
        given_header = request.headers.get(PIN_HEADER)
        given_query = request.query_params.get("pin")
        if hmac.compare_digest(request.cookies.get(COOKIE, ""), self.token):
            return await self.app(scope, receive, send)
        for given in (given_header, given_query):
            if given is None:
                continue
            if hmac.compare_digest(given.strip(), self.pin):
                if given is given_query and request.url.path in ("/desk", "/board"):  # the QR code's link
                    response = RedirectResponse(request.url.path, status_code=303)
                    response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict", max_age=86400)
                    return await response(scope, receive, send)
                return await self.app(scope, receive, send)
            recent.append(time.monotonic())
        if request.url.path.startswith("/api/"):
            return await error(401, "需要签到台 PIN：请在请求头 X-Desk-PIN 中给出启动签到服务时显示的 PIN。")(scope, receive, send)
        return await login_page("请输入启动签到服务时显示的 PIN。", request.url.path)(scope, receive, send)


def desk_link(base: str, pin: str | None) -> str:
    return f"{base}/desk" + (f"?pin={quote(pin)}" if pin else "")
