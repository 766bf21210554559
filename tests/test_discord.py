"""The Discord adapter end to end: the real discord.py client (app commands, gateway, REST) against the local
fake Discord in tests/fakes/discord.py. Assertions are on what the bot actually sent."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
import pytest_asyncio

from factbot import discord_adapter, discord_render
from factbot.bot.domain.port import Field, Reply, Request
from factbot.bot.storage.store import Store
from factbot.bot.usecases.dispatch import Core
from factbot.discord_adapter import ConfigError, DiscordSettings, Factbot
from factbot.runner import CoreRunner
from tests.fakes.discord import (
    ADMIN_PERMISSIONS,
    APPLICATION_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    GUILD_ID,
    USER_ID,
    FakeDiscord,
    point_discord_at,
)
from tests.support import TODAY

MANAGE_GUILD = str(discord.Permissions(manage_guild=True).value)


@dataclass
class Bot:
    fake: FakeDiscord
    factbot: Factbot
    store: Store
    core: Core
    task: asyncio.Task[None]

    async def interact(self, name: str, options: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
        """Run a slash command (or autocomplete) and return the answer it produced: the first callback body,
        or, when the bot deferred (a loaded machine can take longer than the 2 s answer budget), the
        follow-up message that carries the answer."""
        before = len(self.fake.calls_to("POST", "/interactions/"))
        followups = len(self.fake.calls_to("POST", "/webhooks/"))
        await self.fake.dispatch("INTERACTION_CREATE", self.fake.interaction(name, options, **kw))
        calls = await self.fake.wait_for("POST", "/interactions/", count=before + 1)
        body: dict[str, Any] = calls[before].json
        if body.get("type") == 5:  # deferred: the answer follows as a webhook message
            later = await self.fake.wait_for("POST", "/webhooks/", count=followups + 1)
            followup: dict[str, Any] = later[followups].json
            return followup
        return body

    async def mention(self, text: str, **kw: Any) -> dict[str, Any]:
        before = len(self.fake.calls_to("POST", "/channels/"))
        message = self.fake.message_create(f"<@{BOT_USER_ID}> {text}", mentions=[BOT_USER_ID], **kw)
        await self.fake.dispatch("MESSAGE_CREATE", message)
        calls = await self.fake.wait_for("POST", "/channels/", count=before + 1)
        body: dict[str, Any] = calls[before].json
        return body


def description(body: dict[str, Any]) -> str:
    data = body.get("data", body)
    return str(data["embeds"][0]["description"])


@asynccontextmanager
async def running(
    fake: FakeDiscord,
    db_path: Path,
    *,
    guild: bool = True,
    sharded: bool = False,
    stop: asyncio.Event | None = None,
) -> AsyncIterator[Bot]:
    """factbot on the fake, through the real start path (login, command sync, gateway), until closed."""
    store = Store(db_path)
    core = Core(store, today=lambda: TODAY)
    runner = CoreRunner(core)
    settings = DiscordSettings(
        token="fake-token",
        guild_id=int(GUILD_ID) if guild else None,
        api_url=fake.api_base,
        gateway_url=fake.gateway_url,
        admins=frozenset({"7"}),
    )
    factbot = Factbot(runner, settings, sharded=sharded, guild_ready_timeout=0.05)
    stop = stop or asyncio.Event()
    task = asyncio.create_task(discord_adapter.run(factbot, stop))
    ready = asyncio.create_task(factbot.ready.wait())
    try:
        done, _ = await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()
        assert ready in done, "on_ready did not fire"
        yield Bot(fake, factbot, store, core, task)
    finally:
        ready.cancel()
        if not task.done():  # stopped as SIGTERM stops it: through the stop event
            stop.set()
            await asyncio.wait_for(task, 15)
        runner.close()
        store.close()


@pytest_asyncio.fixture
async def bot(db_path: Path) -> AsyncIterator[Bot]:
    async with FakeDiscord() as fake:
        with point_discord_at(fake):
            async with running(fake, db_path) as started:
                yield started


# -- start-up ------------------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_commands_are_synced_to_the_guild_with_admin_commands_hidden(bot: Bot) -> None:
    [sync] = bot.fake.calls_to("PUT", f"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands")
    commands = {c["name"]: c for c in sync.json}
    assert set(commands) == {"ask", "leadership", "fact", "suggest", "help", "Ask factbot"}
    assert commands["suggest"].get("default_member_permissions") is None  # anyone may propose
    assert str(commands["fact"]["default_member_permissions"]) == MANAGE_GUILD
    assert commands["ask"].get("default_member_permissions") is None
    subcommands = {o["name"] for o in commands["fact"]["options"]}
    assert subcommands == {
        "add",
        "end",
        "remove",
        "restore",
        "history",
        "undo",
        "search",
        "gaps",
        "stale",
        "verify",
        "review",
        "approve",
        "reject",
        "watch",
        "digest",
    }
    # Only what factbot reads (issue 12): guilds, guild messages and DMs; no privileged intent at all.
    intents = discord.Intents._from_value(bot.fake.intents or 0)
    assert intents == discord.Intents(guilds=True, guild_messages=True, dm_messages=True)
    assert not (intents.message_content or intents.members or intents.presences)


# -- messages ------------------------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_mention_is_answered_with_an_embed_that_pings_no_one(bot: Bot) -> None:
    sent = await bot.mention("who runs mistral?")
    assert description(sent).startswith("Arthur Mensch has been CEO of Mistral AI")
    assert sent["allowed_mentions"]["parse"] == []
    assert str(sent["message_reference"]["message_id"])
    fields = {f["name"]: f["value"] for f in sent["embeds"][0]["fields"]}
    # Mistral's CEO rests on an undated page: the embed says so rather than guessing a date.
    assert fields["Sources"].endswith("· undated source") and "](https://" in fields["Sources"]
    dated = await bot.mention("who runs anthropic?")
    dated_fields = {f["name"]: f["value"] for f in dated["embeds"][0]["fields"]}
    assert "· as of 2026-02-24" in dated_fields["Sources"] and "](https://" in dated_fields["Sources"]


@pytest.mark.asyncio
async def test_a_dm_is_answered_without_a_mention(bot: Bot) -> None:
    await bot.fake.dispatch("MESSAGE_CREATE", bot.fake.message_create("who founded anthropic", guild_id=None))
    [call] = await bot.fake.wait_for("POST", f"/channels/{DM_CHANNEL_ID}/messages")
    assert "Anthropic was founded in 2021" in description(call.json)


@pytest.mark.asyncio
async def test_the_bot_ignores_itself_other_bots_and_unaddressed_chatter(bot: Bot) -> None:
    fake = bot.fake
    await fake.dispatch(
        "MESSAGE_CREATE",
        fake.message_create(
            f"<@{BOT_USER_ID}> who runs openai",
            author_id=BOT_USER_ID,
            author_bot=True,
            mentions=[BOT_USER_ID],
        ),
    )
    await fake.dispatch(
        "MESSAGE_CREATE",
        fake.message_create(
            f"<@{BOT_USER_ID}> who runs openai", author_id="55", author_bot=True, mentions=[BOT_USER_ID]
        ),
    )
    await fake.dispatch(
        "MESSAGE_CREATE",
        fake.message_create("who runs openai", guild_id=None, author_id="56", author_bot=True),
    )
    await fake.dispatch("MESSAGE_CREATE", fake.message_create("who runs openai"))  # no mention
    sent = await bot.mention("who founded anthropic")
    assert "Anthropic" in description(sent)
    assert len(fake.calls_to("POST", "/channels/")) == 1


@pytest.mark.asyncio
async def test_suggestion_buttons_answer_the_chosen_question(bot: Bot) -> None:
    sent = await bot.mention("who is the ceo of google brain")
    assert description(sent).startswith("I'm not sure")
    buttons = sent["components"][0]["components"]
    assert buttons[0]["label"] == "Who is the CEO of Google?"
    click = bot.fake.component_interaction(buttons[0]["custom_id"])
    await bot.fake.dispatch("INTERACTION_CREATE", click)
    [callback] = await bot.fake.wait_for("POST", "/interactions/")
    assert callback.json["type"] == 4
    assert description(callback.json).startswith("Sundar Pichai has been CEO of Google")


@pytest.mark.asyncio
async def test_stored_text_cannot_ping_anyone(bot: Bot) -> None:
    reply = await bot.interact(
        "fact add",
        {
            "subject": "Acme AI",
            "relation": "ceo",
            "object": "Jane @everyone <@123> **bold**",
            "since": "2025-01",
        },
        user_id="7",
    )
    assert "Added fact" in description(reply)
    sent = await bot.mention("who runs acme ai")
    text = description(sent)
    assert "@everyone" not in text.replace("@\u200beveryone", "")
    assert "<@123>" not in text and "**bold**" not in text
    assert sent["allowed_mentions"]["parse"] == []
    assert reply["data"]["allowed_mentions"]["parse"] == []


@pytest.mark.asyncio
async def test_an_over_long_message_is_cut_and_answered(bot: Bot) -> None:
    sent = await bot.mention("who runs openai " + "x" * 100_000)
    assert description(sent)


# -- slash commands ---------------------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_slash_ask_answers_in_the_channel(bot: Bot) -> None:
    body = await bot.interact("ask", {"question": "who heads deepmind"})
    assert body["type"] == 4 and not body["data"].get("flags")
    assert description(body).startswith("Demis Hassabis has been CEO of Google DeepMind")


@pytest.mark.asyncio
async def test_leadership_autocomplete_is_typo_tolerant_and_never_over_25(bot: Bot) -> None:
    everything = await bot.interact("leadership", {"organization": ""}, kind=4, focused="organization")
    assert everything["type"] == 8 and len(everything["data"]["choices"]) == 25
    typo = await bot.interact("leadership", {"organization": "stabilty"}, kind=4, focused="organization")
    assert typo["data"]["choices"][0] == {"name": "Stability AI", "value": "Stability AI"}
    answer = await bot.interact("leadership", {"organization": "stabilty"})
    assert description(answer) == "Stability AI is led by Prem Akkaraju (CEO, since June 2024)."


@pytest.mark.asyncio
async def test_slow_answers_are_deferred_then_followed_up(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real = bot.core.handle

    def busy(request: Request) -> Reply:
        release.wait(timeout=10)
        return real(request)

    monkeypatch.setattr(discord_adapter, "ANSWER_BUDGET_SECONDS", 0.05)
    bot.core.handle = busy  # type: ignore[method-assign]
    await bot.fake.dispatch(
        "INTERACTION_CREATE", bot.fake.interaction("ask", {"question": "who runs openai"})
    )
    [deferred] = await bot.fake.wait_for("POST", "/interactions/")
    assert deferred.json == {"type": 5}  # acknowledged while the core was still busy
    release.set()
    [followup] = await bot.fake.wait_for("POST", f"/webhooks/{APPLICATION_ID}/")
    assert description(followup.json).startswith("Sam Altman has been CEO of OpenAI")
    assert followup.json["allowed_mentions"]["parse"] == []


# -- who may change facts ---------------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_member_running_an_admin_command_is_refused_and_nothing_changes(bot: Bot) -> None:
    before = bot.store.count_facts(include_removed=True)
    body = await bot.interact(
        "fact add", {"subject": "Acme AI", "relation": "ceo", "object": "Jane Roe"}, member_permissions="0"
    )
    assert body["data"]["flags"] == 64 and "only admins" in description(body)
    body = await bot.interact("fact end", {"id": 2}, member_permissions="0")
    assert "only admins" in description(body)
    assert bot.store.count_facts(include_removed=True) == before
    assert bot.store.fact(2).end == "2024-03-22"


@pytest.mark.asyncio
async def test_a_guild_admin_adds_facts_for_the_guild_only_and_cannot_touch_global_ones(bot: Bot) -> None:
    body = await bot.interact(
        "fact add",
        {
            "subject": "Acme AI",
            "relation": "cto",
            "object": "Ann Lee",
            "since": "2024-02",
            "source": "https://example.com/acme",
        },
        member_permissions=MANAGE_GUILD,
    )
    assert body["data"]["flags"] == 64 and description(body).startswith("Added fact #")
    fact_id = int(description(body).split("#")[1].split(":")[0])
    assert bot.store.fact(fact_id).scope == f"discord:{GUILD_ID}"
    answer = await bot.interact("ask", {"question": "who is the cto of acme ai"})
    assert description(answer).startswith("Ann Lee has been CTO of Acme AI since February 2024")
    refused = await bot.interact("fact remove", {"id": 2}, member_permissions=ADMIN_PERMISSIONS)
    assert "another workspace or is global" in description(refused)
    assert not bot.store.fact(2).removed
    # In a DM there is no guild, so no guild admin rights either.
    dm = await bot.interact(
        "fact add", {"subject": "Acme AI", "relation": "ceo", "object": "Jo"}, guild_id=None
    )
    assert "only admins" in description(dm)


@pytest.mark.asyncio
async def test_global_admins_change_global_facts_history_and_undo(bot: Bot) -> None:
    ended = await bot.interact("fact end", {"id": 4, "date": "2024-06-20"}, user_id="7")
    assert "now ends 20 June 2024" in description(ended)
    history = await bot.interact("fact history", {"id": 4}, user_id="7")
    assert any("end by discord:7" in f["name"] for f in history["data"]["embeds"][0]["fields"])
    undo = await bot.interact("fact undo", {}, user_id="7")
    assert "Undid your last change (end of fact #4)" in description(undo)
    assert bot.store.fact(4).end == "2024-06"


@pytest.mark.asyncio
async def test_subject_autocomplete_and_relation_choices(bot: Bot) -> None:
    [sync] = bot.fake.calls_to("PUT", f"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands")
    fact = next(c for c in sync.json if c["name"] == "fact")
    add = next(o for o in fact["options"] if o["name"] == "add")
    relation = next(o for o in add["options"] if o["name"] == "relation")
    assert {c["value"] for c in relation["choices"]} >= {"ceo", "founder", "cto", "released", "invested_in"}
    assert len(relation["choices"]) <= 25
    body = await bot.interact(
        "fact add", {"subject": "antrop"}, kind=4, focused="subject", member_permissions=MANAGE_GUILD
    )
    assert body["data"]["choices"][0]["value"] == "Anthropic"


# -- failures ----------------------------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_dropped_gateway_is_resumed_and_the_bot_keeps_answering(bot: Bot) -> None:
    await bot.fake.drop_connection()
    await bot.fake.wait_for_ready(count=2)
    sent = await bot.mention("who founded anthropic")
    assert "Anthropic" in description(sent)
    assert bot.fake.resumes + bot.fake.identifies >= 2


@pytest.mark.asyncio
async def test_rest_errors_are_logged_and_never_crash_the_bot(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fake.fail_next(
        f"/channels/{CHANNEL_ID}/messages", 403, {"message": "Missing Permissions", "code": 50013}
    )
    message = bot.fake.message_create(f"<@{BOT_USER_ID}> who runs openai", mentions=[BOT_USER_ID])
    await bot.fake.dispatch("MESSAGE_CREATE", message)
    await bot.fake.wait_for("POST", f"/channels/{CHANNEL_ID}/messages")
    bot.fake.rate_limit_next(f"/channels/{CHANNEL_ID}/messages", retry_after=0.01)
    await bot.fake.dispatch(
        "MESSAGE_CREATE",
        bot.fake.message_create(f"<@{BOT_USER_ID}> who founded anthropic", mentions=[BOT_USER_ID]),
    )
    calls = await bot.fake.wait_for("POST", f"/channels/{CHANNEL_ID}/messages", count=3)
    assert "Anthropic" in description(calls[2].json)  # the 429 was waited out and retried
    statuses = [c.status for c in bot.fake.calls_to("POST", f"/channels/{CHANNEL_ID}/messages")]
    assert statuses == [403, 429, 200]
    assert "could not reply in channel" in caplog.text and "50013" in caplog.text


# -- rendering limits and settings ---------------------------------------------------------------------------------------


def test_embeds_respect_discord_limits() -> None:
    huge = Reply(
        text="x" * 10_000,
        fields=tuple(Field(f"n{i}" * 200, "v" * 5000) for i in range(40)),
        sources=(),
        answered=True,
    )
    embed = discord_render.embed(huge)
    assert len(embed.description or "") <= 4096
    assert len(embed.fields) <= 25
    assert all(len(f.name or "") <= 256 and len(f.value or "") <= 1024 for f in embed.fields)
    assert len(embed) <= 6000


@pytest.mark.asyncio
async def test_buttons_fit_discord_limits() -> None:  # async: discord.py < 2.6 builds views in a loop only
    view = discord_render.buttons(Reply(text="?", suggestions=("Who is " + "x" * 300 + "?",)))
    assert view is not None
    [button] = view.children
    assert isinstance(button, discord.ui.Button)
    assert len(button.label or "") <= 80 and len(button.custom_id or "") <= 100


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({}, "DISCORD_TOKEN is not set"),
        ({"DISCORD_TOKEN": "t", "DISCORD_GUILD_ID": "my-server"}, "DISCORD_GUILD_ID must be a numeric"),
        ({"DISCORD_TOKEN": "t", "DISCORD_API_URL": "ftp://x"}, "DISCORD_API_URL must be"),
        ({"DISCORD_TOKEN": "t", "DISCORD_GATEWAY_URL": "http://x"}, "DISCORD_GATEWAY_URL must be"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], says: str) -> None:
    with pytest.raises(ConfigError, match=says):
        DiscordSettings.from_env(env, frozenset())


def test_invite_url_asks_for_bot_and_commands_scopes_and_minimal_permissions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from factbot.cli import main

    monkeypatch.setenv("DISCORD_APPLICATION_ID", "123456789012345678")
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main(["discord", "--invite-url"]) == 0
    url = capsys.readouterr().out.strip()
    assert url.startswith("https://discord.com/oauth2/authorize?client_id=123456789012345678")
    assert "scope=bot+applications.commands" in url
    permissions = discord.Permissions(int(url.split("permissions=")[1].split("&")[0]))
    assert permissions.send_messages and permissions.embed_links and permissions.read_message_history
    assert not permissions.administrator and not permissions.manage_guild and not permissions.mention_everyone


@pytest.mark.asyncio
async def test_invite_url_can_fetch_the_application_id_with_the_token(
    capsys: pytest.CaptureFixture[str],
) -> None:
    async with FakeDiscord() as fake:
        with point_discord_at(fake):
            settings = DiscordSettings(token="fake-token", api_url=fake.api_base)
            assert await discord_adapter.fetch_application_id(settings) == int(APPLICATION_ID)


def test_the_cli_refuses_to_start_without_a_token(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factbot.cli import main

    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main(["discord", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: DISCORD_TOKEN is not set") and "Traceback" not in err


@pytest.mark.asyncio
async def test_a_guild_admin_cannot_change_another_guilds_facts(bot: Bot) -> None:
    body = await bot.interact(
        "fact add",
        {"subject": "Acme AI", "relation": "ceo", "object": "Ann Lee"},
        member_permissions=MANAGE_GUILD,
    )
    fact_id = int(description(body).split("#")[1].split(":")[0])
    other = await bot.interact(
        "fact remove", {"id": fact_id}, member_permissions=MANAGE_GUILD, guild_id="9001"
    )
    assert other["data"]["flags"] == 64 and f"no fact #{fact_id}" in description(other)
    assert not bot.store.fact(fact_id).removed
    there = await bot.interact("ask", {"question": "who runs acme ai"}, guild_id="9001")
    assert "Ann Lee" not in description(there)


@pytest.mark.asyncio
async def test_the_auto_sharded_client_connects_and_answers(db_path: Path) -> None:
    async with FakeDiscord() as fake:
        with point_discord_at(fake):
            async with running(fake, db_path, guild=False, sharded=True) as started:
                assert isinstance(started.factbot.client, discord.AutoShardedClient)
                assert fake.calls_to("GET", "/gateway/bot")
                assert fake.calls_to("PUT", f"/applications/{APPLICATION_ID}/commands")  # global sync
                message = fake.message_create(f"<@{BOT_USER_ID}> who runs mistral", mentions=[BOT_USER_ID])
                await fake.dispatch("MESSAGE_CREATE", message)
                [sent] = await fake.wait_for("POST", f"/channels/{CHANNEL_ID}/messages")
                assert description(sent.json).startswith("Arthur Mensch")


@pytest.mark.asyncio
async def test_a_stop_lets_the_answer_in_flight_finish_then_closes(db_path: Path) -> None:
    release = threading.Event()
    stop = asyncio.Event()
    async with FakeDiscord() as fake:
        with point_discord_at(fake):
            async with running(fake, db_path, guild=False, stop=stop) as started:
                real = started.core.handle

                def busy(request: Request) -> Reply:
                    release.wait(timeout=10)
                    return real(request)

                started.core.handle = busy  # type: ignore[method-assign]
                try:
                    message = fake.message_create(
                        f"<@{BOT_USER_ID}> who runs mistral", mentions=[BOT_USER_ID]
                    )
                    await fake.dispatch("MESSAGE_CREATE", message)
                    async with asyncio.timeout(5):
                        while started.factbot.runner.in_flight.count == 0:
                            await asyncio.sleep(0.01)
                    stop.set()
                    await asyncio.sleep(0.1)
                    assert not started.task.done()  # still waiting for the answer in flight
                    release.set()
                    [sent] = await fake.wait_for("POST", f"/channels/{CHANNEL_ID}/messages")
                    assert description(sent.json).startswith("Arthur Mensch")
                    await asyncio.wait_for(started.task, 10)
                    assert started.factbot.client.is_closed()
                finally:
                    release.set()


@pytest.mark.asyncio
async def test_answers_on_old_facts_say_so_and_verify_clears_it(bot: Bot) -> None:
    sent = await bot.mention("who runs stability ai")
    fields = {f["name"]: f["value"] for f in sent["embeds"][0]["fields"]}
    assert fields["Note"] == "As of September 2024 — may have changed."
    stale = await bot.interact("fact stale", {"age": "1y"}, member_permissions=MANAGE_GUILD)
    assert "last checked more than 365 days ago" in description(stale)
    verified = await bot.interact("fact verify", {"id": 9}, user_id="7")
    assert "re-checked" in description(verified)
    again = await bot.mention("who runs stability ai")
    assert all(f["name"] != "Note" for f in again["embeds"][0]["fields"])


@pytest.mark.asyncio
async def test_thumbs_up_and_thumbs_down_with_what_is_wrong(bot: Bot) -> None:
    sent = await bot.mention("who runs stability ai")
    up, down = sent["components"][0]["components"]
    assert (up["label"], down["label"]) == ("👍", "👎")
    fake = bot.fake
    await fake.dispatch("INTERACTION_CREATE", fake.component_interaction(up["custom_id"]))
    [thanks] = await fake.wait_for("POST", "/interactions/")
    assert thanks.json["type"] == 4 and thanks.json["data"]["flags"] == 64
    assert description(thanks.json) == "Thanks for the feedback!"
    await fake.dispatch("INTERACTION_CREATE", fake.component_interaction(down["custom_id"]))
    calls = await fake.wait_for("POST", "/interactions/", count=2)
    assert calls[1].json["type"] == 9  # the "what is wrong?" form
    assert calls[1].json["data"]["custom_id"] == "factbot:whatiswrong"
    await fake.dispatch(
        "INTERACTION_CREATE", fake.modal_submit("factbot:whatiswrong", {"comment": "Prem left"})
    )
    calls = await fake.wait_for("POST", "/interactions/", count=3)
    assert description(calls[2].json).startswith("Thanks: noted")
    first = int(up["custom_id"].rsplit(":", 1)[1].split(",")[0])
    assert bot.store.feedback_counts(first) == (1, 1)
    gaps = await bot.interact("fact gaps", {}, member_permissions=MANAGE_GUILD)
    assert any("Prem left" in f["value"] for f in gaps["data"]["embeds"][0]["fields"])


@pytest.mark.asyncio
async def test_members_suggest_admins_reject_with_a_button_and_the_proposer_hears(bot: Bot) -> None:
    proposed = await bot.interact("suggest", {"subject": "Acme AI", "relation": "ceo", "object": "Jane Roe"})
    assert proposed["data"]["flags"] == 64 and "Proposal #1 is waiting" in description(proposed)
    review = await bot.interact("fact review", {}, member_permissions=MANAGE_GUILD)
    labels = [c["label"] for c in review["data"]["components"][0]["components"]]
    assert labels == ["Approve #1", "Reject #1"]
    fake = bot.fake
    reject_id = review["data"]["components"][0]["components"][1]["custom_id"]
    await fake.dispatch("INTERACTION_CREATE", fake.component_interaction(reject_id, member_permissions="0"))
    calls = await fake.wait_for("POST", "/interactions/", count=3)
    assert "only admins" in description(calls[2].json) and bot.store.proposal(1).status == "pending"
    await fake.dispatch(
        "INTERACTION_CREATE", fake.component_interaction(reject_id, member_permissions=MANAGE_GUILD)
    )
    calls = await fake.wait_for("POST", "/interactions/", count=4)
    assert description(calls[3].json).startswith("Rejected proposal #1")
    [dm] = await fake.wait_for("POST", f"/channels/{DM_CHANNEL_ID}/messages")
    assert "was not accepted" in dm.json["content"]
    assert bot.store.proposal(1).status == "rejected"


# -- conversations, the message menu, /help and user installs -------------------------------------------


def _latest_bot_message(fake: FakeDiscord) -> dict[str, Any]:
    return [m for m in fake.messages.values() if str(m["author"]["id"]) == BOT_USER_ID][-1]


@pytest.mark.asyncio
async def test_replies_to_an_answer_continue_its_conversation(bot: Bot) -> None:
    fake = bot.fake
    first = await bot.mention("who's running stability ai now?")
    assert description(first).startswith("Prem Akkaraju has been CEO of Stability AI")
    answer_id = _latest_bot_message(fake)["id"]
    # A reply pings factbot by default: its text arrives without the Message Content intent.
    reply = fake.message_create("who ran it before him?", mentions=[BOT_USER_ID], reply_to=answer_id)
    await fake.dispatch("MESSAGE_CREATE", reply)
    calls = await fake.wait_for("POST", "/channels/", count=2)
    assert "before Prem Akkaraju" in description(calls[1].json)
    # A reply with the ping turned off arrives without text: nothing to answer, nothing posted.
    silent = fake.message_create("and earlier?", reply_to=_latest_bot_message(fake)["id"])
    await fake.dispatch("MESSAGE_CREATE", silent)
    # Someone else asking in the channel has a conversation of their own: "him" means no one there.
    other = await bot.mention("who ran it before him?", author_id="77")
    assert "Who do you mean by 'it'" in description(other)
    assert len(fake.calls_to("POST", "/channels/")) == 3


@pytest.mark.asyncio
async def test_slash_ask_follow_ups_in_the_same_channel(bot: Bot) -> None:
    await bot.interact("ask", {"question": "who founded anthropic"})
    body = await bot.interact("ask", {"question": "who is its ceo"})
    assert "Dario Amodei" in description(body)


@pytest.mark.asyncio
async def test_the_message_menu_answers_privately_about_the_names_in_a_message(bot: Bot) -> None:
    fake = bot.fake
    target = fake.message_create("Stability AI named Prem Akkaraju CEO @everyone", author_id="88")
    before = len(fake.calls_to("POST", "/interactions/"))
    await fake.dispatch("INTERACTION_CREATE", fake.message_command_interaction("Ask factbot", target))
    [call] = (await fake.wait_for("POST", "/interactions/", count=before + 1))[before:]
    assert call.json["type"] == 4 and call.json["data"]["flags"] == 64  # only the asker sees it
    assert description(call.json).startswith("What I know about Stability AI, Prem Akkaraju:")
    assert call.json["data"]["allowed_mentions"]["parse"] == []


@pytest.mark.asyncio
async def test_help_teaches_follow_ups_and_the_discord_commands(bot: Bot) -> None:
    body = await bot.interact("help")
    assert body["data"]["flags"] == 64
    text = description(body)
    assert "Follow-ups" in text and "who ran it before him?" in text
    assert "/ask question:" in text and "Ask factbot" in text


@pytest.mark.asyncio
async def test_ask_help_and_the_menu_can_be_user_installed_and_work_where_the_bot_is_not(bot: Bot) -> None:
    [sync] = bot.fake.calls_to("PUT", f"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands")
    commands = {c["name"]: c for c in sync.json}
    for name in ("ask", "leadership", "help", "Ask factbot"):
        assert sorted(commands[name]["integration_types"]) == [0, 1], name  # guild and user installs
        assert sorted(commands[name]["contexts"]) == [0, 1, 2], name  # servers, DMs, group DMs
    assert commands["Ask factbot"]["type"] == 3
    assert commands["fact"].get("integration_types") in (None, [0])  # admin commands: servers only
    # A user-installed /ask in a server factbot is not a member of.
    interaction = bot.fake.interaction("ask", {"question": "who heads deepmind"}, guild_id="424242")
    interaction["authorizing_integration_owners"] = {"1": USER_ID}
    before = len(bot.fake.calls_to("POST", "/interactions/"))
    await bot.fake.dispatch("INTERACTION_CREATE", interaction)
    [call] = (await bot.fake.wait_for("POST", "/interactions/", count=before + 1))[before:]
    assert description(call.json).startswith("Demis Hassabis has been CEO of Google DeepMind")
