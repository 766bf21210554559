"""The words of follow-ups: openings that lean on what came before ("and …?", "what about …?"), time words,
role words, and small readings of a question's words that need no fact base."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.matcher import TIME_PHRASES, Reading
from factbot.bot.domain import relations
from factbot.bot.domain.model import Entity
from factbot.bot.domain.port import Reply, ReplyKind
from factbot.bot.usecases.pronouns import PERSON_PRONOUNS

# Openings that mark a fragment leaning on what came before: "and Cohere?", "what about Anthropic?".
LEADS = (("what", "about"), ("how", "about"), ("and",), ("also",), ("so",), ("ok",), ("okay",), ("or",))
# "who had the job before him": the job is the role just talked about.
JOB_WORDS = frozenset({"job", "role", "position", "post", "seat", "title", "gig"})
ELSE_WORDS = frozenset({"else", "other", "others"})
# "his cofounders": the people who founded it with him.
PARTNER_NOUNS = frozenset({"cofounders", "cofounder", "founders", "partners", "partner"})
TENURE_WORDS = frozenset(
    "start started begin began join joined take took become became leave left quit step stepped resign resigned".split()
)
# Words that qualify a role without naming anything: "who's the executive chair there", 'the acting cto'
ROLE_QUALIFIERS = frozenset({"executive", "interim", "acting", "deputy", "founding", "current", "permanent"})
COUNT_WORDS = frozenset({"two", "three", "four", "both"})  # 'and the other two founders?'
CONNECTIVE_WORDS = frozenset({"ok", "okay", "then", "also", "and", "so", "else", "other", "others"})
# Words a fragment ('and back in 2017?', 'at what valuation') may hold besides what the base knows
FRAGMENT_WORDS = CONNECTIVE_WORDS | frozenset(
    "back again just exactly though stake share percent valuation value price terms size amount".split()
) | frozenset(COUNT_WORDS)
PARTS_OF_YEAR = frozenset({"early", "mid", "late"})  # 'late 2024'
TIME_LINKS = frozenset({"in", "since", "during", "by", "around", "from", "until", "of"})
YEAR = re.compile(r"^(19|20)\d{2}$")
MONTHS = frozenset(
    m
    for m in (
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec"
    ).split()
)


def after_person(
    words: Sequence[str], pronouns: Sequence[tuple[int, str]], resolved: Sequence[Entity]
) -> Entity | None:
    """The person in 'after him' / 'after her', once the pronoun is resolved."""
    people = [e for e in resolved if e.kind == "person"]
    for (i, _word), e in zip([p for p in pronouns if p[1] in PERSON_PRONOUNS], people, strict=False):
        if i > 0 and words[i - 1] in ("after", "succeeded", "replaced", "followed"):
            return e
    return None


def takes_over(words: Sequence[str]) -> bool:
    """'who took over?', 'who replaced?', 'who came next?', 'and after that?': a successor asked for, of no
    one named."""
    pairs = set(pairwise(words))
    return bool(
        pairs
        & {
            ("took", "over"),
            ("take", "over"),
            ("taken", "over"),
            ("came", "next"),
            ("came", "after"),
            ("after", "that"),
            ("after", "this"),
        }
        or {"replaced", "succeeded", "successor", "followed", "next", "afterwards", "afterward"} & set(words)
    )


def part_of_a_name(question: str, reading: Reading) -> set[int]:
    """Entities named as the first part of a name factbot does not know ('Google Brain'): what the
    question was about is not Google, so 'it' cannot mean Google next."""
    out = set()
    for m in reading.mentions:
        if m.end >= len(reading.words) or reading.words[m.end] not in reading.unknown:
            continue
        nxt = reading.words[m.end]
        pattern = rf"(?i:\b{re.escape(m.surface)})\s+{re.escape(nxt[0].upper())}(?i:{re.escape(nxt[1:])}\b)"
        if re.search(pattern, question):
            out.add(m.entity_id)
    return out


def asks_for_person(words: Sequence[str]) -> bool:
    """'who was CEO before …', 'whom did he replace': the answer names the person asked for."""
    rest = words[lead_length(words) :]
    return bool(rest) and rest[0] in ("who", "whom", "whos", "whose")


def asks_for_someone(reading: Reading) -> bool:
    """'who took over', 'and their cfo?': the answer would be a person, asked by 'who' or by a role."""
    return asks_for_person(reading.words) or reading.family in relations.ROLE_FAMILIES


_ASKS_FOR = frozenset({"who", "whom", "which", "what", "where"})
_COPULA = frozenset({"is", "was", "are", "were", "s"})
_PARTY_FAMILIES = frozenset({"acquired", "invested_in", "founder"})


def asks_for_a_party(words: Sequence[str], family: str | None) -> str | None:
    """'who bought windsurf', 'what did google buy', 'where did she go': the opening word of a question
    whose answer is another party -- a deal's, what was founded, where someone went; None for 'who is X',
    'when …', 'how …' and a job asked about ('what did she do before')."""
    rest = words[lead_length(words) :]
    if len(rest) < 2 or rest[0] not in _ASKS_FOR or rest[1] in _COPULA:
        return None
    if family not in _PARTY_FAMILIES and rest[0] != "where":
        return None
    return "what" if rest[0] in ("what", "which") else rest[0]


# The kinds of thing a question can ask for that the base may not hold as a name ('what team', 'which paper')
_THING_KINDS = frozenset(
    "team paper company startup lab model product chatbot prize award chip app tool project agent group "
    "division unit thing device gadget".split()
)


# What someone makes or leads, asked with 'what did he …': the answer is a thing ('what did he lead at openai')
_THING_VERBS = frozenset(
    "lead led colead run ran build built make made create created invent invented write wrote design "
    "designed develop developed".split()
)


def asks_for_a_thing(words: Sequence[str]) -> bool:
    """'what team did he co-lead', 'which famous paper was he on', 'what did he lead at openai', 'and the
    jony ive thing?': a question whose answer would be a thing of its own (not 'what did she do', 'what was
    its valuation')."""
    rest = words[lead_length(words) :]
    if "thing" in rest:
        return True
    if len(rest) >= 4 and rest[0] == "what" and rest[1] in ("did", "does") and _THING_VERBS & set(rest[3:6]):
        return True
    return bool(rest) and rest[0] in ("what", "which", "whats") and bool(_THING_KINDS & set(rest[1:4]))


