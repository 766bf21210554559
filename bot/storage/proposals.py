"""Members' proposals and their decisions, and 👍/👎 feedback on answers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from factbot.bot.domain.errors import BadArgument, NotFound
from factbot.bot.domain.model import Proposal
from factbot.bot.storage.tables import (
    _PROPOSAL_COLUMNS,
    Tables,
)


class ProposalTables(Tables):
    """Proposals and feedback."""

    def add_proposal(self, values: dict[str, Any]) -> int:
        row = {**values, "at": self.now(), "status": "pending"}
        with self.write():
            pid = self.db.execute(
                f"INSERT INTO proposals ({','.join(row)}) VALUES ({','.join('?' * len(row))})",
                list(row.values()),
            ).lastrowid
        assert pid is not None
        return pid

    def proposal(self, proposal_id: int) -> Proposal:
        row = self.db.execute(
            f"SELECT {_PROPOSAL_COLUMNS} FROM proposals WHERE id = ?", [proposal_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"There is no proposal #{proposal_id}.")
        return Proposal(*row)

    def proposals(
        self,
        scopes: Sequence[str] | None,
        status: str = "pending",
        proposer: str | None = None,
        limit: int = 25,
    ) -> list[Proposal]:
        where, params = ["status = ?"], [status]
        if scopes is not None:
            where.append(f"scope IN ({','.join('?' * len(scopes))})")
            params += list(scopes)
        if proposer is not None:
            where.append("proposer = ?")
            params.append(proposer)
        rows = self.db.execute(
            f"SELECT {_PROPOSAL_COLUMNS} FROM proposals WHERE {' AND '.join(where)} ORDER BY id LIMIT ?",
            [*params, limit],
        ).fetchall()
        return [Proposal(*r) for r in rows]

    def decide_proposal(
        self, proposal_id: int, status: str, actor: str, reason: str, fact_id: int | None
    ) -> None:
        with self.write():
            changed = self.db.execute(
                "UPDATE proposals SET status = ?, decided_by = ?, decided_at = ?, reason = ?, fact_id = ? "
                "WHERE id = ? AND status = 'pending'",
                [status, actor, self.now(), reason, fact_id, proposal_id],
            ).rowcount
            if changed != 1:
                raise BadArgument(f"Proposal #{proposal_id} was already decided.")

    def log_feedback(
        self,
        fact_ids: Sequence[int],
        helpful: bool,
        comment: str,
        platform: str,
        scope: str,
        at: str | None = None,
    ) -> None:
        with self.write():
            self.db.execute(
                "INSERT INTO feedback (at, fact_ids, helpful, comment, platform, scope) VALUES (?,?,?,?,?,?)",
                [at or self.now(), json.dumps(list(fact_ids)), int(helpful), comment[:500], platform, scope],
            )

    def feedback_counts(self, fact_id: int) -> tuple[int, int]:
        """(helpful, not helpful) votes on answers that rested on this fact."""
        row = self.db.execute(
            "SELECT coalesce(sum(helpful), 0), coalesce(sum(1 - helpful), 0) FROM feedback, "
            "json_each(feedback.fact_ids) AS j WHERE CAST(j.value AS INTEGER) = ?",
            [fact_id],
        ).fetchone()
        return int(row[0]), int(row[1])

    def most_downvoted(self, scopes: Sequence[str], limit: int = 5) -> list[tuple[int, int, str]]:
        """(fact id, 👎 count, latest comment) for the facts people most often said were wrong."""
        marks = ",".join("?" * len(scopes))
        rows = self.db.execute(
            f"SELECT CAST(j.value AS INTEGER), count(*), "
            f"(SELECT comment FROM feedback f2, json_each(f2.fact_ids) j2 WHERE f2.helpful = 0 "
            f" AND j2.value = j.value AND f2.comment != '' AND f2.scope IN ({marks}) "
            f" ORDER BY f2.id DESC LIMIT 1) "
            f"FROM feedback, json_each(feedback.fact_ids) AS j WHERE feedback.helpful = 0 "
            f"AND feedback.scope IN ({marks}) GROUP BY j.value ORDER BY count(*) DESC LIMIT ?",
            [*scopes, *scopes, limit],
        ).fetchall()
        return [(int(r[0]), int(r[1]), r[2] or "") for r in rows]
