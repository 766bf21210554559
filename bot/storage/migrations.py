"""Versioned schema migrations, run at start-up; each runs once, in order, inside one transaction.

The version lives in SQLite's `user_version`. Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from factbot.bot.domain.errors import BadArgument
from factbot.bot.storage import name_index
from factbot.bot.storage.connection import Connection

if TYPE_CHECKING:
    import sqlite_utils  # imported only when a migration runs (Connection.schema)


def _v1_initial(db: sqlite_utils.Database) -> None:
    db.table("entities").create(
        {
            "id": int,
            "name": str,
            "kind": str,
            "description": str,
            "scope": str,
            "successor_id": int,
            "added_by": str,
            "added_at": str,
        },
        pk="id",
        not_null={"name", "kind", "scope"},
        defaults={"description": "", "scope": "global"},
    )
    db.table("names").create(
        {"id": int, "entity_id": int, "name": str, "key": str, "is_primary": int, "note": str},
        pk="id",
        foreign_keys=[("entity_id", "entities", "id")],
        not_null={"entity_id", "name", "key"},
        defaults={"is_primary": 0, "note": ""},
    )
    db.table("names").create_index(["key"])
    db.table("names").create_index(["entity_id", "key"], unique=True)
    db.table("facts").create(
        {
            "id": int,
            "subject_id": int,
            "relation": str,
            "object": str,
            "object_id": int,
            "start": str,
            "end": str,
            "statement": str,
            "source_url": str,
            "source_title": str,
            "as_of": str,
            "scope": str,
            "note": str,
            "origin": str,
            "seed_key": str,
            "added_by": str,
            "added_at": str,
            "updated_by": str,
            "removed": int,
        },
        pk="id",
        foreign_keys=[("subject_id", "entities", "id"), ("object_id", "entities", "id")],
        not_null={"subject_id", "relation", "object", "scope", "origin", "removed"},
        defaults={"scope": "global", "origin": "admin", "removed": 0, "note": ""},
    )
    db.table("facts").create_index(["subject_id", "relation"])
    db.table("facts").create_index(["object_id"])
    db.table("facts").create_index(["seed_key"])
    db.table("facts").enable_fts(
        ["statement", "object"],
        fts_version="FTS5",
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 2",
    )
    db.table("history").create(
        {
            "id": int,
            "fact_id": int,
            "action": str,
            "actor": str,
            "at": str,
            "old": str,
            "new": str,
            "undone_by": int,
        },
        pk="id",
        foreign_keys=[("fact_id", "facts", "id")],
        not_null={"fact_id", "action", "actor", "at"},
    )
    db.table("history").create_index(["fact_id"])
    db.table("history").create_index(["actor", "id"])
    db.table("questions").create(
        {
            "id": int,
            "at": str,
            "question": str,
            "normalized": str,
            "answered": int,
            "fact_ids": str,
            "confidence": float,
            "platform": str,
            "scope": str,
        },
        pk="id",
        not_null={"at", "question", "answered"},
    )
    db.table("questions").create_index(["answered", "normalized"])


def _v2_feedback(db: sqlite_utils.Database) -> None:
    """👍/👎 on answers: which facts an answer rested on, and what the person said was wrong."""
    db.table("feedback").create(
        {
            "id": int,
            "at": str,
            "fact_ids": str,
            "helpful": int,
            "comment": str,
            "platform": str,
            "scope": str,
        },
        pk="id",
        not_null={"at", "fact_ids", "helpful"},
        defaults={"comment": ""},
    )
    db.table("feedback").create_index(["helpful"])


def _v3_proposals(db: sqlite_utils.Database) -> None:
    """Facts members propose; an admin approves (it becomes a fact) or rejects (the reason is kept)."""
    db.table("proposals").create(
        {
            "id": int,
            "at": str,
            "proposer": str,
            "platform": str,
            "user_id": str,
            "scope": str,
            "subject": str,
            "relation": str,
            "object": str,
            "start": str,
            "end": str,
            "source_url": str,
            "status": str,
            "decided_by": str,
            "decided_at": str,
            "reason": str,
            "fact_id": int,
        },
        pk="id",
        not_null={"at", "proposer", "scope", "subject", "relation", "object", "status"},
        defaults={"status": "pending", "reason": "", "source_url": ""},
    )
    db.table("proposals").create_index(["status", "scope"])
    db.table("proposals").create_index(["proposer", "status"])


def _v4_sync_and_watches(db: sqlite_utils.Database) -> None:
    """Staying current: Wikidata ids on entities, proposals that change an existing fact (a sync's ended
    role or changed dates) and remember what was already proposed, channels watching organizations and
    weekly digests, and the outbox of notes to post (each delivered once)."""
    db.table("entities").add_column("qid", str)
    db.table("entities").create_index(["qid"])
    proposals = db.table("proposals")
    proposals.add_column("change", str, not_null_default="add")  # add, end, dates
    proposals.add_column("target_fact_id", int)
    proposals.add_column("origin", str, not_null_default="member")  # member, wikidata
    proposals.add_column("sync_key", str)  # what a sync proposed, so it never proposes it twice
    proposals.add_column("note", str, not_null_default="")
    proposals.create_index(["sync_key"])
    db.table("watches").create(
        {
            "id": int,
            "kind": str,  # watch (one organization) or digest (weekly leadership changes)
            "platform": str,
            "workspace_id": str,
            "channel_id": str,
            "scope": str,
            "entity_id": int,
            "cursor": int,  # the last history row already turned into notes
            "period": str,  # digest: the last week posted (ISO year-week)
            "added_by": str,
            "added_at": str,
        },
        pk="id",
        foreign_keys=[("entity_id", "entities", "id")],
        not_null={"kind", "platform", "channel_id", "scope", "cursor", "added_at"},
        defaults={"cursor": 0, "period": ""},
    )
    db.table("watches").create_index(["kind", "platform", "channel_id", "entity_id"], unique=True)
    db.table("outbox").create(
        {
            "id": int,
            "watch_id": int,
            "key": str,  # one note per change (or per digest week) and watch
            "platform": str,
            "channel_id": str,
            "text": str,
            "at": str,
            "delivered_at": str,
        },
        pk="id",
        not_null={"key", "platform", "channel_id", "text", "at"},
    )
    db.table("outbox").create_index(["key"], unique=True)
    db.table("outbox").create_index(["platform", "delivered_at"])
    db.table("job_runs").create({"name": str, "at": str}, pk="name", not_null={"at"})


def _v5_seed_upgrades(db: sqlite_utils.Database) -> None:
    """Which seed edition the base holds (so start-up can upgrade it); names that are also everyday words or
    short tokens ('Stability', 'R1', 'X'), which the matcher only takes with supporting context; and facts
    whose hand-written sentence an edit may have made untrue."""
    db.table("seed_state").create({"key": str, "value": str}, pk="key", not_null={"key"})
    db.table("names").add_column("ambiguous", int, not_null_default=0)
    # A date changed under a hand-written sentence: the sentence may no longer fit (fact stale lists it).
    db.table("facts").add_column("needs_rewrite", int, not_null_default=0)


def _v6_scale(db: sqlite_utils.Database) -> None:
    """What lets a base of a million facts answer without building anything in memory: the name index
    (backfilled from the names already stored), ask counts kept as questions are logged, and an index
    for the stale report."""
    name_index.create_tables(db.conn)
    name_index.rebuild(db.conn)
    db.execute(
        "CREATE TABLE fact_asks (fact_id INTEGER PRIMARY KEY, asked INTEGER NOT NULL DEFAULT 0)"
    )
    db.execute(
        "INSERT INTO fact_asks (fact_id, asked) SELECT CAST(j.value AS INTEGER), count(*) "
        "FROM questions, json_each(questions.fact_ids) AS j WHERE questions.answered = 1 GROUP BY 1"
    )
    db.execute("CREATE INDEX fact_asks_asked ON fact_asks (asked)")
    db.execute("CREATE INDEX facts_checked ON facts (as_of, removed, scope)")


def _v7_runtime(db: sqlite_utils.Database) -> None:
    """What several long-running processes on one file share: Slack event ids already answered (with an
    expiry, so N HTTP workers answer a retried event once), small settings (the Discord command tree's
    hash), a heartbeat row per process (the health check's write probe), per-fact ask counts kept with
    every question-log insert (so counts survive the log's retention and cost no scan), and an index on
    the question log's time for the retention sweep. fact_asks has the same shape as the scale work's
    (issue 12, item 1): whichever migration runs first creates and fills it."""
    db.table("events_seen").create({"key": str, "expires_at": float}, pk="key")
    db.table("events_seen").create_index(["expires_at"])
    db.table("runtime_settings").create({"key": str, "value": str}, pk="key")
    db.table("heartbeats").create({"process": str, "at": str}, pk="process")
    if not db.table("fact_asks").exists():
        db.execute("CREATE TABLE fact_asks (fact_id INTEGER PRIMARY KEY, asked INTEGER NOT NULL DEFAULT 0)")
        db.execute(
            "INSERT INTO fact_asks (fact_id, asked) SELECT CAST(j.value AS INTEGER), count(*) "
            "FROM questions, json_each(questions.fact_ids) AS j WHERE questions.answered = 1 GROUP BY 1"
        )
        db.execute("CREATE INDEX fact_asks_asked ON fact_asks (asked)")
    db.table("questions").create_index(["at"], if_not_exists=True)


# The first day an as-of date stands for ('2024' -> '2024-01-01', '2024-05' -> '2024-05-01', none -> ''):
# the stale report's order. Its queries (bot/storage/facts.py) spell the expression exactly so, or SQLite
# does not use the indexes below.
DUE_DAY = (
    "CASE length(as_of) WHEN 4 THEN as_of || '-01-01' WHEN 7 THEN as_of || '-01' "
    "ELSE coalesce(as_of, '') END"
)


def _v8_bounded_reports(db: sqlite_utils.Database) -> None:
    """Reports that read a few index pages, not the whole base: the stale report walks facts by the day
    they were last checked (open roles by relation; flagged sentences on their own) and counts them from
    the index alone, and the names that are everyday words are found without reading every name."""
    db.execute("DROP INDEX IF EXISTS facts_checked")
    # The day first: no other query names that expression, so none can be drawn to these indexes (an index
    # led by scope looked to the planner as good as subject_id for every `scope IN (...)` query).
    db.execute(f"CREATE INDEX IF NOT EXISTS facts_due ON facts (({DUE_DAY}), scope) WHERE removed = 0")
    db.execute(  # only a query saying "end" IS NULL may use it: the stale report's open roles
        f"CREATE INDEX IF NOT EXISTS facts_due_roles ON facts (relation, scope, ({DUE_DAY})) "
        'WHERE "end" IS NULL AND removed = 0'
    )
    db.execute("CREATE INDEX IF NOT EXISTS facts_rewrite ON facts (scope) WHERE needs_rewrite = 1 AND removed = 0")
    db.execute("CREATE INDEX IF NOT EXISTS names_ambiguous ON names (entity_id) WHERE ambiguous = 1")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_initial,
    _v2_feedback,
    _v3_proposals,
    _v4_sync_and_watches,
    _v5_seed_upgrades,
    _v6_scale,
    _v7_runtime,
    _v8_bounded_reports,
]


def current_version(db: Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Connection, transaction: Callable[[], AbstractContextManager[None]]) -> int:
    """Bring the schema up to date; safe to run on every start and from several processes at once.

    A file from a newer factbot (a schema version this one does not know) is refused, never written:
    this code does not know what the newer tables mean."""
    found = current_version(db)
    if found > len(MIGRATIONS):
        raise BadArgument(
            f"This fact base was written by a newer factbot (schema version {found}; this one knows up to "
            f"{len(MIGRATIONS)}). Upgrade factbot to use it."
        )
    schema: sqlite_utils.Database | None = None
    for version, step in enumerate(MIGRATIONS, start=1):
        if current_version(db) >= version:
            continue
        if schema is None:
            schema = db.schema()
        with transaction():
            if current_version(db) >= version:  # another process migrated while we waited for the lock
                continue
            step(schema)
            db.execute(f"PRAGMA user_version = {version}")
    return current_version(db)
