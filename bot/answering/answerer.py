"""Answering a free-text question: read it, pick the facts that fit, and decide whether we are sure enough.

First the question's shape (forms.py): an opinion or forecast is declined, a future year says what is known
now, a year before the organization existed says so; versions, comparisons, totals, succession and earlier
roles are answered by shapes.py. Otherwise the facts are chosen in this order, each step only when the
earlier ones found nothing:
1. two entities named together: the facts that link them ("what did Google do with Character.AI");
2. words the matcher could not place, found in the named entity's own facts ("OpenAI's CEO of Applications");
3. the relation asked for, with its time context ("who ran Stability AI before Prem Akkaraju");
4. the relation's words inside the entity's statements ("CEO of Thinking Machines Lab", stored only in prose).
Whatever is chosen, every named thing in the question must occur in its facts (_gated): an answer that
drops "Samsung" from "how much did Samsung invest in Perplexity" is refused, with what is known instead.
A yes/no question then gets Yes / No / Not that I know of in front of the fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from factbot.bot.answering import compose, forms
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import EntityIndex, Mention
from factbot.bot.answering.matcher import (
    CUE_PHRASES,
    CUE_VOCABULARY,
    GENERIC_WORDS,
    STOPWORDS,
    Reading,
    TimeCue,
    read,
)
from factbot.bot.answering.shapes import SUCCESSIVE_FAMILIES, Shapes, amounts, prior_trace
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.port import Field, Reply, ReplyKind
from factbot.bot.domain.text import fold
from factbot.bot.storage.store import Store

THRESHOLD = 0.6


@dataclass
class Resolution:
    answer: Answer | None
    confidence: float
    suggestions: list[str]
    notes: list[str]
    step: str = ""


@dataclass(frozen=True)
class Response:
    """A reply, and when the facts behind any current state it claims were last checked (for the note)."""

    reply: Reply
    checked: tuple[str, ...] = ()


# Words after a name that make it a different product: 'Mistral Large 2', 'Claude 3.5 Sonnet', 'Kimi K2'.
VERSION_WORDS = frozenset(
    """pro max mini ultra turbo flash large small medium sonnet opus haiku nano lite plus instruct preview
    experimental thinking heavy scout maverick air""".split()
)


# Steps whose answers say who holds a role today (the ones a freshness note belongs on).
CURRENT_STEPS = frozenset({"relation", "yes/no", "successor"})


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
        self.shapes = Shapes(self)
        self._recent: dict[int, Response] = {}  # the last replies, for checked()
        self._ambiguous: dict[tuple[int, str], frozenset[str]] = {}

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
            self._ambiguous = self.store.ambiguous_names()
            self._names_version = version

    def answer(self, question: str, scopes: list[str], today: date) -> Reply:
        """The reply; `checked(reply)` then tells when the current state it claims was last confirmed."""
        response = self.respond(question, scopes, today)
        self._recent[id(response.reply)] = response
        while len(self._recent) > 64:
            del self._recent[next(iter(self._recent))]
        return response.reply

    def checked(self, reply: Reply) -> tuple[str, ...]:
        """As-of dates of the facts a reply from `answer` presents as holding today (none: a past event)."""
        response = self._recent.pop(id(reply), None)
        return response.checked if response is not None and response.reply is reply else ()

    def respond(self, question: str, scopes: list[str], today: date) -> Response:
        """The reply, with the as-of dates of the facts it presents as holding today."""
        self.refresh()
        reading = read(question, self.index, scopes, self._ambiguous, self.store.linked)
        if reading.greeting:
            return Response(
                Reply(
                    text=messages.HELP,
                    kind=ReplyKind.HELP,
                    explanation=("read as a greeting or a request for help",),
                )
            )
        res = self._resolve(reading, scopes, today)
        explanation = _explain(reading, res, self, self.threshold)
        if res.answer is not None and res.answer.declined:
            # A refusal that says what is known: shown whatever the confidence, never counted as an answer.
            reply = res.answer.reply(min(res.confidence, self.threshold / 2), explanation)
            return Response(
                replace(reply, suggestions=tuple(self._answerable(res.suggestions, scopes, today)[:3]))
            )
        if res.answer is not None and res.confidence >= self.threshold:
            reply = res.answer.reply(res.confidence, explanation)
            if res.notes:
                reply = replace(reply, fields=(*reply.fields, *(Field("Note", n) for n in res.notes)))
            current = res.step in CURRENT_STEPS
            return Response(reply, _checked(res.answer, today) if current else ())
        return Response(
            compose.unknown(
                self._answerable(res.suggestions, scopes, today)[:3],
                explanation,
                res.confidence,
                unsure=bool(reading.mentions),
            )
        )

    def _answerable(self, suggestions: Sequence[str], scopes: list[str], today: date) -> list[str]:
        """Only 'did you mean' questions the bot answers itself, so a suggestion never leads nowhere."""
        good = []
        for q in dict.fromkeys(suggestions):
            res = self._resolve(read(q, self.index, scopes), scopes, today)
            if res.answer is not None and not res.answer.declined and res.confidence >= self.threshold:
                good.append(q)
        return good

    # -- choosing facts ---------------------------------------------------------------------------------

    def _resolve(self, reading: Reading, scopes: list[str], today: date) -> Resolution:
        """The question's shape first (opinion, forecast, out-of-range year, comparison, …), then the steps."""
        free = _free_words(reading)
        if forms.is_opinion(free):
            return self._refuse(messages.OPINION, reading, scopes, today, lead=messages.RELATED)
        t = reading.time
        if t.kind == "at" and t.lo is not None and t.lo.year > today.year:
            now = replace(reading, time=TimeCue("now"))
            return self._refuse(
                messages.FUTURE_YEAR.format(year=t.said), now, scopes, today, lead=messages.NOW_KNOWN
            )
        if forms.is_forecast(free):
            return self._refuse(messages.FORECAST, reading, scopes, today, lead=messages.RELATED)
        self._drop_other_namesakes(reading)
        if not reading.mentions:
            return self._fallback(reading, scopes, today)
        named = self._named(reading)
        base = min(m.score for m, _ in named)
        shaped = self._shaped(reading, named, free, scopes, today)
        if shaped is not None:
            answer, step = shaped
            entity = named[0][1]
            return self._gated(
                Resolution(answer, base * 0.95, self._suggest(entity, reading.family), [], step), reading
            )
        res = self._general(reading, named, scopes, today)
        if forms.is_yes_no(free):
            yes_no = self.shapes.yes_no(reading, named, res.answer, res.step, scopes, today)
            if yes_no is not None:
                conf = res.confidence if res.answer is not None else base * 0.95
                return self._gated(
                    replace(res, answer=yes_no, confidence=max(conf, base * 0.9), step="yes/no"), reading
                )
        return res

    def _drop_other_namesakes(self, reading: Reading) -> None:
        """'Adam Selipsky' is not Adam D'Angelo: a first name followed by a surname we do not know names
        someone else."""
        kept = []
        for m in reading.mentions:
            e = self.entity(m.entity_id)
            nxt = reading.words[m.end] if m.end < len(reading.words) else ""
            first_name_only = (
                e.kind == "person"
                and m.end - m.start == 1
                and len(fold(e.name).split()) >= 2
                and fold(m.matched) == fold(e.name).split()[0]
            )
            # a first name alone is a weak clue: followed by an unknown surname, or reached only by a typo
            # correction ('cristiano' → Christian Laforte), it names someone else
            if first_name_only and (nxt in reading.unknown or m.score < 1.0):
                reading.unknown.insert(0, reading.words[m.start])
                continue
            kept.append(m)
        reading.mentions = kept

    def _named(self, reading: Reading) -> list[tuple[Mention, Entity]]:
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
        return named

    def _refuse(self, text: str, reading: Reading, scopes: list[str], today: date, lead: str) -> Resolution:
        """Decline, adding what the base holds on the names asked about (clearly not as the answer)."""
        known: Answer | None = None
        if reading.mentions:
            general = self._general(reading, self._named(reading), scopes, today)
            if (
                general.answer is not None
                and not general.answer.declined
                and general.confidence >= self.threshold
            ):
                known = general.answer
        if known is not None and lead == messages.RELATED:
            f = (known.headline_facts or known.facts)[:1]
            line = f[0].statement if f else compose.headline(known)
            return Resolution(
                Answer(text, tuple(f), (Field(lead, line),), tuple(f), declined=True), 0.0, [], []
            )
        return Resolution(compose.declined(text, known, lead), 0.0, [], [])

    def _shaped(
        self,
        reading: Reading,
        named: list[tuple[Mention, Entity]],
        free: list[str],
        scopes: list[str],
        today: date,
    ) -> tuple[Answer, str] | None:
        """Forms one look-up would get wrong, each tried only when the question has its shape."""
        t = reading.time
        landmark = self._landmark(reading, named, scopes)
        if landmark is not None:
            return landmark, "landmark"
        count = self._founder_count(reading, named, scopes)
        if count is not None:
            return count, "count"
        lead = self._product_lead(reading, named, scopes)
        if lead is not None:
            return lead, "product lead"
        metric = forms.comparison(reading.words, len(named))
        if metric:  # each side's version is checked by the comparison itself
            versions = self._versioned(reading, named, scopes)
            return self.shapes.compare(reading, named, metric, scopes, versions=versions), "comparison"
        version = self._version(reading, named, scopes)
        if version is not None:
            return version, "version"
        if t.kind == "at" and t.hi is not None:
            early = self._before_existence(reading, named, scopes)
            if early is not None:
                return early, "before it existed"
        if len(named) == 1 and forms.comparison(reading.words, 2):
            other = self._unnamed_side(reading, scopes)
            if other is not None:
                found = self.shapes.compare(reading, named, forms.comparison(reading.words, 2), scopes, other)
                return found, "comparison"
            # one side only: answering it alone would answer another question
            joiner = next(i for i, w in enumerate(reading.words) if w in forms.COMPARE_JOINERS)
            m = named[0][0]
            side = range(joiner + 1, len(reading.words)) if m.start < joiner else range(joiner)
            said = " ".join(
                w
                for i, w in enumerate(reading.words)
                if i in side and w in reading.unknown and w not in _SHAPE_WORDS
            )
            missing = messages.CANT_COMPARE.format(what="record", name=said or "the other side")
            return compose.declined(missing), "comparison"
        if forms.asks_total(free):
            total = self.shapes.total(reading, named, scopes)
            if total is not None:
                return total, "total"
        people = [e for _, e in named if e.kind == "person"]
        direction = forms.succession(reading.words)
        if (
            people
            and direction
            and ("who" in reading.words or "whos" in reading.words or direction == "predecessor")
        ):
            followed = self.shapes.succession(reading, named, direction, scopes, today)
            if followed is not None:
                return followed, direction
        if forms.earlier_role(reading.words) and not {"who", "whos"} & set(reading.words[:2]):
            earlier = (
                self.shapes.earlier_roles(reading, named, scopes)
                if people
                else self._earlier_of_unknown(reading, named, scopes)
            )
            if earlier is not None:
                return earlier, "earlier roles"
        return None

    def _earlier_of_unknown(
        self, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str]
    ) -> Answer | None:
        """'What did Yang Zhilin do before Moonshot' with no person of that name: a fact that merely
        mentions the name says nothing of their earlier roles."""
        cue = next((i for i, w in enumerate(reading.words) if w in forms.EARLIER_CUES), len(reading.words))
        said = [
            w
            for w in reading.words[:cue]
            if w in reading.unknown and w not in GENERIC_WORDS and w not in _SHAPE_WORDS and len(w) >= 2
        ]
        if not said:
            return None
        org = next((e for m, e in named if m.start > cue), None)
        name = " ".join(w.capitalize() for w in said)
        if org is not None:  # 'Instagram co-founder Mike Krieger' in one of the organization's facts
            for f in _unique(self._related(org, scopes)):
                if _has_phrase(fold(f.statement), " ".join(said)) and prior_trace(
                    f.statement, org.name, name
                ):
                    return Answer(f.statement, (f,), (), (f,))
        then = org.name if org is not None else "that"
        return compose.declined(messages.NO_EARLIER.format(name=name, then=then))

    def _landmark(
        self, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str]
    ) -> Answer | None:
        """'Who was AWS CEO before Adam Selipsky': the holder before (or after) someone the base does not
        place in that role. Only the role's own dated history can answer; prose that merely names the
        landmark ('… succeeding Adam Selipsky') answers the other direction, so it is refused."""
        family = reading.family
        words = reading.words
        if family not in SUCCESSIVE_FAMILIES or not {"who", "whos"} & set(words):
            return None
        orgs = [e for _, e in named if e.kind == "organization"]
        people = [e for _, e in named if e.kind == "person"]
        if "between" in words and len(people) >= 2 and orgs:
            return self._between(people[0], people[1], orgs[0], family, scopes)
        cue = max((i for i, w in enumerate(words) if w in ("before", "after")), default=-1)
        if cue < 0:
            return None
        direction = "predecessor" if words[cue] == "before" else "successor"
        at = cue + 1 + (cue + 1 < len(words) and words[cue + 1] == "the")
        label = relations.label(relations.family_members(family)[0])
        role = f" as {label}" + (f" of {orgs[0].name}" if orgs else "")
        missing = messages.NO_SUCCESSOR if direction == "successor" else messages.NO_PREDECESSOR
        person = next((e for m, e in named if m.start == at and e.kind == "person"), None)
        if person is not None:
            if orgs:
                return None  # the role's history at that organization places them (compose.role_answer)
            members = relations.family_members(family)
            if any(f.relation in members for f in self._naming(person, scopes)):
                return None
            return compose.declined(missing.format(name=person.name, role=role))
        said = []
        for w in words[at:]:
            if w not in reading.unknown or w in GENERIC_WORDS or _is_cue(w) or w in _SHAPE_WORDS:
                break
            said.append(w)
        if not said or len(said[0]) < 3 or any(m.start == at for m, _ in named):
            return None
        name = " ".join(w.capitalize() for w in said)
        if not orgs:
            return compose.declined(missing.format(name=name, role=role))
        org = orgs[0]
        facts = self.store.facts_about(org.id, scopes, relations.family_members(family))
        held = [f for f in facts if all(w in fold(f.object).split() for w in said)]
        if held:  # 'before Gelsinger': a holder known by name only, placed by their own dates
            return _around(held[0], facts, direction, org.name, label) or compose.declined(
                missing.format(name=held[0].object, role=role)
            )
        if direction == "successor":
            after = [
                f
                for f in facts
                if compose.TOOK_OVER.search(f.statement) and _has_phrase(fold(f.statement), said[-1])
            ]
            if after:
                f = after[0]
                return Answer(f.statement, (f,), (), (f,))
        return compose.declined(missing.format(name=name, role=role))

    def _between(self, a: Entity, b: Entity, org: Entity, family: str, scopes: list[str]) -> Answer:
        """'Who ran Stability AI in between Emad and Prem': the holders after one left and before the other."""
        facts = self.store.facts_about(org.id, scopes, relations.family_members(family))
        ends = [f for f in facts if f.object_id in (a.id, b.id)]
        label = relations.label(relations.family_members(family)[0])
        refusal = compose.declined(
            messages.NO_BETWEEN.format(a=a.name, b=b.name, role=f"{label} of {org.name}")
        )
        if len({f.object_id for f in ends}) < 2 or not all(f.start or f.end for f in ends):
            return refusal
        ends.sort(key=lambda f: dates.sort_key(f.start or f.end))
        first, last = ends[0], ends[-1]
        if not last.start:
            return refusal
        lo = dates.sort_key(first.end or first.start)
        hi = dates.sort_key(last.start)
        mid = [f for f in facts if f not in ends and f.start and lo <= dates.sort_key(f.start) < hi]
        if not mid:
            return refusal
        mid.sort(key=lambda f: dates.sort_key(f.start))
        text = f"Between {first.object} and {last.object} ({label} of {org.name}): {compose._holders(mid)}."
        return Answer(text, (first, *mid, last), (), tuple(mid))

    def _unnamed_side(self, reading: Reading, scopes: list[str]) -> tuple[str, list[Fact]] | None:
        """The other side of a comparison, named only in facts' objects: 'Qwen3' (released by Alibaba)."""
        positions = {w: i for i, w in enumerate(reading.words)}
        names = [
            w
            for w in reading.unknown
            if len(w) >= 3
            and w not in GENERIC_WORDS
            and w not in _SHAPE_WORDS
            and w in positions
            and _name_like(reading, positions[w])
        ]
        if not names:
            return None
        hits = [
            f
            for f in self.store.search(" ".join(names), scopes, limit=20, match_all=True)
            if all(w in fold(f.object).split() for w in names)
        ]
        if not hits:
            return None
        return hits[0].object.split("(")[0].strip(), hits

    def _founder_count(
        self, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str]
    ) -> Answer | None:
        """'How many founders does Mistral have': the names on record, counted (refused when the record
        says 'and others': a partial list has no count)."""
        words = reading.words
        if reading.family != "founder" or not _has_phrase(" ".join(words), "how many"):
            return None
        org = next((e for _, e in named if e.kind == "organization"), None)
        if org is None:
            return None
        facts = self.store.facts_about(org.id, scopes, relations.family_members("founder"))
        people = list(
            dict.fromkeys(
                n.strip()
                for f in facts
                for n in re.split(r",\s*|\s+and\s+", re.sub(r"\([^)]*\)", "", f.object))
                if n.strip()
            )
        )
        if not people:
            return None
        partial = re.compile(r"\b(others?|including|among|several)\b", re.I)
        if any(partial.search(f"{f.object} {f.statement}") for f in facts):
            return compose.declined(messages.NO_COUNT.format(what="founders", name=org.name))
        text = f"{len(people)} founders of {org.name} on record: {compose._join(people)}."
        return Answer(text, tuple(facts), (), tuple(facts))

    def _product_lead(
        self, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str]
    ) -> Answer | None:
        """'Who co-leads Gemini at Google', 'who heads ChatGPT': the people the record says lead that product,
        never the maker's CEO — unless the question asks about the company ('the company that makes
        ChatGPT', 'the Grok company')."""
        product = next((e for _, e in named if e.kind == "product"), None)
        roles = [f for f in reading.families if f in relations.ROLE_FAMILIES and f != "founder"]
        if product is None or not roles or set(reading.words) & _MAKER_WORDS:
            return None
        if any(e.kind == "person" for _, e in named):
            return None  # 'did X lead Gemini': a yes/no about someone named
        names = [fold(n) for n in (product.name, *product.aliases) if len(fold(n)) > 2]
        led = [f for f in _unique(self._related(product, scopes)) if any(_led(f.statement, n) for n in names)]
        if led:
            return compose.statements_answer(led, None, None, None, intro=f"Who leads {product.name}:")
        return compose.declined(messages.NO_PRODUCT_LEAD.format(name=product.name))

    def _versioned(
        self, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str]
    ) -> dict[int, tuple[str, list[Fact]]]:
        """For each entity named with a version ('Mistral 7B', 'Gemini 1.0'): that version's name and its
        facts (those naming it as their object first); an empty list when the base has no such version."""
        out: dict[int, tuple[str, list[Fact]]] = {}
        for m, entity in named:
            seq = _version_after(reading, m.end)
            if not seq:
                continue
            anchor = fold(m.matched).split()[-1]
            related = _unique(self._related(entity, scopes))
            own = [f for f in related if _follows(fold(f.object), anchor, seq)]
            said = _typed(reading, m.start, m.end + len(seq))
            out[entity.id] = (said, own or [f for f in related if _follows(fold(f.statement), anchor, seq)])
        return out

    def _version(
        self, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str]
    ) -> Answer | None:
        """'Mistral Large 2' is not Mistral 7B: a version after a name must be in the facts, or it is unknown."""
        for m, entity in named:
            seq = _version_after(reading, m.end)
            if not seq:
                continue
            anchor = fold(m.matched).split()[-1]
            related = _unique(self._related(entity, scopes))
            facts = [f for f in related if _follows(fold(f"{f.object} {f.statement}"), anchor, seq)]
            if reading.asks_when or reading.family == "released":
                # 'when did Gemini 1.5 Pro come out': the release of that version, not another release
                # whose prose mentions it ('… stronger than Gemini 1.5 Pro')
                facts = [f for f in facts if _follows(fold(f.object), anchor, seq)]
            said = _typed(reading, m.start, m.end + len(seq))
            if facts:
                t = reading.time
                found = compose.statements_answer(
                    facts,
                    t.kind if t.kind in ("first", "latest") else None,
                    None,
                    None,
                    asks_when=reading.asks_when,
                    intro=f"What I know about {said}:",
                )
                if found is not None:
                    return found
            releases = [f for f in _unique(self._related(entity, scopes)) if f.relation == "released"]
            known = compose.statements_answer(
                releases, None, None, None, intro=f"Releases of {entity.name} I know:"
            )
            return compose.declined(messages.NO_VERSION.format(version=said), known)
        return None

    def _before_existence(
        self, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str]
    ) -> Answer | None:
        """A year before the organization was founded (or the product released): it did not exist yet."""
        t = reading.time
        assert t.hi is not None
        entity = next((e for _, e in named if e.kind != "person"), None)
        if entity is None:
            return None
        if entity.kind == "product":
            out = [f for f in self._related(entity, scopes) if f.relation == "released" and f.start]
            if out:
                first = min(out, key=lambda f: dates.sort_key(f.start))
                if dates.first_day(first.start or "") > t.hi:
                    text = messages.NOT_RELEASED_YET.format(
                        name=entity.name, year=t.said, released=dates.human(first.start or "")
                    )
                    return Answer(text, (first,), (), (first,), declined=True)
            return None
        founded = [
            f
            for f in self.store.facts_about(entity.id, scopes, relations.family_members("founder"))
            if f.start
        ]
        if not founded:
            return None
        first = min(founded, key=lambda f: dates.sort_key(f.start))
        if dates.first_day(first.start or "") <= t.hi:
            return None
        text = messages.NOT_YET.format(name=entity.name, year=t.said, founded=dates.human(first.start or ""))
        return Answer(text, (first,), (), (first,), declined=True)

    def _gated(self, res: Resolution, reading: Reading) -> Resolution:
        """Every named thing must take part: an answer that ignores a word of the question is refused.
        'How much' needs an amount: prose about the deal without one answers another question."""
        if res.answer is None or res.answer.declined:
            return res
        res = self._with_amount(res, reading)
        if res.answer is None or res.answer.declined:
            return res
        missing = _unaccounted(reading, res.answer)
        if not missing:
            return res
        subject = self.entity(reading.mentions[0].entity_id).name if reading.mentions else ""
        what = messages.NOTHING_ON.format(what=" ".join(missing))
        if subject:
            what = what.removesuffix(".") + f" about {subject}."
        refusal = compose.declined(f"{messages.UNSURE} {what}", res.answer)
        return replace(res, answer=refusal, confidence=res.confidence * 0.5)

    def _all_named(
        self, res: Resolution, named: list[tuple[Mention, Entity]], reading: Reading
    ) -> Resolution:
        """Every entity the question names must take part in the answer: 'when was DeepMind acquired by
        Apple' is not answered by Google's acquisition of DeepMind."""
        if res.answer is None or res.answer.declined or len(named) < 2:
            return res
        facts = res.answer.facts
        words = reading.words
        # a name in a time clause ('when Mostaque quit', 'now that Wang left for Meta') is context
        clause = next(
            (i for i, w in enumerate(words) if i > named[0][0].start and w in _CLAUSE_WORDS), len(words)
        )
        for m, e in named:
            if m.start > clause or e.kind == "person":
                continue
            keys = [fold(n) for n in (e.name, *e.aliases) if len(fold(n)) > 2]
            if any(
                e.id in (f.subject_id, f.object_id)
                or any(_has_phrase(fold(f"{f.subject} {f.object} {f.statement}"), k) for k in keys)
                for f in facts
            ):
                continue
            what = messages.NOTHING_ON.format(what=e.name)
            refusal = compose.declined(f"{messages.UNSURE} {what}", res.answer)
            return replace(res, answer=refusal, confidence=res.confidence * 0.5)
        return res

    @staticmethod
    def _with_amount(res: Resolution, reading: Reading) -> Resolution:
        """'How much' is answered only by facts that state an amount."""
        if res.answer is None or res.answer.declined or not _asks_amount(reading):
            return res
        if any(amounts(f.statement) or "%" in f.statement for f in res.answer.facts):
            return res
        refusal = compose.declined(messages.NO_AMOUNT, res.answer)
        return replace(res, answer=refusal, confidence=res.confidence * 0.5)

    def _general(
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
                if _misses_the_thing_asked(answer, reading, step):
                    confidence *= 0.5
                res = Resolution(answer, confidence, self._suggest(entity, family), notes, step)
                if step in ("pair", "words"):
                    return self._with_amount(res, reading)
                return self._gated(self._all_named(res, named, reading), reading)
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
            # The pair's facts must answer the relation asked: 'who founded openai's rival tesla' is not
            # answered by a fact that merely names both.
            family = subject.family
            narrowed = [f for f in linked if f.relation in relations.family_members(family)]
            linked = narrowed or [f for f in linked if _mentions_family(f, family, reading)]
            if not linked:
                return None
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
        # 'GPT 3' is a version: found only as those two words together, never 'GPT-5.2' and 'Gemini 3'.
        versions = {
            reading.words[i - 1]: f"{reading.words[i - 1]} {w}"
            for i, w in enumerate(reading.words)
            if w.isdigit() and i > 0 and reading.words[i - 1] in words
        }
        paired = {v.split()[1] for v in versions.values()}
        words = [versions.get(w, w) for w in words]
        words += [n for n in reading.numbers if n not in paired]  # 'a 5 trillion valuation' must find the 5
        hits = []
        for f in _unique(self._related(subject.entity, scopes)):
            text = fold(f"{f.object} {f.statement}").split()
            joined = " ".join(text)
            found = sum(1 for w in words if (_has_phrase(joined, w) if " " in w else _stem_in(w, text)))
            if found == len(words) or (found >= 2 and found / len(words) >= 0.5):
                hits.append((found, f))
        owned = _possessed(reading, subject.mention)
        if owned:  # 'Perplexity's browser' is not Google's Chrome browser, named in a Perplexity fact
            names = [fold(n) for n in (subject.entity.name, *subject.entity.aliases)]
            hits = [(n, f) for n, f in hits if not _owned_elsewhere(f.statement, owned, names)]
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
        other = subject.other
        if other is not None and other.kind == "person":
            chosen = [f for f in chosen if f.object_id != other.id] or chosen
        elif other is not None:
            # Two organizations or products named: an answer must involve the second one too.
            keys = [fold(n) for n in (other.name, *other.aliases) if len(fold(n)) > 2]
            chosen = [
                f
                for f in chosen
                if other.id in (f.object_id, f.subject_id)
                or any(_has_phrase(fold(f"{f.object} {f.statement}"), k) for k in keys)
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
                # Stored the other way round: "Emad Mostaque | founder | Intelligent Internet" (a person's
                # fact; another organization's founders merely naming this one are not its founders).
                facts = [
                    f
                    for f in self._naming(entity, scopes)
                    if f.relation in members and self.entity(f.subject_id).kind == "person"
                ]
                return compose.statements_answer(facts, None, None, None, intro=f"About {entity.name}:")
            if family == "founder":
                return compose.statements_answer(
                    facts, None, None, None, intro=f"Who founded {entity.name}:", asks_when=reading.asks_when
                )
            named = _relation_named(reading.cue, members)
            if named is not None and not any(f.relation == named for f in facts):
                # 'who is the co-CEO': no fact has that very title, but a statement may say it in words.
                said = [f for f in facts if _has_phrase(fold(f.statement), reading.cue)]
                if said:
                    label = relations.label(named)
                    return compose.statements_answer(
                        said, None, None, None, intro=f"{label} of {entity.name}:"
                    )
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

    def _fallback(self, reading: Reading, scopes: list[str], today: date) -> Resolution:
        """No entity named: try full-text search over statements, else offer the nearest names."""
        content = [w for w in reading.unknown if len(w) >= 3]
        suggestions = [
            self._question_for(self.entity(e), reading.family) for e in self.index.near(content, scopes)
        ]
        if content and reading.family is not None:
            found = self._by_object(reading, content, scopes, today)
            if found is not None:
                return found
        if len(content) >= 2 and reading.family is None:
            for hit in self.store.search(" ".join(content), scopes, limit=3, match_all=len(content) <= 3):
                text = set(fold(f"{hit.subject} {hit.object} {hit.statement}").split())
                overlap = sum(1 for w in content if w in text) / len(content)
                if overlap >= 0.75:
                    confidence = 0.6 + 0.3 * (overlap - 0.75) / 0.25
                    return Resolution(Answer(hit.statement, (hit,)), confidence, suggestions, [], "search")
                suggestions.append(self._question_for(self.entity(hit.subject_id), None))
        return Resolution(None, 0.0, list(dict.fromkeys(suggestions)), [])

    def _by_object(
        self, reading: Reading, content: list[str], scopes: list[str], today: date
    ) -> Resolution | None:
        """A name the base holds only as a fact's object: 'who bought Habana Labs', or a product whose
        maker is asked about ('who runs the Hunyuan company')."""
        family = reading.family
        assert family is not None
        names = [
            w
            for w in content
            if w not in GENERIC_WORDS
            and w not in ("company", "people", "guys", "team", "folks", "makers", "maker")
        ]
        if not names:
            return None
        hits = [
            f
            for f in self.store.search(" ".join(names), scopes, limit=20, match_all=True)
            if all(w in fold(f.object).split() or _stem_in(w, fold(f.object).split()) for w in names)
        ]
        anchor = names[-1]
        seq = _version_after(reading, reading.words.index(anchor) + 1) if anchor in reading.words else []
        if seq and hits:  # 'Qwen 2' is not Qwen 2.5-Max
            hits = [f for f in hits if _follows(fold(f"{f.object} {f.statement}"), anchor, seq)]
            if not hits:
                said = f"{anchor} {' '.join(seq)}"
                return Resolution(
                    compose.declined(messages.NO_VERSION.format(version=said)), 0.0, [], [], "version"
                )
        if family in relations.ROLE_FAMILIES:
            makers = {f.subject_id for f in hits if f.relation == "released"}
            if len(makers) != 1:
                return None
            maker = self.entity(makers.pop())
            t = reading.time
            facts = self.store.facts_about(maker.id, scopes, relations.family_members(family))
            answer = compose.role_answer(maker.name, family, facts, t.kind, t.lo, t.hi, today)
            if answer is None:
                return None
            return Resolution(answer, 0.8, [], [], "maker")
        members = relations.family_members(family)
        chosen = [f for f in hits if f.relation in members]
        if not chosen:
            return None
        t = reading.time
        answer = compose.statements_answer(chosen, t.kind, t.lo, t.hi, asks_when=reading.asks_when)
        return Resolution(answer, 0.8, [], [], "object") if answer is not None else None

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
        return [
            relations.question_for(f, entity.name)
            for f in relations.SUGGESTION_ORDER
            if f in known and f != exclude
        ][:3]

    @staticmethod
    def _question_for(entity: Entity, family: str | None) -> str:
        if entity.kind == "person":
            return messages.PERSON_QUESTION.format(name=entity.name)
        if entity.kind == "product":
            return messages.PRODUCT_QUESTION.format(name=entity.name)
        return relations.question_for(family or "ceo", entity.name)


_GENERIC_TAIL = frozenset(
    {
        "ai",
        "labs",
        "lab",
        "inc",
        "systems",
        "technologies",
        "communications",
        "intelligence",
        "corp",
        "corporation",
        "group",
        "cloud",
    }
)




def _around(held: Fact, facts: Sequence[Fact], direction: str, org: str, label: str) -> Answer | None:
    """The holder(s) of the role right before `held` started, or right after it ended (co-holders who
    started together are one step); None when its dates cannot place anyone."""
    if direction == "predecessor":
        if not held.start:
            return None
        cut = dates.first_day(held.start)
        side = [f for f in facts if f is not held and f.start and dates.sort_key(f.start) < cut]
        if not side:
            if compose.TOOK_OVER.search(held.statement):
                return Answer(held.statement, (held,), (), (held,))
            return None
        step = max(f.start or "" for f in side)
        word = "Before"
    else:
        if not held.end:
            return None
        end = dates.sort_key(held.end)
        side = [f for f in facts if f is not held and f.start and dates.sort_key(f.start) >= end]
        if not side:
            return None
        step = min(f.start or "" for f in side)
        word = "After"
    group = [f for f in side if f.start == step]
    text = f"{word} {held.object} ({label} of {org}, {compose._when(held)}): {compose._holders(group)}."
    return Answer(text, (held, *group), (), tuple(group))


def _checked(answer: Answer, today: date) -> tuple[str, ...]:
    """As-of dates of the facts an answer presents as holding today: open roles, not past events."""
    return tuple(
        f.as_of
        for f in answer.facts
        if f.relation in relations.RELATIONS
        and relations.RELATIONS[f.relation].family in SUCCESSIVE_FAMILIES
        and dates.is_current(f.start, f.end, today)
        and f.as_of
    )


def _version_after(reading: Reading, j: int) -> list[str]:
    """The version words right after a name: '2.5 pro' (read as '2 5 pro'), 'large 2', 'k2'."""
    words, years, seq = reading.words, _year_positions(reading), []
    while (
        j < len(words)
        and j not in years
        and (any(c.isdigit() for c in words[j]) or words[j] in VERSION_WORDS)
    ):
        seq.append(words[j])
        j += 1
    return seq


_CLAUSE_WORDS = frozenset({"when", "after", "since", "before", "while", "because", "that", "once", "until"})
# Words that make a product question one about its maker: 'the company that makes ChatGPT'.
_MAKER_WORDS = frozenset(
    """company companies maker makers makes made firm startup lab behind creator creators developer developers
    people guys folks team outfit""".split()
)
_LEAD_STEMS = ("lead", "led", "head", "run", "ran", "oversee", "oversaw", "charge", "chief", "boss")


def _led(statement: str, name: str) -> bool:
    """The statement says someone leads the named thing: a lead word just before it ('co-led its Gemini
    models', 'head of ChatGPT')."""
    words = fold(statement).split()
    n = name.split()
    for i in range(len(words) - len(n) + 1):
        if words[i : i + len(n)] == n and any(w.startswith(_LEAD_STEMS) for w in words[max(0, i - 3) : i]):
            return True
    return False


def _typed(reading: Reading, start: int, end: int) -> str:
    """Words start..end as the question typed them ('Gemini 1.0', 'Mistral 7B'), for a reply to quote."""
    raw = re.findall(r"[^\W_]+", re.sub(r"['\u2019]s\b", " ", reading.question))
    words = raw[start:end] if len(raw) == len(reading.words) else reading.words[start:end]
    out = ""
    for i, w in enumerate(words):
        joint = "." if i and w.isdigit() and words[i - 1].isdigit() else " "
        out += (joint if out else "") + w
    return out


def _year_positions(reading: Reading) -> set[int]:
    return {i for i, w in enumerate(reading.words) if len(w) == 4 and w.isdigit() and w[:2] in ("19", "20")}


def _follows(text: str, anchor: str, seq: Sequence[str]) -> bool:
    """'claude 3 opus' in 'the claude 3 opus sonnet family', and not 'qwen 2' in 'qwen 2 5 max'."""
    words = text.split()
    n = len(seq)
    for i, w in enumerate(words):
        if w != anchor:
            continue
        # 'mistral s large 2' (a possessive) as well as 'mistral large 2' — never 'gpt 5 2' for 'gpt 2'
        for k in (i + 1, i + 2) if i + 1 < len(words) and words[i + 1] == "s" else (i + 1,):
            if words[k : k + n] == list(seq) and not (k + n < len(words) and words[k + n].isdigit()):
                return True
    return False


_SLOT_BEFORE = frozenset(
    {"in", "at", "of", "from", "by", "with", "for", "into", "and", "or", "vs", "versus", "between"}
)
_NOT_A_NAME_AFTER = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "my", "our", "your", "this", "that"}
)
_DOERS = frozenset({"did", "does", "do", "has", "have", "had", "will"})


