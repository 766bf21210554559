"""A person's previous or next employer asked of the person just talked about: "where was he before that",
"where did she come from", "where did he go (after)". 'That' is the organization of the role just named,
so the question becomes "where was X before ORG" / "where did X go after ORG" -- never the role itself."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from factbot.bot.domain.model import Entity

_BACK_REFS = frozenset({"that", "this", "then", "there", "joining", "it"})
_WHERE = frozenset({"where", "wheres", "whered"})
_OPENINGS = _WHERE | {"what", "whats", "which"}
_MOVES = frozenset(
    {"go", "went", "gone", "head", "headed", "move", "moved", "land", "landed", "end", "ended"}
)
_CAME_FROM = {("come", "from"), ("came", "from"), ("comes", "from"), ("coming", "from")}
_AGE = r"(?:the|that|this)\s+(new\s+|old\s+|other\s+|last\s+|first\s+)?"
_MAN = re.compile(rf"\b{_AGE}(?:guy|dude|man|fellow|bloke|chap)\b", re.I)
_WOMAN = re.compile(rf"\b{_AGE}(?:woman|lady|gal)\b", re.I)


def as_pronoun(question: str) -> tuple[str, str | None]:
    """'where did the new guy work before' -> ('where did he work before', 'new'): a person meant by a
    phrase, and whether it says the newer ('new', 'last'), the older ('old', 'first') or another ('other')
    of those in focus."""
    said = [m.group(1) for m in (_MAN.search(question), _WOMAN.search(question)) if m is not None]
    age = said[0].strip().lower() if said and said[0] else ""
    which = "new" if age in ("new", "last") else "old" if age in ("old", "first") else "other" if age == "other" else None
    return _WOMAN.sub("she", _MAN.sub("he", question)), which


def direction(words: Sequence[str]) -> str | None:
    """'before' (previous employer), 'after' (next one) or None: the question asks neither."""
    if not words or words[0] not in _OPENINGS or "who" in words or "whom" in words:
        return None
    pairs = set(pairwise(words))
    if pairs & _CAME_FROM:
        return "before"
    for cue, other in (("before", "after"), ("after", "before")):
        if cue in words and other not in words and set(words[words.index(cue) + 1 :]) <= _BACK_REFS:
            return cue
    if words[-1] in ("previously", "prior", "earlier") and "before" not in words:
        return "before"
    if words[0] in _WHERE and set(words) & _MOVES and "before" not in words:
        return "after"
    if words[-1] == "next" and words[0] in ("where", "what", "whats"):
        return "after"
    return None


def career_question(words: Sequence[str], person: Entity, org: Entity) -> str | None:
    """The standalone question for a previous / next employer follow-up, or None."""
    way = direction(words)
    if way == "before":
        if words[0] in _WHERE:
            return f"where was {person.name} before {org.name}"
        return f"what did {person.name} do before {org.name}"
    if way == "after":
        return f"where did {person.name} go after {org.name}"
    return None
