"""A fake Discord for end-to-end tests: the real discord.py talking to a real local server.

`FakeDiscord` serves, on 127.0.0.1 and a free port:

- the REST API v10 under ``/api/v10`` (users/@me, oauth2/applications/@me, gateway, channel messages,
  interaction callbacks, webhook followups and edits, application command sync, DM channels, typing),
  recording every request as a `Call`, with failure injection (`fail_next`, `rate_limit_next`);
- the gateway websocket under ``/gateway`` (HELLO, heartbeat ACKs, IDENTIFY → READY + one GUILD_CREATE per
  configured guild, RESUME → RESUMED, member chunk requests), through which the test pushes events with
  `FakeDiscord.dispatch`.

Pointing discord.py at it (both are class attributes, read when a request / connection is made)::

    discord.http.Route.BASE = fake.api_base            # "http://127.0.0.1:PORT/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)   # ws://…/gateway

`point_discord_at(fake)` does both and puts the old values back on exit::

    async with FakeDiscord() as fake:
        with point_discord_at(fake):
            client = discord.Client(intents=discord.Intents.default(), guild_ready_timeout=0.05)
            task = asyncio.create_task(client.start("fake-token"))
            await fake.wait_for_ready()
            await fake.dispatch("MESSAGE_CREATE", fake.message_create("<@1000> hi", mentions=["1000"]))
            [call] = await fake.wait_for("POST", "/channels/9100/messages")
            await client.close()
            await task

Things discord.py 2.7.1 does that shape a test:

- ``on_ready`` fires only ``guild_ready_timeout`` seconds (2.0 by default) after the *last* GUILD_CREATE,
  always: the client waits that long for more guilds. Build test clients with ``guild_ready_timeout=0.05``
  or so, or every start costs two seconds.
- Every IDENTIFY but the first waits 5 s in ``Client.before_identify_hook`` (a courtesy to Discord's
  identify rate limit). A test that makes the client re-identify (``fake.resumable = False``) should use a
  client subclass whose ``before_identify_hook`` returns at once. A RESUME has no such wait, and an aborted
  connection (`drop_connection()`) or a close frame with code 4000 is resumed at once, on
  ``resume_gateway_url`` (here ``/gateway/resume``).
- REST answers are parsed only with ``Content-Type: application/json`` exactly; this fake sets it so.
- A 429 is retried only when the answer carries a ``Via`` header (otherwise discord.py takes it for a
  Cloudflare ban and raises `discord.HTTPException`); `rate_limit_next` sends one. A 5xx is retried after
  sleeping 1 s, 3 s, … — inject 4xx errors, not 5xx, in fast tests.
- Commands registered for a guild (``tree.command(guild=…)``) are only found when the interaction's
  ``data.guild_id`` names that guild: pass ``command_guild_id`` to `FakeDiscord.interaction`.
- Without the Message Content intent Discord blanks the content of guild messages that do not mention
  the bot; the fake does the same (``strip_content_without_intent=True``), so a test sees what production
  sees.

Waiting is done on conditions and events, never by sleeping; every wait has a timeout that raises an
AssertionError describing what the fake saw.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import BodyPartReader, WSMsgType, web

JSONDict = dict[str, Any]

API_PREFIX = "/api/v10"
BOT_USER_ID = "1000"
BOT_USERNAME = "factbot"
APPLICATION_ID = "2000"
OWNER_ID = "3000"
GUILD_ID = "9000"
CHANNEL_ID = "9100"
DM_CHANNEL_ID = "9200"
ADMIN_ROLE_ID = "9001"
USER_ID = "1"
ADMIN_USER_ID = "2"

#: What an administrator's interaction carries in ``member.permissions`` (Discord sends all bits).
ADMIN_PERMISSIONS = str(discord.Permissions.all().value)
#: The @everyone permissions of the default guild: read, write, embed, react, use commands.
EVERYONE_PERMISSIONS = str(
    discord.Permissions(
        view_channel=True,
        send_messages=True,
        read_message_history=True,
        embed_links=True,
        attach_files=True,
        add_reactions=True,
        use_application_commands=True,
    ).value
)
#: Default upload limit of an interaction (``attachment_size_limit``, required by discord.py): 10 MiB.
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
MESSAGE_CONTENT_INTENT = 1 << 15
EPHEMERAL = 1 << 6
_DISCORD_EPOCH_MS = 1420070400000


@dataclass(frozen=True)
class Call:
    """One REST request the fake received (``path`` is relative to ``/api/v10``).

    ``json`` is the JSON body (for a multipart upload: its ``payload_json``), ``query`` the query string,
    ``status`` the status the fake answered, ``files`` the names of uploaded files.
    """

    method: str
    path: str
    json: Any
    query: dict[str, str]
    status: int = 200
    files: tuple[str, ...] = ()


@dataclass
class FakeGuild:
    """A guild the fake announces with GUILD_CREATE after READY.

    ``channels`` maps text channel ids to names; ``members`` maps user ids to their role ids (the bot is
    always a member). The guild has an @everyone role (id = guild id) and an "Admin" role with
    Administrator.
    """

    id: str = GUILD_ID
    name: str = "Fake Guild"
    channels: dict[str, str] = field(default_factory=lambda: {CHANNEL_ID: "general"})
    members: dict[str, list[str]] = field(
        default_factory=lambda: {USER_ID: [], ADMIN_USER_ID: [ADMIN_ROLE_ID]}
    )
    owner_id: str = OWNER_ID
    everyone_permissions: str = EVERYONE_PERMISSIONS
    admin_role_id: str = ADMIN_ROLE_ID


@dataclass
class _Fault:
    prefix: str
    method: str | None
    status: int
    body: Any
    headers: dict[str, str]


@dataclass(eq=False)
class _Connection:
    ws: web.WebSocketResponse
    request: web.Request
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    live: bool = False


Answer = tuple[int, Any]
_RouteHandler = Callable[["re.Match[str]", Call], Awaitable[Answer]]


class FakeDiscord:
    """Discord's REST API and gateway on 127.0.0.1, for a real `discord.Client`.

    Use as ``async with FakeDiscord() as fake:`` (or `start` / `stop`). Attributes worth reading in tests:

    - ``calls``: every REST `Call`, in order (also `calls_to`, `wait_for`);
    - ``identify_payloads`` / ``resume_payloads``: the ``d`` of each op 2 / op 6 (``intents``: the last one's);
    - ``identifies`` / ``resumes`` / ``connections``: handshake and connection counts;
    - ``gateway_paths``: path and query of each gateway connection (``/gateway``, resumes on
      ``/gateway/resume``);
    - ``received_frames`` / ``sent_frames``: every gateway frame from / to the client;
    - ``messages``: message objects by id (the bot's and the dispatched ones); ``interactions``: the
      dispatched interactions by id; ``commands``: synced commands (key None = global, else the guild id).

    Knobs: ``resumable`` (False: RESUME gets INVALID_SESSION), ``echo_bot_messages``,
    ``strip_content_without_intent``, ``token``.
    """

    def __init__(
        self,
        guilds: Sequence[FakeGuild] | None = None,
        *,
        token: str | None = None,
        echo_bot_messages: bool = False,
        strip_content_without_intent: bool = True,
        heartbeat_interval: int = 41250,
    ) -> None:
        """``token``: if set, REST calls and IDENTIFY must carry it (else 401 / close 4004).
        ``echo_bot_messages``: dispatch MESSAGE_CREATE for every message the bot posts to a channel, as
        Discord does (to test that the bot ignores itself)."""
        self.guilds: list[FakeGuild] = list(guilds) if guilds is not None else [FakeGuild()]
        self.token = token
        self.echo_bot_messages = echo_bot_messages
        self.strip_content_without_intent = strip_content_without_intent
        self.heartbeat_interval = heartbeat_interval
        #: When False, a RESUME is refused with INVALID_SESSION (op 9, d false): the client re-identifies.
        self.resumable = True

        self.users: dict[str, JSONDict] = {}
        self.add_user(BOT_USER_ID, BOT_USERNAME, bot=True)
        self.add_user(USER_ID, "alice")
        self.add_user(ADMIN_USER_ID, "admin")
        self.add_user(OWNER_ID, "owner")

        self.calls: list[Call] = []
        self.identify_payloads: list[JSONDict] = []
        self.resume_payloads: list[JSONDict] = []
        self.received_frames: list[JSONDict] = []
        self.sent_frames: list[JSONDict] = []
        self.identifies = 0
        self.resumes = 0
        self.connections = 0
        #: Path and query of every gateway connection ("/gateway?v=10&encoding=json&compress=zlib-stream").
        self.gateway_paths: list[str] = []
        self.messages: dict[str, JSONDict] = {}
        self.interactions: dict[str, JSONDict] = {}
        self.commands: dict[str | None, list[JSONDict]] = {}
        self.session_id: str | None = None
        self.seq = 0

        self._responded: set[str] = set()
        self._originals: dict[str, str] = {}
        self._faults: list[_Fault] = []
        self._ids = itertools.count(1)
        self._current: _Connection | None = None
        self._connections: set[_Connection] = set()
        self._cond: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._routes: list[tuple[str, re.Pattern[str], _RouteHandler]] = [
            ("GET", re.compile(r"/users/@me"), self._get_me),
            ("GET", re.compile(r"/users/(?P<user>\d+)"), self._get_user),
            ("GET", re.compile(r"/(?:oauth2/)?applications/@me"), self._get_application),
            ("GET", re.compile(r"/gateway(?:/bot)?"), self._get_gateway),
            ("POST", re.compile(r"/users/@me/channels"), self._create_dm),
            ("GET", re.compile(r"/channels/(?P<channel>\d+)"), self._get_channel),
            ("POST", re.compile(r"/channels/(?P<channel>\d+)/messages"), self._create_message),
            ("GET", re.compile(r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)"), self._get_message),
            (
                "PATCH",
                re.compile(r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)"),
                self._edit_message,
            ),
            (
                "DELETE",
                re.compile(r"/channels/(?P<channel>\d+)/messages/(?P<message>\d+)"),
                self._delete_message,
            ),
            ("POST", re.compile(r"/channels/\d+/typing"), self._no_content),
            ("PUT", re.compile(r"/channels/\d+/messages/\d+/reactions/[^/]+/@me"), self._no_content),
            ("DELETE", re.compile(r"/channels/\d+/messages/\d+/reactions/[^/]+/@me"), self._no_content),
            ("POST", re.compile(r"/interactions/(?P<id>\d+)/(?P<token>[^/]+)/callback"), self._callback),
            ("POST", re.compile(r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)"), self._followup),
            (
                "GET",
                re.compile(r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/(?P<message>@original|\d+)"),
                self._webhook_get,
            ),
            (
                "PATCH",
                re.compile(r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/(?P<message>@original|\d+)"),
                self._webhook_edit,
            ),
            (
                "DELETE",
                re.compile(r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)/messages/(?P<message>@original|\d+)"),
                self._webhook_delete,
            ),
            ("GET", re.compile(r"/applications/\d+/commands"), self._get_commands),
            ("PUT", re.compile(r"/applications/\d+/commands"), self._put_commands),
            ("GET", re.compile(r"/applications/\d+/guilds/(?P<guild>\d+)/commands"), self._get_commands),
            ("PUT", re.compile(r"/applications/\d+/guilds/(?P<guild>\d+)/commands"), self._put_commands),
        ]

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/gateway/resume", self._gateway)
        app.router.add_route("*", "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        for conn in list(self._connections):
            transport = conn.request.transport
            if transport is not None:
                transport.abort()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeDiscord is not started")
        return self._port

    @property
    def api_base(self) -> str:
        """The value for ``discord.http.Route.BASE``."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """The value (as a ``yarl.URL``) for ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        """Where READY tells the client to resume (served like ``gateway_url``, recorded apart)."""
        return f"ws://127.0.0.1:{self.port}/gateway/resume"

    @property
    def intents(self) -> int | None:
        """The intents of the last IDENTIFY (None before one)."""
        if not self.identify_payloads:
            return None
        value = self.identify_payloads[-1].get("intents")
        return int(value) if value is not None else None

    @property
    def handshakes(self) -> int:
        """Sessions established so far: READY sent after IDENTIFY plus RESUMED sent after RESUME."""
        return self.identifies + self.resumes

    @property
    def connected(self) -> bool:
        """True while a gateway connection is open and its session is established."""
        return self._current is not None and self._current.live

    # ------------------------------------------------------------------ configuration

    def add_user(self, user_id: str, username: str | None = None, *, bot: bool = False) -> JSONDict:
        """Register (or replace) a user; the builders use it for authors, members and mentions."""
        user: JSONDict = {
            "id": user_id,
            "username": username or f"user{user_id}",
            "global_name": None,
            "discriminator": "0",
            "avatar": None,
            "bot": bot,
            "system": False,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
        }
        self.users[user_id] = user
        return user

    def user(self, user_id: str, *, bot: bool | None = None) -> JSONDict:
        """A user object (a copy); unknown ids get a generated username."""
        user = copy.deepcopy(self.users.get(user_id) or self.add_user(user_id))
        if bot is not None:
            user["bot"] = bot
        return user

    def guild(self, guild_id: str) -> FakeGuild:
        for guild in self.guilds:
            if guild.id == guild_id:
                return guild
        raise KeyError(f"no fake guild {guild_id}")

    def fail_next(
        self, route_prefix: str, status: int, body: Any = None, *, method: str | None = None
    ) -> None:
        """Answer the next request whose path starts with ``route_prefix`` (relative to /api/v10, e.g.
        "/channels/9100/messages") with ``status`` and ``body`` (default: a generic error object)."""
        if body is None:
            body = {"message": f"{status}: injected failure", "code": 0}
        self._faults.append(_Fault(route_prefix, method, status, body, {}))

    def rate_limit_next(
        self,
        route_prefix: str,
        retry_after: float = 0.05,
        *,
        is_global: bool = False,
        method: str | None = None,
    ) -> None:
        """Answer the next matching request with a 429 that discord.py honours (it sleeps
        ``retry_after`` and retries; the retry gets the normal answer)."""
        reset = time.time() + retry_after
        headers = {
            "Retry-After": str(max(1, round(retry_after))),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{reset:.3f}",
            "X-RateLimit-Reset-After": f"{retry_after:.3f}",
            "X-RateLimit-Bucket": "fakebucket" + secrets.token_hex(4),
            "X-RateLimit-Scope": "global" if is_global else "user",
            # discord.py treats a 429 without Via as a Cloudflare ban and raises instead of retrying.
            "Via": "1.1 google",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
        self._faults.append(_Fault(route_prefix, method, 429, body, headers))

    # ------------------------------------------------------------------ waiting

    def _condition(self) -> asyncio.Condition:
        if self._cond is None:
            self._cond = asyncio.Condition()
        return self._cond

    async def _notify(self) -> None:
        cond = self._condition()
        async with cond:
            cond.notify_all()

    async def _wait(self, ready: Callable[[], bool], timeout: float, what: Callable[[], str]) -> None:
        cond = self._condition()
        async with cond:
            try:
                await asyncio.wait_for(cond.wait_for(ready), timeout)
            except TimeoutError:
                raise AssertionError(f"{what()}\n{self.describe()}") from None

    def calls_to(self, method: str, path_prefix: str) -> list[Call]:
        """Recorded calls with this method ("*" for any) whose path starts with ``path_prefix``."""
        return [
            c
            for c in self.calls
            if (method == "*" or c.method == method.upper()) and c.path.startswith(path_prefix)
        ]

    async def wait_for(
        self, method: str, path_prefix: str, count: int = 1, timeout: float = 5.0
    ) -> list[Call]:
        """Wait until at least ``count`` matching calls were recorded; return all matching calls."""
        await self._wait(
            lambda: len(self.calls_to(method, path_prefix)) >= count,
            timeout,
            lambda: f"timed out after {timeout}s waiting for {count} × {method} {path_prefix}",
        )
        return self.calls_to(method, path_prefix)

    async def wait_for_ready(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until ``count`` sessions were established in total (IDENTIFY→READY and RESUME→RESUMED
        both count) and a session is live now."""
        await self._wait(
            lambda: self.handshakes >= count and self.connected,
            timeout,
            lambda: f"timed out after {timeout}s waiting for gateway session #{count}",
        )

    def describe(self) -> str:
        lines = [
            f"gateway: connections={self.connections} identifies={self.identifies} resumes={self.resumes} "
            f"live={self.connected}",
            f"REST calls ({len(self.calls)}):",
        ]
        lines += [f"  {c.status} {c.method} {c.path} {_short(c.json)}" for c in self.calls]
        return "\n".join(lines)

    # ------------------------------------------------------------------ gateway

    async def dispatch(self, event: str, data: JSONDict, timeout: float = 5.0) -> JSONDict:
        """Send ``{"op":0,"t":event,"s":…,"d":data}`` to the connected client, once a session is live.
        Returns the frame as sent (content may have been blanked, see the module docstring)."""
        await self._wait(
            lambda: self.connected,
            timeout,
            lambda: f"timed out after {timeout}s waiting for a live gateway session to dispatch {event}",
        )
        conn = self._current
        assert conn is not None
        if event == "INTERACTION_CREATE":
            self.interactions[str(data["id"])] = data
        elif event == "MESSAGE_CREATE" and "id" in data:
            self.messages[str(data["id"])] = copy.deepcopy(data)
        return await self._dispatch(conn, event, self._visible(event, data))

    async def drop_connection(self, code: int | None = None) -> None:
        """Close the gateway connection: abruptly (the TCP connection is aborted, no close frame) by default,
        or with a close frame carrying ``code`` (4000 lets discord.py resume; 4004 is a bad token…)."""
        conn = self._current
        if conn is None:
            raise AssertionError("drop_connection: no gateway connection\n" + self.describe())
        conn.live = False
        self._current = None
        if code is None:
            transport = conn.request.transport
            if transport is not None:
                transport.abort()
        else:
            await conn.ws.close(code=code)
        await self._notify()

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        conn = _Connection(ws=ws, request=request)
        self._connections.add(conn)
        if self._current is not None:
            self._current.live = False
        self._current = conn
        self.connections += 1
        self.gateway_paths.append(request.path_qs)
        try:
            await self._send(conn, {"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval}})
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_frame(conn, json.loads(msg.data))
                elif msg.type is WSMsgType.ERROR:
                    break
        except (ConnectionError, RuntimeError):
            pass  # the connection went away while we were answering
        finally:
            self._connections.discard(conn)
            conn.live = False
            if self._current is conn:
                self._current = None
            await self._notify()
        return ws

    async def _on_frame(self, conn: _Connection, frame: JSONDict) -> None:
        self.received_frames.append(frame)
        op = frame.get("op")
        data = frame.get("d")
        if op == 1:
            await self._send(conn, {"op": 11})
        elif op == 2:
            await self._identify(conn, data or {})
        elif op == 6:
            await self._resume(conn, data or {})
        elif op == 8:
            await self._member_chunk(conn, data or {})
        await self._notify()

    async def _identify(self, conn: _Connection, data: JSONDict) -> None:
        self.identify_payloads.append(data)
        if self.token is not None and data.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        self.session_id = secrets.token_hex(16)
        self.seq = 0
        shard = data.get("shard") or [0, 1]
        ready = {
            "v": 10,
            "user": {**self.user(BOT_USER_ID), "verified": True, "mfa_enabled": False, "email": None},
            "guilds": [{"id": g.id, "unavailable": True} for g in self.guilds],
            "session_id": self.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_gateway_url,
            "shard": shard,
            "application": {"id": APPLICATION_ID, "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["fake"],
            "auth": {},
            "_trace": ["fake-discord"],
        }
        await self._dispatch(conn, "READY", ready)
        for guild in self.guilds:
            await self._dispatch(conn, "GUILD_CREATE", self.guild_create(guild.id))
        self.identifies += 1
        conn.live = True

    async def _resume(self, conn: _Connection, data: JSONDict) -> None:
        self.resume_payloads.append(data)
        if not self.resumable or data.get("session_id") != self.session_id or self.session_id is None:
            await self._send(conn, {"op": 9, "d": False})
            return
        await self._dispatch(conn, "RESUMED", {"_trace": ["fake-discord"]})
        self.resumes += 1
        conn.live = True

    async def _member_chunk(self, conn: _Connection, data: JSONDict) -> None:
        guild_id = str(data.get("guild_id"))
        try:
            guild = self.guild(guild_id)
        except KeyError:
            return
        chunk: JSONDict = {
            "guild_id": guild_id,
            "members": [self.member(uid, guild_id) for uid in self._member_ids(guild)],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await self._dispatch(conn, "GUILD_MEMBERS_CHUNK", chunk)

    async def _dispatch(self, conn: _Connection, event: str, data: JSONDict) -> JSONDict:
        async with conn.lock:
            self.seq += 1
            frame = {"op": 0, "t": event, "s": self.seq, "d": data}
            self.sent_frames.append(frame)
            await conn.ws.send_str(json.dumps(frame))
        return frame

    async def _send(self, conn: _Connection, frame: JSONDict) -> None:
        async with conn.lock:
            self.sent_frames.append(frame)
            await conn.ws.send_str(json.dumps(frame))

    def _visible(self, event: str, data: JSONDict) -> JSONDict:
        """What Discord delivers without the Message Content intent: no content in guild messages that do
        not mention the bot and are not the bot's own."""
        if (
            not self.strip_content_without_intent
            or event not in ("MESSAGE_CREATE", "MESSAGE_UPDATE")
            or (self.intents or 0) & MESSAGE_CONTENT_INTENT
            or not data.get("guild_id")
            or str(data.get("author", {}).get("id")) == BOT_USER_ID
            or any(str(m.get("id")) == BOT_USER_ID for m in data.get("mentions", []))
        ):
            return data
        blanked = dict(data)
        blanked.update(content="", embeds=[], attachments=[], components=[])
        blanked.pop("poll", None)
        return blanked

    # ------------------------------------------------------------------ payload builders

    def _next_id(self) -> str:
        """A fresh snowflake (timestamp-based, so ``created_at`` looks right)."""
        return str(((int(time.time() * 1000) - _DISCORD_EPOCH_MS) << 22) | (next(self._ids) & 0x3FFFFF))

    def _member_ids(self, guild: FakeGuild) -> list[str]:
        ids = list(guild.members)
        if BOT_USER_ID not in ids:
            ids.append(BOT_USER_ID)
        return ids

    def member(
        self,
        user_id: str,
        guild_id: str = GUILD_ID,
        *,
        with_user: bool = True,
        permissions: str | None = None,
    ) -> JSONDict:
        """A guild member object (roles from the guild's configuration)."""
        try:
            roles = list(self.guild(guild_id).members.get(user_id, []))
        except KeyError:
            roles = []
        member: JSONDict = {
            "roles": roles,
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "nick": None,
            "avatar": None,
            "banner": None,
            "communication_disabled_until": None,
        }
        if with_user:
            member["user"] = self.user(user_id)
        if permissions is not None:
            member["permissions"] = permissions
        return member

    def channel(self, channel_id: str, guild_id: str | None = GUILD_ID) -> JSONDict:
        """A text channel object (or, with ``guild_id=None``, a DM channel with the default user)."""
        if guild_id is None:
            return {
                "id": channel_id,
                "type": 1,
                "last_message_id": None,
                "recipients": [self.user(USER_ID)],
                "flags": 0,
            }
        try:
            guild = self.guild(guild_id)
            names = list(guild.channels)
            name = guild.channels.get(channel_id, f"channel-{channel_id}")
            position = names.index(channel_id) if channel_id in names else len(names)
        except KeyError:
            name, position = f"channel-{channel_id}", 0
        return {
            "id": channel_id,
            "type": 0,
            "guild_id": guild_id,
            "name": name,
            "position": position,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }

    def guild_create(self, guild_id: str) -> JSONDict:
        """The GUILD_CREATE payload of a configured guild."""
        guild = self.guild(guild_id)
        roles = [
            _role(guild.id, "@everyone", guild.everyone_permissions, 0),
            _role(guild.admin_role_id, "Admin", str(discord.Permissions(administrator=True).value), 1),
        ]
        channels = []
        for channel_id in guild.channels:
            channel = self.channel(channel_id, guild.id)
            channel.pop("guild_id")
            channels.append(channel)
        members = [self.member(uid, guild.id) for uid in self._member_ids(guild)]
        return {
            "id": guild.id,
            "name": guild.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": guild.owner_id,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "widget_enabled": False,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "application_id": None,
            "incidents_data": None,
            "large": False,
            "unavailable": False,
            "lazy": True,
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "member_count": len(members),
            "roles": roles,
            "channels": channels,
            "members": members,
            "emojis": [],
            "stickers": [],
            "features": [],
            "threads": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "voice_states": [],
            "presences": [],
        }

    def message_create(
        self,
        content: str,
        author_id: str = USER_ID,
        guild_id: str | None = GUILD_ID,
        channel_id: str | None = None,
        mentions: Sequence[str] = (),
        author_bot: bool = False,
        *,
        reply_to: str | None = None,
    ) -> JSONDict:
        """A MESSAGE_CREATE payload. ``guild_id=None`` makes a DM (channel 9200 unless given);
        ``mentions`` are user ids (write "<@1000>" in ``content`` to mention the bot too);
        ``reply_to`` is the id of a message (the bot's, say) this one replies to."""
        channel_id = channel_id or (CHANNEL_ID if guild_id is not None else DM_CHANNEL_ID)
        message = self._message(channel_id, content, author=self.user(author_id, bot=author_bot))
        mentioned = []
        for uid in mentions:
            user = self.user(uid)
            if guild_id is not None:
                user["member"] = self.member(uid, guild_id, with_user=False)
            mentioned.append(user)
        message["mentions"] = mentioned
        if reply_to is not None:
            message["type"] = 19
            message["message_reference"] = {
                "type": 0,
                "message_id": reply_to,
                "channel_id": channel_id,
                **({"guild_id": guild_id} if guild_id is not None else {}),
            }
            message["referenced_message"] = copy.deepcopy(self.messages.get(reply_to))
        if guild_id is not None:
            message["guild_id"] = guild_id
            message["member"] = self.member(author_id, guild_id, with_user=False)
        return message

    def interaction(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[JSONDict] | None = None,
        kind: int = 2,
        guild_id: str | None = GUILD_ID,
        member_permissions: str = "0",
        user_id: str = USER_ID,
        focused: str | None = None,
        *,
        channel_id: str | None = None,
        command_guild_id: str | None = None,
        locale: str = "en-US",
    ) -> JSONDict:
        """An INTERACTION_CREATE payload for slash command ``name`` (``kind`` 2) or its autocomplete
        (``kind`` 4, ``focused`` = the option being typed). ``name`` may name a subcommand: "fact add" or
        "group sub cmd" (the options are then the subcommand's). ``options`` is {name: value} (types
        inferred: str 3, int 4, bool 5, float 10) or raw option objects. ``guild_id=None`` makes a DM
        interaction. ``command_guild_id``: set when the command was registered for that guild only."""
        command, *path = name.split()
        command_id = next(
            (c["id"] for c in self.commands.get(command_guild_id, []) if c.get("name") == command),
            self._next_id(),
        )
        leaf = _options(options, focused)
        for depth in range(
            len(path) - 1, -1, -1
        ):  # innermost first: SUB_COMMAND (1) in SUB_COMMAND_GROUP (2)
            leaf = [{"name": path[depth], "type": 1 if depth == len(path) - 1 else 2, "options": leaf}]
        data: JSONDict = {"id": command_id, "name": command, "type": 1, "options": leaf}
        if command_guild_id is not None:
            data["guild_id"] = command_guild_id
        payload = self._interaction_base(kind, guild_id, channel_id, user_id, member_permissions, locale)
        payload["data"] = data
        return payload

    def message_command_interaction(
        self,
        name: str,
        target: JSONDict,
        *,
        guild_id: str | None = GUILD_ID,
        channel_id: str | None = None,
        user_id: str = USER_ID,
        member_permissions: str = "0",
    ) -> JSONDict:
        """An INTERACTION_CREATE payload for message command ``name`` (a message context menu, data type
        3) chosen on ``target``, which arrives in ``data.resolved.messages`` with its content."""
        command_id = next(
            (c["id"] for cmds in self.commands.values() for c in cmds if c.get("name") == name),
            self._next_id(),
        )
        channel_id = channel_id or str(target.get("channel_id") or CHANNEL_ID)
        payload = self._interaction_base(2, guild_id, channel_id, user_id, member_permissions, "en-US")
        payload["data"] = {
            "id": command_id,
            "name": name,
            "type": 3,
            "target_id": target["id"],
            "resolved": {"messages": {target["id"]: copy.deepcopy(target)}},
        }
        return payload

    def component_interaction(
        self,
        custom_id: str,
        message: JSONDict | str | None = None,
        *,
        component_type: int = 2,
        values: Sequence[str] | None = None,
        guild_id: str | None = GUILD_ID,
        channel_id: str | None = None,
        user_id: str = USER_ID,
        member_permissions: str = "0",
    ) -> JSONDict:
        """An INTERACTION_CREATE payload for a click on a button (``component_type`` 2) or a select
        (3, with ``values``). ``message`` is the message carrying the component: a message object, the id
        of a message the fake knows, or None for the latest message the bot sent that carries
        ``custom_id`` — discord.py routes the click by that message's id."""
        if isinstance(message, str):
            message = copy.deepcopy(self.messages[message])
        elif message is None:
            message = self._latest_with_component(custom_id)
        channel_id = channel_id or str(message.get("channel_id") or CHANNEL_ID)
        payload = self._interaction_base(3, guild_id, channel_id, user_id, member_permissions, "en-US")
        data: JSONDict = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = list(values)
        payload["data"] = data
        payload["message"] = message
        return payload

    def modal_submit(
        self,
        custom_id: str,
        values: Mapping[str, str],
        *,
        guild_id: str | None = GUILD_ID,
        channel_id: str | None = None,
        user_id: str = USER_ID,
        member_permissions: str = "0",
    ) -> JSONDict:
        """An INTERACTION_CREATE payload (type 5) submitting modal ``custom_id`` with text input values
        {input custom_id: value}."""
        payload = self._interaction_base(5, guild_id, channel_id, user_id, member_permissions, "en-US")
        payload["data"] = {
            "custom_id": custom_id,
            "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
                for key, value in values.items()
            ],
        }
        return payload

    def _interaction_base(
        self,
        kind: int,
        guild_id: str | None,
        channel_id: str | None,
        user_id: str,
        member_permissions: str,
        locale: str,
    ) -> JSONDict:
        interaction_id = self._next_id()
        payload: JSONDict = {
            "id": interaction_id,
            "application_id": APPLICATION_ID,
            "type": kind,
            "token": "itok" + secrets.token_hex(24),
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
            "app_permissions": EVERYONE_PERMISSIONS,
        }
        if guild_id is not None:
            channel_id = channel_id or CHANNEL_ID
            payload.update(
                guild_id=guild_id,
                guild={"id": guild_id, "locale": "en-US", "features": []},
                guild_locale="en-US",
                member=self.member(user_id, guild_id, permissions=member_permissions),
                channel=self.channel(channel_id, guild_id),
                channel_id=channel_id,
                context=0,
                authorizing_integration_owners={"0": guild_id},
            )
        else:
            channel_id = channel_id or DM_CHANNEL_ID
            channel = self.channel(channel_id, None)
            channel["recipients"] = [self.user(user_id)]
            payload.update(
                user=self.user(user_id),
                channel=channel,
                channel_id=channel_id,
                context=1,
                authorizing_integration_owners={"0": "0"},
            )
        return payload

    def _latest_with_component(self, custom_id: str) -> JSONDict:
        for message in reversed(list(self.messages.values())):
            if custom_id in json.dumps(message.get("components", [])):
                return copy.deepcopy(message)
        button = {"type": 2, "style": 1, "label": custom_id, "custom_id": custom_id}
        message = self._message(CHANNEL_ID, "", author=self.user(BOT_USER_ID))
        message["components"] = [{"type": 1, "components": [button]}]
        return message

    def _message(self, channel_id: str, content: str, *, author: JSONDict) -> JSONDict:
        return {
            "id": self._next_id(),
            "channel_id": channel_id,
            "author": author,
            "content": content,
            "timestamp": datetime.now(UTC).isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "reactions": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }

    def _bot_message(self, channel_id: str, body: JSONDict, *, webhook: bool = False) -> JSONDict:
        message = self._message(channel_id, str(body.get("content") or ""), author=self.user(BOT_USER_ID))
        message["tts"] = bool(body.get("tts", False))
        message["embeds"] = list(body.get("embeds") or [])
        message["components"] = list(body.get("components") or [])
        message["flags"] = int(body.get("flags") or 0)
        message["attachments"] = [
            {
                "id": self._next_id(),
                "filename": a.get("filename", "file"),
                "size": 0,
                "url": "",
                "proxy_url": "",
            }
            for a in body.get("attachments") or []
        ]
        reference = body.get("message_reference")
        if reference:
            message["type"] = 19
            message["message_reference"] = {
                "type": 0,
                "channel_id": channel_id,
                **{k: str(v) if k.endswith("_id") and v is not None else v for k, v in reference.items()},
            }
            referenced = self.messages.get(str(reference.get("message_id")))
            message["referenced_message"] = copy.deepcopy(referenced)
        if webhook:
            message["webhook_id"] = APPLICATION_ID
            message["application_id"] = APPLICATION_ID
        self.messages[message["id"]] = message
        return message

    # ------------------------------------------------------------------ REST

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        under_api = request.path.startswith(API_PREFIX + "/")
        path = request.path[len(API_PREFIX) :] if under_api else request.path
        body, files = await _read_body(request)
        call = Call(request.method, path, body, dict(request.query), 0, files)

        needs_auth = not path.startswith(("/interactions/", "/webhooks/"))
        if (
            needs_auth
            and self.token is not None
            and request.headers.get("Authorization") != f"Bot {self.token}"
        ):
            return await self._answer(call, 401, {"message": "401: Unauthorized", "code": 0})

        fault = self._take_fault(call)
        if fault is not None:
            return await self._answer(call, fault.status, fault.body, fault.headers)

        for method, pattern, handler in self._routes if under_api else ():
            if method != request.method:
                continue
            match = pattern.fullmatch(path)
            if match is not None:
                status, answer = await handler(match, call)
                return await self._answer(call, status, answer)
        return await self._answer(call, 404, {"message": "404: Not Found", "code": 0})

    def _take_fault(self, call: Call) -> _Fault | None:
        for index, fault in enumerate(self._faults):
            if call.path.startswith(fault.prefix) and (
                fault.method is None or fault.method.upper() == call.method
            ):
                return self._faults.pop(index)
        return None

    async def _answer(
        self, call: Call, status: int, body: Any, headers: Mapping[str, str] | None = None
    ) -> web.StreamResponse:
        recorded = Call(call.method, call.path, call.json, call.query, status, call.files)
        self.calls.append(recorded)
        await self._notify()
        if status == 204 or body is None:
            return web.Response(status=204, headers=dict(headers or {}))
        # Exactly "application/json": discord.py parses nothing else (json_response adds a charset).
        return web.Response(
            status=status,
            body=json.dumps(body).encode(),
            headers={**(headers or {}), "Content-Type": "application/json"},
        )

    async def _no_content(self, match: re.Match[str], call: Call) -> Answer:
        return 204, None

    async def _get_me(self, match: re.Match[str], call: Call) -> Answer:
        return 200, {**self.user(BOT_USER_ID), "verified": True, "mfa_enabled": False, "email": None}

    async def _get_user(self, match: re.Match[str], call: Call) -> Answer:
        return 200, self.user(match["user"])

    async def _get_application(self, match: re.Match[str], call: Call) -> Answer:
        return 200, {
            "id": APPLICATION_ID,
            "name": BOT_USERNAME,
            "description": "A fake application for tests.",
            "icon": None,
            "cover_image": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": self.user(OWNER_ID),
            "team": None,
            "verify_key": "0" * 64,
            "flags": 0,
            "summary": "",
            "rpc_origins": [],
            "terms_of_service_url": None,
            "privacy_policy_url": None,
            "tags": [],
            "install_params": None,
            "custom_install_url": None,
            "role_connections_verification_url": None,
            "interactions_endpoint_url": None,
            "redirect_uris": [],
            "approximate_guild_count": len(self.guilds),
            "bot": self.user(BOT_USER_ID),
        }

    async def _get_gateway(self, match: re.Match[str], call: Call) -> Answer:
        return 200, {
            "url": self.gateway_url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 14400000,
                "max_concurrency": 1,
            },
        }

    async def _get_channel(self, match: re.Match[str], call: Call) -> Answer:
        channel_id = match["channel"]
        for guild in self.guilds:
            if channel_id in guild.channels:
                return 200, self.channel(channel_id, guild.id)
        if channel_id == DM_CHANNEL_ID:
            return 200, self.channel(channel_id, None)
        return 404, {"message": "Unknown Channel", "code": 10003}

    async def _create_dm(self, match: re.Match[str], call: Call) -> Answer:
        recipient = str((call.json or {}).get("recipient_id", USER_ID))
        channel = self.channel(DM_CHANNEL_ID if recipient == USER_ID else self._next_id(), None)
        channel["recipients"] = [self.user(recipient)]
        return 200, channel

    async def _create_message(self, match: re.Match[str], call: Call) -> Answer:
        body = call.json if isinstance(call.json, dict) else {}
        message = self._bot_message(match["channel"], body)
        if self.echo_bot_messages and self.connected and self._current is not None:
            echo = copy.deepcopy(message)
            guild = next((g for g in self.guilds if match["channel"] in g.channels), None)
            if guild is not None:
                echo["guild_id"] = guild.id
                echo["member"] = self.member(BOT_USER_ID, guild.id, with_user=False)
            await self._dispatch(self._current, "MESSAGE_CREATE", echo)
        return 200, message

    async def _get_message(self, match: re.Match[str], call: Call) -> Answer:
        message = self.messages.get(match["message"])
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        return 200, message

    async def _edit_message(self, match: re.Match[str], call: Call) -> Answer:
        message = self.messages.get(match["message"])
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        _apply_edit(message, call.json)
        return 200, message

    async def _delete_message(self, match: re.Match[str], call: Call) -> Answer:
        if self.messages.pop(match["message"], None) is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        return 204, None

    async def _callback(self, match: re.Match[str], call: Call) -> Answer:
        interaction_id, token = match["id"], match["token"]
        interaction = self.interactions.get(interaction_id)
        if interaction is None or interaction.get("token") != token:
            return 404, {"message": "Unknown interaction", "code": 10062}
        if interaction_id in self._responded:
            return 400, {"message": "Interaction has already been acknowledged.", "code": 40060}
        self._responded.add(interaction_id)
        body = call.json if isinstance(call.json, dict) else {}
        kind = int(body.get("type", 0))
        data = body.get("data") or {}
        channel_id = str(
            interaction.get("channel_id") or interaction.get("channel", {}).get("id", CHANNEL_ID)
        )
        resource: JSONDict = {"type": kind}
        message_id: str | None = None
        if kind in (4, 5):  # a message now, or "thinking…" that @original edits later
            message = self._bot_message(
                channel_id, data if kind == 4 else {"flags": data.get("flags", 0)}, webhook=True
            )
            message["type"] = 20 if interaction.get("type") == 2 else 0
            message["interaction_metadata"] = {
                "id": interaction_id,
                "type": interaction.get("type"),
                "user": interaction.get("user") or interaction.get("member", {}).get("user"),
                "authorizing_integration_owners": interaction.get("authorizing_integration_owners", {}),
            }
            if kind == 5:
                message["flags"] |= 1 << 7  # LOADING
            self._originals[token] = message_id = message["id"]
            if kind == 4:
                resource["message"] = message
        elif kind in (6, 7) and interaction.get("message"):  # component: defer update / update message
            message_id = str(interaction["message"]["id"])
            self._originals[token] = message_id
            stored = self.messages.setdefault(message_id, copy.deepcopy(interaction["message"]))
            if kind == 7:
                _apply_edit(stored, data)
                resource["message"] = stored
        if "with_response" not in call.query:
            return 204, None
        answer: JSONDict = {
            "interaction": {
                "id": interaction_id,
                "type": interaction.get("type", 2),
                "activity_instance_id": None,
                "response_message_id": message_id,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(int(data.get("flags") or 0) & EPHEMERAL),
            },
            "resource": resource,
        }
        return 200, answer

    def _webhook_message(self, match: re.Match[str]) -> JSONDict | None:
        message_id = match["message"]
        if message_id == "@original":
            message_id = self._originals.get(match["token"], "")
        return self.messages.get(message_id)

    async def _followup(self, match: re.Match[str], call: Call) -> Answer:
        body = call.json if isinstance(call.json, dict) else {}
        interaction = next((i for i in self.interactions.values() if i.get("token") == match["token"]), None)
        if interaction is None:
            return 404, {"message": "Unknown Webhook", "code": 10015}
        channel_id = str(interaction.get("channel_id", CHANNEL_ID))
        message = self._bot_message(channel_id, body, webhook=True)
        if call.query.get("wait", "").lower() in ("1", "true"):
            return 200, message
        return 204, None

    async def _webhook_get(self, match: re.Match[str], call: Call) -> Answer:
        message = self._webhook_message(match)
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        return 200, message

    async def _webhook_edit(self, match: re.Match[str], call: Call) -> Answer:
        message = self._webhook_message(match)
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        message["flags"] = int(message.get("flags", 0)) & ~(1 << 7)  # no longer "thinking"
        _apply_edit(message, call.json)
        return 200, message

    async def _webhook_delete(self, match: re.Match[str], call: Call) -> Answer:
        message = self._webhook_message(match)
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        self.messages.pop(str(message["id"]), None)
        return 204, None

    async def _get_commands(self, match: re.Match[str], call: Call) -> Answer:
        guild = match.groupdict().get("guild")
        return 200, self.commands.get(guild, [])

    async def _put_commands(self, match: re.Match[str], call: Call) -> Answer:
        guild = match.groupdict().get("guild")
        previous = {c["name"]: c["id"] for c in self.commands.get(guild, [])}
        answered = []
        for command in call.json or []:
            entry: JSONDict = {
                "type": 1,
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "dm_permission": True,
                "nsfw": False,
                **command,
                "id": previous.get(command.get("name"), self._next_id()),
                "application_id": APPLICATION_ID,
                "version": self._next_id(),
            }
            if guild is not None:
                entry["guild_id"] = guild
            answered.append(entry)
        self.commands[guild] = answered
        return 200, answered


# ---------------------------------------------------------------------- helpers


@contextmanager
def point_discord_at(fake: FakeDiscord) -> Iterator[None]:
    """Point discord.py's REST base and default gateway at ``fake``; restore the old values on exit."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


def _role(role_id: str, name: str, permissions: str, position: int) -> JSONDict:
    return {
        "id": role_id,
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": permissions,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def _option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


def _options(options: Mapping[str, Any] | Sequence[JSONDict] | None, focused: str | None) -> list[JSONDict]:
    if options is None:
        items: list[JSONDict] = []
    elif isinstance(options, Mapping):
        items = [{"name": k, "type": _option_type(v), "value": v} for k, v in options.items()]
    else:
        items = [dict(o) for o in options]
    if focused is not None:
        for item in items:
            if item["name"] == focused:
                item["focused"] = True
                break
        else:
            items.append({"name": focused, "type": 3, "value": "", "focused": True})
    return items


def _apply_edit(message: JSONDict, body: Any) -> None:
    if not isinstance(body, dict):
        return
    for key in ("content", "embeds", "components", "flags"):
        if key in body and body[key] is not None:
            message[key] = body[key]
    message["edited_timestamp"] = datetime.now(UTC).isoformat()


async def _read_body(request: web.Request) -> tuple[Any, tuple[str, ...]]:
    if not request.can_read_body:
        return None, ()
    if request.content_type.startswith("multipart/"):
        payload: Any = None
        files: list[str] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            else:
                await part.read()
                files.append(part.filename or part.name or "")
        return payload, tuple(files)
    raw = await request.read()
    if not raw:
        return None, ()
    try:
        return json.loads(raw), ()
    except ValueError:
        return raw.decode("utf-8", "replace"), ()


def _short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, default=str) if value is not None else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"
