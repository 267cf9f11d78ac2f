"""The web server behind `factcheck serve`: textual-serve's Server with a token in front.

textual-serve (aiohttp) serves a page (`/`), its static files (`/static`), downloads
(`/download/{key}`) and a websocket (`/ws`); every websocket it accepts starts the app
command as a subprocess (its `AppService`). It has no authentication, so a middleware here
guards every route before any handler runs:

- the first page load carries the token as `?token=...`; a right one is answered with a
  redirect to the same page without it and an HttpOnly, SameSite=Lax cookie holding it (the
  token leaves the address bar and the history);
- every later request (the page again, its static files, the websocket the page opens) must
  carry the cookie, or `?token=` (scripts); the websocket must also come from a page of this
  server when the browser says where it comes from (Origin);
- tokens are compared with hmac.compare_digest; no token is 401, a wrong one 403, and a
  refused websocket never reaches textual-serve's handler, so no app process starts.

The app each websocket starts is `python -m factcheck review` on the serve command's
database, as the reviewer of the token the request carried (the server keeps token ->
reviewer; the name goes to the app in its environment, never on a command line), or with
`--ask-reviewer` for a token without a reviewer (the app asks for a name first). This module
imports aiohttp and textual-serve, so only `factcheck serve` imports it, inside the command.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import hdrs, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from factcheck.text import one_line

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

TOKEN_PARAMETER = "token"
_REFUSED_PAGE = ("factcheck serve: open the address that `factcheck serve` printed, with its "
                 "token (?token=...).\n")


class TokenServer(Server):
    """textual-serve's Server, every route behind the token."""

    def __init__(self, command: str, *, host: str, port: int, tokens: Mapping[str, str | None],
                 title: str, on_started: Callable[[], None]) -> None:
        super().__init__(command, host=host, port=port, title=title)
        if not tokens:
            raise ValueError("a TokenServer needs at least one token")
        # token -> the reviewer its sessions review as (None: the app asks for a name). Kept
        # here only: a browser proves a token, it never says who it is.
        self._tokens = [(token.encode("utf-8"), who) for token, who in tokens.items()]
        # Cookies are not kept apart by port: two servers on one host keep their own.
        self.cookie_name = f"factcheck_serve_{port}"
        self._on_started = on_started
        self._sessions: set[asyncio.Task[object]] = set()

    # ------------------------------------------------------------------ the guard

    def _match(self, given: str) -> _Session | None:
        """The session a token opens, or None for a wrong one. Every token is compared, in
        constant time, whichever matches: the time taken says nothing about which."""
        found: _Session | None = None
        encoded = given.encode("utf-8")
        for token, who in self._tokens:
            if hmac.compare_digest(encoded, token):
                found = _Session(reviewer=who)
        return found

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        websocket = request.headers.get(hdrs.UPGRADE, "").lower() == "websocket"
        in_query = request.query.get(TOKEN_PARAMETER)
        given = in_query if in_query is not None else request.cookies.get(self.cookie_name)
        if not given:
            raise web.HTTPUnauthorized(text=_REFUSED_PAGE)
        session = self._match(given)
        if session is None:
            raise web.HTTPForbidden(text=_REFUSED_PAGE)
        request[_SESSION_KEY] = session
        if websocket and not _same_origin(request):
            raise web.HTTPForbidden(text="factcheck serve: websocket from another site\n")
        if in_query is not None and not websocket and request.method == "GET":
            # First load: the token goes into a cookie and out of the address bar.
            rest = request.rel_url.without_query_params(TOKEN_PARAMETER)
            redirect = web.HTTPSeeOther(location=str(rest))
            redirect.set_cookie(self.cookie_name, given, httponly=True, samesite="Lax",
                                path="/", secure=_https(request))
            raise redirect
        response = await handler(request)
        if not response.prepared:  # (a websocket's answer is already sent)
            response.headers.setdefault("Cache-Control", "no-store")
            response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    # ------------------------------------------------------------------ textual-serve hooks

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """As textual-serve's, but the URLs are those the browser used (its Host), so a page
        opened as localhost or by another name still finds its websocket and its cookie."""
        secure = _https(request)
        base = ("https" if secure else "http") + f"://{request.host}"
        websocket = ("wss" if secure else "ws") + f"://{request.host}"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": websocket + str(request.app.router["websocket"].url_for()),
            "config": {"static": {"url": base + "/static/"}},
            "application": {"name": self.title},
        }

    def initialize_logging(self) -> None:
        """One line per problem on stderr (a traceback only with FACTCHECK_DEBUG=1), and no
        access log: it would print every request line, the first one with the token."""
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_OneLine())
        root = logging.getLogger()
        root.handlers[:] = [handler]
        root.setLevel(logging.DEBUG if self.debug else logging.WARNING)
        logging.getLogger("aiohttp.access").disabled = True

    async def on_startup(self, app: web.Application) -> None:
        self._on_started()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """As textual-serve's handler (it starts the app process), but the app runs as the
        reviewer of the request's token, and its task is noted for shutdown."""
        task = asyncio.current_task()
        if task is not None:
            self._sessions.add(task)
        try:
            return await self._run_app(request, request[_SESSION_KEY])
        finally:
            if task is not None:
                self._sessions.discard(task)

    async def _run_app(self, request: web.Request, session: _Session) -> web.WebSocketResponse:
        # textual-serve 1.1's handle_websocket, with a ReviewerAppService (its AppService
        # takes no environment of its own).
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            command = self.command if session.reviewer is not None else (
                f"{self.command} --ask-reviewer")
            app_service = ReviewerAppService(
                command, reviewer=session.reviewer, write_bytes=websocket.send_bytes,
                write_str=websocket.send_str, close=websocket.close,
                download_manager=self.download_manager, debug=self.debug)
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            logging.getLogger("textual-serve").exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """On ctrl+c or SIGTERM: end every browser session now (textual-serve's handler then
        tells its app to quit and waits for it) instead of after aiohttp's grace period."""
        sessions = list(self._sessions)
        for task in sessions:
            task.cancel()
        if sessions:
            await asyncio.wait(sessions, timeout=10)

    def serve(self, debug: bool = False) -> None:
        """As textual-serve's serve, with a short shutdown and no access log."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.request_exit)
        web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False,
                    loop=loop, print=None, access_log=None, shutdown_timeout=3)


@dataclass(frozen=True)
class _Session:
    """What a valid token opens: the reviewer its browser sessions review as."""

    reviewer: str | None


_SESSION_KEY = web.RequestKey("factcheck_session", _Session)


class ReviewerAppService(AppService):
    """textual-serve's app process, as one reviewer: FACTCHECK_REVIEWER is the token's
    reviewer, or is left out (the app then asks for a name)."""

    def __init__(self, command: str, *, reviewer: str | None, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.reviewer = reviewer

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment.pop("FACTCHECK_REVIEWER", None)
        if self.reviewer is not None:
            environment["FACTCHECK_REVIEWER"] = self.reviewer
        return environment


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        if os.environ.get("FACTCHECK_DEBUG"):
            return super().format(record)
        text = record.getMessage()
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and str(error) != text:
            text = f"{text}: {type(error).__name__}: {error}"
        elif error is not None:
            text = f"{type(error).__name__}: {error}"
        return f"factcheck serve: {record.levelname.lower()}: {one_line(text, 300)}"


def _https(request: web.Request) -> bool:
    """Whether the browser came over HTTPS: directly, or through a proxy that says so
    (X-Forwarded-Proto; a client that lies about it only gets a page that fails for itself)."""
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.secure or forwarded == "https"


def _same_origin(request: web.Request) -> bool:
    """A browser names the page a websocket comes from; it must be this server's."""
    origin = request.headers.get(hdrs.ORIGIN)
    if origin is None:
        return True  # not a browser: the token alone decides
    return urlsplit(origin).netloc.lower() == request.host.lower()
