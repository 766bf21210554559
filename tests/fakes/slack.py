"""A fake Slack for end-to-end tests: the real slack_sdk / slack-bolt talking to a real local server.

`FakeSlack` serves, on 127.0.0.1 and a free port:

- the Web API under ``/api/{method}`` (JSON bodies, form bodies and query strings alike), recording every
  call, with failure injection (an error answer, a 429 with ``Retry-After``, a dropped connection);
- a ``response_url`` sink under ``/respond/{name}``;
- a Socket Mode websocket under ``/link`` that the test pushes envelopes through and that records acks;
- the file upload flow of ``files_upload_v2``: ``files.getUploadURLExternal`` (form/query ``filename``,
  ``length``) answers an ``upload_url`` on this server and a ``file_id``; the bytes POSTed there are kept in
  ``uploads``; ``files.completeUploadExternal`` (``files`` as a JSON list of ``{id, title}``,
  ``channel_id``) shares them and answers ``files`` — refusing ids never uploaded or a wrong length.

Point the client at it with ``AsyncWebClient(token="xoxb-…", base_url=fake.base_url)``; Socket Mode
clients find the websocket through ``apps.connections.open`` on that same base URL.

The builders below it produce what Slack sends to an app (Events API bodies, slash commands, block
actions, view submissions, Socket Mode envelopes), starting from the recorded examples in ``payloads/``;
``sign`` / ``signed_headers`` sign an HTTP-mode body the way Slack does. Waiting is done on conditions,
never by sleeping.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import hashlib
import hmac
import itertools
import json
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any, Literal
from urllib.parse import urlencode

from aiohttp import WSCloseCode, WSMsgType, web

JSONDict = dict[str, Any]

TEAM_ID = "T1"
TEAM_DOMAIN = "fake"
APP_ID = "A1"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
#: Default response_url of the builders: the discard port on this machine, refused at once. Tests that
#: exercise ``respond()`` pass ``fake.response_url(name)`` instead.
NOWHERE = "http://127.0.0.1:9/respond/unset"
PAYLOADS = Path(__file__).with_name("payloads")

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

Injected = Literal["error", "ratelimited", "dropped"]
Handler = Callable[["Call"], JSONDict]

# Block Kit limits Slack enforces with `invalid_blocks` (docs.slack.dev, Block Kit reference).
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
_JSON_FIELDS = ("blocks", "attachments", "view", "metadata")


@dataclass(frozen=True)
class Call:
    """One request the fake received.

    ``injected`` is set when the answer was an injected failure ("error", "ratelimited", "dropped"), so
    retries can be counted; ``http_method`` / ``encoding`` ("json", "form", "query" or "none") say how the
    arguments arrived; ``response`` is the JSON answer (None for a dropped connection).
    """

    method: str
    args: JSONDict
    token: str | None
    injected: Injected | None = None
    http_method: str = "POST"
    encoding: str = "json"
    response: JSONDict | None = None


@dataclass(frozen=True)
class _Fault:
    kind: Injected
    error: str = ""
    retry_after: int = 0


class FakeSlack:
    """A local imitation of the parts of Slack factbot uses; see the module docstring."""

    def __init__(self, users: Mapping[str, JSONDict] | None = None, *, validate_blocks: bool = True) -> None:
        #: users.info answers, by user id: partial records, merged over a plain member's defaults.
        self.users: dict[str, JSONDict] = {uid: dict(fields) for uid, fields in (users or {}).items()}
        self.validate_blocks = validate_blocks
        self.calls: list[Call] = []
        self.acks: list[JSONDict] = []  # Socket Mode acks received ({"envelope_id", "payload"?})
        self.socket_received: list[JSONDict] = []  # every JSON message a Socket Mode client sent
        self.socket_sent: list[JSONDict] = []  # every envelope pushed with socket_send
        self.socket_connections = 0  # websocket connections accepted so far
        self._faults: dict[str, deque[_Fault]] = {}
        self._handlers: dict[str, Handler] = {}
        self._changed = asyncio.Condition()
        self._socket_ready = asyncio.Event()
        self._sockets: list[web.WebSocketResponse] = []
        self._ts = itertools.count(100, 100)
        self._view_ids = itertools.count(1)
        self._envelope_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        #: files announced with files.getUploadURLExternal: id -> {"filename", "length", "data", "shared_to"}
        self.uploads: dict[str, JSONDict] = {}
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # ---------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{name}", self._respond)
        app.router.add_get("/link", self._link)
        app.router.add_post("/upload/{file_id}", self._upload)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Close websockets and the server. Close Socket Mode clients first, or they keep reconnecting."""
        for ws in list(self._sockets):
            await ws.close(code=WSCloseCode.GOING_AWAY, message=b"fake slack stopping")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlack:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeSlack is not started: use `async with FakeSlack() as fake`")
        return self._port

    @property
    def base_url(self) -> str:
        """Web API base URL for ``AsyncWebClient(base_url=…)`` (ends with a slash, like Slack's)."""
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def socket_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link"

    def response_url(self, name: str) -> str:
        """A response_url whose POSTs are recorded as calls of method "respond" with ``args["_name"]``."""
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    # ---------------------------------------------------------------- set-up by tests

    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        is_admin: bool = False,
        is_owner: bool = False,
        **fields: Any,
    ) -> None:
        """Make users.info know this user (a member unless is_admin / is_owner)."""
        self.users[user_id] = {
            "name": name or user_id.lower(),
            "is_admin": is_admin,
            "is_owner": is_owner,
            **fields,
        }

    def set_handler(self, method: str, handler: Handler) -> None:
        """Answer ``method`` with ``handler(call)`` (adds a method or replaces a built-in answer).

        Token checks come first: no token is ``not_authed``; an ``xapp-`` token outside ``apps.*`` /
        auth.test, or a bot token on apps.connections.open, is ``not_allowed_token_type``."""
        self._handlers[method] = handler

    def fail_next(self, method: str, error: str) -> None:
        """The next call of ``method`` answers HTTP 200 ``{"ok": false, "error": error}``."""
        self._faults.setdefault(method, deque()).append(_Fault("error", error=error))

    def rate_limit_next(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` answer 429 with ``Retry-After: retry_after``."""
        for _ in range(times):
            self._faults.setdefault(method, deque()).append(_Fault("ratelimited", retry_after=retry_after))

    def drop_next(self, method: str) -> None:
        """The next call of ``method`` has its connection closed with no answer (a network drop)."""
        self._faults.setdefault(method, deque()).append(_Fault("dropped"))

    def clear(self) -> None:
        """Forget recorded calls, acks and pending failure injections (users and handlers stay)."""
        self.calls.clear()
        self.acks.clear()
        self.socket_received.clear()
        self.socket_sent.clear()
        self._faults.clear()

    # ---------------------------------------------------------------- inspection and waiting

    def calls_of(self, method: str, *, include_injected: bool = True) -> list[Call]:
        """Recorded calls of ``method`` in arrival order (``include_injected=False``: real answers only)."""
        return [c for c in self.calls if c.method == method and (include_injected or c.injected is None)]

    async def wait_for(
        self, method: str, count: int = 1, timeout: float = 5.0, *, include_injected: bool = True
    ) -> list[Call]:
        """Wait until at least ``count`` calls of ``method`` were recorded; return all of them."""
        await self._wait(
            lambda: len(self.calls_of(method, include_injected=include_injected)) >= count,
            timeout,
            lambda: (
                f"expected {count} call(s) of {method!r}, got "
                f"{len(self.calls_of(method, include_injected=include_injected))}"
            ),
        )
        return self.calls_of(method, include_injected=include_injected)

    async def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> JSONDict:
        """Wait for the Socket Mode ack of ``envelope_id``; return it (``{"envelope_id", "payload"?}``)."""

        def found() -> JSONDict | None:
            return next((a for a in self.acks if a.get("envelope_id") == envelope_id), None)

        await self._wait(lambda: found() is not None, timeout, lambda: f"no ack for envelope {envelope_id!r}")
        ack = found()
        assert ack is not None
        return ack

    async def wait_for_socket(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until ``count`` websocket connections were accepted in total (reconnects count)."""
        await self._wait(
            lambda: self.socket_connections >= count,
            timeout,
            lambda: f"expected {count} Socket Mode connection(s), got {self.socket_connections}",
        )

    async def _wait(self, ready: Callable[[], bool], timeout: float, what: Callable[[], str]) -> None:
        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(ready)
        except TimeoutError:
            raise AssertionError(f"{what()} within {timeout}s. {self.describe()}") from None

    def describe(self) -> str:
        """A short listing of everything seen, for assertion messages."""
        lines = [f"{len(self.calls)} call(s):"]
        for c in self.calls:
            flag = f" [{c.injected}]" if c.injected else ""
            lines.append(f"  {c.method}{flag} {_short(c.args)}")
        if self.socket_sent or self.acks:
            sent = [e.get("envelope_id") for e in self.socket_sent]
            lines.append(f"socket: sent {sent}, acked {[a.get('envelope_id') for a in self.acks]}")
        return "\n".join(lines)

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # ---------------------------------------------------------------- Socket Mode

    async def socket_send(self, envelope: JSONDict, timeout: float = 5.0) -> str:
        """Push an envelope to the connected Socket Mode client (waiting for one); return its envelope_id."""
        try:
            async with asyncio.timeout(timeout):
                await self._socket_ready.wait()
        except TimeoutError:
            raise AssertionError(
                f"no Socket Mode client connected within {timeout}s. {self.describe()}"
            ) from None
        message = dict(envelope)
        if not message.get("envelope_id"):
            message["envelope_id"] = f"fake-envelope-{next(self._envelope_ids)}"
        await self._sockets[-1].send_json(message)
        self.socket_sent.append(message)
        return str(message["envelope_id"])

    async def socket_disconnect(self, reason: str = "refresh_requested") -> None:
        """Send Slack's ``disconnect`` message: the SDK then opens a new connection (apps.connections.open)."""
        for ws in list(self._sockets):
            await ws.send_json({"type": "disconnect", "reason": reason, "debug_info": {"host": "fake"}})

    async def _link(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True, timeout=2.0)
        await ws.prepare(request)
        await ws.send_json(_load("socket_hello.json"))
        self._sockets.append(ws)
        self.socket_connections += 1
        self._socket_ready.set()
        await self._notify()
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    data = json.loads(msg.data)
                except ValueError:
                    data = {"_raw": msg.data}
                async with self._changed:
                    self.socket_received.append(data)
                    if isinstance(data, dict) and "envelope_id" in data:
                        self.acks.append(data)
                    self._changed.notify_all()
        finally:
            self._sockets.remove(ws)
            if not self._sockets:
                self._socket_ready.clear()
        return ws

    # ---------------------------------------------------------------- HTTP handlers

    async def _respond(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        args, encoding = await _read_args(request)
        args["_name"] = name
        call = Call("respond", args, _bearer(request), http_method=request.method, encoding=encoding)
        fault = self._take_fault("respond")
        if fault is not None:
            return await self._inject(request, call, fault, as_text=True)
        await self._record(replace(call, response={"ok": True}))
        return web.Response(text="ok")

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        args, encoding = await _read_args(request)
        token = _bearer(request)
        form_token = args.pop("token", None)
        if token is None and isinstance(form_token, str):
            token = form_token
        call = Call(method, args, token, http_method=request.method, encoding=encoding)
        fault = self._take_fault(method)
        if fault is not None:
            return await self._inject(request, call, fault, as_text=False)
        answer = self._answer(call)
        await self._record(replace(call, response=answer))
        return web.json_response(answer)

    def _take_fault(self, method: str) -> _Fault | None:
        queue = self._faults.get(method)
        return queue.popleft() if queue else None

    async def _inject(
        self, request: web.Request, call: Call, fault: _Fault, *, as_text: bool
    ) -> web.StreamResponse:
        if fault.kind == "dropped":
            await self._record(replace(call, injected="dropped"))
            if request.transport is not None:
                request.transport.abort()
            return web.Response()
        if fault.kind == "ratelimited":
            body = {"ok": False, "error": "ratelimited"}
            await self._record(replace(call, injected="ratelimited", response=body))
            headers = {"Retry-After": str(fault.retry_after)}
            if as_text:
                return web.Response(status=429, text="ratelimited", headers=headers)
            return web.json_response(body, status=429, headers=headers)
        body = {"ok": False, "error": fault.error}
        await self._record(replace(call, injected="error", response=body))
        if as_text:  # response_url errors are plain text with a 4xx status
            return web.Response(status=404, text=fault.error)
        return web.json_response(body)

    # ---------------------------------------------------------------- Web API answers

    def _answer(self, call: Call) -> JSONDict:
        method, args, token = call.method, call.args, call.token
        if not token:
            return {"ok": False, "error": "not_authed"}
        app_level = token.startswith("xapp-")
        if (method == "apps.connections.open" and not app_level) or (
            app_level and not method.startswith("apps.") and method != "auth.test"
        ):
            return {"ok": False, "error": "not_allowed_token_type"}
        if method in self._handlers:
            return self._handlers[method](call)
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack.com/",
                "team": "Fake",
                "user": "factbot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            return self._post_message(args)
        if method == "chat.postEphemeral":
            problem = _missing(args, "channel", "user") or self._blocks_problem(args, MAX_MESSAGE_BLOCKS)
            if problem:
                return problem
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "views.open":
            return self._open_view(args)
        if method == "views.update":
            if not (args.get("view_id") or args.get("external_id")) or not isinstance(args.get("view"), dict):
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True, "view": {**args["view"], "id": args.get("view_id") or "V0"}}
        if method == "views.publish":
            return self._publish_view(args)
        if method == "users.info":
            return self._user_info(args)
        if method == "apps.connections.open":
            return {"ok": True, "url": self.socket_url}
        if method == "files.getUploadURLExternal":
            return self._upload_url(args)
        if method == "files.completeUploadExternal":
            return self._complete_upload(args)
        return {"ok": False, "error": "unknown_method"}

    def _upload_url(self, args: JSONDict) -> JSONDict:
        problem = _missing(args, "filename", "length")
        if problem:
            return problem
        if not str(args["length"]).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._file_ids)}"
        self.uploads[file_id] = {
            "filename": args["filename"],
            "length": int(args["length"]),
            "data": None,
            "alt_txt": args.get("alt_txt"),
            "shared_to": None,
        }
        return {"ok": True, "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}", "file_id": file_id}

    def _complete_upload(self, args: JSONDict) -> JSONDict:
        files = args.get("files")
        if isinstance(files, str):
            with suppress(ValueError):
                files = json.loads(files)
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        out = []
        for f in files:
            upload = self.uploads.get(str(f.get("id")))
            if upload is None or upload["data"] is None or len(upload["data"]) != upload["length"]:
                return {"ok": False, "error": "file_upload_failed"}
            upload["shared_to"] = args.get("channel_id")
            upload["title"] = f.get("title")
            out.append({"id": f["id"], "title": f.get("title") or upload["filename"], "name": upload["filename"]})
        return {"ok": True, "files": out}

    async def _upload(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["file_id"]
        data = await request.read()
        upload = self.uploads.get(file_id)
        await self._record(Call("upload", {"file_id": file_id, "bytes": len(data)}, None, encoding="raw"))
        if upload is None:
            return web.Response(status=404, text="unknown upload")
        upload["data"] = data
        return web.Response(text=f"OK - {len(data)}")

    def _post_message(self, args: JSONDict) -> JSONDict:
        if not args.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not (args.get("text") or args.get("blocks") or args.get("attachments")):
            return {"ok": False, "error": "no_text"}
        problem = self._blocks_problem(args, MAX_MESSAGE_BLOCKS)
        if problem:
            return problem
        ts = self._next_ts()
        message: JSONDict = {
            "user": BOT_USER_ID,
            "type": "message",
            "ts": ts,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "text": args.get("text", ""),
            "team": TEAM_ID,
            "bot_profile": {"id": BOT_ID, "app_id": APP_ID, "name": "factbot", "team_id": TEAM_ID},
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if args.get(key):
                message[key] = args[key]
        channel = str(args["channel"])
        if channel[:1] in ("U", "W"):  # posting to a user lands in the bot's DM with them: D + same suffix
            channel = "D" + channel[1:]
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _open_view(self, args: JSONDict) -> JSONDict:
        view = args.get("view")
        if not args.get("trigger_id") or not isinstance(view, dict):
            return {"ok": False, "error": "invalid_arguments"}
        problem = self._blocks_problem(view, MAX_VIEW_BLOCKS)
        if problem:
            return problem
        view_id = f"V{next(self._view_ids)}"
        opened: JSONDict = {
            "team_id": TEAM_ID,
            "type": "modal",
            "blocks": [],
            "private_metadata": "",
            "callback_id": "",
            "state": {"values": {}},
            "hash": f"1700000000.{view_id}",
            "clear_on_close": False,
            "notify_on_close": False,
            "previous_view_id": None,
            "external_id": "",
            "app_installed_team_id": TEAM_ID,
            **view,
            "id": view_id,
            "root_view_id": view_id,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
        }
        return {"ok": True, "view": opened}

    def _publish_view(self, args: JSONDict) -> JSONDict:
        """views.publish: a Home tab for one user (user_id, and a view of type "home")."""
        view = args.get("view")
        if not args.get("user_id"):
            return {"ok": False, "error": "invalid_arguments"}
        if not isinstance(view, dict) or view.get("type") != "home":
            return {"ok": False, "error": "invalid_arguments"}
        problem = self._blocks_problem(view, MAX_VIEW_BLOCKS)
        if problem:
            return problem
        view_id = f"V{next(self._view_ids)}"
        published: JSONDict = {
            "team_id": TEAM_ID,
            "private_metadata": "",
            "callback_id": "",
            "state": {"values": {}},
            "hash": f"1700000000.{view_id}",
            "clear_on_close": False,
            "notify_on_close": False,
            "previous_view_id": None,
            "external_id": "",
            "app_installed_team_id": TEAM_ID,
            **view,
            "id": view_id,
            "root_view_id": view_id,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
        }
        return {"ok": True, "view": published}

    def _user_info(self, args: JSONDict) -> JSONDict:
        user_id = str(args.get("user", ""))
        if user_id not in self.users:
            return {"ok": False, "error": "user_not_found"}
        fields = self.users[user_id]
        name = str(fields.get("name") or user_id.lower())
        user: JSONDict = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name,
            "deleted": False,
            "real_name": name,
            "tz": "Etc/UTC",
            "is_admin": False,
            "is_owner": False,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": False,
            "is_app_user": False,
            "profile": {"real_name": name, "display_name": name, "team": TEAM_ID},
            **fields,
        }
        return {"ok": True, "user": user}

    def _blocks_problem(self, container: JSONDict, limit: int) -> JSONDict | None:
        if not self.validate_blocks or "blocks" not in container:
            return None
        problem = block_problem(container["blocks"], limit)
        if problem is None:
            return None
        return {
            "ok": False,
            "error": "invalid_blocks",
            "errors": [problem],
            "response_metadata": {"messages": [f"[ERROR] {problem}"]},
        }

    def _next_ts(self) -> str:
        n = next(self._ts)
        return f"{1_700_000_000 + n // 1_000_000}.{n % 1_000_000:06d}"


def block_problem(blocks: Any, limit: int = MAX_MESSAGE_BLOCKS) -> str | None:
    """The first Block Kit limit ``blocks`` breaks (as Slack would refuse it), or None."""
    if not isinstance(blocks, list):
        return "blocks must be a list"
    if len(blocks) > limit:
        return f"no more than {limit} items allowed [json-pointer:/blocks]"
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"[json-pointer:/blocks/{i}"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            return f"missing required field: type {where}]"
        block_id = block.get("block_id")
        if isinstance(block_id, str):
            if len(block_id) > 255:
                return f"must be less than 256 characters {where}/block_id]"
            if block_id in seen:
                return f"duplicate block_id {where}/block_id]"
            seen.add(block_id)
        kind = block["type"]
        if kind == "section":
            text = _text_of(block.get("text"))
            fields = block.get("fields") or []
            if text is None and not fields:
                return f"must provide text or fields {where}]"
            if text is not None and len(text) > 3000:
                return f"must be less than 3001 characters {where}/text/text]"
            if len(fields) > 10:
                return f"no more than 10 items allowed {where}/fields]"
            for j, f in enumerate(fields):
                if len(_text_of(f) or "") > 2000:
                    return f"must be less than 2001 characters {where}/fields/{j}/text]"
        elif kind == "header":
            text = _text_of(block.get("text"))
            if text is None or (block.get("text") or {}).get("type") != "plain_text":
                return f"header text must be plain_text {where}/text]"
            if len(text) > 150:
                return f"must be less than 151 characters {where}/text/text]"
        elif kind == "context":
            if len(block.get("elements") or []) > 10:
                return f"no more than 10 items allowed {where}/elements]"
        elif kind == "actions" and len(block.get("elements") or []) > 25:
            return f"no more than 25 items allowed {where}/elements]"
    return None


def _text_of(obj: Any) -> str | None:
    if isinstance(obj, dict) and isinstance(obj.get("text"), str):
        return str(obj["text"])
    return None


def _missing(args: JSONDict, *names: str) -> JSONDict | None:
    for name in names:
        if not args.get(name):
            return {"ok": False, "error": "invalid_arguments", "errors": [f"missing required field: {name}"]}
    return None


def _bearer(request: web.Request) -> str | None:
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        return auth[len("Bearer ") :].strip() or None
    return None


async def _read_args(request: web.Request) -> tuple[JSONDict, str]:
    """Arguments from the query string and the body, whatever the encoding; and which encoding it was."""
    args: JSONDict = dict(request.query)
    encoding = "query" if args else "none"
    if request.method == "POST" and request.can_read_body:
        if request.content_type == JSON:
            body = await request.json()
            if isinstance(body, dict):
                args.update(body)
            encoding = "json"
        else:
            form = await request.post()
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
            if fields:
                args.update(fields)
                encoding = "form"
    for key in _JSON_FIELDS:  # form-encoded clients send these as JSON strings
        value = args.get(key)
        if isinstance(value, str) and value[:1] in "[{":
            with suppress(ValueError):
                args[key] = json.loads(value)
    return args, encoding


def _short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ==================================================================== serving a bolt app over HTTP


@asynccontextmanager
async def serve(application: web.Application) -> AsyncIterator[str]:
    """Serve an aiohttp application (e.g. ``AsyncApp.web_app()``) on 127.0.0.1; yield its base URL."""
    runner = web.AppRunner(application, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


def sign(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 request signature headers for ``body`` (timestamp defaults to now)."""
    ts = int(time.time()) if timestamp is None else timestamp
    base = b"v0:" + str(ts).encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": f"v0={digest}"}


def signed_headers(
    secret: str, body: bytes, content_type: str | None = None, timestamp: int | None = None
) -> dict[str, str]:
    """``sign`` plus the Content-Type Slack uses (JSON for event bodies, form for everything else)."""
    if content_type is None:
        content_type = JSON if body.lstrip()[:1] == b"{" else FORM
    return {"Content-Type": content_type, **sign(secret, body, timestamp)}


@contextmanager
def instant_retry_sleeps() -> Iterator[list[float]]:
    """Make slack_sdk's async retry handlers skip their waits; yields the waits they asked for.

    AsyncRateLimitErrorRetryHandler sleeps Retry-After + random() seconds and the connection-error handler
    0.5-1.5 s by default, which would make retry tests slow. Only those two modules are patched.
    """
    from slack_sdk.http_retry import async_handler, builtin_async_handlers

    waits: list[float] = []

    class _Asyncio:
        def __getattr__(self, name: str) -> Any:
            return getattr(asyncio, name)

        async def sleep(self, delay: float) -> None:
            waits.append(delay)
            await asyncio.sleep(0)

    patched = _Asyncio()
    modules = (async_handler, builtin_async_handlers)
    saved = [m.__dict__["asyncio"] for m in modules]
    try:
        for m in modules:
            m.__dict__["asyncio"] = patched
        yield waits
    finally:
        for m, original in zip(modules, saved, strict=True):
            m.__dict__["asyncio"] = original


# ==================================================================== payload builders


@functools.cache
def _recorded(name: str) -> str:
    return (PAYLOADS / name).read_text(encoding="utf-8")


def _load(name: str) -> JSONDict:
    """A fresh copy of a recorded example from payloads/."""
    data = json.loads(_recorded(name))
    assert isinstance(data, dict)
    return data


def _rich_text(text: str) -> list[JSONDict]:
    return [
        {
            "type": "rich_text",
            "block_id": "fake",
            "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
        }
    ]


def _client_msg_id(ts: str) -> str:
    return f"0c3b1f5e-0000-4000-8000-{ts.replace('.', '')[-12:]:0>12}"


def event_callback(
    event: JSONDict, event_id: str = "Ev1", team_id: str = TEAM_ID, *, event_time: int | None = None
) -> JSONDict:
    """The Events API body wrapping ``event`` (what HTTP mode POSTs and Socket Mode's payload carries).

    Bolt does not deduplicate, factbot does, on ``event_id``: give each distinct event its own id.
    """
    body = _load("event_app_mention.json")
    body["event"] = event
    body["team_id"] = body["context_team_id"] = team_id
    body["event_id"] = event_id
    if event_time is None:
        event_time = int(float(event.get("event_ts") or event.get("ts") or time.time()))
    body["event_time"] = event_time
    body["authorizations"][0]["team_id"] = team_id
    return body


def app_mention(
    text: str,
    user: str = "U1",
    channel: str = "C1",
    ts: str = "1700000000.000001",
    thread_ts: str | None = None,
) -> JSONDict:
    """An ``app_mention`` event; ``<@UBOT> `` is put in front of ``text`` unless it mentions the bot."""
    if f"<@{BOT_USER_ID}" not in text:
        text = f"<@{BOT_USER_ID}> {text}"
    return _person_message("event_app_mention.json", text, user, channel, ts, thread_ts)


def dm_message(
    text: str,
    user: str = "U1",
    channel: str = "D1",
    ts: str = "1700000000.000002",
    thread_ts: str | None = None,
) -> JSONDict:
    """A ``message`` event in the bot's DM (``channel_type: "im"``), as ``message.im`` delivers it."""
    return _person_message("event_message_im.json", text, user, channel, ts, thread_ts)


def _person_message(
    template: str, text: str, user: str, channel: str, ts: str, thread_ts: str | None
) -> JSONDict:
    """A recorded event filled in with what a person typed, where and when."""
    event: JSONDict = _load(template)["event"]
    event.update(
        text=text,
        user=user,
        channel=channel,
        ts=ts,
        event_ts=ts,
        client_msg_id=_client_msg_id(ts),
        blocks=_rich_text(text),
    )
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def bot_message(
    text: str,
    bot_id: str = "BOTHER",
    channel: str = "C1",
    ts: str = "1700000000.000003",
    *,
    channel_type: str = "channel",
    user: str | None = "UOTHERBOT",
    legacy: bool = False,
) -> JSONDict:
    """A ``message`` event posted by an app (``bot_id`` + ``bot_profile``; ``bot_id="BBOT"`` is factbot).

    ``legacy=True`` gives the older shape (webhooks, legacy integrations): ``subtype: "bot_message"``,
    ``username`` and no ``user``.
    """
    event: JSONDict = _load("event_bot_message.json")["event"]
    event.update(text=text, bot_id=bot_id, channel=channel, channel_type=channel_type, ts=ts, event_ts=ts)
    event["bot_profile"]["id"] = bot_id
    event["blocks"][0]["text"]["text"] = text
    if bot_id == BOT_ID:
        event["app_id"] = event["bot_profile"]["app_id"] = APP_ID
        event["bot_profile"]["name"] = "factbot"
        user = BOT_USER_ID if user == "UOTHERBOT" else user
    if legacy:
        event["subtype"] = "bot_message"
        event["username"] = event["bot_profile"]["name"]
        for key in ("user", "bot_profile", "app_id", "blocks", "team"):
            event.pop(key, None)
    elif user is None:
        event.pop("user")
    else:
        event["user"] = user
    return event


def slash_command(
    command: str,
    text: str,
    user_id: str = "U1",
    team_id: str = TEAM_ID,
    channel_id: str = "C1",
    response_url: str = NOWHERE,
    trigger_id: str = "T.1",
    *,
    user_name: str | None = None,
    channel_name: str | None = None,
) -> dict[str, str]:
    """A slash command's fields as Slack sends them (all strings); the Socket Mode payload as is."""
    fields: dict[str, str] = json.loads(_recorded("slash_command.json"))
    if channel_name is None:
        channel_name = "directmessage" if channel_id.startswith("D") else fields["channel_name"]
    fields.update(
        command=command,
        text=text,
        user_id=user_id,
        user_name=user_name or user_id.lower(),
        team_id=team_id,
        channel_id=channel_id,
        channel_name=channel_name,
        response_url=response_url,
        trigger_id=trigger_id,
    )
    return fields


def slash_command_body(
    command: str,
    text: str,
    user_id: str = "U1",
    team_id: str = TEAM_ID,
    channel_id: str = "C1",
    response_url: str = NOWHERE,
    trigger_id: str = "T.1",
) -> bytes:
    """The form-encoded HTTP body of a slash command."""
    fields = slash_command(command, text, user_id, team_id, channel_id, response_url, trigger_id)
    return urlencode(fields).encode()


def block_action(
    action_id: str,
    value: str,
    user_id: str = "U1",
    team_id: str = TEAM_ID,
    channel_id: str = "C1",
    response_url: str = NOWHERE,
    message_ts: str = "1700000000.000100",
    thread_ts: str | None = None,
    *,
    block_id: str = "actions",
    is_ephemeral: bool = False,
    trigger_id: str = "T.2",
) -> JSONDict:
    """A ``block_actions`` payload: ``user_id`` clicked the button ``action_id`` on a bot message."""
    body = _load("block_actions.json")
    body["user"].update(id=user_id, username=user_id.lower(), name=user_id.lower(), team_id=team_id)
    body["team"]["id"] = team_id
    body["container"].update(message_ts=message_ts, channel_id=channel_id, is_ephemeral=is_ephemeral)
    body["channel"]["id"] = channel_id
    body["response_url"] = response_url
    body["trigger_id"] = trigger_id
    message = body["message"]
    message["ts"] = message_ts
    element = message["blocks"][0]["elements"][0]
    element.update(action_id=action_id, value=value)
    message["blocks"][0]["block_id"] = block_id
    if thread_ts is not None:
        message["thread_ts"] = thread_ts
        body["container"]["thread_ts"] = thread_ts
    action = body["actions"][0]
    action.update(action_id=action_id, block_id=block_id, value=value)
    if is_ephemeral:  # ephemeral messages come without the message itself
        del body["message"]
    return body


def block_action_body(
    action_id: str,
    value: str,
    user_id: str = "U1",
    team_id: str = TEAM_ID,
    channel_id: str = "C1",
    response_url: str = NOWHERE,
    message_ts: str = "1700000000.000100",
    thread_ts: str | None = None,
    *,
    trigger_id: str = "T.2",
) -> bytes:
    """The form-encoded HTTP body (``payload=<json>``) of a block action."""
    payload = block_action(
        action_id,
        value,
        user_id,
        team_id,
        channel_id,
        response_url,
        message_ts,
        thread_ts,
        trigger_id=trigger_id,
    )
    return urlencode({"payload": json.dumps(payload)}).encode()


def view_submission(
    callback_id: str,
    values: Mapping[str, Mapping[str, JSONDict]],
    user_id: str = "U1",
    team_id: str = TEAM_ID,
    private_metadata: str = "",
    *,
    view_id: str = "V1",
) -> JSONDict:
    """A ``view_submission`` payload; ``values`` is ``view.state.values``: block_id → action_id → value."""
    body = _load("view_submission.json")
    body["user"].update(id=user_id, username=user_id.lower(), name=user_id.lower(), team_id=team_id)
    body["team"]["id"] = team_id
    view = body["view"]
    template = view["blocks"][0]
    blocks = []
    for block_id, actions in values.items():
        for action_id, state in actions.items():
            block = copy.deepcopy(template)
            block["block_id"] = block_id
            block["label"]["text"] = block_id
            block["element"].update(action_id=action_id, type=state.get("type", "plain_text_input"))
            blocks.append(block)
    view.update(
        id=view_id,
        root_view_id=view_id,
        team_id=team_id,
        app_installed_team_id=team_id,
        callback_id=callback_id,
        private_metadata=private_metadata,
        blocks=blocks,
        state={"values": {b: {a: dict(s) for a, s in acts.items()} for b, acts in values.items()}},
    )
    return body


def view_submission_body(
    callback_id: str,
    values: Mapping[str, Mapping[str, JSONDict]],
    user_id: str = "U1",
    team_id: str = TEAM_ID,
    private_metadata: str = "",
) -> bytes:
    """The form-encoded HTTP body (``payload=<json>``) of a view submission."""
    payload = view_submission(callback_id, values, user_id, team_id, private_metadata)
    return urlencode({"payload": json.dumps(payload)}).encode()


def json_body(payload: JSONDict) -> bytes:
    """An Events API HTTP body (``json.dumps`` of ``event_callback(...)``)."""
    return json.dumps(payload).encode()


_envelope_ids = itertools.count(1)


def envelope(
    kind: Literal["events_api", "slash_commands", "interactive"],
    payload: Mapping[str, Any],
    *,
    envelope_id: str | None = None,
    accepts_response_payload: bool | None = None,
    retry_attempt: int = 0,
    retry_reason: str = "",
) -> JSONDict:
    """A Socket Mode envelope for ``FakeSlack.socket_send``.

    ``accepts_response_payload`` defaults to what Slack sends: true for slash commands and view
    submissions, false otherwise. ``retry_attempt`` / ``retry_reason`` are only on ``events_api``.
    """
    if accepts_response_payload is None:
        accepts_response_payload = kind == "slash_commands" or payload.get("type") in (
            "view_submission",
            "block_suggestion",
        )
    message: JSONDict = {
        "envelope_id": envelope_id or f"env-{next(_envelope_ids)}",
        "type": kind,
        "accepts_response_payload": accepts_response_payload,
        "payload": dict(payload),
    }
    if kind == "events_api":
        message["retry_attempt"] = retry_attempt
        message["retry_reason"] = retry_reason
    return message


def thread_message(
    text: str,
    thread_ts: str,
    user: str = "U1",
    channel: str = "C1",
    ts: str = "1700000000.000004",
) -> JSONDict:
    """A person's ``message`` event inside a channel thread (``message.channels``, no mention needed)."""
    event = _person_message("event_message_im.json", text, user, channel, ts, thread_ts)
    event["channel_type"] = "channel"
    return event


def app_home_opened(user: str = "U1", tab: str = "home", *, published_before: bool = False) -> JSONDict:
    """An ``app_home_opened`` event; Slack adds the current ``view`` only once a Home view was published
    for that user (so its absence marks a first visit)."""
    event: JSONDict = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D" + user[1:],
        "tab": tab,
        "event_ts": "1700000000.000005",
    }
    if published_before:
        event["view"] = {"id": "V0", "team_id": TEAM_ID, "type": "home", "blocks": [], "hash": "1.V0"}
    return event


def message_shortcut(
    callback_id: str,
    text: str,
    user_id: str = "U1",
    team_id: str = TEAM_ID,
    channel_id: str = "C1",
    response_url: str = NOWHERE,
    message_ts: str = "1700000000.000006",
) -> JSONDict:
    """A ``message_action`` payload: ``user_id`` chose a message shortcut on someone's message."""
    return {
        "type": "message_action",
        "token": "fake-verification-token",
        "action_ts": "1700000001.000001",
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "user": {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id},
        "channel": {"id": channel_id, "name": "general"},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": "T.3",
        "response_url": response_url,
        "message_ts": message_ts,
        "message": {
            "type": "message",
            "user": "U2",
            "ts": message_ts,
            "text": text,
            "team": team_id,
            "blocks": _rich_text(text),
        },
    }


def message_shortcut_body(callback_id: str, text: str, **kwargs: Any) -> bytes:
    """The form-encoded HTTP body (``payload=<json>``) of a message shortcut."""
    return urlencode({"payload": json.dumps(message_shortcut(callback_id, text, **kwargs))}).encode()
