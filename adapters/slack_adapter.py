"""The Slack adapter, on slack-bolt's AsyncApp: Slack events in, core requests out, replies back as Block Kit.

No matching or fact logic lives here: it decides who the user is (FACTBOT_ADMINS, workspace admins via
users.info), turns events and commands into core Requests, and renders Replies.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltRequest, AsyncRespond
from slack_bolt.context.respond.async_respond import AsyncRespond as ResponseUrl
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from factbot import health, slack_home, slack_render, watch_poster
from factbot.bot.domain import messages
from factbot.bot.domain.errors import BotError
from factbot.bot.domain.port import (
    AddFact,
    Ask,
    Command,
    DecideProposal,
    Feedback,
    Help,
    Leadership,
    Reply,
    ReplyKind,
    Request,
    ReviewProposals,
    Role,
)
from factbot.bot.usecases import parsing
from factbot.http_guard import HttpGuard, HttpLimits, start_server
from factbot.metrics import Metrics
from factbot.runner import CoreRunner
from factbot.slack_ops import CountingWebClient, SharedSeenEvents
from factbot.slack_threads import Threads, conversation_of

log = logging.getLogger("factbot.slack")

MAX_INPUT = 4000  # characters of a message we even look at
ROLE_BUDGET_SECONDS = 1.0  # /fact add: wait this long for users.info before opening the form regardless
SLACK_API_DEFAULT = "https://slack.com/api/"
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
# What a call to Slack can fail with once slack_sdk's retries are spent: API errors, dropped connections.
SEND_ERRORS = (SlackClientError, aiohttp.ClientError, OSError)
_APP_HELP = "See slack/manifest.yaml and the README's 'Run it in Slack' section."


class ConfigError(BotError):
    """A setting is missing or malformed; the message names it and where to get it."""


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str
    app_token: str | None = None  # Socket Mode
    signing_secret: str | None = None  # HTTP mode
    api_url: str = SLACK_API_DEFAULT
    admins: frozenset[str] = frozenset()

    @classmethod
    def from_env(cls, env: Mapping[str, str], http: bool, admins: frozenset[str]) -> SlackSettings:
        bot_token = _required(
            env, "SLACK_BOT_TOKEN", "xoxb-", "the app's Bot User OAuth Token (OAuth & Permissions)"
        )
        app_token = signing_secret = None
        if http:
            signing_secret = _required(
                env, "SLACK_SIGNING_SECRET", "", "the app's Signing Secret (Basic Information)"
            )
        else:
            app_token = _required(
                env,
                "SLACK_APP_TOKEN",
                "xapp-",
                "an app-level token with connections:write (Basic Information)",
            )
        api_url = env.get("SLACK_API_URL", "").strip() or SLACK_API_DEFAULT
        if not re.match(r"^https?://[^\s/]+", api_url):
            raise ConfigError(
                f"SLACK_API_URL must be an http(s) URL such as {SLACK_API_DEFAULT} (got something else, not shown: it may be a secret)."
            )
        if not api_url.endswith("/"):
            api_url += "/"
        return cls(bot_token, app_token, signing_secret, api_url, admins)


def _required(env: Mapping[str, str], name: str, prefix: str, what: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ConfigError(f"{name} is not set: it is {what}. {_APP_HELP}")
    if prefix and not value.startswith(prefix):
        raise ConfigError(f"{name} should start with {prefix!r}: it is {what}. {_APP_HELP}")
    return value


class SeenEvents:
    """Event ids already handled: Slack resends events it thinks failed, and one question gets one answer."""

    def __init__(self, size: int = 10_000, ttl_seconds: float = 3600):
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._size = size
        self._ttl = ttl_seconds

    def first_time(self, event_id: str) -> bool:
        now = time.monotonic()
        while self._seen and (
            len(self._seen) >= self._size or next(iter(self._seen.values())) < now - self._ttl
        ):
            self._seen.popitem(last=False)
        if event_id in self._seen:
            return False
        self._seen[event_id] = now
        return True


class Roles:
    """Who may change facts: FACTBOT_ADMINS (global), else workspace admins/owners per users.info."""

    def __init__(self, admins: frozenset[str], ttl_seconds: float = 300):
        self._admins = admins
        self._cache: dict[str, tuple[float, Role]] = {}
        self._ttl = ttl_seconds

    async def role(self, client: AsyncWebClient, user_id: str, team: str | None = None) -> Role:
        """A workspace admin is an admin of the request's own team only: an admin of their home team
        arriving through Slack Connect (users.info says another team) is a member here."""
        if user_id in self._admins or f"slack:{user_id}" in self._admins:
            return Role.GLOBAL_ADMIN
        key = f"{team}/{user_id}"
        cached = self._cache.get(key)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        try:
            info = await client.users_info(user=user_id)
            user = info.get("user") or {}
            admin = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
            home = user.get("team_id")
            if team is None or (home is not None and home != team):
                admin = False
            role = Role.WORKSPACE_ADMIN if admin else Role.MEMBER
        except SEND_ERRORS as exc:
            log.warning("users.info failed for %s (%s); treating as member", user_id, _api_error(exc))
            return Role.MEMBER
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[key] = (time.monotonic() + self._ttl, role)
        return role


def make_client(settings: SlackSettings, metrics: Metrics | None = None) -> AsyncWebClient:
    client = CountingWebClient(token=settings.bot_token, base_url=settings.api_url, metrics=metrics)
    # Slack's 429s say when to come back; dropped connections are worth one more try.
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    client.retry_handlers.append(AsyncConnectionErrorRetryHandler(max_retry_count=1))
    return client


def build_app(runner: CoreRunner, settings: SlackSettings, client: AsyncWebClient | None = None) -> AsyncApp:
    """The bolt app with every listener registered; serve it over HTTP or Socket Mode."""
    client = client or make_client(settings, runner.metrics)
    bolt_log = logging.getLogger("factbot.slack.bolt")
    bolt_log.addFilter(_quiet_client_warning)  # the same function object is added only once
    app = AsyncApp(
        client=client,
        signing_secret=settings.signing_secret or "",
        request_verification_enabled=settings.signing_secret is not None,
        logger=bolt_log,
    )
    shared_seen = SharedSeenEvents(runner)  # several workers on one fact base answer an event once
    local_seen = SeenEvents()  # if the fact base cannot be written, this process still drops its own repeats
    replayed = SeenEvents(ttl_seconds=600)  # longer than the 5 minutes a signature stays valid
    roles = Roles(settings.admins)
    threads = Threads()  # threads factbot answers in: follow-ups there need no mention

    @app.middleware
    async def drop_replayed_requests(
        req: AsyncBoltRequest, body: dict[str, Any], next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        """A signed command or click sent again byte for byte (same timestamp, same signature) is a
        replay, not a person: `/fact undo` must not run twice. Events are deduplicated by event_id."""
        signature = (req.headers.get("x-slack-signature") or [""])[0]
        if req.mode == "http" and "event_id" not in body and signature and not replayed.first_time(signature):
            log.warning(
                "slack request replayed: dropped",
                extra={"platform": "slack", "event": "replay", "outcome": "dropped"},
            )
            return BoltResponse(status=200, body="")
        await next()
        return None

    @app.middleware
    async def drop_resent_events(
        body: dict[str, Any], next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        event_id = body.get("event_id")
        if isinstance(event_id, str) and not await _first_time(shared_seen, local_seen, event_id):
            log.info(
                "slack event %s arrived again: already answered",
                event_id,
                extra={"platform": "slack", "event": "retry", "outcome": "dropped"},
            )
            return BoltResponse(status=200, body="")
        await next()
        return None

    def request(
        command: Command,
        user: str,
        team: str | None,
        channel: str | None,
        role: Role,
        conversation: str | None = None,
    ) -> Request:
        return Request(
            command=command,
            platform="slack",
            user_id=user,
            workspace_id=team,
            channel_id=channel,
            role=role,
            conversation=conversation,
        )

    async def post(channel: str, reply: Reply, thread_ts: str | None) -> None:
        if reply.silent:
            return  # rate-limited chatter: say nothing
        try:
            await client.chat_postMessage(
                channel=channel,
                thread_ts=thread_ts,
                text=slack_render.fallback_text(reply),
                blocks=slack_render.blocks(reply),
                unfurl_links=False,
                unfurl_media=False,
            )
        except SEND_ERRORS as exc:
            log.warning("could not post to %s: %s", channel, _api_error(exc))

    async def respond_with(
        respond: AsyncRespond,
        reply: Reply,
        in_channel: bool,
        thread_ts: str | None = None,
        replace: bool = False,
        blocks: list[dict[str, Any]] | None = None,
    ) -> bool:
        """Answer through the request's response_url (works where the bot is not a member); False if
        that failed, so the caller may try another way."""
        if reply.silent:
            return True
        visible = in_channel and not reply.ephemeral
        try:
            answer = await respond(
                text=slack_render.fallback_text(reply),
                blocks=blocks if blocks is not None else slack_render.blocks(reply),
                response_type="in_channel" if visible else "ephemeral",
                replace_original=replace,
                thread_ts=thread_ts if visible else None,
            )
        except (*SEND_ERRORS, ValueError) as exc:  # ValueError: the request had no response_url
            runner.metrics.api_error("slack:response_url")
            log.warning("could not respond: %s", _api_error(exc))
            return False
        if answer.status_code != 200:
            runner.metrics.api_error("slack:response_url")
            log.warning("response_url refused the answer: %s %s", answer.status_code, answer.body[:80])
            return False
        return True

    async def tell_in_place(channel: str, user: str, reply: Reply, thread_ts: str | None) -> None:
        """Only `user` sees it, where they asked (errors and "slow down" on mentions)."""
        if reply.silent:
            return
        try:
            await client.chat_postEphemeral(
                channel=channel,
                user=user,
                thread_ts=thread_ts,
                text=slack_render.fallback_text(reply),
                blocks=slack_render.blocks(reply),
            )
        except SEND_ERRORS as exc:
            log.warning("could not answer %s privately in %s: %s", user, channel, _api_error(exc))

    def team_of(body: dict[str, Any]) -> str | None:
        team = (
            body.get("team_id")
            or (body.get("team") or {}).get("id")
            or (body.get("user") or {}).get("team_id")
        )
        return str(team) if team else None

    @app.event("app_mention")
    @runner.in_flight.wrap
    async def on_mention(event: dict[str, Any], body: dict[str, Any]) -> None:
        if _from_a_bot(event):
            return
        text = _MENTION.sub(" ", str(event.get("text", ""))[:MAX_INPUT]).strip()
        command = _chat_command(text)
        thread = event.get("thread_ts") or event.get("ts")
        reply = await runner.handle(
            request(
                command,
                event.get("user", ""),
                team_of(body),
                event.get("channel"),
                Role.MEMBER,
                conversation_of(event),
            )
        )
        threads.add(str(event.get("channel")), str(thread))
        if reply.is_error or reply.kind == ReplyKind.LIMITED:
            await tell_in_place(event["channel"], event.get("user", ""), reply, event.get("thread_ts"))
            return
        await post(event["channel"], reply, thread)

    @app.event("message")
    @runner.in_flight.wrap
    async def on_message(event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("subtype") or _from_a_bot(event):
            return  # edits, joins and other bots' chatter are not questions
        in_dm = event.get("channel_type") == "im"
        text = str(event.get("text", ""))[:MAX_INPUT]
        if not in_dm and not threads.follow_up(event, text):
            return  # channel chatter outside factbot's threads (mentions arrive as app_mention)
        text = _MENTION.sub(" ", text).strip()
        reply = await runner.handle(
            request(
                _chat_command(text),
                event.get("user", ""),
                None if in_dm else team_of(body),
                event.get("channel"),
                Role.MEMBER,
                conversation_of(event),
            )
        )
        if not in_dm and not reply.answered and reply.kind != ReplyKind.CLARIFY:
            return  # "thanks!" or chatter in a thread: only answers and "who do you mean?" are posted
        await post(event["channel"], reply, event.get("thread_ts"))

    async def channel_answer(command: dict[str, Any], respond: AsyncRespond, what: Command) -> Reply:
        """/ask and /leadership: anyone may ask, and the answer is for the whole channel."""
        user, channel = command["user_id"], command.get("channel_id")
        # A person's /ask questions in one channel are one conversation ("/ask and before him?").
        who = request(
            what, user, command.get("team_id"), channel, Role.MEMBER, f"channel:{channel}:user:{user}"
        )
        reply = await runner.handle(who)
        await respond_with(respond, reply, in_channel=True)
        return reply

    @app.command("/ask")
    @runner.in_flight.wrap
    async def on_ask(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        await channel_answer(command, respond, Ask(str(command.get("text", ""))[:MAX_INPUT]))

    @app.command("/leadership")
    @runner.in_flight.wrap
    async def on_leadership(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        what = Leadership(str(command.get("text", ""))[:MAX_INPUT], picture=True)
        reply = await channel_answer(command, respond, what)
        await upload_picture(client, command.get("channel_id"), reply)

    @app.command("/fact")
    @runner.in_flight.wrap
    async def on_fact(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        text = str(command.get("text", ""))[:MAX_INPUT].strip()
        user = command["user_id"]
        if text.lower() == "add":
            await open_add_form(command, respond)
            return
        try:
            parsed = parsing.parse_fact(text)
        except BotError as exc:
            await respond_with(
                respond, Reply(text=str(exc), kind=ReplyKind.ERROR, ephemeral=True), in_channel=False
            )
            return
        role = await roles.role(client, user, command.get("team_id"))
        reply = await runner.handle(
            request(parsed, user, command.get("team_id"), command.get("channel_id"), role)
        )
        await respond_with(respond, reply, in_channel=False)
        await tell(reply)

    async def open_add_form(command: dict[str, Any], respond: AsyncRespond) -> None:
        """The trigger_id dies 3 s after the command: a quick users.info decides first; a slow one
        must not cost the form, so it is opened first and replaced by the refusal if need be."""
        user = command["user_id"]
        refusal = Reply(text=messages.NOT_ALLOWED_CHANGE, kind=ReplyKind.ERROR, ephemeral=True)
        lookup = asyncio.ensure_future(roles.role(client, user, command.get("team_id")))
        done, _ = await asyncio.wait({lookup}, timeout=ROLE_BUDGET_SECONDS)
        if lookup in done and lookup.result() == Role.MEMBER:
            await respond_with(respond, refusal, in_channel=False)
            return
        form = slack_render.add_fact_modal(command.get("channel_id", ""), command.get("response_url", ""))
        try:
            opened = await client.views_open(trigger_id=command["trigger_id"], view=form)
        except SEND_ERRORS as exc:
            log.warning("could not open the add form: %s", _api_error(exc))
            lookup.cancel()
            return
        if await lookup == Role.MEMBER:
            view_id = (opened.get("view") or {}).get("id")
            try:
                await client.views_update(view_id=view_id, view=slack_render.refusal_modal(refusal.text))
            except SEND_ERRORS as exc:
                log.warning("could not close the add form: %s", _api_error(exc))
            await respond_with(respond, refusal, in_channel=False)

    @app.view(slack_render.ADD_MODAL)
    @runner.in_flight.wrap
    async def on_add_submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        values = slack_render.modal_values(view)
        user = body["user"]["id"]
        role = await roles.role(client, user, team_of(body))
        cmd = AddFact(
            values["subject"],
            values["relation"],
            values["object"],
            start=values["since"] or None,
            source_url=values["source"],
        )
        channel, response_url = slack_render.form_origin(view.get("private_metadata", ""))
        reply = await runner.handle(request(cmd, user, team_of(body), channel, role))
        if reply.is_error:
            await ack(response_action="errors", errors={"subject": reply.text[:150]})
            return
        await ack()
        await confirm_privately(user, channel, reply, response_url)

    @app.action(re.compile(f"^{slack_render.SUGGEST_ACTION}_\\d+$"))
    @runner.in_flight.wrap
    async def on_suggestion(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        question = str(action.get("value", ""))[:MAX_INPUT]
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
        reply = await runner.handle(
            request(Ask(question), body["user"]["id"], team_of(body), channel, Role.MEMBER)
        )
        container = body.get("container") or {}
        thread = (
            container.get("thread_ts")
            or (body.get("message") or {}).get("thread_ts")
            or container.get("message_ts")
        )
        public = bool(channel) and not container.get("is_ephemeral")
        # response_url first: it works where the bot is not a member (a "did you mean" after /ask).
        if not await respond_with(respond, reply, in_channel=public, thread_ts=thread) and public:
            assert channel is not None
            await post(channel, reply, thread)

    async def confirm_privately(
        user: str, channel: str | None, reply: Reply, response_url: str | None = None
    ) -> None:
        """After a form: only the user sees it. Through the response_url of the command or click that
        opened the form, else ephemerally in its channel, else as a DM (which always reaches them)."""
        if response_url and await respond_with(ResponseUrl(response_url=response_url), reply, in_channel=False):
            return
        if channel:
            try:
                await client.chat_postEphemeral(
                    channel=channel,
                    user=user,
                    text=slack_render.fallback_text(reply),
                    blocks=slack_render.blocks(reply),
                )
                return
            except SEND_ERRORS as exc:
                log.warning("could not confirm to %s in %s: %s; sending a DM", user, channel, _api_error(exc))
        try:
            await client.chat_postMessage(channel=user, text=slack_render.fallback_text(reply))
        except SEND_ERRORS as exc:
            log.warning("could not confirm to %s: %s", user, _api_error(exc))

    async def tell(reply: Reply) -> None:
        """Let someone know privately (a proposer hears whether their proposal was taken)."""
        if reply.notify is None:
            return
        user, text = reply.notify
        try:
            await client.chat_postMessage(channel=user, text=slack_render.escape(text))
        except SEND_ERRORS as exc:
            log.warning("could not tell %s: %s", user, _api_error(exc))

    @app.action(re.compile(f"^{slack_render.DECIDE_ACTION}_(approve|reject)_\\d+$"))
    @runner.in_flight.wrap
    async def on_decision(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        user = body["user"]["id"]
        approve = "_approve_" in str(action.get("action_id", ""))
        value = str(action.get("value", ""))
        pid = int(value) if value.isascii() and value.isdigit() else 0
        role = await roles.role(client, user, team_of(body))
        channel = (body.get("channel") or {}).get("id")
        reply = await runner.handle(request(DecideProposal(pid, approve), user, team_of(body), channel, role))
        if reply.is_error:
            await respond_with(respond, reply, in_channel=False)  # the list and its buttons stay
            return
        # Decided: the message that carried the buttons now says so and lists only what is still pending.
        pending = await runner.handle(request(ReviewProposals(), user, team_of(body), channel, role))
        blocks = slack_render.blocks(reply)
        if pending.proposal_ids:
            blocks += slack_render.blocks(pending)
        await respond_with(respond, reply, in_channel=False, replace=True, blocks=blocks)
        await tell(reply)

    @app.action(slack_render.FEEDBACK_UP)
    @runner.in_flight.wrap
    async def on_thumbs_up(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        channel = (body.get("channel") or {}).get("id")
        vote = Feedback(_ids(action.get("value", "")), helpful=True)
        reply = await runner.handle(request(vote, body["user"]["id"], team_of(body), channel, Role.MEMBER))
        await respond_with(respond, reply, in_channel=False)

    @app.action(slack_render.FEEDBACK_DOWN)
    @runner.in_flight.wrap
    async def on_thumbs_down(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        channel = (body.get("channel") or {}).get("id") or ""
        try:
            await client.views_open(
                trigger_id=body["trigger_id"],
                view=slack_render.feedback_modal(
                    str(action.get("value", "")), channel, str(body.get("response_url") or "")
                ),
            )
        except SEND_ERRORS as exc:
            log.warning("could not open the feedback form: %s", _api_error(exc))

    @app.view(slack_render.FEEDBACK_MODAL)
    @runner.in_flight.wrap
    async def on_feedback_submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        await ack()
        meta = json.loads(view.get("private_metadata") or "{}")
        comment = (
            view.get("state", {}).get("values", {}).get("comment", {}).get("value", {}).get("value") or ""
        )
        user = body["user"]["id"]
        channel, response_url = slack_render.form_origin(view.get("private_metadata", ""))
        vote = Feedback(_ids(str(meta.get("ids", ""))), helpful=False, comment=comment)
        reply = await runner.handle(request(vote, user, team_of(body), channel, Role.MEMBER))
        await confirm_privately(user, channel, reply, response_url)

    slack_home.register(app, runner, client, roles.role)

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        log.error(
            "slack listener failed for a %s request", body.get("type") or body.get("command"), exc_info=error
        )

    return app


async def _first_time(shared: SharedSeenEvents, local: SeenEvents, event_id: str) -> bool:
    try:
        return await shared.first_time(event_id)
    except sqlite3.Error as exc:
        # A long write elsewhere (an import) or an unwritable file: answering must not wait for it.
        log.info("event dedupe through the fact base skipped (%s); deduplicating in this process only", exc)
        return local.first_time(event_id)


async def upload_picture(client: AsyncWebClient, channel: str | None, reply: Reply) -> None:
    """The timeline picture after the text answer, through Slack's external upload flow (files_upload_v2).
    A refused upload (no files:write, the bot not in the channel) is logged; the text answer stands."""
    if reply.image is None or reply.is_error or reply.silent or not channel:
        return
    try:
        await client.files_upload_v2(
            channel=channel,
            file=reply.image.data,
            filename=reply.image.filename,
            title=reply.image.title or reply.image.filename,
            alt_txt=reply.image.alt[:1000],
        )
    except SEND_ERRORS as exc:
        log.warning("could not upload the timeline picture to %s: %s", channel, _api_error(exc))


def channel_sender(client: AsyncWebClient) -> watch_poster.Send:
    """How watch notes and digests reach a Slack channel: plain text, escaped, no unfurling."""

    async def send(channel: str, text: str) -> watch_poster.Sent:
        try:
            await client.chat_postMessage(
                channel=channel, text=slack_render.escape(text), unfurl_links=False, unfurl_media=False
            )
        except SlackApiError as exc:
            log.warning("could not post a watch note to %s: %s", channel, _api_error(exc))
            return watch_poster.Sent.REFUSED
        except SEND_ERRORS as exc:
            log.warning("could not post a watch note to %s: %s", channel, _api_error(exc))
            return watch_poster.Sent.RETRY
        return watch_poster.Sent.OK

    return send


def _quiet_client_warning(record: logging.LogRecord) -> bool:
    """Bolt also reads SLACK_BOT_TOKEN itself and warns that our client wins; that is intended."""
    return not record.getMessage().startswith("As you gave `client` as well")


def _chat_command(text: str) -> Command:
    """A mention or DM is a question, unless it is 'leadership ORG' or 'help'."""
    try:
        command = parsing.parse_line(text)
    except BotError:
        return Ask(text)
    # Changing facts goes through /fact (where the user's rights are checked), not through chat.
    return command if isinstance(command, (Ask, Leadership, Help)) else Ask(text)


def _ids(value: str) -> tuple[int, ...]:
    """Fact ids a feedback button carries ('12,40'); junk is dropped (the core checks the rest)."""
    return tuple(int(p) for p in value.split(",")[:20] if p.strip().isascii() and p.strip().isdigit())


def _from_a_bot(event: dict[str, Any]) -> bool:
    return bool(event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message")


def _api_error(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error", "error"))
    return type(exc).__name__


def web_app(
    app: AsyncApp,
    runner: CoreRunner | None = None,
    guard: HttpGuard | None = None,
    checks: health.Health | None = None,
) -> web.Application:
    """HTTP mode: events, commands and interactions on POST /slack/events. With `checks` (the bots), also
    /healthz, /readyz, /livez and /metrics, the same JSON as the health port; without, GET /healthz says
    "ok", or "degraded: …" when the fact base cannot be written."""
    application = app.web_app(path="/slack/events")
    application.middlewares.append((guard or HttpGuard()).middleware)
    if checks is not None:
        health.add_routes(application, checks)
        return application

    async def healthz(_request: web.Request) -> web.Response:
        return web.Response(text=runner.health_text() if runner is not None else "ok")

    application.router.add_get("/healthz", healthz)
    return application


async def serve_http(
    app: AsyncApp,
    runner: CoreRunner,
    host: str,
    port: int,
    stop: asyncio.Event,
    limits: HttpLimits | None = None,
    signing_secret: str | None = None,
    checks: health.Health | None = None,
) -> None:
    """Serve HTTP mode until `stop` is set, then let answers in flight finish. With the signing secret,
    unsigned requests are refused before slack-bolt parses or logs them."""
    guard = HttpGuard(limits, signing_secret)
    web_runner = web.AppRunner(web_app(app, runner, guard, checks), shutdown_timeout=10)
    await web_runner.setup()
    server, bound = await start_server(web_runner.server, guard, host, port)  # type: ignore[arg-type]
    log.warning(
        "factbot listening for Slack on http://%s:%s/slack/events",
        host,
        bound,
        extra={"platform": "slack", "port": bound},
    )
    try:
        async with watch_poster.background(runner, "slack", channel_sender(app.client), os.environ):
            await stop.wait()
    finally:
        server.close()  # no new connections
        finished = await runner.in_flight.wait_idle(timeout=10)
        log.warning(
            "factbot stopping: %s",
            "answers in flight finished" if finished else "gave up waiting",
            extra={"platform": "slack"},
        )
        await web_runner.cleanup()


async def serve_socket_mode(
    app: AsyncApp,
    runner: CoreRunner,
    app_token: str,
    stop: asyncio.Event,
    handler: AsyncSocketModeHandler | None = None,
) -> None:
    """Connect out to Slack over Socket Mode (no public URL needed) until `stop` is set.

    The SDK retries a failing connection forever; a stop signal must still end the process promptly
    (docker stop, Ctrl-C), so connecting races the stop event."""
    handler = handler or AsyncSocketModeHandler(app, app_token)
    connecting = asyncio.ensure_future(_connect(handler, app.client, app_token))
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({connecting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not connecting.done():
            log.warning("factbot stopping before Slack answered", extra={"platform": "slack"})
            return
        connecting.result()
        log.warning("factbot connected to Slack over Socket Mode", extra={"platform": "slack"})
        async with watch_poster.background(runner, "slack", channel_sender(app.client), os.environ):
            await stopping
        await runner.in_flight.wait_idle(timeout=10)
    finally:
        stopping.cancel()
        connecting.cancel()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(handler.close_async(), 5)  # type: ignore[no-untyped-call]


# Answers that no retry will change: the token itself is wrong.
_REFUSED = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "not_allowed_token_type"}


async def _connect(handler: AsyncSocketModeHandler, client: AsyncWebClient, app_token: str) -> None:
    """Check both tokens once (the SDK would retry a refused token forever, logging a traceback each
    time), then connect. An unreachable Slack is left to the SDK's retries."""
    checks: tuple[tuple[str, Callable[[], Awaitable[Any]]], ...] = (
        ("SLACK_BOT_TOKEN", client.auth_test),
        ("SLACK_APP_TOKEN", lambda: client.apps_connections_open(app_token=app_token)),
    )
    for name, check in checks:
        try:
            await check()
        except SlackApiError as exc:
            if _api_error(exc) in _REFUSED:
                raise ConfigError(f"Slack refused {name} ({_api_error(exc)}). {_APP_HELP}") from None
            raise
        except (aiohttp.ClientError, OSError):
            break  # not reachable yet: the SDK keeps trying, and a stop signal still ends the wait
    await handler.connect_async()  # type: ignore[no-untyped-call]
