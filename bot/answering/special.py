"""Forms one look-up would get wrong, each tried only when the question has its shape: a landmark person,
a count of founders, who leads a product, comparisons, versions, a year before a thing existed, totals,
succession about a person, earlier roles, where a company is based, what it is worth. The answers themselves are in comparisons.py, totals.py,
succession.py, earlier_roles.py, landmarks.py, locations.py, release_order.py, valuations.py and versions.py; this module decides which one a question needs."""

from __future__ import annotations

import re
from datetime import date

from factbot.bot.answering import (
    careers,
    compose,
    forms,
    landmarks,
    locations,
    release_order,
    valuations,
    versions,
    wording,
)
from factbot.bot.answering.comparisons import Comparisons
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.earlier_roles import EarlierRoles
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.fact_traits import listed_names
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import GENERIC_WORDS, Reading
from factbot.bot.answering.succession import Succession
from factbot.bot.answering.totals import Totals, asks_money_total
from factbot.bot.domain import messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.text import fold


class SpecialForms:
    """`answer` gives the shaped answer and its step name, or None for the general steps to try."""

    def __init__(self, lookup: Lookup):
        self.lookup = lookup
        self.comparisons = Comparisons(lookup)
        self.totals = Totals(lookup)
        self.succession = Succession(lookup)
        self.earlier = EarlierRoles(lookup)

    def answer(
        self,
        reading: Reading,
        named: list[tuple[Mention, Entity]],
        free: list[str],
        scopes: list[str],
        today: date,
    ) -> tuple[Answer, str] | None:
        """Forms one look-up would get wrong, each tried only when the question has its shape."""
        t = reading.time
        landmark = landmarks.landmark(self.lookup, reading, named, scopes)
        if landmark is not None:
            return landmark, "landmark"
        count = self._founder_count(reading, named, scopes)
        if count is not None:
            return count, "count"
        counted = wording.counted_noun(reading.words)
        if counted is not None and reading.family != "founder" and len(named) == 1:
            # 'how many models has Mistral released': the record lists some, so no count is given --
            # unless a statement gives the figure ('its eight authors')
            entity = named[0][1]
            if not any(wording.states_count(counted, f.statement) for f in self.lookup.related(entity, scopes)):
                return compose.declined(messages.NO_COUNT.format(what=counted, name=entity.name)), "count"
        lead = self._product_lead(reading, named, scopes)
        if lead is not None:
            return lead, "product lead"
        before = forms.came_before(reading.words, len(named))
        if before is not None and all(e.kind != "person" for _, e in named):
            return self.comparisons.order_yes_no(reading, named, before, scopes), "comparison"
        metric = forms.comparison(reading.words, len(named))
        if metric:  # each side's version is checked by the comparison itself
            by_version = versions.versioned(self.lookup, reading, named, scopes)
            return self.comparisons.compare(reading, named, metric, scopes, versions=by_version), "comparison"
        neighbour = release_order.next_to(self.lookup, reading, named, scopes)
        if neighbour is not None:
            return neighbour, "release order"
        version = versions.version(self.lookup, reading, named, scopes)
        if version is not None:
            return version, "version"
        if t.kind == "at" and t.hi is not None:
            early = versions.before_existence(self.lookup, reading, named, scopes)
            if early is not None:
                return early, "before it existed"
        if len(named) == 1 and forms.comparison(reading.words, 2):
            other = self._unnamed_side(reading, scopes)
            if other is not None:
                found = self.comparisons.compare(
                    reading, named, forms.comparison(reading.words, 2), scopes, other
                )
                return found, "comparison"
            # one side only: answering it alone would answer another question
            joiner = next(i for i, w in enumerate(reading.words) if w in forms.COMPARE_JOINERS)
            m = named[0][0]
            side = range(joiner + 1, len(reading.words)) if m.start < joiner else range(joiner)
            said = " ".join(
                w
                for i, w in enumerate(reading.words)
                if i in side and w in reading.unknown and w not in wording.SHAPE_WORDS
            )
            missing = messages.CANT_COMPARE.format(what="record", name=said or "the other side")
            return compose.declined(missing), "comparison"
        if forms.asks_total(free) and asks_money_total(reading):
            total = self.totals.total(reading, named, scopes)
            if total is not None:
                return total, "total"
        if valuations.asks_valuation(reading.words) and reading.family in (None, "invested_in"):
            valued = valuations.valuation(self.lookup, reading, [e for _, e in named], scopes, today)
            if valued is not None:
                return valued, "valuation"
        people = [e for _, e in named if e.kind == "person"]
        direction = forms.succession(reading.words)
        if (
            people
            and direction
            and ("who" in reading.words or "whos" in reading.words or direction == "predecessor")
        ):
            followed = self.succession.answer(reading, named, direction, scopes, today)
            if followed is not None:
                return followed, direction
        if careers.asks_when_left(reading, named):
            left = careers.when_left(self.lookup, named, scopes)
            if left is not None:
                return left, "left"
        if careers.asks_when_joined(reading, named):
            joined = careers.when_joined(self.lookup, named, scopes)
            if joined is not None:
                return joined, "joined"
        if people and careers.asks_later_role(reading.words):
            later = careers.later_roles(self.lookup, reading, named, scopes)
            if later is not None:
                return later, "later roles"
        if len(people) > 1 and len(people) == len(named) and careers.asks_where_now(reading.words):
            # 'where are Noam Shazeer and Daniel De Freitas now': each of them, not a fact naming both
            return careers.where_people_are(self.lookup, people, scopes), "latest move"
        # 'where does Jan Leike work now' with no open role on record ('where does Mira Murati': as usual)
        if (
            len(people) == 1
            and careers.asks_where_now(reading.words)
            and not careers.holds_a_role_now(self.lookup, people[0], scopes)
        ):
            latest = careers.where_now(self.lookup, people[0], scopes)
            if latest is not None:
                return latest, "latest move"
        if not people and careers.asks_what_happened_to_former(reading.words):
            gone = careers.former_holder_went(self.lookup, reading, named, scopes, former=True)
            if gone is not None:
                return gone, "later roles"
        if careers.asks_where_went(reading.words):
            went = (
                careers.where_went(self.lookup, named, scopes)
                if people
                else careers.former_holder_went(self.lookup, reading, named, scopes)
            )
            if went is not None:
                return went, "later roles"
        if people and forms.asks_came_from(reading.words):
            # 'where did john giannandrea come from': the roles on record before the latest one
            came = self.earlier.answer(reading, named, scopes, before_latest=True)
            if came is not None:
                return came, "earlier roles"
        if forms.earlier_role(reading.words) and not {"who", "whos"} & set(reading.words[:2]):
            earlier = (
                self.earlier.answer(reading, named, scopes)
                if people
                else landmarks.earlier_of_unknown(self.lookup, reading, named, scopes)
            )
            if earlier is not None:
                return earlier, "earlier roles"
        if locations.asks_location(reading.words) and reading.family is None:
            placed = locations.location(self.lookup, [e for _, e in named], scopes)
            if placed is not None:
                return placed, "location"
        return None

    def _founder_count(
        self, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str]
    ) -> Answer | None:
        """'How many founders does Mistral have': the names on record, counted (refused when the record
        says 'and others': a partial list has no count)."""
        words = reading.words
        said = " ".join(words)
        counting = ("how many", "number of", "count of")
        if reading.family != "founder" or not any(wording.has_phrase(said, c) for c in counting):
            return None
        org = next((e for _, e in named if e.kind == "organization"), None)
        if org is None:
            return None
        facts = self.lookup.store.facts_about(org.id, scopes, relations.family_members("founder"))
        people = list(
            dict.fromkeys(
                n for f in facts for n in listed_names(f.object)
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
        if product is None or not roles or set(reading.words) & wording.MAKER_WORDS:
            return None
        if any(e.kind == "person" for _, e in named):
            return None  # 'did X lead Gemini': a yes/no about someone named
        names = wording.names_of(product)
        led = [
            f
            for f in wording.unique(self.lookup.related(product, scopes))
            if any(wording.led(f.statement, n) for n in names)
        ]
        if led:
            return compose.statements_answer(led, None, None, None, intro=f"Who leads {product.name}:")
        return compose.declined(messages.NO_PRODUCT_LEAD.format(name=product.name))

    def _unnamed_side(self, reading: Reading, scopes: list[str]) -> tuple[str, list[Fact]] | None:
        """The other side of a comparison, named only in facts' objects: 'Qwen3' (released by Alibaba)."""
        positions = {w: i for i, w in enumerate(reading.words)}
        names = [
            w
            for w in reading.unknown
            if len(w) >= 3
            and w not in GENERIC_WORDS
            and w not in wording.SHAPE_WORDS
            and w in positions
            and wording.name_like(reading, positions[w])
        ]
        if not names:
            return None
        hits = [
            f
            for f in self.lookup.store.search(" ".join(names), scopes, limit=20, match_all=True)
            if all(w in fold(f.object).split() for w in names)
        ]
        if not hits:
            return None
        return hits[0].object.split("(")[0].strip(), hits
