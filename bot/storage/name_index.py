"""The entity-name index, kept in the fact base beside the names it indexes.

Every process reads it with a few indexed queries per question, so nothing is built at start-up, memory
does not grow with the base, and a name is findable by any process as soon as the transaction that added
it commits. Three tables (the shapes bot.answering.entity_index reads, see `NameIndexTables`):
- name_words(word, name_id, entity_id): which entities have a name containing a word, at most
  POSTINGS_CAP entities per word, in the order their names were added;
- name_vocabulary(word): every word of a name, plus two-word non-person names written as one
  ('hugginface' corrects to 'huggingface');
- name_deletes(variant, word): each vocabulary word of MIN_FUZZY_LEN letters or more under itself and
  each of its one-letter deletions (the symmetric-delete typo index, SymSpell's idea).
The names version (counters.names) goes up with every change to names or entities, so caches of entities
know when to drop what they hold, and not on every commit (the question log commits all the time).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from factbot.bot.domain.text import fold
from factbot.bot.storage.tables import Tables

POSTINGS_CAP = 50
MIN_FUZZY_LEN = 4
_BATCH = 5000
_DEFERRED = "_deferred_words"
_CHUNK = 400  # bound variables per IN (...) list, well under SQLite's limit


def deletes(word: str) -> set[str]:
    """The word with one letter left out, at every position."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def vocabulary_of(folded: str, kind: str) -> set[str]:
    """The words a name adds to the vocabulary the typo corrector corrects to."""
    words = set(folded.split())
    if folded.count(" ") == 1 and kind != "person":
        words.add(folded.replace(" ", ""))
    return words


def variants(word: str) -> set[str]:
    return deletes(word) | {word} if len(word) >= MIN_FUZZY_LEN else set()


