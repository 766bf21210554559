"""What the shaped answers (yes/no, comparisons, totals, succession, earlier roles) read off a fact: its
role family, where it places someone, the role words in its object, its date, and a person's roles."""

from __future__ import annotations

import re
from datetime import date

from factbot.bot.answering import wording
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import dates, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.text import fold

# Roles that one person holds after another (a founder is never 'replaced').
SUCCESSIVE_FAMILIES = relations.ROLE_FAMILIES - {"founder", "board_member"}


# A deal that did not happen, in the stored prose.
FAILED = re.compile(
    r"\b(abandon\w*|fell apart|collapsed|called off|blocked|never (?:finali[sz]ed|closed|completed)|"
    r"terminated|scrapped|withdr[ea]w\w*|did not|didn't|attempted|failed|unsolicited)\b",
    re.I,
)


def family_of(f: Fact) -> str:
    rel = relations.RELATIONS.get(f.relation)
    return rel.family if rel else "other"


def mentions(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {fold(text)} "


def at_org(f: Fact, org: Entity) -> bool:
    """The fact places someone at the organization (or a unit named after it: 'Microsoft AI')."""
    return f.subject_id == org.id or any(fold(f.subject).startswith(n) for n in wording.names_of(org))


def names_first(f: Fact, org: Entity) -> bool:
    """The fact's object is the organization, or names it first: 'OpenAI (left to join Anthropic)' is about
    OpenAI, not Anthropic; 'Safe Superintelligence (…; Alphabet and Nvidia joined)' is SSI's round."""
    return f.object_id == org.id or any(f"{fold(f.object)} ".startswith(f"{n} ") for n in wording.names_of(org))


_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def listed_names(text: str) -> list[str]:
    """The names a list in an object gives, asides in brackets left out: 'Demis Hassabis, Shane Legg and
    Mustafa Suleyman' -> the three; 'Dario Amodei and Daniela Amodei (with five other …)' -> the two."""
    return [p.strip() for p in _LIST_SPLIT.split(re.sub(r"\([^)]*\)", "", text)) if p.strip()]


def role_word(f: Fact) -> str:
    """The role qualifier in an object like 'Joelle Pineau (VP of AI research, head of FAIR)'; none in
    'Eddie Wu (Wu Yongming)', where the brackets hold the person's other name."""
    if "(" not in f.object:
        return ""
    inside = f.object.split("(", 1)[1].rstrip(")").strip()
    words = inside.replace("-", " ").split()
    if words and all(w.istitle() for w in words):
        return ""  # capitalised words only: a name ('Wu Yongming', 'Jaroslaw'), not a role
    return inside


def on_date(when: str) -> str:
    """'in 2019', 'in March 2024', 'on 11 December 2015'."""
    return f"{'on' if len(when) == 10 else 'in'} {dates.human(when)}"


def start_of(f: Fact) -> date:
    return dates.sort_key(f.start or f.end)


def stem_said(word: str, text: str) -> bool:
    """The word, or one of its forms ('partner' in 'partnership'), in the text; not merely a word that
    starts alike ('apple' is not in 'Applications')."""
    folded = fold(text).split()
    if len(word) <= 4:
        return word in folded
    stem = word[: max(4, len(word) - 2)]
    return any(t.startswith(stem) and len(t) <= len(word) + 4 for t in folded)


def roles_of(lookup: Lookup, person: Entity, scopes: list[str]) -> list[Fact]:
    """The roles and foundings the person holds (as the fact's object)."""
    return [
        f
        for f in lookup.naming(person, scopes)
        if family_of(f) in relations.ROLE_FAMILIES and (f.object_id in (None, person.id))
    ]


def explicit_family(reading: Reading) -> str | None:
    """The role the question names, not counting succession words ('replaced', 'took over')."""
    for fam in reading.families:
        if fam in SUCCESSIVE_FAMILIES and not (fam == "ceo" and _succession_cue_only(reading)):
            return fam
    return None


def _succession_cue_only(reading: Reading) -> bool:
    succession_words = {
        "took over",
        "replaced",
        "succeeded",
        "successor",
        "step down",
        "stepped down",
        "interim",
    }
    return reading.cue in succession_words
