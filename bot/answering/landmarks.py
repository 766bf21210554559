"""Succession around someone the question names as a landmark: 'who was AWS CEO before Adam Selipsky',
'who ran Stability AI in between Emad and Prem', 'what did Yang Zhilin do before Moonshot'. Only a role's
own dated history can answer; prose that merely names the landmark is refused."""

from __future__ import annotations

from collections.abc import Sequence

from factbot.bot.answering import compose, forms, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.earlier_roles import prior_trace
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.fact_traits import SUCCESSIVE_FAMILIES
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import GENERIC_WORDS, Reading
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.text import fold


def landmark(
    lookup: Lookup, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str]
) -> Answer | None:
    """'Who was AWS CEO before Adam Selipsky': the holder before (or after) someone the base does not
    place in that role. Only the role's own dated history can answer; prose that merely names the
    landmark ('… succeeding Adam Selipsky') answers the other direction, so it is refused."""
    family = reading.family
    words = reading.words
    if family not in SUCCESSIVE_FAMILIES or not {"who", "whos"} & set(words):
        return None
    orgs = [e for _, e in named if e.kind == "organization"]
    people = [e for _, e in named if e.kind == "person"]
    if "between" in words and len(people) >= 2 and orgs:
        return between(lookup, people[0], people[1], orgs[0], family, scopes)
    cue = max((i for i, w in enumerate(words) if w in ("before", "after")), default=-1)
    if cue < 0:
        return None
    direction = "predecessor" if words[cue] == "before" else "successor"
    at = cue + 1 + (cue + 1 < len(words) and words[cue + 1] == "the")
    label = relations.label(relations.family_members(family)[0])
    role = f" as {label}" + (f" of {orgs[0].name}" if orgs else "")
    missing = messages.NO_SUCCESSOR if direction == "successor" else messages.NO_PREDECESSOR
    person = next((e for m, e in named if m.start == at and e.kind == "person"), None)
    if person is not None:
        if orgs:
            return None  # the role's history at that organization places them (compose.role_answer)
        members = relations.family_members(family)
        if any(f.relation in members for f in lookup.naming(person, scopes)):
            return None
        return compose.declined(missing.format(name=person.name, role=role))
    said = []
    for w in words[at:]:
        if w not in reading.unknown or w in GENERIC_WORDS or wording.is_cue(w) or w in wording.SHAPE_WORDS:
            break
        said.append(w)
    if not said or len(said[0]) < 3 or any(m.start == at for m, _ in named):
        return None
    name = " ".join(w.capitalize() for w in said)
    if not orgs:
        return compose.declined(missing.format(name=name, role=role))
    org = orgs[0]
    facts = lookup.store.facts_about(org.id, scopes, relations.family_members(family))
    held = [f for f in facts if all(w in fold(f.object).split() for w in said)]
    if held:  # 'before Gelsinger': a holder known by name only, placed by their own dates
        return around(held[0], facts, direction, org.name, label) or compose.declined(
            missing.format(name=held[0].object, role=role)
        )
    if direction == "successor":
        after = [
            f
            for f in facts
            if compose.TOOK_OVER.search(f.statement) and wording.has_phrase(fold(f.statement), said[-1])
        ]
        if after:
            f = after[0]
            return Answer(f.statement, (f,), (), (f,))
    return compose.declined(missing.format(name=name, role=role))


def between(lookup: Lookup, a: Entity, b: Entity, org: Entity, family: str, scopes: list[str]) -> Answer:
    """'Who ran Stability AI in between Emad and Prem': the holders after one left and before the other."""
    facts = lookup.store.facts_about(org.id, scopes, relations.family_members(family))
    ends = [f for f in facts if f.object_id in (a.id, b.id)]
    label = relations.label(relations.family_members(family)[0])
    refusal = compose.declined(messages.NO_BETWEEN.format(a=a.name, b=b.name, role=f"{label} of {org.name}"))
    if len({f.object_id for f in ends}) < 2 or not all(f.start or f.end for f in ends):
        return refusal
    ends.sort(key=lambda f: dates.sort_key(f.start or f.end))
    first, last = ends[0], ends[-1]
    if not last.start:
        return refusal
    lo = dates.sort_key(first.end or first.start)
    hi = dates.sort_key(last.start)
    mid = [f for f in facts if f not in ends and f.start and lo <= dates.sort_key(f.start) < hi]
    if not mid:
        return refusal
    mid.sort(key=lambda f: dates.sort_key(f.start))
    text = f"Between {first.object} and {last.object} ({label} of {org.name}): {compose._holders(mid)}."
    return Answer(text, (first, *mid, last), (), tuple(mid))


def earlier_of_unknown(
    lookup: Lookup, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str]
) -> Answer | None:
    """'What did Yang Zhilin do before Moonshot' with no person of that name: a fact that merely
    mentions the name says nothing of their earlier roles."""
    cue = next((i for i, w in enumerate(reading.words) if w in forms.EARLIER_CUES), len(reading.words))
    said = [
        w
        for w in reading.words[:cue]
        if w in reading.unknown and w not in GENERIC_WORDS and w not in wording.SHAPE_WORDS and len(w) >= 2
    ]
    if not said:
        return None
    org = next((e for m, e in named if m.start > cue), None)
    name = " ".join(w.capitalize() for w in said)
    if org is not None:  # 'Instagram co-founder Mike Krieger' in one of the organization's facts
        for f in wording.unique(lookup.related(org, scopes)):
            if wording.has_phrase(fold(f.statement), " ".join(said)) and prior_trace(
                f.statement, org.name, name
            ):
                return Answer(f.statement, (f,), (), (f,))
    then = org.name if org is not None else "that"
    return compose.declined(messages.NO_EARLIER.format(name=name, then=then))


def around(held: Fact, facts: Sequence[Fact], direction: str, org: str, label: str) -> Answer | None:
    """The holder(s) of the role right before `held` started, or right after it ended (co-holders who
    started together are one step); None when its dates cannot place anyone."""
    if direction == "predecessor":
        if not held.start:
            return None
        cut = dates.first_day(held.start)
        side = [f for f in facts if f is not held and f.start and dates.sort_key(f.start) < cut]
        if not side:
            if compose.TOOK_OVER.search(held.statement):
                return Answer(held.statement, (held,), (), (held,))
            return None
        step = max(f.start or "" for f in side)
        word = "Before"
    else:
        if not held.end:
            return None
        end = dates.sort_key(held.end)
        side = [f for f in facts if f is not held and f.start and dates.sort_key(f.start) >= end]
        if not side:
            return None
        step = min(f.start or "" for f in side)
        word = "After"
    group = [f for f in side if f.start == step]
    text = f"{word} {held.object} ({label} of {org}, {compose._when(held)}): {compose._holders(group)}."
    return Answer(text, (held, *group), (), tuple(group))
