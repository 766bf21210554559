"""The Slack fake, proven against the real slack_sdk (Web API, retries, Socket Mode) and slack-bolt."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond, AsyncSay
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import FixedValueRetryIntervalCalculator
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.signature import Clock, SignatureVerifier
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.fakes.slack import (
    FakeSlack,
    app_mention,
    block_action,
    block_action_body,
    bot_message,
    dm_message,
    envelope,
    event_callback,
    instant_retry_sleeps,
    json_body,
    serve,
    sign,
    signed_headers,
    slash_command,
    slash_command_body,
    view_submission,
    view_submission_body,
)

SECRET = "test-signing-secret"
SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """slack_sdk picks proxies up from the environment; everything here stays on 127.0.0.1."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as f:
        yield f


@pytest_asyncio.fixture
async def client(fake: FakeSlack) -> AsyncWebClient:
    """No retry handlers: each test adds the ones it is about."""
    return AsyncWebClient(token="xoxb-test", base_url=fake.base_url, retry_handlers=[])


# ------------------------------------------------------------------ Web API


@pytest.mark.asyncio
async def test_auth_test_posts_its_arguments_in_the_query_string(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    resp = await client.auth_test()
    assert resp["ok"] and resp["user_id"] == "UBOT" and resp["bot_id"] == "BBOT" and resp["team_id"] == "T1"
    [call] = fake.calls_of("auth.test")
    assert (call.token, call.http_method, call.encoding, call.args) == ("xoxb-test", "POST", "none", {})
    await client.auth_test(extra="1")  # slack_sdk sends `params` as a query string, even on POST
    assert fake.calls_of("auth.test")[1].encoding == "query"


@pytest.mark.asyncio
async def test_chat_post_message_is_json_and_answers_with_increasing_ts(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    first = await client.chat_postMessage(channel="C1", text="hi", blocks=[SECTION], thread_ts="1.2")
    second = await client.chat_postMessage(channel="C1", text="again")
    assert first["channel"] == "C1"
    assert first["message"]["text"] == "hi" and first["message"]["blocks"] == [SECTION]
    assert first["message"]["user"] == "UBOT" and first["message"]["bot_id"] == "BBOT"
    assert first["message"]["thread_ts"] == "1.2"
    assert float(second["ts"]) > float(first["ts"]) and first["ts"] == "1700000000.000100"
    call = fake.calls_of("chat.postMessage")[0]
    assert call.encoding == "json" and call.args["blocks"] == [SECTION] and call.token == "xoxb-test"
    assert (await client.chat_postMessage(channel="U1", text="dm"))["channel"] == "D1"  # the user's DM

    fake.set_handler("reactions.add", lambda call: {"ok": True, "seen": call.args["name"]})
    assert (await client.reactions_add(channel="C1", timestamp=first["ts"], name="eyes"))["seen"] == "eyes"


@pytest.mark.asyncio
async def test_post_ephemeral_and_views_open(fake: FakeSlack, client: AsyncWebClient) -> None:
    eph = await client.chat_postEphemeral(channel="C1", user="U1", text="only you")
    assert eph["message_ts"]
    view = {
        "type": "modal",
        "callback_id": "add_fact",
        "title": {"type": "plain_text", "text": "Add"},
        "blocks": [SECTION],
    }
    opened = await client.views_open(trigger_id="T.1", view=view)
    assert opened["view"]["id"] == "V1" and opened["view"]["callback_id"] == "add_fact"
    assert fake.calls_of("views.open")[0].encoding == "json"
    assert fake.calls_of("views.open")[0].args["view"] == view
    with pytest.raises(SlackApiError) as info:
        await client.chat_postEphemeral(channel="C1", user="", text="to whom?")
    assert info.value.response["error"] == "invalid_arguments"


@pytest.mark.asyncio
async def test_users_info_is_a_get_and_reads_the_users_table(fake: FakeSlack, client: AsyncWebClient) -> None:
    fake.add_user("U2", name="ada", is_admin=True)
    fake.users["U3"] = {"is_owner": True}
    resp = await client.users_info(user="U2")
    user = resp["user"]
    assert (user["id"], user["name"], user["is_admin"], user["is_owner"], user["is_bot"]) == (
        "U2",
        "ada",
        True,
        False,
        False,
    )
    assert (await client.users_info(user="U3"))["user"]["is_owner"] is True
    call = fake.calls_of("users.info")[0]
    assert (call.http_method, call.encoding, call.args) == ("GET", "query", {"user": "U2"})
    with pytest.raises(SlackApiError) as info:
        await client.users_info(user="UNKNOWN")
    assert info.value.response["error"] == "user_not_found"


@pytest.mark.asyncio
async def test_injected_error_raises_once(fake: FakeSlack, client: AsyncWebClient) -> None:
    fake.fail_next("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError) as info:
        await client.chat_postMessage(channel="C1", text="x")
    assert info.value.response.status_code == 200
    assert info.value.response["error"] == "channel_not_found"
    assert (await client.chat_postMessage(channel="C1", text="x"))["ok"]
    assert [c.injected for c in fake.calls_of("chat.postMessage")] == ["error", None]
    assert len(fake.calls_of("chat.postMessage", include_injected=False)) == 1


@pytest.mark.asyncio
async def test_slack_refusals_unknown_methods_tokens_and_blocks(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    async def error_of(call: Any) -> str:
        with pytest.raises(SlackApiError) as info:
            await call
        return str(info.value.response["error"])

    assert await error_of(client.api_call("chat.frobnicate")) == "unknown_method"
    assert await error_of(client.apps_connections_open(app_token="xoxb-test")) == "not_allowed_token_type"
    anonymous = AsyncWebClient(base_url=fake.base_url, retry_handlers=[])
    assert await error_of(anonymous.chat_postMessage(channel="C1", text="x")) == "not_authed"
    with pytest.warns(UserWarning, match="`text` argument is missing"):
        assert await error_of(client.chat_postMessage(channel="C1")) == "no_text"
    too_long = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
    assert (
        await error_of(client.chat_postMessage(channel="C1", text="x", blocks=[too_long])) == "invalid_blocks"
    )
    assert (
        await error_of(client.chat_postMessage(channel="C1", text="x", blocks=[SECTION] * 51))
        == "invalid_blocks"
    )


@pytest.mark.asyncio
async def test_rate_limit_is_retried_by_the_rate_limit_handler(
    fake: FakeSlack, client: AsyncWebClient
) -> None:
    fake.rate_limit_next("chat.postMessage", retry_after=1)
    with pytest.raises(SlackApiError) as info:  # no handler: the 429 is an error
        await client.chat_postMessage(channel="C1", text="x")
    assert info.value.response.status_code == 429 and info.value.response["error"] == "ratelimited"
    assert info.value.response.headers["Retry-After"] == "1"

    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=1))
    fake.rate_limit_next("chat.postMessage", retry_after=1)
    with instant_retry_sleeps() as waits:
        resp = await client.chat_postMessage(channel="C1", text="y")
    assert resp["ok"]
    attempts = [c for c in fake.calls_of("chat.postMessage") if c.args["text"] == "y"]
    assert [c.injected for c in attempts] == ["ratelimited", None]
    assert len(waits) == 1 and 1 <= waits[0] < 2  # Retry-After plus up to a second of jitter

    fake.rate_limit_next("chat.postMessage", retry_after=1, times=2)  # one retry allowed: gives up
    with instant_retry_sleeps(), pytest.raises(SlackApiError):
        await client.chat_postMessage(channel="C1", text="z")


@pytest.mark.asyncio
async def test_dropped_connection_raises_or_is_retried(fake: FakeSlack, client: AsyncWebClient) -> None:
    fake.drop_next("chat.postMessage")
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await client.chat_postMessage(channel="C1", text="x")
    assert [c.injected for c in fake.calls_of("chat.postMessage")] == ["dropped"]

    client.retry_handlers.append(
        AsyncConnectionErrorRetryHandler(interval_calculator=FixedValueRetryIntervalCalculator(0.0))
    )
    fake.drop_next("chat.postMessage")
    assert (await client.chat_postMessage(channel="C1", text="y"))["ok"]
    assert [c.injected for c in fake.calls_of("chat.postMessage")] == ["dropped", "dropped", None]


@pytest.mark.asyncio
async def test_default_client_already_retries_one_drop(fake: FakeSlack) -> None:
    """AsyncWebClient's default retry handlers = one connection-error retry after a 0.5-1.5 s backoff."""
    default = AsyncWebClient(token="xoxb-test", base_url=fake.base_url)
    fake.drop_next("chat.postMessage")
    with instant_retry_sleeps() as waits:
        assert (await default.chat_postMessage(channel="C1", text="x"))["ok"]
    assert len(fake.calls_of("chat.postMessage")) == 2 and len(waits) == 1 and 0.5 <= waits[0] < 1.5


@pytest.mark.asyncio
async def test_response_url_sink(fake: FakeSlack) -> None:
    webhook = AsyncWebhookClient(fake.response_url("cmd"))
    resp = await webhook.send(text="hello", response_type="ephemeral")
    assert resp.status_code == 200 and resp.body == "ok"
    [call] = await fake.wait_for("respond")
    assert call.args == {"text": "hello", "response_type": "ephemeral", "_name": "cmd"}
    fake.fail_next("respond", "expired_url")
    assert (await webhook.send(text="late")).status_code == 404


@pytest.mark.asyncio
async def test_wait_for_times_out_with_what_it_saw(fake: FakeSlack, client: AsyncWebClient) -> None:
    await client.chat_postMessage(channel="C1", text="only one")
    started = time.monotonic()
    with pytest.raises(
        AssertionError, match=r"(?s)expected 2 call\(s\) of 'chat.postMessage', got 1.*only one"
    ):
        await fake.wait_for("chat.postMessage", count=2, timeout=0.05)
    assert time.monotonic() - started < 1


# ------------------------------------------------------------------ Socket Mode with the SDK client


@pytest.mark.asyncio
async def test_socket_mode_envelope_and_ack(fake: FakeSlack) -> None:
    web_client = AsyncWebClient(base_url=fake.base_url, retry_handlers=[])
    sm = SocketModeClient(app_token="xapp-test", web_client=web_client)
    messages: list[dict[str, Any]] = []
    requests: list[SocketModeRequest] = []

    async def on_message(_c: AsyncBaseSocketModeClient, message: dict[str, Any], _raw: str | None) -> None:
        messages.append(message)

    async def on_request(c: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        requests.append(req)
        await c.send_socket_mode_response(SocketModeResponse(req.envelope_id, payload={"text": "got it"}))

    sm.message_listeners.append(on_message)
    sm.socket_mode_request_listeners.append(on_request)
    try:
        await sm.connect()  # type: ignore[no-untyped-call]
        env = envelope("events_api", event_callback(app_mention("who runs openai")))
        envelope_id = await fake.socket_send(env)
        ack = await fake.wait_for_ack(envelope_id)
        assert ack == {"envelope_id": envelope_id, "payload": {"text": "got it"}}
        [req] = requests
        assert req.type == "events_api" and req.payload["event"]["text"] == "<@UBOT> who runs openai"
        assert (req.retry_attempt, req.retry_reason, req.accepts_response_payload) == (0, "", False)
        assert messages[0]["type"] == "hello"
        [opened] = fake.calls_of("apps.connections.open")
        assert opened.token == "xapp-test"

        await fake.socket_disconnect()  # Slack's refresh: the SDK opens a new connection
        await fake.wait_for_socket(2)
        await fake.wait_for("apps.connections.open", 2)
        second = await fake.socket_send(envelope("slash_commands", slash_command("/ask", "hi")))
        assert (await fake.wait_for_ack(second))["envelope_id"] == second
    finally:
        await sm.close()  # type: ignore[no-untyped-call]


# ------------------------------------------------------------------ the builders, through slack-bolt


def _bolt_app(fake: FakeSlack, seen: Seen) -> AsyncApp:
    app = AsyncApp(
        client=AsyncWebClient(token="xoxb-test", base_url=fake.base_url, retry_handlers=[]),
        signing_secret=SECRET,
    )

    @app.event("app_mention")
    async def mention(event: dict[str, Any], say: AsyncSay) -> None:
        await seen.add("mention", event)
        await say(text="answer", thread_ts=event["ts"])

    @app.event("message")
    async def message(event: dict[str, Any]) -> None:
        await seen.add("message", event)

    @app.command("/ask")
    async def ask(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack(text="thinking")
        await seen.add("command", command)
        await respond(text="answer", response_type="in_channel")

    @app.action("suggest_0")
    async def action(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        await seen.add("action", {"body": body, "action": action})

    @app.view("add_fact")
    async def submitted(ack: AsyncAck, view: dict[str, Any]) -> None:
        await seen.add("view", view)
        await ack(response_action="errors", errors={"subject": "nope"})

    return app


class Seen(list[tuple[str, Any]]):
    """What the bolt listeners saw, in order; `wait(n)` returns once n things were seen."""

    def __init__(self) -> None:
        super().__init__()
        self._changed = asyncio.Condition()

    async def add(self, kind: str, item: Any) -> None:
        async with self._changed:
            self.append((kind, item))
            self._changed.notify_all()

    async def wait(self, count: int, timeout: float = 5.0) -> None:
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: len(self) >= count)


@pytest.mark.asyncio
async def test_http_mode_payloads_reach_bolt_listeners(fake: FakeSlack) -> None:
    seen = Seen()
    app = _bolt_app(fake, seen)
    async with serve(app.web_app(path="/slack/events")) as base, aiohttp.ClientSession() as http:
        url = f"{base}/slack/events"

        async def post(body: bytes, **kw: Any) -> tuple[int, str]:
            async with http.post(url, data=body, headers=signed_headers(SECRET, body, **kw)) as resp:
                return resp.status, await resp.text()

        # events: a mention is answered; our own bot's message is dropped by bolt (auth.test's bot_id)
        assert await post(json_body(event_callback(app_mention("who runs openai"), event_id="Ev10"))) == (
            200,
            "",
        )
        await fake.wait_for("chat.postMessage")
        assert fake.calls_of("chat.postMessage")[0].args["thread_ts"] == "1700000000.000001"
        assert (await post(json_body(event_callback(dm_message("hi"), event_id="Ev11"))))[0] == 200
        assert (await post(json_body(event_callback(bot_message("me", bot_id="BBOT"), event_id="Ev12"))))[
            0
        ] == 200
        assert (await post(json_body(event_callback(bot_message("other"), event_id="Ev13"))))[0] == 200
        await seen.wait(3)
        assert [(k, e["text"]) for k, e in seen] == [
            ("mention", "<@UBOT> who runs openai"),
            ("message", "hi"),
            ("message", "other"),
        ]
        assert seen[1][1]["channel_type"] == "im"

        # a slash command: ack text in the HTTP answer, respond() to the response_url
        status, text = await post(
            slash_command_body("/ask", "who runs x", response_url=fake.response_url("c"))
        )
        assert (status, text) == (200, "thinking")
        [reply] = await fake.wait_for("respond")
        assert reply.args["_name"] == "c" and reply.args["response_type"] == "in_channel"
        assert seen[3][1]["user_id"] == "U1" and seen[3][1]["text"] == "who runs x"
        assert (await post(slash_command_body("/unknown", "x")))[0] == 404

        # a button click and a modal submission
        assert (await post(block_action_body("suggest_0", "who runs openai", thread_ts="1.5")))[0] == 200
        clicked = seen[4][1]
        assert (
            clicked["action"]["value"] == "who runs openai"
            and clicked["body"]["container"]["thread_ts"] == "1.5"
        )
        body = view_submission_body(
            "add_fact",
            {"subject": {"value": {"type": "plain_text_input", "value": "Acme"}}},
            private_metadata="C1",
        )
        status, text = await post(body)
        assert status == 200 and json.loads(text) == {
            "response_action": "errors",
            "errors": {"subject": "nope"},
        }
        assert seen[5][1]["state"]["values"]["subject"]["value"]["value"] == "Acme"
        assert seen[5][1]["private_metadata"] == "C1"

        # bolt refuses a bad signature and a stale timestamp
        good = json_body(event_callback(app_mention("x"), event_id="Ev14"))
        async with http.post(url, data=good, headers=signed_headers("wrong", good)) as resp:
            assert resp.status == 401
        stale = signed_headers(SECRET, good, timestamp=int(time.time()) - 301)
        async with http.post(url, data=good, headers=stale) as resp:
            assert resp.status == 401
    assert len(fake.calls_of("auth.test")) == 1  # bolt asks once and caches


@pytest.mark.asyncio
async def test_socket_mode_payloads_reach_bolt_listeners(fake: FakeSlack) -> None:
    seen = Seen()
    app = _bolt_app(fake, seen)
    handler = AsyncSocketModeHandler(app, app_token="xapp-test")
    try:
        await handler.connect_async()  # type: ignore[no-untyped-call]
        command = await fake.socket_send(
            envelope("slash_commands", slash_command("/ask", "who", response_url=fake.response_url("s")))
        )
        assert (await fake.wait_for_ack(command))["payload"] == {"text": "thinking"}
        await fake.wait_for("respond")

        mention = await fake.socket_send(
            envelope("events_api", event_callback(app_mention("q"), event_id="Ev20"))
        )
        assert await fake.wait_for_ack(mention) == {"envelope_id": mention}
        await fake.wait_for("chat.postMessage")

        click = await fake.socket_send(envelope("interactive", block_action("suggest_0", "v")))
        await fake.wait_for_ack(click)
        values = {"subject": {"value": {"type": "plain_text_input", "value": "Acme"}}}
        submit = await fake.socket_send(envelope("interactive", view_submission("add_fact", values)))
        ack = await fake.wait_for_ack(submit)
        assert ack["payload"] == {"response_action": "errors", "errors": {"subject": "nope"}}
        assert [kind for kind, _ in seen] == ["command", "mention", "action", "view"]
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


def test_sign_matches_slack_sdk_verifier() -> None:
    body = slash_command_body("/ask", "x")
    headers = sign(SECRET, body, timestamp=1_700_000_000)
    verifier = SignatureVerifier(SECRET, clock=_FixedClock(1_700_000_010))
    assert verifier.is_valid(body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"])
    assert headers["X-Slack-Signature"].startswith("v0=")


class _FixedClock(Clock):
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


@pytest.mark.asyncio
async def test_views_publish_takes_a_home_view_for_one_user(fake: FakeSlack, client: AsyncWebClient) -> None:
    published = await client.views_publish(user_id="U1", view={"type": "home", "blocks": [SECTION]})
    assert published["view"]["type"] == "home" and published["view"]["id"].startswith("V")
    assert fake.calls_of("views.publish")[0].encoding == "json"
    with pytest.raises(SlackApiError) as modal:
        await client.views_publish(user_id="U1", view={"type": "modal", "blocks": [SECTION]})
    assert modal.value.response["error"] == "invalid_arguments"
