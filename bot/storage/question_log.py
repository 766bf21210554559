"""The question log: what was asked and whether it was answered (no user names), for gaps and counts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta

from factbot.bot.domain.model import Gap
from factbot.bot.domain.text import fold
from factbot.bot.storage.tables import (
    Tables,
)

DEFAULT_RETENTION_DAYS = 90
PRUNE_INTERVAL = timedelta(hours=1)  # old questions are swept at most this often per process
# Reports read only the most recent questions, so their cost is bounded however long the log grows
# (400k logged questions made every `/fact stale` scan them all).
QUESTION_WINDOW = 50_000
_RECENT = "questions.id > (SELECT coalesce(max(id), 0) FROM questions) - ?"


class QuestionLogTables(Tables):
    """The question log, kept for `question_log_days` (0: forever), with per-fact ask counts kept beside it
    in the same transaction, so counts cost no scan and outlive the rows they came from."""

    question_log_days: int = DEFAULT_RETENTION_DAYS
    _next_prune: datetime | None = None
    # Rows this connection changed logging questions: what caches of facts may ignore (see data_generation).
    log_changes: int = 0


    def log_question(
        self,
        question: str,
        answered: bool,
        fact_ids: Sequence[int],
        confidence: float,
        platform: str,
        scope: str,
        at: str | None = None,
    ) -> None:
        before = self.db.conn.total_changes
        try:
            self._log_question(question, answered, fact_ids, confidence, platform, scope, at)
        finally:
            self.log_changes += self.db.conn.total_changes - before

    def _log_question(
        self,
        question: str,
        answered: bool,
        fact_ids: Sequence[int],
        confidence: float,
        platform: str,
        scope: str,
        at: str | None,
    ) -> None:
        with self.write():
            self.db.execute(
                "INSERT INTO questions (at, question, normalized, answered, fact_ids, confidence, platform, scope) "
                "VALUES (?,?,?,?,?,?,?,?)",
                [
                    at or self.now(),
                    question[:500],
                    fold(question)[:500],
                    int(answered),
                    json.dumps(list(fact_ids)),
                    round(confidence, 3),
                    platform,
                    scope,
                ],
            )
            if answered and fact_ids:
                self.db.conn.executemany(
                    "INSERT INTO fact_asks (fact_id, asked) VALUES (?, 1) "
                    "ON CONFLICT (fact_id) DO UPDATE SET asked = asked + 1",
                    [(int(f),) for f in fact_ids],
                )
        now = self._clock()
        if self.question_log_days > 0 and (self._next_prune is None or now >= self._next_prune):
            self._next_prune = now + PRUNE_INTERVAL
            self.prune_question_log(self.question_log_days)

    def prune_question_log(self, days: int) -> int:
        """Forget questions older than `days` days (their ask counts stay); returns how many went."""
        cutoff = (self._clock() - timedelta(days=days)).replace(microsecond=0).isoformat()
        with self.write():
            return int(self.db.execute("DELETE FROM questions WHERE at < ?", [cutoff]).rowcount)

    def gaps(self, scopes: Sequence[str], limit: int = 10) -> list[Gap]:
        marks = ",".join("?" * len(scopes))
        rows = self.db.execute(
            f"SELECT min(question), count(*), max(at) FROM questions WHERE answered = 0 AND scope IN ({marks}) "
            f"AND normalized != '' AND {_RECENT} GROUP BY normalized ORDER BY count(*) DESC, max(at) DESC LIMIT ?",
            [*scopes, QUESTION_WINDOW, limit],
        ).fetchall()
        return [Gap(r[0], r[1], r[2]) for r in rows]

    def ask_counts(self, fact_ids: Sequence[int] | None = None) -> dict[int, int]:
        """How often each fact answered a question (counted as questions are logged, in fact_asks)."""
        if fact_ids is None:
            rows = self.db.execute("SELECT fact_id, asked FROM fact_asks WHERE asked > 0").fetchall()
            return {int(r[0]): int(r[1]) for r in rows}
        counts: dict[int, int] = {}
        ids = list(dict.fromkeys(fact_ids))
        for i in range(0, len(ids), 400):
            chunk = ids[i : i + 400]
            rows = self.db.execute(
                f"SELECT fact_id, asked FROM fact_asks WHERE fact_id IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
            counts.update((int(r[0]), int(r[1])) for r in rows)
        return {f: counts.get(f, 0) for f in fact_ids}

    def question_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM questions").fetchone()[0])
