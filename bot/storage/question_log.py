"""The question log: what was asked and whether it was answered (no user names), for gaps and counts."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from factbot.bot.domain.model import Gap
from factbot.bot.domain.text import fold
from factbot.bot.storage.tables import (
    Tables,
)


class QuestionLogTables(Tables):
    """The question log."""

    LOG_WAIT_MS = 50  # how long a question waits for another writer before its log row waits instead
    MAX_PENDING = 10_000
    _pending_log: list[tuple[list[object], Sequence[int], bool]] | None = None

    def log_question(
        self,
        question: str,
        answered: bool,
        fact_ids: Sequence[int],
        confidence: float,
        platform: str,
        scope: str,
    ) -> None:
        """Log a question (and count the facts it rested on) without ever making it wait for a long write
        elsewhere (an import holds the write lock for its whole transaction): when the file stays locked
        for LOG_WAIT_MS the row is kept here and written with the next question's."""
        row: list[object] = [
            self.now(),
            question[:500],
            fold(question)[:500],
            int(answered),
            json.dumps(list(fact_ids)),
            round(confidence, 3),
            platform,
            scope,
        ]
        if self._pending_log is None:
            self._pending_log = []
        self._pending_log.append((row, list(fact_ids), answered))
        del self._pending_log[: -self.MAX_PENDING]
        if self.db.conn.in_transaction:
            self._write_log()
            return
        timeout = self.db.conn.execute("PRAGMA busy_timeout").fetchone()[0]
        self.db.conn.execute(f"PRAGMA busy_timeout = {self.LOG_WAIT_MS}")
        try:
            with self.write():
                self._write_log()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
        finally:
            self.db.conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")

    def pending_log_rows(self) -> int:
        return len(self._pending_log or ())

    def _write_log(self) -> None:
        pending = self._pending_log or []
        self.db.conn.executemany(
            "INSERT INTO questions (at, question, normalized, answered, fact_ids, confidence, platform, scope) "
            "VALUES (?,?,?,?,?,?,?,?)",
            [row for row, _, _ in pending],
        )
        counted = [(int(f),) for _, fact_ids, answered in pending if answered for f in fact_ids]
        self.db.conn.executemany(
            "INSERT INTO fact_asks (fact_id, asked) VALUES (?, 1) ON CONFLICT (fact_id) DO UPDATE SET asked = asked + 1",
            counted,
        )
        self._pending_log = []

    def gaps(self, scopes: Sequence[str], limit: int = 10) -> list[Gap]:
        marks = ",".join("?" * len(scopes))
        rows = self.db.execute(
            f"SELECT min(question), count(*), max(at) FROM questions WHERE answered = 0 AND scope IN ({marks}) "
            f"AND normalized != '' GROUP BY normalized ORDER BY count(*) DESC, max(at) DESC LIMIT ?",
            [*scopes, limit],
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
