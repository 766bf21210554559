"""What every part of reading a follow-up looks up: entities, readings of text, a fact's people, who held a
role where, a person's pronoun as the fact base uses it, and a question's frame."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from factbot.bot.answering.answerer import Answerer
from factbot.bot.answering.matcher import Reading, read
from factbot.bot.domain import dates, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.text import fold
from factbot.bot.storage.store import Store
from factbot.bot.usecases.conversation_state import SLOT, Focus, Frame
from factbot.bot.usecases.followup_words import ELSE_WORDS, family_word, time_positions
from factbot.bot.usecases.pronouns import pronoun_evidence
from factbot.bot.usecases.succession import names_person


class Lookups:
    """The answerer's entity index and the store, as the conversation readers need them."""

    def __init__(self, answerer: Answerer, store: Store, scopes: list[str], today: date):
        self.answerer = answerer
        self.store = store
        self.scopes = scopes
        self.today = today

    def reading(self, question: str) -> Reading:
        return read(question, self.answerer.index, self.scopes)

    def entity(self, entity_id: int) -> Entity:
        return self.answerer.entity(entity_id)

    def _who(self, person_id: int, focus: Focus) -> Entity:
        return focus.names.get(person_id) or self.entity(person_id)

    def _after(self, person: Entity, family: str, org: Entity) -> str | None:
        """'after X' in a role: the question 'who was ROLE of ORG in MONTH YEAR' for the month X left."""
        facts = self.store.facts_about(org.id, self.scopes, relations.family_members(family))
        theirs = [f for f in facts if f.object_id == person.id or fold(f.object) == fold(person.name)]
        held = [f for f in theirs if f.end]
        if not held:
            return None
        end = max(f.end or "" for f in held)[:7]
        others = [f for f in facts if f not in theirs and f.start]
        if not any(f.start[:7] <= end and (not f.end or f.end[:7] >= end) for f in others if f.start):
            # no one else in the role the month they left it: the month the next holder began
            later = sorted((f.start or "")[:7] for f in others if (f.start or "")[:7] > end)
            end = later[0] if later else end
        return f"who was {family_word(family)} of {org.name} in {dates.human(end)}"

    def _held_there(self, people: Sequence[Entity], org: Entity, family: str | None) -> bool:
        return len(people) == 1 and family is not None and people[0].id in self._holders(org.id, family)

    def _holders(self, org_id: int, family: str) -> set[int]:
        """Everyone the base says held a role of this family at the organization, at any time."""
        facts = self.store.facts_about(org_id, self.scopes, relations.family_members(family))
        return {f.object_id for f in facts if f.object_id is not None}

    def _focus_org(self, focus: Focus, exclude: set[int]) -> Entity | None:
        if focus.org is not None and focus.org not in exclude:
            return self.entity(focus.org)
        return None

    def _lead_person(self, focus: Focus, org: Entity | None) -> Entity | None:
        for rank in focus.people:
            if rank:
                return self._who(rank[0], focus)
        return None

    def pronoun_of(self, person_id: int) -> str | None:
        """'f' or 'm' when the person's own facts refer to them so, else None (never guessed from a name)."""
        person = self.entity(person_id)
        facts = self.store.facts_about(person.id, self.scopes) + self.store.facts_naming(
            person.id, (person.name, *person.aliases), self.scopes
        )
        return pronoun_evidence(person, facts, lambda f: self._named_people(f))

    def pronoun_fits(self, person_id: int, gender: str) -> bool:
        """A person the statements refer to as 'she' fits only 'she' (and 'he' only 'he'); one the base
        says nothing about fits either, and the answer then says whom it took the pronoun for."""
        known = self.pronoun_of(person_id) if person_id > 0 else None
        return known is None or known == gender

    def frame(self, reading: Reading) -> Frame:
        words = reading.words
        starts = {m.start: m for m in reading.mentions}
        inside = {i for m in reading.mentions for i in range(m.start, m.end)}
        time_at = time_positions(words, inside)
        tokens: list[str] = []
        entities: list[Entity] = []
        time_words: list[str] = []
        landmark: Entity | None = None
        i = 0
        while i < len(words):
            if i in starts:
                m = starts[i]
                e = self.entity(m.entity_id)
                after_before = bool(time_words) and time_words[-1] in ("before", "preceded", "prior")
                if e.kind == "person" and after_before and i - 1 in time_at and landmark is None:
                    landmark = e
                elif all(x.id != e.id for x in entities):
                    tokens.append(SLOT + str(len(entities)))
                    entities.append(e)
                i = m.end
                continue
            if i in time_at:
                time_words.append(words[i])
            elif i not in inside:
                tokens.append(words[i])
            i += 1
        return Frame(tuple(tokens), tuple(entities), tuple(time_words), landmark)

    def _text_landmark(self, words: Sequence[str], focus: Focus | None) -> Entity | None:
        """'before Adam Selipsky' where the person is known only as a name in a fact."""
        if focus is None:
            return None
        text = " ".join(words)
        for person in focus.names.values():
            if f"before {fold(person.name)}" in text:
                return person
        return None

    def _fact(self, fact_id: int) -> Fact | None:
        try:
            return self.store.fact(fact_id, self.scopes)
        except Exception:  # a fact retired between the answer and now: nothing to remember
            return None

    def _named_people(self, fact: Fact) -> list[Entity]:
        return [self.entity(i) for i in self._people_in(fact)]

    def _people_in(self, fact: Fact) -> list[int]:
        """The people a fact is about; an object naming several ('Larry Page and Sergey Brin') names each."""
        out = []
        objects = [fact.object_id] if fact.object_id is not None else self._named_in(fact.object)
        for eid in (*objects, fact.subject_id):
            if eid is not None and eid not in out and self.entity(eid).kind == "person":
                out.append(eid)
        return out

    def _whole_name(self, name: str) -> list[int]:
        """Entities named by all of this name ('Adam Selipsky' is not 'Adam' D'Angelo)."""
        words = fold(name).split()
        found = self.answerer.index.find(words, self.scopes)
        return [m.entity_id for m in found if m.score >= 1.0 and (m.start, m.end) == (0, len(words))]

    def _named_in(self, text: str) -> list[int]:
        words = fold(text).split()
        found = self.answerer.index.find(words, self.scopes)
        return [m.entity_id for m in found if m.score >= 1.0]

    def frame_family(self, frame: Frame) -> str | None:
        """The relation family the frame's question asks about."""
        return self.reading(frame.render()).family

    def founded(self, person: Entity, org: Entity) -> bool:
        """The base says the person founded the organization: a founder fact, or their role's statement
        calls them its co-founder ('Michael Truell is co-founder and CEO of Anysphere')."""
        if person.id in self._holders(org.id, "founder"):
            return True
        return any(
            f.object_id == person.id and "founder" in fold(f.statement)
            for f in self.store.facts_about(org.id, self.scopes)
        )

    def founded_by(self, person: Entity, focus: Focus) -> Entity | None:
        """The company this person founded that the conversation is about, else the one the base names."""
        if focus.org is not None and person.id in self._holders(focus.org, "founder"):
            return self.entity(focus.org)
        members = relations.family_members("founder")
        for f in self.store.facts_naming(person.id, (person.name, *person.aliases), self.scopes):
            if f.relation in members and self.entity(f.subject_id).kind != "person":
                return self.entity(f.subject_id)
        return None

    def _besides(self, words: Sequence[str], focus: Focus, resolved: Sequence[Entity]) -> tuple[Entity, ...]:
        """'who else founded it': the people just named, whom the answer must go beyond."""
        if not set(words) & ELSE_WORDS or not focus.people:
            return ()
        taken = {e.id for e in resolved}
        return tuple(self._who(p, focus) for p in focus.people[0] if p not in taken)

    def earliest_org_before(self, person: Entity, org: Entity) -> Entity | None:
        """Of the organizations where the person held a role or founded something before joining `org`,
        the one they were at first (what 'where was X before ORG' listed last)."""
        held = [
            f
            for f in self.store.facts_naming(person.id, (person.name, *person.aliases), self.scopes)
            if (f.object_id == person.id or (f.object_id is None and names_person(f.object, person)))
            and f.start
            and _role_or_founding(f.relation)
        ]
        there = [f.start or "" for f in held if f.subject_id == org.id]
        if not there:
            return None
        cut = dates.sort_key(min(there, key=dates.sort_key))
        before = [f for f in held if f.subject_id != org.id and dates.sort_key(f.start) < cut]
        if not before:
            return None
        first = min(before, key=lambda f: dates.sort_key(f.start))
        found = self.entity(first.subject_id)
        return found if found.kind != "person" else None


def _role_or_founding(relation: str) -> bool:
    rel = relations.RELATIONS.get(relation)
    return rel is not None and (rel.family in relations.ROLE_FAMILIES or rel.family == "founder")
