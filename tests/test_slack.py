"""The Slack adapter end to end: the real slack-bolt app, served over HTTP (and Socket Mode), against the
local fake Slack in tests/fakes/slack.py. Assertions are on what the bot actually posted."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from factbot import health, slack_adapter, slack_home
from factbot.bot.domain.port import RecentChanges, Reply, Request
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from factbot.runner import CoreRunner
from factbot.slack_adapter import ConfigError, SlackSettings
from factbot.slack_ops import SlackCheck
from tests.fakes.slack import (
    FakeSlack,
    app_home_opened,
    app_mention,
    block_action_body,
    bot_message,
    dm_message,
    envelope,
    event_callback,
    instant_retry_sleeps,
    json_body,
    message_shortcut_body,
    serve,
    signed_headers,
    slash_command,
    slash_command_body,
    thread_message,
    view_submission_body,
)
from tests.support import TODAY

SECRET = "test-signing-secret"


@dataclass
class Bot:
    fake: FakeSlack
    url: str
    store: Store
    core: Core
    http: aiohttp.ClientSession
    runner: CoreRunner
    events: int = 0

    async def send(self, body: bytes, headers: dict[str, str] | None = None) -> aiohttp.ClientResponse:
        headers = headers or signed_headers(SECRET, body)
        async with self.http.post(f"{self.url}/slack/events", data=body, headers=headers) as resp:
            await resp.read()
            return resp

    async def event(self, event: dict[str, Any], event_id: str | None = None) -> aiohttp.ClientResponse:
        self.events += 1
        return await self.send(json_body(event_callback(event, event_id=event_id or f"Ev{self.events}")))

    async def command(
        self, command: str, text: str, user: str = "U1", team: str = "T1", name: str = "r"
    ) -> dict[str, Any]:
        before = len(self.fake.calls_of("respond"))
        resp = await self.send(
            slash_command_body(
                command, text, user_id=user, team_id=team, response_url=self.fake.response_url(name)
            )
        )
        assert resp.status == 200
        calls = await self.fake.wait_for("respond", count=before + 1)
        return [c.args for c in calls if c.args.get("_name") == name][-1]

    async def posted(self, count: int = 1) -> dict[str, Any]:
        calls = await self.fake.wait_for("chat.postMessage", count=count, include_injected=False)
        return calls[count - 1].args


def text_of(message: dict[str, Any]) -> str:
    """Everything a person would read in a posted message: fallback text and every block's text."""
    parts = [str(message.get("text", ""))]
    for block in message.get("blocks") or []:
        if "text" in block:
            parts.append(block["text"]["text"])
        for element in block.get("elements", []):
            parts.append(element["text"] if isinstance(element.get("text"), str) else element["text"]["text"])
    return "\n".join(parts)


@pytest_asyncio.fixture
async def bot(db_path: Path) -> AsyncIterator[Bot]:
    async with FakeSlack() as fake:
        fake.add_user("U1")
        fake.add_user("UADMIN", is_admin=True)
        fake.add_user("UOWNER", is_owner=True)
        store = Store(db_path)
        core = Core(store, today=lambda: TODAY)
        runner = CoreRunner(core)
        settings = SlackSettings(
            bot_token="xoxb-test", signing_secret=SECRET, api_url=fake.base_url, admins=frozenset({"UGLOBAL"})
        )
        app = slack_adapter.build_app(runner, settings)
        checks = health.Health(runner, SlackCheck(app.client))
        async with serve(slack_adapter.web_app(app, runner, checks=checks)) as url, aiohttp.ClientSession() as http:
            yield Bot(fake, url, store, core, http, runner)
        runner.close()
        store.close()


# -- questions ---------------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_mention_is_answered_in_its_thread_with_sources(bot: Bot) -> None:
    resp = await bot.event(app_mention("who's running stabilty ai now?", ts="1700000000.000001"))
    assert resp.status == 200
    message = await bot.posted()
    assert message["channel"] == "C1" and message["thread_ts"] == "1700000000.000001"
    assert message["text"].startswith("Prem Akkaraju has been CEO of Stability AI since June 2024")
    blocks = message["blocks"]
    assert blocks[0]["text"]["type"] == "plain_text"
    assert "Shan Shan Wong" in blocks[1]["text"]["text"]
    context = blocks[2]["elements"][0]["text"]
    assert context.startswith("Source: <https://") and "as of 2024" in context


