"""Many new facts written together (an import): the same rows as one `add_fact` after another, at a
fraction of the cost.

Per batch of rows: the names the rows use are resolved with one query, new entities, names, facts and
history rows go in with executemany, and new names are indexed at once (NameIndexTables.index_names).
For the whole load the per-row full-text trigger is dropped and the new facts are indexed with one
INSERT … SELECT before the caller's transaction ends; DDL is transactional in SQLite, so a failure (or a
kill) rolls the trigger back with everything else. Runs inside the caller's `store.write()`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from types import TracebackType
from typing import Any

from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.model import GLOBAL_SCOPE, visible_scopes
from factbot.bot.domain.text import key
from factbot.bot.storage.name_index import NameIndexTables
from factbot.bot.storage.tables import EDITABLE, _json, _snapshot

_FACT_COLUMNS = ("id", "subject_id", "object_id", *EDITABLE, "scope", "origin", "seed_key", "added_by",
                 "added_at", "updated_by", "removed")  # fmt: skip
_INSERT_FACT = f"INSERT INTO facts ({','.join(_FACT_COLUMNS)}) VALUES ({','.join('?' * len(_FACT_COLUMNS))})"
_DUPLICATE = (
    "SELECT 1 FROM facts WHERE subject_id = ? AND relation = ? AND object = ? AND start IS ? AND scope = ? "
    "LIMIT 1"
)
_FTS_TRIGGER = "facts_ai"
CACHE_KIB = 32 * 1024  # more buys no speed: peak RSS 147 MiB at 1M facts (233 MiB with 96)
# (sort key, entity id): the order find_entity prefers (primary names, then the workspace's own).
_Candidate = tuple[tuple[int, bool, int], int, str]


class FactBatch:
    """Write new facts (values from curation.fields/resolve) in batches; a context manager around a load."""

    def __init__(self, tables: NameIndexTables, actor: str, origin: str = "import"):
        assert tables.db.conn.in_transaction, "FactBatch belongs inside store.write()"
        self.tables = tables
        self.conn = tables.db.conn
        self.actor = actor
        self.origin = origin
        self._names: dict[str, list[_Candidate]] = {}
        self._keys: dict[str, str] = {}
        self._entities: list[tuple[object, ...]] = []
        self._name_rows: list[tuple[object, ...]] = []
        self._index: list[tuple[int, int, str, str]] = []
        self._facts: list[tuple[object, ...]] = []
        self._history: list[tuple[object, ...]] = []
        self._pending: set[tuple[object, ...]] = set()
        self._new_entities: set[int] = set()
        self._trigger_sql: str | None = None
        self._first_fact: int | None = None
        self._stamp: str | None = None
        self._next_entity = self._max_id("entities")
        self._next_name = self._max_id("names")
        self._next_fact = self._max_id("facts")

    def _max_id(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])

    # -- names -------------------------------------------------------------------------------------------

    def prefetch(self, names: Iterable[str]) -> None:
        """Read every stored name with one of these keys in one query (before the rows that use them)."""
        keys = {k for n in names if (k := self._key(n)) and k not in self._names}
        for k in keys:
            self._names[k] = []
        if not keys:
            return
        rows = self.conn.execute(
            "SELECT n.key, n.entity_id, n.is_primary, e.scope, n.id FROM names n "
            "JOIN entities e ON e.id = n.entity_id WHERE n.key IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(keys))],
        )
        for k, entity_id, primary, scope, name_id in rows:
            self._names[k].append(((-int(primary or 0), scope == GLOBAL_SCOPE, name_id), entity_id, scope))

    def _key(self, name: str) -> str:
        found = self._keys.get(name)
        if found is None:
            found = self._keys[name] = key(name)
        return found

    def find_entity_id(self, name: str, scopes: Sequence[str]) -> int | None:
        """What Store.find_entity_id answers, from the prefetched names and this batch's new ones."""
        k = self._key(name)
        if k not in self._names:
            self.prefetch((name,))
        best: _Candidate | None = None
        for candidate in self._names[k]:
            if candidate[2] in scopes and (best is None or candidate[0] < best[0]):
                best = candidate
        return best[1] if best else None

    def ensure_entity(self, name: str, kind: str, scope: str, actor: str, description: str = "") -> int:
        """Store.ensure_entity, the new entity and its name written at the next flush."""
        existing = self.find_entity_id(name, visible_scopes(scope))
        if existing is not None:
            return existing
        k = self._key(name)
        if not k:
            raise BadArgument("A name needs at least one letter or digit.")
        self._next_entity += 1
        self._next_name += 1
        entity_id, name_id, clean = self._next_entity, self._next_name, name.strip()
        self._entities.append((entity_id, clean, kind, description, scope, actor, self._now()))
        self._name_rows.append((name_id, entity_id, clean, k, 1, ""))
        self._index.append((name_id, entity_id, clean, kind))
        self._names.setdefault(k, []).append(((-1, scope == GLOBAL_SCOPE, name_id), entity_id, scope))
        self._new_entities.add(entity_id)
        return entity_id

    def _now(self) -> str:
        """The clock read once per batch (to the second, as Tables.now): a batch takes about a second,
        and reading the clock for every row cost a tenth of an import's time."""
        if self._stamp is None:
            self._stamp = self.tables.now()
        return self._stamp

    # -- facts -------------------------------------------------------------------------------------------

    def is_duplicate(self, values: dict[str, Any]) -> bool:
        """Store.find_duplicate, counting the facts of this batch not written yet."""
        dup = (values["subject_id"], values["relation"], values["object"], values["start"], values["scope"])
        if dup in self._pending:
            return True
        if values["subject_id"] in self._new_entities:
            return False  # an entity made in this batch has no stored facts yet
        return self.conn.execute(_DUPLICATE, dup).fetchone() is not None

    def add_fact(self, values: dict[str, Any]) -> int:
        """Store.add_fact (the fact and its 'add' history row); returns the id it will have."""
        self._next_fact += 1
        fact_id = self._next_fact
        if self._first_fact is None:
            self._first_fact = fact_id
        row = {c: values.get(c) for c in ("subject_id", "object_id", *EDITABLE)}
        row["scope"] = values.get("scope", GLOBAL_SCOPE)
        now = self._now()
        self._facts.append(
            (fact_id, *row.values(), self.origin, values.get("seed_key"), self.actor, now, self.actor, 0)
        )
        self._history.append((fact_id, "add", self.actor, now, None, _json(_snapshot(row))))
        self._pending.add(
            (values["subject_id"], values["relation"], values["object"], values["start"], row["scope"])
        )
        return fact_id

    def flush(self) -> None:
        """Write what the batch holds and forget its names (memory stays flat however long the load)."""
        conn = self.conn
        if self._entities:
            conn.executemany(
                "INSERT INTO entities (id, name, kind, description, scope, added_by, added_at) "
                "VALUES (?,?,?,?,?,?,?)",
                self._entities,
            )
            conn.executemany(
                "INSERT INTO names (id, entity_id, name, key, is_primary, note) VALUES (?,?,?,?,?,?)",
                self._name_rows,
            )
            self.tables.index_names(self._index, defer_deletes=True)
        if self._facts:
            self._defer_full_text()
            conn.executemany(_INSERT_FACT, self._facts)
            conn.executemany(
                "INSERT INTO history (fact_id, action, actor, at, old, new) VALUES (?,?,?,?,?,?)",
                self._history,
            )
        self.forget()

    def forget(self) -> None:
        """Drop what the batch holds without writing it (a load that will be rolled back anyway)."""
        for held in (self._entities, self._name_rows, self._index, self._facts, self._history):
            held.clear()
        self._pending.clear()
        self._new_entities.clear()
        self._names.clear()
        self._keys.clear()
        self._stamp = None

    def _defer_full_text(self) -> None:
        if self._trigger_sql is not None:
            return
        row = self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [_FTS_TRIGGER]
        ).fetchone()
        if row is None:
            self._trigger_sql = ""
            return
        self._trigger_sql = str(row[0])
        self.conn.execute(f'DROP TRIGGER "{_FTS_TRIGGER}"')

    def finish(self) -> None:
        """Index the new facts' text and put the per-row trigger back (before the transaction ends)."""
        self.flush()
        self.tables.merge_deferred_deletes()
        if self._trigger_sql and self.conn.in_transaction:
            self.conn.execute(
                'INSERT INTO facts_fts (rowid, "statement", "object") '
                'SELECT id, "statement", "object" FROM facts WHERE id >= ?',
                [self._first_fact],
            )
            self.conn.execute(self._trigger_sql)
        self._trigger_sql = None

    def __enter__(self) -> FactBatch:
        self._cache = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")  # index pages stay in memory while loading
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self._exit(kind)
        finally:
            self.conn.execute(f"PRAGMA cache_size = {int(self._cache)}")

    def _exit(self, kind: type[BaseException] | None) -> None:
        if kind is None:
            self.finish()
        elif self._trigger_sql and self.conn.in_transaction:
            self.conn.execute(self._trigger_sql)  # the caller rolls back; never leave the trigger out
            self._trigger_sql = None
