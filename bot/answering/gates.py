"""Gates every chosen answer passes: each thing the question names takes part in it, and 'how much' is
answered only with an amount. An answer that fails is turned into a refusal that says what is known."""

from __future__ import annotations

import re
from dataclasses import replace

from factbot.bot.answering import compose, wording
from factbot.bot.answering.amounts import amounts
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import CLAUSE_WORDS, CUE_VOCABULARY, GENERIC_WORDS, Reading
from factbot.bot.answering.resolution import Resolution
from factbot.bot.domain import messages
from factbot.bot.domain.model import Entity
from factbot.bot.domain.text import fold


def gated(lookup: Lookup, res: Resolution, reading: Reading) -> Resolution:
    """Every named thing must take part: an answer that ignores a word of the question is refused.
    'How much' needs an amount: prose about the deal without one answers another question."""
    if res.answer is None or res.answer.declined:
        return res
    res = with_amount(res, reading)
    if res.answer is None or res.answer.declined:
        return res
    asked_round = _round_named(reading)
    if asked_round and not any(asked_round in fold(f.statement) for f in res.answer.facts):
        # 'its Series C' is not answered with the Series B, nor shown it as what is known
        what = messages.NOTHING_ON.format(what=asked_round.title())
        return replace(
            res, answer=compose.declined(f"{messages.UNSURE} {what}"), confidence=res.confidence * 0.5
        )
    if destination_of_founder(reading):
        # 'which cofounder left for meta': Meta is where someone went, not what they founded
        what = messages.NOTHING_ON.format(what=" ".join(w for w in reading.words if w not in ("which", "who")))
        return replace(
            res, answer=compose.declined(f"{messages.UNSURE} {what}", res.answer), confidence=res.confidence * 0.5
        )
    missing = unaccounted(reading, res.answer)
    if not missing:
        return res
    subject = lookup.entity(reading.mentions[0].entity_id).name if reading.mentions else ""
    what = messages.NOTHING_ON.format(what=" ".join(missing))
    if subject:
        what = what.removesuffix(".") + f" about {subject}."
    refusal = compose.declined(f"{messages.UNSURE} {what}", res.answer)
    return replace(res, answer=refusal, confidence=res.confidence * 0.5)


# 'left for meta', 'went to google', 'joined openai': the words that make a name where someone went
_DESTINATION_CUES = (("left", "for"), ("leave", "for"), ("leaving", "for"), ("quit", "for"), ("went", "to"),
                     ("moved", "to"), ("gone", "to"), ("defected", "to"), ("joined",), ("joining",))  # fmt: skip


def destination_of_founder(reading: Reading) -> bool:
    """A founder question whose every name is where someone went ('which cofounder left for meta'): no
    founding fact answers it."""
    words = reading.words
    return (
        reading.family == "founder"
        and bool(reading.mentions)
        and all(
            any(tuple(words[max(0, m.start - len(c)) : m.start]) == c for c in _DESTINATION_CUES)
            for m in reading.mentions
        )
    )


def _round_named(reading: Reading) -> str | None:
    """'series c' in 'when did Figure raise its Series C': one round, named by its letter."""
    words = reading.words
    for i, w in enumerate(words[:-1]):
        if w == "series" and re.fullmatch(r"[a-h]\d?", words[i + 1]):
            return f"series {words[i + 1]}"
    return None


def all_named(res: Resolution, named: list[tuple[Mention, Entity]], reading: Reading) -> Resolution:
    """Every entity the question names must take part in the answer: 'when was DeepMind acquired by
    Apple' is not answered by Google's acquisition of DeepMind."""
    if res.answer is None or res.answer.declined or len(named) < 2:
        return res
    facts = res.answer.facts
    words = reading.words
    # a name in a time clause ('when Mostaque quit', 'now that Wang left for Meta') is context
    clause = next((i for i, w in enumerate(words) if i > named[0][0].start and w in CLAUSE_WORDS), len(words))
    for m, e in named:
        if m.start > clause or e.kind == "person":
            continue
        keys = wording.names_of(e)
        if any(
            e.id in (f.subject_id, f.object_id)
            or any(wording.has_phrase(fold(f"{f.subject} {f.object} {f.statement}"), k) for k in keys)
            for f in facts
        ):
            continue
        what = messages.NOTHING_ON.format(what=e.name)
        refusal = compose.declined(f"{messages.UNSURE} {what}", res.answer)
        return replace(res, answer=refusal, confidence=res.confidence * 0.5)
    return res


