"""The general steps for a question naming an entity, tried in order until one finds facts:
1. two entities named together: the facts that link them ("what did Google do with Character.AI");
2. words the matcher could not place, found in the entity's own facts ("OpenAI's CEO of Applications");
2b. a month or year with no relation: what happened to the entity then;
3. the relation asked for, with its time context ("who ran Stability AI before Prem Akkaraju");
4. the relation's words inside the entity's statements ("CEO of Thinking Machines Lab", stored only in prose).
Whatever is chosen then passes the gates (gates.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from factbot.bot.answering import compose, gates, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.fact_traits import at_org, family_of
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import CLAUSE_WORDS, GENERIC_WORDS, ROUND_NOUNS, Reading
from factbot.bot.answering.resolution import Resolution
from factbot.bot.answering.suggestions import suggest
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.text import fold

_ONE_DAY_EVENTS = frozenset({"resigned", "released"})


@dataclass
class Subject:
    """What the question is about, after roles are sorted out."""

    mention: Mention
    entity: Entity
    other: Entity | None  # a second entity named: a landmark person, a partner organization
    family: str | None


# 'created', 'behind', 'built': of a product, who made it ('who founded the company behind it' is a founder)
_MADE_IT = frozenset({"created", "create", "creates", "creator", "creators", "behind", "built", "build", "made"})
_COMPANY_NOUNS = frozenset({"company", "companies", "firm", "startup", "lab", "founded", "founder", "founders"})
# what a company makes, asked of one with no release on record, is what the company is
_WHAT_IT_MAKES = frozenset({"makes", "make", "builds", "build", "sells", "sell", "produces", "produce"})


class GeneralSteps:
    """Steps 1–4 over the lookup; `general` runs them."""

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def general(
        self, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str], today: date
    ) -> Resolution:
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
                confidence = self._confidence(base, reading, step)
                if step == "pair":
                    confidence *= gates.unplaced_penalty(reading, answer)
                if gates.misses_the_thing_asked(answer, reading, step):
                    confidence *= 0.5
                res = Resolution(answer, confidence, suggest(self.lookup, entity, family), notes, step)
                if step == "pair":
                    return gates.with_amount(gates.no_longer_name(self.lookup, res, reading), reading)
                if step == "words":
                    return gates.with_amount(res, reading)
                return gates.gated(self.lookup, gates.all_named(res, named, reading), reading)
        gap = self._no_holder_then(subject, reading, scopes, today)
        if gap is not None:
            return Resolution(gap, 0.0, suggest(self.lookup, entity, family), notes, "relation")
        return Resolution(None, min(base, 0.3), suggest(self.lookup, entity, None, exclude=family), notes)

    def _no_holder_then(
        self, subject: Subject, reading: Reading, scopes: list[str], today: date
    ) -> Answer | None:
        """'Who was AMD's CEO in 2012' with only later CEOs on record: not known, and who is."""
        t, family, entity = reading.time, subject.family, subject.entity
        if t.kind != "at" or t.lo is None or t.hi is None or family not in relations.ROLE_FAMILIES:
            return None
        if entity.kind != "organization":
            return None
        facts = self.lookup.store.facts_about(entity.id, scopes, relations.family_members(family))
        if not facts:
            return None
        return compose.no_holder_then(entity.name, family, facts, t.lo, t.hi, today)

    @staticmethod
    def _confidence(base: float, reading: Reading, step: str) -> float:
        """Entity certainty, lowered for words we could not place (unless a step used those very words)."""
        if step == "words":
            return base * 0.95
        if step in ("pair", "words"):
            return base * 0.95
        if step == "period":
            return base * 0.85
        confidence = base
        if reading.unknown_next_to_entity:
            confidence *= 0.5  # 'Google Brain', 'Apple Music': probably something else than the entity
        confidence *= 0.9 ** len([w for w in wording.asked_unknown(reading) if w not in GENERIC_WORDS])
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
        if (
            entity.kind == "product"
            and family == "founder"
            and reading.cue in _MADE_IT
            and not set(reading.words) & _COMPANY_NOUNS
        ):
            family = "released"  # "who is behind grok", "who created stable diffusion": its maker, not founders
        if (
            entity.kind == "organization"
            and family == "released"
            and reading.cue in _MADE_IT
            and reading.words[:1] in (["who"], ["whos"])
            and len(named) == 1
        ):
            family = "founder"  # "who made midjourney": the lab's founders, not what it released
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
                maker = self.lookup.maker(entity, scopes)
                if maker is not None:
                    return Subject(mention, maker, None, family)
            if people and not orgs and reading.time.kind in ("past", "first"):
                # "who was CEO before Prem Akkaraju": the organization where the person held that role.
                held = {
                    f.subject_id
                    for f in self.lookup.naming(people[0], scopes)
                    if f.relation in relations.family_members(family)
                }
                if len(held) == 1:
                    return Subject(mention, self.lookup.entity(held.pop()), people[0], family)
        free = wording.free_words(reading)
        if (
            family == "ceo"
            and entity.kind == "organization"
            and ("ai" in free or "agi" in free)
            and self.lookup.store.facts_about(entity.id, scopes, ("head_of_ai",))
        ):
            family = "head_of_ai"  # "who runs Meta's AI": the AI chief, not the CEO
        return Subject(mention, entity, others[0] if others else None, family)

    # step 1
    def _pair(self, subject: Subject, reading: Reading, scopes: list[str]) -> Answer | None:
        other = subject.other
        if other is None or (subject.family in relations.ROLE_FAMILIES and other.kind == "person"):
            return None
        if subject.family is not None and self._in_side_clause(subject, other, reading):
            return None  # 'who acquired Windsurf after all that drama with OpenAI': OpenAI is context
        keys = wording.names_of(other)
        linked = [
            f
            for f in self.lookup.related(subject.entity, scopes)
            if f.object_id == other.id
            or f.subject_id == other.id
            or any(wording.has_phrase(wording.folded(f"{f.object} {f.statement}"), k) for k in keys)
        ]
        # the other side's own facts held by a unit of the subject: Alibaba Cloud released Qwen
        linked += [f for f in self.lookup.related(other, scopes) if at_org(f, subject.entity)]
        if not linked:
            return None
        if subject.family is not None:
            # The pair's facts must answer the relation asked: 'who founded openai's rival tesla' is not
            # answered by a fact that merely names both.
            family = subject.family
            narrowed = [f for f in linked if f.relation in relations.family_members(family)]
            if family in relations.ROLE_FAMILIES and not narrowed:
                # 'who runs Anthropic — asking for my boss at Google': a statement naming both and some
                # other company's 'CEO Hock Tan' says nothing of who runs either
                linked = [
                    f
                    for f in linked
                    if wording.mentions_family(f, family, reading)
                    and any(wording.led(f.statement, k) for k in wording.names_of(subject.entity))
                ]
            else:
                linked = narrowed or [f for f in linked if wording.mentions_family(f, family, reading)]
            if not linked:
                return None
        linked = _narrowed_by_words(linked, reading)
        t = reading.time
        return compose.statements_answer(
            wording.unique(linked),
            t.kind,
            t.lo,
            t.hi,
            asks_when=reading.asks_when,
            intro=f"{subject.entity.name} and {other.name}:",
        )

    def _founders_from_founding(self, org: Entity, facts: list[Fact], scopes: list[str]) -> dict[int, str]:
        """A tenure with no start held by a founder began no later than the founding: Alexandr Wang,
        'CEO until June 2025' and Scale AI's founder in 2016, led it in 2024. Fact id -> the founding date
        (used to place the tenure, never shown as its start)."""
        members = relations.family_members("founder")
        founded = [f for f in self.lookup.store.facts_about(org.id, scopes, members) if f.start]
        starts: dict[int, str] = {}
        for f in facts:
            if f.start is None and f.end is not None:
                said = (g.start for g in founded if wording.has_phrase(fold(f"{g.object} {g.statement}"), fold(f.object)))
                start = next(said, None)
                if start:
                    starts[f.id] = start
        return starts

    @staticmethod
    def _in_side_clause(subject: Subject, other: Entity, reading: Reading) -> bool:
        """The other name stands in a clause of its own after the subject ('after …', 'when …')."""
        words = reading.words
        at = next((m.start for m in reading.mentions if m.entity_id == other.id), -1)
        lo = subject.mention.end
        return at > lo and any(w in CLAUSE_WORDS for w in words[lo:at])

    # step 2
    def _by_words(self, subject: Subject, reading: Reading, scopes: list[str]) -> Answer | None:
        words = [w for w in reading.unknown if len(w) >= 3]
        if not words:
            return None
        # 'GPT 3' is a version: found only as those two words together, never 'GPT-5.2' and 'Gemini 3'.
        versions = {
            reading.words[i - 1]: f"{reading.words[i - 1]} {w}"
            for i, w in enumerate(reading.words)
            if w.isdigit() and i > 0 and reading.words[i - 1] in words
        }
        # 'Series C' is one round: only those two words together, never the Series A and B facts
        versions.update(
            {
                w: f"{w} {reading.words[i + 1]}"
                for i, w in enumerate(reading.words[:-1])
                if w in ROUND_NOUNS and w in words and re.fullmatch(r"[a-z]\d?", reading.words[i + 1])
            }
        )
        paired = {v.split()[1] for v in versions.values()}
        if subject.family == "invested_in":  # 'its first round': any funding fact is a round
            # ... but 'seed' names one round, as 'series a' does
            words = [w for w in words if w not in ROUND_NOUNS or w in versions or w == "seed"]
        if wording.asks_amount(reading):  # 'how big was the Series F': the size is the amount asked
            words = [w for w in words if w not in wording.SIZE_WORDS]
        words = [versions.get(w, w) for w in words]
        words += [n for n in reading.numbers if n not in paired]  # 'a 5 trillion valuation' must find the 5
        if not words:  # 'Anthropic's latest funding round': no word left to find facts by
            return None
        hits = []
        for f in wording.unique(self.lookup.related(subject.entity, scopes)):
            text = wording.folded(f"{f.object} {f.statement}").split()
            joined = " ".join(text)
            found = sum(
                1 for w in words if (wording.has_phrase(joined, w) if " " in w else wording.stem_in(w, text))
            )
            if any(w in wording.METRIC_WORDS and not wording.figure_near(w, text) for w in words):
                continue  # 'how many employees': a fact with the word but no figure answers nothing
            if found == len(words) or (found >= 2 and found / len(words) >= 0.5):
                hits.append((found, f))
        owned = wording.possessed(reading, subject.mention)
        if owned:  # 'Perplexity's browser' is not Google's Chrome browser, named in a Perplexity fact
            names = [fold(n) for n in (subject.entity.name, *subject.entity.aliases)]
            hits = [(n, f) for n, f in hits if not wording.owned_elsewhere(f.statement, owned, names)]
        if not hits:
            return None
        best = max(n for n, _ in hits)
        chosen = [f for n, f in hits if n == best]
        if subject.family is not None:
            akin = relations.family_members(subject.family)
            if subject.family == "ceo":  # 'who led Meta's FAIR lab': running a unit is heading it
                akin += relations.family_members("head_of_ai")
            fitting = [
                f for f in chosen if f.relation in akin or wording.mentions_family(f, subject.family, reading)
            ]
            if not fitting:
                return None
            chosen = fitting
        other = subject.other
        if other is not None and other.kind == "person":
            chosen = [f for f in chosen if f.object_id != other.id] or chosen
        elif other is not None:
            # Two organizations or products named: an answer must involve the second one too.
            keys = wording.names_of(other)
            chosen = [
                f
                for f in chosen
                if other.id in (f.object_id, f.subject_id)
                or any(wording.has_phrase(wording.folded(f"{f.object} {f.statement}"), k) for k in keys)
            ]
            if not chosen:
                return None
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
            for f in wording.unique(self.lookup.related(subject.entity, scopes))
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
            facts = self.lookup.store.facts_about(entity.id, scopes, members)
            if not facts and entity.successor_id is not None:
                successor = self.lookup.entity(entity.successor_id)
                notes.append(messages.BECAME.format(old=entity.name, new=successor.name))
                return self._by_family(replace(subject, entity=successor), reading, scopes, today, notes)
            if not facts:
                # Stored the other way round: "Emad Mostaque | founder | Intelligent Internet" (a person's
                # fact; another organization's founders merely naming this one are not its founders).
                facts = [
                    f
                    for f in self.lookup.naming(entity, scopes)
                    if f.relation in members and self.lookup.entity(f.subject_id).kind == "person"
                ]
                return compose.statements_answer(facts, None, None, None, intro=f"About {entity.name}:")
            if family == "founder" and reading.asks_when and not {"who", "whom"} & set(reading.words):
                # 'when was xAI founded': the founding, not each co-founder's story
                return compose.statements_answer([_founding(facts)], None, None, None, asks_when=True)
            if family == "founder":
                return compose.statements_answer(
                    facts, None, None, None, intro=f"Who founded {entity.name}:", asks_when=reading.asks_when
                )
            named = wording.relation_named(reading.cue, members)
            if named is not None and not any(f.relation == named for f in facts):
                # 'who is the co-CEO': no fact has that very title, but a statement may say it in words.
                said = [f for f in facts if wording.has_phrase(fold(f.statement), reading.cue)]
                if said:
                    label = relations.label(named)
                    return compose.statements_answer(
                        said, None, None, None, intro=f"{label} of {entity.name}:"
                    )
            person = subject.other if subject.other is not None and subject.other.kind == "person" else None
            founded = self._founders_from_founding(entity, facts, scopes) if t.kind == "at" else {}
            return compose.role_answer(
                entity.name, family, facts, t.kind, t.lo, t.hi, today, person=person, known_start=founded
            )
        forward = self.lookup.store.facts_about(entity.id, scopes, members)
        reverse = [f for f in self.lookup.naming(entity, scopes) if f.relation in members]
        if family == "released" and entity.kind == "organization":
            # no one releases a company: another's release merely naming it ('with a Google Cloud
            # partnership') is not what it put out
            reverse = [f for f in reverse if f.object_id == entity.id]
            if not forward and not reverse and reading.cue in _WHAT_IT_MAKES and not reading.asks_when:
                # 'what does Groq make' with no release on record: what the company is ('AI-inference
                # chip (LPU) company'), as 'what does Groq do' is answered
                return self._overview(entity, scopes, today)
        label = relations.label(members[0])
        side = wording.asked_side(reading, subject.mention.start)
        if side is None:
            cue_first = 0 <= reading.cue_position < subject.mention.start
            use_reverse = bool(reverse) and (reading.preceded_by_in or cue_first or not forward)
        else:
            # 'who has Anthropic invested in' is not who invested in Anthropic, 'who acquired Nvidia' not
            # what Nvidia acquired: the other side's deals answer another question
            use_reverse = side == "object"
            if not (reverse if use_reverse else forward):
                other = reverse or forward
                if not other:
                    return None
                text = messages.NO_DEAL_BY.format(label=label, name=entity.name)
                if use_reverse:
                    text = messages.NO_DEAL_OF.format(label=label, name=entity.name)
                return Answer(text, (), declined=True)
        chosen = reverse if use_reverse else forward
        intro = f"Who {label} {entity.name}:" if use_reverse else f"{entity.name} — {label}:"
        return compose.statements_answer(chosen, t.kind, t.lo, t.hi, asks_when=reading.asks_when, intro=intro)

    # step 4
    def _by_family_words(self, subject: Subject, reading: Reading, scopes: list[str]) -> Answer | None:
        family = subject.family
        if family is None or subject.entity.kind == "person":
            return None
        hits = [
            f
            for f in wording.unique(self.lookup.related(subject.entity, scopes))
            if wording.mentions_family(f, family, reading)
        ]
        if family in gates.EVENT_FAMILIES:
            names = wording.names_of(subject.entity)
            at = subject.mention.start
            hits = [f for f in hits if wording.same_side_of_the_deed(f, family, reading, names, at)]
        if family == "founder":  # 'AMD launched its MI300X' is a release, not AMD's founding
            hits = [f for f in hits if wording.tells_founding(f, subject.entity)]
        if family == "released":  # 'Cohere announced it would take over Aleph Alpha' is a deal, not a model,
            # and 'she announced she was stepping down' (a CEO's fact) no release
            kept = ("acquired", "invested_in", "resigned", *(relations.ROLE_FAMILIES - {"founder"}))
            hits = [f for f in hits if family_of(f) not in kept]  # (founding is: "X launched the lab")
            hits = [f for f in hits if wording.tells_release(f)]
        if subject.other is not None:
            keys = [fold(n) for n in (subject.other.name, *subject.other.aliases)]
            hits = [f for f in hits if any(wording.has_phrase(fold(f.statement), k) for k in keys)] or hits
        t = reading.time
        if t.kind == "at" and t.lo is not None and t.hi is not None:
            # 'AMD CEO in 2012' is not answered by the 2014 statement that names AMD's CEO
            lo, hi = t.lo, t.hi
            hits = [f for f in hits if _held_then(f, family, lo, hi)]
        if not hits:
            return None
        return compose.statements_answer(
            hits, None, None, None, asks_when=reading.asks_when, intro=f"About {subject.entity.name}:"
        )

    def _overview(self, org: Entity, scopes: list[str], today: date) -> Answer | None:
        facts = self.lookup.store.facts_about(org.id, scopes)
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
        as_object = self.lookup.naming(person, scopes)
        as_subject = self.lookup.store.facts_about(person.id, scopes)
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
            t = reading.time
            if t.kind == "at" and t.lo is not None and t.hi is not None:
                # 'what did Karpathy found in 2024', 'what did Altman run in 2014': what held then, or not known
                lo, hi = t.lo, t.hi
                as_object = [f for f in as_object if f.relation in members and _held_then(f, family, lo, hi)]
                as_subject = [f for f in as_subject if f.relation in members and _held_then(f, family, lo, hi)]
                if not as_object and not as_subject:
                    when = f"in {lo.year}" if lo.year == hi.year else f"between {lo.year} and {hi.year}"
                    return compose.declined(messages.FOLLOW_UP_NOT_THEN.format(name=person.name, when=when))
        return compose.person_answer(
            person, as_object, as_subject, today, now_only=reading.time.kind == "now"
        )

    def _about_product(
        self, product: Entity, family: str | None, reading: Reading, scopes: list[str]
    ) -> Answer | None:
        facts = wording.unique(self.lookup.related(product, scopes))
        if product.successor_id is not None:
            facts += self.lookup.naming(self.lookup.entity(product.successor_id), scopes)
        t = reading.time
        if family is None and t.kind in ("first", "latest"):
            family = "released"  # 'latest grok?': its newest release, not the newest news naming it
        if family is not None:
            facts = [f for f in facts if f.relation in relations.family_members(family)] or facts
        # 'which llama came out in july 2024': what happened then, not every version there is
        return compose.statements_answer(
            wording.unique(facts),
            t.kind if t.kind in ("first", "latest", "at") else None,
            t.lo,
            t.hi,
            asks_when=reading.asks_when,
            intro=f"What I know about {product.name}:",
        )

    def _alias_notes(self, named: Sequence[tuple[Mention, Entity]]) -> list[str]:
        notes = []
        for m, e in named:
            if fold(m.matched) != fold(e.name):
                note = self.lookup.store.alias_note(e.id, m.matched)
                if note:
                    notes.append(note)
        return notes


