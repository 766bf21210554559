"""Where a person went after an organization ("where did X go after OpenAI", "what did X do after leaving
Scale"): their roles that began once their time there ended, or the statement saying where they left for.
One pair look-up would answer with any fact naming both, which is not the next job."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from factbot.bot.answering import compose, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.fact_traits import at_org
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.text import fold

_MOVES = frozenset(
    {"go", "went", "gone", "head", "headed", "move", "moved", "land", "landed", "end", "ended"}
)
_DOES = frozenset({"do", "did", "doing", "join", "joined", "start", "started", "found", "founded"})
# The statement says where the person left for: 'left for Meta', 'and then joined Meta'.
_LEFT_FOR = re.compile(
    r"\b(?:left (?:\w+ )?(?:for|to join|to found|to start|to lead)|then joined|and joined|"
    r"went on to|moved to|departed for|leaving for|to join)\b",
    re.I,
)


_MOVED = re.compile(r"\b(?:re)?join(?:ed|s|ing)?\b|\b(?:co-)?found(?:ed|s)\b|\blaunched\b|\bstarted\b", re.I)


def asks_later_role(words: Sequence[str]) -> bool:
    """'where did X go after Y', 'what did X do after leaving Y', 'where did X land after Y'."""
    if "after" not in words or not words or words[0] not in ("where", "what", "which", "wheres"):
        return False
    rest = set(words[: words.index("after")])
    return bool(rest & _MOVES) or (words[0] != "where" and bool(rest & _DOES)) or words[0] == "where"


def later_roles(
    lookup: Lookup, reading: Reading, named: Sequence[tuple[Mention, Entity]], scopes: list[str]
) -> Answer | None:
    """The person's roles after the organization named after 'after', or a refusal saying none is known."""
    words = reading.words
    cut_at = words.index("after")
    people = [e for m, e in named if e.kind == "person" and m.start < cut_at]
    orgs = [e for m, e in named if e.kind != "person" and m.start > cut_at]
    if len(people) != 1 or len(orgs) != 1:
        return None
    person, org = people[0], orgs[0]
    mine = wording.unique([*lookup.naming(person, scopes), *lookup.store.facts_about(person.id, scopes)])
    held = [f for f in mine if _holds(f, person)]
    there = [f for f in held if at_org(f, org)]
    if not there:
        return None
    ends = [f.end for f in there if f.end]
    left = max(ends, key=dates.sort_key) if ends else None
    later: list[Fact] = []
    if left is not None:
        cut = dates.sort_key(left)
        later = [f for f in held if not at_org(f, org) and f.start and _not_before(f.start, cut)]
        if not later:  # no role on record since: a dated statement of them joining or founding something
            later = [
                f
                for f in mine
                if f not in held
                and not at_org(f, org)
                and f.start
                and _not_before(f.start, cut)
                and _MOVED.search(f.statement)
            ]
        later.sort(key=lambda f: dates.sort_key(f.start))
    prose = [f for f in there if f.end and _LEFT_FOR.search(f.statement)]
    if not later and not prose:
        return compose.declined(messages.NO_LATER.format(name=person.name, then=org.name))
    if not later:
        return Answer(prose[0].statement, (prose[0],), (), (prose[0],))
    until = f" (until {dates.human(left)})" if left else ""
    if all(_holds(f, person) for f in later):
        parts = [
            f"{relations.label(f.relation)} of {f.subject} ({dates.span(f.start, f.end)})" for f in later
        ]
        text = f"After {org.name}{until}, {person.name} was " + "; ".join(parts[: compose.MAX_LIST]) + "."
    else:
        text = f"After {org.name}{until}: " + " ".join(f.statement for f in later[:2])
    return Answer(text, (*later, *prose[:1]), (), tuple(later[:2]))


def _not_before(start: str, cut: date) -> bool:
    """A role that began the month (or, dated by year only, the year) the last one ended counts as after."""
    if len(start) == 4:
        return int(start) >= cut.year
    return dates.sort_key(start) >= cut.replace(day=1)


def _holds(f: Fact, person: Entity) -> bool:
    """A role or founding the person held (as the fact's object), not an event that names them."""
    rel = relations.RELATIONS.get(f.relation)
    if rel is None or (rel.family not in relations.ROLE_FAMILIES and rel.family != "founder"):
        return False
    return f.object_id == person.id or (f.object_id is None and _says(f.object, person))


def _says(text: str, e: Entity) -> bool:
    folded = f" {fold(text)} "
    return any(f" {n} " in folded for n in wording.names_of(e))
