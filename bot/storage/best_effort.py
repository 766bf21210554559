"""The question log and votes written best-effort, so answering never waits on them.

A long import holds the write lock for seconds; a read-only file or a full disk refuses every write.
Neither may delay or fail an answer. Rows are tried at once without waiting for the lock; rows that
could not be written wait in a bounded buffer and go in with the next attempt. Failures other than a
busy lock mark the process degraded (GET /healthz says so) until a write succeeds again.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from factbot.bot.domain.health import Health
from factbot.bot.storage.store import Store

log = logging.getLogger("factbot.core")
ANSWER_WAIT_MS = 20  # the most an answer waits for another writer before its log row waits instead
MAX_PENDING = 2_000  # rows kept while the file cannot be written; the oldest go first


def is_busy(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def write_problem(exc: sqlite3.Error) -> str:
    """One line an operator understands for a write SQLite refused."""
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return "the fact base is read-only: questions are answered but not logged, and changes fail"
    if "full" in text:
        return "the disk is full: questions are answered but not logged, and changes fail"
    return f"the fact base cannot be written ({text[:80]})"


class BestEffortLog:
    def __init__(self, store: Store, health: Health):
        self.store = store
        self.health = health
        self._pending: deque[Callable[[], None]] = deque(maxlen=MAX_PENDING)
        self.dropped = 0

    @property
    def pending(self) -> int:
        return len(self._pending)

    def question(
        self,
        question: str,
        answered: bool,
        fact_ids: Sequence[int],
        confidence: float,
        platform: str,
        scope: str,
    ) -> None:
        at = self.store.now()
        self._add(
            lambda: self.store.log_question(question, answered, fact_ids, confidence, platform, scope, at=at)
        )

    def feedback(
        self, fact_ids: Sequence[int], helpful: bool, comment: str, platform: str, scope: str
    ) -> None:
        at = self.store.now()
        self._add(lambda: self.store.log_feedback(fact_ids, helpful, comment, platform, scope, at=at))

    def _add(self, row: Callable[[], None]) -> None:
        if len(self._pending) == self._pending.maxlen:
            self.dropped += 1
        self._pending.append(row)
        self.flush()

    def flush(self, wait: bool = False) -> bool:
        """Write what waits; True when nothing is left waiting. Answers never wait for the lock (a short
        try only); `wait` (at shutdown) takes the store's usual busy timeout so nothing logged is lost."""
        if not self._pending:
            return True
        try:
            with self._no_wait(wait), self.store.write():
                for row in self._pending:
                    row()
        except sqlite3.Error as exc:
            if not is_busy(exc):
                self.health.failed(write_problem(exc))
                log.warning("question log not written: %s", exc)
            return False
        self._pending.clear()
        self.health.wrote()
        return True

    @contextmanager
    def _no_wait(self, wait: bool = False) -> Iterator[None]:
        db = self.store.db
        previous = int(db.execute("PRAGMA busy_timeout").fetchone()[0])
        db.execute(f"PRAGMA busy_timeout = {previous if wait else ANSWER_WAIT_MS}")
        try:
            yield
        finally:
            db.execute(f"PRAGMA busy_timeout = {previous}")