def _name_like(reading: Reading, i: int) -> bool:
    """A word of the question that stands where a name would: 'Samsung' in 'how much did Samsung invest in
    Perplexity', 'FAIR' in 'head of FAIR' — not 'the show', 'financially' or a verb like 'win'."""
    words = reading.words
    w = words[i]
    before = words[i - 1] if i > 0 else ""
    if before in _NOT_A_NAME_AFTER or w.endswith("ly"):
        return False
    raw = re.sub(r"['\u2019]s\b", " ", reading.question)
    typed = re.findall(r"[^\W_]+", raw)
    if len(typed) == len(words) and i > 0 and typed[i][:1].isupper():
        return True
    if before in _SLOT_BEFORE:
        return True
    after = words[i + 1] if i + 1 < len(words) else ""
    # 'did Samsung invest', 'announce Blackwell', 'succeeded Adam Selipsky': the slots beside a relation word
    if (before in _DOERS and _is_cue(after)) or _is_cue(before):
        return True
    # a two-word name after a relation word: 'release Le Chat'
    if i >= 2 and before in reading.unknown and _is_cue(words[i - 2]):
        return True
    return _doer(reading, i)


# Verbs of paying that follow the payer in 'how much did the US government pay for …'.
_PAY_VERBS = frozenset("pay paid spend spent invest invested put give gave offer offered fork".split())


