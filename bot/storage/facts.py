"""Facts: reading them by entity, id and full text; changing them with a history row per change; undo."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from factbot.bot.domain.errors import BadArgument, NotFound
from factbot.bot.domain.model import GLOBAL_SCOPE, Fact, HistoryEntry
from factbot.bot.storage.migrations import DUE_DAY
from factbot.bot.storage.tables import (
    _FACT_COLUMNS,
    _FTS_WORD,
    EDITABLE,
    Tables,
    _fact,
    _history_entry,
    _json,
    _snapshot,
)

_DUE = DUE_DAY.replace("as_of", "f.as_of")
_NAMING_MEMO = 64  # answers of facts_naming kept (one question asks two or three)
# Facts found by a name in their object text, newest first: a name that is an everyday word ('Code', in
# 26,000 objects of a million-fact base) took a second per question to read and weigh them all.
NAMING_TEXT_CAP = 500


class FactTables(Tables):
    """Facts and their history."""

    _naming_memo: dict[tuple[object, ...], tuple[Fact, ...]]
    _naming_generation: tuple[int, int] | None = None

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
        """Facts whose object is the entity, or whose object text names it ('Larry Page and Sergey Brin').

        One question asks this more than once, and the next questions ask about the same few entities; for a
        name that is an everyday word ('Make') it is hundreds of facts. So answers are kept until anything
        but the question log is written, here or by another process (Tables.data_generation).
        Of the facts that only name it in their text, the newest NAMING_TEXT_CAP are read."""
        names = tuple(names)
        memo_key = None
        if not self.db.conn.in_transaction:
            generation = self.data_generation()
            if generation != self._naming_generation:
                self._naming_memo.clear()
                self._naming_generation = generation
            memo_key = (entity_id, names, tuple(scopes))
            held = self._naming_memo.pop(memo_key, None)
            if held is not None:
                self._naming_memo[memo_key] = held  # the most recently used last
                return list(held)
        # a name of one or two letters ('X') is a word of many objects ('HyperCLOVA X'), not a name in them
        phrases = [p for p in (" ".join(_FTS_WORD.findall(n)) for n in names) if len(p.replace(" ", "")) > 2]
        match = " OR ".join(f'"{p}"' for p in phrases if p)
        params: list[Any] = [entity_id]
        where = "f.object_id = ?"
        if match:  # a UNION, not an OR: SQLite runs the full-text query once, not twice
            where = (
                "f.id IN (SELECT id FROM facts WHERE object_id = ? "
                "UNION SELECT * FROM (SELECT rowid FROM facts_fts WHERE facts_fts MATCH ? "
                f"ORDER BY rowid DESC LIMIT {NAMING_TEXT_CAP}))"
            )
            params.append(f"object : ({match})")
        found = [f for f in self._facts(where, params, scopes) if f.subject_id != entity_id]
        if memo_key is not None:
            while len(self._naming_memo) >= _NAMING_MEMO:
                del self._naming_memo[next(iter(self._naming_memo))]  # the least recently used
            self._naming_memo[memo_key] = tuple(found)
        return found

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

    def linked(self, a: int, b: int) -> bool:
        """True when a live fact has one entity as its subject and the other as its object."""
        row = self.db.execute(
            "SELECT 1 FROM facts WHERE removed = 0 AND ((subject_id = ? AND object_id = ?) "
            "OR (subject_id = ? AND object_id = ?)) LIMIT 1",
            [a, b, b, a],
        ).fetchone()
        return row is not None

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

    def flag_for_rewrite(self, fact_id: int, flagged: bool) -> None:
        """Mark a fact whose hand-written sentence may no longer fit its fields (bookkeeping, no history:
        the change that caused it is in the history already)."""
        with self.write():
            self.db.execute("UPDATE facts SET needs_rewrite = ? WHERE id = ?", [int(flagged), fact_id])

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

    def changed_since(self, entry: HistoryEntry, actor: str) -> str | None:
        """Who else changed the fact after `entry` (and was not undone), if anyone: undoing `entry` then
        would silently overwrite their change."""
        row = self.db.execute(
            "SELECT actor FROM history WHERE fact_id = ? AND id > ? AND actor != ? AND undone_by IS NULL "
            "AND action != 'undo' "
            "ORDER BY id DESC LIMIT 1",
            [entry.fact_id, entry.id, actor],
        ).fetchone()
        return str(row[0]) if row else None

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

    def stale(
        self, before: str, scopes: Sequence[str], roles: Sequence[str], limit: int = 25
    ) -> tuple[int, list[Fact]]:
        """Live facts last checked before `before` (an ISO date), those no dated source confirmed, and those
        whose sentence an edit flagged for rewriting: how many, and the ones a report of `limit` rows may
        show. Those are the first `limit` in the report's order (open roles — `roles` with no end — first,
        then the most asked, then by the first day of their as-of date, then by id), each part read in that
        order from an index, so a base where most facts are due costs a few index pages, not a scan; the
        caller puts them in order."""
        marks = ",".join("?" * len(scopes))
        old = f"(coalesce(f.as_of, '') = '' OR f.as_of < ?) AND {_DUE} <= ?"
        unasked = "NOT EXISTS (SELECT 1 FROM fact_asks a WHERE a.fact_id = f.id AND a.asked > 0)"
        role_marks = ",".join("?" * len(roles)) or "NULL"
        is_open = f'(f."end" IS NULL AND f.relation IN ({role_marks}))'
        count = 0
        for scope in scopes:  # from the index alone (every fact before the cutoff day is due)
            count += self.db.execute(
                f"SELECT count(*) FROM facts f WHERE f.removed = 0 AND f.scope = ? AND {_DUE} < ?",
                [scope, before],
            ).fetchone()[0]
            count += self.db.execute(  # on the cutoff day itself: '2024-05' is due on 2024-05-01
                f"SELECT count(*) FROM facts f WHERE f.removed = 0 AND f.scope = ? AND {_DUE} = ? "
                "AND f.as_of < ?",
                [scope, before, before],
            ).fetchone()[0]
        # Flagged sentences not due by date: few, read whole.
        flagged = self._facts(
            f"f.needs_rewrite = 1 AND NOT ((coalesce(f.as_of, '') = '' OR f.as_of < ?) AND {_DUE} <= ?)",
            [before, before],
            scopes,
        )
        count += len(flagged)
        if count == 0:
            return 0, []
        found = {f.id: f for f in flagged}
        due = "(f.needs_rewrite = 1 OR (coalesce(f.as_of, '') = '' OR f.as_of < ?))"
        rows = self.db.execute(  # asked about: as many as were ever asked, at most (CROSS: from fact_asks)
            f"SELECT {_FACT_COLUMNS} FROM fact_asks a CROSS JOIN facts f ON f.id = a.fact_id "
            f"JOIN entities e ON e.id = f.subject_id WHERE a.asked > 0 AND f.removed = 0 "
            f"AND f.scope IN ({marks}) AND {due} ORDER BY {is_open} DESC, a.asked DESC, {_DUE}, f.id LIMIT ?",
            [*scopes, before, *roles, limit],
        ).fetchall()
        parts = [rows]
        for scope in scopes:
            for relation in roles:  # open roles never asked about, oldest first
                parts.append(
                    self.db.execute(
                        f"SELECT {_FACT_COLUMNS} FROM facts f JOIN entities e ON e.id = f.subject_id "
                        f'WHERE f.relation = ? AND f."end" IS NULL AND f.removed = 0 AND f.scope = ? AND {old} '
                        f"AND {unasked} ORDER BY {_DUE}, f.id LIMIT ?",
                        [relation, scope, before, before, limit],
                    ).fetchall()
                )
            parts.append(  # everything else never asked about, oldest first
                self.db.execute(
                    f"SELECT {_FACT_COLUMNS} FROM facts f JOIN entities e ON e.id = f.subject_id "
                    f"WHERE f.removed = 0 AND f.scope = ? AND {old} AND NOT {is_open} AND {unasked} "
                    f"ORDER BY {_DUE}, f.id LIMIT ?",
                    [scope, before, before, *roles, limit],
                ).fetchall()
            )
        for part in parts:
            for r in part:
                found.setdefault(r[0], _fact(r))
        return count, list(found.values())

    def recently_started(
        self, relations: Sequence[str], scopes: Sequence[str], before: str, limit: int = 5
    ) -> list[Fact]:
        """Live facts of these relations that began most recently (up to `before`, an ISO date): the
        'recent leadership changes' of a home screen."""
        marks = ",".join("?" * len(relations))
        scope_marks = ",".join("?" * len(scopes))
        rows = self.db.execute(
            f"SELECT {_FACT_COLUMNS} FROM facts f JOIN entities e ON e.id = f.subject_id "
            f"WHERE f.relation IN ({marks}) AND f.start IS NOT NULL AND f.start <= ? AND f.removed = 0 "
            f"AND f.scope IN ({scope_marks}) ORDER BY f.start DESC, f.id DESC LIMIT ?",
            [*relations, before, *scopes, limit],
        ).fetchall()
        return [_fact(r) for r in rows]