@pytest.mark.asyncio
async def test_a_reply_inside_a_thread_stays_in_that_thread(bot: Bot) -> None:
    await bot.event(app_mention("ceo of open ai?", ts="1700000000.000009", thread_ts="1700000000.000005"))
    assert (await bot.posted())["thread_ts"] == "1700000000.000005"


@pytest.mark.asyncio
async def test_a_direct_message_is_answered_without_a_mention(bot: Bot) -> None:
    await bot.event(dm_message("who founded anthropic"))
    message = await bot.posted()
    assert message["channel"] == "D1"
    assert "Anthropic was founded in 2021" in message["text"]


@pytest.mark.asyncio
async def test_unsure_answers_offer_suggestion_buttons_and_a_click_answers(bot: Bot) -> None:
    await bot.event(app_mention("who is the ceo of google brain", ts="1700000000.000011"))
    message = await bot.posted()
    assert message["text"].startswith("I'm not sure")
    buttons = message["blocks"][-1]["elements"]
    assert buttons[0]["value"] == "Who is the CEO of Google?"
    click = block_action_body(
        buttons[0]["action_id"],
        buttons[0]["value"],
        message_ts="1700000000.000012",
        thread_ts="1700000000.000011",
    )
    assert (await bot.send(click)).status == 200
    answer = await bot.posted(2)
    assert answer["text"].startswith("Sundar Pichai has been CEO of Google")
    assert answer["channel"] == "C1"


@pytest.mark.asyncio
async def test_slash_ask_and_leadership_answer_in_the_channel(bot: Bot) -> None:
    ask = await bot.command("/ask", "who heads deepmind", name="ask")
    assert ask["response_type"] == "in_channel"
    assert ask["text"].startswith("Demis Hassabis has been CEO of Google DeepMind")
    lead = await bot.command("/leadership", "stabilty", name="lead")
    assert lead["response_type"] == "in_channel"
    assert lead["text"] == "Stability AI is led by Prem Akkaraju (CEO, since June 2024)."
    assert "Emad Mostaque" in text_of(lead)


@pytest.mark.asyncio
async def test_slash_commands_are_acknowledged_while_the_core_is_still_busy(bot: Bot) -> None:
    release = threading.Event()
    real = bot.core.handle

    def busy(request: Request) -> Reply:
        release.wait(timeout=10)  # the core is stuck until the test has seen the HTTP acknowledgement
        return real(request)

    bot.core.handle = busy  # type: ignore[method-assign]
    body = slash_command_body("/ask", "who runs openai", response_url=bot.fake.response_url("slow"))
    resp = await bot.send(body)
    assert resp.status == 200 and not release.is_set()  # acknowledged before any answer existed
    release.set()
    calls = await bot.fake.wait_for("respond")
    assert calls[0].args["text"].startswith("Sam Altman has been CEO of OpenAI")


# -- admins and refusals -------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_members_are_refused_politely_and_nothing_changes(bot: Bot) -> None:
    before = bot.store.count_facts(include_removed=True)
    reply = await bot.command("/fact", "add Acme AI | ceo | Jane Roe | 2025-01", user="U1")
    assert reply["response_type"] == "ephemeral" and "only admins" in reply["text"]
    reply = await bot.command("/fact", "end 2", user="U1", name="r2")
    assert "only admins" in reply["text"]
    assert bot.store.count_facts(include_removed=True) == before
    assert bot.store.fact(2).end == "2024-03-22"


@pytest.mark.asyncio
async def test_workspace_admins_add_facts_for_their_workspace_answered_at_once(bot: Bot) -> None:
    reply = await bot.command(
        "/fact", "add Acme AI | ceo | Jane Roe | 2025-01 | https://example.com/a", user="UADMIN"
    )
    assert reply["response_type"] == "ephemeral" and reply["text"].startswith("Added fact #")
    await bot.event(app_mention("who runs acme ai"))
    assert (await bot.posted())["text"].startswith("Jane Roe has been CEO of Acme AI since January 2025")
    # Another workspace never sees it.
    body = event_callback(
        app_mention("who runs acme ai", ts="1700000000.000077"), event_id="EvOther", team_id="T2"
    )
    await bot.send(json_body(body))
    assert not (await bot.posted(2))["text"].startswith("Jane Roe")
    # A workspace admin cannot change a global fact.
    refused = await bot.command("/fact", "remove 2", user="UOWNER", name="r3")
    assert "another workspace or is global" in refused["text"]
    assert not bot.store.fact(2).removed


