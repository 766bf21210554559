"""Questions that name no entity the base knows: a name held only as a fact's object ('who bought Habana
Labs'), full-text search over statements, else the nearest names to offer."""

from __future__ import annotations

from datetime import date

from factbot.bot.answering import compose, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import GENERIC_WORDS, Reading
from factbot.bot.answering.resolution import Resolution
from factbot.bot.answering.suggestions import question_for
from factbot.bot.domain import messages, relations
from factbot.bot.domain.text import fold


def fallback(lookup: Lookup, reading: Reading, scopes: list[str], today: date) -> Resolution:
    """No entity named: try full-text search over statements, else offer the nearest names."""
    content = [w for w in reading.unknown if len(w) >= 3]
    suggestions = [question_for(lookup.entity(e), reading.family) for e in lookup.index.near(content, scopes)]
    if content and reading.family is not None:
        found = by_object(lookup, reading, content, scopes, today)
        if found is not None:
            return found
    # 'how much was that deal worth': a thing pointed back at, with nothing named, is no search
    words = reading.words
    pointing = any(w in ("that", "this", "those", "these") and i + 1 < len(words) and words[i + 1] in content
                   for i, w in enumerate(words))
    named = [w for w in content if w not in GENERIC_WORDS]
    if len(content) >= 2 and named and not pointing and reading.family is None:
        for hit in lookup.store.search(" ".join(content), scopes, limit=3, match_all=len(content) <= 3):
            text = set(fold(f"{hit.subject} {hit.object} {hit.statement}").split())
            overlap = sum(1 for w in content if w in text) / len(content)
            if overlap >= 0.75:
                confidence = 0.6 + 0.3 * (overlap - 0.75) / 0.25
                return Resolution(Answer(hit.statement, (hit,)), confidence, suggestions, [], "search")
            suggestions.append(question_for(lookup.entity(hit.subject_id), None))
    return Resolution(None, 0.0, list(dict.fromkeys(suggestions)), [])


# what kind of thing, not which: 'the app', 'the model', 'the chatbot'
_KIND_NOUNS = frozenset(
    "app apps model models llm llms chatbot chatbots assistant assistants version versions product products "
    "chip chips gpu gpus series family tool tools platform service feature update release thing".split()
)


def by_object(
    lookup: Lookup, reading: Reading, content: list[str], scopes: list[str], today: date
) -> Resolution | None:
    """A name the base holds only as a fact's object: 'who bought Habana Labs', or a product whose
    maker is asked about ('who runs the Hunyuan company')."""
    family = reading.family
    assert family is not None
    names = [
        w
        for w in content
        if w not in GENERIC_WORDS
        and w not in ("company", "people", "guys", "team", "folks", "makers", "maker")
        and w not in _KIND_NOUNS  # 'when did the app come out' names no app
    ]
    if not names:
        return None
    # a short word stuck to the name is part of it: 'le chat' is not any chat product
    words = reading.words
    parts = [
        words[i + d]
        for i, w in enumerate(words)
        if w in names
        for d in (-1, 1)
        if 0 <= i + d < len(words)
        and len(words[i + d]) < 3
        and words[i + d] in reading.unknown
        and words[i + d] not in GENERIC_WORDS
    ]
    hits = [
        f
        for f in lookup.store.search(" ".join(names), scopes, limit=20, match_all=True)
        if all(w in fold(f.object).split() or wording.stem_in(w, fold(f.object).split()) for w in names)
        and all(w in fold(f.object).split() for w in parts)
    ]
    anchor = names[-1]
    seq = wording.version_after(reading, reading.words.index(anchor) + 1) if anchor in reading.words else []
    if seq and hits:  # 'Qwen 2' is not Qwen 2.5-Max
        hits = [f for f in hits if wording.follows(f"{f.object} {f.statement}", anchor, seq)]
        if not hits:
            said = f"{anchor} {' '.join(seq)}"
            return Resolution(
                compose.declined(messages.NO_VERSION.format(version=said)), 0.0, [], [], "version"
            )
    if family in relations.ROLE_FAMILIES:
        makers = {f.subject_id for f in hits if f.relation == "released"}
        if len(makers) != 1:
            return None
        maker = lookup.entity(makers.pop())
        t = reading.time
        facts = lookup.store.facts_about(maker.id, scopes, relations.family_members(family))
        answer = compose.role_answer(maker.name, family, facts, t.kind, t.lo, t.hi, today)
        if answer is None:
            return None
        return Resolution(answer, 0.8, [], [], "maker")
    members = relations.family_members(family)
    chosen = [f for f in hits if f.relation in members]
    if not chosen or (len(names) == 1 and len({f.subject_id for f in chosen}) > 1):
        return None  # one word in several companies' things ('when did large come out'): no one thing named
    t = reading.time
    answer = compose.statements_answer(chosen, t.kind, t.lo, t.hi, asks_when=reading.asks_when)
    return Resolution(answer, 0.8, [], [], "object") if answer is not None else None
