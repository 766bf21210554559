"""Answering a free-text question: read it, pick the facts that fit, and decide whether we are sure enough."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from bot import answers, messages, relations
from bot.answers import Answer
from bot.entity_index import EntityIndex, Mention
from bot.matcher import CUE_VOCABULARY, Reading, read
from bot.model import Entity
from bot.port import Field, Reply
from bot.store import Store
from bot.text import fold

THRESHOLD = 0.6
EVENT_FAMILIES = ("released", "invested_in", "acquired")


@dataclass
class Resolution:
    answer: Answer | None
    confidence: float
    suggestions: list[str]
    notes: list[str]


class Answerer:
    """Holds the entity index (rebuilt when the fact base changes) and answers questions against the store."""

    def __init__(self, store: Store, threshold: float = THRESHOLD):
        self.store = store
        self.threshold = threshold
        self._index: EntityIndex | None = None
        self._generation: int | None = None
        self._kinds: dict[int, Entity] = {}

    @property
    def index(self) -> EntityIndex:
        generation = self.store.generation()
        if self._index is None or generation != self._generation:
            self._index = EntityIndex(self.store.names(), extra_vocabulary=CUE_VOCABULARY)
            self._generation = generation
            self._kinds = {}
        return self._index

    def entity(self, entity_id: int) -> Entity:
        if entity_id not in self._kinds:
            self._kinds[entity_id] = self.store.entity(entity_id)
        return self._kinds[entity_id]

    def answer(self, question: str, scopes: list[str], today: date) -> Reply:
        index = self.index
        reading = read(question, index, scopes)
        if reading.greeting:
            return Reply(
                text=messages.HELP, kind="help", explanation=("read as a greeting or a request for help",)
            )
        res = self._resolve(reading, scopes, today)
        explanation = _explain(reading, res, self, self.threshold)
        if res.answer is not None and res.confidence >= self.threshold:
            reply = res.answer.reply(res.confidence, explanation)
            if res.notes:
                reply = _with_notes(reply, res.notes)
            return reply
        unsure = bool(reading.mentions)
        return answers.unknown(res.suggestions[:3], explanation, res.confidence, unsure)

    # -- choosing facts ---------------------------------------------------------------------------------

    def _resolve(self, reading: Reading, scopes: list[str], today: date) -> Resolution:
        if not reading.mentions:
            return self._fallback(reading, scopes)
        mentions = [(m, self.entity(m.entity_id)) for m in reading.mentions]
        primary, entity = mentions[0]
        other = mentions[1] if len(mentions) > 1 else None
        family = reading.family
        # "who was CEO of OpenAI before Sam Altman": the organization is the subject, the person a landmark.
        if family in relations.ROLE_FAMILIES or family is None:
            orgs = [p for p in mentions if p[1].kind != "person"]
            people = [p for p in mentions if p[1].kind == "person"]
            if orgs and people and family is not None:
                primary, entity = orgs[0]
                other = people[0]
            elif (
                people
                and not orgs
                and family in relations.ROLE_FAMILIES
                and reading.time.kind in ("past", "first")
            ):
                held = {
                    f.subject_id
                    for f in self.store.facts_naming(people[0][1].id, (people[0][1].name,), scopes)
                    if f.relation in relations.family_members(family)
                }
                if len(held) == 1:
                    other = people[0]
                    entity = self.entity(held.pop())
                    primary = replace(people[0][0], entity_id=entity.id)
        confidence = primary.score
        if reading.unknown_next_to_entity:
            confidence *= 0.5
        confidence *= 0.9 ** len(reading.unknown)
        if family is None and reading.unknown:
            confidence *= 0.5
        notes = self._alias_notes(mentions)
        suggestions = self._suggest(entity, family)
        if entity.kind == "person":
            answer = self._about_person(entity, family, scopes, today)
        elif entity.kind == "product":
            answer = self._about_product(entity, family, reading, scopes)
        else:
            answer = self._about_org(entity, family, reading, primary, other, scopes, today, notes)
        if answer is None:
            confidence = min(confidence, 0.3)
            suggestions = self._suggest(entity, None, exclude=family)
        return Resolution(answer, confidence, suggestions, notes)

    def _about_org(
        self,
        org: Entity,
        family: str | None,
        reading: Reading,
        mention: Mention,
        other: tuple[Mention, Entity] | None,
        scopes: list[str],
        today: date,
        notes: list[str],
    ) -> Answer | None:
        t = reading.time
        if family is None:
            facts = self.store.facts_about(org.id, scopes)
            if not facts:
                return None
            reply = answers.leadership(org, facts, today)
            if not reply.answered:
                return None
            shown = tuple(f for f in facts if f.id in reply.fact_ids)
            text = f"{org.description} {reply.text}".strip() if org.description else reply.text
            return Answer(text, shown, reply.fields)
        if family == "founder":
            facts = self.store.facts_about(org.id, scopes, relations.family_members(family))
            return answers.statements_answer(facts, None, None, None, intro=f"Who founded {org.name}:")
        if family in relations.ROLE_FAMILIES:
            facts = self.store.facts_about(org.id, scopes, relations.family_members(family))
            if not facts and org.successor_id is not None:
                successor = self.entity(org.successor_id)
                notes.append(messages.BECAME.format(old=org.name, new=successor.name))
                return self._about_org(successor, family, reading, mention, other, scopes, today, notes)
            landmark = None
            if other is not None and other[1].kind == "person":
                landmark = next((f for f in facts if f.object_id == other[1].id), None)
                if landmark is not None and t.kind not in ("past", "first", "at"):
                    landmark = None
            return answers.role_answer(org.name, family, facts, t.kind, t.lo, t.hi, today, before=landmark)
        members = relations.family_members(family)
        forward = self.store.facts_about(org.id, scopes, members)
        names = (org.name, *org.aliases)
        reverse = [f for f in self.store.facts_naming(org.id, names, scopes) if f.relation in members]
        if other is not None:
            target = other[1]
            keys = [fold(n) for n in (target.name, *target.aliases)]
            forward = [
                f for f in forward if f.object_id == target.id or any(k in fold(f.object) for k in keys)
            ]
        cue_first = 0 <= reading.cue_position < mention.start
        use_reverse = bool(reverse) and (reading.preceded_by_in or cue_first or not forward)
        chosen = reverse if use_reverse else forward
        label = relations.label(members[0])
        intro = f"Who {label} {org.name}:" if use_reverse else f"{org.name} — {label}:"
        return answers.statements_answer(chosen, t.kind, t.lo, t.hi, intro=intro)

    def _about_person(
        self, person: Entity, family: str | None, scopes: list[str], today: date
    ) -> Answer | None:
        as_object = self.store.facts_naming(person.id, (person.name, *person.aliases), scopes)
        as_subject = self.store.facts_about(person.id, scopes)
        if family is not None:
            members = relations.family_members(family)
            narrowed_obj = [f for f in as_object if f.relation in members]
            narrowed_subj = [f for f in as_subject if f.relation in members]
            if family not in relations.ROLE_FAMILIES and (narrowed_subj or narrowed_obj):
                events = [*narrowed_subj, *narrowed_obj]
                return answers.statements_answer(events, None, None, None, intro=f"{person.name}:")
            if narrowed_obj or narrowed_subj:
                as_object, as_subject = narrowed_obj, narrowed_subj
        return answers.person_answer(person, as_object, as_subject, today)

    def _about_product(
        self, product: Entity, family: str | None, reading: Reading, scopes: list[str]
    ) -> Answer | None:
        facts = self.store.facts_naming(product.id, (product.name, *product.aliases), scopes)
        facts += self.store.facts_about(product.id, scopes)
        if family is not None:
            narrowed = [f for f in facts if f.relation in relations.family_members(family)]
            facts = narrowed or facts
        t = reading.time
        return answers.statements_answer(
            facts,
            t.kind if t.kind in ("first", "latest") else None,
            None,
            None,
            intro=f"What I know about {product.name}:",
        )

    def _fallback(self, reading: Reading, scopes: list[str]) -> Resolution:
        """No entity named: try full-text search over statements, else offer the nearest names."""
        content = [w for w in reading.unknown if len(w) >= 3]
        suggestions = [self._question_for(self.entity(e), reading.family) for e in self.index.near(content)]
        if len(content) >= 2:
            for hit in self.store.search(" ".join(content), scopes, limit=3):
                text = set(fold(f"{hit.subject} {hit.object} {hit.statement}").split())
                overlap = sum(1 for w in content if w in text) / len(content)
                if overlap >= 0.75:
                    confidence = 0.6 + 0.3 * (overlap - 0.75) / 0.25
                    return Resolution(Answer(hit.statement, (hit,)), confidence, suggestions, [])
                suggestions.append(self._question_for(self.entity(hit.subject_id), None))
        return Resolution(None, 0.0, list(dict.fromkeys(suggestions)), [])

    def _alias_notes(self, mentions: Sequence[tuple[Mention, Entity]]) -> list[str]:
        notes = []
        for m, e in mentions:
            if fold(m.matched) != fold(e.name):
                note = self.store.alias_note(e.id, m.matched)
                if note:
                    notes.append(note)
        return notes

    def _suggest(self, entity: Entity, family: str | None, exclude: str | None = None) -> list[str]:
        if family is not None:
            return [self._question_for(entity, family)]
        if entity.kind != "organization":
            return [self._question_for(entity, None)]
        known = {
            relations.RELATIONS[f.relation].family
            for f in self.store.facts_about(entity.id, [entity.scope])
            if f.relation in relations.RELATIONS
        }
        order = ["ceo", "founder", "released", "chief_scientist", "cto", "chair", "invested_in", "acquired"]
        return [
            messages.FAMILY_QUESTIONS[f].format(name=entity.name)
            for f in order
            if f in known and f != exclude
        ][:3]

    @staticmethod
    def _question_for(entity: Entity, family: str | None) -> str:
        if entity.kind == "person":
            return messages.PERSON_QUESTION.format(name=entity.name)
        if entity.kind == "product":
            return messages.PRODUCT_QUESTION.format(name=entity.name)
        template = messages.FAMILY_QUESTIONS.get(family or "ceo", messages.FAMILY_QUESTIONS["ceo"])
        return template.format(name=entity.name)


def _with_notes(reply: Reply, notes: list[str]) -> Reply:
    return replace(reply, fields=(*reply.fields, *(Field("Note", n) for n in notes)))


def _explain(reading: Reading, res: Resolution, answerer: Answerer, threshold: float) -> list[str]:
    lines = []
    for m in reading.mentions:
        e = answerer.entity(m.entity_id)
        how = "exact" if m.score == 1.0 else f"typo-corrected, score {m.score:.2f}"
        lines.append(f"entity: {e.name} ({e.kind}) from {m.surface!r} matching {m.matched!r} ({how})")
    if not reading.mentions:
        lines.append("entity: none recognised")
    lines.append(
        f"relation: {reading.family} (cue {reading.cue!r})" if reading.family else "relation: none asked"
    )
    lines.append(
        f"time: {reading.time.kind} (cue {reading.time.said!r})" if reading.time.kind else "time: not given"
    )
    if reading.corrections:
        lines.append("corrected: " + ", ".join(f"{a!r}→{b!r}" for a, b in reading.corrections))
    lines.append(
        "unexplained words: "
        + (", ".join(reading.unknown) if reading.unknown else "none")
        + (" (one right after the entity: probably something else)" if reading.unknown_next_to_entity else "")
    )
    verdict = "answer" if res.answer is not None and res.confidence >= threshold else "abstain"
    lines.append(f"confidence: {res.confidence:.2f} (threshold {threshold}) → {verdict}")
    return lines
