"""Abuse limits: a token bucket per user and a cooldown on the same question in the same channel.

A flood from one person is refused before any matching happens, so it costs everyone else almost nothing.
The first refusal is a polite notice; after that the bot stays silent until the bucket refills. Every
command a member can send is counted, and the reports that read the question log (gaps, stale) cost
several questions' worth. Autocomplete (a request per keystroke) has its own, larger bucket.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from factbot.bot.domain import messages
from factbot.bot.domain.port import (
    Ask,
    Complete,
    Feedback,
    Gaps,
    Leadership,
    Reply,
    ReplyKind,
    Request,
    SearchFacts,
    ShowHistory,
    StaleFacts,
    SuggestFact,
)
from factbot.bot.domain.text import clean_input, fold
from factbot.bot.settings import LimitSettings

MAX_TRACKED = 100_000  # users and channel/question pairs remembered at once
# What a command costs, in questions: reports that scan the question log cost more.
COSTS: dict[type, float] = {Gaps: 5, StaleFacts: 5, SearchFacts: 2, ShowHistory: 2}


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class Limiter:
    def __init__(self, settings: LimitSettings | None = None, clock: Callable[[], float] = time.monotonic):
        self.settings = settings or LimitSettings()
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        # (channel, question) -> (when answered, who has been told so since)
        self._recent: OrderedDict[tuple[str, str], tuple[float, set[str]]] = OrderedDict()

    def check(self, user: str, channel: str | None, question: str, cost: float = 1.0) -> str:
        """'ok' to answer, 'notice' to say so once, 'silent' to say nothing, 'repeat' to tell someone
        else asking the same question that it was answered just above."""
        now = self._clock()
        repeat = False
        if channel is not None and question:
            key = (channel, question)
            last = self._recent.get(key)
            if last is not None and now - last[0] < self.settings.repeat_cooldown:
                if user in last[1]:
                    return "silent"  # they asked it, or were told: the answer is right above
                last[1].add(user)
                repeat = True
        bucket = self._bucket(user, now)
        if bucket.tokens < cost:
            if bucket.warned:
                return "silent"
            bucket.warned = True
            return "notice"
        bucket.tokens -= cost
        bucket.warned = False
        if repeat:
            return "repeat"
        if channel is not None and question:
            self._remember((channel, question), now, user)
        return "ok"

    def seconds_until_next(self, user: str) -> int:
        bucket = self._buckets.get(user)
        if bucket is None or bucket.tokens >= 1:
            return 0
        rate = self.settings.per_minute / 60
        return max(1, int((1 - bucket.tokens) / rate + 0.999))

    def _bucket(self, user: str, now: float) -> _Bucket:
        bucket = self._buckets.get(user)
        if bucket is None:
            bucket = _Bucket(tokens=float(self.settings.burst), updated=now)
            self._buckets[user] = bucket
            if len(self._buckets) > MAX_TRACKED:
                self._buckets.popitem(last=False)
        else:
            refill = (now - bucket.updated) * self.settings.per_minute / 60
            bucket.tokens = min(float(self.settings.burst), bucket.tokens + refill)
            bucket.updated = now
            self._buckets.move_to_end(user)
        return bucket

    def _remember(self, key: tuple[str, str], now: float, user: str) -> None:
        self._recent[key] = (now, {user})
        self._recent.move_to_end(key)
        while len(self._recent) > MAX_TRACKED:
            self._recent.popitem(last=False)


class Admission:
    """Decides, before any work is queued, whether a platform request is answered at all.

    Cheap and free of I/O, so a runner can ask on its event loop: a flood is turned away without waiting
    in line ahead of anyone else. The console is never limited (it is the operator)."""

    def __init__(self, limiter: Limiter, typing: Limiter | None = None):
        self.limiter = limiter
        base = limiter.settings
        self.typing = typing or Limiter(
            LimitSettings(base.per_minute * 10, base.burst * 5, 0), clock=limiter._clock
        )

    def refusal(self, request: Request) -> Reply | None:
        if request.platform == "console":
            return None
        if isinstance(request.command, Complete):
            if self.typing.check(request.actor, None, "") == "ok":
                return None
            return Reply(text="", kind=ReplyKind.LIMITED, ephemeral=True, silent=True)
        text = _limited_text(request)
        channel = f"{request.platform}:{request.channel_id}" if request.channel_id and text else None
        cost = COSTS.get(type(request.command), 1.0)
        verdict = self.limiter.check(request.actor, channel, fold(text or ""), cost)
        if verdict == "ok":
            return None
        if verdict == "repeat":
            return Reply(text=messages.ANSWERED_ABOVE, kind=ReplyKind.LIMITED, ephemeral=True)
        if verdict == "notice":
            wait = self.limiter.seconds_until_next(request.actor)
            return Reply(text=messages.SLOW_DOWN.format(seconds=wait), kind=ReplyKind.LIMITED, ephemeral=True)
        return Reply(text=messages.SLOW_DOWN_SHORT, kind=ReplyKind.LIMITED, ephemeral=True, silent=True)


def _limited_text(request: Request) -> str | None:
    """What a repeat is keyed on (the same text twice in a channel is answered once), or None for
    commands whose answer is private (they are still counted against the asker's bucket)."""
    cmd = request.command
    if isinstance(cmd, Ask):
        question = clean_input(cmd.question)
        return question if fold(question) else None
    if isinstance(cmd, Leadership):
        return f"leadership {cmd.organization}"
    if isinstance(cmd, Feedback):
        return f"feedback {cmd.fact_ids} {cmd.helpful}"
    if isinstance(cmd, SuggestFact):
        return f"suggest {cmd.subject} {cmd.relation} {cmd.object}"
    return None
