"""A message that asks several things: 'who founded cohere and who runs it now', 'who runs anthropic and
openai'. Each part is answered on its own (a later part's pronoun taken as the name an earlier part gave)
and the answers are put together; a part the base cannot answer says so, so the reply never looks like
the whole question was answered when half of it was not."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from factbot.bot.answering import clauses, compose, forms, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.matcher import Reading
from factbot.bot.answering.resolution import Resolution
from factbot.bot.domain import messages, relations
from factbot.bot.domain.model import Entity
from factbot.bot.domain.port import Field

Read = Callable[[str], Reading]
Resolve = Callable[[Reading], Resolution]


MAX_PARTS = 4  # a message of twenty questions gets the first four answered, not twenty look-ups


def parts(message: str, reading: Reading, entity: Callable[[int], Entity]) -> list[str] | None:
    """The questions a message asks, when it asks more than one; None for one question. A bare 'and
    when' belongs to the part before it, and a part asked twice is answered once."""
    asked = clauses.question_parts(message)
    if asked is not None:
        distinct = list({" ".join(p.lower().split()): p for p in asked if len(p.split()) >= 2}.values())
        return distinct[:MAX_PARTS] if len(distinct) >= 2 else None
    return _coordinated(reading, entity)


def _coordinated(reading: Reading, entity: Callable[[int], Entity]) -> list[str] | None:
    """'who runs anthropic, openai and cohere': one relation asked of names joined by 'and' (not a
    comparison, not a yes/no, not a pair like 'when did microsoft and openai partner')."""
    words = reading.words
    ms = reading.mentions
    if (
        not 2 <= len(ms) <= MAX_PARTS
        or reading.family is None
        or not words
        or not (words[0] in ("who", "whos") or _role_first(words, reading, ms[0].start))
    ):
        return None
    # '&' is folded away with the other signs: 'openai & anthropic' reads as two names side by side
    joiners = [["and"], ["or"], *([[]] if " & " in reading.question else [])]
    for a, b in itertools.pairwise(ms):
        gap = words[a.end : b.start]
        if gap not in ([], ["and"], ["or"]):
            return None
    if words[ms[-2].end : ms[-1].start] not in joiners:
        return None
    if (forms.COMPARE_ORDER | forms.COMPARE_SIZE).intersection(words):
        return None
    if len({entity(m.entity_id).kind for m in ms}) != 1:
        return None
    head, tail = words[: ms[0].start], words[ms[-1].end :]
    return [" ".join([*head, entity(m.entity_id).name, *tail]) for m in ms]


def _role_first(words: Sequence[str], reading: Reading, first: int) -> bool:
    """'ceo of nvidia and amd', 'ceos of openai & anthropic': the role, then the names."""
    return (
        reading.family in relations.ROLE_FAMILIES
        and 0 < first <= 3
        and words[first - 1] == "of"
        and all(w not in _ASKS_YES_NO for w in words[:first])
    )


_ASKS_YES_NO = frozenset("is are was were did does do has have can will".split())


def resolve(
    asked: Sequence[str],
    read: Read,
    resolve_one: Resolve,
    sure: Callable[[Resolution], bool],
    entity: Callable[[int], Entity],
) -> Resolution | None:
    """Each part's answer under the part as asked; None when no part can be answered (the message is
    then read as one question)."""
    answered: list[tuple[str, Resolution | None]] = []
    named: Entity | None = None
    for part in asked:
        reading = read(part)
        if not reading.mentions and named is not None:
            filled = clauses.with_antecedent(part, named.name)
            if filled is not None:
                part, reading = filled, read(filled)
        if reading.mentions and named is None:
            named = entity(reading.mentions[0].entity_id)
        res = resolve_one(reading)
        answered.append((part, res if sure(res) else None))
    good = [r for _, r in answered if r is not None and r.answer is not None]
    if not good:
        return None
    first_part, first = answered[0]
    if first is not None and first.answer is not None:
        text, fields = first.answer.text, list(first.answer.fields)
    else:
        text, fields = messages.PART_NOT_KNOWN.format(part=first_part), []
    for part, got in answered[1:]:
        said = compose.headline(got.answer) if got is not None and got.answer is not None else None
        fields.append(Field(_asked(part), said or messages.NOT_ON_RECORD))
    facts = tuple(wording.unique(f for r in good if r.answer for f in r.answer.facts))
    lead = tuple(
        wording.unique(f for r in good if r.answer for f in (r.answer.headline_facts or r.answer.facts))
    )
    confidence = min(r.confidence for r in good) * 0.95
    return Resolution(Answer(text, facts, tuple(fields), lead), confidence, [], [], "multi-part")


def _asked(part: str) -> str:
    """'who runs Cohere now' -> 'Who runs Cohere now?'."""
    part = part.strip().rstrip("?")
    return f"{part[:1].upper()}{part[1:]}?"
