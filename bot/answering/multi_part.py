"""A message that asks several things: 'who founded cohere and who runs it now', 'who runs anthropic and
openai'. Each part is answered on its own (a later part's pronoun taken as the name an earlier part gave)
and the answers are put together; a part the base cannot answer says so, so the reply never looks like
the whole question was answered when half of it was not."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from factbot.bot.answering import clauses, compose, forms, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.matcher import Reading
from factbot.bot.answering.resolution import Resolution
from factbot.bot.domain import messages
from factbot.bot.domain.model import Entity
from factbot.bot.domain.port import Field

Read = Callable[[str], Reading]
Resolve = Callable[[Reading], Resolution]


def parts(message: str, reading: Reading, entity: Callable[[int], Entity]) -> list[str] | None:
    """The questions a message asks, when it asks more than one; None for one question."""
    asked = clauses.question_parts(message)
    if asked is not None:
        return asked
    return _coordinated(reading, entity)


def _coordinated(reading: Reading, entity: Callable[[int], Entity]) -> list[str] | None:
    """'who runs anthropic and openai': one relation asked of two names joined by 'and' (not a
    comparison, not a yes/no, not a pair like 'when did microsoft and openai partner')."""
    words = reading.words
    ms = reading.mentions
    if len(ms) != 2 or reading.family is None or not words or words[0] not in ("who", "whos"):
        return None
    a, b = ms
    if b.start != a.end + 1 or words[a.end] not in ("and", "&"):
        return None
    if (forms.COMPARE_ORDER | forms.COMPARE_SIZE).intersection(words) or entity(a.entity_id).kind != entity(
        b.entity_id
    ).kind:
        return None
    head, tail = words[: a.start], words[b.end :]
    return [" ".join([*head, entity(m.entity_id).name, *tail]) for m in (a, b)]


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
