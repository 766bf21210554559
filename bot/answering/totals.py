"""Totals: what one side put into another (the latest stated total, or the sum of the dated tranches labelled
as such, with the dates it covers) and several parties combined; what one company raised is raised.py's.
A period asked about ('in 2023', 'since 2025') keeps only the facts dated in it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from factbot.bot.answering import compose, raised, wording
from factbot.bot.answering.amounts import VALUE_WORDS, Amount, amounts, stated_total, sum_of, tranches
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.fact_traits import mentions
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import Reading
from factbot.bot.answering.periods import Window, in_time, window
from factbot.bot.domain import dates, messages
from factbot.bot.domain.model import Entity, Fact


def asks_money_total(reading: Reading) -> bool:
    """A total of money ('how much has X put in altogether', 'total investment in Y'), not 'overall, who
    runs Mistral', 'how many rounds in total', 'its total valuation' or 'its Series B in total'."""
    words = reading.words
    if reading.family not in (None, "invested_in") or not (
        reading.family == "invested_in" or wording.asks_amount(reading)
    ):
        return False
    if VALUE_WORDS & set(words) or any(words[i : i + 2] == ["how", "many"] for i in range(len(words) - 1)):
        return False
    return not any(w == "series" and len(n) == 1 for w, n in pairwise(words))


class Totals:
    """How much one side put into another altogether, or how much an organization raised in total."""

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def total(
        self, reading: Reading, named: Sequence[tuple[Mention, Entity]], scopes: list[str]
    ) -> Answer | None:
        orgs, when = [e for _, e in named], window(reading)
        if len(orgs) == 1 and orgs[0].kind == "organization":
            return raised.raised_total(self.lookup, orgs[0], scopes, when)
        if len(orgs) >= 3:
            combined = self._combined(orgs, scopes, when)
            # three named and no way to add them up: never the first two's deal alone
            return combined or compose.declined(messages.NO_COMBINED_DEALS)
        if len(orgs) < 2:
            return None
        a, b = orgs[0], orgs[1]
        linked = wording.unique([*self._put_into(a, b, scopes, when), *self._put_into(b, a, scopes, when)])
        if not linked:
            return None
        linked.sort(key=lambda f: dates.sort_key(f.start))
        stated = [f for f in linked if re.search(r"\btotal\b", f.statement, re.I) and amounts(f.statement)]
        if stated:
            f = stated[-1]
            dated = dates.human(f.start) if f.start else "undated"
            text = f"Latest stated total ({dated}): {f.statement}"
            fields = compose.dated_lines(g for g in linked if g is not f)
            return Answer(text, (f, *[g for g in linked if g is not f]), fields, (f,))
        listed = compose.dated_lines(linked)
        paid = tranches(linked)
        total = sum_of(paid)
        if total is None:
            return Answer(messages.NO_TOTAL, tuple(linked), listed, (), declined=True)
        span = f"{dates.human(paid[0].start or '')} to {dates.human(paid[-1].start or '')}"
        text = f"Sum of the {len(paid)} dated tranches on record ({span}): {total.human()}."
        if len(paid) == 1:
            text = f"One tranche on record ({dates.human(paid[0].start or '')}): {total.human()}."
        return Answer(text, tuple(linked), listed, tuple(paid))

    def _put_into(self, investor: Entity, target: Entity, scopes: list[str], when: Window) -> list[Fact]:
        """The investor's investments in the target (by id, or naming it in the object), oldest first;
        only those of the time asked about, when one is ('since 2025')."""
        keys = wording.names_of(target)
        found = [
            f
            for f in self.lookup.store.facts_about(investor.id, scopes, ("invested_in",))
            if (f.object_id == target.id or any(mentions(f.object, k) for k in keys)) and in_time(f, when)
        ]
        return sorted(found, key=lambda f: dates.sort_key(f.start))

    def _combined(self, orgs: list[Entity], scopes: list[str], when: Window) -> Answer | None:
        """'how much did Microsoft and Nvidia commit to Anthropic combined', 'how much has Amazon put into
        Anthropic and OpenAI combined': each part (a stated total, else the sum of its tranches), added up
        only when every part is on record."""
        for one in orgs:
            into = [(i, self._put_into(i, one, scopes, when)) for i in orgs if i is not one]  # many into one
            out_of = [(t, self._put_into(one, t, scopes, when)) for t in orgs if t is not one]  # one into many
            parts = into if all(fs for _, fs in into) else out_of if all(fs for _, fs in out_of) else []
            if parts:
                break
        else:
            return None
        many_into_one = parts is into
        facts = sorted(wording.unique(f for _, fs in parts for f in fs), key=lambda f: dates.sort_key(f.start))
        listed = compose.dated_lines(facts)
        sums = [(i, _stated_total(fs) or sum_of(tranches(fs))) for i, fs in parts]
        for other, part in sums:
            if part is None:
                payer, payee = (other, one) if many_into_one else (one, other)
                text = messages.NO_COMBINED.format(name=payer.name, target=payee.name)
                return Answer(text, tuple(facts), listed, (), declined=True)
        money = [(i, x) for i, x in sums if x is not None]
        if len({x.currency for _, x in money}) != 1:
            return Answer(messages.NO_TOTAL, tuple(facts), listed, (), declined=True)
        total = Amount(money[0][1].currency, sum(x.value for _, x in money))
        each = "; ".join(f"{i.name} {x.human()}" for i, x in money)
        bound = "up to " if any(_UP_TO.search(f.object) for f in tranches(facts)) else ""
        side = f"into {one.name}" if many_into_one else f"by {one.name}"
        text = f"Combined, on record: {bound}{total.human()} {side} ({each})."
        return Answer(text, tuple(facts), listed, tuple(facts))



_UP_TO = re.compile(r"\bup to\b", re.I)


def _stated_total(linked: list[Fact]) -> Amount | None:
    """The latest stated running total ('bringing its total to $8 billion', '$8 billion total')."""
    for f in reversed(linked):
        found = stated_total(f"{f.object} {f.statement}")
        if found is not None:
            return found
    return None
