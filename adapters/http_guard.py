"""Keeping the HTTP server up against slow or hostile clients (slow-loris, junk headers).

aiohttp has no deadline for reading a request and no cap on connections, so a stranger can hold a
thousand sockets open by sending one header byte a minute. The guard sits between the listening socket
and aiohttp: at most `max_connections` at once (more are closed at once), a connection must deliver its
request head within `head_timeout` seconds (also between keep-alive requests), and a body must arrive
within `body_timeout`. Requests whose Slack timestamp header is not a number are refused with 401 before
slack-bolt sees them (it would fail with a 500). Given the signing secret, the guard checks Slack's
signature itself, first: slack-bolt parses a body before verifying it (deeply nested JSON or bytes that
are not UTF-8 gave a 500 with a traceback) and logs refused bodies whole.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger("factbot.http")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class HttpLimits:
    max_connections: int = 500
    head_timeout: float = 10.0  # seconds to send a request's headers (and to start the next one)
    body_timeout: float = 10.0  # seconds to send a request's body
    max_body: int = 1024**2  # bytes; Slack's payloads are far smaller


class HttpGuard:
    def __init__(self, limits: HttpLimits | None = None, signing_secret: str | None = None):
        self.limits = limits or HttpLimits()
        self._verifier = SignatureVerifier(signing_secret) if signing_secret else None
        self._timers: dict[asyncio.BaseTransport, asyncio.TimerHandle | None] = {}
        self.refused = 0  # connections closed because too many were open
        self.expired = 0  # connections closed for being too slow

    @property
    def connections(self) -> int:
        return len(self._timers)

    def protocol_factory(self, inner: Callable[[], asyncio.Protocol]) -> Callable[[], asyncio.Protocol]:
        """Wrap aiohttp's protocol factory (AppRunner.server) to count connections and arm deadlines."""
        return lambda: _Guarded(inner(), self)

    def _opened(self, transport: asyncio.BaseTransport) -> bool:
        if len(self._timers) >= self.limits.max_connections:
            self.refused += 1
            return False
        self._timers[transport] = None
        self._arm(transport)
        return True

    def _closed(self, transport: asyncio.BaseTransport) -> None:
        self._disarm(transport)
        self._timers.pop(transport, None)

    def _arm(self, transport: asyncio.BaseTransport) -> None:
        if transport not in self._timers:
            return
        self._disarm(transport)
        loop = asyncio.get_running_loop()
        self._timers[transport] = loop.call_later(self.limits.head_timeout, self._expire, transport)

    def _disarm(self, transport: asyncio.BaseTransport) -> None:
        timer = self._timers.get(transport)
        if timer is not None:
            timer.cancel()
            self._timers[transport] = None

    def _expire(self, transport: asyncio.BaseTransport) -> None:
        self.expired += 1
        self._timers.pop(transport, None)
        transport.abort()  # type: ignore[attr-defined]

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        transport = request.transport
        if transport is not None:
            self._disarm(transport)  # the head arrived; the body has its own deadline
        try:
            return await self._handle(request, handler)
        finally:
            if transport is not None:
                self._arm(transport)  # the next request on this connection must come promptly

    def _signed(self, body: bytes, request: web.Request, stamp: str | None) -> bool:
        assert self._verifier is not None
        try:
            return self._verifier.is_valid(body, stamp, request.headers.get("X-Slack-Signature"))
        except UnicodeDecodeError:  # Slack sends UTF-8; anything else is not from Slack
            return False

    async def _handle(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method == "POST":
            stamp = request.headers.get("X-Slack-Request-Timestamp")
            if stamp is not None and not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
                return web.json_response({"error": "invalid request"}, status=401)
            if request.content_length is not None and request.content_length > self.limits.max_body:
                return web.Response(status=413, text="request body too large")
            try:
                async with asyncio.timeout(self.limits.body_timeout):
                    await request.read()  # aiohttp keeps it: the handler reads the same bytes
            except TimeoutError:
                self.expired += 1
                return web.Response(status=408, text="request body too slow", headers={"Connection": "close"})
            except web.HTTPRequestEntityTooLarge:
                return web.Response(status=413, text="request body too large")
            if self._verifier is not None and not self._signed(await request.read(), request, stamp):
                return web.json_response({"error": "invalid request"}, status=401)
        try:
            return await handler(request)
        except (RecursionError, UnicodeDecodeError) as exc:  # slack-bolt parsing a body it cannot read
            log.warning("unreadable request body refused: %s", type(exc).__name__)
            return web.Response(status=400, text="unreadable request body")


class _Guarded(asyncio.Protocol):
    """aiohttp's protocol for one connection, seen through the guard (its handler has __slots__, so it is
    wrapped rather than patched)."""

    def __init__(self, inner: asyncio.Protocol, guard: HttpGuard):
        self._inner, self._guard = inner, guard
        self._transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._inner.connection_made(transport)
        if self._guard._opened(transport):
            self._transport = transport
        else:
            transport.abort()  # type: ignore[attr-defined]

    def connection_lost(self, exc: Exception | None) -> None:
        if self._transport is not None:
            self._guard._closed(self._transport)
        self._inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()


async def start_server(
    inner: Callable[[], asyncio.Protocol], guard: HttpGuard, host: str, port: int
) -> tuple[asyncio.Server, int]:
    """Listen on host:port through the guard; (server, the port actually bound)."""
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        guard.protocol_factory(inner), host, port, backlog=min(1024, guard.limits.max_connections)
    )
    sockets: Any = server.sockets
    return server, int(sockets[0].getsockname()[1]) if sockets else port