def _doer(reading: Reading, i: int) -> bool:
    """The one doing the deed in 'how much did the US govt pay': the words between 'did' and the verb."""
    words = reading.words
    d = next((k for k in range(i - 1, max(-1, i - 4), -1) if words[k] in _DOERS), -1)
    if d < 0 or not all(w in ("the", "a", "an") or w in reading.unknown for w in words[d + 1 : i]):
        return False
    for j in range(i + 1, min(len(words), i + 3)):
        if words[j] in _PAY_VERBS or _is_cue(words[j]):
            return all(w in reading.unknown for w in words[i + 1 : j])
    return False


_SINGLE_CUES = frozenset(p[0] for p in CUE_PHRASES if len(p) == 1)
# Words of the question's shape (comparison, opinion) are not names either.
_SHAPE_WORDS = (
    forms.COMPARE_ORDER | forms.COMPARE_SIZE | forms.OPINION_WORDS | forms.EARLIER_NOUNS | {"between"}
)


def _is_cue(word: str) -> bool:
    """A relation verb or noun, also in another form than the vocabulary's ('announce' for 'announced')."""
    if word in _SINGLE_CUES:
        return True
    return len(word) >= 5 and any(
        len(c) >= 5 and (c.startswith(word) or word.startswith(c)) for c in _SINGLE_CUES
    )