@pytest.mark.asyncio
async def test_global_admins_change_global_facts_and_history_shows_it(bot: Bot) -> None:
    reply = await bot.command("/fact", "end 4 2024-06-20", user="UGLOBAL")
    assert "now ends 20 June 2024" in reply["text"]
    history = await bot.command("/fact", "history 4", user="U1", name="h")
    assert "end by slack:UGLOBAL" in text_of(history)
    undo = await bot.command("/fact", "undo", user="UGLOBAL", name="u")
    assert "Undid your last change (end of fact #4)" in undo["text"]
    assert bot.store.fact(4).end == "2024-06"


@pytest.mark.asyncio
async def test_fact_help_and_bad_grammar_are_short_ephemeral_messages(bot: Bot) -> None:
    help_text = await bot.command("/fact", "help", name="h")
    assert (
        help_text["response_type"] == "ephemeral"
        and "fact add SUBJECT | RELATION | OBJECT" in help_text["text"]
    )
    bad = await bot.command("/fact", "add only | two", user="UADMIN", name="b")
    assert bad["text"].startswith("Usage: fact add")


@pytest.mark.asyncio
async def test_fact_add_without_text_opens_a_form_and_the_form_adds_the_fact(bot: Bot) -> None:
    await bot.send(
        slash_command_body(
            "/fact", "add", user_id="UADMIN", trigger_id="T.77", response_url=bot.fake.response_url("form")
        )
    )
    opened = (await bot.fake.wait_for("views.open"))[0].args
    assert opened["trigger_id"] == "T.77" and opened["view"]["callback_id"] == "factbot_fact_add"
    values: dict[str, dict[str, dict[str, Any]]] = {
        "subject": {"value": {"type": "plain_text_input", "value": "Acme AI"}},
        "relation": {"value": {"type": "static_select", "selected_option": {"value": "cto"}}},
        "object": {"value": {"type": "plain_text_input", "value": "Ann Lee"}},
        "since": {"value": {"type": "plain_text_input", "value": "2024-13"}},
        "source": {"value": {"type": "plain_text_input", "value": None}},
    }
    before = bot.store.count_facts()
    bad = view_submission_body("factbot_fact_add", values, user_id="UADMIN", private_metadata="C1")
    async with bot.http.post(
        f"{bot.url}/slack/events", data=bad, headers=signed_headers(SECRET, bad)
    ) as resp:
        answer = await resp.json()
    assert answer["response_action"] == "errors" and "month 13" in answer["errors"]["subject"]
    assert bot.store.count_facts() == before
    values["since"]["value"]["value"] = "2024-02"
    good = view_submission_body("factbot_fact_add", values, user_id="UADMIN", private_metadata="C1")
    assert (await bot.send(good)).status == 200
    confirmation = (await bot.fake.wait_for("chat.postEphemeral"))[0].args
    assert confirmation["user"] == "UADMIN" and confirmation["text"].startswith("Added fact #")
    assert bot.store.count_facts() == before + 1


@pytest.mark.asyncio
async def test_a_member_asking_for_the_form_is_refused(bot: Bot) -> None:
    reply = await bot.command("/fact", "add", user="U1")
    assert "only admins" in reply["text"]
    assert bot.fake.calls_of("views.open") == []


