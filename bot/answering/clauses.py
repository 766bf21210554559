"""The question inside a chat message: people wrap it in preambles ("ok dumb q but", "for a slide:"),
asides in brackets ("(the kimi ppl)") and afterthoughts (", like the og founders", "? i thought it was
Altman"). When the whole message cannot be answered, the answerer tries the question alone; the rest
named nothing the answer needed.

Pure text (no store): `question_clause` returns the clause to try, or None when there is nothing to strip.
"""

from __future__ import annotations

import re

from factbot.bot.answering.forms import WH_WORDS, YES_NO_STARTS
from factbot.bot.domain.text import fold

# Words a chat question may open with before its question word ("ok so who", "and when", "lol what").
_OPENERS = frozenset("ok okay so and but also hey yo lol like um uh btw wait hmm quick q".split())
# Where a message breaks into clauses: sentence ends, a colon after a preamble, a dash, a semicolon, a
# comma, and 'but' after a preamble ("ok dumb q but who …").
_BREAKS = re.compile(
    r"[?!;:]+|\.\s+|\s[—–-]\s|,|\s+but\s+|\s+and\s+(?=(?:who|what|when|where|which|how)\s+\w)", re.IGNORECASE
)
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_ASKING = WH_WORDS | YES_NO_STARTS


def asks(clause: str) -> bool:
    """A clause that opens (after chat openers) with a question word."""
    words = fold(clause).split()
    while words and words[0] in _OPENERS:
        words = words[1:]
    return bool(words) and words[0] in _ASKING


def question_clause(message: str) -> str | None:
    """The first clause that opens with a question word, else the first one ending in a question mark
    ('for my slide: llama 1 release date?'), else the first; None when the message is one clause with
    nothing around it."""
    unbracketed = _BRACKETS.sub(" ", message)
    clauses: list[tuple[str, bool]] = []
    last = 0
    for brk in [*_BREAKS.finditer(unbracketed), None]:
        end = brk.start() if brk is not None else len(unbracketed)
        text = unbracketed[last:end].strip()
        if fold(text).split():
            clauses.append((text, brk is not None and "?" in brk.group()))
        last = brk.end() if brk is not None else end
    if not clauses:
        return None
    asking = [c for c, _ in clauses if asks(c)]
    marked = [c for c, question_mark in clauses if question_mark]
    clause = (asking or marked or [clauses[0][0]])[0]
    if fold(clause) == fold(message):
        return None
    return clause


def question_parts(message: str) -> list[str] | None:
    """Every clause that asks, when a message asks more than one thing ('who founded cohere and who runs
    it now', 'who runs openai? who founded it?'); None for one question."""
    unbracketed = _BRACKETS.sub(" ", message)
    parts = [c.strip() for c in _BREAKS.split(unbracketed) if c and c.strip() and asks(c)]
    return parts if len(parts) >= 2 else None


# Pronouns a question clause points back with, at what the message named around it.
_OBJECT_PRONOUNS = re.compile(r"\b(it|they|them|he|she|him|her)\b(?!')", re.IGNORECASE)
_POSSESSIVES = re.compile(r"\b(its|their|his|her)\b(?=\s+\w)", re.IGNORECASE)


def with_antecedent(clause: str, name: str) -> str | None:
    """The clause with its first pronoun taken as the one thing the rest of the message named: 'saw the
    news about Cohere — who runs it now?' asks 'who runs Cohere now?'. None when it points at nothing."""
    possessive = _POSSESSIVES.search(clause)
    plain = _OBJECT_PRONOUNS.search(clause)
    if possessive is not None and (plain is None or possessive.start() <= plain.start()):
        return f"{clause[: possessive.start()]}{name}'s{clause[possessive.end() :]}"
    if plain is not None:
        return f"{clause[: plain.start()]}{name}{clause[plain.end() :]}"
    return None


# 'who runs openai — sorry, i meant anthropic', 'wait no', '(jk, who runs mistral)', 'llama 3 actually'
_CORRECTION = re.compile(
    r"\b(i meant|i mean|wait,? no|no wait|jk|just kidding|scratch that|sorry,? i meant|actually,? no)\b|"
    r"\b(actually|instead)\s*[?!.]*\s*\)?\s*$",
    re.IGNORECASE,
)


def correction(message: str) -> str | None:
    """What follows a correction mid-message ('… sorry, i meant anthropic' → 'anthropic'), or the message
    without its first clause when the correction closes it ('… llama 2 released? llama 3 actually' →
    'llama 3'); None when the message does not correct itself."""
    found = list(_CORRECTION.finditer(message))
    if not found:
        return None
    last = found[-1]
    if last.group(2):  # '… llama 3 actually': the clause the correction ends
        before = _BREAKS.split(_BRACKETS.sub(" ", message[: last.start()]))
        rest = before[-1] if before else ""
    else:
        rest = message[last.end() :]
    rest = re.sub(r"^[\s,;:—–()-]+|[\s()]+$", "", rest)
    return rest