def _held_then(f: Fact, family: str, lo: date, hi: date) -> bool:
    """A founding happened in the time asked; so did a leaving or a release, which happen once ('who left
    openai in late 2024' is not who left in February); a role, or a deal from its announcement to its
    closing, overlapped it."""
    if family == "founder":
        return f.start is not None and lo <= dates.first_day(f.start) <= hi
    start = compose.known_from(f)
    return dates.overlaps(start, start if family in _ONE_DAY_EVENTS else f.end, lo, hi)


def _founding(facts: Sequence[Fact]) -> Fact:
    """The fact that dates a founding: of the earliest year's, the most precisely dated (a 'founder' fact
    before a 'cofounder' one of the same date)."""
    year = min((f.start or "9999")[:4] for f in facts)
    return min(
        (f for f in facts if (f.start or "9999")[:4] == year),
        key=lambda f: (-len(f.start or ""), f.relation != "founder", f.id),
    )


def _narrowed_by_words(facts: list[Fact], reading: Reading) -> list[Fact]:
    """'when did Altman return to OpenAI': of the facts naming both, those that say the word left over
    ('return'), when some do and some do not; else all of them."""
    words = [w for w in wording.asked_unknown(reading) if len(w) >= 4 and w not in GENERIC_WORDS]
    if not words:
        return facts
    saying = [
        f for f in facts if all(wording.stem_in(w, wording.folded(f"{f.object} {f.statement}").split()) for w in words)
    ]
    return saying if 0 < len(saying) < len(facts) else facts