# -- safety ---------------------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_bad_signature_and_stale_timestamp_get_401_and_no_answer(bot: Bot) -> None:
    body = json_body(event_callback(app_mention("who runs openai"), event_id="EvSig"))
    forged = signed_headers("wrong-secret", body)
    assert (await bot.send(body, forged)).status == 401
    stale = signed_headers(SECRET, body, timestamp=int(time.time()) - 6 * 60)
    assert (await bot.send(body, stale)).status == 401
    command = slash_command_body("/ask", "who runs openai", response_url=bot.fake.response_url("x"))
    assert (await bot.send(command, signed_headers("wrong-secret", command))).status == 401
    await bot.event(
        app_mention("who founded anthropic")
    )  # a real one afterwards, to have something to wait on
    posted = await bot.posted()
    assert "Anthropic" in posted["text"]
    assert len(bot.fake.calls_of("chat.postMessage")) == 1 and bot.fake.calls_of("respond") == []


@pytest.mark.asyncio
async def test_slack_retries_of_one_event_get_one_answer(bot: Bot) -> None:
    body = json_body(event_callback(app_mention("who runs openai"), event_id="EvSame"))
    assert (await bot.send(body)).status == 200
    for attempt in (1, 2, 3):
        headers = {
            **signed_headers(SECRET, body),
            "X-Slack-Retry-Num": str(attempt),
            "X-Slack-Retry-Reason": "http_timeout",
        }
        assert (await bot.send(body, headers)).status == 200
    await bot.posted()
    await bot.event(app_mention("who founded anthropic"))
    second = await bot.posted(2)
    assert "Anthropic" in second["text"]
    assert len(bot.fake.calls_of("chat.postMessage")) == 2


@pytest.mark.asyncio
async def test_the_bot_ignores_itself_and_other_bots(bot: Bot) -> None:
    await bot.event(bot_message("<@UBOT> who runs openai", bot_id="BBOT"))
    await bot.event(bot_message("<@UBOT> who runs openai", bot_id="BOTHER", channel_type="im", channel="D1"))
    await bot.event(bot_message("who runs openai", bot_id="BLEGACY", legacy=True, channel_type="im"))
    await bot.event(app_mention("who founded anthropic"))
    assert "Anthropic" in (await bot.posted())["text"]
    assert len(bot.fake.calls_of("chat.postMessage")) == 1


@pytest.mark.asyncio
async def test_stored_text_cannot_ping_or_inject_markup(bot: Bot) -> None:
    nasty = "Jane <!channel> <!here> <!everyone> <@U999> & <https://evil.example>"
    await bot.command("/fact", f"add Acme AI | ceo | {nasty} | 2025-01", user="UGLOBAL")
    await bot.event(app_mention("who runs acme ai"))
    message = await bot.posted()
    shown = json.dumps(message)
    for raw in ("<!channel>", "<!here>", "<!everyone>", "<@U999>", "<https://evil"):
        assert raw not in shown
    assert "&lt;!channel&gt;" in message["text"] and "&amp;" in message["text"]


@pytest.mark.asyncio
async def test_an_over_long_message_is_cut_and_the_server_stays_up(bot: Bot) -> None:
    await bot.event(app_mention("who runs openai " + "x" * 100_000))
    assert (await bot.posted())["text"]
    async with bot.http.get(f"{bot.url}/healthz") as resp:
        assert resp.status == 200 and (await resp.json())["status"] == "ok"


