"""Replies to a question the bot asked back, and corrections of the last question.

After "Who do you mean by 'it'?", a reply that only names someone ('perplexity', 'i mean perplexity') is
the answer to that question: the question left pending is asked again with the name in the pronoun's
place ('who founded it' -> 'who founded Perplexity'). After an answer, 'i mean anthropic' / 'no, cohere'
asks the last question again about the name ('and anthropic?'). Anything else is a question of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from factbot.bot.answering.forms import WH_WORDS, YES_NO_STARTS
from factbot.bot.answering.matcher import Reading
from factbot.bot.domain.model import Entity

# 'no,', 'sorry', 'i mean', 'i meant', "i'm asking about", 'i was talking about' before the name
_CORRECTING = re.compile(
    r"^\W*(?:(?:no|nah|nope|sorry|oops|oh|ah|well|err?|um+)\b[\s,.!:-]*)*"
    r"(?:(?:i\s+(?:mean|meant)|i'?m\s+(?:asking|talking)\s+about|i\s+was\s+(?:asking|talking)\s+about)\b[\s,:-]*)?",
    re.IGNORECASE,
)
_SAYS_CORRECTION = re.compile(
    r"^\W*(?:no|nah|nope|sorry|oops|i\s+mean|i\s+meant|i'?m\s+asking|i\s+was)\b", re.I
)
# Words a reply may hold beside the name: 'the company', 'perplexity ai pls'
_FILLERS = frozenset("the one company lab startup guy person please pls thanks thx ty".split())
_PERSON = re.compile(r"\b(he|him|his|she|her|hers)\b", re.IGNORECASE)
_THING = re.compile(r"\b(it|its|they|them|their)\b", re.IGNORECASE)
_POSSESSIVE = frozenset({"his", "hers", "its", "their"})


def named_reply(question: str, reading: Reading, entity: Callable[[int], Entity]) -> list[Entity] | None:
    """The entities a reply names when naming them is all it does ('perplexity', 'i meant anthropic'),
    else None."""
    if not reading.mentions or reading.greeting:
        return None
    rest = _CORRECTING.sub("", question, count=1)
    inside = {i for m in reading.mentions for i in range(m.start, m.end)}
    lead = set(_words(question[: len(question) - len(rest)]))
    others = [w for i, w in enumerate(reading.words) if i not in inside and w not in lead]
    if any(w not in _FILLERS for w in others):
        return None
    return [entity(m.entity_id) for m in reading.mentions]


def corrected_words(question: str) -> str | None:
    """What a correction says after its opening ('sorry i meant the president' -> 'the president'), when
    that is a short fragment rather than a question of its own; else None."""
    if not corrects(question):
        return None
    rest = _CORRECTING.sub("", question, count=1).strip(" ?!.,")
    words = _words(rest)
    if not words or len(words) > 4 or words[0] in WH_WORDS | YES_NO_STARTS:
        return None
    return rest


def corrects(question: str) -> bool:
    """The reply opens as a correction ('i mean …', 'no, …', 'sorry …'), not as a bare name."""
    return bool(_SAYS_CORRECTION.match(question))


def has_pronoun(question: str) -> bool:
    return bool(_PERSON.search(question) or _THING.search(question))


def with_name(pending: str, names: Sequence[Entity]) -> str | None:
    """The pending question with its first pronoun of the name's kind (a person's 'he', a company's 'it')
    replaced by the name; None when it has none (the reply is then a question of its own)."""
    if len(names) != 1:
        return None
    name = names[0]
    found = (_PERSON if name.kind == "person" else _THING).search(pending)  # 'anthropic' is not 'he'
    if found is None:
        return None
    said = found.group(1).lower()
    text = name.name + ("'s" if said in _POSSESSIVE else "")
    return f"{pending[: found.start()]}{text}{pending[found.end() :]}"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())
