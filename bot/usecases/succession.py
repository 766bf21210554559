"""Who came before whom, as the statements say it: "became CEO …, replacing Rory Read" names the person the
fact's holder took over from. A follow-up walks back along these ("and before that?"), and an answer to
"who was CEO before X" that only names X's successors answers nothing."""

from __future__ import annotations

import re
from collections.abc import Sequence

from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.text import fold

# The holder's predecessor follows these words ("succeeding Adam Selipsky", "took over from Jack Ma").
_TOOK_OVER = re.compile(
    r"\b(?:succeeding|succeeded|replacing|replaced|took over from|taking over from|in place of)\s+"
    r"((?:[A-Z][\w'’.-]*)(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|la)){0,3})"
)


def predecessor_names(fact: Fact) -> list[str]:
    """The names the statement gives as the ones its holder took over from."""
    out = []
    for m in _TOOK_OVER.finditer(fact.statement):
        name = m.group(1).rstrip(".’'")
        if len(name.split()) >= 2 and name not in out:  # a full name, not "succeeded Google"-like words
            out.append(name)
    return out


def names_person(text: str, person: Entity) -> bool:
    """The person's name (or alias) occurs in the text, as words."""
    folded = f" {fold(text)} "
    return any(f" {k} " in folded for k in (fold(n) for n in (person.name, *person.aliases)) if k)


def took_over_from(fact: Fact, person: Entity) -> bool:
    """The fact's holder took over from this person: the fact is about someone who came after them."""
    return any(names_person(name, person) for name in predecessor_names(fact))


def is_holder(fact: Fact, person: Entity) -> bool:
    return fact.object_id == person.id or fold(fact.object).startswith(fold(person.name))


def before_people(facts: Sequence[Fact], landmark: Entity) -> list[tuple[int | None, str]]:
    """The people these facts put before the landmark, as (entity id or None, name): its own fact's
    'replacing …', and holders of other facts who did not take over from it."""
    out: list[tuple[int | None, str]] = []
    for f in facts:
        if is_holder(f, landmark):
            found: list[tuple[int | None, str]] = [(None, n) for n in predecessor_names(f)]
        elif not took_over_from(f, landmark):
            found = [(f.object_id, plain_name(f.object))]
        else:
            found = []
        out += [p for p in found if p not in out]
    return out


def plain_name(text: str) -> str:
    """'Eddie Wu (Wu Yongming)' -> 'Eddie Wu'."""
    return re.sub(r"\s*\([^)]*\)", "", text).strip()
