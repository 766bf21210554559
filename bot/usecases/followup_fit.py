"""Does an answer fit the follow-up it was given for? A rewritten follow-up carries more than its own words
(the person a pronoun stood for, the year, the person before whom), and an answer that drops what was
carried is about something else: it is declined rather than said confidently.

- a pronoun taken for someone: the answer's facts must name them;
- a year carried or swapped in ("and in 2000?"): the answer's facts must reach that time;
- "before X": the answer must name someone other than X and X's successors."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from factbot.bot.domain import messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.port import Reply, ReplyKind
from factbot.bot.usecases.succession import before_people, names_person


def names_any(facts: Sequence[Fact], people: Sequence[Entity]) -> bool:
    """One of the facts is about, or names, one of these people or things."""
    for f in facts:
        for p in people:
            if p.id in (f.subject_id, f.object_id) or names_person(f"{f.subject} {f.object} {f.statement}", p):
                return True
    return False


def reaches(facts: Sequence[Fact], lo: date, hi: date) -> bool:
    """One of the facts holds or happens within [lo, hi], or its statement names the year."""
    for f in facts:
        start = _day(f.start, first=True)
        end = _day(f.end, first=False)
        if start is not None and start <= hi and (end is None or end >= lo):
            return True
        if start is None and end is not None and end >= lo and _role(f):
            return True
        if str(lo.year) in f.statement and lo.year == hi.year:
            return True
    return False


def declined(text: str) -> Reply:
    return Reply(text=text, kind=ReplyKind.UNKNOWN, answered=False)


def nothing_on(name: str) -> Reply:
    return declined(messages.FOLLOW_UP_NOT_FOUND.format(name=name))


def no_round(said: str) -> Reply:
    return declined(messages.NO_ROUND.format(round=said))


def no_predecessor(facts: Sequence[Fact], landmark: Entity, role: str, org: str) -> Reply | None:
    """None when the facts put someone before the landmark; else the refusal saying so."""
    if before_people(facts, landmark):
        return None
    where = f" as {role} of {org}" if role and org else ""
    return declined(messages.NO_PREDECESSOR.format(name=landmark.name, role=where))


def no_one_else(besides: Sequence[Entity]) -> Reply:
    return declined(messages.NO_ONE_ELSE.format(names=_and(besides)))


def nothing_else(besides: Sequence[Entity]) -> Reply:
    return declined(messages.NOTHING_ELSE.format(names=_and(besides)))


def _and(entities: Sequence[Entity]) -> str:
    names = [e.name for e in entities]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# 'Chris Malachowsky', 'Daniel De Freitas': two or three capitalised words, a person's name in prose.
_FULL_NAME = re.compile(r"\b[A-Z][a-z'’-]+(?:\s+(?:de|De|van|von|der)?\s*[A-Z][a-z'’-]+){1,2}\b")


# Capitalised words that are no part of a person's name: 'In June 2024 Amazon hired …' names no 'In June'
_NOT_NAME_WORDS = frozenset(
    "In On At By For From With After Before When Since Until During The A An And But Its His Her Their This That "
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)


def full_names(text: str) -> list[str]:
    names = []
    for m in _FULL_NAME.finditer(text):
        words = [w for w in m.group(0).split() if w not in _NOT_NAME_WORDS]
        if len(words) >= 2:
            names.append(" ".join(words))
    return names


def not_then(name: str, said: str) -> Reply:
    return declined(messages.FOLLOW_UP_NOT_THEN.format(name=name, when=said))


def _role(f: Fact) -> bool:
    rel = relations.RELATIONS.get(f.relation)
    return rel is not None and rel.family in relations.ROLE_FAMILIES


def _day(value: str | None, first: bool) -> date | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (1 if first else 12)
        day = int(parts[2]) if len(parts) > 2 else (1 if first else 28)
        return date(year, month, day)
    except ValueError:
        return None
