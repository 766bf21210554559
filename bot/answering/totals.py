"""Totals: the latest stated total, or the sum of the dated tranches labelled as such, with the dates it covers;
what a company raised (its rounds added up when the record reaches its start); several parties combined.
A time asked about ('in 2023', 'since 2025') keeps only the facts dated in it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise

from factbot.bot.answering import compose, wording
from factbot.bot.answering.amounts import (
    VALUE_WORDS,
    Amount,
    amounts,
    only_amount,
    put_in,
    round_size,
    stated_total,
)
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.fact_traits import mentions
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import dates, messages
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.port import Field


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
            return self._raised_total(orgs[0], scopes, when)
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
            fields = tuple(
                Field(dates.human(g.start) if g.start else "undated", g.statement)
                for g in linked
                if g is not f
            )
            return Answer(text, (f, *[g for g in linked if g is not f]), fields, (f,))
        listed = tuple(Field(dates.human(f.start) if f.start else "undated", f.statement) for f in linked)
        tranches = _tranches(linked)
        total = _sum_of(tranches)
        if total is None:
            return Answer(messages.NO_TOTAL, tuple(linked), listed, (), declined=True)
        span = f"{dates.human(tranches[0].start or '')} to {dates.human(tranches[-1].start or '')}"
        text = f"Sum of the {len(tranches)} dated tranches on record ({span}): {total.human()}."
        if len(tranches) == 1:
            text = f"One tranche on record ({dates.human(tranches[0].start or '')}): {total.human()}."
        return Answer(text, tuple(linked), listed, tuple(tranches))

    def _put_into(self, investor: Entity, target: Entity, scopes: list[str], when: Window) -> list[Fact]:
        """The investor's investments in the target (by id, or naming it in the object), oldest first;
        only those of the time asked about, when one is ('since 2025')."""
        keys = wording.names_of(target)
        found = [
            f
            for f in self.lookup.store.facts_about(investor.id, scopes, ("invested_in",))
            if (f.object_id == target.id or any(mentions(f.object, k) for k in keys)) and _in_time(f, when)
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
        listed = tuple(Field(dates.human(f.start) if f.start else "undated", f.statement) for f in facts)
        sums = [(i, _stated_total(fs) or _sum_of(_tranches(fs))) for i, fs in parts]
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
        bound = "up to " if any(_UP_TO.search(f.object) for f in _tranches(facts)) else ""
        side = f"into {one.name}" if many_into_one else f"by {one.name}"
        text = f"Combined, on record: {bound}{total.human()} {side} ({each})."
        return Answer(text, tuple(facts), listed, tuple(facts))

    def _raised_total(self, org: Entity, scopes: list[str], when: Window) -> Answer | None:
        """'How much has Mistral raised in total': a stated total, else the sum of the rounds when the
        record can be added up (_sum_of_rounds), else the rounds on record and no figure."""
        rounds = sorted(
            (
                f
                for f in wording.unique(self.lookup.naming(org, scopes))
                if f.relation == "invested_in" and _in_time(f, when) and _raised_by(f, org)
            ),
            key=lambda f: dates.sort_key(f.start),
        )
        if not rounds:
            # 'how much has Nvidia invested in total': an investor's deals are not one sum on record
            made = [
                f
                for f in self.lookup.store.facts_about(org.id, scopes, ("invested_in",))
                if _in_time(f, when)
            ]
            if not made:
                return None
            made.sort(key=lambda f: dates.sort_key(f.start))
            listed = tuple(Field(dates.human(f.start) if f.start else "undated", f.statement) for f in made)
            text = messages.NO_INVESTED_TOTAL.format(name=org.name)
            return Answer(text, tuple(made), listed[-compose.MAX_LIST :], (), declined=True)
        # the company's own total ('total funding', 'raised … in total'), not one investor's ('its total')
        own = re.compile(
            r"total (funding|raised|capital)|raised (a total|\S+ in total)|funding to date", re.I
        )
        stated = [f for f in rounds if own.search(f.statement) and amounts(f.statement)]
        listed = tuple(Field(dates.human(f.start) if f.start else "undated", f.statement) for f in rounds)
        if stated:
            f = stated[-1]
            dated = dates.human(f.start) if f.start else "undated"
            others = tuple(g for g in listed if g.value != f.statement)
            return Answer(f"Latest stated total ({dated}): {f.statement}", tuple(rounds), others, (f,))
        summed = self._sum_of_rounds(org, rounds, scopes)
        if summed is not None:
            total, groups = summed
            span = f"{dates.human(groups[0])} to {dates.human(groups[-1])}"
            text = f"Sum of the {len(groups)} rounds on record ({span}): {total.human()}."
            if len(groups) == 1:
                text = f"One round on record ({dates.human(groups[0])}): {total.human()}."
            text += " Rounds not on record are not counted."
            return Answer(text, tuple(rounds), listed[-compose.MAX_LIST :], tuple(rounds))
        text = messages.NO_RAISED_TOTAL.format(name=org.name)
        return Answer(text, tuple(rounds), listed[-compose.MAX_LIST :], (), declined=True)

    def _sum_of_rounds(
        self, org: Entity, rounds: list[Fact], scopes: list[str]
    ) -> tuple[Amount, list[str]] | None:
        """What the rounds on record add up to, with the dates they are on, when the record can be added up:
        every round has a size (the round's, else its investors' parts), one currency, and the record
        reaches back to the company's first months (else the early rounds are missing and a sum would
        mislead). Facts of one date are one round: the round's size once, not once per investor."""
        live = [f for f in rounds if not f.end]
        founded = self.lookup.founding(org, scopes)
        if not live or any(not f.start for f in live) or founded is None:
            return None
        first, began = dates.first_day(live[0].start or ""), dates.first_day(founded.start or "")
        if first > began + timedelta(days=MONTHS_TO_FIRST_ROUND * 31) or _series_missing(live):
            return None
        by_date: dict[str, list[Fact]] = {}
        for f in live:
            by_date.setdefault(f.start or "", []).append(f)
        sizes: list[Amount] = []
        for same_day in by_date.values():
            whole = [x for f in same_day if (x := round_size(f.object) or round_size(f.statement))]
            if whole:
                sizes.append(max(whole, key=lambda x: x.value))
                continue
            parts = [_tranche(f) for f in same_day]
            if any(x is None for x in parts):
                return None
            sizes.extend(x for x in parts if x is not None)
        if len({x.currency for x in sizes}) != 1:
            return None
        return Amount(sizes[0].currency, sum(x.value for x in sizes)), list(by_date)


