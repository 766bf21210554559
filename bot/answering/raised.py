"""What a company raised: a stated total of its own, else its rounds added up when the record can be (every
round sized, one currency, no Series letter missing, the first round soon after the founding), else its
rounds listed and no figure. An investor asked what it raised gets its own deals, and no sum."""

from __future__ import annotations

import re
from datetime import timedelta

from factbot.bot.answering import compose, wording
from factbot.bot.answering.amounts import Amount, amounts, round_size, tranche
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.fact_traits import names_first
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.periods import Window, in_time
from factbot.bot.domain import dates, messages
from factbot.bot.domain.model import Entity, Fact


def raised_total(lookup: Lookup, org: Entity, scopes: list[str], when: Window) -> Answer | None:
    """'How much has Mistral raised in total': a stated total, else the sum of the rounds when the
    record can be added up (_sum_of_rounds), else the rounds on record and no figure."""
    rounds = sorted(
        (
            f
            for f in wording.unique(lookup.naming(org, scopes))
            if f.relation == "invested_in" and in_time(f, when) and names_first(f, org)
        ),
        key=lambda f: dates.sort_key(f.start),
    )
    if not rounds:
        # 'how much has Nvidia invested in total': an investor's deals are not one sum on record
        made = [
            f
            for f in lookup.store.facts_about(org.id, scopes, ("invested_in",))
            if in_time(f, when)
        ]
        if not made:
            return None
        made.sort(key=lambda f: dates.sort_key(f.start))
        listed = compose.dated_lines(made)
        text = messages.NO_INVESTED_TOTAL.format(name=org.name)
        return Answer(text, tuple(made), listed[-compose.MAX_LIST :], (), declined=True)
    # the company's own total ('total funding', 'raised … in total'), not one investor's ('its total')
    own = re.compile(
        r"total (funding|raised|capital)|raised (a total|\S+ in total)|funding to date", re.I
    )
    stated = [f for f in rounds if own.search(f.statement) and amounts(f.statement)]
    listed = compose.dated_lines(rounds)
    if stated:
        f = stated[-1]
        dated = dates.human(f.start) if f.start else "undated"
        others = tuple(g for g in listed if g.value != f.statement)
        return Answer(f"Latest stated total ({dated}): {f.statement}", tuple(rounds), others, (f,))
    summed = _sum_of_rounds(lookup, org, rounds, scopes)
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
    lookup: Lookup, org: Entity, rounds: list[Fact], scopes: list[str]
) -> tuple[Amount, list[str]] | None:
    """What the rounds on record add up to, with the dates they are on, when the record can be added up:
    every round has a size (the round's, else its investors' parts), one currency, and the record
    reaches back to the company's first months (else the early rounds are missing and a sum would
    mislead). Facts of one date are one round: the round's size once, not once per investor."""
    live = [f for f in rounds if not f.end]
    founded = lookup.founding(org, scopes)
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
        parts = [tranche(f) for f in same_day]
        if any(x is None for x in parts):
            return None
        sizes.extend(x for x in parts if x is not None)
    if len({x.currency for x in sizes}) != 1:
        return None
    return Amount(sizes[0].currency, sum(x.value for x in sizes)), list(by_date)


# the first round on record must come this soon after the founding for the rounds to be added up
MONTHS_TO_FIRST_ROUND = 6
_SERIES = re.compile(r"\bSeries ([A-Z])\b")


def _series_missing(rounds: list[Fact]) -> bool:
    """A Series D on record without a B and C: the rounds between are missing from the record."""
    letters = {m[1] for f in rounds for m in _SERIES.finditer(f"{f.object} {f.statement}")}
    return bool(letters) and letters != {chr(c) for c in range(ord("A"), ord(max(letters)) + 1)}