def _unaccounted(reading: Reading, answer: Answer) -> list[str]:
    """Named things in the question (words standing where a name would) that the answer's facts never mention."""
    positions = {w: i for i, w in enumerate(reading.words)}
    words = [
        w
        for w in reading.unknown
        if len(w) >= 3
        and w not in GENERIC_WORDS
        and w not in _SHAPE_WORDS
        and w in positions
        and _name_like(reading, positions[w])
    ]
    if not words:
        return []
    text = set()
    for f in answer.facts:
        text.update(fold(f"{f.subject} {f.object} {f.statement}").split())
    tokens = sorted(text)
    return [w for w in words if not _stem_in(w, tokens)]


def _possessed(reading: Reading, mention: Mention) -> str:
    """The thing the question says the entity owns: 'browser' in "Perplexity's browser", else ''."""
    for m in re.finditer(r"([^\W_][\w.-]*)['\u2019]s\s+([^\W_]+)", reading.question):
        noun = fold(m.group(2))
        if fold(m.group(1)).split()[-1:] == fold(mention.surface).split()[-1:] and noun in reading.unknown:
            return noun
    return ""


def _owned_elsewhere(statement: str, noun: str, owner: Sequence[str]) -> bool:
    """Every mention of the noun in the statement belongs to someone else: "Google's Chrome browser"."""
    tokens = re.findall(r"[^\W_][\w.-]*(?:['\u2019]s)?", statement)
    seen = False
    for i, t in enumerate(tokens):
        if not _stem_in(noun, [fold(t)]) or re.search(r"['\u2019]s$", t):
            continue
        seen = True
        before = [
            re.sub(r"['\u2019]s$", "", w) for w in tokens[max(0, i - 3) : i] if re.search(r"['\u2019]s$", w)
        ]
        if not before or any(any(fold(b) in o.split() for o in owner) for b in before):
            return False
    return seen


