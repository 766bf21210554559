"""'Where is Cohere based', 'where's it headquartered', 'which city is Mistral in': the base has no
headquarters relation, so the answer is a stored statement that places the organization ('founded in
Toronto', 'Paris-based', 'the Hangzhou AI lab DeepSeek'), or a refusal -- never another fact about it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from factbot.bot.answering import compose, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.lookup import Lookup
from factbot.bot.domain import messages
from factbot.bot.domain.model import Entity, Fact

_PLACE_WORDS = frozenset(
    "based headquartered headquarters hq located location city country town from".split()
)
_WHERE = frozenset({"where", "wheres"})
_WHICH_PLACE = frozenset({"city", "country", "town"})
_PLACE = r"[A-Z][a-z][\w'-]*(?: [A-Z][a-z][\w'-]*)?"
# 'founded in Toronto', 'co-founded in London', 'based in Paris', 'Toronto-based Ideogram'
_PLACING = (
    re.compile(rf"\b(?:founded|based|headquartered|located) in (?:the )?({_PLACE})"),
    re.compile(rf"\b({_PLACE})-based\b"),
)
# 'the Hangzhou AI lab DeepSeek', 'the Shanghai AI company MiniMax': the name follows at once.
_PLACE_NOUN = re.compile(rf"\b(?:the|a|an) ({_PLACE}) (?:[\w-]+ )?(?:start-?up|lab|company|firm) ")
_NEAR = 60  # a place counts for the organization named this close to it
_NOT_PLACES = frozenset(
    "The In On Former January February March April May June July August September October November "
    "December".split()
)


def asks_location(words: Sequence[str]) -> bool:
    """'where is X based', 'where are they from', 'what city is X in', 'X hq?'."""
    said = set(words)
    place_words = _PLACE_WORDS if said & {"is", "are", "wheres"} else _PLACE_WORDS - {"from"}
    if said & _WHERE and said & place_words:
        return True  # not 'where did she come from': that is an earlier job
    if {"hq", "headquarters", "headquartered"} & said:
        return True
    return bool(said & {"what", "which", "whats"} and said & _WHICH_PLACE)


def place_of(statement: str, names: Sequence[str]) -> str | None:
    """The place a statement puts the organization in, if it says one: a capitalized name next to one of
    the organization's names ('Toronto-based Ideogram', 'Cohere was founded in Toronto')."""
    folded = statement.casefold()
    spots = [m.start() for n in names for m in re.finditer(rf"\b{re.escape(n)}\b", folded)]
    for pattern in _PLACING:
        for hit in pattern.finditer(statement):
            if any(hit.start() - _NEAR <= at <= hit.end() + _NEAR for at in spots) and _is_place(hit, names):
                return hit.group(1)
    for hit in _PLACE_NOUN.finditer(statement):
        if hit.end() in spots and _is_place(hit, names):
            return hit.group(1)
    return None


def _is_place(hit: re.Match[str], names: Sequence[str]) -> bool:
    place = hit.group(1)
    return place.split()[0] not in _NOT_PLACES and not any(place.casefold() in n for n in names)


def location(lookup: Lookup, named: Sequence[Entity], scopes: list[str]) -> Answer | None:
    """The statement that places the one organization named, or a refusal saying none does (a person's
    home town is never on record)."""
    if len(named) != 1:
        return None
    org = named[0]
    if org.kind != "organization":
        return compose.declined(messages.NO_LOCATION.format(name=org.name))
    names = wording.names_of(org)
    placing: list[Fact] = []
    for f in lookup.store.facts_about(org.id, scopes):
        if place_of(f.statement, names) is not None:
            placing.append(f)
    if not placing:
        return compose.declined(messages.NO_LOCATION.format(name=org.name))
    placing.sort(key=lambda f: f.start or "")
    return Answer(placing[0].statement, (placing[0],), (), (placing[0],))
