"""'How much is Anthropic worth', 'what's OpenAI valued at': the latest valuation on record, dated -- not a
list of every funding fact that names the company, nor a valuation of something it bought."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from factbot.bot.answering import amounts, compose, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.fact_traits import family_of
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import ROUND_NOUNS, Reading
from factbot.bot.domain import dates, messages
from factbot.bot.domain.model import Entity, Fact

_VALUE_WORDS = frozenset({"valuation", "valued", "valuing", "worth", "value"})
_ASKING = frozenset({"how", "what", "whats", "hows"})


def asks_valuation(words: Sequence[str]) -> bool:
    """'how much is X worth', 'what's X's valuation', 'what is X valued at' (not one round's: 'at what
    valuation was the Series F')."""
    said = set(words)
    return bool(said & _VALUE_WORDS and said & _ASKING) and not said & ROUND_NOUNS


def valuation(
    lookup: Lookup, reading: Reading, named: Sequence[Entity], scopes: list[str], today: date
) -> Answer | None:
    """The latest stated valuation of the one organization named (up to the time asked, if any)."""
    if len(named) != 1 or named[0].kind != "organization":
        return None
    org = named[0]
    t = reading.time
    hi = t.hi if t.kind == "at" and t.hi is not None else today
    valued = [
        f
        for f in wording.unique(lookup.related(org, scopes))
        if _values(f, org) and f.start and dates.first_day(f.start) <= hi
    ]
    if not valued:
        return compose.declined(messages.NO_VALUATION.format(name=org.name))
    latest = max(valued, key=lambda f: dates.sort_key(f.start))
    when = dates.human(latest.start or "")
    return Answer(f"Latest valuation of {org.name} on record ({when}): {latest.statement}", (latest,))


def _values(f: Fact, org: Entity) -> bool:
    """A fact stating what the organization itself was valued at: its own round, or a stake in it."""
    if not amounts.valuations(f.statement):
        return False
    family = family_of(f)
    if f.subject_id == org.id:
        return family not in ("acquired", "invested_in")  # what it bought or backed is valued, not it
    return f.object_id == org.id and family in ("invested_in", "acquired")
