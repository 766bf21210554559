"""'Who invested in Anthropic besides Amazon', 'who else but Google': the question without the excluded
names is answered, and nothing about them is shown -- never the very facts the asker set aside."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from factbot.bot.answering import wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.fact_traits import listed_names
from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import messages
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.port import Field
from factbot.bot.domain.text import fold

# Each as the words the matcher reads ('other than' is two words).
_EXCLUDERS = (
    ("besides",),
    ("other", "than"),
    ("apart", "from"),
    ("aside", "from"),
    ("except", "for"),
    ("except",),
    ("excluding",),
    ("not", "counting"),
    ("not", "including"),
)
# 'who co-founded DeepMind with Hassabis', 'alongside Altman': the other founders (a founding question only:
# 'who did nvidia invest in with microsoft' asks a joint deal)
_FOUNDED_WITH = (("along", "with"), ("together", "with"), ("with",), ("alongside",))


@dataclass(frozen=True)
class Exclusion:
    question: str  # the question without the excluder and the names it sets aside
    excluded: tuple[int, ...]


def exclusion(reading: Reading) -> Exclusion | None:
    """The names after 'besides' / 'other than' / 'except' (and the words between them: 'amazon and
    google'), cut out of the question."""
    words = reading.words
    excluders = _EXCLUDERS + (_FOUNDED_WITH if reading.family == "founder" else ())
    for i in range(len(words)):
        phrase = next((p for p in excluders if tuple(words[i : i + len(p)]) == p), None)
        if phrase is None:
            continue
        after = i + len(phrase)
        set_aside = []
        end = after
        for m in sorted(reading.mentions, key=lambda m: m.start):
            if m.start < end:
                continue
            if m.start > end and any(w not in ("and", "or", "the") for w in words[end : m.start]):
                break
            set_aside.append(m.entity_id)
            end = m.end
        if not set_aside or len(set_aside) == len(reading.mentions):
            return None  # nothing named after it, or nothing else to ask about
        # 'who else … except microsoft': 'else' is said by the exclusion itself
        kept = [w for w in [*words[:i], *words[end:]] if w != "else"]
        return Exclusion(" ".join(kept), tuple(dict.fromkeys(set_aside)))
    return None


def without(answer: Answer, excluded: Sequence[Entity]) -> Answer:
    """The answer with every fact and line about an excluded name taken out; a refusal when nothing else
    is left or its headline is about one of them."""
    names = [n for e in excluded for n in wording.names_of(e)]
    ids = {e.id for e in excluded}

    def about_them(text: str) -> bool:
        folded = fold(text)
        return any(wording.has_phrase(folded, n) for n in names)

    def involves(f: Fact) -> bool:
        return f.subject_id in ids or f.object_id in ids or about_them(f.object)

    said = ", ".join(e.name for e in excluded)
    if answer.declined:
        return answer
    is_list = answer.text.rstrip().endswith(":")
    if not is_list and about_them(answer.text):
        # one fact naming several ('Demis Hassabis, Shane Legg and Mustafa Suleyman'): the others in it
        for f in answer.headline_facts or answer.facts:
            others = _others_listed(f.object, names)
            if others:
                text = messages.OTHERS_BESIDES.format(names=said, others=others)
                return Answer(text, (f,), (Field("On record", f.statement),), (f,))
        return Answer(messages.NOTHING_BESIDES.format(names=said), (), declined=True)
    fields = tuple(f for f in answer.fields if not about_them(f.value))
    facts = tuple(f for f in answer.facts if not involves(f))
    if not facts or (is_list and not fields):
        return Answer(messages.NOTHING_BESIDES.format(names=said), (), declined=True)
    headline = tuple(f for f in answer.headline_facts if not involves(f))
    return replace(answer, facts=facts, fields=fields, headline_facts=headline)


def _others_listed(text: str, names: Sequence[str]) -> str:
    """The names of a list ('A, B and C') other than the set-aside ones, when the list names one of them;
    '' when the text is no such list."""
    asides = re.findall(r"\([^)]*\)", text)  # '(with five other former OpenAI employees)': kept, at the end
    parts = listed_names(text)
    if len(parts) < 2:
        return ""
    kept = [p for p in parts if not any(wording.has_phrase(fold(p), n) for n in names)]
    if len(kept) == len(parts):
        return ""
    named = [p for p in kept if fold(p) != "others"]
    if not named:
        return ""
    if len(named) < len(kept):
        named.append("others")
    listed = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
    return " ".join([listed, *asides])
