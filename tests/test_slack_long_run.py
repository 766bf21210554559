"""The Slack adapter over a long run and several workers (issue 12): replies through response_url where
there is one, private errors on mentions, the add form opened before the role lookup, decided proposals
updating their message, honest health in both modes, and one answer per event across workers."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from factbot import health, slack_adapter
from factbot.bot.settings import LimitSettings
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from factbot.limits import Admission, Limiter
from factbot.runner import CoreRunner
from factbot.slack_adapter import SlackSettings
from factbot.slack_ops import SlackCheck
from tests.fakes.slack import (
    FakeSlack,
    app_mention,
    block_action_body,
    envelope,
    event_callback,
    json_body,
    serve,
    signed_headers,
    slash_command_body,
    view_submission_body,
)
from tests.support import TODAY
from tests.test_slack import SECRET, Bot, bot  # noqa: F401  (the fixture)


def responses(fake: FakeSlack, name: str) -> list[dict[str, Any]]:
    return [c.args for c in fake.calls_of("respond") if c.args.get("_name") == name]


async def wait_respond(running: Bot, name: str, count: int = 1) -> list[dict[str, Any]]:
    """What was POSTed to the response_url called `name` (waiting for `count` of them)."""
    fake = running.fake
    for _ in range(200):
        if len(responses(fake, name)) >= count:
            return responses(fake, name)
        await fake.wait_for("respond", count=len(fake.calls_of("respond")) + 1, timeout=5)
    raise AssertionError(fake.describe())


@pytest.mark.asyncio
async def test_a_did_you_mean_click_after_ask_answers_through_the_response_url(bot: Bot) -> None:  # noqa: F811
    bot.fake.set_handler("chat.postMessage", lambda call: {"ok": False, "error": "not_in_channel"})
    unsure = await bot.command("/ask", "who is the ceo of google brain", name="ask")
    button = unsure["blocks"][-1]["elements"][0]
    click = block_action_body(
        button["action_id"],
        button["value"],
        response_url=bot.fake.response_url("click"),
        thread_ts="1700000000.000050",
    )
    assert (await bot.send(click)).status == 200
    [answer] = await wait_respond(bot, "click")
    assert answer["text"].startswith("Sundar Pichai has been CEO of Google")
    assert answer["response_type"] == "in_channel" and answer["replace_original"] is False
    assert answer["thread_ts"] == "1700000000.000050"
    assert bot.fake.calls_of("chat.postMessage") == []  # never tried where the bot is not a member


@pytest.mark.asyncio
async def test_errors_and_slow_down_on_mentions_are_shown_only_to_the_asker(bot: Bot) -> None:  # noqa: F811
    bot.runner.admission = Admission(Limiter(LimitSettings(per_minute=1, burst=2)))
    await bot.event(app_mention("", ts="1700000000.000061"))  # a bare mention: an empty question
    empty = (await bot.fake.wait_for("chat.postEphemeral"))[0].args
    assert empty["user"] == "U1" and empty["channel"] == "C1"
    await bot.event(app_mention("who runs openai", ts="1700000000.000062"))
    await bot.fake.wait_for("chat.postMessage")
    await bot.event(app_mention("who runs mistral", ts="1700000000.000063", thread_ts="1700000000.000001"))
    notice = (await bot.fake.wait_for("chat.postEphemeral", count=2))[1].args
    assert notice["text"].startswith("You're asking faster") and notice["thread_ts"] == "1700000000.000001"
    assert len(bot.fake.calls_of("chat.postMessage")) == 1  # only the real answer was public


@pytest.mark.asyncio
async def test_the_add_form_opens_before_a_slow_role_lookup_and_a_member_gets_it_withdrawn(
    bot: Bot,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(slack_adapter, "ROLE_BUDGET_SECONDS", 0)  # users.info "slower" than the budget
    await bot.send(
        slash_command_body("/fact", "add", user_id="U1", trigger_id="T.9", response_url=bot.fake.response_url("m"))
    )
    [updated] = await bot.fake.wait_for("views.update")
    [opened] = bot.fake.calls_of("views.open")
    assert opened.args["trigger_id"] == "T.9"  # the trigger was used before users.info answered
    assert "only admins" in json.dumps(updated.args["view"])
    [refused] = await wait_respond(bot, "m")
    assert "only admins" in refused["text"] and refused["response_type"] == "ephemeral"


@pytest.mark.asyncio
async def test_a_form_confirms_through_the_commands_response_url(bot: Bot) -> None:  # noqa: F811
    await bot.send(
        slash_command_body(
            "/fact", "add", user_id="UADMIN", trigger_id="T.8", response_url=bot.fake.response_url("form")
        )
    )
    opened = (await bot.fake.wait_for("views.open"))[0].args["view"]
    assert bot.fake.calls_of("views.update") == []  # an admin keeps the form
    values: dict[str, dict[str, dict[str, Any]]] = {
        "subject": {"value": {"type": "plain_text_input", "value": "Acme AI"}},
        "relation": {"value": {"type": "static_select", "selected_option": {"value": "cto"}}},
        "object": {"value": {"type": "plain_text_input", "value": "Ann Lee"}},
        "since": {"value": {"type": "plain_text_input", "value": "2024-02"}},
        "source": {"value": {"type": "plain_text_input", "value": None}},
    }
    body = view_submission_body(
        "factbot_fact_add", values, user_id="UADMIN", private_metadata=opened["private_metadata"]
    )
    assert (await bot.send(body)).status == 200
    [confirmed] = await wait_respond(bot, "form")
    assert confirmed["text"].startswith("Added fact #") and confirmed["response_type"] == "ephemeral"
    assert bot.fake.calls_of("chat.postEphemeral") == []


@pytest.mark.asyncio
async def test_a_form_whose_response_url_failed_falls_back_to_a_dm(bot: Bot) -> None:  # noqa: F811
    bot.fake.set_handler("chat.postEphemeral", lambda call: {"ok": False, "error": "channel_not_found"})
    bot.fake.fail_next("respond", "expired_url")
    values = {"comment": {"value": {"type": "plain_text_input", "value": "wrong"}}}
    meta = json.dumps({"ids": "2", "channel": "C1", "response_url": bot.fake.response_url("gone")})
    await bot.send(view_submission_body("factbot_feedback", values, user_id="U1", private_metadata=meta))
    dm = (await bot.fake.wait_for("chat.postMessage"))[0].args
    assert dm["channel"] == "U1" and dm["text"].startswith("Thanks: noted")


@pytest.mark.asyncio
async def test_a_decided_proposal_updates_its_message_and_its_buttons_go(bot: Bot) -> None:  # noqa: F811
    for i, who in enumerate(("Jane Roe", "John Doe")):
        await bot.command("/fact", f"suggest Acme AI | ceo | {who} | 2025-0{i + 1}", user="U1", name=f"p{i}")
    review = await bot.command("/fact", "review", user="UADMIN", name="rv")
    approve = next(b for b in review["blocks"] if b.get("block_id") == "factbot_proposal_1")["elements"][0]
    click = block_action_body(approve["action_id"], "1", user_id="UADMIN", response_url=bot.fake.response_url("a"))
    await bot.send(click)
    [done] = await wait_respond(bot, "a")
    assert done["replace_original"] is True and done["text"].startswith("Approved proposal #1")
    ids = [b.get("block_id") for b in done["blocks"]]
    assert "factbot_proposal_1" not in ids and "factbot_proposal_2" in ids  # only what is still pending


async def _health(url: str) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as http, http.get(url) as resp:
        return resp.status, await resp.json()


@pytest.mark.asyncio
async def test_http_mode_health_checks_the_token(bot: Bot) -> None:  # noqa: F811
    status, report = await _health(f"{bot.url}/healthz")
    assert status == 200 and report["status"] == "ok" and report["platform"]["connected"]
    async with aiohttp.ClientSession() as http, http.get(f"{bot.url}/metrics") as resp:
        assert resp.status == 200 and "factbot_questions_total" in await resp.text()


@pytest.mark.asyncio
async def test_a_revoked_token_reports_down(db_path: Path) -> None:
    async with FakeSlack() as fake:
        fake.set_handler("auth.test", lambda call: {"ok": False, "error": "invalid_auth"})
        store = Store(db_path)
        runner = CoreRunner(Core(store, today=lambda: TODAY))
        settings = SlackSettings(bot_token="xoxb-revoked", signing_secret=SECRET, api_url=fake.base_url)
        app = slack_adapter.build_app(runner, settings)
        checks = health.Health(runner, SlackCheck(app.client))
        try:
            async with health.serving(checks, 0, host="127.0.0.1") as port:
                status, report = await _health(f"http://127.0.0.1:{port}/healthz")
            assert status == 503 and report["status"] == "down"
            assert "invalid_auth" in report["platform"]["detail"]
        finally:
            runner.close()
            store.close()


@pytest.mark.asyncio
async def test_socket_mode_health_follows_the_socket(db_path: Path) -> None:
    async with FakeSlack() as fake:
        store = Store(db_path)
        runner = CoreRunner(Core(store, today=lambda: TODAY))
        settings = SlackSettings(bot_token="xoxb-test", app_token="xapp-test", api_url=fake.base_url)
        app = slack_adapter.build_app(runner, settings)
        handler = AsyncSocketModeHandler(app, "xapp-test")
        checks = health.Health(runner, SlackCheck(app.client, handler.client))
        try:
            async with health.serving(checks, 0, host="127.0.0.1") as port:
                url = f"http://127.0.0.1:{port}/healthz"
                status, report = await _health(url)
                assert status == 503 and "Socket Mode is not connected" in report["platform"]["detail"]
                await handler.connect_async()  # type: ignore[no-untyped-call]
                await fake.wait_for_socket()
                await asyncio.sleep(health.CACHE_SECONDS)
                status, report = await _health(url)
                assert status == 200 and report["status"] == "ok", report
                await handler.close_async()  # type: ignore[no-untyped-call]
                await asyncio.sleep(health.CACHE_SECONDS)
                status, report = await _health(url)
                assert status == 503 and report["status"] == "down"
        finally:
            runner.close()
            store.close()


@asynccontextmanager
async def worker(fake: FakeSlack, db_path: Path) -> AsyncIterator[str]:
    """One HTTP worker: its own connection to the shared fact base, its own runner and bolt app."""
    store = Store(db_path)
    runner = CoreRunner(Core(store, today=lambda: TODAY))
    settings = SlackSettings(bot_token="xoxb-test", signing_secret=SECRET, api_url=fake.base_url)
    app = slack_adapter.build_app(runner, settings)
    try:
        async with serve(slack_adapter.web_app(app)) as url:
            yield url
    finally:
        runner.close()
        store.close()


@pytest.mark.asyncio
async def test_two_workers_on_one_fact_base_answer_a_retried_event_once(db_path: Path) -> None:
    async with FakeSlack() as fake, worker(fake, db_path) as first, worker(fake, db_path) as second:
        body = json_body(event_callback(app_mention("who runs mistral"), event_id="EvShared"))
        async with aiohttp.ClientSession() as http:
            for url, retry in ((first, "0"), (second, "1"), (first, "2"), (second, "3")):
                headers = {**signed_headers(SECRET, body), "X-Slack-Retry-Num": retry}
                async with http.post(f"{url}/slack/events", data=body, headers=headers) as resp:
                    assert resp.status == 200
            other = json_body(event_callback(app_mention("who runs cohere"), event_id="EvOther"))
            async with http.post(f"{second}/slack/events", data=other, headers=signed_headers(SECRET, other)):
                pass
        posted = await fake.wait_for("chat.postMessage", count=2)
        await asyncio.sleep(0.2)  # a duplicate would be on its way by now
        texts = sorted(c.args["text"][:13] for c in fake.calls_of("chat.postMessage"))
        assert texts == ["Aidan Gomez h", "Arthur Mensch"], posted


@pytest.mark.asyncio
async def test_socket_mode_retries_are_answered_once(db_path: Path) -> None:
    async with FakeSlack() as fake:
        store = Store(db_path)
        runner = CoreRunner(Core(store, today=lambda: TODAY))
        settings = SlackSettings(bot_token="xoxb-test", app_token="xapp-test", api_url=fake.base_url)
        handler = AsyncSocketModeHandler(slack_adapter.build_app(runner, settings), "xapp-test")
        await handler.connect_async()  # type: ignore[no-untyped-call]
        try:
            payload = event_callback(app_mention("who runs mistral"), event_id="EvSock")
            for attempt in range(3):
                sent = envelope("events_api", payload, retry_attempt=attempt, retry_reason="timeout" if attempt else "")
                await fake.wait_for_ack(await fake.socket_send(sent))
            await fake.wait_for("chat.postMessage")
            await asyncio.sleep(0.2)
            assert len(fake.calls_of("chat.postMessage")) == 1
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]
            runner.close()
            store.close()


async def _start_worker(db_path: Path, fake: FakeSlack) -> tuple[asyncio.subprocess.Process, str]:
    """`factbot slack --http` in its own process; returns it and its base URL (read from its log)."""
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.base_url,
        "FACTBOT_DB": str(db_path),
        "FACTBOT_LOG_FORMAT": "json",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "factbot", "slack", "--http", "--host", "127.0.0.1", "--port", "0",
        env=env, stderr=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    assert proc.stderr is not None
    async with asyncio.timeout(30):
        while line := await proc.stderr.readline():
            try:
                record = json.loads(line)
            except ValueError:
                continue  # not a log record (a library's own warning, say)
            if "listening for Slack" in record.get("message", ""):
                return proc, f"http://127.0.0.1:{record['port']}"
    raise AssertionError(f"worker exited with {await proc.wait()}")


@pytest.mark.slow
@pytest.mark.asyncio
async def test_two_worker_processes_answer_a_retried_event_once(db_path: Path) -> None:
    async with FakeSlack() as fake:
        workers = [await _start_worker(db_path, fake) for _ in range(2)]
        try:
            body = json_body(event_callback(app_mention("who runs mistral"), event_id="EvProc"))
            async with aiohttp.ClientSession() as http:
                for attempt, (_, url) in enumerate(workers * 2):
                    headers = {**signed_headers(SECRET, body), "X-Slack-Retry-Num": str(attempt)}
                    async with http.post(f"{url}/slack/events", data=body, headers=headers) as resp:
                        assert resp.status == 200
            await fake.wait_for("chat.postMessage", timeout=20)
            await asyncio.sleep(0.5)
            assert len(fake.calls_of("chat.postMessage")) == 1
        finally:
            for proc, _ in workers:
                proc.send_signal(signal.SIGTERM)
            for proc, _ in workers:
                assert await asyncio.wait_for(proc.wait(), 20) == 0
