"""How the words of a question relate to the words of a fact: stems, phrases, versions, names' slots.

Pure functions over a `Reading` and fact text, shared by every answering step; nothing here reads the store.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factbot.bot.answering import forms
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.matcher import CUE_PHRASES, Reading
from factbot.bot.domain import relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.text import fold

# Words after a name that make it a different product: 'Mistral Large 2', 'Claude 3.5 Sonnet', 'Kimi K2'.
VERSION_WORDS = frozenset(
    """pro max mini ultra turbo flash large small medium sonnet opus haiku nano lite plus instruct preview
    experimental thinking heavy scout maverick air""".split()
)


CLAUSE_WORDS = frozenset({"when", "after", "since", "before", "while", "because", "that", "once", "until"})


MAKER_WORDS = frozenset(
    """company companies maker makers makes made firm startup lab behind creator creators developer developers
    people guys folks team outfit""".split()
)


LEAD_STEMS = ("lead", "led", "head", "run", "ran", "oversee", "oversaw", "charge", "chief", "boss")


def led(statement: str, name: str) -> bool:
    """The statement says someone leads the named thing: a lead word just before it ('co-led its Gemini
    models', 'head of ChatGPT')."""
    words = fold(statement).split()
    n = name.split()
    for i in range(len(words) - len(n) + 1):
        if words[i : i + len(n)] == n and any(w.startswith(LEAD_STEMS) for w in words[max(0, i - 3) : i]):
            return True
    return False


def typed(reading: Reading, start: int, end: int) -> str:
    """Words start..end as the question typed them ('Gemini 1.0', 'Mistral 7B'), for a reply to quote."""
    raw = re.findall(r"[^\W_]+", re.sub(r"['\u2019]s\b", " ", reading.question))
    words = raw[start:end] if len(raw) == len(reading.words) else reading.words[start:end]
    out = ""
    for i, w in enumerate(words):
        joint = "." if i and w.isdigit() and words[i - 1].isdigit() else " "
        out += (joint if out else "") + w
    return out


def year_positions(reading: Reading) -> set[int]:
    return {i for i, w in enumerate(reading.words) if len(w) == 4 and w.isdigit() and w[:2] in ("19", "20")}


def follows(text: str, anchor: str, seq: Sequence[str]) -> bool:
    """'claude 3 opus' in 'the claude 3 opus sonnet family', and not 'qwen 2' in 'qwen 2 5 max'."""
    words = text.split()
    n = len(seq)
    for i, w in enumerate(words):
        if w != anchor:
            continue
        # 'mistral s large 2' (a possessive) as well as 'mistral large 2' — never 'gpt 5 2' for 'gpt 2'
        for k in (i + 1, i + 2) if i + 1 < len(words) and words[i + 1] == "s" else (i + 1,):
            if words[k : k + n] == list(seq) and not (k + n < len(words) and words[k + n].isdigit()):
                return True
    return False


SLOT_BEFORE = frozenset(
    {"in", "at", "of", "from", "by", "with", "for", "into", "and", "or", "vs", "versus", "between"}
)


NOT_A_NAME_AFTER = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "my", "our", "your", "this", "that"}
)


DOERS = frozenset({"did", "does", "do", "has", "have", "had", "will"})


def name_like(reading: Reading, i: int) -> bool:
    """A word of the question that stands where a name would: 'Samsung' in 'how much did Samsung invest in
    Perplexity', 'FAIR' in 'head of FAIR' — not 'the show', 'financially' or a verb like 'win'."""
    words = reading.words
    w = words[i]
    before = words[i - 1] if i > 0 else ""
    if before in NOT_A_NAME_AFTER or w.endswith("ly"):
        return False
    raw = re.sub(r"['\u2019]s\b", " ", reading.question)
    typed = re.findall(r"[^\W_]+", raw)
    if len(typed) == len(words) and i > 0 and typed[i][:1].isupper():
        return True
    if before in SLOT_BEFORE:
        return True
    after = words[i + 1] if i + 1 < len(words) else ""
    # 'did Samsung invest', 'announce Blackwell', 'succeeded Adam Selipsky': the slots beside a relation word
    if (before in DOERS and is_cue(after)) or is_cue(before):
        return True
    # a two-word name after a relation word: 'release Le Chat'
    if i >= 2 and before in reading.unknown and is_cue(words[i - 2]):
        return True
    return doer(reading, i)


PAY_VERBS = frozenset("pay paid spend spent invest invested put give gave offer offered fork".split())


def doer(reading: Reading, i: int) -> bool:
    """The one doing the deed in 'how much did the US govt pay': the words between 'did' and the verb."""
    words = reading.words
    d = next((k for k in range(i - 1, max(-1, i - 4), -1) if words[k] in DOERS), -1)
    if d < 0 or not all(w in ("the", "a", "an") or w in reading.unknown for w in words[d + 1 : i]):
        return False
    for j in range(i + 1, min(len(words), i + 3)):
        if words[j] in PAY_VERBS or is_cue(words[j]):
            return all(w in reading.unknown for w in words[i + 1 : j])
    return False