@pytest.mark.asyncio
async def test_slack_api_errors_are_retried_or_logged_never_fatal(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    with instant_retry_sleeps() as waits:
        bot.fake.rate_limit_next("chat.postMessage", retry_after=1)
        await bot.event(app_mention("who runs openai"))
        assert "Sam Altman" in (await bot.posted())["text"]  # the 429 was retried
        assert waits and waits[0] >= 1  # after waiting as long as Retry-After said
        bot.fake.fail_next("chat.postMessage", "channel_not_found")
        await bot.event(app_mention("who runs openai", channel="CGONE"))
        bot.fake.drop_next("chat.postMessage")
        bot.fake.drop_next("chat.postMessage")
        await bot.event(app_mention("who runs openai", channel="CDROP"))
        await bot.fake.wait_for("chat.postMessage", count=5)  # 2 + 1 refused + 2 dropped attempts
        await bot.event(app_mention("who founded anthropic"))
        second = await bot.posted(2)
    assert "Anthropic" in second["text"]  # still answering
    assert "could not post to CGONE: channel_not_found" in caplog.text
    assert "could not post to CDROP: ServerDisconnectedError" in caplog.text


# -- Socket Mode --------------------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_socket_mode_answers_a_mention_and_a_slash_command(db_path: Path) -> None:
    async with FakeSlack() as fake:
        fake.add_user("U1")
        store = Store(db_path)
        runner = CoreRunner(Core(store, today=lambda: TODAY))
        settings = SlackSettings(bot_token="xoxb-test", app_token="xapp-test", api_url=fake.base_url)
        app = slack_adapter.build_app(runner, settings)
        handler = AsyncSocketModeHandler(app, "xapp-test")
        await handler.connect_async()  # type: ignore[no-untyped-call]
        try:
            mention = envelope("events_api", event_callback(app_mention("who runs mistral"), event_id="EvS1"))
            await fake.wait_for_ack(await fake.socket_send(mention))
            posted = (await fake.wait_for("chat.postMessage"))[0].args
            assert posted["text"].startswith("Arthur Mensch has been CEO of Mistral AI")
            command = envelope(
                "slash_commands",
                slash_command("/ask", "who founded anthropic", response_url=fake.response_url("sock")),
            )
            await fake.wait_for_ack(await fake.socket_send(command))
            answer = (await fake.wait_for("respond"))[0].args
            assert answer["response_type"] == "in_channel" and "Anthropic was founded" in answer["text"]
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]
            runner.close()
            store.close()


# -- settings -----------------------------------------------------------------------------------------------------


def _settings(env: dict[str, str], http: bool) -> Callable[[], SlackSettings]:
    return lambda: SlackSettings.from_env(env, http=http, admins=frozenset())


@pytest.mark.parametrize(
    ("env", "http", "says"),
    [
        ({}, False, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xoxp-user"}, False, "SLACK_BOT_TOKEN should start with 'xoxb-'"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, False, "SLACK_APP_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, False, "SLACK_APP_TOKEN should start"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, True, "SLACK_SIGNING_SECRET is not set"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "ftp://x"},
            True,
            "SLACK_API_URL",
        ),
    ],
)
def test_missing_or_malformed_settings_name_the_variable(env: dict[str, str], http: bool, says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        _settings(env, http)()


def test_good_settings() -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_API_URL": "http://127.0.0.1:9/api",
    }
    settings = _settings(env, True)()
    assert settings.api_url == "http://127.0.0.1:9/api/" and settings.app_token is None


