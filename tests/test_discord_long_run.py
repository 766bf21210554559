"""The Discord adapter over a long run (issue 12): no views held, honest health, commands synced only when
they changed, errors after a public deferral kept private, failed REST calls counted."""

from __future__ import annotations

import asyncio
import os
import stat
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest

from factbot import discord_adapter, discord_ops, health
from factbot.bot.domain.port import Reply, ReplyKind, Request
from tests.fakes.discord import APPLICATION_ID, GUILD_ID, FakeDiscord, point_discord_at
from tests.test_discord import Bot, description, running


@asynccontextmanager
async def started(db_path: Path) -> AsyncIterator[tuple[FakeDiscord, Bot]]:
    async with FakeDiscord() as fake:
        with point_discord_at(fake):
            async with running(fake, db_path) as bot:
                yield fake, bot


def held_views(client: discord.Client) -> int:
    """Views discord.py keeps for dispatch: the public count plus the store's per-message table."""
    store = client._connection._view_store
    return len(client.persistent_views) + len(store._synced_message_views) + len(store._views)


def checks(bot: Bot) -> health.Health:
    async def platform() -> health.Check:
        from factbot import discord_ops

        return discord_ops.check(bot.factbot.client)

    return health.Health(bot.factbot.runner, platform)


@pytest.mark.asyncio
async def test_a_long_run_of_answers_and_clicks_holds_no_views(db_path: Path) -> None:
    async with started(db_path) as (_, bot):
        with_buttons = 0
        for i in range(12):
            answered = await bot.interact("ask", {"question": "who runs openai"}, user_id=str(100 + i))
            unsure = await bot.interact("ask", {"question": "who is the ceo of google brain"})
            with_buttons += bool(answered["data"].get("components")) + bool(unsure["data"].get("components"))
            custom_id = unsure["data"]["components"][0]["components"][0]["custom_id"]
            before = len(bot.fake.calls_to("POST", "/interactions/"))
            await bot.fake.dispatch("INTERACTION_CREATE", bot.fake.component_interaction(custom_id))
            clicked = await bot.fake.wait_for("POST", "/interactions/", count=before + 1)
            assert description(clicked[before].json).startswith("Sundar Pichai")
            await bot.mention(f"who founded anthropic {i}")
        assert with_buttons == 24  # every reply carried its buttons…
        assert held_views(bot.factbot.client) == 0  # …and not one view is kept for them


@pytest.mark.asyncio
async def test_commands_are_synced_once_then_only_when_changed_or_asked(db_path: Path) -> None:
    path = f"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands"
    async with started(db_path) as (fake, bot):
        assert len(fake.calls_to("PUT", path)) == 1
    async with started(db_path) as (fake, bot):  # a restart with the same commands: no sync
        assert fake.calls_to("PUT", path) == []
        tree = bot.factbot.tree

        @tree.command(name="extra", description="a new command")
        async def extra(interaction: discord.Interaction) -> None:
            pass

        assert await bot.factbot.sync_commands()  # the tree changed: synced
        assert len(fake.calls_to("PUT", path)) == 1
        assert not await bot.factbot.sync_commands()
        assert await bot.factbot.sync_commands(force=True)  # `factbot discord sync`
        assert len(fake.calls_to("PUT", path)) == 2