def lead_is_and(words: Sequence[str]) -> bool:
    return lead_length(words) > 0


def family_word(family: str) -> str:
    return relations.label(relations.family_members(family)[0])


def slot_for(entities: Sequence[Entity], new: Entity) -> int | None:
    """The entity a named one stands in for: the last of the same kind ('and arm?' after 'buy Mellanox')."""
    kind = kind_class(new)
    same = [i for i, e in enumerate(entities) if kind_class(e) == kind]
    return same[-1] if same else None


def kind_class(e: Entity) -> str:
    return e.kind if e.kind in ("person", "product") else "organization"


CAPITALISED = re.compile(r"(?<![.?!]\s)(?<!^)\b[A-Z][\w.-]+")


def unknown_names(question: str) -> list[str]:
    """The capitalised words past the start ('Geoffrey', 'Hinton'), candidates for a name."""
    return [w for w in CAPITALISED.findall(question.strip()) if w not in ("I", "AI")]


def names_someone(question: str) -> bool:
    """A capitalised word past the start ('Geoffrey Hinton'): a name, even one factbot does not know."""
    return bool(unknown_names(question))


_SAME_FILLERS = frozenset({"question", "thing", "q", "again", "but", "one"})
_SAME_LINKS = frozenset({"for", "with", "about", "of", "on"})


def same_lead_length(words: Sequence[str]) -> int:
    """'same for intel', 'same question for runway', 'ditto with replit': the last question asked again
    of what follows; the length of that opening (0 when the question does not start so)."""
    if not words or words[0] not in ("same", "ditto"):
        return 0
    i = 1
    while i < len(words) and words[i] in _SAME_FILLERS:
        i += 1
    if i < len(words) and words[i] in _SAME_LINKS and i + 1 < len(words):
        return i + 1
    return 0


_WH_WORDS = frozenset("who whos whom what whats when where which how".split())
_POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
_THING_OR_GROUP = frozenset({"it", "its", "they", "them", "their"})
_EVENT_WORDS = frozenset("close closed closes happen happened complete completed finalized finalised announced".split())


def named_then_asked(words: Sequence[str], mentions: Sequence[Mention], kinds: Sequence[str]) -> str | None:
    """'and what about tencent who runs it': a name, then a question whose 'it' is that name -- the
    question with the name in place of its pronoun ('who runs tencent'); None for other shapes ('did
    google buy it', where 'it' is something else)."""
    at = 0
    while (n := lead_length(words[at:])) > 0:
        at += n
    first = next((i for i, m in enumerate(mentions) if m.start == at), None)
    if first is None or kinds[first] == "person":
        return None
    m = mentions[first]
    rest = list(words[m.end :])
    if len(rest) < 2 or rest[0] not in _WH_WORDS or sum(w in _THING_OR_GROUP for w in rest) != 1:
        return None  # 'and microsoft, what did they pay for it': one of the two is something else
    if any(other.start >= m.end for other in mentions) or _EVENT_WORDS & set(rest):
        return None  # 'and xilinx, when did it close': 'it' is the deal, not Xilinx
    name = m.matched
    return " ".join(f"{name}s" if w in _POSSESSIVE_PRONOUNS else name if w in _THING_OR_GROUP else w for w in rest)


def lead_length(words: Sequence[str]) -> int:
    for lead in LEADS:
        if tuple(words[: len(lead)]) == lead:
            return len(lead)
    return 0


def time_positions(words: Sequence[str], inside: set[int]) -> set[int]:
    at: set[int] = set()
    for i, w in enumerate(words):
        if i in inside:
            continue
        if YEAR.match(w):
            at.add(i)
            j = i - 1
            while j >= 0 and j not in inside and (words[j] in MONTHS or words[j] in PARTS_OF_YEAR or words[j] in TIME_LINKS):
                at.add(j)
                if words[j] in TIME_LINKS:
                    break
                j -= 1
    for length in (3, 2, 1):
        for i in range(len(words) - length + 1):
            span = set(range(i, i + length))
            if span & inside or span & at:
                continue
            if tuple(words[i : i + length]) in TIME_PHRASES:
                at |= span
    return at


def time_words_of(reading: Reading) -> tuple[str, ...]:
    words = reading.words
    positions = sorted(time_positions(words, set()))
    said = tuple(words[i] for i in positions)
    if said and (YEAR.match(said[0]) or said[0] in MONTHS or said[0] in PARTS_OF_YEAR):
        said = ("in", *said)
    return said or (reading.time.said,)


def either(names: Sequence[str], joiner: str = "or") -> str:
    """'A', 'A or B', 'A, B or C' (with joiner 'and': all of them)."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {joiner} " + names[-1]


def clarify_reply(text: str, suggestions: Sequence[str]) -> Reply:
    return Reply(text=text, suggestions=tuple(suggestions), kind=ReplyKind.CLARIFY, answered=False)
