"""A long run in miniature: mixed questions, commands and clicks through the real Slack and Discord
adapters (slack-bolt over HTTP, discord.py over its gateway and REST) against the local fakes, with the
process's memory and what it holds sampled along the way. Flat after warm-up is the goal.

    python3 bench/soak.py [--ops 10000] [--every 1000] [--batch 20] [--conversation-ttl SECONDS]

Each sample prints: operations so far, RSS (MB), asyncio tasks, views discord.py holds, threads, objects
tracked by the garbage collector, event ids remembered for dedupe, conversations the core remembers for
follow-ups (kept 15 minutes, at most 10,000: within a short soak they only grow), and time. The fakes' own logs of what
they received are emptied after each batch (they are the test harness, not the bot).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factbot import discord_adapter, slack_adapter, slack_render  # noqa: E402
from factbot.bot.settings import LimitSettings  # noqa: E402
from factbot.bot.storage.store import Store  # noqa: E402
from factbot.bot.usecases.conversation import Conversations  # noqa: E402
from factbot.bot.usecases.dispatch import Core  # noqa: E402
from factbot.discord_adapter import DiscordSettings, Factbot  # noqa: E402
from factbot.limits import Admission, Limiter  # noqa: E402
from factbot.runner import CoreRunner  # noqa: E402
from factbot.slack_adapter import SlackSettings  # noqa: E402
from tests.fakes import discord as fake_discord  # noqa: E402
from tests.fakes import slack as fake_slack  # noqa: E402

SECRET = "soak-secret"
QUESTIONS = [
    "who runs openai",
    "who's running stabilty ai now?",
    "who founded anthropic",
    "ceo of mistral",
    "who is the ceo of google brain",  # unsure: "did you mean" buttons
    "who heads deepmind",
    "who was ceo of stability ai in 2023",
    "what's the weather",  # out of scope
]


@dataclass(frozen=True)
class Sample:
    ops: int
    rss_mb: float
    tasks: int
    views: int
    threads: int
    objects: int
    events: int
    conversations: int
    seconds: float


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def held_views(client: Any) -> int:
    store = client._connection._view_store
    return len(client.persistent_views) + len(store._synced_message_views) + len(store._views)


class Soak:
    """Both adapters on one fact base, driven batch by batch; every operation produces exactly one reply."""

    def __init__(self, db: Path, conversation_ttl: float | None = None) -> None:
        self.db = db
        self.conversation_ttl = conversation_ttl  # None: the core's own (15 minutes)

    async def run(self, total: int, every: int, batch: int, report: Callable[[Sample], None]) -> list[Sample]:
        samples: list[Sample] = []
        async with fake_slack.FakeSlack() as slack, fake_discord.FakeDiscord() as disc:
            with fake_discord.point_discord_at(disc):
                store = Store(self.db)
                limits = LimitSettings(per_minute=1e6, burst=1_000_000, repeat_cooldown=0)
                runner = CoreRunner(Core(store), Admission(Limiter(limits)))
                if self.conversation_ttl is not None:
                    runner.core.services.conversations = Conversations(ttl_seconds=self.conversation_ttl)
                bolt = slack_adapter.build_app(
                    runner, SlackSettings(bot_token="xoxb-soak", signing_secret=SECRET, api_url=slack.base_url)
                )
                bot = Factbot(
                    runner,
                    DiscordSettings(
                        token="soak", guild_id=int(fake_discord.GUILD_ID), api_url=disc.api_base,
                        gateway_url=disc.gateway_url,
                    ),
                    guild_ready_timeout=0.05,
                )  # fmt: skip
                connection = asyncio.create_task(discord_adapter.run(bot))
                await asyncio.wait_for(bot.ready.wait(), 10)
                try:
                    async with fake_slack.serve(slack_adapter.web_app(bolt)) as url, aiohttp.ClientSession() as http:
                        self.slack, self.disc, self.http, self.url = slack, disc, http, url
                        self.counter = itertools.count()
                        started = time.perf_counter()
                        ops = 0
                        next_sample = every
                        while ops < total:
                            n = min(batch, total - ops, next_sample - ops)
                            await self._batch(n)
                            ops += n
                            if ops in (next_sample, total):
                                next_sample += every
                                gc.collect()
                                sample = Sample(
                                    ops=ops,
                                    rss_mb=round(rss_mb(), 1),
                                    tasks=len(asyncio.all_tasks()),
                                    views=held_views(bot.client),
                                    threads=threading.active_count(),
                                    objects=len(gc.get_objects()),
                                    events=store.events_remembered(),
                                    conversations=len(runner.core.services.conversations),
                                    seconds=round(time.perf_counter() - started, 1),
                                )
                                samples.append(sample)
                                report(sample)
                finally:
                    await bot.client.close()
                    await asyncio.wait_for(connection, 10)
                    runner.close()
                    store.close()
        return samples

    # -- one batch ---------------------------------------------------------------------------------------

    def _replies(self) -> int:
        slack = sum(
            1 for c in self.slack.calls if c.method in ("chat.postMessage", "chat.postEphemeral", "respond")
        )
        disc = sum(
            1
            for c in self.disc.calls
            if c.method == "POST" and c.path.startswith(("/interactions/", "/channels/", "/webhooks/"))
        )
        return slack + disc

    async def _batch(self, n: int) -> None:
        before = self._replies()
        ops: list[Awaitable[None]] = [self._one(next(self.counter)) for _ in range(n)]
        await asyncio.gather(*ops)
        deadline = time.monotonic() + 60  # generous: a loaded CI machine
        while self._replies() < before + n:
            if time.monotonic() > deadline:
                raise RuntimeError(f"only {self._replies() - before} of {n} replies arrived")
            await asyncio.sleep(0.005)
        # The fakes record everything they see; empty them (they are the harness, not the bot).
        self.slack.clear()
        self.disc.calls.clear()
        self.disc.messages.clear()
        self.disc.interactions.clear()
        self.disc.sent_frames.clear()
        self.disc.received_frames.clear()
        self.disc._responded.clear()
        self.disc._originals.clear()

    async def _one(self, i: int) -> None:
        question = QUESTIONS[i % len(QUESTIONS)]
        user = f"{1 + i % 300}"
        kind = i % 10
        if kind == 0:
            await self._slack_event(fake_slack.app_mention(question, user=f"U{user}", ts=f"1700000000.{i:06d}"), i)
        elif kind == 1:
            await self._slack_event(fake_slack.dm_message(question, user=f"U{user}", channel=f"D{user}"), i)
        elif kind == 2:
            body = fake_slack.slash_command_body(  # a fresh trigger_id each time, as Slack sends
                "/ask", question, user_id=f"U{user}", response_url=self.slack.response_url("soak"), trigger_id=f"T.{i}"
            )
            await self._slack_post(body)
        elif kind == 3:
            action = fake_slack.block_action_body(
                f"{slack_render.SUGGEST_ACTION}_0",
                "Who is the CEO of Google?",
                user_id=f"U{user}",
                response_url=self.slack.response_url("soak"),
                trigger_id=f"T.{i}",
            )
            await self._slack_post(action)
        elif kind == 4:
            up = fake_slack.block_action_body(
                slack_render.FEEDBACK_UP,
                "2",
                user_id=f"U{user}",
                response_url=self.slack.response_url("soak"),
                trigger_id=f"T.{i}",
            )
            await self._slack_post(up)
        elif kind == 5:
            await self._discord("INTERACTION_CREATE", self.disc.interaction("ask", {"question": question}, user_id=user))
        elif kind == 6:
            text = f"<@{fake_discord.BOT_USER_ID}> {question}"
            message = self.disc.message_create(text, author_id=user, mentions=[fake_discord.BOT_USER_ID])
            await self._discord("MESSAGE_CREATE", message)
        elif kind == 7:
            await self._discord(
                "INTERACTION_CREATE",
                self.disc.interaction("leadership", kind=4, focused="organization", options={"organization": "sta"}),
            )
        elif kind == 8:
            click = self.disc.component_interaction("factbot:ask:Who is the CEO of Google?", user_id=user)
            await self._discord("INTERACTION_CREATE", click)
        else:
            click = self.disc.component_interaction("factbot:fb:up:2", user_id=user)
            await self._discord("INTERACTION_CREATE", click)

    async def _slack_event(self, event: dict[str, Any], i: int) -> None:
        body = json.dumps(fake_slack.event_callback(event, event_id=f"EvSoak{i}")).encode()
        await self._slack_post(body)

    async def _slack_post(self, body: bytes) -> None:
        headers = fake_slack.signed_headers(SECRET, body)
        async with self.http.post(f"{self.url}/slack/events", data=body, headers=headers) as resp:
            await resp.read()
            if resp.status != 200:
                raise RuntimeError(f"slack answered {resp.status}")

    async def _discord(self, event: str, payload: dict[str, Any]) -> None:
        await self.disc.dispatch(event, payload)


def soak(
    db: Path,
    total: int,
    every: int,
    batch: int = 20,
    report: Callable[[Sample], None] = print,
    conversation_ttl: float | None = None,
) -> list[Sample]:
    return asyncio.run(Soak(db, conversation_ttl).run(total, every, batch, report))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ops", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument(
        "--conversation-ttl",
        type=float,
        help="seconds the core remembers a conversation (default: its own 15 minutes, longer than a soak; "
        "a few seconds shows the plateau a long run reaches)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "facts.db"
        shutil.copyfile(ROOT / "facts.db", db)
        print(f"{'ops':>6} {'rss MB':>7} {'tasks':>5} {'views':>5} {'threads':>7} {'gc objects':>10} "
              f"{'events':>6} {'convs':>5} {'s':>6}")  # fmt: skip

        def show(s: Sample) -> None:
            print(f"{s.ops:>6} {s.rss_mb:>7} {s.tasks:>5} {s.views:>5} {s.threads:>7} {s.objects:>10} "
                  f"{s.events:>6} {s.conversations:>5} {s.seconds:>6}", flush=True)  # fmt: skip

        samples = soak(db, args.ops, args.every, args.batch, show, args.conversation_ttl)
    warm = [s for s in samples if s.ops > args.ops // 5] or samples
    print(
        f"after warm-up: RSS {min(s.rss_mb for s in warm)}–{max(s.rss_mb for s in warm)} MB, "
        f"tasks {min(s.tasks for s in warm)}–{max(s.tasks for s in warm)}, "
        f"views held {max(s.views for s in samples)} at most"
    )


if __name__ == "__main__":
    main()
