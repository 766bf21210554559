"""The part every table module shares: the connection, the write transaction, the clock."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from factbot.bot.domain.model import Fact, HistoryEntry
from factbot.bot.domain.text import fold
from factbot.bot.storage.connection import Connection

_PROPOSAL_COLUMNS = (
    "id, at, proposer, user_id, scope, subject, relation, object, start, end, source_url, status, decided_by, "
    "reason, fact_id, change, target_fact_id, origin, note"
)
EDITABLE = ("relation", "object", "start", "end", "statement", "source_url", "source_title", "as_of", "note")
_FACT_COLUMNS = (
    "f.id, f.subject_id, e.name, f.relation, f.object, f.object_id, f.start, f.end, f.statement, f.source_url, "
    "f.source_title, f.as_of, f.scope, f.note, f.origin, f.added_by, f.added_at, f.removed, f.needs_rewrite"
)
_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Tables:
    """Base of the table mixins that make up Store; Store.__init__ sets these."""

    db: Connection
    _clock: Callable[[], datetime]
    path: str
    _bulk: bool = False
    log_changes: int = 0

    @contextmanager
    def write(self) -> Iterator[None]:
        """One transaction for a whole change; nested calls join it as savepoints."""
        if self.db.conn.in_transaction and self._bulk:
            yield  # a bulk load: all or nothing as a whole, no savepoint per row
            return
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            # SQLite may already have rolled back by itself (a full disk does): never mask the cause.
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
            raise
        self.db.conn.execute("COMMIT")

    def generation(self) -> int:
        """Changes whenever any connection commits: lets caches notice other processes' writes."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        # Names are only ever added, so the newest name id notices this connection's own additions.
        newest = self.db.execute("SELECT max(id) FROM names").fetchone()[0]
        return hash((version, newest))

    def data_generation(self) -> tuple[int, int]:
        """Changes whenever facts may have: another connection committed, or this one changed a row other
        than by logging a question (which happens after every answer and changes no fact)."""
        version = self.db.conn.execute("PRAGMA data_version").fetchone()[0]
        return int(version), self.db.conn.total_changes - self.log_changes

    def now(self) -> str:
        return self._clock().replace(microsecond=0).isoformat()


def seed_key(subject: str, relation: str, obj: str, start: str | None) -> str:
    raw = "\x1f".join([fold(subject), relation, fold(obj), start or ""])
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def _fact(r: Sequence[Any]) -> Fact:
    return Fact(
        id=r[0],
        subject_id=r[1],
        subject=r[2],
        relation=r[3],
        object=r[4],
        object_id=r[5],
        start=r[6],
        end=r[7],
        statement=r[8] or "",
        source_url=r[9] or "",
        source_title=r[10] or "",
        as_of=r[11] or "",
        scope=r[12],
        note=r[13] or "",
        origin=r[14],
        added_by=r[15] or "",
        added_at=r[16] or "",
        removed=bool(r[17]),
        needs_rewrite=bool(r[18]),
    )


def _history_entry(r: Sequence[Any]) -> HistoryEntry:
    return HistoryEntry(r[0], r[1], r[2], r[3], r[4], _unjson(r[5]), _unjson(r[6]), r[7])


def _snapshot(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("subject_id", "object_id", *EDITABLE, "scope")}


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # one encoder, not one per history row


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else _ENCODER.encode(value)


def _unjson(value: str | None) -> dict[str, Any] | None:
    return None if value is None else dict(json.loads(value))
