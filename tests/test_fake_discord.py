"""The Discord fake against the real discord.py 2.7: login, gateway, events, interactions, failures."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import discord
import discord.gateway
import discord.http
import pytest
import pytest_asyncio
from discord import app_commands

from tests.fakes.discord import (
    ADMIN_PERMISSIONS,
    APPLICATION_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    GUILD_ID,
    FakeDiscord,
    point_discord_at,
)

TOPICS = ["OpenAI", "Anthropic", "Mistral", "Google DeepMind"]


class QuickReidentifyClient(discord.Client):
    """discord.py sleeps 5 s before every IDENTIFY but the first (``before_identify_hook``)."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


class Bot:
    """A small discord.py bot on the fake: replies "pong" to a mention or a DM, has /ping, /ask (with
    autocomplete), /slow (defer + followup + edit) and /menu (a button)."""

    def __init__(self, client_class: type[discord.Client] = discord.Client) -> None:
        self.client = client_class(
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=0.05,  # on_ready waits this long after the last GUILD_CREATE (default 2 s)
        )
        self.tree = app_commands.CommandTree(self.client)
        self.ready = asyncio.Event()
        self.seen: list[discord.Message] = []
        self.seen_changed = asyncio.Condition()
        self.clicks: list[str] = []
        self.ready_guilds: list[discord.Guild] = []
        self._register()

    def _register(self) -> None:
        client, tree = self.client, self.tree

        @client.event
        async def on_ready() -> None:
            self.ready_guilds = list(client.guilds)
            self.ready.set()

        @client.event
        async def on_message(message: discord.Message) -> None:
            async with self.seen_changed:
                self.seen.append(message)
                self.seen_changed.notify_all()
            if message.author.bot:
                return
            if client.user in message.mentions or message.guild is None:
                await message.channel.send("pong")

        @tree.command(name="ping", description="Answer pong")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong", ephemeral=True)

        async def topic_choices(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=t, value=t) for t in TOPICS if current.lower() in t.lower()]

        @tree.command(name="ask", description="Ask about a company")
        @app_commands.describe(topic="The company")
        @app_commands.autocomplete(topic=topic_choices)
        async def ask(interaction: discord.Interaction, topic: str) -> None:
            await interaction.response.send_message(f"about {topic}")

        @tree.command(name="slow", description="Defer, then follow up")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await interaction.edit_original_response(content="working")
            await interaction.followup.send("done")

        bot = self

        class Menu(discord.ui.View):
            @discord.ui.button(label="More", custom_id="more")
            async def more(self, interaction: discord.Interaction, button: discord.ui.Button[Menu]) -> None:
                bot.clicks.append(button.custom_id or "")
                await interaction.response.edit_message(content="clicked", view=None)

        fact = app_commands.Group(name="fact", description="Facts")

        @fact.command(name="add", description="Add a fact")
        @app_commands.autocomplete(subject=topic_choices)
        async def add(interaction: discord.Interaction, subject: str, year: int) -> None:
            await interaction.response.send_message(f"added {subject} {year}", ephemeral=True)

        tree.add_command(fact)

        class Note(discord.ui.Modal, title="A note"):
            text: discord.ui.TextInput[Note] = discord.ui.TextInput(label="Text", custom_id="text")

            async def on_submit(self, interaction: discord.Interaction) -> None:
                await interaction.response.send_message(f"noted: {self.text.value}", ephemeral=True)

        @tree.command(name="note", description="Opens a modal")
        async def note(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Note(custom_id="note"))

        @tree.command(name="menu", description="A message with a button")
        async def menu(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pick", view=Menu(timeout=60))

    async def wait_seen(self, count: int, timeout: float = 5.0) -> list[discord.Message]:
        async with self.seen_changed:
            await asyncio.wait_for(self.seen_changed.wait_for(lambda: len(self.seen) >= count), timeout)
        return list(self.seen)


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    async with FakeDiscord() as server:
        with point_discord_at(server):
            yield server
    assert old_base == discord.http.Route.BASE
    assert old_gateway == discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY


async def _run(bot: Bot) -> AsyncIterator[Bot]:
    task = asyncio.create_task(bot.client.start("fake-token"))
    ready = asyncio.create_task(bot.ready.wait())
    try:
        done, _ = await asyncio.wait({task, ready}, timeout=5, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            task.result()  # raises what went wrong
        assert ready in done, "on_ready did not fire"
        yield bot
    finally:
        ready.cancel()
        await bot.client.close()
        await asyncio.wait_for(task, 5)


@pytest_asyncio.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[Bot]:
    async for running in _run(Bot()):
        yield running


def _text_channel(bot: Bot) -> discord.TextChannel:
    channel = bot.client.get_channel(int(CHANNEL_ID))
    assert isinstance(channel, discord.TextChannel)
    return channel


# ---------------------------------------------------------------------- start-up


@pytest.mark.asyncio
async def test_logs_in_and_connects_with_the_guild_available(fake: FakeDiscord, bot: Bot) -> None:
    assert [c.path for c in fake.calls[:2]] == ["/users/@me", "/oauth2/applications/@me"]
    assert bot.client.user is not None and bot.client.user.id == int(BOT_USER_ID)
    assert bot.client.application_id == int(APPLICATION_ID)
    assert [g.id for g in bot.ready_guilds] == [int(GUILD_ID)]
    guild = bot.ready_guilds[0]
    assert not guild.unavailable
    assert guild.me is not None and guild.me.id == int(BOT_USER_ID)
    assert _text_channel(bot).name == "general"
    assert fake.identifies == 1
    assert fake.intents == discord.Intents.default().value
    assert fake.identify_payloads[0]["token"] == "fake-token"


# ---------------------------------------------------------------------- messages


@pytest.mark.asyncio
async def test_mention_reaches_on_message_and_reply_carries_no_mentions(fake: FakeDiscord, bot: Bot) -> None:
    await fake.dispatch(
        "MESSAGE_CREATE", fake.message_create(f"<@{BOT_USER_ID}> ping", mentions=[BOT_USER_ID])
    )
    [call] = await fake.wait_for("POST", f"/channels/{CHANNEL_ID}/messages")
    assert call.json["content"] == "pong"
    assert call.json["allowed_mentions"] == {"parse": []}
    [message] = bot.seen
    assert message.content == f"<@{BOT_USER_ID}> ping"
    assert isinstance(message.author, discord.Member)
    assert message.guild is not None and message.guild.id == int(GUILD_ID)


@pytest.mark.asyncio
async def test_reply_references_the_question(fake: FakeDiscord, bot: Bot) -> None:
    question = fake.message_create("hi")  # no mention: the bot itself does not answer
    await fake.dispatch("MESSAGE_CREATE", question)
    [message] = await bot.wait_seen(1)
    reply = await message.reply("hello", mention_author=False)
    [call] = fake.calls_to("POST", f"/channels/{CHANNEL_ID}/messages")
    assert str(call.json["message_reference"]["message_id"]) == question["id"]
    assert call.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert reply.reference is not None and reply.reference.message_id == int(question["id"])
    assert reply.type is discord.MessageType.reply


@pytest.mark.asyncio
async def test_without_message_content_intent_guild_text_is_blank_but_dm_text_is_not(
    fake: FakeDiscord, bot: Bot
) -> None:
    await fake.dispatch("MESSAGE_CREATE", fake.message_create("who founded OpenAI?"))
    await fake.dispatch("MESSAGE_CREATE", fake.message_create("who founded OpenAI?", guild_id=None))
    [call] = await fake.wait_for("POST", f"/channels/{DM_CHANNEL_ID}/messages")
    guild_message, dm_message = await bot.wait_seen(2)
    assert guild_message.content == ""
    assert dm_message.content == "who founded OpenAI?"
    assert isinstance(dm_message.channel, discord.DMChannel)
    assert call.json["content"] == "pong"
    assert fake.calls_to("POST", f"/channels/{CHANNEL_ID}/messages") == []


@pytest.mark.asyncio
async def test_echoed_own_message_is_ignored(fake: FakeDiscord) -> None:
    fake.echo_bot_messages = True
    async for bot in _run(Bot()):
        mention = fake.message_create(f"<@{BOT_USER_ID}> one", mentions=[BOT_USER_ID])
        await fake.dispatch("MESSAGE_CREATE", mention)
        await fake.wait_for("POST", f"/channels/{CHANNEL_ID}/messages")
        seen = await bot.wait_seen(2)  # the mention, then the bot's own "pong" echoed back
        assert seen[1].author.id == int(BOT_USER_ID) and seen[1].content == "pong"
        # Events are handled in order: once the next mention is answered, the echo was handled (ignored).
        await fake.dispatch(
            "MESSAGE_CREATE", fake.message_create(f"<@{BOT_USER_ID}> two", mentions=[BOT_USER_ID])
        )
        calls = await fake.wait_for("POST", f"/channels/{CHANNEL_ID}/messages", count=2)
        assert [c.json["content"] for c in calls] == ["pong", "pong"]


# ---------------------------------------------------------------------- interactions


@pytest.mark.asyncio
async def test_slash_command_answers_ephemeral_callback(fake: FakeDiscord, bot: Bot) -> None:
    interaction = fake.interaction("ping")
    await fake.dispatch("INTERACTION_CREATE", interaction)
    [call] = await fake.wait_for("POST", f"/interactions/{interaction['id']}/{interaction['token']}/callback")
    assert call.status == 200
    assert call.query == {"with_response": "1"}
    assert call.json["type"] == 4
    assert call.json["data"]["content"] == "pong"
    assert call.json["data"]["flags"] == 64
    assert call.json["data"]["allowed_mentions"] == {"parse": []}


@pytest.mark.asyncio
async def test_slash_command_in_a_dm_and_as_an_admin(fake: FakeDiscord, bot: Bot) -> None:
    dm = fake.interaction("ping", guild_id=None)
    admin = fake.interaction("ask", {"topic": "OpenAI"}, member_permissions=ADMIN_PERMISSIONS, user_id="2")
    await fake.dispatch("INTERACTION_CREATE", dm)
    await fake.dispatch("INTERACTION_CREATE", admin)
    calls = await fake.wait_for("POST", "/interactions/", count=2)
    by_id = {c.path.split("/")[2]: c for c in calls}
    assert by_id[dm["id"]].json["data"]["content"] == "pong"
    assert by_id[admin["id"]].json["data"]["content"] == "about OpenAI"


@pytest.mark.asyncio
async def test_autocomplete_gets_choices(fake: FakeDiscord, bot: Bot) -> None:
    interaction = fake.interaction("ask", {"topic": "an"}, kind=4, focused="topic")
    await fake.dispatch("INTERACTION_CREATE", interaction)
    [call] = await fake.wait_for("POST", f"/interactions/{interaction['id']}/")
    assert call.json["type"] == 8
    assert call.json["data"]["choices"] == [{"name": "Anthropic", "value": "Anthropic"}]


@pytest.mark.asyncio
async def test_subcommand_and_its_autocomplete(fake: FakeDiscord, bot: Bot) -> None:
    run = fake.interaction("fact add", {"subject": "Mistral", "year": 2023})
    complete = fake.interaction("fact add", {"subject": "mis"}, kind=4, focused="subject")
    assert run["data"]["name"] == "fact" and run["data"]["options"][0]["type"] == 1
    await fake.dispatch("INTERACTION_CREATE", run)
    await fake.dispatch("INTERACTION_CREATE", complete)
    [ran] = await fake.wait_for("POST", f"/interactions/{run['id']}/")
    [completed] = await fake.wait_for("POST", f"/interactions/{complete['id']}/")
    assert ran.json["data"]["content"] == "added Mistral 2023"
    assert completed.json == {"type": 8, "data": {"choices": [{"name": "Mistral", "value": "Mistral"}]}}


@pytest.mark.asyncio
async def test_defer_edit_original_and_followup(fake: FakeDiscord, bot: Bot) -> None:
    interaction = fake.interaction("slow")
    await fake.dispatch("INTERACTION_CREATE", interaction)
    [followup] = await fake.wait_for("POST", f"/webhooks/{APPLICATION_ID}/{interaction['token']}")
    [callback] = fake.calls_to("POST", f"/interactions/{interaction['id']}/")
    [edit] = fake.calls_to("PATCH", f"/webhooks/{APPLICATION_ID}/{interaction['token']}/messages/@original")
    assert callback.json == {"type": 5}
    assert edit.status == 200 and edit.json["content"] == "working"
    assert followup.status == 200 and followup.query["wait"] == "1"
    assert followup.json["content"] == "done"
    assert followup.json["allowed_mentions"] == {"parse": []}


@pytest.mark.asyncio
async def test_button_click_reaches_the_view(fake: FakeDiscord, bot: Bot) -> None:
    command = fake.interaction("menu")
    await fake.dispatch("INTERACTION_CREATE", command)
    [sent] = await fake.wait_for("POST", f"/interactions/{command['id']}/")
    assert sent.json["data"]["components"][0]["components"][0]["custom_id"] == "more"
    click = fake.component_interaction("more")
    await fake.dispatch("INTERACTION_CREATE", click)
    [update] = await fake.wait_for("POST", f"/interactions/{click['id']}/")
    assert bot.clicks == ["more"]
    assert update.json["type"] == 7
    assert update.json["data"]["content"] == "clicked"


@pytest.mark.asyncio
async def test_modal_opens_and_its_submission_is_handled(fake: FakeDiscord, bot: Bot) -> None:
    command = fake.interaction("note")
    await fake.dispatch("INTERACTION_CREATE", command)
    [opened] = await fake.wait_for("POST", f"/interactions/{command['id']}/")
    assert opened.json["type"] == 9 and opened.json["data"]["custom_id"] == "note"
    submit = fake.modal_submit("note", {"text": "Mistral is French"})
    await fake.dispatch("INTERACTION_CREATE", submit)
    [answered] = await fake.wait_for("POST", f"/interactions/{submit['id']}/")
    assert answered.json["data"]["content"] == "noted: Mistral is French"


@pytest.mark.asyncio
async def test_second_answer_to_an_interaction_is_refused(fake: FakeDiscord, bot: Bot) -> None:
    interaction = fake.interaction("ping")
    await fake.dispatch("INTERACTION_CREATE", interaction)
    await fake.wait_for("POST", f"/interactions/{interaction['id']}/")
    with pytest.raises(discord.HTTPException) as raised:
        await bot.client.http.request(
            discord.http.Route(
                "POST",
                "/interactions/{interaction_id}/{token}/callback",
                interaction_id=interaction["id"],
                token=interaction["token"],
            ),
            json={"type": 4, "data": {"content": "again"}},
        )
    assert raised.value.code == 40060


# ---------------------------------------------------------------------- command sync


@pytest.mark.asyncio
async def test_tree_sync_to_a_guild_and_globally(fake: FakeDiscord, bot: Bot) -> None:
    guild = discord.Object(int(GUILD_ID))
    bot.tree.copy_global_to(guild=guild)
    synced = await bot.tree.sync(guild=guild)
    [put] = fake.calls_to("PUT", f"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands")
    assert {c["name"] for c in put.json} == {"ping", "ask", "slow", "fact", "note", "menu"}
    assert {c.name for c in synced} == {"ping", "ask", "slow", "fact", "note", "menu"}
    assert all(c.guild_id == int(GUILD_ID) and c.application_id == int(APPLICATION_ID) for c in synced)
    synced_global = await bot.tree.sync()
    assert {c.name for c in synced_global} == {"ping", "ask", "slow", "fact", "note", "menu"}
    assert fake.calls_to("PUT", f"/applications/{APPLICATION_ID}/commands")
    # A guild-only command is matched through data.guild_id; its id is the synced one.
    interaction = fake.interaction("ping", command_guild_id=GUILD_ID)
    assert interaction["data"]["id"] == str(next(c.id for c in synced if c.name == "ping"))
    await fake.dispatch("INTERACTION_CREATE", interaction)
    [call] = await fake.wait_for("POST", f"/interactions/{interaction['id']}/")
    assert call.json["data"]["content"] == "pong"


# ---------------------------------------------------------------------- reconnects


@pytest.mark.asyncio
async def test_abrupt_drop_resumes_and_keeps_working(fake: FakeDiscord, bot: Bot) -> None:
    await fake.drop_connection()
    await fake.wait_for_ready(2)
    assert (fake.identifies, fake.resumes) == (1, 1)
    assert fake.resume_payloads[0]["session_id"] == fake.session_id
    assert [p.split("?")[0] for p in fake.gateway_paths] == ["/gateway", "/gateway/resume"]
    assert "v=10" in fake.gateway_paths[1] and "encoding=json" in fake.gateway_paths[1]
    await fake.dispatch(
        "MESSAGE_CREATE", fake.message_create(f"<@{BOT_USER_ID}> still there?", mentions=[BOT_USER_ID])
    )
    [call] = await fake.wait_for("POST", f"/channels/{CHANNEL_ID}/messages")
    assert call.json["content"] == "pong"


@pytest.mark.asyncio
async def test_close_frame_with_invalid_session_reidentifies(fake: FakeDiscord) -> None:
    fake.resumable = False
    async for _bot in _run(Bot(QuickReidentifyClient)):
        await fake.drop_connection(code=4000)
        await fake.wait_for_ready(2)
        assert (fake.identifies, fake.resumes) == (2, 0)
        assert len(fake.resume_payloads) == 1  # tried to resume, was told to identify
        await fake.dispatch("MESSAGE_CREATE", fake.message_create("hello", guild_id=None))
        [call] = await fake.wait_for("POST", f"/channels/{DM_CHANNEL_ID}/messages")
        assert call.json["content"] == "pong"


# ---------------------------------------------------------------------- failures


@pytest.mark.asyncio
async def test_injected_403_raises_forbidden(fake: FakeDiscord, bot: Bot) -> None:
    fake.fail_next(f"/channels/{CHANNEL_ID}/messages", 403, {"message": "Missing Permissions", "code": 50013})
    with pytest.raises(discord.Forbidden) as raised:
        await _text_channel(bot).send("hi")
    assert raised.value.code == 50013
    assert raised.value.status == 403
    message = await _text_channel(bot).send("hi again")  # one-shot
    assert message.content == "hi again"
    assert message.author.id == int(BOT_USER_ID)


@pytest.mark.asyncio
async def test_rate_limit_is_retried(fake: FakeDiscord, bot: Bot) -> None:
    fake.rate_limit_next(f"/channels/{CHANNEL_ID}/messages", retry_after=0.05)
    message = await _text_channel(bot).send("after the wait")
    assert message.content == "after the wait"
    calls = fake.calls_to("POST", f"/channels/{CHANNEL_ID}/messages")
    assert [c.status for c in calls] == [429, 200]


@pytest.mark.asyncio
async def test_unknown_route_is_a_recorded_404(fake: FakeDiscord, bot: Bot) -> None:
    with pytest.raises(discord.NotFound):
        await bot.client.http.request(discord.http.Route("GET", "/guilds/{guild_id}/bans", guild_id=GUILD_ID))
    [call] = fake.calls_to("GET", f"/guilds/{GUILD_ID}/bans")
    assert call.status == 404


@pytest.mark.asyncio
async def test_wait_for_timeout_lists_calls(fake: FakeDiscord, bot: Bot) -> None:
    with pytest.raises(AssertionError, match=r"(?s)waiting for 1 × POST /nowhere.*GET /users/@me"):
        await fake.wait_for("POST", "/nowhere", timeout=0.05)


@pytest.mark.asyncio
async def test_wrong_token_fails_login(fake: FakeDiscord) -> None:
    fake.token = "right-token"
    client = discord.Client(intents=discord.Intents.default())
    with pytest.raises(discord.LoginFailure):
        await client.login("wrong-token")
    await client.close()
    [call] = fake.calls_to("GET", "/users/@me")
    assert call.status == 401