def create_tables(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS name_words (word TEXT NOT NULL, name_id INTEGER NOT NULL, "
        "entity_id INTEGER NOT NULL, PRIMARY KEY (word, name_id)) WITHOUT ROWID"
    )
    conn.execute("CREATE TABLE IF NOT EXISTS name_vocabulary (word TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS name_deletes (variant TEXT NOT NULL, word TEXT NOT NULL, "
        "PRIMARY KEY (variant, word)) WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID"
    )
    conn.execute("INSERT OR IGNORE INTO counters (name, value) VALUES ('names', 0)")


def rebuild(conn: sqlite3.Connection) -> None:
    """Index every stored name from scratch (inside the caller's transaction): the migration's backfill,
    bulk loaders and repair. Memory stays flat: the rows go through temporary tables that SQLite sorts."""
    for table in ("name_words", "name_vocabulary", "name_deletes"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _words (word TEXT, name_id INTEGER, entity_id INTEGER)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _vocab (word TEXT)")
    conn.execute("DELETE FROM _words")
    conn.execute("DELETE FROM _vocab")
    names = conn.execute(
        "SELECT n.id, n.entity_id, n.name, e.kind FROM names n JOIN entities e ON e.id = n.entity_id ORDER BY n.id"
    )
    words: list[tuple[str, int, int]] = []
    vocab: list[tuple[str]] = []
    for name_id, entity_id, name, kind in names:
        folded = fold(name)
        if not folded:
            continue
        words.extend((w, name_id, entity_id) for w in set(folded.split()))
        vocab.extend((w,) for w in vocabulary_of(folded, kind))
        if len(words) >= _BATCH:
            _flush(conn, words, vocab)
    _flush(conn, words, vocab)
    # The first POSTINGS_CAP entities per word, in the order their names came.
    conn.execute(
        "INSERT INTO name_words (word, name_id, entity_id) SELECT word, name_id, entity_id FROM ("
        " SELECT word, name_id, entity_id, row_number() OVER (PARTITION BY word ORDER BY name_id) AS rank"
        " FROM (SELECT word, min(name_id) AS name_id, entity_id FROM _words GROUP BY word, entity_id)"
        f") WHERE rank <= {POSTINGS_CAP} ORDER BY word, name_id"
    )
    conn.execute("INSERT INTO name_vocabulary (word) SELECT DISTINCT word FROM _vocab ORDER BY word")
    conn.execute("DROP TABLE _words")
    conn.execute("DROP TABLE _vocab")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _deletes (variant TEXT, word TEXT)")
    conn.execute("DELETE FROM _deletes")
    batch: list[tuple[str, str]] = []
    for (word,) in conn.execute(f"SELECT word FROM name_vocabulary WHERE length(word) >= {MIN_FUZZY_LEN}"):
        batch.extend((v, word) for v in variants(word))
        if len(batch) >= _BATCH:
            conn.executemany("INSERT INTO _deletes VALUES (?, ?)", batch)
            batch.clear()
    conn.executemany("INSERT INTO _deletes VALUES (?, ?)", batch)
    conn.execute(
        "INSERT OR IGNORE INTO name_deletes SELECT variant, word FROM _deletes ORDER BY variant, word"
    )
    conn.execute("DROP TABLE _deletes")
    conn.execute("UPDATE counters SET value = value + 1 WHERE name = 'names'")


def _flush(conn: sqlite3.Connection, words: list[tuple[str, int, int]], vocab: list[tuple[str]]) -> None:
    conn.executemany("INSERT INTO _words VALUES (?, ?, ?)", words)
    conn.executemany("INSERT INTO _vocab VALUES (?)", vocab)
    words.clear()
    vocab.clear()


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


class NameIndexTables(Tables):
    """Reading and maintaining the name index; EntityIndex reads a Store through these methods."""

    _pending_names: list[tuple[int, int, str, str]] | None = None

    def index_name(self, name_id: int, entity_id: int, name: str, kind: str) -> None:
        """Index one new name, inside the transaction that adds it (at the end of it in `bulk`)."""
        if self._pending_names is not None:
            self._pending_names.append((name_id, entity_id, name, kind))
            if len(self._pending_names) >= _BATCH:  # in batches: memory stays flat however big the load
                self.index_names(self._pending_names)
                self._pending_names = []
            return
        folded = fold(name)
        if not folded:
            return
        conn = self.db.conn
        for word in set(folded.split()):
            held = [
                r[0]
                for r in conn.execute(
                    f"SELECT entity_id FROM name_words WHERE word = ? LIMIT {POSTINGS_CAP}", [word]
                )
            ]
            if len(held) < POSTINGS_CAP and entity_id not in held:
                conn.execute(
                    "INSERT INTO name_words (word, name_id, entity_id) VALUES (?,?,?)",
                    [word, name_id, entity_id],
                )
        for word in vocabulary_of(folded, kind):
            if conn.execute("INSERT OR IGNORE INTO name_vocabulary (word) VALUES (?)", [word]).rowcount:
                conn.executemany(
                    "INSERT OR IGNORE INTO name_deletes (variant, word) VALUES (?, ?)",
                    [(v, word) for v in variants(word)],
                )
        self.bump_names_version()

    def index_names(self, names: Sequence[tuple[int, int, str, str]], defer_deletes: bool = False) -> None:
        """Index many new names (name id, entity id, name, kind) at once, in name id order, with the
        same result as indexing them one by one.

        defer_deletes: a long load's typo keys wait in a temporary table until merge_deferred_deletes(),
        which writes them in one sorted pass (nothing reads them before the load commits)."""
        conn = self.db.conn
        folded = [(nid, eid, f, kind) for nid, eid, name, kind in names if (f := fold(name))]
        words = sorted({w for _, _, f, _ in folded for w in f.split()})
        held: dict[str, list[int]] = {w: [] for w in words}
        for chunk in _chunks(words):
            for word, entity_id in conn.execute(
                f"SELECT word, entity_id FROM name_words WHERE word IN ({','.join('?' * len(chunk))})",
                list(chunk),
            ):
                held[word].append(entity_id)
        postings: list[tuple[str, int, int]] = []
        vocabulary: set[str] = set()
        for name_id, entity_id, f, kind in sorted(folded):
            for word in set(f.split()):
                posting = held[word]
                if len(posting) < POSTINGS_CAP and entity_id not in posting:
                    posting.append(entity_id)
                    postings.append((word, name_id, entity_id))
            vocabulary |= vocabulary_of(f, kind)
        conn.executemany("INSERT INTO name_words (word, name_id, entity_id) VALUES (?,?,?)", postings)
        new = sorted(vocabulary - self.known_words(vocabulary))
        conn.executemany("INSERT INTO name_vocabulary (word) VALUES (?)", [(w,) for w in new])
        if defer_deletes:
            conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_DEFERRED} (word TEXT)")
            conn.executemany(
                f"INSERT INTO {_DEFERRED} (word) VALUES (?)", [(w,) for w in new if len(w) >= MIN_FUZZY_LEN]
            )
        else:
            conn.executemany(
                "INSERT OR IGNORE INTO name_deletes (variant, word) VALUES (?, ?)",
                sorted((v, w) for w in new for v in variants(w)),
            )
        self.bump_names_version()

    def merge_deferred_deletes(self) -> None:
        """Write the typo keys of the words index_names(defer_deletes=True) held back, in key order.

        The keys are made here in SQL, not in Python: `variants` as one INSERT … SELECT (each word under
        itself and under each one-letter deletion; SQLite's length and substr count characters, as
        Python's slicing does), so a load of 60k new words writes no 600k-row table in between."""
        conn = self.db.conn
        if conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = ?", [_DEFERRED]).fetchone():
            conn.execute(
                f"WITH RECURSIVE at(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM at "
                f"WHERE i < (SELECT max(length(word)) FROM {_DEFERRED})) "
                f"INSERT OR IGNORE INTO name_deletes (variant, word) "
                f"SELECT variant, word FROM (SELECT word AS variant, word FROM {_DEFERRED} UNION ALL "
                f"SELECT substr(word, 1, i - 1) || substr(word, i + 1), word FROM {_DEFERRED} "
                f"JOIN at ON i <= length(word)) ORDER BY variant, word"
            )
            conn.execute(f"DROP TABLE temp.{_DEFERRED}")

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Inside one write transaction: nested writes join it without savepoints (the caller rolls the
        whole transaction back on any failure) and new names are indexed together at the end."""
        assert self.db.conn.in_transaction, "bulk() belongs inside store.write()"
        self._pending_names = []
        self._bulk = True
        cache = self.db.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.db.conn.execute("PRAGMA cache_size = -65536")  # 64 MiB of pages while loading
        try:
            yield
            pending = self._pending_names
            self._pending_names = None
            self.index_names(pending)
        finally:
            self._pending_names = None
            self._bulk = False
            self.db.conn.execute(f"PRAGMA cache_size = {int(cache)}")

    def bump_names_version(self) -> None:
        self.db.conn.execute("UPDATE counters SET value = value + 1 WHERE name = 'names'")

    def names_version(self) -> int:
        """Goes up whenever a name or an entity changes, in any process (unlike every commit)."""
        row = self.db.conn.execute("SELECT value FROM counters WHERE name = 'names'").fetchone()
        return int(row[0]) if row else 0

    def reindex_names(self) -> None:
        with self.write():
            rebuild(self.db.conn)

    # -- what EntityIndex reads (bot.answering.entity_index.Lexicon) --------------------------------------

    def exact_names(self, keys: Collection[str]) -> dict[str, list[tuple[int, str, str]]]:
        """key -> (entity id, scope, name) for names whose key (folded, no spaces) is one of `keys`."""
        found: dict[str, list[tuple[int, str, str]]] = {}
        for chunk in _chunks(sorted(set(keys))):
            rows = self.db.conn.execute(
                "SELECT n.key, n.entity_id, e.scope, n.name FROM names n JOIN entities e ON e.id = n.entity_id "
                f"WHERE n.key IN ({','.join('?' * len(chunk))}) ORDER BY n.id",
                list(chunk),
            )
            for k, entity_id, scope, name in rows:
                found.setdefault(k, []).append((entity_id, scope, name))
        return found

    def known_words(self, words: Iterable[str]) -> set[str]:
        """Those of `words` that are in the vocabulary."""
        known: set[str] = set()
        for chunk in _chunks(sorted(set(words))):
            rows = self.db.conn.execute(
                f"SELECT word FROM name_vocabulary WHERE word IN ({','.join('?' * len(chunk))})", list(chunk)
            )
            known.update(r[0] for r in rows)
        return known

    def spellings(self, probes: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """variant -> the vocabulary words it is (or is one deletion away from), in word order."""
        found: dict[str, list[str]] = {}
        for chunk in _chunks(sorted(set(probes))):
            rows = self.db.conn.execute(
                f"SELECT variant, word FROM name_deletes WHERE variant IN ({','.join('?' * len(chunk))}) "
                "ORDER BY variant, word",
                list(chunk),
            )
            for variant, word in rows:
                found.setdefault(variant, []).append(word)
        return {v: tuple(ws) for v, ws in found.items()}

    def postings(self, word: str) -> list[int]:
        """Up to POSTINGS_CAP entities with a name containing `word`, first-named first."""
        rows = self.db.conn.execute(
            "SELECT entity_id FROM name_words WHERE word = ? ORDER BY name_id", [word]
        )
        return [r[0] for r in rows]

    def spelled_of(self, entity_id: int) -> list[tuple[str, str]]:
        """(name or alias, scope) of one entity, in the order they were added."""
        rows = self.db.conn.execute(
            "SELECT n.name, e.scope FROM names n JOIN entities e ON e.id = n.entity_id WHERE n.entity_id = ? "
            "ORDER BY n.id",
            [entity_id],
        )
        return [(r[0], r[1]) for r in rows if fold(r[0])]

    # -- autocomplete ----------------------------------------------------------------------------------

    def names_starting(self, prefix: str, scopes: Sequence[str], kind: str | None, limit: int) -> list[str]:
        """Primary names whose key starts with `prefix` (a key: folded, no spaces), in key order."""
        marks = ",".join("?" * len(scopes))
        params: list[Any] = [prefix, prefix + "\U0010ffff", *scopes]
        sql = (
            "SELECT e.name FROM names n JOIN entities e ON e.id = n.entity_id WHERE n.key >= ? AND n.key < ? "
            f"AND n.is_primary = 1 AND e.scope IN ({marks})"
        )
        if kind is not None:
            sql += " AND e.kind = ?"
            params.append(kind)
        rows = self.db.conn.execute(sql + " ORDER BY n.key LIMIT ?", [*params, limit])
        return [r[0] for r in rows]

    def first_names(self, scopes: Sequence[str], kind: str | None, limit: int) -> list[str]:
        return self.names_starting("", scopes, kind, limit)

    def words_starting(self, prefix: str, limit: int) -> list[str]:
        """Vocabulary words that start with `prefix`, in order."""
        rows = self.db.conn.execute(
            "SELECT word FROM name_vocabulary WHERE word >= ? AND word < ? ORDER BY word LIMIT ?",
            [prefix, prefix + "\U0010ffff", limit],
        )
        return [r[0] for r in rows]

    def entity_names(
        self, entity_ids: Sequence[int], scopes: Sequence[str], kind: str | None
    ) -> dict[int, str]:
        """Primary names of these entities, when visible in `scopes` and of `kind`."""
        if not entity_ids:
            return {}
        marks = ",".join("?" * len(scopes))
        params: list[Any] = [*entity_ids, *scopes]
        sql = (
            f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(entity_ids))}) "
            f"AND scope IN ({marks})"
        )
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        return {r[0]: r[1] for r in self.db.conn.execute(sql, params)}
