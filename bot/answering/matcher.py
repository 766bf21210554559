"""Reading a loose chat question: which entities, which relation, which time, and how sure we are.

The reading is pure interpretation (no SQL); bot.answers turns it into facts and words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from factbot.bot.answering import forms
from factbot.bot.answering.entity_index import EntityIndex, Mention
from factbot.bot.domain import dates
from factbot.bot.domain.relations import CUES, MATCH_PRIORITY
from factbot.bot.domain.text import fold

STOPWORDS = frozenset(
    """wat wht wut whos u ur r thx abt pls
    work works working worked job employer after
    become became becomes becoming get got gets getting stop stopped stops go went goes going gone
    come came comes doing happen happened happens take took being still
    a an the of at in on for to from by with and or but is are was were be been being am do does did
    done has have had having who whom whose what which when where why how whats whos wheres whens hows s
    t d ll re ve m i me my you your we our they them their he she him her his hers it its this that
    these those there here tell know about any anyone someone somebody please pls plz thanks thank quick
    q question ask asking say can could would should will shall may might must ever also just really
    actually exactly right so then than as into over up out if not no yes ok okay hey hi hello yo dear
    bot factbot guys all company companys companies firm firms lab labs startup startups start up
    organisation organization org business corp inc ltd llc group team person people guy name named
    called role position title job ai one ones kind sort currently one s whats
    its about info information details again know knows any some many much more most other another new
    now during while amid""".split()
) | frozenset(
    # chat filler: no evidence against an answer, and never a name to correct towards
    """fr ngl tbh lol lmao omg lmk idk smh imo btw fwiw srsly bro fam pls plz ty thx like og ppl peeps tho
    lowkey highkey literally basically anyway anyways kinda sorta dude curious wondering hmm um uh even
    supposed until till til""".split()
)
# Plain nouns and chat filler that name no particular thing: an answer need not contain them (the
# every-word check in answerer.py asks only that named things take part).
GENERIC_WORDS = frozenset(
    """hq headquarters headquartered based located location city country name names called known famous
    main top big biggest largest over guys guy people folks rn atm tbh lol lmao nah ya yeah yep imo btw fr
    ngl omg lmk idk smh real actual official officially exactly total overall altogether combined number
    amount money worth cost paid pay percent public publicly ever anymore even really end ended up
    deal deals thing things stuff news happened happen year years month date time day days back
    again yet already since ago later early late soon recent recently today right ones
    price tag size value figure figures terms background career jobs history record round rounds""".split()
)
# Words read as time cues; checked before stop words ("now" is both).
TIME_WORDS = {
    "now": "now",
    "current": "now",
    "currently": "now",
    "today": "now",
    "present": "now",
    "presently": "now",
    "still": "now",
    "nowadays": "now",
    "these days": "now",
    "at the moment": "now",
    "right now": "now",
    "as of today": "now",
    "anymore": "now",
    "rn": "now",
    "atm": "now",
    "rite now": "now",
    "as of now": "now",
    "this year": "now",
    "former": "past",
    "formerly": "past",
    "previous": "past",
    "previously": "past",
    "before": "past",
    "prior": "past",
    "earlier": "past",
    "past": "past",
    "ex": "past",
    "used to": "past",
    "preceded": "past",
    "predecessor": "past",
    "predecessors": "past",
    "old": "past",
    "back then": "past",
    "first": "first",
    "original": "first",
    "originally": "first",
    "initial": "first",
    "earliest": "first",
    "latest": "latest",
    "newest": "latest",
    "most recent": "latest",
    "recent": "latest",
    "recently": "latest",
    "last": "latest",
    "new": "latest",
}
WHEN_WORDS = frozenset({"when", "since", "date", "year", "long", "how long", "what year", "which year"})
GREETINGS = frozenset(
    {
        "hi",
        "hello",
        "hey",
        "yo",
        "help",
        "start",
        "thanks",
        "thank you",
        "what can you do",
        "who are you",
        "what are you",
        "how do i use you",
        "commands",
        "usage",
        "good morning",
        "hiya",
        "sup",
        "howdy",
    }
)
_MONTHS = {m.lower(): i + 1 for i, m in enumerate(dates.MONTHS)}
_MONTHS.update({m[:3].lower(): i + 1 for i, m in enumerate(dates.MONTHS)})
_YEAR = re.compile(r"^(19|20)\d{2}$")


def _phrases(table: dict[str, tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for family in MATCH_PRIORITY:  # specific roles before the generic 'runs/leads'
        for phrase in table.get(family, ()):
            out.setdefault(tuple(fold(phrase).split()), family)
    return out


CUE_PHRASES = _phrases(CUES)
# Words opening a clause of its own after the question ('… now that Safra stepped aside', 'after …')
CLAUSE_WORDS = frozenset({"when", "after", "since", "before", "while", "because", "that", "once", "until"})
LEAD_CUES = frozenset({"led", "lead", "leads", "leading"})
ROUND_NOUNS = frozenset({"round", "rounds", "series", "seed"})
# Cues more than one family uses ('took over': a CEO's succession or an acquisition): a cue only one
# family uses, elsewhere in the question, decides ('who was CEO of SSI before Ilya took over').
SHARED_CUES = frozenset(
    p for p in CUE_PHRASES if sum(" ".join(p) in cues for cues in CUES.values()) > 1
)
TIME_PHRASES = {tuple(k.split()): v for k, v in TIME_WORDS.items()}
CUE_VOCABULARY = frozenset(w for phrase in CUE_PHRASES for w in phrase) | frozenset(
    w for phrase in TIME_PHRASES for w in phrase
)


@dataclass
class TimeCue:
    kind: str | None = None  # now, past, first, latest, at
    lo: date | None = None
    hi: date | None = None
    said: str = ""


@dataclass
class Reading:
    question: str
    words: list[str]
    mentions: list[Mention]
    family: str | None = None
    cue: str = ""
    cue_position: int = -1
    families: list[str] = field(default_factory=list)  # every family cued, most specific first
    time: TimeCue = field(default_factory=TimeCue)
    asks_when: bool = False
    unknown: list[str] = field(default_factory=list)
    unknown_next_to_entity: bool = False
    numbers: list[str] = field(default_factory=list)  # '3' in 'grok 3': a version we may not know
    greeting: bool = False
    corrections: list[tuple[str, str]] = field(default_factory=list)
    preceded_by_in: bool = False


# Chat shorthand rewritten to the words the facts use (same number of words, so positions hold).
_SHORTHAND = {
    ("go", "public"): ("go", "ipo"),
    ("went", "public"): ("went", "ipo"),
    ("gone", "public"): ("gone", "ipo"),
    ("goes", "public"): ("goes", "ipo"),
    ("going", "public"): ("going", "ipo"),
    ("publicly", "traded"): ("ipo", "traded"),
    ("publicly", "listed"): ("ipo", "listed"),
    # 'before Altman came back': his return, not the word 'back' ('back as CTO')
    ("came", "back"): ("came", "returned"),
    ("come", "back"): ("come", "returned"),
    ("comes", "back"): ("comes", "returned"),
    ("coming", "back"): ("coming", "returned"),
}
_SHORT_WORDS = {
    "ipod": "ipo",
    "ipoed": "ipo",
    "ipos": "ipo",
    "ipoing": "ipo",
    # question words as chat types them: too short for the typo corrector, yet they carry the intent
    "whn": "when",
    "wen": "when",
    "wehn": "when",
    "wat": "what",
    "wut": "what",
    "wht": "what",
    "hw": "how",
    "wich": "which",
    "whcih": "which",
    "wher": "where",
    # chat abbreviations of words a question turns on ('what yr', 'where did he work b4', 'w him')
    "yr": "year",
    "yrs": "years",
    "b4": "before",
    "w": "with",
}


_LEAVE_NOUN_BEFORE = frozenset("that a the his her their this medical parental extended on of".split())


# 'its own chips', 'on their own': an adjective; 'does Google own Anthropic': owning
_OWN_ADJECTIVE_AFTER = frozenset("its their his her my our your on of".split())
_OWN_A_PART = frozenset("much stake stakes percent share shares part piece".split())


# Words that may stand between a name and a word describing which one is meant: 'Stability Inc the bank'
_NAME_BRIDGE = frozenset("inc corp corporation co ltd llc plc gmbh the labs".split())


def _over_at(words: Sequence[str], at: int) -> bool:
    """'took over at Intel', 'took over as boss': the role there, not buying it."""
    return at + 2 < len(words) and words[at + 2] in ("at", "as", "atop")


_DID = re.compile(r"\b(where|who|what|how|when|why)['\u2019]d\b", re.IGNORECASE)


def _shorthand(words: list[str]) -> list[str]:
    out = [_SHORT_WORDS.get(w, w) for w in words]
    if not _OWN_A_PART & set(out):  # 'how much of OpenAI does Microsoft own': a stake, not owning it
        out = [
            "owns" if w == "own" and i > 0 and out[i - 1] not in _OWN_ADJECTIVE_AFTER else w
            for i, w in enumerate(out)
        ]
    for i in range(len(out) - 1):
        pair = (out[i], out[i + 1])
        if pair in _SHORTHAND:
            out[i], out[i + 1] = _SHORTHAND[pair]
    # 'when did he take that leave', 'on medical leave': a leave of absence, not leaving the company
    out = ["sabbatical" if w == "leave" and i > 0 and out[i - 1] in _LEAVE_NOUN_BEFORE else w for i, w in enumerate(out)]
    return out


_GLUED_VERSION = re.compile(r"([a-z]{3,})(\d{1,3})")


def _unglue_versions(words: list[str], index: EntityIndex) -> list[str]:
    """'qwen2' is Qwen's version 2 ('qwen 2'), not a typo of 'qwen': a name's word with a number glued on,
    when the glued word is no word of a name itself."""
    out: list[str] = []
    for w in words:
        m = _GLUED_VERSION.fullmatch(w)
        if m and not index.in_vocabulary(w) and index.in_vocabulary(m[1]):
            out.extend((m[1], m[2]))
        else:
            out.append(w)
    return out


def read(
    question: str,
    index: EntityIndex,
    scopes: list[str],
    ambiguous: Mapping[tuple[int, str], frozenset[str]] | None = None,
    linked: Callable[[int, int], bool] | None = None,
) -> Reading:
    """Interpret a (cleaned) question. ambiguous: (entity id, name) of names that are also everyday words
    or short tokens ('Stability', 'R1', 'X') -> the words of the entity's other names; such a name is
    taken only with supporting context (see _drop_unsupported). linked(a, b): a fact ties entities a and b."""
    prepared = re.sub(r"['\u2019]s\b", " ", question)
    prepared = _DID.sub(r"\1 did", prepared)  # "where'd he go", "who'd they hire"
    words = _unglue_versions(_shorthand(fold(prepared).split()), index)
    reading = Reading(question=question, words=words, mentions=[])
    joined = " ".join(words)
    if not words or joined in GREETINGS or (len(words) <= 2 and all(w in GREETINGS for w in words)):
        reading.greeting = True
        return reading

    # Fix typos in cue and time words too ('foundr', 'curently') so they are read as cues.
    fixed = []
    for w in words:
        if w in CUE_VOCABULARY or w in STOPWORDS:
            fixed.append(w)
            continue
        c, distance = index.correct(w)
        if distance and c in CUE_VOCABULARY and not _inflected_word(w, c):
            reading.corrections.append((w, c))
            fixed.append(c)
        else:
            fixed.append(w)

    used: set[int] = set()
    _read_time(fixed, reading, used)
    # 'all together' is 'in total', never the company Together AI
    idioms = {i + 1 for i in range(len(fixed) - 1) if (fixed[i], fixed[i + 1]) == ("all", "together")}
    if forms.ends_with_together(fixed):
        idioms.add(len(fixed) - 1)
    reading.mentions = index.find(fixed, scopes, skip=frozenset(used | idioms))
    for m in reading.mentions:
        used.update(range(m.start, m.end))
        if m.score < 1.0:
            reading.corrections.append((m.surface, m.matched))
    _read_relation(fixed, reading, used)
    if ambiguous:
        _drop_unsupported(fixed, reading, used, ambiguous, linked or (lambda a, b: False))
    if reading.mentions:
        first = reading.mentions[0].start
        reading.preceded_by_in = first > 0 and fixed[first - 1] in ("in", "into")
    ends = {m.end for m in reading.mentions}
    first_end = min(ends, default=len(fixed))
    for i, w in enumerate(fixed):
        if w.isdigit() and i not in used:
            reading.numbers.append(w)
            # 'Llama 4', 'Claude 3.5', 'GPT-3': a version, so another product than any we know.
            if i in ends or (i > 0 and (i - 1) not in used and fixed[i - 1] not in STOPWORDS):
                reading.unknown_next_to_entity = True
            continue
        if i in used or w in STOPWORDS or w in WHEN_WORDS or len(w) < 2 or w.isdigit() or not w.isascii():
            # Words in a script we do not read are neither cues nor evidence against an answer.
            continue
        reading.unknown.append(w)
        # 'Google Brain' names something other than Google; 'OpenAI financially' does not; nor does a
        # name in a clause after the question ('now that Safra stepped aside').
        side = next((k for k in range(first_end, i) if fixed[k] in CLAUSE_WORDS), None)
        # 'stability inc the bank', 'xai corp the crypto one': a descriptor after the name's company words
        bridged = any(
            e < i
            and all(fixed[k] in _NAME_BRIDGE for k in range(e, i))
            and any(fixed[k] != "the" for k in range(e, i))  # 'character, the permanent one': no
            for e in ends
        )
        # 'Mistral seed round': the company's round, not another thing named 'Mistral seed'
        plain = w in GENERIC_WORDS or w in ROUND_NOUNS
        if (i in ends or bridged) and not words[i].endswith("ly") and not plain and side is None:
            reading.unknown_next_to_entity = True
    reading.asks_when = any(w in WHEN_WORDS for w in fixed) or "how long" in joined
    return reading


def _inflected_word(typed: str, cue: str) -> bool:
    """'invented' is a word of its own, not a typo of 'invested': a typed word with the same inflected ending
    as a cue word that differs from it inside the stem is read as written (one letter swapped inside a
    word with the same suffix is how English words differ; typos drop, add or transpose letters)."""
    if len(typed) != len(cue) or sum(a != b for a, b in zip(typed, cue, strict=True)) != 1:
        return False
    return any(
        typed.endswith(suffix) and cue.endswith(suffix) for suffix in ("ed", "ing", "er", "or", "ment", "ion")
    )


# Words that only make sense about a company: 'did arm go public', 'arm ipo', 'is arm a british company'.
COMPANY_WORDS = frozenset(
    "ipo ipod ipos public listed listing stock shares valuation valued startup company companys chipmaker".split()
)


def _drop_unsupported(
    words: list[str],
    reading: Reading,
    used: set[int],
    ambiguous: Mapping[tuple[int, str], frozenset[str]],
    linked: Callable[[int, int], bool],
) -> None:
    """Keep a mention made through an ambiguous name only with supporting context; its words then count as
    ordinary words. Supporting context is one of: a relation cue (a role, founding, release, investment or
    acquisition word: what people ask about an organization, person or product); a word only said of a
    company ('go public', 'ipo', 'stock'); another word of one of
    the entity's names; another entity named that a fact ties to it ('meta' with 'llama'); or a question
    that names nothing else (no other entity and no unknown word: 'what is r1', 'tell me about
    inflection'), which a corrected typo never is."""
    kept = []
    for m in reading.mentions:
        own_words = ambiguous.get((m.entity_id, m.matched))
        if own_words is None:
            kept.append(m)
            continue
        span = set(range(m.start, m.end))
        others = {w for i, w in enumerate(words) if i not in span and w not in STOPWORDS}
        alone = len(reading.mentions) == 1 and all(
            i in used or w in STOPWORDS or w in WHEN_WORDS or len(w) < 2 or w.isdigit() or not w.isascii()
            for i, w in enumerate(words)
            if i not in span
        )
        supported = (
            reading.family is not None
            or bool(COMPANY_WORDS.intersection(others))
            or bool(own_words.intersection(others))
            or any(o.entity_id != m.entity_id and linked(m.entity_id, o.entity_id) for o in reading.mentions)
        )
        # a name that is an everyday word, reached by adding or dropping letters at its end, is another
        # everyday word: 'write a limerick about my boss' is not about Writer ('stablity' is a typo)
        typed, name = fold(m.surface).replace(" ", ""), fold(m.matched).replace(" ", "")
        inflected = m.score < 1.0 and (name.startswith(typed) or typed.startswith(name))
        if not inflected and (supported or (alone and m.score == 1.0)):
            kept.append(m)
        else:
            used.difference_update(span)
    reading.mentions = kept


_PART_OF_YEAR = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


def _read_time(words: list[str], reading: Reading, used: set[int]) -> None:
    for i, w in enumerate(words):
        if _YEAR.match(w):
            year = int(w)
            month = _MONTHS.get(words[i - 1]) if i > 0 else None
            part = _PART_OF_YEAR.get(words[i - 1]) if i > 0 else None
            if month:
                lo = date(year, month, 1)
                hi = dates.last_day(f"{year}-{month:02d}")
                used.add(i - 1)
            elif part:  # 'late 2024': September to December
                lo, hi = date(year, part[0], 1), dates.last_day(f"{year}-{part[1]:02d}")
                used.add(i - 1)
            else:
                lo, hi = date(year, 1, 1), date(year, 12, 31)
            reading.time = TimeCue("at", lo, hi, w)
            used.add(i)
            return
    for length in (3, 2, 1):
        for i in range(len(words) - length + 1):
            phrase = tuple(words[i : i + length])
            kind = TIME_PHRASES.get(phrase)
            if kind and not used.intersection(range(i, i + length)):
                if reading.time.kind is None:
                    reading.time = TimeCue(kind, said=" ".join(phrase))
                used.update(range(i, i + length))


# 'who put DeepSeek together', 'who set Mistral up': a two-word cue with the name between its words
_PARTICLES = frozenset({"together", "up"})


_CLAUSE_WORDS = frozenset({"after", "before", "once", "when", "until"})


def _in_clause(words: list[str], position: int) -> bool:
    """A cue a few words after 'after'/'before'/'once' belongs to that clause ('after X left')."""
    return position > 1 and any(w in _CLAUSE_WORDS for w in words[max(1, position - 4) : position])


def _split_cue(words: list[str], reading: Reading, used: set[int]) -> list[tuple[int, str, str, int]]:
    """The cue, and the particle's own mention dropped: 'together' there is no name (Together AI)."""
    for m in reading.mentions:
        before, after = m.start - 1, m.end
        if before < 0 or after >= len(words) or words[after] not in _PARTICLES or before in used:
            continue
        particle = [o for o in reading.mentions if o.start == after and o.end == after + 1]
        if after in used and not particle:
            continue
        phrase = (words[before], words[after])
        family = CUE_PHRASES.get(phrase)
        if family:
            reading.mentions = [o for o in reading.mentions if o not in particle]
            used.update((before, after))
            return [(MATCH_PRIORITY.index(family), family, " ".join(phrase), before)]
    return []


def _read_relation(words: list[str], reading: Reading, used: set[int]) -> None:
    found: list[tuple[int, str, str, int]] = []  # (priority, family, phrase, position)
    for length in (4, 3, 2, 1):
        for i in range(len(words) - length + 1):
            span = range(i, i + length)
            if used.intersection(span):
                continue
            phrase = tuple(words[i : i + length])
            family = CUE_PHRASES.get(phrase)
            if family:
                found.append((MATCH_PRIORITY.index(family), family, " ".join(phrase), i))
                used.update(span)
    if not found:
        found = _split_cue(words, reading, used)
    if len({f[1] for f in found}) > 1:
        # 'who ran Character.AI after Shazeer left': the cue of the clause of 'after' is no question's
        main = [f for f in found if not _in_clause(words, f[3])]
        found = main or found
    if found:
        found.sort(key=lambda f: (tuple(f[2].split()) in SHARED_CUES, f))
        _prio, reading.family, reading.cue, reading.cue_position = found[0]
        if reading.cue in LEAD_CUES and ROUND_NOUNS.intersection(words):
            reading.family = "invested_in"  # 'who led their 2024 round': the round's lead investor
        elif reading.cue == "took over" and (forms.took_from(words) or _over_at(words, reading.cue_position)):
            # 'who took over AWS from Adam Selipsky', 'who took over at Intel': a successor, not a takeover
            reading.family = "ceo"
        reading.families = list(dict.fromkeys(f[1] for f in found))
