"""What the Discord adapter needs to run for months: the platform health check, failed REST calls counted
for /metrics, and slash commands synced only when the command tree changed (its hash is kept in the
fact base, so restarts and several deploys of one image do not re-sync)."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from typing import Any

import discord
from discord import app_commands

from factbot.health import Check
from factbot.metrics import Metrics
from factbot.runner import CoreRunner

log = logging.getLogger("factbot.discord")


def check(client: discord.Client) -> Check:
    """Connected when the gateway session is ready and its websocket (every shard's) is open."""
    if client.is_closed():
        return Check(False, "the client is closed")
    if not client.is_ready():
        return Check(False, "the gateway session is not ready")
    if isinstance(client, discord.AutoShardedClient):
        closed = [i for i, shard in client.shards.items() if shard.is_closed()]
        if closed:
            return Check(False, f"shard(s) {closed} disconnected")
    elif client.ws is None or not client.ws.open:
        return Check(False, "the gateway websocket is closed (reconnecting)")
    return Check(True, f"gateway ready in {len(client.guilds)} guild(s)")


def count_errors(client: discord.Client, metrics: Metrics) -> None:
    """Count every REST call that fails (after discord.py's own retries) as a platform API error."""
    http = client.http
    request = http.request

    async def counted(route: discord.http.Route, **kwargs: Any) -> Any:
        try:
            return await request(route, **kwargs)
        except discord.HTTPException:
            metrics.api_error(f"discord:{route.method} {route.path}")
            raise

    http.request = counted  # type: ignore[method-assign]


def tree_hash(tree: app_commands.CommandTree[Any], guild: discord.abc.Snowflake | None, app_id: int | None) -> str:
    """A digest of exactly what `tree.sync(guild=guild)` would send, and where."""
    payload = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    target = {"application": app_id, "guild": guild.id if guild is not None else None}
    raw = json.dumps({"target": target, "commands": payload}, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


async def sync_if_changed(
    tree: app_commands.CommandTree[Any],
    runner: CoreRunner,
    guild: discord.abc.Snowflake | None,
    app_id: int | None,
    force: bool = False,
) -> bool:
    """Sync the slash commands when they differ from the last sync recorded in the fact base (or when
    forced: `factbot discord sync`); True when a sync was sent."""
    store = runner.core.store
    key = f"discord.commands.{app_id}.{guild.id if guild is not None else 'global'}"
    digest = tree_hash(tree, guild, app_id)
    if not force and await runner.call(store.runtime_setting, key) == digest:
        log.info("slash commands unchanged since the last sync; not syncing", extra={"platform": "discord"})
        return False
    await tree.sync(guild=guild)
    try:
        await runner.call(store.set_runtime_setting, key, digest)
    except sqlite3.Error as exc:
        log.warning("could not remember the synced command tree (%s): the next start syncs again", exc)
    log.warning(
        "slash commands synced %s", f"to guild {guild.id}" if guild else "globally", extra={"platform": "discord"}
    )
    return True
