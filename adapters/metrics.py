"""Prometheus metrics of one bot process: questions, answers, abstentions, refusals, latency and platform
API errors. Each process makes its own registry (no module-level singletons), served on /metrics by
factbot.health."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from factbot.bot.domain.port import Ask, Leadership, Reply, ReplyKind, Request

CONTENT_TYPE = CONTENT_TYPE_LATEST
# The core answers in about a millisecond; the long tail is a busy disk or a big write.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "factbot_requests", "Requests handled by the core, by outcome", ["outcome"], registry=r
        )
        self.questions = Counter("factbot_questions", "Questions asked (ask and leadership)", registry=r)
        self.answered = Counter("factbot_answered", "Questions answered from a stored fact", registry=r)
        self.abstained = Counter(
            "factbot_abstained", "Questions factbot was not sure about (it said so)", registry=r
        )
        self.rate_limited = Counter("factbot_rate_limited", "Requests refused by the rate limits", registry=r)
        self.latency = Histogram(
            "factbot_request_seconds",
            "Time from a request reaching the core runner to its reply",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.api_errors = Counter(
            "factbot_platform_api_errors", "Calls to Slack or Discord that failed", ["call"], registry=r
        )
        self.in_flight = Gauge("factbot_in_flight", "Handlers still working", registry=r)

    def observe(self, request: Request, reply: Reply, seconds: float) -> None:
        self.requests.labels(outcome=str(reply.kind)).inc()
        self.latency.observe(seconds)
        if reply.kind == ReplyKind.LIMITED:
            self.rate_limited.inc()
            return
        if isinstance(request.command, (Ask, Leadership)):
            self.questions.inc()
            if reply.answered:
                self.answered.inc()
            elif reply.kind == ReplyKind.UNKNOWN:
                self.abstained.inc()

    def api_error(self, call: str) -> None:
        self.api_errors.labels(call=call[:60]).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
