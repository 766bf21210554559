"""The answering side's view of the store: entities (cached until the names change), the facts about or
naming an entity, and the name index the store keeps. Every answering step reads the base through it."""

from __future__ import annotations

from factbot.bot.answering.entity_index import EntityIndex
from factbot.bot.answering.matcher import CUE_VOCABULARY, GENERIC_WORDS, STOPWORDS
from factbot.bot.domain import dates, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.text import fold
from factbot.bot.storage.store import Store


class Lookup:
    """One per Answerer; `refresh` before each question picks up names added here or in another process."""

    MAX_CACHED_ENTITIES = 10_000

    def __init__(self, store: Store):
        self.store = store
        # plain words the reader knows are never a name mistyped: 'altogether' is not Together AI
        self.index = EntityIndex(
            lexicon=store, extra_vocabulary=CUE_VOCABULARY, never_correct=STOPWORDS | GENERIC_WORDS
        )
        self.ambiguous: dict[tuple[int, str], frozenset[str]] = {}
        self._names_version: int | None = None
        self._entities: dict[int, Entity] = {}

    def entity(self, entity_id: int) -> Entity:
        if entity_id not in self._entities:
            if len(self._entities) >= self.MAX_CACHED_ENTITIES:
                self._entities.clear()
            self._entities[entity_id] = self.store.entity(entity_id)
        return self._entities[entity_id]

    def refresh(self) -> None:
        """Entities read earlier may have gained an alias or a successor, here or in another process."""
        version = self.store.names_version()
        if version != self._names_version:
            self._entities.clear()
            self.index.forget()
            self.ambiguous = self.store.ambiguous_names()
            self._names_version = version

    def naming(self, entity: Entity, scopes: list[str]) -> list[Fact]:
        """Facts that name the entity as their object (by id, or by one of its names in the object text).

        A person's one-word alias that is part of another's name ('Wang' of Wang Xiaochuan, in 'Alexandr
        Wang') does not find them in text: it would hand them the other person's jobs."""
        names = [entity.name, *entity.aliases]
        if entity.kind == "person":
            names = [n for n in names if " " in n.strip() or not self.namesakes(entity, n)]
        return self.store.facts_naming(entity.id, names, scopes)

    def namesakes(self, person: Entity, word: str) -> list[Entity]:
        """Other people with `word` (a surname, say) in their name: 'wang' -> Alexandr Wang, Jeff Wang."""
        folded = fold(word)
        return [
            other
            for other in (self.entity(i) for i in self.index.postings(folded) if i != person.id)
            if other.kind == "person" and folded in fold(other.name).split()
        ]

    def related(self, entity: Entity, scopes: list[str]) -> list[Fact]:
        """Every fact about or naming the entity."""
        return self.store.facts_about(entity.id, scopes) + self.naming(entity, scopes)

    def founding(self, org: Entity, scopes: list[str]) -> Fact | None:
        """The earliest dated founding fact of an organization: when it came to exist, if the base says."""
        founded = [
            f for f in self.store.facts_about(org.id, scopes, relations.family_members("founder")) if f.start
        ]
        return min(founded, key=lambda f: dates.sort_key(f.start)) if founded else None

    def maker(self, product: Entity, scopes: list[str]) -> Entity | None:
        """Whoever released the product, if the base says."""
        makers = [f.subject_id for f in self.naming(product, scopes) if f.relation == "released"]
        return self.entity(makers[0]) if makers else None
