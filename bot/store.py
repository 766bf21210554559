"""The fact base on SQLite: the only module that speaks SQL.

Every write runs in one `BEGIN IMMEDIATE` transaction (nested writes become savepoints), so concurrent
bots on one file never interleave half-done changes; WAL mode lets readers go on while one writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from bot import migrations
from bot.errors import BadArgument, NotFound
from bot.model import GLOBAL_SCOPE, Entity, Fact, Gap, HistoryEntry, Proposal, visible_scopes
from bot.text import fold, key

_PROPOSAL_COLUMNS = (
    "id, at, proposer, user_id, scope, subject, relation, object, start, end, source_url, status, decided_by, "
    "reason, fact_id"
)
EDITABLE = ("relation", "object", "start", "end", "statement", "source_url", "source_title", "as_of", "note")
_FACT_COLUMNS = (
    "f.id, f.subject_id, e.name, f.relation, f.object, f.object_id, f.start, f.end, f.statement, f.source_url, "
    "f.source_title, f.as_of, f.scope, f.note, f.origin, f.added_by, f.added_at, f.removed"
)
_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """Entities, facts, their history and the question log in one SQLite file."""

    def __init__(
        self, path: str | Path, clock: Callable[[], datetime] = utc_now, busy_timeout_ms: int = 10_000
    ):
        self.path = str(path)
        self._clock = clock
        conn = sqlite3.connect(self.path, timeout=busy_timeout_ms / 1000, check_same_thread=False)
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self.db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if self.path != ":memory:":
            self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA synchronous = NORMAL")
        migrations.migrate(self.db, self.write)

    def close(self) -> None:
        self.db.close()

    # -- transactions -----------------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[None]:
        """One transaction for a whole change; nested calls join it as savepoints."""
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.conn.execute("ROLLBACK")
            raise
        self.db.conn.execute("COMMIT")

    def generation(self) -> int:
        """Changes whenever any connection commits: lets caches notice other processes' writes."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        # Names are only ever added, so the newest name id notices this connection's own additions.
        newest = self.db.execute("SELECT max(id) FROM names").fetchone()[0]
        return hash((version, newest))

    def now(self) -> str:
        return self._clock().replace(microsecond=0).isoformat()

    # -- entities ---------------------------------------------------------------------------------------

    def entities(self, scopes: Sequence[str] | None = None) -> list[Entity]:
        """Every entity (in the given scopes), with aliases and alias notes."""
        sql = "SELECT id, name, kind, description, scope, successor_id FROM entities"
        params: list[Any] = []
        if scopes is not None:
            sql += f" WHERE scope IN ({','.join('?' * len(scopes))})"
            params = list(scopes)
        rows = self.db.execute(sql, params).fetchall()
        aliases: dict[int, list[str]] = {}
        for entity_id, name in self.db.execute(
            "SELECT entity_id, name FROM names WHERE is_primary = 0 ORDER BY id"
        ):
            aliases.setdefault(entity_id, []).append(name)
        return [Entity(r[0], r[1], r[2], r[3] or "", tuple(aliases.get(r[0], ())), r[4], r[5]) for r in rows]

    def names(self) -> list[tuple[int, str, str, str]]:
        """(entity id, name or alias, scope, kind) for every name: what the matcher indexes."""
        return [
            (r[0], r[1], r[2], r[3])
            for r in self.db.execute(
                "SELECT n.entity_id, n.name, e.scope, e.kind FROM names n JOIN entities e ON e.id = n.entity_id"
            )
        ]

    def alias_note(self, entity_id: int, alias: str) -> str | None:
        row = self.db.execute(
            "SELECT note FROM names WHERE entity_id = ? AND key = ? AND note != ''", [entity_id, key(alias)]
        ).fetchone()
        return row[0] if row else None

    def entity(self, entity_id: int) -> Entity:
        for ent in self._entities_where("id = ?", [entity_id]):
            return ent
        raise NotFound(f"No entity #{entity_id}.")

    def find_entity(self, name: str, scopes: Sequence[str]) -> Entity | None:
        """The entity whose name or alias is exactly `name` (ignoring case, accents and spaces)."""
        marks = ",".join("?" * len(scopes))
        row = self.db.execute(
            f"SELECT n.entity_id FROM names n JOIN entities e ON e.id = n.entity_id "
            f"WHERE n.key = ? AND e.scope IN ({marks}) ORDER BY n.is_primary DESC, e.scope = 'global' LIMIT 1",
            [key(name), *scopes],
        ).fetchone()
        return self.entity(row[0]) if row else None

    def ensure_entity(self, name: str, kind: str, scope: str, actor: str, description: str = "") -> int:
        """The id of the entity called `name` visible in `scope`, creating it there if needed."""
        existing = self.find_entity(name, visible_scopes(scope))
        if existing:
            return existing.id
        if not key(name):
            raise BadArgument("A name needs at least one letter or digit.")
        with self.write():
            entity_id = self.db.execute(
                "INSERT INTO entities (name, kind, description, scope, added_by, added_at) VALUES (?,?,?,?,?,?)",
                [name.strip(), kind, description, scope, actor, self.now()],
            ).lastrowid
            assert entity_id is not None
            self._add_name(entity_id, name.strip(), primary=True)
        return entity_id

    def add_alias(self, entity_id: int, alias: str, note: str = "") -> None:
        with self.write():
            exists = self.db.execute(
                "SELECT 1 FROM names WHERE entity_id = ? AND key = ?", [entity_id, key(alias)]
            ).fetchone()
            if not exists:
                self._add_name(entity_id, alias.strip(), primary=False, note=note)

    def set_successor(self, entity_id: int, successor_id: int | None) -> None:
        with self.write():
            self.db.execute("UPDATE entities SET successor_id = ? WHERE id = ?", [successor_id, entity_id])

    def _add_name(self, entity_id: int, name: str, primary: bool, note: str = "") -> None:
        self.db.execute(
            "INSERT INTO names (entity_id, name, key, is_primary, note) VALUES (?,?,?,?,?)",
            [entity_id, name, key(name), int(primary), note],
        )

    def _entities_where(self, where: str, params: list[Any]) -> list[Entity]:
        rows = self.db.execute(
            f"SELECT id, name, kind, description, scope, successor_id FROM entities WHERE {where}", params
        ).fetchall()
        out = []
        for r in rows:
            aliases = tuple(
                a[0]
                for a in self.db.execute(
                    "SELECT name FROM names WHERE entity_id = ? AND is_primary = 0 ORDER BY id", [r[0]]
                )
            )
            out.append(Entity(r[0], r[1], r[2], r[3] or "", aliases, r[4], r[5]))
        return out

    # -- reading facts ----------------------------------------------------------------------------------

    def fact(self, fact_id: int, scopes: Sequence[str] | None = None) -> Fact:
        """A fact by id, removed or not; NotFound when it does not exist or is not visible in `scopes`."""
        row = self.db.execute(
            f"SELECT {_FACT_COLUMNS} FROM facts f JOIN entities e ON e.id = f.subject_id WHERE f.id = ?",
            [fact_id],
        ).fetchone()
        if row is None or (scopes is not None and row[12] not in scopes):
            raise NotFound(f"There is no fact #{fact_id}.")
        return _fact(row)

    def facts_about(
        self, subject_id: int, scopes: Sequence[str], relations: Sequence[str] | None = None
    ) -> list[Fact]:
        where = "f.subject_id = ?"
        params: list[Any] = [subject_id]
        if relations is not None:
            where += f" AND f.relation IN ({','.join('?' * len(relations))})"
            params += list(relations)
        return self._facts(where, params, scopes)

    def facts_naming(self, entity_id: int, names: Iterable[str], scopes: Sequence[str]) -> list[Fact]:
        """Facts whose object is the entity, or whose object text names it ('Larry Page and Sergey Brin')."""
        phrases = [" ".join(_FTS_WORD.findall(n)) for n in names]
        match = " OR ".join(f'"{p}"' for p in phrases if p)
        params: list[Any] = [entity_id]
        where = "f.object_id = ?"
        if match:
            where += " OR f.id IN (SELECT rowid FROM facts_fts WHERE facts_fts MATCH ?)"
            params.append(f"object : ({match})")
        return [f for f in self._facts(f"({where})", params, scopes) if f.subject_id != entity_id]

    def search(
        self, text: str, scopes: Sequence[str], limit: int = 10, match_all: bool = False
    ) -> list[Fact]:
        """Full-text search over statements and objects, best matches first.

        match_all: every word must occur. Much cheaper on a large base, where ranking every fact that
        holds one common word ('dynamics') costs over 100 ms.
        """
        words = [w for w in _FTS_WORD.findall(text.lower()) if len(w) > 1][:20]
        if not words:
            return []
        query = (" AND " if match_all else " OR ").join(f'"{w}"' for w in words)
        marks = ",".join("?" * len(scopes))
        rows = self.db.execute(
            f"SELECT {_FACT_COLUMNS} FROM facts_fts JOIN facts f ON f.id = facts_fts.rowid "
            f"JOIN entities e ON e.id = f.subject_id WHERE facts_fts MATCH ? AND f.removed = 0 "
            f"AND f.scope IN ({marks}) ORDER BY facts_fts.rank LIMIT ?",
            [query, *scopes, limit],
        ).fetchall()
        return [_fact(r) for r in rows]

    def count_facts(self, include_removed: bool = False) -> int:
        sql = "SELECT count(*) FROM facts" + ("" if include_removed else " WHERE removed = 0")
        return int(self.db.execute(sql).fetchone()[0])

    def all_facts(self, scopes: Sequence[str] | None = None) -> list[Fact]:
        if scopes is None:
            scopes = [r[0] for r in self.db.execute("SELECT DISTINCT scope FROM facts")]
        return self._facts("1", [], scopes) if scopes else []

    def _facts(self, where: str, params: list[Any], scopes: Sequence[str]) -> list[Fact]:
        marks = ",".join("?" * len(scopes))
        rows = self.db.execute(
            f"SELECT {_FACT_COLUMNS} FROM facts f JOIN entities e ON e.id = f.subject_id "
            f"WHERE {where} AND f.removed = 0 AND f.scope IN ({marks}) ORDER BY f.id",
            [*params, *scopes],
        ).fetchall()
        return [_fact(r) for r in rows]

    # -- changing facts ---------------------------------------------------------------------------------

    def add_fact(self, values: dict[str, Any], actor: str, origin: str = "admin") -> int:
        """Insert a fact (values already validated) and its 'add' history row; returns the new id."""
        row = {c: values.get(c) for c in ("subject_id", "object_id", *EDITABLE)}
        row.update(
            scope=values.get("scope", GLOBAL_SCOPE),
            origin=origin,
            seed_key=values.get("seed_key"),
            added_by=actor,
            added_at=self.now(),
            updated_by=actor,
            removed=0,
        )
        with self.write():
            fact_id = self.db.execute(
                f"INSERT INTO facts ({','.join(row)}) VALUES ({','.join('?' * len(row))})", list(row.values())
            ).lastrowid
            assert fact_id is not None
            self._history(fact_id, "add", actor, None, _snapshot(row))
        return fact_id

    def find_duplicate(
        self, subject_id: int, relation: str, obj: str, start: str | None, scope: str
    ) -> int | None:
        """The id of a fact saying the same thing in the same scope, if any, live or removed: imports are
        idempotent, and a fact an admin removed is not brought back by importing the same file again."""
        row = self.db.execute(
            "SELECT id FROM facts WHERE subject_id = ? AND relation = ? AND object = ? AND start IS ? "
            "AND scope = ? ORDER BY removed, id LIMIT 1",
            [subject_id, relation, obj, start, scope],
        ).fetchone()
        return int(row[0]) if row else None

    def update_fact(self, fact_id: int, changes: dict[str, Any], actor: str, action: str = "edit") -> None:
        """Change some editable fields of a fact, recording old and new values in the history."""
        unknown = set(changes) - set(EDITABLE) - {"object_id"}
        if unknown:
            raise BadArgument(f"Cannot edit {', '.join(sorted(unknown))}; editable: {', '.join(EDITABLE)}.")
        with self.write():
            before = self._row(fact_id)
            old = {k: before[k] for k in changes}
            sets = ", ".join(f'"{k}" = ?' for k in changes)
            self.db.execute(
                f"UPDATE facts SET {sets}, updated_by = ? WHERE id = ?", [*changes.values(), actor, fact_id]
            )
            self._history(fact_id, action, actor, old, dict(changes))

    def set_removed(self, fact_id: int, removed: bool, actor: str) -> None:
        with self.write():
            before = self._row(fact_id)
            self.db.execute(
                "UPDATE facts SET removed = ?, updated_by = ? WHERE id = ?", [int(removed), actor, fact_id]
            )
            self._history(
                fact_id,
                "remove" if removed else "restore",
                actor,
                {"removed": bool(before["removed"])},
                {"removed": removed},
            )

    def history(self, fact_id: int) -> list[HistoryEntry]:
        rows = self.db.execute(
            "SELECT id, fact_id, action, actor, at, old, new, undone_by FROM history WHERE fact_id = ? ORDER BY id",
            [fact_id],
        ).fetchall()
        return [_history_entry(r) for r in rows]

    def last_change(self, actor: str) -> HistoryEntry | None:
        """The actor's most recent change that has not been undone (undo rows themselves don't count)."""
        row = self.db.execute(
            "SELECT id, fact_id, action, actor, at, old, new, undone_by FROM history "
            "WHERE actor = ? AND undone_by IS NULL AND action != 'undo' ORDER BY id DESC LIMIT 1",
            [actor],
        ).fetchone()
        return _history_entry(row) if row else None

    def undo(self, entry: HistoryEntry, actor: str) -> None:
        """Put back what `entry` changed, as one new 'undo' history row linked to it."""
        with self.write():
            current = self._row(entry.fact_id)
            if entry.action == "add":
                restore: dict[str, Any] = {"removed": 1}
            else:
                restore = {k: (int(v) if isinstance(v, bool) else v) for k, v in (entry.old or {}).items()}
            old = {k: current[k] for k in restore}
            sets = ", ".join(f'"{k}" = ?' for k in restore)
            self.db.execute(
                f"UPDATE facts SET {sets}, updated_by = ? WHERE id = ?",
                [*restore.values(), actor, entry.fact_id],
            )
            undo_id = self._history(entry.fact_id, "undo", actor, old, restore)
            self.db.execute("UPDATE history SET undone_by = ? WHERE id = ?", [undo_id, entry.id])

    def _row(self, fact_id: int) -> dict[str, Any]:
        cursor = self.db.execute("SELECT * FROM facts WHERE id = ?", [fact_id])
        row = cursor.fetchone()
        if row is None:
            raise NotFound(f"There is no fact #{fact_id}.")
        return dict(zip([d[0] for d in cursor.description], row, strict=True))

    def _history(
        self, fact_id: int, action: str, actor: str, old: dict[str, Any] | None, new: dict[str, Any] | None
    ) -> int:
        hid = self.db.execute(
            "INSERT INTO history (fact_id, action, actor, at, old, new) VALUES (?,?,?,?,?,?)",
            [fact_id, action, actor, self.now(), _json(old), _json(new)],
        ).lastrowid
        assert hid is not None
        return hid

    # -- maintenance ------------------------------------------------------------------------------------

    def backup(self, target: str | Path) -> None:
        """A consistent copy via SQLite's online backup, safe while bots keep reading and writing.

        All pages in one step: a step-by-step copy starts over whenever a bot commits in between, and on a
        busy, large file may never finish. The copy is written beside the target and renamed into place,
        so an interrupted backup never leaves a half-written file under the target's name.
        """
        final = Path(target)
        partial = final.with_name(final.name + ".partial")
        partial.unlink(missing_ok=True)
        destination = sqlite3.connect(str(partial))
        try:
            self.db.conn.backup(destination, pages=-1)
        finally:
            destination.close()
        os.replace(partial, final)

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity and foreign-key checks and the full-text index's own
        check against the facts (empty: all is well)."""
        try:
            problems = [r[0] for r in self.db.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
            for table, rowid, parent, _ in self.db.execute("PRAGMA foreign_key_check").fetchall():
                problems.append(f"{table} row {rowid} points at a missing {parent} row")
        except sqlite3.DatabaseError as exc:
            return [f"the file is damaged: {exc}"]
        try:
            # rank 1: compare the external-content index with the facts table itself.
            self.db.execute("INSERT INTO facts_fts(facts_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError:
            problems.append(
                "the full-text index is out of step with the facts (factbot db check --repair rebuilds it)"
            )
        return problems

    def rebuild_search_index(self) -> None:
        """Rebuild the full-text index from the facts (the repair for a drifted index)."""
        with self.write():
            self.db.execute("INSERT INTO facts_fts(facts_fts) VALUES ('rebuild')")

    # -- seed bookkeeping -------------------------------------------------------------------------------

    def seed_rows(self) -> dict[str, tuple[int, str, int]]:
        """seed_key -> (fact id, last actor, removed) for every fact that came from the seed."""
        rows = self.db.execute(
            "SELECT seed_key, id, updated_by, removed FROM facts WHERE seed_key IS NOT NULL"
        )
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    # -- question log -----------------------------------------------------------------------------------

    def log_question(
        self,
        question: str,
        answered: bool,
        fact_ids: Sequence[int],
        confidence: float,
        platform: str,
        scope: str,
    ) -> None:
        with self.write():
            self.db.execute(
                "INSERT INTO questions (at, question, normalized, answered, fact_ids, confidence, platform, scope) "
                "VALUES (?,?,?,?,?,?,?,?)",
                [
                    self.now(),
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
            f"AND normalized != '' GROUP BY normalized ORDER BY count(*) DESC, max(at) DESC LIMIT ?",
            [*scopes, limit],
        ).fetchall()
        return [Gap(r[0], r[1], r[2]) for r in rows]

    def ask_counts(self, fact_ids: Sequence[int] | None = None) -> dict[int, int]:
        """How often each fact answered a question (from the question log)."""
        rows = self.db.execute(
            "SELECT CAST(j.value AS INTEGER), count(*) FROM questions, json_each(questions.fact_ids) AS j "
            "WHERE questions.answered = 1 GROUP BY j.value"
        ).fetchall()
        counts = {int(r[0]): int(r[1]) for r in rows}
        return counts if fact_ids is None else {f: counts.get(f, 0) for f in fact_ids}

    def stale(self, before: str, scopes: Sequence[str]) -> list[Fact]:
        """Live facts last checked before `before` (an ISO date)."""
        return self._facts("f.as_of < ?", [before], scopes)

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
        self, fact_ids: Sequence[int], helpful: bool, comment: str, platform: str, scope: str
    ) -> None:
        with self.write():
            self.db.execute(
                "INSERT INTO feedback (at, fact_ids, helpful, comment, platform, scope) VALUES (?,?,?,?,?,?)",
                [self.now(), json.dumps(list(fact_ids)), int(helpful), comment[:500], platform, scope],
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
            f" AND j2.value = j.value AND f2.comment != '' ORDER BY f2.id DESC LIMIT 1) "
            f"FROM feedback, json_each(feedback.fact_ids) AS j WHERE feedback.helpful = 0 "
            f"AND feedback.scope IN ({marks}) GROUP BY j.value ORDER BY count(*) DESC LIMIT ?",
            [*scopes, limit],
        ).fetchall()
        return [(int(r[0]), int(r[1]), r[2] or "") for r in rows]

    def question_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM questions").fetchone()[0])


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
    )


def _history_entry(r: Sequence[Any]) -> HistoryEntry:
    return HistoryEntry(r[0], r[1], r[2], r[3], r[4], _unjson(r[5]), _unjson(r[6]), r[7])


def _snapshot(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("subject_id", "object_id", *EDITABLE, "scope")}


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _unjson(value: str | None) -> dict[str, Any] | None:
    return None if value is None else dict(json.loads(value))
