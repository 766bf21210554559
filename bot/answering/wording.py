"""How the words of a question relate to the words of a fact: stems, phrases, versions, names' slots.

Pure functions over a `Reading` and fact text, shared by every answering step; nothing here reads the store.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from factbot.bot.answering import forms
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.matcher import CLAUSE_WORDS, CUE_PHRASES, ROUND_NOUNS, Reading
from factbot.bot.domain import relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.text import fold

# Fact text folded, remembered: a question folds the same facts' text in several steps (hundreds of facts
# for a name that is an everyday word). Only the answer path: an import folds each name once.
folded = functools.lru_cache(maxsize=32_768)(fold)

# Words after a name that make it a different product: 'Mistral Large 2', 'Claude 3.5 Sonnet', 'Kimi K2'.
VERSION_WORDS = frozenset(
    """pro max mini ultra turbo flash large small medium sonnet opus haiku nano lite plus instruct preview
    experimental thinking heavy scout maverick air""".split()
)


def asked_unknown(reading: Reading) -> list[str]:
    """The unplaced words of the question itself, not of a clause after it ('who acquired Windsurf after
    all that drama with OpenAI': 'drama' is context, not a thing asked about)."""
    words = reading.words
    if not reading.mentions:
        return list(reading.unknown)
    first_end = reading.mentions[0].end
    side = next((i for i in range(first_end, len(words)) if words[i] in CLAUSE_WORDS), len(words))
    positions = {w: words.index(w) for w in reading.unknown if w in words}
    return [w for w in reading.unknown if positions.get(w, 0) < side]


MAKER_WORDS = frozenset(
    """company companies maker makers makes made firm startup lab behind creator creators developer developers
    people guys folks team outfit""".split()
)


LEAD_STEMS = ("lead", "led", "head", "run", "ran", "oversee", "oversaw", "charge", "chief", "boss")


def led(statement: str, name: str) -> bool:
    """The statement says someone leads the named thing: a lead word just before it ('co-led its Gemini
    models', 'head of ChatGPT')."""
    words = folded(statement).split()
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


# 'Qwen 2.5-Max', 'GPT-4-turbo': a version with a variant joined on by a hyphen is that variant's name
_VARIANT = re.compile(r"(\d)-(?=[A-Za-z])")


def follows(text: str, anchor: str, seq: Sequence[str]) -> bool:
    """The version (anchor word, then seq) is named in the text: 'claude 3 opus' in 'the Claude 3 Opus
    and Sonnet family'; not 'qwen 2' in 'Qwen 2.5', nor 'qwen 2.5' in 'Qwen 2.5-Max' (another model)."""
    words = fold(_VARIANT.sub(r"\1", text)).split()
    n = len(seq)
    for i, w in enumerate(words):
        if w != anchor:
            continue
        # 'mistral s large 2' (a possessive) as well as 'mistral large 2' — never 'gpt 5 2' for 'gpt 2'
        for k in (i + 1, i + 2) if i + 1 < len(words) and words[i + 1] == "s" else (i + 1,):
            if words[k : k + n] != list(seq):
                continue
            # a longer version is another ('gpt 5' is not GPT-5.2), but 'cursor 2' is Cursor 2.0
            after = words[k + n : k + n + 2]
            if after[:1] == ["0"]:
                after = after[1:]
            if not (after and after[0][:1].isdigit()):
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


SIZE_WORDS = frozenset({"big", "large", "huge"})


def asks_amount(reading: Reading) -> bool:
    """'How much did Google pay', 'how much has Mistral raised' (not 'how much longer', 'how much time');
    'how big was the Series F': a round's size."""
    w = reading.words
    if ROUND_NOUNS.intersection(w) and any(
        w[i] == "how" and w[i + 1] in SIZE_WORDS for i in range(len(w) - 1)
    ):
        return True
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


def unique(facts: Iterable[Fact]) -> list[Fact]:
    """Each fact once, in first-seen order (one fact reached through several names)."""
    return list({f.id: f for f in facts}.values())


# What a company is measured by: asked of it, an answer must give the figure, not merely use the word
# ('chief revenue officer', 'former OpenAI employees').
METRIC_WORDS = frozenset(
    "revenue revenues sales profit profits earnings employees employee staff headcount workers users "
    "customers subscribers parameters params gpus chips downloads tokens gigawatts".split()
)
# 'how many billions', 'how many years': an amount or a span, not things to count
_NOT_COUNTED = frozenset("billion billions million millions dollars bucks years months days times".split())


def counted_noun(words: Sequence[str]) -> str | None:
    """What 'how many models has Mistral released' / 'the number of acquisitions' counts, if it counts
    things the record lists (not a figure it may state: employees, users; not an amount or a span)."""
    for i in range(len(words) - 2):
        if (words[i], words[i + 1]) in (("how", "many"), ("number", "of")):
            noun = words[i + 2]
            if noun in METRIC_WORDS or noun in _NOT_COUNTED:
                return None
            return noun
    return None
_FIGURE_SPAN = 6


def figure_near(word: str, text: Sequence[str], counting: bool = False) -> bool:
    """A number within a few words of `word` (or its stem) in the text: '3,000 employees', 'revenue of $4
    billion', '100 million weekly users'; counting: just before it ('eight Google researchers')."""
    for i, t in enumerate(text):
        if stem_in(word, [t]):
            if counting and any(_is_figure(a) or a in _SMALL_NUMBERS for a in text[max(0, i - 3) : i]):
                return True
            if not counting and any(_is_figure(a) for a in text[max(0, i - _FIGURE_SPAN) : i + _FIGURE_SPAN + 1]):
                return True
    return False


_NUMBER_WORDS = frozenset("hundred hundreds thousand thousands million millions billion billions".split())
# 'eight Google researchers' counts people; 'seven former OpenAI employees' is no company's headcount
_SMALL_NUMBERS = frozenset("two three four five six seven eight nine ten eleven twelve dozen".split())
# 'how many people wrote it' is answered by 'its eight authors'
PERSON_NOUNS = frozenset("people ppl persons authors researchers guys folks members".split())


def states_count(noun: str, statement: str) -> bool:
    """The statement gives a figure for the noun counted (for people: for any word for people)."""
    text = folded(statement).split()
    nouns = PERSON_NOUNS if noun in PERSON_NOUNS else {noun}
    return any(figure_near(n, text, counting=True) for n in nouns)


def _is_figure(token: str) -> bool:
    """A count or an amount, not a year ('2025' dates a fact; '3000' and 'million' count)."""
    if token in _NUMBER_WORDS:
        return True
    return any(c.isdigit() for c in token) and not re.fullmatch(r"(19|20)\d\d", token)


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


def names_of(e: Entity) -> list[str]:
    """An entity's name and aliases, folded, as phrases to look for in text (two-letter ones are noise)."""
    return [fold(n) for n in (e.name, *e.aliases) if len(fold(n)) > 2]


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
    if reading.cue and "merg" not in reading.cue:
        words = [w for w in words if not w.startswith("merg")]  # 'when did Google buy it': not a merger
    if reading.cue:
        words.append(reading.cue)
    return any(
        has_phrase(text, w) or (" " not in w and len(w) > 4 and stem_in(w, text.split())) for w in words
    )


PASSIVE_BEFORE = frozenset("was were been being be is are get got gets".split())


# 'which she launched', 'at its launch': someone else's deed, or the entity's own founding
OTHER_DOER_BEFORE = frozenset("he she they we i who its their his her".split())


def _is_doer(name_at: int, verb_at: int, words: Sequence[str]) -> bool:
    """The name comes before the deed's word, unless the deed is passive ('DeepMind was acquired', 'when was
    the Stargate project announced') or another doer stands right before it ('which she launched')."""
    before_verb = words[verb_at - 1] if verb_at > 0 else ""
    passive = before_verb in PASSIVE_BEFORE or (
        name_at < verb_at and any(w in PASSIVE_BEFORE for w in words[max(0, name_at - 2) : name_at])
    )
    if name_at < verb_at and before_verb in OTHER_DOER_BEFORE:
        return False
    return (name_at < verb_at) != passive


DEED_VERBS = frozenset(
    """acquired acquire acquires acquiring bought buy buys buying purchased owns owned invested invest
    invests investing backed backs funded led lead leads""".split()
)
# 'Anthropic's investors', 'the Mellanox buyer': the one doing the deed, whatever the order
AGENT_NOUNS = frozenset(
    "investor investors backer backers owner owners acquirer acquirers buyer buyers".split()
)


def _asked_doer(reading: Reading, at: int) -> bool:
    """The question puts the entity named at `at` on the doing side of its deed word (needs a cue)."""
    if reading.cue in AGENT_NOUNS or reading.preceded_by_in:
        return False  # 'Anthropic's investors', 'who invested in Anthropic'
    return _is_doer(at, reading.cue_position, reading.words)


def asked_side(reading: Reading, at: int) -> str | None:
    """Which side of a deal the question puts the entity named at `at` on: 'doer' ('what did Nvidia
    acquire'), 'object' ('who acquired Nvidia', 'who invested in Anthropic', 'when was DeepMind acquired',
    'Anthropic's investors'), or None when the question has no deal verb to tell by."""
    if reading.cue_position < 0 or reading.family not in ("invested_in", "acquired"):
        return None  # an organization releases things; nothing releases it
    if reading.cue not in DEED_VERBS and reading.cue not in AGENT_NOUNS:
        return None  # a noun ('a stake', 'the funding'): its place says nothing of the sides
    return "doer" if _asked_doer(reading, at) else "object"


def _positions(phrase: Sequence[str], text: Sequence[str]) -> list[int]:
    n = len(phrase)
    return [i for i in range(len(text) - n + 1) if list(text[i : i + n]) == list(phrase)] if n else []


def same_side_of_the_deed(fact: Fact, family: str, reading: Reading, names: Sequence[str], at: int) -> bool:
    """'What has Thinking Machines released' is not 'Mira Murati launched Thinking Machines Lab', and 'who
    has invested in Perplexity' is not 'Perplexity …, saying investors would fund it': in a release,
    investment or acquisition told in prose the entity must stand on the side of the deed it was asked on.
    True when either side cannot be told."""
    if reading.cue_position < 0:
        return True
    asked_doer = _asked_doer(reading, at)
    text = fold(fact.statement).split()
    name_at = min((i for n in names for i in _positions(n.split(), text)), default=-1)
    words = [fold(w) for w in relations.STATEMENT_WORDS.get(family, ())] + [reading.cue]
    verb_at = next(
        (
            i
            for i, t in enumerate(text)
            if any(" " not in w and len(w) > 4 and stem_in(w, [t]) for w in words)
        ),
        -1,
    )
    if name_at < 0 or verb_at < 0:
        return True
    if f", {text[verb_at]}" in fact.statement.casefold():
        return not asked_doer  # 'a round in Thinking Machines Lab, announced July 15': done to it
    return _is_doer(name_at, verb_at, text) == asked_doer


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


# the words a release's statement uses, but 'announced': deals are announced too
_RELEASE_WORDS = tuple(w for w in relations.STATEMENT_WORDS["released"] if w != "announced")
_DEAL_WORDS = ("raised", "raises", "funding", "round", "series", "invested", "investment", "acquired",
               "acquisition", "agreement", "deal", "partnership", "valuation", "valuing")  # fmt: skip


def tells_release(fact: Fact) -> bool:
    """The statement tells something released, not a deal that was only 'announced' ('Lambda raised $1.5
    billion in a Series E round … announced November 18', 'announced a multibillion-dollar agreement')."""
    text = fold(fact.statement)
    if any(has_phrase(text, w) for w in _RELEASE_WORDS):
        return True
    return not any(has_phrase(text, w) for w in _DEAL_WORDS)


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
