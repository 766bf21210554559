"""Entities and their names (aliases, notes, successors): what the matcher indexes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from factbot.bot.domain.errors import BadArgument, NotFound
from factbot.bot.domain.model import Entity, visible_scopes
from factbot.bot.domain.text import fold, key
from factbot.bot.storage.name_index import NameIndexTables


class EntityTables(NameIndexTables):
    """Entities, names and aliases."""

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
                "SELECT n.entity_id, n.name, e.scope, e.kind FROM names n JOIN entities e ON e.id = n.entity_id "
                "ORDER BY n.id"
            )
        ]

    def ambiguous_names(self) -> dict[tuple[int, str], frozenset[str]]:
        """(entity id, name) of every name flagged as an everyday word or short token -> the words of the
        entity's other names: such a name counts only with supporting context (bot.answering.matcher)."""
        rows = self.db.execute(
            "SELECT n.entity_id, n.name, o.name FROM names n JOIN names o ON o.entity_id = n.entity_id "
            "WHERE n.ambiguous = 1 AND o.id != n.id"
        ).fetchall()
        out: dict[tuple[int, str], set[str]] = {}
        for entity_id, name, other in rows:
            words = out.setdefault((entity_id, name), set())
            words.update(w for w in fold(other).split() if w not in fold(name).split())
        for entity_id, name in self.db.execute("SELECT entity_id, name FROM names WHERE ambiguous = 1"):
            out.setdefault((entity_id, name), set())
        return {k: frozenset(v) for k, v in out.items()}

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
        found = self.find_entity_id(name, scopes)
        return self.entity(found) if found is not None else None

    def find_entity_id(self, name: str, scopes: Sequence[str]) -> int | None:
        """The id of find_entity's entity, without reading its aliases."""
        marks = ",".join("?" * len(scopes))
        row = self.db.execute(
            f"SELECT n.entity_id FROM names n JOIN entities e ON e.id = n.entity_id "
            f"WHERE n.key = ? AND e.scope IN ({marks}) ORDER BY n.is_primary DESC, e.scope = 'global' LIMIT 1",
            [key(name), *scopes],
        ).fetchone()
        return int(row[0]) if row else None

    def ensure_entity(self, name: str, kind: str, scope: str, actor: str, description: str = "") -> int:
        """The id of the entity called `name` visible in `scope`, creating it there if needed."""
        existing = self.find_entity_id(name, visible_scopes(scope))
        if existing is not None:
            return existing
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

    def add_alias(self, entity_id: int, alias: str, note: str = "", ambiguous: bool | None = None) -> None:
        """Add a name (kept as is when the entity has it already); `ambiguous` sets or clears its flag."""
        with self.write():
            exists = self.db.execute(
                "SELECT 1 FROM names WHERE entity_id = ? AND key = ?", [entity_id, key(alias)]
            ).fetchone()
            if not exists:
                self._add_name(entity_id, alias.strip(), primary=False, note=note)
            if ambiguous is not None:
                self.db.execute(
                    "UPDATE names SET ambiguous = ? WHERE entity_id = ? AND key = ?",
                    [int(ambiguous), entity_id, key(alias)],
                )

    def rename_entity(self, entity_id: int, new_name: str) -> None:
        """Give an entity a new primary name; the old one stays as an alias, so questions using it still work."""
        with self.write():
            self.db.execute("UPDATE names SET is_primary = 0 WHERE entity_id = ?", [entity_id])
            self.add_alias(entity_id, new_name)
            self.db.execute(
                "UPDATE names SET is_primary = 1, name = ? WHERE entity_id = ? AND key = ?",
                [new_name.strip(), entity_id, key(new_name)],
            )
            self.db.execute("UPDATE entities SET name = ? WHERE id = ?", [new_name.strip(), entity_id])

    def describe_entity(self, entity_id: int, kind: str, description: str, actor: str) -> None:
        """Set kind and description of an entity `actor` made (or one nobody described yet)."""
        with self.write():
            self.db.execute(
                "UPDATE entities SET kind = ?, description = ? "
                "WHERE id = ? AND (added_by = ? OR coalesce(description, '') = '')",
                [kind, description, entity_id, actor],
            )

    def set_successor(self, entity_id: int, successor_id: int | None) -> None:
        with self.write():
            self.db.execute("UPDATE entities SET successor_id = ? WHERE id = ?", [successor_id, entity_id])
            self.bump_names_version()

    def _add_name(self, entity_id: int, name: str, primary: bool, note: str = "") -> None:
        """Store a name and index it in the same transaction, so every process finds it once committed."""
        name_id = self.db.execute(
            "INSERT INTO names (entity_id, name, key, is_primary, note) VALUES (?,?,?,?,?)",
            [entity_id, name, key(name), int(primary), note],
        ).lastrowid
        assert name_id is not None
        kind = self.db.execute("SELECT kind FROM entities WHERE id = ?", [entity_id]).fetchone()[0]
        self.index_name(name_id, entity_id, name, kind)

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
