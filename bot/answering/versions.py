"""Versions and the time before a thing existed: 'Mistral Large 2' is not Mistral 7B, so a version after a
name must be in the facts or it is unknown; a year before an organization was founded (or a product
released) gets "it did not exist yet"."""

from __future__ import annotations

from factbot.bot.answering import compose, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import dates, messages
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.text import fold


def versioned(
    lookup: Lookup, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str]
) -> dict[int, tuple[str, list[Fact]]]:
    """For each entity named with a version ('Mistral 7B', 'Gemini 1.0'): that version's name and its
    facts (those naming it as their object first); an empty list when the base has no such version."""
    out: dict[int, tuple[str, list[Fact]]] = {}
    for m, entity in named:
        seq = wording.version_after(reading, m.end)
        if not seq:
            continue
        anchor = fold(m.matched).split()[-1]
        related = wording.unique(lookup.related(entity, scopes))
        own = [f for f in related if wording.follows(f.object, anchor, seq)]
        said = wording.typed(reading, m.start, m.end + len(seq))
        # prose naming the version dates it only when the fact is not another version's own
        # ('Gemini 2.0 … stronger than Gemini 1.5 Pro' is no date for Gemini 1.5)
        found = own or [
            f
            for f in related
            if wording.follows(f.statement, anchor, seq) and not any(c.isdigit() for c in f.object)
        ]
        out[entity.id] = (said, found or first_version(related, seq))
    return out


def version(
    lookup: Lookup, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str]
) -> Answer | None:
    """'Mistral Large 2' is not Mistral 7B: a version after a name must be in the facts, or it is unknown."""
    for m, entity in named:
        seq = wording.version_after(reading, m.end)
        if not seq:
            continue
        anchor = fold(m.matched).split()[-1]
        related = wording.unique(lookup.related(entity, scopes))
        facts = [f for f in related if wording.follows(f"{f.object} {f.statement}", anchor, seq)]
        if reading.asks_when or reading.family == "released":
            # 'when did Gemini 1.5 Pro come out': the release of that version, not another release
            # whose prose mentions it ('… stronger than Gemini 1.5 Pro')
            facts = [f for f in facts if wording.follows(f.object, anchor, seq)]
        said = wording.typed(reading, m.start, m.end + len(seq))
        facts = facts or first_version(related, seq)
        if facts:
            t = reading.time
            found = compose.statements_answer(
                facts,
                t.kind if t.kind in ("first", "latest") else None,
                None,
                None,
                asks_when=reading.asks_when,
                intro=f"What I know about {said}:",
            )
            if found is not None:
                return found
        releases = [f for f in wording.unique(lookup.related(entity, scopes)) if f.relation == "released"]
        known = compose.statements_answer(
            releases, None, None, None, intro=f"Releases of {entity.name} I know:"
        )
        return compose.declined(messages.NO_VERSION.format(version=said), known)
    return None


def before_existence(
    lookup: Lookup, reading: Reading, named: list[tuple[Mention, Entity]], scopes: list[str]
) -> Answer | None:
    """A year before the organization was founded (or the product released): it did not exist yet."""
    t = reading.time
    assert t.hi is not None
    entity = next((e for _, e in named if e.kind != "person"), None)
    if entity is None:
        return None
    if entity.kind == "product":
        out = [f for f in lookup.related(entity, scopes) if f.relation == "released" and f.start]
        if out:
            first = min(out, key=lambda f: dates.sort_key(f.start))
            if dates.first_day(first.start or "") > t.hi:
                text = messages.NOT_RELEASED_YET.format(
                    name=entity.name, year=t.said, released=dates.human(first.start or "")
                )
                return Answer(text, (first,), (), (first,), declined=True)
        return None
    founded = lookup.founding(entity, scopes)
    if founded is None or dates.first_day(founded.start or "") <= t.hi:
        return None
    text = messages.NOT_YET.format(name=entity.name, year=t.said, founded=dates.human(founded.start or ""))
    return Answer(text, (founded,), (), (founded,), declined=True)


def first_version(related: list[Fact], seq: list[str]) -> list[Fact]:
    """'Gemini 1.0' when no fact says 1.0: the product's first release is that version, provided its own
    name carries no version number ('Gemini (Ultra, Pro and Nano)', not 'Gemini 2.0')."""
    if seq not in (["1"], ["1", "0"], ["v1"]):
        return []
    releases = [f for f in related if f.relation == "released" and f.start]
    if not releases:
        return []
    first = min(releases, key=lambda f: dates.sort_key(f.start))
    return [] if any(c.isdigit() for c in first.object) else [first]