def _asks_amount(reading: Reading) -> bool:
    """'How much did Google pay', 'how much has Mistral raised' (not 'how much longer', 'how much time')."""
    w = reading.words
    return any(
        w[i] == "how"
        and w[i + 1] == "much"
        and (i + 2 >= len(w) or w[i + 2] not in ("longer", "time", "later"))
        for i in range(len(w) - 1)
    )


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
    head = word[:4]
    for t in text:
        if not t.startswith(head):
            continue  # fewer than 4 shared letters: no stem (and the common case, so checked first)
        shared = next(
            (i for i, (a, b) in enumerate(zip(word, t, strict=False)) if a != b), min(len(word), len(t))
        )
        if t.startswith("foundation") and not word.startswith("foundation"):
            continue  # a 'foundation model' is no founding: the one false friend among the cue stems
        if shared >= 4 and shared >= 0.6 * min(len(word), len(t)):
            return True
    return False


def _has_phrase(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "


def _relation_named(cue: str, members: Sequence[str]) -> str | None:
    """The one relation of a family whose own title the question used ('co ceo' -> co_ceo), if any."""
    for name in members:
        if len(members) > 1 and fold(relations.label(name)) == cue:
            return name
    return None


_EVENT_FAMILIES = frozenset({"released", "invested_in", "acquired"})


def _misses_the_thing_asked(answer: Answer, reading: Reading, step: str) -> bool:
    """'When did Nvidia release the H100', 'when did Mistral release Le Chat': a release, investment or
    acquisition question that names something no chosen fact mentions is about something we do not hold;
    another release of the same company is no answer to it."""
    if reading.family not in _EVENT_FAMILIES or step in ("pair", "words"):
        return False
    asked = [w for w in reading.unknown if len(w) >= 4 and w not in CUE_VOCABULARY]
    if not asked:
        return False
    text = fold(" ".join(f"{f.object} {f.statement}" for f in answer.facts)).split()
    return not any(_stem_in(w, text) for w in asked)


def _mentions_family(fact: Fact, family: str, reading: Reading) -> bool:
    text = fold(f"{fact.object} {fact.statement}")
    words = [fold(w) for w in relations.STATEMENT_WORDS.get(family, ())]
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
