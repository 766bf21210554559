"""Which Slack messages continue a conversation with factbot, and under which conversation key.

A thread factbot answered in is a conversation: people keep asking there without mentioning it again, so
the adapter listens to channel `message` events (message.channels / message.groups) but only acts on
those in threads it knows. A DM is one conversation per person (its DM channel), so private questions
never share memory with anyone else's.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict
from typing import Any

_ANY_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def conversation_of(event: dict[str, Any]) -> str:
    """The conversation key of a message event: its DM channel, or its channel and thread."""
    channel = str(event.get("channel", ""))
    if event.get("channel_type") == "im":
        return f"dm:{channel}"
    return f"thread:{channel}:{event.get('thread_ts') or event.get('ts')}"


class Threads:
    """Threads factbot answers in, bounded in number and age (a thread goes quiet after a day)."""

    def __init__(self, size: int = 20_000, ttl_seconds: float = 24 * 3600):
        self._threads: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._size = size
        self._ttl = ttl_seconds

    def add(self, channel: str, thread_ts: str) -> None:
        self._threads[(channel, thread_ts)] = time.monotonic()
        self._threads.move_to_end((channel, thread_ts))
        while len(self._threads) > self._size:
            self._threads.popitem(last=False)

    def knows(self, channel: str, thread_ts: str) -> bool:
        at = self._threads.get((channel, thread_ts))
        if at is None:
            return False
        if at < time.monotonic() - self._ttl:
            del self._threads[(channel, thread_ts)]
            return False
        return True

    def follow_up(self, event: dict[str, Any], text: str) -> bool:
        """A message in one of factbot's threads, not addressed to anyone in particular.

        A message mentioning factbot arrives as app_mention too (answered there, once); one mentioning
        someone else is talk between people."""
        thread = event.get("thread_ts")
        if not thread or not self.knows(str(event.get("channel", "")), str(thread)):
            return False
        return not _ANY_MENTION.search(text)