def test_the_cli_refuses_to_start_without_tokens(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factbot.cli import main

    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    assert main(["slack", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: SLACK_BOT_TOKEN is not set") and "Traceback" not in err
    asyncio.get_event_loop_policy()  # no loop left running


@pytest.mark.asyncio
async def test_a_flooding_user_gets_one_notice_then_silence_and_others_are_answered(bot: Bot) -> None:
    from factbot.bot.settings import LimitSettings
    from factbot.limits import Admission, Limiter

    bot.runner.admission = Admission(Limiter(LimitSettings(per_minute=1, burst=2)))
    flood = [
        "who runs openai",
        "who runs mistral",
        "who runs cohere",
        "who runs xai",
        "who runs nvidia",
        "who runs meta",
    ]
    for i, question in enumerate(flood):
        await bot.event(dm_message(question, user="UFLOOD", ts=f"1700000001.00000{i}"))
    await bot.event(dm_message("who founded anthropic", user="U1", channel="D2"))
    posted = await bot.fake.wait_for("chat.postMessage", count=4)
    texts = sorted(c.args["text"][:20] for c in posted)  # a refusal is sent before slower answers
    assert texts == sorted(
        ["Sam Altman has been ", "Arthur Mensch has be", "You're asking faster", "Anthropic was founde"]
    )
    await bot.event(dm_message("who runs openai", user="U1", channel="D2", ts="1700000002.000001"))
    await bot.fake.wait_for("chat.postMessage", count=5)
    assert len(bot.fake.calls_of("chat.postMessage")) == 5  # the other three flood messages got no reply


@pytest.mark.asyncio
async def test_fact_stale_and_verify(bot: Bot) -> None:
    stale = await bot.command("/fact", "stale 1y", user="U1", name="s")
    assert stale["response_type"] == "ephemeral" and "last checked more than 365 days ago" in stale["text"]
    refused = await bot.command("/fact", "verify 9", user="U1", name="v1")
    assert "only admins" in refused["text"] and bot.store.fact(9).as_of == "2024-09-24"
    verified = await bot.command("/fact", "verify 9 https://stability.ai/news", user="UGLOBAL", name="v2")
    assert "re-checked: as of 2026-11-28" in verified["text"]
    await bot.event(app_mention("who runs stability ai"))
    assert "may have changed" not in text_of(await bot.posted())


@pytest.mark.asyncio
async def test_thumbs_up_and_thumbs_down_with_what_is_wrong(bot: Bot) -> None:
    await bot.event(app_mention("who runs stability ai", ts="1700000000.000031"))
    message = await bot.posted()
    votes = message["blocks"][-1]
    assert votes["block_id"] == "factbot_feedback"
    up, down = votes["elements"]
    assert (up["text"]["text"], down["text"]["text"]) == ("👍", "👎") and up["value"] == down["value"]
    ids = up["value"]
    thanks = block_action_body(up["action_id"], ids, response_url=bot.fake.response_url("up"))
    assert (await bot.send(thanks)).status == 200
    said = (await bot.fake.wait_for("respond"))[0].args
    assert said["response_type"] == "ephemeral" and said["text"] == "Thanks for the feedback!"
    click = block_action_body(down["action_id"], ids, trigger_id="T.down")
    assert (await bot.send(click)).status == 200
    form = (await bot.fake.wait_for("views.open"))[0].args
    assert form["trigger_id"] == "T.down" and form["view"]["callback_id"] == "factbot_feedback"
    values = {"comment": {"value": {"type": "plain_text_input", "value": "Prem left in 2026"}}}
    sent = view_submission_body(
        "factbot_feedback", values, user_id="U1", private_metadata=form["view"]["private_metadata"]
    )
    assert (await bot.send(sent)).status == 200
    noted = (await bot.fake.wait_for("chat.postEphemeral"))[0].args
    assert noted["user"] == "U1" and noted["text"].startswith("Thanks: noted")
    first = int(ids.split(",")[0])
    assert bot.store.feedback_counts(first) == (1, 1)
    gaps = await bot.command("/fact", "gaps", user="U1", name="g")
    assert "Prem left in 2026" in text_of(gaps)


@pytest.mark.asyncio
async def test_members_suggest_admins_approve_with_a_button_and_the_proposer_hears(bot: Bot) -> None:
    proposed = await bot.command("/fact", "suggest Acme AI | ceo | Jane Roe | 2025-01", user="U1", name="p")
    assert proposed["response_type"] == "ephemeral" and "Proposal #1 is waiting" in proposed["text"]
    review = await bot.command("/fact", "review", user="UADMIN", name="rv")
    approve, reject = next(b for b in review["blocks"] if b.get("block_id") == "factbot_proposal_1")[
        "elements"
    ]
    assert (approve["text"]["text"], reject["text"]["text"]) == ("Approve #1", "Reject #1")
    member_click = block_action_body(
        approve["action_id"], "1", user_id="U1", response_url=bot.fake.response_url("m")
    )
    await bot.send(member_click)
    refused = (await bot.fake.wait_for("respond", count=3))[2].args
    assert "only admins" in refused["text"] and bot.store.proposal(1).status == "pending"
    click = block_action_body(
        approve["action_id"], "1", user_id="UADMIN", response_url=bot.fake.response_url("a")
    )
    await bot.send(click)
    done = (await bot.fake.wait_for("respond", count=4))[3].args
    assert done["text"].startswith("Approved proposal #1")
    told = (await bot.fake.wait_for("chat.postMessage"))[0].args
    assert told["channel"] == "U1" and "approved" in told["text"]
    await bot.event(app_mention("who runs acme ai"))
    assert (await bot.posted(2))["text"].startswith("Jane Roe has been CEO of Acme AI")


# -- conversations, the message shortcut and the Home tab -------------------------------------------------


@pytest.mark.asyncio
async def test_follow_ups_in_a_thread_factbot_answers_in_need_no_mention(bot: Bot) -> None:
    await bot.event(app_mention("who's running stability ai now?", ts="1700000000.000101"))
    assert (await bot.posted())["thread_ts"] == "1700000000.000101"
    await bot.event(thread_message("who ran it before him?", thread_ts="1700000000.000101", ts="1700000000.000102"))
    follow_up = await bot.posted(2)
    assert follow_up["thread_ts"] == "1700000000.000101"
    assert "before Prem Akkaraju" in follow_up["text"] and "Emad Mostaque" in text_of(follow_up)
    # Not factbot's thread, talk addressed to someone else, and thanks: nothing is posted for them.
    await bot.event(thread_message("who ran it before him?", thread_ts="1700000000.000500", ts="1700000000.000501"))
    await bot.event(thread_message("<@U2> what do you think?", thread_ts="1700000000.000101", ts="1700000000.000103"))
    await bot.event(thread_message("thanks!", thread_ts="1700000000.000101", ts="1700000000.000104"))
    await bot.event(thread_message("and earlier?", thread_ts="1700000000.000101", ts="1700000000.000105"))
    third = await bot.posted(3)
    assert third["thread_ts"] == "1700000000.000101" and "Shan Shan Wong" in third["text"]
    assert len(bot.fake.calls_of("chat.postMessage", include_injected=False)) == 3


@pytest.mark.asyncio
async def test_each_dm_is_its_own_conversation(bot: Bot) -> None:
    await bot.event(dm_message("who founded anthropic", user="U1", channel="D1", ts="1700000000.000201"))
    await bot.posted()
    await bot.event(dm_message("who is its ceo", user="U1", channel="D1", ts="1700000000.000202"))
    assert "Dario Amodei" in (await bot.posted(2))["text"]
    # Someone else's DM knows nothing of U1's conversation: factbot asks what is meant.
    await bot.event(dm_message("who is its ceo", user="U2", channel="D2", ts="1700000000.000203"))
    other = await bot.posted(3)
    assert other["channel"] == "D2" and "Who do you mean by 'its'" in other["text"]


@pytest.mark.asyncio
async def test_the_message_shortcut_answers_privately_about_the_names_in_a_message(bot: Bot) -> None:
    body = message_shortcut_body(
        slack_home.SHORTCUT,
        "Big news: Stability AI has a new boss, Prem Akkaraju <!channel>",
        response_url=bot.fake.response_url("about"),
    )
    assert (await bot.send(body)).status == 200
    [call] = await bot.fake.wait_for("respond")
    assert call.args["response_type"] == "ephemeral"
    said = text_of(call.args)
    assert said.startswith("What I know about Stability AI, Prem Akkaraju:")
    assert "Prem Akkaraju has been CEO of Stability AI" in said
    assert "<!channel>" not in said
    body = message_shortcut_body(
        slack_home.SHORTCUT, "lunch at noon?", response_url=bot.fake.response_url("none")
    )
    await bot.send(body)
    calls = await bot.fake.wait_for("respond", count=2)
    assert "no organization, person or product I know" in calls[1].args["text"]


@pytest.mark.asyncio
async def test_the_home_tab_welcomes_first_visits_and_shows_admins_their_work(bot: Bot) -> None:
    await bot.event(app_home_opened("U1"))
    [first] = await bot.fake.wait_for("views.publish")
    assert first.args["user_id"] == "U1" and first.args["view"]["type"] == "home"
    home = text_of(first.args["view"])
    assert "Welcome!" in home and "who ran it before him?" in home
    latest = bot.core.handle(Request(RecentChanges(), platform="slack"))
    assert latest.fields and "Recent leadership changes on record" in home
    assert f"{latest.fields[0].name}: {latest.fields[0].value}" in home
    assert "Proposals waiting" not in home
    await bot.event(app_home_opened("UADMIN", published_before=True))
    calls = await bot.fake.wait_for("views.publish", count=2)
    admin_home = text_of(calls[1].args["view"])
    assert "Welcome!" not in admin_home
    assert "Proposals waiting for you" in admin_home and "Questions I could not answer" in admin_home
    await bot.event(app_home_opened("U1", tab="messages"))
    await bot.event(dm_message("who founded anthropic", ts="1700000000.000301"))
    await bot.posted()
    assert len(bot.fake.calls_of("views.publish")) == 2  # the Messages tab is a DM, not the Home
