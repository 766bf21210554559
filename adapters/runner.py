"""Running the synchronous core from an adapter's event loop, and knowing what is still in flight.

The core answers in well under a millisecond, but one slow moment (a disk hiccup, a big undo) must never
hold up a platform's 3-second acknowledgement or the websocket heartbeat. So calls go to a worker thread:
the loop stays free, and each core's SQLite connection is only ever used by its own thread. Reports that
read a lot (stale facts, gaps, searches, the review queue) go to a second worker with its own core and
connection when one is given, so questions keep flowing while an admin's report runs.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import signal
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from factbot.bot.domain.health import HealthStatus
from factbot.bot.domain.port import Gaps, Reply, Request, ReviewProposals, SearchFacts, StaleFacts
from factbot.bot.usecases.dispatch import Core
from factbot.limits import Admission

if TYPE_CHECKING:
    from factbot.metrics import Metrics

log = logging.getLogger("factbot.events")
P = ParamSpec("P")
T = TypeVar("T")


class InFlight:
    """Counts handlers still working, so a shutdown can let them finish their answers."""

    def __init__(self) -> None:
        self._count = 0
        self._idle: asyncio.Event | None = None

    def _event(self) -> asyncio.Event:
        if self._idle is None:
            self._idle = asyncio.Event()
            self._idle.set()
        return self._idle

    @asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        self._count += 1
        self._event().clear()
        try:
            yield
        finally:
            self._count -= 1
            if self._count == 0:
                self._event().set()

    def wrap(self, handler: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, Coroutine[Any, Any, T]]:
        @functools.wraps(handler)
        async def tracked(*args: P.args, **kwargs: P.kwargs) -> T:
            async with self.track():
                return await handler(*args, **kwargs)

        return tracked

    @property
    def count(self) -> int:
        return self._count

    async def wait_idle(self, timeout: float) -> bool:
        """True when everything finished within `timeout` seconds."""
        try:
            await asyncio.wait_for(self._event().wait(), timeout)
        except TimeoutError:
            return False
        return True


REPORTS = (StaleFacts, Gaps, SearchFacts, ReviewProposals)


class CoreRunner:
    def __init__(
        self,
        core: Core,
        admission: Admission | None = None,
        reports: Core | None = None,
        metrics: Metrics | None = None,
    ):
        """reports: a second core on its own connection to the same file, for REPORTS (None: one worker
        does everything)."""
        self.core = core
        self.admission = admission  # None: no rate limits (tests, benchmarks)
        self.in_flight = InFlight()
        if metrics is None:
            from factbot.metrics import Metrics  # the bots' extra; `factbot ask` never loads it

            metrics = Metrics()
        self.metrics = metrics  # each runner its own registry
        self.metrics.in_flight.set_function(lambda: self.in_flight.count)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="factbot-core")
        self.reports = reports
        self._reports_executor = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="factbot-reports") if reports is not None else None
        )

    async def handle(self, request: Request) -> Reply:
        """The core's reply, with one log line per event: platform, event, outcome and time taken."""
        started = time.perf_counter()
        reply = await self._handle(request)
        seconds = time.perf_counter() - started
        self.metrics.observe(request, reply, seconds)
        ms = seconds * 1000
        name = type(request.command).__name__
        log.info(
            "%s %s in %s: %s (%.1f ms)",
            request.platform,
            name,
            request.workspace_id,
            reply.kind,
            ms,
            extra={
                "platform": request.platform,
                "event": name,
                "outcome": reply.kind,
                "ms": round(ms, 2),
                "workspace": request.workspace_id,
            },
        )
        return reply

    async def _handle(self, request: Request) -> Reply:
        # Rate limits are checked here, on the loop's thread (the only one touching the limiter), so a
        # refused flood never queues in front of other people's questions.
        refusal = self.admission.refusal(request) if self.admission is not None else None
        if refusal is not None:
            return refusal
        loop = asyncio.get_running_loop()
        if self.reports is not None and self._reports_executor and isinstance(request.command, REPORTS):
            return await loop.run_in_executor(self._reports_executor, self.reports.handle, request)
        return await loop.run_in_executor(self._executor, self.core.handle, request)

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run other work on the core's fact base (collecting watch notes, drawing, event dedupe, the health
        probe) on its worker thread, so it never holds up the event loop and the SQLite connection stays on
        one thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    def health(self) -> HealthStatus:
        """ "ok", or "degraded" with the problem (the fact base refuses writes); safe from any thread, for
        health checks in every mode."""
        return self.core.health.status()

    def health_text(self) -> str:
        return self.health().text()

    def close(self) -> None:
        """Finish what is in flight, then stop the workers."""
        self._executor.shutdown(wait=True)
        if self._reports_executor is not None:
            self._reports_executor.shutdown(wait=True)


def stop_signals() -> asyncio.Event:
    """An event set by SIGTERM or SIGINT (docker stop, systemd, Ctrl-C): the cue for a graceful shutdown."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop
