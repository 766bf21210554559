"""What the Slack adapter needs to run for months: a Web API client that counts failures for /metrics,
the platform health check (auth.test, and the Socket Mode connection), and event dedupe shared through
the fact base so several HTTP workers answer a retried event once."""

from __future__ import annotations

import time
from typing import Any, Protocol

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from factbot.health import Check
from factbot.metrics import Metrics
from factbot.runner import CoreRunner

AUTH_TTL = 30.0  # seconds an auth.test answer is trusted (a revoked token shows within this)
EVENT_TTL = 3600.0  # Slack retries within minutes; an hour leaves room for slow ones
CLAIM_WAIT_MS = 100  # an event waits no longer than this for the write lock (then: this process's memory)


class CountingWebClient(AsyncWebClient):
    """slack_sdk's client, counting every call that still fails after its retries (factbot_platform_api_errors)."""

    def __init__(self, *args: Any, metrics: Metrics | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.metrics = metrics

    async def api_call(self, api_method: str, **kwargs: Any) -> AsyncSlackResponse:
        try:
            return await super().api_call(api_method, **kwargs)
        except (SlackClientError, aiohttp.ClientError, OSError):
            if self.metrics is not None:
                self.metrics.api_error(f"slack:{api_method}")
            raise


class SocketClient(Protocol):
    async def is_connected(self) -> bool: ...


class SlackCheck:
    """Connected when auth.test accepts the token (cached briefly) and, in Socket Mode, the socket is up."""

    def __init__(self, client: AsyncWebClient, socket: SocketClient | None = None, ttl: float = AUTH_TTL):
        self.client = client
        self.socket = socket
        self.ttl = ttl
        self._auth: tuple[float, Check] | None = None

    async def __call__(self) -> Check:
        if self.socket is not None and not await self.socket.is_connected():
            return Check(False, "Socket Mode is not connected")
        return await self._auth_test()

    async def _auth_test(self) -> Check:
        if self._auth is not None and time.monotonic() - self._auth[0] < self.ttl:
            return self._auth[1]
        try:
            answer = await self.client.auth_test()
            check = Check(True, f"auth.test ok for team {answer.get('team_id', '?')}")
        except SlackApiError as exc:
            check = Check(False, f"auth.test refused: {exc.response.get('error', 'error')}")
        except (SlackClientError, aiohttp.ClientError, OSError) as exc:
            check = Check(False, f"Slack unreachable: {type(exc).__name__}")
        self._auth = (time.monotonic(), check)
        return check


class SharedSeenEvents:
    """Event ids claimed in the fact base (one row each, with an expiry): of N workers given the same
    event, or the same worker given Slack's retry, exactly one answers."""

    def __init__(self, runner: CoreRunner, ttl_seconds: float = EVENT_TTL):
        self.runner = runner
        self.ttl = ttl_seconds

    async def first_time(self, event_id: str) -> bool:
        store = self.runner.core.store
        return await self.runner.call(store.first_time, f"slack:{event_id}", self.ttl, CLAIM_WAIT_MS)
