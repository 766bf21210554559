"""Asking from where people already are in Slack: the App Home tab and the "Ask factbot about this message"
message shortcut. Registered on the bolt app by slack_adapter.build_app with one call.

First open: Slack sends `app_home_opened` with a `view` only once a Home view was published for that user,
so a Home event without one is the user's first visit (or the first since the app was reinstalled). The
welcome is shown then; Slack keeps that state, so neither the fact base nor memory has to.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from factbot import slack_render
from factbot.bot.domain import messages
from factbot.bot.domain.port import (
    AboutText,
    Command,
    Gaps,
    RecentChanges,
    Reply,
    Request,
    ReviewProposals,
    Role,
)
from factbot.runner import CoreRunner

log = logging.getLogger("factbot.slack")

SHORTCUT = "factbot_about_message"  # callback_id in slack/manifest*.yaml (features.shortcuts)
MAX_INPUT = 4000
HOME_BLOCKS = 100  # Slack's limit for a Home view
SEND_ERRORS = (SlackClientError, aiohttp.ClientError, OSError)


def register(
    app: AsyncApp,
    runner: CoreRunner,
    client: AsyncWebClient,
    role_of: Callable[[AsyncWebClient, str, str | None], Awaitable[Role]],
) -> None:
    def request(command: Command, user: str, team: str | None, channel: str | None, role: Role) -> Request:
        return Request(
            command=command, platform="slack", user_id=user, workspace_id=team, channel_id=channel, role=role
        )

    @app.event("app_home_opened")
    @runner.in_flight.wrap
    async def on_home_opened(event: dict[str, Any], body: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return  # the Messages tab is a DM: questions there are answered as DMs
        user = str(event.get("user", ""))
        team = body.get("team_id")
        role = await role_of(client, user, team)
        recent = await runner.handle(request(RecentChanges(), user, team, None, Role.MEMBER))
        admin: list[tuple[str, Reply]] = []
        if role >= Role.WORKSPACE_ADMIN:
            pending = await runner.handle(request(ReviewProposals(), user, team, None, role))
            gaps = await runner.handle(request(Gaps(), user, team, None, role))
            admin += [("Proposals waiting for you", pending), ("Questions I could not answer", gaps)]
        view = home_view(first_visit="view" not in event, recent=recent, admin=admin)
        try:
            await client.views_publish(user_id=user, view=view)
        except SEND_ERRORS as exc:  # a Home that fails to publish must not take the bot down
            log.warning("could not publish the Home tab for %s: %s", user, type(exc).__name__)

    @app.shortcut(SHORTCUT)
    @runner.in_flight.wrap
    async def on_about_message(ack: AsyncAck, shortcut: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        message = shortcut.get("message") or {}
        text = str(message.get("text", ""))[:MAX_INPUT]
        user = str((shortcut.get("user") or {}).get("id", ""))
        team = (shortcut.get("team") or {}).get("id") or (shortcut.get("user") or {}).get("team_id")
        channel = (shortcut.get("channel") or {}).get("id")
        reply = await runner.handle(request(AboutText(text), user, team, channel, Role.MEMBER))
        if reply.silent:
            return
        try:
            # The response_url answers privately in any conversation, even one factbot is not a member of.
            await respond(
                text=slack_render.fallback_text(reply),
                blocks=_without_buttons(slack_render.blocks(reply)),
                response_type="ephemeral",
                replace_original=False,
            )
        except SEND_ERRORS as exc:  # logged, never fatal
            log.warning("could not answer the message shortcut: %s", type(exc).__name__)


def home_view(first_visit: bool, recent: Reply, admin: list[tuple[str, Reply]]) -> dict[str, Any]:
    """The Home tab: a welcome on the first visit, examples, recent leadership changes, admin work."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": messages.HOME_TITLE[:150]}}
    ]
    if first_visit:
        blocks.append(_section(messages.WELCOME))
    examples = "\n".join(f"• {q}" for q in messages.HOME_EXAMPLES)
    blocks.append(_section(f"Try asking (mention me, DM me, or /ask):\n{examples}"))
    blocks.append(_section(messages.PLATFORM_HELP["slack"]))
    blocks.append({"type": "divider"})
    for title, reply in [("Recent leadership changes", recent), *admin]:
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": title[:150]}})
        blocks += _without_buttons(slack_render.blocks(reply))
    return {"type": "home", "blocks": blocks[:HOME_BLOCKS]}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "plain_text", "text": slack_render.escape(text)[:3000]}}


def _without_buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Buttons answer through a message's response_url, which Home views and shortcut replies lack."""
    return [b for b in blocks if b.get("type") != "actions"]
