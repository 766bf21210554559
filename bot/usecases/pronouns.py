"""Pronouns: which words point back at a person, a thing or a group, and which pronoun the fact base's own
statements use for a person (never guessed from a name)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.text import fold

PERSON_PRONOUNS = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
THING_PRONOUNS = frozenset({"it", "its", "itself"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
PRONOUNS = frozenset(PERSON_PRONOUNS) | THING_PRONOUNS | GROUP_PRONOUNS
_CLOCK_WORDS = frozenset({"time", "day", "date", "year", "month", "hour", "late", "early"})
_FEMININE = re.compile(r"\b(she|her|hers|herself)\b")
_MASCULINE = re.compile(r"\b(he|him|his|himself)\b")


def pronoun_evidence(
    person: Entity, facts: Sequence[Fact], others: Callable[[Fact], list[Entity]]
) -> str | None:
    """How the fact base's statements refer to a person: a pronoun counts for the person named closest
    before it (this one, or the other person the fact names)."""
    counts = {"f": 0, "m": 0}
    for f in facts:
        rivals = [k for o in others(f) if o.id != person.id for k in name_keys(o)]
        mine = name_keys(person)
        for sentence in re.split(r"(?<=[.;])\s+", f.statement):
            text = f" {fold(sentence)} "
            for gender, pattern in (("f", _FEMININE), ("m", _MASCULINE)):
                for hit in pattern.finditer(text):
                    before = text[: hit.start()]
                    me = max((before.rfind(f" {k} ") for k in mine), default=-1)
                    rival = max((before.rfind(f" {k} ") for k in rivals), default=-1)
                    if me >= 0 and me > rival:
                        counts[gender] += 1
    if counts["f"] == counts["m"]:
        return None
    return "f" if counts["f"] > counts["m"] else "m"


def is_dummy_it(words: Sequence[str], i: int) -> bool:
    """'what time is it', 'what day was it', 'how late is it', 'will it rain', 'is it going to snow': an
    'it' that points at nothing said."""
    if words[i] != "it":
        return False
    if any(w in _WEATHER_WORDS for w in words[i + 1 : i + 5]):  # 'is it going to snow'
        return True
    return (
        i >= 2
        and words[i - 1] in ("is", "was", "s")
        and words[i - 2] in _CLOCK_WORDS
        and (i < 3 or words[i - 3] in ("what", "which", "how"))
    )


_WEATHER_WORDS = frozenset(
    "rain rains raining rained snow snows snowing snowed sunny cloudy windy cold hot".split()
)


def name_keys(e: Entity) -> list[str]:
    names = [fold(n) for n in (e.name, *e.aliases) if fold(n)]
    surname = fold(e.name).split()[-1:]
    return names + [s for s in surname if len(s) > 2]
