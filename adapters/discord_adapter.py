"""The Discord adapter, on discord.py 2.x with app commands: events and interactions in, core requests out,
replies back as embeds. No matching or fact logic lives here.

Named discord_adapter so it can never shadow the `discord` package.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import re
from collections.abc import Coroutine, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord
import yarl
from discord import app_commands

from factbot import discord_menus, discord_ops, discord_render, watch_poster
from factbot.bot.domain import messages, relations
from factbot.bot.domain.errors import BotError
from factbot.bot.domain.port import (
    AddFact,
    Ask,
    Command,
    Complete,
    DecideProposal,
    EndFact,
    Feedback,
    Gaps,
    Leadership,
    RemoveFact,
    Reply,
    ReplyKind,
    Request,
    RestoreFact,
    ReviewProposals,
    Role,
    SearchFacts,
    SetDigest,
    ShowHistory,
    StaleFacts,
    SuggestFact,
    Undo,
    VerifyFact,
    WatchOrg,
)
from factbot.discord_conversations import Conversations
from factbot.runner import CoreRunner

log = logging.getLogger("factbot.discord")

MAX_INPUT = 4000
# factbot answers new messages only; discord.py's default cache of the last 1000 messages (with their
# authors and members) is memory a long run holds for nothing. A few recent ones are kept for follow-ups.
MESSAGE_CACHE = 100
ANSWER_BUDGET_SECONDS = 2.0  # answer directly if the core is this quick, else defer (Discord allows 3 s)
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
)
_HELP = "See the README's 'Run it in Discord' section."


class ConfigError(BotError):
    """A setting is missing or malformed; the message names it and where to get it."""


@dataclass(frozen=True)
class DiscordSettings:
    token: str
    guild_id: int | None = None  # sync commands to this guild only (instant, for development)
    api_url: str | None = None  # REST proxy / tests
    gateway_url: str | None = None  # gateway proxy / tests
    application_id: int | None = None
    admins: frozenset[str] = frozenset()

    @classmethod
    def from_env(
        cls, env: Mapping[str, str], admins: frozenset[str], need_token: bool = True
    ) -> DiscordSettings:
        token = env.get("DISCORD_TOKEN", "").strip()
        if need_token and not token:
            raise ConfigError(
                f"DISCORD_TOKEN is not set: it is the bot token from the Developer Portal (Bot → "
                f"Reset Token). {_HELP}"
            )
        return cls(
            token=token,
            guild_id=_snowflake(env, "DISCORD_GUILD_ID"),
            api_url=_url(env, "DISCORD_API_URL", ("http", "https")),
            gateway_url=_url(env, "DISCORD_GATEWAY_URL", ("ws", "wss")),
            application_id=_snowflake(env, "DISCORD_APPLICATION_ID"),
            admins=admins,
        )


def _snowflake(env: Mapping[str, str], name: str) -> int | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    if not re.fullmatch(r"[0-9]{1,21}", value):
        raise ConfigError(f"{name} must be a numeric Discord id (Developer Mode → right-click → Copy ID).")
    return int(value)


def _url(env: Mapping[str, str], name: str, schemes: tuple[str, ...]) -> str | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    if yarl.URL(value).scheme not in schemes:
        raise ConfigError(
            f"{name} must be a {' or '.join(s + '://' for s in schemes)} URL (got something else, not shown: it may be a secret)."
        )
    return value.rstrip("/")


def point_at(settings: DiscordSettings) -> None:
    """Send REST calls and the gateway connection where the settings say (proxies, the tests' fake)."""
    if settings.api_url:
        discord.http.Route.BASE = settings.api_url
    if settings.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(
        application_id, permissions=INVITE_PERMISSIONS, scopes=("bot", "applications.commands")
    )


class Factbot:
    """Wires factbot's handlers onto a discord.py client (plain or auto-sharded)."""

    def __init__(
        self,
        runner: CoreRunner,
        settings: DiscordSettings,
        sharded: bool = False,
        guild_ready_timeout: float = 2.0,
    ):
        self.runner = runner
        self.settings = settings
        intents = minimal_intents()
        client_class = discord.AutoShardedClient if sharded else discord.Client
        self.client: discord.Client = client_class(
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=guild_ready_timeout,  # on_ready waits this long after the last GUILD_CREATE
            max_messages=MESSAGE_CACHE,
        )
        self.tree = app_commands.CommandTree(self.client)
        discord_ops.count_errors(self.client, runner.metrics)
        self.ready = asyncio.Event()
        self.conversations = Conversations()  # replies and threads continue a conversation
        self._register_events()
        self._register_commands()

    # -- plumbing ---------------------------------------------------------------------------------------

    def role_of(self, user: discord.abc.User, permissions: discord.Permissions | None) -> Role:
        if str(user.id) in self.settings.admins or f"discord:{user.id}" in self.settings.admins:
            return Role.GLOBAL_ADMIN
        if permissions is not None and permissions.manage_guild:
            return Role.WORKSPACE_ADMIN
        return Role.MEMBER

    def request(
        self,
        command: Command,
        user: discord.abc.User,
        guild_id: int | None,
        channel_id: int | None,
        role: Role,
        conversation: str | None = None,
    ) -> Request:
        return Request(
            command=command,
            platform="discord",
            user_id=str(user.id),
            workspace_id=str(guild_id) if guild_id else None,
            channel_id=str(channel_id) if channel_id else None,
            role=role,
            conversation=conversation,
        )

    async def respond(
        self, interaction: discord.Interaction, command: Command, role: Role, ephemeral: bool
    ) -> None:
        """Answer within Discord's 3 seconds: directly when the core is quick, else defer and follow up."""
        # /ask follow-ups: a person's questions in one channel (or DM) are one conversation.
        conversation = f"channel:{interaction.channel_id}:user:{interaction.user.id}"
        request = self.request(
            command, interaction.user, interaction.guild_id, interaction.channel_id, role, conversation
        )
        async with self.runner.in_flight.track():
            task = asyncio.ensure_future(self.runner.handle(request))
            done, _ = await asyncio.wait({task}, timeout=ANSWER_BUDGET_SECONDS)
            try:
                if task in done:
                    reply = task.result()
                    await self._send(interaction.response.send_message, reply, ephemeral or reply.ephemeral)
                else:
                    await interaction.response.defer(ephemeral=ephemeral, thinking=True)
                    reply = await task
                    private = ephemeral or reply.ephemeral or reply.is_error
                    if private and not ephemeral:
                        # The deferral was public; an error or a private reply must not be: drop the
                        # public "thinking…" and answer with a private follow-up instead.
                        await interaction.delete_original_response()
                    await self._send(interaction.followup.send, reply, private)
            except discord.HTTPException as exc:
                # Interaction callbacks and follow-ups go through discord.py's webhook adapter, which
                # discord_ops.count_errors does not see: count them here.
                self.runner.metrics.api_error("discord:interaction")
                log.warning("could not answer interaction %s: %s %s", interaction.id, exc.status, exc.code)
                return
            await self.tell(reply)

    async def tell(self, reply: Reply) -> None:
        """Let someone know privately (a proposer hears whether their proposal was taken)."""
        if reply.notify is None:
            return
        user_id, text = reply.notify
        try:
            user = await self.client.fetch_user(int(user_id))
            await user.send(discord_render.inert(text))
        except (discord.HTTPException, ValueError) as exc:
            log.warning("could not tell user %s: %s", user_id, exc)

    async def _send(self, send: Any, reply: Reply, ephemeral: bool) -> None:
        """Send a reply; with its picture attached when it has one, and once more without it when Discord
        refuses the attachment (too large, no Attach Files permission): the text answer stands."""
        if reply.image is None:
            await send(**self._message(reply, ephemeral))
            return
        try:
            await send(**self._message(reply, ephemeral, with_image=True))
        except discord.HTTPException as exc:
            log.warning(
                "the timeline picture was refused (%s %s); answering without it", exc.status, exc.code
            )
            await send(**self._message(reply, ephemeral))

    @staticmethod
    def _message(reply: Reply, ephemeral: bool, with_image: bool = False) -> dict[str, Any]:
        embed = discord_render.embed(reply)
        out: dict[str, Any] = {"embed": embed, "ephemeral": ephemeral}
        if with_image and reply.image is not None:
            out["file"] = discord.File(
                io.BytesIO(reply.image.data),
                filename=reply.image.filename,
                description=reply.image.alt[:1024],
            )
            embed.set_image(url=f"attachment://{reply.image.filename}")
        view = discord_render.buttons(reply)
        if view is not None:
            # Stopped before it is sent: discord.py stores no finished view, so a long run holds none.
            # Clicks are routed by custom id in on_interaction, which also works after a restart.
            view.stop()
            out["view"] = view
        return out

    # -- messages and buttons ---------------------------------------------------------------------------

    def _register_events(self) -> None:
        client = self.client

        @client.event
        async def on_ready() -> None:
            log.warning("factbot connected to Discord as %s in %d guild(s)", client.user, len(client.guilds))
            self.ready.set()

        @client.event
        @self.runner.in_flight.wrap
        async def on_message(message: discord.Message) -> None:
            if message.author.bot or client.user is None:
                return  # ourselves and other bots: no loops
            in_dm = message.guild is None
            addressed = client.user in message.mentions or self.conversations.continues(message, client.user)
            if not in_dm and not addressed:
                return
            text = re.sub(rf"<@!?{client.user.id}>", " ", message.content[:MAX_INPUT]).strip()
            conversation = self.conversations.key_of(message, client.user)
            request = self.request(
                Ask(text),
                message.author,
                message.guild.id if message.guild else None,
                message.channel.id,
                Role.MEMBER,
                conversation,
            )
            reply = await self.runner.handle(request)
            if reply.silent:
                return  # rate-limited chatter: say nothing
            message_args = self._message(reply, ephemeral=False)
            del message_args["ephemeral"]
            try:
                sent = await message.reply(mention_author=False, **message_args)
            except discord.HTTPException as exc:
                log.warning("could not reply in channel %s: %s %s", message.channel.id, exc.status, exc.code)
                return
            self.conversations.answered(sent, conversation)
            view = message_args.get("view")
            if view is not None:
                view.stop()  # clicks are handled in on_interaction; keep no per-message state
            log.debug("replied with message %s", sent.id)

        @client.event
        @self.runner.in_flight.wrap
        async def on_interaction(interaction: discord.Interaction) -> None:
            if interaction.type is not discord.InteractionType.component:
                return
            data: dict[str, Any] = dict(interaction.data or {})
            custom_id = str(data.get("custom_id", ""))
            decision = discord_render.decision_from(custom_id)
            if decision is not None:
                role = self.role_of(
                    interaction.user, interaction.permissions if interaction.guild_id else None
                )
                await self.respond(
                    interaction, DecideProposal(decision[1], decision[0]), role, ephemeral=True
                )
                return
            vote = discord_render.feedback_from(custom_id)
            if vote is not None:
                helpful, ids = vote
                if helpful:
                    await self.respond(interaction, Feedback(ids, True), Role.MEMBER, ephemeral=True)
                else:
                    await interaction.response.send_modal(WhatIsWrong(self, ids))
                return
            question = discord_render.question_from(custom_id)
            if question is None:
                return
            await self.respond(interaction, Ask(question), Role.MEMBER, ephemeral=False)

    # -- slash commands ---------------------------------------------------------------------------------

    def _register_commands(self) -> None:
        tree = self.tree

        @tree.command(name="ask", description="Ask factbot about AI companies, their leaders and releases")
        @app_commands.describe(question="e.g. who runs Stability AI?")
        async def ask(interaction: discord.Interaction, question: app_commands.Range[str, 1, 1000]) -> None:
            await self.respond(interaction, Ask(question), Role.MEMBER, ephemeral=False)

        @tree.command(
            name="leadership", description="Current leaders of an organization and who led it before"
        )
        @app_commands.describe(organization="e.g. Stability AI")
        async def leadership(
            interaction: discord.Interaction, organization: app_commands.Range[str, 1, 200]
        ) -> None:
            await self.respond(
                interaction, Leadership(organization, picture=True), Role.MEMBER, ephemeral=False
            )

        leadership.autocomplete("organization")(self._complete("organization"))

        fact = app_commands.Group(
            name="fact",
            description="Add and correct facts (admins)",
            default_permissions=discord.Permissions(manage_guild=True),
        )
        relation_choices = [
            app_commands.Choice(name=f"{r.label} ({r.name})"[:100], value=r.name)
            for r in relations.RELATIONS.values()
        ][:25]

        @fact.command(name="add", description="Add a fact")
        @app_commands.describe(
            subject="organization, person or product",
            object="e.g. a person's name",
            since="2024, 2024-06 or 2024-06-25",
            until="end date, if it ended",
            source="http(s) link to the source",
        )
        @app_commands.choices(relation=relation_choices)
        async def add(
            interaction: discord.Interaction,
            subject: app_commands.Range[str, 1, 100],
            relation: app_commands.Choice[str],
            object: app_commands.Range[str, 1, 300],
            since: str | None = None,
            until: str | None = None,
            source: str | None = None,
        ) -> None:
            command = AddFact(
                subject, relation.value, object, start=since, end=until, source_url=source or ""
            )
            await self._admin(interaction, command)

        add.autocomplete("subject")(self._complete(None))

        @fact.command(name="end", description="A role ended (default: today)")
        async def end(interaction: discord.Interaction, id: int, date: str | None = None) -> None:
            await self._admin(interaction, EndFact(id, date))

        @fact.command(name="remove", description="Retire a fact (it can be restored)")
        async def remove(interaction: discord.Interaction, id: int) -> None:
            await self._admin(interaction, RemoveFact(id))

        @fact.command(name="restore", description="Bring a removed fact back")
        async def restore(interaction: discord.Interaction, id: int) -> None:
            await self._admin(interaction, RestoreFact(id))

        @fact.command(name="history", description="Every change to a fact")
        async def history(interaction: discord.Interaction, id: int) -> None:
            await self._admin(interaction, ShowHistory(id))

        @fact.command(name="undo", description="Undo your last change")
        async def undo(interaction: discord.Interaction) -> None:
            await self._admin(interaction, Undo())

        @fact.command(name="search", description="Find facts and their ids")
        async def search(interaction: discord.Interaction, text: app_commands.Range[str, 1, 200]) -> None:
            await self._admin(interaction, SearchFacts(text))

        @fact.command(
            name="review", description="Proposals waiting for a decision, with approve / reject buttons"
        )
        async def review(interaction: discord.Interaction) -> None:
            await self._admin(interaction, ReviewProposals())

        @fact.command(name="approve", description="Approve a proposal: it becomes a fact")
        async def approve(interaction: discord.Interaction, id: int) -> None:
            await self._admin(interaction, DecideProposal(id, True))

        @fact.command(name="reject", description="Reject a proposal, saying why")
        async def reject(interaction: discord.Interaction, id: int, reason: str | None = None) -> None:
            await self._admin(interaction, DecideProposal(id, False, reason or ""))

        @fact.command(name="stale", description="Facts due for re-checking, most-asked first")
        @app_commands.describe(age="older than this, e.g. 90d, 6m, 1y (default 6m)")
        async def stale(interaction: discord.Interaction, age: str | None = None) -> None:
            await self._admin(interaction, StaleFacts(age))

        @fact.command(name="verify", description="Re-confirm a fact today, optionally with a new source")
        async def verify(interaction: discord.Interaction, id: int, source: str | None = None) -> None:
            await self._admin(interaction, VerifyFact(id, source or ""))

        @fact.command(name="gaps", description="Questions people asked that factbot could not answer")
        async def gaps(interaction: discord.Interaction) -> None:
            await self._admin(interaction, Gaps())

        @fact.command(name="watch", description="Note each change to an organization's facts in this channel")
        @app_commands.describe(
            organization="e.g. Stability AI (empty: list this channel's watches)", stop="stop watching it"
        )
        async def watch(
            interaction: discord.Interaction, organization: str | None = None, stop: bool = False
        ) -> None:
            await self._admin(interaction, WatchOrg((organization or "")[:200], on=not stop))

        watch.autocomplete("organization")(self._complete("organization"))

        @fact.command(name="digest", description="A weekly post of leadership changes in this channel")
        @app_commands.choices(
            cadence=[
                app_commands.Choice(name="weekly", value="weekly"),
                app_commands.Choice(name="off", value="off"),
            ]
        )
        async def digest(interaction: discord.Interaction, cadence: app_commands.Choice[str]) -> None:
            await self._admin(interaction, SetDigest(cadence.value))

        tree.add_command(fact)

        @tree.command(name="suggest", description="Propose a fact or a correction; an admin will review it")
        @app_commands.describe(
            subject="organization, person or product",
            object="e.g. a person's name",
            since="2024, 2024-06 or 2024-06-25",
            until="end date, if it ended",
            source="http(s) link to the source",
        )
        @app_commands.choices(relation=relation_choices)
        async def suggest(
            interaction: discord.Interaction,
            subject: app_commands.Range[str, 1, 100],
            relation: app_commands.Choice[str],
            object: app_commands.Range[str, 1, 300],
            since: str | None = None,
            until: str | None = None,
            source: str | None = None,
        ) -> None:
            command = SuggestFact(
                subject, relation.value, object, start=since, end=until, source_url=source or ""
            )
            await self.respond(interaction, command, Role.MEMBER, ephemeral=True)

        suggest.autocomplete("subject")(self._complete(None))
        discord_menus.register(self)

        @tree.error
        async def on_tree_error(
            interaction: discord.Interaction, error: app_commands.AppCommandError
        ) -> None:
            log.error("app command failed", exc_info=error)
            if not interaction.response.is_done():
                with contextlib.suppress(discord.HTTPException):
                    await interaction.response.send_message(
                        embed=discord_render.embed(
                            Reply(text="Sorry, that did not work.", kind=ReplyKind.ERROR)
                        ),
                        ephemeral=True,
                    )

    async def _admin(self, interaction: discord.Interaction, command: Command) -> None:
        """Admin commands are hidden by default permissions, and the core checks the role again."""
        role = self.role_of(interaction.user, interaction.permissions if interaction.guild_id else None)
        await self.respond(interaction, command, role, ephemeral=True)

    def _complete(self, kind: str | None) -> Any:
        async def complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            request = self.request(
                Complete(current[:100], kind=kind),
                interaction.user,
                interaction.guild_id,
                interaction.channel_id,
                Role.MEMBER,
            )
            reply = await self.runner.handle(request)
            # Discord refuses more than 25 choices or names/values over 100 characters (discord.py won't check).
            return [app_commands.Choice(name=n[:100], value=n[:100]) for n in reply.suggestions[:25]]

        return complete

    async def sync_commands(self, force: bool = False) -> bool:
        """Sync slash commands if the tree changed since the last sync (or `force`); True if synced."""
        guild = discord.Object(self.settings.guild_id) if self.settings.guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        return await discord_ops.sync_if_changed(
            self.tree, self.runner, guild, self.client.application_id, force=force
        )


class WhatIsWrong(discord.ui.Modal, title="What is wrong?"):
    """Asked after a 👎; the answer's fact ids travel with it."""

    comment: discord.ui.TextInput[WhatIsWrong] = discord.ui.TextInput(
        label=messages.FEEDBACK_PROMPT[:45],
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=500,
        custom_id="comment",
    )

    def __init__(self, bot: Factbot, fact_ids: tuple[int, ...]):
        super().__init__(custom_id="factbot:whatiswrong", timeout=900)
        self.bot = bot
        self.fact_ids = fact_ids

    async def on_submit(self, interaction: discord.Interaction) -> None:
        vote = Feedback(self.fact_ids, False, self.comment.value or "")
        await self.bot.respond(interaction, vote, Role.MEMBER, ephemeral=True)


async def run(bot: Factbot, stop: asyncio.Event | None = None) -> None:
    """Log in, sync commands, and stay connected (discord.py reconnects and resumes by itself) until
    `stop` is set; then let answers in flight finish and close the connection."""
    point_at(bot.settings)
    stop = stop or asyncio.Event()
    async with bot.client:
        if not await stop_or(_login(bot.client, bot.settings.token), stop):
            return  # stopped (SIGTERM) while Discord was still unreachable
        try:
            await bot.sync_commands()
        except discord.HTTPException as exc:
            log.error("could not sync slash commands: %s %s", exc.status, exc.code)
        connection = asyncio.create_task(bot.client.connect(reconnect=True))
        stopping = asyncio.create_task(stop.wait())
        async with watch_poster.background(bot.runner, "discord", channel_sender(bot.client), os.environ):
            await asyncio.wait({connection, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if connection.done():
            connection.result()  # the connection ended by itself: say why
            return
        finished = await bot.runner.in_flight.wait_idle(timeout=10)
        log.warning(
            "factbot stopping: %s",
            "answers in flight finished" if finished else "gave up waiting",
            extra={"platform": "discord"},
        )
        await bot.client.close()
        # A closed websocket ends the connection at once, but discord.py sleeps out a reconnect backoff
        # (up to minutes) before it looks again: do not wait that out.
        await asyncio.wait({connection}, timeout=2)
        if not connection.done():
            connection.cancel()
            await asyncio.wait({connection})


async def sync_now(bot: Factbot) -> bool:
    """`factbot discord sync`: log in, sync the slash commands whatever the stored hash says, and leave."""
    point_at(bot.settings)
    async with bot.client:
        await bot.client.login(bot.settings.token)
        return await bot.sync_commands(force=True)


def minimal_intents() -> discord.Intents:
    """Only what factbot reads: guilds (servers and channels), guild messages that mention it and DMs.
    Message content is not needed: Discord sends it for mentions and DMs without the privileged intent."""
    return discord.Intents(guilds=True, guild_messages=True, dm_messages=True)


def channel_sender(client: discord.Client) -> watch_poster.Send:
    """How watch notes and digests reach a Discord channel: plain text, made inert, pinging no one."""

    async def send(channel_id: str, text: str) -> watch_poster.Sent:
        try:
            channel = client.get_channel(int(channel_id)) or await client.fetch_channel(int(channel_id))
            if not isinstance(channel, discord.abc.Messageable):
                return watch_poster.Sent.REFUSED
            await channel.send(
                discord_render.inert(text)[:2000], allowed_mentions=discord.AllowedMentions.none()
            )
        except (discord.Forbidden, discord.NotFound, ValueError) as exc:
            log.warning("could not post a watch note to %s: %s", channel_id, exc)
            return watch_poster.Sent.REFUSED
        except (discord.HTTPException, OSError) as exc:
            log.warning("could not post a watch note to %s: %s", channel_id, exc)
            return watch_poster.Sent.RETRY
        return watch_poster.Sent.OK

    return send


async def _login(client: discord.Client, token: str) -> None:
    """Log in, or one clear line: a refused token or an unreachable Discord is not a traceback."""
    try:
        await client.login(token)
    except discord.LoginFailure:
        raise ConfigError(
            "Discord refused DISCORD_TOKEN: copy the bot token again (Developer Portal → Bot → Reset Token)."
        ) from None
    except (OSError, aiohttp.ClientError) as exc:
        raise ConfigError(f"Could not reach Discord to log in ({type(exc).__name__}).") from None


async def stop_or(work: Coroutine[Any, Any, None], stop: asyncio.Event) -> bool:
    """Run `work` unless `stop` is set first (then cancel it): True when the work finished."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        return False
    task.result()
    return True


async def fetch_application_id(settings: DiscordSettings) -> int:
    """The application's id, asked of Discord with the bot token (for the invite link)."""
    point_at(settings)
    client = discord.Client(intents=discord.Intents.none())
    async with client:
        await _login(client, settings.token)
        info = await client.application_info()
        return info.id
