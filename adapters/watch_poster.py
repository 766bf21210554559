"""The long-running bots' background work: posting watch notes and weekly digests from the outbox, and
the daily Wikidata sync (FACTBOT_WIKIDATA_SYNC=daily).

Collecting and marking run on the core's worker thread (CoreRunner.call); posting goes through a `Send`
the platform adapter supplies. A note is marked delivered as soon as the platform took it, so a restart
never posts it again; a refused post (the bot is not in that channel any more) is given up, logged, and
not retried forever; a network failure is retried at the next poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from factbot.bot.domain.errors import BadArgument
from factbot.bot.usecases import watches
from factbot.runner import CoreRunner

log = logging.getLogger("factbot.watches")

POLL_SECONDS = 30.0
SYNC_JOB = "wikidata_sync"


class Sent(enum.Enum):
    OK = "ok"
    REFUSED = "refused"  # the platform said no for good (no such channel, not allowed): give up on it
    RETRY = "retry"  # a network problem: try again at the next poll


Send = Callable[[str, str], Awaitable[Sent]]  # (channel id, one line of text)


def utc_now() -> datetime:
    return datetime.now(UTC)


class WatchPoster:
    """Collects new notes into the outbox and posts this platform's undelivered ones."""

    def __init__(
        self,
        runner: CoreRunner,
        platform: str,
        send: Send,
        clock: Callable[[], datetime] = utc_now,
        daily_sync: DailySync | None = None,
    ):
        self.runner = runner
        self.platform = platform
        self.send = send
        self.clock = clock
        self.daily_sync = daily_sync

    async def poll_once(self, now: datetime | None = None) -> int:
        """One round: collect, post, mark. Returns how many notes were posted."""
        now = now or self.clock()
        store = self.runner.core.store
        await self.runner.call(watches.collect, store, now)
        posted = 0
        for item in await self.runner.call(watches.pending, store, self.platform):
            outcome = await self.send(item.channel_id, item.text)
            if outcome is Sent.RETRY:
                break  # the platform is unreachable: keep the order, try again next time
            if outcome is Sent.REFUSED:
                log.warning("gave up on a note for channel %s: the platform refused it", item.channel_id)
            else:
                posted += 1
            await self.runner.call(watches.delivered, store, [item.id])
        return posted

    async def run(self, stop: asyncio.Event, interval: float = POLL_SECONDS) -> None:
        """Poll until `stop` is set; one failing round is logged and the next one tried."""
        while not stop.is_set():
            try:
                await self.poll_once()
                if self.daily_sync is not None:
                    await self.daily_sync.run_if_due(self.clock())
            except Exception:
                log.exception("watch notes: a polling round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)


class DailySync:
    """The Wikidata sync once a day, in a thread with its own connection to the fact base, so questions
    are answered meanwhile. The last run is stored, so a restart does not sync again the same day."""

    def __init__(self, runner: CoreRunner, sync: Callable[[], Any], every: timedelta = timedelta(days=1)):
        self.runner = runner
        self.sync = sync
        self.every = every

    async def run_if_due(self, now: datetime) -> bool:
        store = self.runner.core.store
        last = await self.runner.call(store.last_run, SYNC_JOB)
        if last is not None and datetime.fromisoformat(last) + self.every > now:
            return False
        await self.runner.call(store.record_run, SYNC_JOB, now.isoformat())
        report = await asyncio.to_thread(self.sync)
        log.warning("wikidata sync: %s", getattr(report, "summary", lambda: report)())
        return True


def wikidata_sync_from_env(env: Mapping[str, str], runner: CoreRunner) -> DailySync | None:
    """FACTBOT_WIKIDATA_SYNC=daily turns the daily sync on; off (the default) leaves it out."""
    mode = env.get("FACTBOT_WIKIDATA_SYNC", "").strip().lower() or "off"
    if mode == "off":
        return None
    if mode != "daily":
        raise BadArgument(f"FACTBOT_WIKIDATA_SYNC must be daily or off (got {mode[:20]!r}).")
    from factbot.bot.ingest import wikidata_sync
    from factbot.bot.storage.store import Store
    from factbot.wikidata_client import WikidataClient

    client = WikidataClient.from_env(env)
    path = runner.core.store.path

    def sync() -> wikidata_sync.SyncReport:
        store = Store(path)  # this thread's own connection; SQLite (WAL) lets the bot go on answering
        try:
            return wikidata_sync.sync(store, client)
        finally:
            store.close()

    return DailySync(runner, sync)


@contextlib.asynccontextmanager
async def background(
    runner: CoreRunner, platform: str, send: Send, env: Mapping[str, str]
) -> AsyncIterator[WatchPoster]:
    """Run the poster (and the daily sync, if configured) while the block runs."""
    poster = WatchPoster(runner, platform, send, daily_sync=wikidata_sync_from_env(env, runner))
    raw = env.get("FACTBOT_WATCH_POLL_SECONDS", "").strip()
    try:
        interval = float(raw) if raw else POLL_SECONDS
    except ValueError:
        raise BadArgument(f"FACTBOT_WATCH_POLL_SECONDS must be a number (got {raw[:20]!r}).") from None
    done = asyncio.Event()
    task = asyncio.create_task(poster.run(done, max(interval, 1.0)))
    try:
        yield poster
    finally:
        done.set()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(task, 5)