SINGLE_CUES = frozenset(p[0] for p in CUE_PHRASES if len(p) == 1)


SHAPE_WORDS = (
    forms.COMPARE_ORDER | forms.COMPARE_SIZE | forms.OPINION_WORDS | forms.EARLIER_NOUNS | {"between"}
)


def is_cue(word: str) -> bool:
    """A relation verb or noun, also in another form than the vocabulary's ('announce' for 'announced')."""
    if word in SINGLE_CUES:
        return True
    return len(word) >= 5 and any(
        len(c) >= 5 and (c.startswith(word) or word.startswith(c)) for c in SINGLE_CUES
    )


def possessed(reading: Reading, mention: Mention) -> str:
    """The thing the question says the entity owns: 'browser' in "Perplexity's browser", else ''."""
    for m in re.finditer(r"([^\W_][\w.-]*)['\u2019]s\s+([^\W_]+)", reading.question):
        noun = fold(m.group(2))
        if fold(m.group(1)).split()[-1:] == fold(mention.surface).split()[-1:] and noun in reading.unknown:
            return noun
    return ""


def owned_elsewhere(statement: str, noun: str, owner: Sequence[str]) -> bool:
    """Every mention of the noun in the statement belongs to someone else: "Google's Chrome browser"."""
    tokens = re.findall(r"[^\W_][\w.-]*(?:['\u2019]s)?", statement)
    seen = False
    for i, t in enumerate(tokens):
        if not stem_in(noun, [fold(t)]) or re.search(r"['\u2019]s$", t):
            continue
        seen = True
        before = [
            re.sub(r"['\u2019]s$", "", w) for w in tokens[max(0, i - 3) : i] if re.search(r"['\u2019]s$", w)
        ]
        if not before or any(any(fold(b) in o.split() for o in owner) for b in before):
            return False
    return seen


def asks_amount(reading: Reading) -> bool:
    """'How much did Google pay', 'how much has Mistral raised' (not 'how much longer', 'how much time')."""
    w = reading.words
    return any(
        w[i] == "how"
        and w[i + 1] == "much"
        and (i + 2 >= len(w) or w[i + 2] not in ("longer", "time", "later"))
        for i in range(len(w) - 1)
    )


def free_words(reading: Reading) -> list[str]:
    """Words outside entity names (where 'ai' in 'who runs Meta's AI' is found)."""
    inside = {i for m in reading.mentions for i in range(m.start, m.end)}
    return [w for i, w in enumerate(reading.words) if i not in inside]


def unique(facts: Sequence[Fact]) -> list[Fact]:
    return list({f.id: f for f in facts}.values())


def stem_in(word: str, text: Sequence[str]) -> bool:
    """Same word or same stem: 'unveil' finds 'unveiled', 'renamed' finds 'rename', 'valuation' 'value'."""
    if len(word) <= 4:
        return word in text or any(t.startswith(word) and len(t) <= len(word) + 3 for t in text)
    head = word[:4]
    for t in text:
        if not t.startswith(head):
            continue  # fewer than 4 shared letters: no stem (and the common case, so checked first)
        shared = next(
            (i for i, (a, b) in enumerate(zip(word, t, strict=False)) if a != b), min(len(word), len(t))
        )
        if t.startswith("foundation") and not word.startswith("foundation"):
            continue  # a 'foundation model' is no founding: the one false friend among the cue stems
        if shared >= 4 and shared >= 0.6 * min(len(word), len(t)):
            return True
    return False


def has_phrase(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "


def relation_named(cue: str, members: Sequence[str]) -> str | None:
    """The one relation of a family whose own title the question used ('co ceo' -> co_ceo), if any."""
    for name in members:
        if len(members) > 1 and fold(relations.label(name)) == cue:
            return name
    return None


def mentions_family(fact: Fact, family: str, reading: Reading) -> bool:
    text = fold(f"{fact.object} {fact.statement}")
    words = [fold(w) for w in relations.STATEMENT_WORDS.get(family, ())]
    if reading.cue:
        words.append(reading.cue)
    return any(
        has_phrase(text, w) or (" " not in w and len(w) > 4 and stem_in(w, text.split())) for w in words
    )


def tells_founding(fact: Fact, org: Entity) -> bool:
    """The statement tells how the organization began: a founding word, or it was the thing launched
    ('Sutskever launched Safe Superintelligence'), not a product it launched."""
    text = fold(f"{fact.object} {fact.statement}")
    if any(
        has_phrase(text, w)
        for w in ("founded", "founder", "founders", "co founded", "cofounded", "co founder")
    ):
        return True
    names = [fold(n) for n in (org.name, *org.aliases) if fold(n)]
    return any(has_phrase(text, f"launched {n}") for n in names)


def version_after(reading: Reading, j: int) -> list[str]:
    """The version words right after a name: '2.5 pro' (read as '2 5 pro'), 'large 2', 'k2'."""
    words, years, seq = reading.words, year_positions(reading), []
    while (
        j < len(words)
        and j not in years
        and (any(c.isdigit() for c in words[j]) or words[j] in VERSION_WORDS)
    ):
        seq.append(words[j])
        j += 1
    return seq
