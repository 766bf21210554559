"""Answering a free-text question: read it, pick the facts that fit, and decide whether we are sure enough.

The facts are chosen in this order, each step only when the earlier ones found nothing:
1. two entities named together: the facts that link them ("what did Google do with Character.AI");
2. words the matcher could not place, found in the named entity's own facts ("OpenAI's CEO of Applications");
3. the relation asked for, with its time context ("who ran Stability AI before Prem Akkaraju");
4. the relation's words inside the entity's statements ("CEO of Thinking Machines Lab", stored only in prose).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from factbot.bot.answering import compose
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import EntityIndex, Mention
from factbot.bot.answering.matcher import CUE_VOCABULARY, STOPWORDS, Reading, read
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.port import Field, Reply, ReplyKind
from factbot.bot.domain.text import fold
from factbot.bot.storage.store import Store

THRESHOLD = 0.6
# Words that name each relation family inside a statement (for step 4).
FAMILY_WORDS: dict[str, tuple[str, ...]] = {
    "ceo": ("ceo", "chief executive"),
    "founder": ("founded", "founder", "co-founded", "launched"),
    "chair": ("chair",),
    "president": ("president",),
    "cto": ("cto", "chief technology"),
    "coo": ("coo", "chief operating"),
    "cfo": ("cfo", "chief financial"),
    "chief_scientist": ("chief scientist", "chief science", "chief ai scientist"),
    "head_of_ai": ("chief ai officer", "head of ai", "ai chief", "leads ai"),
    "board_member": ("board",),
    "released": ("released", "launched", "announced", "unveiled", "introduced", "published"),
    "invested_in": ("invest", "stake"),
    "acquired": ("acquired", "bought", "acquisition", "merger"),
    "resigned": ("resigned", "stepped down", "left"),
}


@dataclass
class Resolution:
    answer: Answer | None
    confidence: float
    suggestions: list[str]
    notes: list[str]
    step: str = ""


@dataclass
class Subject:
    """What the question is about, after roles are sorted out."""

    mention: Mention
    entity: Entity
    other: Entity | None  # a second entity named: a landmark person, a partner organization
    family: str | None


class Answerer:
    """Answers questions against the store, through the name index the store keeps (nothing to build)."""

    MAX_CACHED_ENTITIES = 10_000

    def __init__(self, store: Store, threshold: float = THRESHOLD):
        self.store = store
        self.threshold = threshold
        self.index = EntityIndex(lexicon=store, extra_vocabulary=CUE_VOCABULARY, never_correct=STOPWORDS)
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
            self._names_version = version

    def answer(self, question: str, scopes: list[str], today: date) -> Reply:
        self.refresh()
        reading = read(question, self.index, scopes)
        if reading.greeting:
            return Reply(
                text=messages.HELP, kind=ReplyKind.HELP, explanation=("read as a greeting or a request for help",)
            )
        res = self._resolve(reading, scopes, today)
        explanation = _explain(reading, res, self, self.threshold)
        if res.answer is not None and res.confidence >= self.threshold:
            reply = res.answer.reply(res.confidence, explanation)
            if res.notes:
                reply = replace(reply, fields=(*reply.fields, *(Field("Note", n) for n in res.notes)))
            return reply
        return compose.unknown(
            res.suggestions[:3], explanation, res.confidence, unsure=bool(reading.mentions)
        )

    # -- choosing facts ---------------------------------------------------------------------------------

    def _resolve(self, reading: Reading, scopes: list[str], today: date) -> Resolution:
        if not reading.mentions:
            return self._fallback(reading, scopes)
        named: list[tuple[Mention, Entity]] = []
        for m in reading.mentions:
            entity = self.entity(m.entity_id)
            if any(e.id == entity.id for _, e in named):
                # 'when did Facebook become Meta': one entity under two names; the old name is the topic.
                reading.unknown += [w for w in fold(m.surface).split() if w not in fold(entity.name).split()]
                reading.unknown += [
                    w for w in fold(named[0][0].surface).split() if w not in fold(entity.name).split()
                ]
                continue
            named.append((m, entity))
        subject = self._subject(named, reading, scopes)
        notes = self._alias_notes(named)
        entity, family = subject.entity, subject.family
        base = min(m.score for m, _ in named)
        steps: tuple[tuple[str, Callable[[], Answer | None]], ...] = (
            ("pair", lambda: self._pair(subject, reading, scopes)),
            ("words", lambda: self._by_words(subject, reading, scopes)),
            ("period", lambda: self._in_period(subject, reading, scopes)),
            ("relation", lambda: self._by_family(subject, reading, scopes, today, notes)),
            ("prose", lambda: self._by_family_words(subject, reading, scopes)),
        )
        for step, find in steps:
            answer = find()
            if answer is not None:
                return Resolution(
                    answer, self._confidence(base, reading, step), self._suggest(entity, family), notes, step
                )
        return Resolution(None, min(base, 0.3), self._suggest(entity, None, exclude=family), notes)

    @staticmethod
    def _confidence(base: float, reading: Reading, step: str) -> float:
        """Entity certainty, lowered for words we could not place (unless a step used those very words)."""
        if step in ("pair", "words"):
            return base * 0.95
        if step == "period":
            return base * 0.85
        confidence = base
        if reading.unknown_next_to_entity:
            confidence *= 0.5  # 'Google Brain', 'Apple Music': probably something else than the entity
        confidence *= 0.9 ** len(reading.unknown)
        if reading.family is None and reading.unknown:
            confidence *= 0.5
        if step == "prose":
            confidence *= 0.9
        return confidence

    def _subject(self, named: list[tuple[Mention, Entity]], reading: Reading, scopes: list[str]) -> Subject:
        family = reading.family
        mention, entity = named[0]
        roles = [f for f in reading.families if f in relations.ROLE_FAMILIES]
        if entity.kind == "product" and roles and family not in relations.ROLE_FAMILIES:
            family = roles[0]  # "the CEO of the company that makes ChatGPT": the role, not the release
        others = [e for _, e in named[1:]]
        orgs = [(m, e) for m, e in named if e.kind not in ("person", "product")]
        people = [e for _, e in named if e.kind == "person"]
        if family in relations.ROLE_FAMILIES:
            if orgs and people:
                # "who was CEO of OpenAI before Sam Altman": the organization is the subject, the person a landmark.
                mention, entity = orgs[0]
                return Subject(mention, entity, people[0], family)
            if entity.kind == "product":
                # "who is the CEO of the company that makes ChatGPT": go through the maker.
                maker = self._maker(entity, scopes)
                if maker is not None:
                    return Subject(mention, maker, None, family)
            if people and not orgs and reading.time.kind in ("past", "first"):
                # "who was CEO before Prem Akkaraju": the organization where the person held that role.
                held = {
                    f.subject_id
                    for f in self._naming(people[0], scopes)
                    if f.relation in relations.family_members(family)
                }
                if len(held) == 1:
                    return Subject(mention, self.entity(held.pop()), people[0], family)
        free = _free_words(reading)
        if (
            family == "ceo"
            and entity.kind == "organization"
            and ("ai" in free or "agi" in free)
            and self.store.facts_about(entity.id, scopes, ("head_of_ai",))
        ):
            family = "head_of_ai"  # "who runs Meta's AI": the AI chief, not the CEO
        return Subject(mention, entity, others[0] if others else None, family)

    def _maker(self, product: Entity, scopes: list[str]) -> Entity | None:
        makers = [f.subject_id for f in self._naming(product, scopes) if f.relation == "released"]
        return self.entity(makers[0]) if makers else None

    def _naming(self, entity: Entity, scopes: list[str]) -> list[Fact]:
        return self.store.facts_naming(entity.id, (entity.name, *entity.aliases), scopes)

    def _related(self, entity: Entity, scopes: list[str]) -> list[Fact]:
        """Every fact about or naming the entity."""
        return self.store.facts_about(entity.id, scopes) + self._naming(entity, scopes)

    # step 1
    def _pair(self, subject: Subject, reading: Reading, scopes: list[str]) -> Answer | None:
        other = subject.other
        if other is None or (subject.family in relations.ROLE_FAMILIES and other.kind == "person"):
            return None
        keys = [fold(n) for n in (other.name, *other.aliases) if len(fold(n)) > 2]
        linked = [
            f
            for f in self._related(subject.entity, scopes)
            if f.object_id == other.id
            or f.subject_id == other.id
            or any(_has_phrase(fold(f"{f.object} {f.statement}"), k) for k in keys)
        ]
        if not linked:
            return None
        if subject.family is not None:
            narrowed = [f for f in linked if f.relation in relations.family_members(subject.family)]
            linked = narrowed or linked
        t = reading.time
        return compose.statements_answer(
            _unique(linked),
            t.kind,
            t.lo,
            t.hi,
            asks_when=reading.asks_when,
            intro=f"{subject.entity.name} and {other.name}:",
        )

    # step 2
    def _by_words(self, subject: Subject, reading: Reading, scopes: list[str]) -> Answer | None:
        words = [w for w in reading.unknown if len(w) >= 3]
        if not words:
            return None
        words += reading.numbers  # 'a 5 trillion valuation' must find the 5
        hits = []
        for f in _unique(self._related(subject.entity, scopes)):
            text = fold(f"{f.object} {f.statement}").split()
            found = sum(1 for w in words if _stem_in(w, text))
            if found == len(words) or (found >= 2 and found / len(words) >= 0.5):
                hits.append((found, f))
        if not hits:
            return None
        best = max(n for n, _ in hits)
        chosen = [f for n, f in hits if n == best]
        if subject.family is not None:
            akin = relations.family_members(subject.family)
            if subject.family == "ceo":  # 'who led Meta's FAIR lab': running a unit is heading it
                akin += relations.family_members("head_of_ai")
            fitting = [
                f for f in chosen if f.relation in akin or _mentions_family(f, subject.family, reading)
            ]
            if not fitting:
                return None
            chosen = fitting
        if subject.other is not None:
            chosen = [f for f in chosen if f.object_id != subject.other.id] or chosen
        t = reading.time
        return compose.statements_answer(
            chosen, t.kind, t.lo, t.hi, asks_when=reading.asks_when, intro=f"About {subject.entity.name}:"
        )

    # step 2b
    def _in_period(self, subject: Subject, reading: Reading, scopes: list[str]) -> Answer | None:
        """'What happened to Sam Altman in November 2023': what started then."""
        t = reading.time
        if t.kind != "at" or subject.family is not None or t.lo is None or t.hi is None:
            return None
        lo, hi = t.lo, t.hi
        began = [
            f
            for f in _unique(self._related(subject.entity, scopes))
            if f.start and dates.overlaps(f.start, f.start, lo, hi)
        ]
        events = [
            f
            for f in began
            if relations.RELATIONS.get(f.relation) is None
            or relations.RELATIONS[f.relation].family not in relations.ROLE_FAMILIES
        ] or began
        return compose.statements_answer(events, None, None, None, intro=f"{subject.entity.name}, {t.said}:")

    # step 3
    def _by_family(
        self, subject: Subject, reading: Reading, scopes: list[str], today: date, notes: list[str]
    ) -> Answer | None:
        entity, family = subject.entity, subject.family
        if entity.kind == "person":
            return self._about_person(entity, family, reading, scopes, today)
        if entity.kind == "product":
            return self._about_product(entity, family, reading, scopes)
        t = reading.time
        if family is None:
            return self._overview(entity, scopes, today)
        members = relations.family_members(family)
        if family in relations.ROLE_FAMILIES:
            facts = self.store.facts_about(entity.id, scopes, members)
            if not facts and entity.successor_id is not None:
                successor = self.entity(entity.successor_id)
                notes.append(messages.BECAME.format(old=entity.name, new=successor.name))
                return self._by_family(replace(subject, entity=successor), reading, scopes, today, notes)
            if not facts:
                # Stored the other way round: "Emad Mostaque | founder | Intelligent Internet".
                facts = [f for f in self._naming(entity, scopes) if f.relation in members]
                return compose.statements_answer(facts, None, None, None, intro=f"About {entity.name}:")
            if family == "founder":
                return compose.statements_answer(facts, None, None, None, intro=f"Who founded {entity.name}:")
            person = subject.other if subject.other is not None and subject.other.kind == "person" else None
            return compose.role_answer(entity.name, family, facts, t.kind, t.lo, t.hi, today, person=person)
        forward = self.store.facts_about(entity.id, scopes, members)
        reverse = [f for f in self._naming(entity, scopes) if f.relation in members]
        cue_first = 0 <= reading.cue_position < subject.mention.start
        use_reverse = bool(reverse) and (reading.preceded_by_in or cue_first or not forward)
        chosen = reverse if use_reverse else forward
        label = relations.label(members[0])
        intro = f"Who {label} {entity.name}:" if use_reverse else f"{entity.name} — {label}:"
        return compose.statements_answer(chosen, t.kind, t.lo, t.hi, asks_when=reading.asks_when, intro=intro)

    # step 4
    def _by_family_words(self, subject: Subject, reading: Reading, scopes: list[str]) -> Answer | None:
        family = subject.family
        if family is None or subject.entity.kind == "person":
            return None
        hits = [
            f for f in _unique(self._related(subject.entity, scopes)) if _mentions_family(f, family, reading)
        ]
        if subject.other is not None:
            keys = [fold(n) for n in (subject.other.name, *subject.other.aliases)]
            hits = [f for f in hits if any(_has_phrase(fold(f.statement), k) for k in keys)] or hits
        if not hits:
            return None
        return compose.statements_answer(
            hits, None, None, None, asks_when=reading.asks_when, intro=f"About {subject.entity.name}:"
        )

    def _overview(self, org: Entity, scopes: list[str], today: date) -> Answer | None:
        facts = self.store.facts_about(org.id, scopes)
        if not facts:
            return None
        reply = compose.leadership(org, facts, today)
        if not reply.answered:
            return None
        shown = tuple(f for f in facts if f.id in reply.fact_ids)
        text = f"{org.description} {reply.text}".strip() if org.description else reply.text
        return Answer(text, shown, reply.fields)

    def _about_person(
        self, person: Entity, family: str | None, reading: Reading, scopes: list[str], today: date
    ) -> Answer | None:
        as_object = self._naming(person, scopes)
        as_subject = self.store.facts_about(person.id, scopes)
        if family is not None:
            members = relations.family_members(family)
            narrowed_obj = [f for f in as_object if f.relation in members]
            narrowed_subj = [f for f in as_subject if f.relation in members]
            if family not in relations.ROLE_FAMILIES and (narrowed_subj or narrowed_obj):
                events = [*narrowed_subj, *narrowed_obj]
                return compose.statements_answer(
                    events, None, None, None, asks_when=reading.asks_when, intro=f"{person.name}:"
                )
            if narrowed_obj or narrowed_subj:
                as_object, as_subject = narrowed_obj, narrowed_subj
        return compose.person_answer(
            person, as_object, as_subject, today, now_only=reading.time.kind == "now"
        )

    def _about_product(
        self, product: Entity, family: str | None, reading: Reading, scopes: list[str]
    ) -> Answer | None:
        facts = _unique(self._related(product, scopes))
        if product.successor_id is not None:
            facts += self._naming(self.entity(product.successor_id), scopes)
        if family is not None:
            facts = [f for f in facts if f.relation in relations.family_members(family)] or facts
        t = reading.time
        return compose.statements_answer(
            _unique(facts),
            t.kind if t.kind in ("first", "latest") else None,
            None,
            None,
            asks_when=reading.asks_when,
            intro=f"What I know about {product.name}:",
        )

    def _fallback(self, reading: Reading, scopes: list[str]) -> Resolution:
        """No entity named: try full-text search over statements, else offer the nearest names."""
        content = [w for w in reading.unknown if len(w) >= 3]
        suggestions = [self._question_for(self.entity(e), reading.family) for e in self.index.near(content)]
        if len(content) >= 2 and reading.family is None:
            for hit in self.store.search(" ".join(content), scopes, limit=3, match_all=len(content) <= 3):
                text = set(fold(f"{hit.subject} {hit.object} {hit.statement}").split())
                overlap = sum(1 for w in content if w in text) / len(content)
                if overlap >= 0.75:
                    confidence = 0.6 + 0.3 * (overlap - 0.75) / 0.25
                    return Resolution(Answer(hit.statement, (hit,)), confidence, suggestions, [], "search")
                suggestions.append(self._question_for(self.entity(hit.subject_id), None))
        return Resolution(None, 0.0, list(dict.fromkeys(suggestions)), [])

    def _alias_notes(self, named: Sequence[tuple[Mention, Entity]]) -> list[str]:
        notes = []
        for m, e in named:
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


def _free_words(reading: Reading) -> list[str]:
    """Words outside entity names (where 'ai' in 'who runs Meta's AI' is found)."""
    inside = {i for m in reading.mentions for i in range(m.start, m.end)}
    return [w for i, w in enumerate(reading.words) if i not in inside]


def _unique(facts: Sequence[Fact]) -> list[Fact]:
    return list({f.id: f for f in facts}.values())


def _stem_in(word: str, text: Sequence[str]) -> bool:
    """Same word or same stem: 'unveil' finds 'unveiled', 'renamed' finds 'rename', 'valuation' 'value'."""
    if len(word) <= 4:
        return word in text or any(t.startswith(word) and len(t) <= len(word) + 3 for t in text)
    for t in text:
        shared = next(
            (i for i, (a, b) in enumerate(zip(word, t, strict=False)) if a != b), min(len(word), len(t))
        )
        if shared >= 4 and shared >= 0.6 * min(len(word), len(t)):
            return True
    return False


def _has_phrase(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "


def _mentions_family(fact: Fact, family: str, reading: Reading) -> bool:
    text = fold(f"{fact.object} {fact.statement}")
    words = [fold(w) for w in FAMILY_WORDS.get(family, ())]
    if reading.cue:
        words.append(reading.cue)
    return any(
        _has_phrase(text, w) or (" " not in w and len(w) > 4 and _stem_in(w, text.split())) for w in words
    )


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
    if res.step:
        lines.append(f"facts chosen by: {res.step}")
    verdict = "answer" if res.answer is not None and res.confidence >= threshold else "abstain"
    lines.append(f"confidence: {res.confidence:.2f} (threshold {threshold}) → {verdict}")
    return lines
