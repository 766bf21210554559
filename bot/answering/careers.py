"""Where a person went after an organization ("where did X go after OpenAI", "what did X do after leaving
Scale"): their roles that began once their time there ended, or the statement saying where they left for.
One pair look-up would answer with any fact naming both, which is not the next job."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from factbot.bot.answering import compose, forms, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.fact_traits import at_org, names_first, on_date
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
    r"went on to|moved to|departed for|leaving for|to join|he returned to|she returned to|went back to)\b",
    re.I,
)


_LEAVING = re.compile(r"\b(left|leaving|departure|departed|stepped down|resigned|quit)\b", re.I)
# 'joined', 'founded', 'started', and 'Amazon hired Adept CEO David Luan': the person moved there
_MOVED = re.compile(
    r"\b(?:re)?join(?:ed|s|ing)?\b|\b(?:co-)?found(?:ed|s)\b|\blaunched\b|\bstarted\b|\bhired\b", re.I
)


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
    return roles_after(lookup, people[0], orgs[0], scopes)


def asks_where_went(words: Sequence[str]) -> bool:
    """'where did X go', "and where'd X end up": no 'after', so after the last role the person left."""
    words = forms.without_and(words)
    return bool(words) and words[0] in ("where", "wheres") and "after" not in words and bool(set(words) & _MOVES)


_NOW_WORDS = frozenset({"now", "work", "works", "working", "currently", "today", "nowadays"})


def asks_where_now(words: Sequence[str]) -> bool:
    """'where does Jan Leike work now', 'and where is he now': where the person is, no 'after' or 'before'."""
    words = forms.without_and(words)
    return (
        bool(words)
        and words[0] in ("where", "wheres")
        and not {"after", "before", "born", "based", "from"} & set(words)
        and bool(set(words) & _NOW_WORDS)
    )


def holds_a_role_now(lookup: Lookup, person: Entity, scopes: list[str]) -> bool:
    """The base gives the person a role with no end (a founding is not a job held today)."""
    return bool(_open_roles(lookup, person, scopes))


def where_now(lookup: Lookup, person: Entity, scopes: list[str]) -> Answer | None:
    """'where is Jan Leike now', no role of his open on record: the latest dated statement of him joining,
    founding or being hired somewhere ('resigned from OpenAI … and joined Anthropic'), said as of its date."""
    mine = _own_facts(lookup, person, scopes)
    moves = [
        f
        for f in mine
        if f.start and (_MOVED.search(f.statement) or _LEFT_FOR.search(f.statement)) and _says(f.statement, person)
        and f.relation not in ("founder", "cofounder")
    ]
    if not moves:
        return None
    # a role that ended 'and then joined Meta': the move is dated by the end
    last = max(moves, key=lambda f: dates.sort_key(f.end or f.start))
    when = dates.human(last.end or last.start or "")
    return Answer(f"Latest on record ({when}): {last.statement}", (last,), (), (last,))


def where_people_are(lookup: Lookup, people: Sequence[Entity], scopes: list[str]) -> Answer:
    """Each person's open roles, or their latest move on record, one line each; declined when the base
    has neither for any of them."""
    lines: list[str] = []
    facts: list[Fact] = []
    for person in people:
        open_roles = _open_roles(lookup, person, scopes)
        if open_roles:
            jobs = "; ".join(
                f"{relations.label(f.relation)} of {f.subject}" + (f" (since {dates.human(f.start)})" if f.start else "")
                for f in open_roles[:3]
            )
            lines.append(f"{person.name}: {jobs}.")
            facts += open_roles[:3]
            continue
        latest = where_now(lookup, person, scopes)
        if latest is not None:
            lines.append(f"{person.name}: {latest.text}")
            facts += latest.facts
        else:
            lines.append(f"{person.name}: nothing on record.")
    if not facts:
        return compose.declined(" ".join(lines))
    return Answer(" ".join(lines), tuple(facts), (), tuple(facts))


def where_went(
    lookup: Lookup, named: Sequence[tuple[Mention, Entity]], scopes: list[str]
) -> Answer | None:
    """'where did Daniel Gross go': his roles after the organization of the role he left last."""
    if len(named) != 1 or named[0][1].kind != "person":
        return None
    person = named[0][1]
    org = _left_last(lookup, person, scopes)
    return roles_after(lookup, person, org, scopes) if org is not None else None


_FORMER = frozenset({"previous", "former", "old", "last", "ex", "earlier"})


def asks_what_happened_to_former(words: Sequence[str]) -> bool:
    """'what happened to the previous CEO': where the one who held the role before went."""
    words = forms.without_and(words)
    return list(words[:3]) == ["what", "happened", "to"] and bool(_FORMER & set(words))


def former_holder_went(
    lookup: Lookup,
    reading: Reading,
    named: Sequence[tuple[Mention, Entity]],
    scopes: list[str],
    former: bool = False,
) -> Answer | None:
    """'where did Windsurf's CEO go': the holder of that role there who left last, and their roles after
    ('what happened to the previous CEO': asked of a former one even while someone holds the role)."""
    family = reading.family
    if len(named) != 1 or named[0][1].kind != "organization" or family not in relations.ROLE_FAMILIES:
        return None
    org = named[0][1]
    held = lookup.store.facts_about(org.id, scopes, relations.family_members(family))
    if not former and any(not f.end and not f.relation.startswith("interim") for f in held):
        return None  # 'where did google's ceo go': its CEO is still there (an interim one stands in for a gone one)
    ended = [(f.end, f.object_id) for f in held if f.end and f.object_id and not f.relation.startswith("interim")]
    if not ended:
        return None
    person = lookup.entity(max(ended, key=lambda e: dates.sort_key(e[0]))[1])
    return roles_after(lookup, person, org, scopes) if person.kind == "person" else None


def roles_after(lookup: Lookup, person: Entity, org: Entity, scopes: list[str]) -> Answer | None:
    mine = _own_facts(lookup, person, scopes)
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


def _own_facts(lookup: Lookup, person: Entity, scopes: list[str]) -> list[Fact]:
    """The facts naming the person and those about them, once each."""
    return wording.unique([*lookup.naming(person, scopes), *lookup.store.facts_about(person.id, scopes)])


def _open_roles(lookup: Lookup, person: Entity, scopes: list[str]) -> list[Fact]:
    """The roles the base gives the person with no end (a founding is not a job held today)."""
    return [
        f
        for f in _own_facts(lookup, person, scopes)
        if _holds(f, person) and not f.end and f.relation not in ("founder", "cofounder")
    ]


def _holds(f: Fact, person: Entity) -> bool:
    """A role or founding the person held (as the fact's object), not an event that names them."""
    rel = relations.RELATIONS.get(f.relation)
    if rel is None or (rel.family not in relations.ROLE_FAMILIES and rel.family != "founder"):
        return False
    return f.object_id == person.id or (f.object_id is None and _says(f.object, person))


def _says(text: str, e: Entity) -> bool:
    folded = f" {fold(text)} "
    return any(f" {n} " in folded for n in wording.names_of(e))


def asks_when_left(reading: Reading, named: Sequence[tuple[Mention, Entity]]) -> bool:
    """'when did Mira Murati leave OpenAI': one person, one organization (or none: the one they left last),
    a when and a leaving."""
    kinds = [e.kind for _, e in named]
    return (
        reading.family == "resigned"
        and reading.asks_when
        and kinds.count("person") == 1
        and (kinds == ["person"] or (len(kinds) == 2 and "organization" in kinds))
    )


_JOIN_WORDS = frozenset({"join", "joined", "joins", "joining", "rejoin", "rejoined"})


def asks_when_joined(reading: Reading, named: Sequence[tuple[Mention, Entity]]) -> bool:
    """'when did Andrej Karpathy join Tesla': one person, one organization, a when and a joining."""
    kinds = sorted(e.kind for _, e in named)
    return reading.asks_when and bool(_JOIN_WORDS & set(reading.words)) and kinds == ["organization", "person"]


def when_joined(lookup: Lookup, named: Sequence[tuple[Mention, Entity]], scopes: list[str]) -> Answer | None:
    """The start of the person's first dated role at the organization (not a fact that merely names both,
    such as his joining somewhere else); None when no role there is dated."""
    person = next(e for _, e in named if e.kind == "person")
    org = next(e for _, e in named if e.kind != "person")
    mine = _own_facts(lookup, person, scopes)
    there = [f for f in mine if _holds(f, person) and at_org(f, org) and f.start]
    if not there:
        return None
    first = min(there, key=lambda f: dates.sort_key(f.start))
    # the first role on record, which need not be when they joined: said as that, never 'joined in'
    text = (
        f"{person.name}'s first role on record at {first.subject}: "
        f"{relations.label(first.relation)} of {first.subject}, {compose._when(first)}."
    )
    return Answer(text, (first,), (), (first,))


def when_left(lookup: Lookup, named: Sequence[tuple[Mention, Entity]], scopes: list[str]) -> Answer | None:
    """When the person's last role at the organization ended, or the leaving fact; never their other jobs
    (which is what a look-up of the person gives). None: the general steps may know (a resigned fact)."""
    person = next(e for _, e in named if e.kind == "person")
    org = next((e for _, e in named if e.kind != "person"), None) or _left_last(lookup, person, scopes)
    if org is None:
        # 'when did Sam Altman leave': nothing he left on record, and he holds a role still
        still = _open_roles(lookup, person, scopes)
        if still:
            job = still[0]
            return compose.declined(
                messages.STILL_THERE.format(name=person.name, role=relations.label(job.relation), org=job.subject)
            )
        return None
    left = [
        f
        for f in lookup.naming(person, scopes) + lookup.store.facts_about(person.id, scopes)
        if relations.RELATIONS.get(f.relation) is not None
        and relations.RELATIONS[f.relation].family == "resigned"
        and (at_org(f, org) or names_first(f, org))
    ]
    told = [
        f
        for f in lookup.store.facts_about(org.id, scopes)
        if _tells_leaving(f.statement, person)
    ]
    if left:  # a fact of leaving: the latest one at that organization
        said = max(left, key=lambda f: dates.sort_key(f.start))
        return Answer(said.statement, (said,), (), (said,))
    ended = [
        f
        for f in lookup.store.facts_about(org.id, scopes)
        if f.end and _holds(f, person) and relations.RELATIONS.get(f.relation) is not None
        and relations.RELATIONS[f.relation].family in relations.ROLE_FAMILIES
        and relations.RELATIONS[f.relation].family != "founder"
    ]
    if not ended and told:  # prose telling it: '… left xAI on August 13, 2025 to start Babuschkin Ventures'
        said = max(told, key=lambda f: dates.sort_key(f.start))
        return Answer(said.statement, (said,), (), (said,))
    if not ended:
        return compose.declined(messages.NO_LEAVING.format(name=person.name, org=org.name))
    last = max(ended, key=lambda f: dates.sort_key(f.end))
    label = relations.label(last.relation)
    text = (
        f"{person.name} left {org.name} {on_date(last.end or '')}: "
        f"{label} of {org.name}, {dates.span(last.start, last.end)}."
    )
    return Answer(text, (last,), (), (last,))


def _left_last(lookup: Lookup, person: Entity, scopes: list[str]) -> Entity | None:
    """The organization of the person's role (or founding) that ended last: 'when did X leave' there."""
    mine = _own_facts(lookup, person, scopes)
    held = [f for f in mine if _holds(f, person)]
    still = {f.subject_id for f in held if not f.end and f.relation not in ("founder", "cofounder")}
    ended = [(f.end or "", f.subject_id) for f in held if f.end and f.subject_id not in still]
    # 'Andrej Karpathy | resigned | OpenAI (second departure)': left that organization on its date
    for f in mine:
        rel = relations.RELATIONS.get(f.relation)
        if rel is not None and rel.family == "resigned" and f.start and f.subject_id == person.id:
            org = f.object_id or _org_named(lookup, f.object, scopes)
            if org is not None and org not in still:
                ended.append((f.start, org))
    if not ended:
        return None
    return lookup.entity(max(ended, key=lambda e: dates.sort_key(e[0]))[1])


def _org_named(lookup: Lookup, text: str, scopes: list[str]) -> int | None:
    """The organization a fact's object names first ('OpenAI (second departure)' -> OpenAI)."""
    head = re.split(r"\s*[(,;]", text, maxsplit=1)[0]
    return lookup.store.find_entity_id(head, scopes) if head else None


def _tells_leaving(statement: str, person: Entity) -> bool:
    """The statement says the person left: their surname, then within a few words a leaving word, with no
    'he'/'she' between ('… with Sam Altman until he left': Musk left, not Altman)."""
    surname = person.name.split()[-1]
    pattern = rf"\b{re.escape(surname)}\b(?P<between>[^.;]{{0,80}}?){_LEAVING.pattern}"
    for hit in re.finditer(pattern, statement, re.I):
        if not re.search(r"\b(he|she|they)\b", hit["between"], re.I):
            return True
    return False
