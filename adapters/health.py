"""Health, readiness and metrics for every bot mode, on a small HTTP port of its own (FACTBOT_HEALTH_PORT).

One answer for people, probes and Docker's HEALTHCHECK: the platform connection (Discord gateway ready,
Slack socket connected, Slack's auth.test accepting the token) and the fact base (read, then a committed
one-row write). Status "ok"; "degraded" when the fact base can be read but not written (questions are
still answered, the question log and changes are not kept); "down" when the platform is not connected or
the fact base cannot be read. /healthz and /readyz answer 200 unless down, 503 when down; /livez only
says the process's event loop answers; /metrics is Prometheus text.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from factbot import metrics
from factbot.runner import CoreRunner

log = logging.getLogger("factbot.health")

PROBE_TIMEOUT = 3.0  # seconds the core's worker may take to run the database probe
CACHE_SECONDS = 1.0  # probes arriving together share one check


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


PlatformCheck = Callable[[], Awaitable[Check]]


class Health:
    """Decides the process's status from the platform check and a database probe on the core's thread."""

    def __init__(self, runner: CoreRunner, platform: PlatformCheck, process: str | None = None):
        self.runner = runner
        self.platform = platform
        self.process = process or f"{socket.gethostname()}:{os.getpid()}"
        self._cached: tuple[float, dict[str, Any]] | None = None
        self._lock = asyncio.Lock()

    async def report(self) -> dict[str, Any]:
        async with self._lock:
            if self._cached is not None and time.monotonic() - self._cached[0] < CACHE_SECONDS:
                return self._cached[1]
            platform, database = await asyncio.gather(self._platform(), self._database())
            readable, writable = database
            if not platform.ok or not readable.ok:
                status = "down"
            elif not writable.ok:
                status = "degraded"
            else:
                status = "ok"
            report = {
                "status": status,
                "platform": {"connected": platform.ok, "detail": platform.detail},
                "database": {
                    "readable": readable.ok,
                    "writable": writable.ok,
                    "detail": writable.detail if readable.ok else readable.detail,
                },
                "in_flight": self.runner.in_flight.count,
            }
            self._cached = (time.monotonic(), report)
            if status != "ok":
                log.warning("health: %s (%s)", status, report, extra={"outcome": status})
            return report

    async def _platform(self) -> Check:
        try:
            return await asyncio.wait_for(self.platform(), PROBE_TIMEOUT)
        except TimeoutError:
            return Check(False, "the platform check timed out")
        except Exception as exc:  # a health check must answer, whatever the platform library raises
            return Check(False, f"platform check failed: {type(exc).__name__}")

    async def _database(self) -> tuple[Check, Check]:
        store = self.runner.core.store
        try:
            await asyncio.wait_for(self.runner.call(store.probe_read), PROBE_TIMEOUT)
        except TimeoutError:
            busy = Check(False, f"the core did not answer within {PROBE_TIMEOUT:g} s")
            return busy, busy
        except sqlite3.Error as exc:
            failed = Check(False, f"cannot read the fact base: {exc}")
            return failed, failed
        try:
            await asyncio.wait_for(self.runner.call(store.heartbeat, self.process), PROBE_TIMEOUT)
        except TimeoutError:
            return Check(True, "read ok"), Check(False, "the write probe timed out (locked?)")
        except sqlite3.Error as exc:
            return Check(True, "read ok"), Check(False, f"cannot write the fact base: {exc}")
        # The probe's write went through; the core may still have seen its own writes fail since (the
        # question log is best-effort): that counts too.
        seen = self.runner.health()
        if not seen.ok:
            return Check(True, "read ok"), Check(False, seen.problem)
        return Check(True, "read ok"), Check(True, "read and write ok")


def add_routes(app: web.Application, health: Health) -> None:
    """/livez, /healthz, /readyz and /metrics on an aiohttp application (the health port, or Slack's
    HTTP-mode server)."""

    async def livez(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def healthz(_request: web.Request) -> web.Response:
        report = await health.report()
        return web.json_response(report, status=503 if report["status"] == "down" else 200)

    async def prometheus(_request: web.Request) -> web.Response:
        return web.Response(
            body=health.runner.metrics.render(), headers={"Content-Type": metrics.CONTENT_TYPE}
        )

    app.router.add_get("/livez", livez)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", healthz)
    app.router.add_get("/metrics", prometheus)


@asynccontextmanager
async def serving(health: Health, port: int | None, host: str = "0.0.0.0") -> AsyncIterator[int | None]:
    """Serve the health routes on `port` while the bot runs (None: no health port); yields the bound port."""
    if port is None:
        yield None
        return
    app = web.Application()
    add_routes(app, health)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    bound = int(runner.addresses[0][1]) if runner.addresses else port
    log.warning("health, readiness and metrics on http://%s:%s/healthz", host, bound, extra={"port": bound})
    try:
        yield bound
    finally:
        await runner.cleanup()
