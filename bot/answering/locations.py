"""'Where is Cohere based', 'where's it headquartered', 'which city is Mistral in': the base has no
headquarters relation, so the answer is a stored statement that places the organization ('founded in
Toronto', 'Paris-based', 'the Hangzhou AI lab DeepSeek'), or a refusal -- never another fact about it.
'Is Cohere Canadian', 'is Mistral a German company', 'is DeepSeek based in Beijing' are told from the same
statement: its place and the country that place is in."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from factbot.bot.answering import compose, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import Reading
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


# The cities the base's statements name, the countries people ask about, and peoples' words.
_CITY_COUNTRY = {
    "beijing": "China",
    "hangzhou": "China",
    "shanghai": "China",
    "shenzhen": "China",
    "cologne": "Germany",
    "freiburg": "Germany",
    "heidelberg": "Germany",
    "berlin": "Germany",
    "munich": "Germany",
    "london": "United Kingdom",
    "paris": "France",
    "new york": "United States",
    "san francisco": "United States",
    "palo alto": "United States",
    "mountain view": "United States",
    "seattle": "United States",
    "redmond": "United States",
    "menlo park": "United States",
    "santa clara": "United States",
    "boston": "United States",
    "tokyo": "Japan",
    "toronto": "Canada",
    "montreal": "Canada",
    "vancouver": "Canada",
    "tel aviv": "Israel",
    "seoul": "South Korea",
    "abu dhabi": "United Arab Emirates",
    "dubai": "United Arab Emirates",
    "bengaluru": "India",
    "bangalore": "India",
    "zurich": "Switzerland",
}
_COUNTRY_WORDS = {
    "china": "China",
    "germany": "Germany",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "england": "United Kingdom",
    "france": "France",
    "us": "United States",
    "usa": "United States",
    "america": "United States",
    "japan": "Japan",
    "canada": "Canada",
    "israel": "Israel",
    "korea": "South Korea",
    "uae": "United Arab Emirates",
    "india": "India",
    "switzerland": "Switzerland",
}
_PEOPLE_WORDS = {
    "american": "United States",
    "canadian": "Canada",
    "french": "France",
    "german": "Germany",
    "chinese": "China",
    "british": "United Kingdom",
    "english": "United Kingdom",
    "israeli": "Israel",
    "japanese": "Japan",
    "korean": "South Korea",
    "emirati": "United Arab Emirates",
    "indian": "India",
    "swiss": "Switzerland",
}
_EUROPE = frozenset({"Germany", "United Kingdom", "France", "Switzerland"})
_ALL_PLACE_WORDS = frozenset(
    {w for place in (*_CITY_COUNTRY, *_COUNTRY_WORDS, *_PEOPLE_WORDS) for w in place.split()}
    | {"european", "europe"}
)
_PLACE_LEADS = frozenset({"in", "from"})  # 'based in Paris', 'from Canada'
# the only other words a place question leaves unexplained: not 'is Mistral good at English'
_PLACE_QUESTION_WORDS = frozenset(
    "company companies lab labs startup start up firm based headquartered located originally really actually".split()
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


def _asked_place(words: Sequence[str]) -> tuple[str | None, frozenset[str]] | None:
    """The city and the countries a yes/no question names: 'german' -> (None, {Germany}), 'based in
    toronto' -> ('toronto', {Canada}), 'european' -> (None, the European countries above)."""
    for i, word in enumerate(words):
        if word in _PEOPLE_WORDS:
            return None, frozenset({_PEOPLE_WORDS[word]})
        if word in {"european", "europe"}:
            return None, _EUROPE
        if i and words[i - 1] in _PLACE_LEADS:
            if word in _COUNTRY_WORDS:
                return None, frozenset({_COUNTRY_WORDS[word]})
            for city in (" ".join(words[i : i + 2]), word):
                if city in _CITY_COUNTRY:
                    return city, frozenset({_CITY_COUNTRY[city]})
    return None


def _country_of(place: str) -> str | None:
    folded = place.casefold()
    return _CITY_COUNTRY.get(folded) or _COUNTRY_WORDS.get(folded) or _PEOPLE_WORDS.get(folded)


def without_places(reading: Reading) -> Reading:
    """The reading with its place words explained: the answer's country stands for them."""
    return replace(reading, unknown=[w for w in reading.unknown if w not in _ALL_PLACE_WORDS])


def placed_yes_no(lookup: Lookup, org: Entity, reading: Reading, scopes: list[str]) -> Answer | None:
    """'Is Cohere Canadian', 'is Mistral based in Berlin': Yes or No from the statement that places the
    organization, when it names a place this module can put in a country; None when the question names no
    place or the base does not place the organization (then nothing here decides it)."""
    asked = _asked_place(reading.words)
    if asked is None or org.kind != "organization" or reading.family is not None:
        return None  # 'did Mistral buy a company in Paris' asks about a deal, not where Mistral is
    if any(w not in _ALL_PLACE_WORDS | _PLACE_QUESTION_WORDS for w in reading.unknown):
        return None
    city, countries = asked
    names = wording.names_of(org)
    for f in sorted(lookup.store.facts_about(org.id, scopes), key=lambda f: f.start or ""):
        place = place_of(f.statement, names)
        country = _country_of(place) if place is not None else None
        if place is None or country is None:
            continue
        where = f"{place}, {country}" if place.casefold() in _CITY_COUNTRY else country
        same = place.casefold() == city if city is not None else country in countries
        verdict = "Yes" if same else "No"
        return Answer(f"{verdict} — on record, {org.name} is from {where}: {f.statement}", (f,), (), (f,))
    return None
