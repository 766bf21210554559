"""Totals: the latest stated total, or the sum of the dated tranches labelled as such, with the dates it covers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from factbot.bot.answering import compose, wording
from factbot.bot.answering.amounts import Amount, amounts, put_in
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.fact_traits import mentions
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import dates, messages
from factbot.bot.domain.model import Entity
from factbot.bot.domain.port import Field


class Totals:
    """How much one side put into another altogether, or how much an organization raised in total."""

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def total(
        self, reading: Reading, named: Sequence[tuple[Mention, Entity]], scopes: list[str]
    ) -> Answer | None:
        if len(named) == 1 and named[0][1].kind == "organization":
            return self._raised_total(named[0][1], scopes)
        if len(named) < 2:
            return None
        a, b = named[0][1], named[1][1]
        keys_b, keys_a = wording.names_of(b), wording.names_of(a)
        linked = wording.unique(
            f
            for f in [*self.lookup.related(a, scopes), *self.lookup.related(b, scopes)]
            if f.relation == "invested_in"
            and (
                (f.subject_id == a.id and (f.object_id == b.id or any(mentions(f.object, k) for k in keys_b)))
                or (
                    f.subject_id == b.id
                    and (f.object_id == a.id or any(mentions(f.object, k) for k in keys_a))
                )
            )
        )
        if not linked:
            return None
        linked.sort(key=lambda f: dates.sort_key(f.start))
        stated = [f for f in linked if re.search(r"\btotal\b", f.statement, re.I) and amounts(f.statement)]
        if stated:
            f = stated[-1]
            when = dates.human(f.start) if f.start else "undated"
            text = f"Latest stated total ({when}): {f.statement}"
            fields = tuple(
                Field(dates.human(g.start) if g.start else "undated", g.statement)
                for g in linked
                if g is not f
            )
            return Answer(text, (f, *[g for g in linked if g is not f]), fields, (f,))
        listed = tuple(Field(dates.human(f.start) if f.start else "undated", f.statement) for f in linked)
        # an ended one (a letter of intent superseded by the deal) is listed, not added up
        counted = [f for f in linked if not f.end]
        firsts = [put_in(f.object) for f in counted]
        if not counted or any(x is None for x in firsts) or any(not f.start for f in counted):
            return Answer(messages.NO_TOTAL, tuple(linked), listed, (), declined=True)
        money = [x for x in firsts if x is not None]
        if len({x.currency for x in money}) != 1:
            return Answer(messages.NO_TOTAL, tuple(linked), listed, (), declined=True)
        total = Amount(money[0].currency, sum(x.value for x in money))
        span = f"{dates.human(counted[0].start or '')} to {dates.human(counted[-1].start or '')}"
        text = f"Sum of the {len(counted)} dated tranches on record ({span}): {total.human()}."
        if len(counted) == 1:
            text = f"One tranche on record ({dates.human(counted[0].start or '')}): {money[0].human()}."
        return Answer(text, tuple(linked), listed, tuple(counted))

    def _raised_total(self, org: Entity, scopes: list[str]) -> Answer | None:
        """'How much has Mistral raised in total': a stated total, else the rounds (never summed: one round
        has many investors, each stored on its own)."""
        rounds = sorted(
            (f for f in wording.unique(self.lookup.naming(org, scopes)) if f.relation == "invested_in"),
            key=lambda f: dates.sort_key(f.start),
        )
        if not rounds:
            return None
        # the company's own total ('total funding', 'raised … in total'), not one investor's ('its total')
        own = re.compile(
            r"total (funding|raised|capital)|raised (a total|\S+ in total)|funding to date", re.I
        )
        stated = [f for f in rounds if own.search(f.statement) and amounts(f.statement)]
        listed = tuple(Field(dates.human(f.start) if f.start else "undated", f.statement) for f in rounds)
        if stated:
            f = stated[-1]
            when = dates.human(f.start) if f.start else "undated"
            others = tuple(g for g in listed if g.value != f.statement)
            return Answer(f"Latest stated total ({when}): {f.statement}", tuple(rounds), others, (f,))
        text = messages.NO_RAISED_TOTAL.format(name=org.name)
        return Answer(text, tuple(rounds), listed[-compose.MAX_LIST :], (), declined=True)