Window = tuple[date | None, date | None]
_UNTIL = frozenset({"before", "prior", "until", "till", "pre"})
_UP_TO_END = frozenset({"by", "through", "thru"})
_FROM = frozenset({"since", "from"})
_AFTER = frozenset({"after", "post"})


def window(reading: Reading) -> Window:
    """The dates a total covers, from the years asked: 'in 2023' that year; 'before 2025' up to its start;
    'by 2024' to its end; 'since 2024' / 'after 2023' from then on; 'from 2023 to 2024' both years."""
    words, t = reading.words, reading.time
    if t.lo is None or t.hi is None:
        return (t.lo, t.hi)
    years = [i for i, w in enumerate(words) if _YEAR.fullmatch(w)]
    first = years[0] if years else -1
    said = set(words[max(0, first - 3) : first])
    if len(years) >= 2:
        last = int(words[years[-1]])
        return (t.lo, date(last, 12, 31))
    if said & _UNTIL:
        return (None, t.lo - timedelta(days=1))
    if said & _UP_TO_END:
        return (None, t.hi)
    if said & _AFTER:
        return (t.hi + timedelta(days=1), None)
    if said & _FROM:
        return (t.lo, None)
    return (t.lo, t.hi)


_YEAR = re.compile(r"(19|20)\d\d")


def _in_time(f: Fact, when: Window) -> bool:
    """The fact is dated inside the time asked about (any fact, when none is asked)."""
    lo, hi = when
    if lo is None and hi is None:
        return True
    if not f.start:
        return False
    day = dates.first_day(f.start)
    return (lo is None or day >= lo) and (hi is None or day <= hi)


def _raised_by(f: Fact, org: Entity) -> bool:
    """The round is the organization's own ('Safe Superintelligence (led $2 billion round …)'), not one it
    is named in as an investor ('…; Alphabet and Nvidia joined')."""
    head = f.object.split(" (")[0]
    return f.object_id == org.id or any(mentions(head, k) for k in wording.names_of(org))


_UP_TO = re.compile(r"\bup to\b", re.I)
# 'about 27% of OpenAI Group PBC', 'a 49% stake': what someone holds, not a tranche of money
_HOLDING = re.compile(r"\d\s?%|\bstake\b|\bshares?\b", re.I)
# the first round on record must come this soon after the founding for the rounds to be added up
MONTHS_TO_FIRST_ROUND = 6
_SERIES = re.compile(r"\bSeries ([A-Z])\b")


def _series_missing(rounds: list[Fact]) -> bool:
    """A Series D on record without a B and C: the rounds between are missing from the record."""
    letters = {m[1] for f in rounds for m in _SERIES.finditer(f"{f.object} {f.statement}")}
    return bool(letters) and letters != {chr(c) for c in range(ord("A"), ord(max(letters)) + 1)}


def _tranche(f: Fact) -> Amount | None:
    """What one fact records as put in: the amount in its object, else the one amount its statement gives."""
    return put_in(f.object) or (None if amounts(f.object) else only_amount(f.statement))


def _tranches(linked: list[Fact]) -> list[Fact]:
    """The facts that are money put in: an ended one (a letter of intent superseded by the deal) is not,
    nor a holding ('about 27% of OpenAI Group PBC')."""
    return [f for f in linked if not f.end and not (_HOLDING.search(f.object) and not put_in(f.object))]


def _sum_of(tranches: list[Fact]) -> Amount | None:
    """The tranches added up, when every one is dated and has an amount, all in one currency."""
    money = [x for f in tranches if f.start and (x := _tranche(f)) is not None]
    if not tranches or len(money) < len(tranches) or len({x.currency for x in money}) != 1:
        return None
    return Amount(money[0].currency, sum(x.value for x in money))


def _stated_total(linked: list[Fact]) -> Amount | None:
    """The latest stated running total ('bringing its total to $8 billion', '$8 billion total')."""
    for f in reversed(linked):
        found = stated_total(f"{f.object} {f.statement}")
        if found is not None:
            return found
    return None