def no_longer_name(lookup: Lookup, res: Resolution, reading: Reading) -> Resolution:
    """'when did google brain and deepmind merge': a word the base does not know between a name and
    'and <name>' makes a longer name (Google Brain), so the pair the base knows is not the one asked."""
    if res.answer is None or res.answer.declined:
        return res
    words, starts = reading.words, {m.start for m in reading.mentions}
    for m in reading.mentions:
        i = m.end
        if (
            i + 2 < len(words)
            and words[i] in reading.unknown
            and words[i] not in GENERIC_WORDS
            and words[i + 1] in ("and", "or", "vs", "versus")
            and i + 2 in starts
        ):
            what = messages.NOTHING_ON.format(what=f"{lookup.entity(m.entity_id).name} {words[i].capitalize()}")
            refusal = compose.declined(f"{messages.UNSURE} {what}", res.answer)
            return replace(res, answer=refusal, confidence=res.confidence * 0.5)
    return res


def with_amount(res: Resolution, reading: Reading) -> Resolution:
    """'How much' is answered only by facts that state an amount."""
    if res.answer is None or res.answer.declined or not wording.asks_amount(reading):
        return res
    if any(amounts(f.statement) or "%" in f.statement for f in res.answer.facts):
        return res
    refusal = compose.declined(messages.NO_AMOUNT, res.answer)
    return replace(res, answer=refusal, confidence=res.confidence * 0.5)


def unaccounted(reading: Reading, answer: Answer) -> list[str]:
    """Named things in the question (words standing where a name would) that the answer's facts never mention."""
    positions = {w: i for i, w in enumerate(reading.words)}
    words = [
        w
        for w in reading.unknown
        if len(w) >= 3
        and w not in GENERIC_WORDS
        and w not in wording.SHAPE_WORDS
        and w in positions
        and wording.name_like(reading, positions[w])
    ]
    if not words:
        return []
    text = set()
    for f in answer.facts:
        text.update(fold(f"{f.subject} {f.object} {f.statement}").split())
    tokens = sorted(text)
    return [w for w in words if not wording.stem_in(w, tokens)]


# 'did Meta sink into', "when'd Meta put out": the word after the name is the verb
DID_BEFORE = wording.DOERS | {"whend", "whod", "howd", "whatd", "whered"}


def unplaced_penalty(reading: Reading, answer: Answer) -> float:
    """Two names linked by a fact are not yet an answer: 'who was running Google Brain before it merged
    with DeepMind' or 'Oracle OpenAI compute contract size' name a thing of their own right after a name,
    which no linking fact contains. Such a word halves the confidence and each other missing word lowers
    it; a verb in the doer's slot ('did Meta sink into', 'does Microsoft own') names nothing."""
    words = reading.words
    ends = {m.end: m for m in reading.mentions}
    compounds = [
        words[m.end]
        for m in ends.values()
        if m.end < len(words)
        and words[m.end] in reading.unknown
        and words[m.end] not in GENERIC_WORDS
        and not (m.start > 0 and words[m.start - 1] in DID_BEFORE)
    ]
    if not compounds:
        return 1.0
    tokens = sorted({t for f in answer.facts for t in fold(f"{f.subject} {f.object} {f.statement}").split()})
    if all(wording.stem_in(w, tokens) for w in compounds):
        return 1.0
    asked = [w for w in reading.unknown if len(w) >= 3 and w not in GENERIC_WORDS and w not in CUE_VOCABULARY]
    missing = [w for w in asked if not wording.stem_in(w, tokens)]
    return 0.5 * 0.9 ** len(missing)


EVENT_FAMILIES = frozenset({"released", "invested_in", "acquired"})


def misses_the_thing_asked(answer: Answer, reading: Reading, step: str) -> bool:
    """'When did Nvidia release the H100', 'when did Mistral release Le Chat': a release, investment or
    acquisition question that names something no chosen fact mentions is about something we do not hold;
    another release of the same company is no answer to it."""
    if step in ("pair", "words"):
        return False
    if reading.family not in EVENT_FAMILIES:
        return False
    asked = [
        w
        for w in wording.asked_unknown(reading)
        if len(w) >= 4 and w not in CUE_VOCABULARY and w not in GENERIC_WORDS
    ]
    if not asked:
        return False
    text = fold(" ".join(f"{f.object} {f.statement}" for f in answer.facts)).split()
    return not any(wording.stem_in(w, text) for w in asked)
