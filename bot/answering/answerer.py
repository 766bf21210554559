"""Answering a free-text question: read it, pick the facts that fit, and decide whether we are sure enough.

First the question's shape (forms.py): an opinion or forecast is declined, a future year says what is known
now; then the forms one look-up would get wrong (special.py: landmarks, versions, comparisons, totals,
succession, earlier roles); otherwise the general steps (steps.py). Whatever is chosen, every named thing
in the question must occur in its facts (gates.py): an answer that drops "Samsung" from "how much did
Samsung invest in Perplexity" is refused, with what is known instead. A yes/no question then gets
Yes / No / Not that I know of in front of the fact. No entity named at all: fallback.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from factbot.bot.answering import clauses, compose, exclusions, forms, gates, locations, multi_part, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import EntityIndex, Mention
from factbot.bot.answering.fact_traits import SUCCESSIVE_FAMILIES
from factbot.bot.answering.fallback import fallback
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import Reading, TimeCue, read
from factbot.bot.answering.resolution import Resolution
from factbot.bot.answering.special import SpecialForms
from factbot.bot.answering.steps import GeneralSteps
from factbot.bot.answering.suggestions import suggest
from factbot.bot.answering.yes_no import YesNo
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity
from factbot.bot.domain.port import Field, Reply, ReplyKind
from factbot.bot.domain.text import fold
from factbot.bot.storage.store import Store

THRESHOLD = 0.6

# Steps whose answers say who holds a role today (the ones a freshness note belongs on).
CURRENT_STEPS = frozenset({"relation", "yes/no", "successor"})


@dataclass(frozen=True)
class Response:
    """A reply, and when the facts behind any current state it claims were last checked (for the note)."""

    reply: Reply
    checked: tuple[str, ...] = ()


MAX_VERDICTS = 10_000  # suggested questions whose verdict is kept


class Answerer:
    """Answers questions against the store, through the name index the store keeps (nothing to build)."""

    def __init__(self, store: Store, threshold: float = THRESHOLD):
        self.store = store
        self.threshold = threshold
        self.lookup = Lookup(store)
        self.yes_no = YesNo(self.lookup)
        self.special = SpecialForms(self.lookup)
        self.steps = GeneralSteps(self.lookup)
        self._recent: dict[int, Response] = {}  # the last replies, for checked()
        # Whether a suggested question is answered, until anything but the question log is written: the same
        # few suggestions come back with every question near the same names.
        self._verdicts: dict[tuple[str, tuple[str, ...], date], bool] = {}
        self._verdicts_of: tuple[int, int] | None = None

    @property
    def index(self) -> EntityIndex:
        return self.lookup.index

    def entity(self, entity_id: int) -> Entity:
        return self.lookup.entity(entity_id)

    def refresh(self) -> None:
        """Entities read earlier may have gained an alias or a successor, here or in another process."""
        self.lookup.refresh()

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
        reading = self._read(question, scopes)
        if reading.greeting:
            return Response(
                Reply(
                    text=messages.HELP,
                    kind=ReplyKind.HELP,
                    explanation=("read as a greeting or a request for help",),
                )
            )
        cut = exclusions.exclusion(reading)
        if cut is not None:
            # 'who invested in anthropic besides amazon': the rest asked, and nothing about Amazon shown
            reading, res = self._resolve_message(cut.question, self._read(cut.question, scopes), scopes, today)
            if res.answer is not None:
                set_aside = [self.entity(i) for i in cut.excluded]
                res = replace(res, answer=exclusions.without(res.answer, set_aside))
        else:
            reading, res = self._resolve_message(question, reading, scopes, today)
        explanation = _explain(reading, res, self, self.threshold)
        if res.answer is not None and res.answer.declined:
            # A refusal that says what is known: shown whatever the confidence, never counted as an answer.
            reply = res.answer.reply(min(res.confidence, self.threshold / 2), explanation)
            return Response(
                replace(reply, suggestions=tuple(self._answerable(res.suggestions, scopes, today)))
            )
        if res.answer is not None and res.confidence >= self.threshold:
            reply = res.answer.reply(res.confidence, explanation)
            if res.notes:
                reply = replace(reply, fields=(*reply.fields, *(Field("Note", n) for n in res.notes)))
            t = reading.time
            past = t.kind == "at" and t.hi is not None and t.hi < today  # 'in 2020': no current state claimed
            current = res.step in CURRENT_STEPS and not past
            return Response(reply, _checked(res.answer, today) if current else ())
        return Response(
            compose.unknown(
                self._answerable(res.suggestions, scopes, today),
                explanation,
                res.confidence,
                unsure=bool(reading.mentions),
            )
        )

    def _read(self, text: str, scopes: list[str]) -> Reading:
        return read(text, self.index, scopes, self.lookup.ambiguous, self.store.linked)

    def _sure(self, res: Resolution) -> bool:
        return res.answer is not None and not res.answer.declined and res.confidence >= self.threshold

    def _resolve_message(
        self, question: str, reading: Reading, scopes: list[str], today: date
    ) -> tuple[Reading, Resolution]:
        """A chat message, not only a question: one that corrects itself answers only the correction
        ('who runs OpenAI — sorry, I meant Anthropic'); one that cannot be answered whole is tried as the
        clause that asks ('ok dumb q but who founded nvidia and when, my coworker says the 80s')."""
        corrected = clauses.correction(question)
        if corrected is not None:
            inner = self._read(corrected, scopes)
            if clauses.asks(corrected):
                res = self._resolve(inner, scopes, today)
                if self._sure(res):
                    return inner, res
            return reading, Resolution(Answer(messages.CORRECTED, (), declined=True), 0.0, [], [])
        if not forms.refuses_by_shape(wording.free_words(reading)):
            asked = multi_part.parts(question, reading, self.lookup.entity)
            if asked is not None:
                combined = multi_part.resolve(
                    asked,
                    lambda part: self._read(part, scopes),
                    lambda inner: self._resolve(inner, scopes, today),
                    self._sure,
                    self.lookup.entity,
                )
                if combined is not None:
                    return reading, combined
        res = self._resolve(reading, scopes, today)
        if self._sure(res) or forms.refuses_by_shape(wording.free_words(reading)):
            return reading, res
        clause = clauses.question_clause(question)
        if clause is None:
            return reading, res
        inner = self._read(clause, scopes)
        dropped = {m.entity_id for m in reading.mentions} - {m.entity_id for m in inner.mentions}
        if dropped and not inner.mentions:
            # the clause names nothing and the rest of the message does: it is about that, or unanswerable
            named = self.lookup.entity(dropped.pop()) if len(dropped) == 1 else None
            filled = clauses.with_antecedent(clause, named.name) if named is not None else None
            if filled is None:
                return reading, res
            inner = self._read(filled, scopes)
        inner_res = self._resolve(inner, scopes, today) if not inner.greeting else res
        if not self._sure(inner_res):
            return reading, res
        return inner, replace(inner_res, confidence=inner_res.confidence * 0.95)

    def _answerable(
        self, suggestions: Sequence[str], scopes: list[str], today: date, limit: int = 3
    ) -> list[str]:
        """Only 'did you mean' questions the bot answers itself, so a suggestion never leads nowhere; the
        first `limit` of them (a reply offers three)."""
        generation = self.store.data_generation()
        if generation != self._verdicts_of or len(self._verdicts) >= MAX_VERDICTS:
            self._verdicts.clear()
            self._verdicts_of = generation
        good: list[str] = []
        for q in dict.fromkeys(suggestions):
            if len(good) == limit:
                break
            key = (q, tuple(scopes), today)
            verdict = self._verdicts.get(key)
            if verdict is None:
                verdict = self._verdicts[key] = self._sure(
                    self._resolve(read(q, self.index, scopes), scopes, today)
                )
            if verdict:
                good.append(q)
        return good

    def _resolve(self, reading: Reading, scopes: list[str], today: date) -> Resolution:
        """The question's shape first (opinion, forecast, out-of-range year, comparison, …), then the steps."""
        free = wording.free_words(reading)
        if forms.is_negated(reading.words):
            return Resolution(Answer(messages.NEGATED, (), declined=True), 0.0, [], [])
        if forms.is_opinion(free):
            return self._refuse(messages.OPINION, reading, scopes, today, lead=messages.RELATED)
        if forms.is_how_to(reading.words):
            return self._refuse(messages.HOW_TO, reading, scopes, today, lead=messages.RELATED)
        if forms.asks_difference(free):
            return self._refuse(messages.DIFFERENCE, reading, scopes, today, lead=messages.RELATED)
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
            return fallback(self.lookup, reading, scopes, today)
        named = self._named(reading)
        fused = self._fused_products(named, scopes)
        if fused is not None:
            # 'when did anthropic release claude nova': one product name the base lacks, not Claude
            # and Amazon Nova
            return Resolution(compose.declined(messages.NO_VERSION.format(version=fused)), 0.0, [], [], "version")
        base = min(m.score for m, _ in named)
        shaped = self.special.answer(reading, named, free, scopes, today)
        if shaped is not None:
            answer, step = shaped
            entity = named[0][1]
            return gates.gated(
                self.lookup,
                Resolution(answer, base * 0.95, suggest(self.lookup, entity, reading.family), [], step),
                reading,
            )
        res = self.steps.general(reading, named, scopes, today)
        if forms.is_yes_no(free) and len(named) == 1:
            placed = locations.placed_yes_no(self.lookup, named[0][1], reading, scopes)
            if placed is not None:
                # the place asked is answered by the country it is in, which the fact need not name
                res = replace(res, answer=placed, confidence=base * 0.95, step="yes/no place")
                return gates.gated(self.lookup, res, locations.without_places(reading))
        if forms.is_yes_no(free):
            yes_no = self.yes_no.answer(reading, named, res.answer, res.step, scopes, today)
            if yes_no is not None:
                conf = res.confidence if res.answer is not None else base * 0.95
                return gates.gated(
                    self.lookup,
                    replace(res, answer=yes_no, confidence=max(conf, base * 0.9), step="yes/no"),
                    reading,
                )
        return res

    def _drop_other_namesakes(self, reading: Reading) -> None:
        """'Adam Selipsky' is not Adam D'Angelo: a first name followed by a surname we do not know names
        someone else; a surname several people share names the one tied to the rest of the question."""
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
            verb_next = nxt.endswith("ed") and len(nxt) >= 6  # 'Safra stepped aside': no surname
            if first_name_only and ((nxt in reading.unknown and not verb_next) or m.score < 1.0):
                reading.unknown.insert(0, reading.words[m.start])
                continue
            kept.append(self._namesake_in_context(m, e, reading))
        reading.mentions = kept

    def _namesake_in_context(self, m: Mention, e: Entity, reading: Reading) -> Mention:
        """A bare surname shared by several people ('wang') names the one tied to the organization the
        question names: 'who runs Scale AI after Wang left' is Alexandr Wang, not Wang Xiaochuan."""
        if e.kind != "person" or m.end - m.start != 1 or m.score < 1.0:
            return m
        others = [o.entity_id for o in reading.mentions if o is not m]
        if not others or any(self.store.linked(e.id, o) for o in others):
            return m
        for namesake in self.lookup.namesakes(e, m.matched):
            if any(self.store.linked(namesake.id, o) for o in others):
                return replace(m, entity_id=namesake.id, matched=namesake.name)
        return m

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

    def _fused_products(self, named: list[tuple[Mention, Entity]], scopes: list[str]) -> str | None:
        """Two products of different makers named side by side ('claude nova'): the name of one product
        the base does not hold."""
        products = [(m, e) for m, e in named if e.kind == "product"]
        for (a, ea), (b, eb) in pairwise(products):
            if a.end == b.start:
                ma, mb = self.lookup.maker(ea, scopes), self.lookup.maker(eb, scopes)
                if ma is not None and mb is not None and ma.id != mb.id:
                    return f"{ea.name} {b.surface.title()}"
        return None

    def _refuse(self, text: str, reading: Reading, scopes: list[str], today: date, lead: str) -> Resolution:
        """Decline, adding what the base holds on the names asked about (clearly not as the answer)."""
        known: Answer | None = None
        if reading.mentions:
            general = self.steps.general(reading, self._named(reading), scopes, today)
            if self._sure(general):
                known = general.answer
        if known is not None and lead == messages.RELATED:
            f = (known.headline_facts or known.facts)[:1]
            line = f[0].statement if f else compose.headline(known)
            return Resolution(
                Answer(text, tuple(f), (Field(lead, line),), tuple(f), declined=True), 0.0, [], []
            )
        return Resolution(compose.declined(text, known, lead), 0.0, [], [])


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