@pytest.mark.asyncio
async def test_discord_sync_command_syncs_and_exits(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factbot import cli

    async with FakeDiscord() as fake:
        env = {
            "DISCORD_TOKEN": "fake-token",
            "DISCORD_GUILD_ID": GUILD_ID,
            "DISCORD_API_URL": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        loop = asyncio.get_running_loop()
        with point_discord_at(fake):
            code = await loop.run_in_executor(None, cli.main, ["discord", "sync", "--db", str(db_path)])
        assert code == 0
        assert len(fake.calls_to("PUT", f"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands")) == 1
        assert fake.connections == 0  # synced over REST only; never went online


@pytest.mark.asyncio
async def test_an_error_after_a_public_deferral_is_shown_only_to_the_asker(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with started(db_path) as (fake, bot):
        release = threading.Event()

        def failing(request: Request) -> Reply:
            release.wait(timeout=10)
            return Reply(text="Sorry, that did not work.", kind=ReplyKind.ERROR, ephemeral=True)

        monkeypatch.setattr(discord_adapter, "ANSWER_BUDGET_SECONDS", 0.05)
        bot.core.handle = failing  # type: ignore[method-assign]
        await fake.dispatch("INTERACTION_CREATE", fake.interaction("ask", {"question": "who runs openai"}))
        [deferred] = await fake.wait_for("POST", "/interactions/")
        assert deferred.json == {"type": 5}  # public "thinking…" for a public command
        release.set()
        [removed] = await fake.wait_for("DELETE", f"/webhooks/{APPLICATION_ID}/")
        assert removed.path.endswith("/messages/@original")
        [followup] = await fake.wait_for("POST", f"/webhooks/{APPLICATION_ID}/")
        assert followup.json["flags"] & 64  # ephemeral: only the asker sees the error
        assert description(followup.json) == "Sorry, that did not work."


async def _get(url: str) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as http, http.get(url) as resp:
        return resp.status, await resp.json()


@pytest.mark.asyncio
async def test_health_follows_the_gateway_and_the_fact_base(db_path: Path) -> None:
    async with started(db_path) as (fake, bot):
        probe = checks(bot)
        async with health.serving(probe, 0, host="127.0.0.1") as port:
            status, report = await _get(f"http://127.0.0.1:{port}/healthz")
            assert status == 200 and report["status"] == "ok", report
            assert report["platform"]["connected"] and report["database"]["writable"]

            # The fact base turns read-only: answers go on, so "degraded", not down.
            os.chmod(db_path, stat.S_IRUSR)
            bot.store.db.execute("PRAGMA query_only = ON")  # root ignores file modes; this does not
            await asyncio.sleep(health.CACHE_SECONDS)
            status, report = await _get(f"http://127.0.0.1:{port}/readyz")
            assert status == 200 and report["status"] == "degraded", report
            assert report["database"] == {**report["database"], "readable": True, "writable": False}
            bot.store.db.execute("PRAGMA query_only = OFF")
            os.chmod(db_path, stat.S_IRUSR | stat.S_IWUSR)

            # The gateway goes away and cannot come back: down.
            fake.resumable = False
            await fake.stop()
            await asyncio.sleep(health.CACHE_SECONDS)
            status, report = await _get(f"http://127.0.0.1:{port}/healthz")
            assert status == 503 and report["status"] == "down", report
            assert not report["platform"]["connected"]


@pytest.mark.asyncio
async def test_metrics_count_questions_answers_abstentions_and_api_errors(db_path: Path) -> None:
    async with started(db_path) as (fake, bot):
        await bot.interact("ask", {"question": "who runs openai"})
        await bot.interact("ask", {"question": "who is the ceo of google brain"})
        fake.fail_next("/interactions/", 400, {"message": "Unknown interaction", "code": 10062})
        await bot.fake.dispatch("INTERACTION_CREATE", fake.interaction("ask", {"question": "who runs openai"}))
        await fake.wait_for("POST", "/interactions/", count=3)
        async with health.serving(checks(bot), 0, host="127.0.0.1") as port:
            for _ in range(50):  # the failed callback is counted once discord.py has given up on it
                async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/metrics") as resp:
                    text = await resp.text()
                    assert resp.headers["Content-Type"].startswith("text/plain")
                if "factbot_platform_api_errors_total{" in text:
                    break
                await asyncio.sleep(0.02)
        values = _samples(text)
        assert values["factbot_questions_total"] == 3
        assert values["factbot_answered_total"] == 2
        assert values["factbot_abstained_total"] == 1
        assert values["factbot_request_seconds_count"] == 3
        errors = [v for k, v in values.items() if k.startswith("factbot_platform_api_errors_total{")]
        assert errors == [1.0]


def _samples(text: str) -> dict[str, float]:
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            out[name] = float(value)
    return out


@pytest.mark.asyncio
async def test_a_stop_during_a_reconnect_backoff_ends_at_once(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """discord.py sleeps out its reconnect backoff before it checks for a close; a SIGTERM must not wait."""
    monkeypatch.setattr(discord.backoff.ExponentialBackoff, "delay", lambda self: 60.0)
    stop = asyncio.Event()
    async with FakeDiscord() as fake:
        with point_discord_at(fake):
            async with running(fake, db_path, stop=stop) as bot:
                fake.resumable = False
                await fake.stop()
                for _ in range(100):  # until the gateway's loss is seen and the backoff sleep begins
                    if not discord_ops.check(bot.factbot.client).ok:
                        break
                    await asyncio.sleep(0.02)
                await asyncio.sleep(0.2)
                stop.set()
                await asyncio.wait_for(bot.task, 4)
