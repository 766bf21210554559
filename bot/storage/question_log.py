"""The question log: what was asked and whether it was answered (no user names), for gaps and counts."""

from __future__ import annotations

import json
from collections.abc import Sequence

from factbot.bot.domain.model import Gap
from factbot.bot.domain.text import fold
from factbot.bot.storage.tables import (
    Tables,
)

# Reports read only the most recent questions, so their cost is bounded however long the log grows
# (400k logged questions made every `/fact stale` scan them all).
QUESTION_WINDOW = 50_000
_RECENT = "questions.id > (SELECT coalesce(max(id), 0) FROM questions) - ?"


class QuestionLogTables(Tables):
    """The question log."""

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

    def gaps(self, scopes: Sequence[str], limit: int = 10) -> list[Gap]:
        marks = ",".join("?" * len(scopes))
        rows = self.db.execute(
            f"SELECT min(question), count(*), max(at) FROM questions WHERE answered = 0 AND scope IN ({marks}) "
            f"AND normalized != '' AND {_RECENT} GROUP BY normalized ORDER BY count(*) DESC, max(at) DESC LIMIT ?",
            [*scopes, QUESTION_WINDOW, limit],
        ).fetchall()
        return [Gap(r[0], r[1], r[2]) for r in rows]

    def ask_counts(self, fact_ids: Sequence[int] | None = None) -> dict[int, int]:
        """How often each fact answered a question (among the QUESTION_WINDOW most recent)."""
        rows = self.db.execute(
            "SELECT CAST(j.value AS INTEGER), count(*) FROM questions, json_each(questions.fact_ids) AS j "
            f"WHERE questions.answered = 1 AND {_RECENT} GROUP BY j.value",
            [QUESTION_WINDOW],
        ).fetchall()
        counts = {int(r[0]): int(r[1]) for r in rows}
        return counts if fact_ids is None else {f: counts.get(f, 0) for f in fact_ids}

    def question_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM questions").fetchone()[0])
