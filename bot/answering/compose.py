"""Composing answers from facts: who holds a role now, who held it before and since when, with sources.

Every sentence is built from stored fields or quotes a stored statement; nothing is made up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.port import Field, Reply, ReplyKind, Source

MAX_SOURCES = 3
MAX_LIST = 8
# Prose that names who came before or after in a role.
SUCCESSION_WORDS = re.compile(
    r"\b(succeed\w*|replac\w*|took over|taking over|handed|predecessor|successor)\b", re.I
)
# The statement's person took over from someone ('succeeding Jeff Bezos', 'replacing Rory Read'), not the
# other way round ('was succeeded by Rene Haas', 'replaced by').
TOOK_OVER = re.compile(
    r"\b(?<!was )(?<!were )(?<!is )(?:succeed(?:ed|ing|s)?|replac(?:ed|ing|es)|took over from|taking over from|"
    r"predecessor)\b(?! by\b)",
    re.I,
)


@dataclass(frozen=True)
class Answer:
    """What a question resolved to, before the confidence gate decides whether to show it."""

    text: str
    facts: tuple[Fact, ...]
    fields: tuple[Field, ...] = ()
    headline_facts: tuple[Fact, ...] = ()
    # A refusal that still says what is known ("I have nothing on Nvidia investing in Mistral. I know …"):
    # shown, but not an answer to the question asked.
    declined: bool = False

    def reply(self, confidence: float, explanation: Sequence[str] = ()) -> Reply:
        lead = self.headline_facts or self.facts
        return Reply(
            text=self.text,
            fields=self.fields,
            sources=sources(lead),
            answered=not self.declined,
            confidence=round(confidence, 3),
            fact_ids=tuple(f.id for f in self.facts),
            kind=ReplyKind.UNKNOWN if self.declined else ReplyKind.ANSWER,
            explanation=tuple(explanation),
            lead_fact_ids=tuple(f.id for f in lead),
        )


def declined(text: str, known: Answer | None = None, lead: str = messages.WHAT_I_KNOW) -> Answer:
    """A refusal, followed by what the base does hold (the headline and list of `known`), if anything."""
    if known is None or known.declined:
        return Answer(text, (), declined=True)
    fields = (Field(lead, known.text), *known.fields)
    return Answer(text, known.facts, fields, known.headline_facts, declined=True)


def headline(answer: Answer) -> str:
    """The answer in one line: its text, or for a list intro its first line."""
    if answer.text.rstrip().endswith(":") and answer.fields:
        return answer.fields[0].value
    return answer.text


def sources(facts: Iterable[Fact], limit: int = MAX_SOURCES) -> tuple[Source, ...]:
    seen: dict[str, Source] = {}
    for f in facts:
        ref = f.source_url or f.source_title
        if ref and ref not in seen:
            seen[ref] = Source(f.source_title or f.source_url, f.source_url, f.as_of)
    return tuple(list(seen.values())[:limit])


def _when(f: Fact) -> str:
    return dates.span(f.start, f.end)


def _holders(facts: Sequence[Fact], with_role: bool = True) -> str:
    """'Shan Shan Wong and Christian Laforte (interim CEOs, Mar–Jun 2024); Emad Mostaque (CEO, until Mar 2024)'.

    A role with no dates at all says when a source last confirmed it ('as of March 2024').
    """
    groups: dict[tuple[str, str | None, str | None, str], list[str]] = {}
    for f in facts:
        undated_as_of = f.as_of if not (f.start or f.end) else ""
        groups.setdefault((f.relation, f.start, f.end, undated_as_of), []).append(f.object)
    parts = []
    for (rel, start, end, as_of), names in groups.items():
        role = relations.label(rel) + (
            "s" if len(names) > 1 and not relations.label(rel).endswith("s") else ""
        )
        if start or end:
            when = f", {dates.span(start, end)}"
        else:
            when = f", as of {dates.human(as_of)}" if as_of else ""
        detail = f"{role}{when}" if with_role else when.removeprefix(", ")
        parts.append(f"{_join(names)} ({detail})" if detail else _join(names))
    return "; ".join(parts)


def _join(names: Sequence[str]) -> str:
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _current(facts: Iterable[Fact], today: date) -> list[Fact]:
    """Facts true today, the most recently started (or confirmed) first."""
    held = [f for f in facts if dates.is_current(f.start, f.end, today)]
    return sorted(held, key=lambda f: dates.sort_key(f.start or f.as_of or None), reverse=True)


def _past(facts: Iterable[Fact], today: date) -> list[Fact]:
    ended = [f for f in facts if not dates.is_current(f.start, f.end, today)]
    return sorted(ended, key=lambda f: dates.sort_key(f.end or f.start), reverse=True)


def role_answer(
    org: str,
    family: str,
    facts: Sequence[Fact],
    time_kind: str | None,
    lo: date | None,
    hi: date | None,
    today: date,
    person: Entity | None = None,
    known_start: Mapping[int, str] | None = None,
) -> Answer | None:
    """Who holds (or held) a role at an organization, with the time context.

    `person` is someone the question named ("before Prem Akkaraju", "is Sam Altman still CEO").
    """
    if not facts:
        return None
    role = relations.label(relations.family_members(family)[0])
    current, past = _current(facts, today), _past(facts, today)
    landmark = next((f for f in facts if person is not None and f.object_id == person.id), None)
    if time_kind == "at" and lo and hi:
        # A role with no start on record is known only from the date it was checked: 'CEO as of 2018'
        # says nothing about 2015.
        placed = known_start or {}
        hits = [f for f in facts if dates.overlaps(placed.get(f.id) or known_from(f), f.end, lo, hi)]
        if not hits:
            return _took_over_after(org, role, facts, lo, hi)
        period = _period(lo, hi)
        verb = "was" if hi < today else "is"
        if len(hits) > 1:
            text = f"In {period}, the {role} of {org} {verb}: {_holders(hits)}."
        else:
            h = hits[0]
            text = f"In {period}, {h.object} {verb} {relations.label(h.relation)} of {org} ({_when(h)})."
        now = (Field("Now", _holders(current)),) if current and hi < today else ()
        return Answer(text, tuple(hits), now, tuple(hits))
    if time_kind == "first":
        first = sorted(facts, key=lambda f: (f.start is not None, dates.sort_key(f.start or f.end)))[0]
        label = relations.label(first.relation)
        text = f"The first {role} of {org} on record is {first.object} ({label}, {_when(first)})."
        return Answer(text, tuple(facts), _timeline_fields(current, past), (first,))
    if time_kind == "past":
        earlier = past
        if person is not None and landmark is None:
            # 'before X' where X never held the role here: the past holders would answer another question
            return declined(messages.NO_PREDECESSOR.format(name=person.name, role=f" as {role} of {org}"))
        if landmark is not None:
            # before the landmark's start; with no start on record nobody can be placed before them
            cut = dates.first_day(landmark.start) if landmark.start else None
            earlier = [
                f
                for f in facts
                if f is not landmark
                and cut is not None
                and f.start != landmark.start
                and dates.sort_key(f.start) < cut
            ]
            earlier.sort(key=lambda f: dates.sort_key(f.end or f.start), reverse=True)  # latest holder first
        if not earlier:
            if landmark is not None and TOOK_OVER.search(landmark.statement):
                # "succeeded Jeff Bezos", "replacing Rory Read": the predecessor is only named in prose.
                return Answer(landmark.statement, (landmark,), (), (landmark,))
            if current:
                text = f"I have no earlier {role} of {org} on record."
                if landmark is not None:
                    text = messages.NO_PREDECESSOR.format(name=landmark.object, role=f" as {role} of {org}")
                return Answer(text, (), (Field("Now", _holders(current)),), declined=True)
            return None
        who = f" {landmark.object}" if landmark is not None else ""
        fields = (Field("Now", _holders(current)),) if current else ()
        text = f"{org} — {role}s before{who}: {_holders(earlier)}."
        return Answer(text, tuple(earlier + current), fields, tuple(earlier[:2]))
    if landmark is not None and time_kind == "now" and current and landmark not in current:
        landmark = None  # 'who runs Oracle now that Safra stepped aside': today's holders lead
    if landmark is not None:
        label = relations.label(landmark.relation)
        if dates.is_current(landmark.start, landmark.end, today):
            since = f" since {dates.human(landmark.start)}" if landmark.start else ""
            text = (
                f"{landmark.object} has been {label} of {org}{since}."
                if since
                else (f"{landmark.object} is {label} of {org}.")
            )
        else:
            text = f"{landmark.object} was {label} of {org} ({_when(landmark)})."
        others = [f for f in facts if f is not landmark]
        return Answer(
            text,
            (landmark, *others),
            _timeline_fields(
                [f for f in current if f is not landmark], [f for f in past if f is not landmark]
            ),
            (landmark,),
        )
    if current:
        if len(current) == 1:
            f = current[0]
            label = relations.label(f.relation)
            since = f" since {dates.human(f.start)}" if f.start else ""
            text = (
                f"{f.object} has been {label} of {org}{since}."
                if since
                else f"{f.object} is {label} of {org}."
            )
        elif family == "ceo":
            text = f"{org} is led by {_holders(current)}."
        else:
            text = f"{org}: {_holders(current)}."
        fields = (Field("Before", _holders(past[:MAX_LIST])),) if past else ()
        return Answer(text, tuple(current + past), fields, tuple(current))
    text = f"{org} has no current {role} on record. Last known: {_holders(past[:MAX_LIST])}."
    return Answer(text, tuple(past), (), tuple(past[:2]))


def _took_over_after(org: str, role: str, facts: Sequence[Fact], lo: date, hi: date) -> Answer | None:
    """'Who was Amazon's CEO in 2020': no dated tenure covers it, but the first holder on record took over
    within the year after from someone the prose names ('succeeded Jeff Bezos … on July 5, 2021'). Said as
    what the record states; further back, the predecessor's own start is unknown, so nothing is said."""
    dated = sorted((f for f in facts if f.start), key=lambda f: dates.sort_key(f.start))
    if not dated or not TOOK_OVER.search(dated[0].statement):
        return None
    first = dated[0]
    begun = dates.first_day(first.start or "")
    if hi >= begun or lo.year < begun.year - 1:
        return None
    text = (
        f"No dated tenure on record covers {_period(lo, hi)}; {first.object} became {role} of {org} "
        f"{'on' if len(first.start or '') == 10 else 'in'} {dates.human(first.start or '')}, taking over "
        f"from the one before: {first.statement}"
    )
    return Answer(text, (first,), (), (first,))


def no_holder_then(org: str, family: str, facts: Sequence[Fact], lo: date, hi: date, today: date) -> Answer:
    """The holders on record, none of them known to hold the role then: say so, with whom we know."""
    role = relations.label(relations.family_members(family)[0])
    current, past = _current(facts, today), _past(facts, today)
    text = messages.NO_HOLDER_THEN.format(role=role, org=org, period=_period(lo, hi))
    return Answer(text, tuple(current + past), _timeline_fields(current, past), declined=True)


def known_from(f: Fact) -> str | None:
    """When a fact is known to begin: its start, or with none on record the date it was checked ('CEO as
    of 2018'; for a role that has ended that is usually its end: 'CEO until April 2024' says nothing of
    1990)."""
    return f.start or f.as_of or None


def _timeline_fields(current: Sequence[Fact], past: Sequence[Fact]) -> tuple[Field, ...]:
    out = []
    if current:
        out.append(Field("Now", _holders(current)))
    if past:
        out.append(Field("Before", _holders(past[:MAX_LIST])))
    return tuple(out)


def _period(lo: date, hi: date) -> str:
    if lo.month == 1 and lo.day == 1 and hi.month == 12 and hi.day == 31:
        return str(lo.year)
    if lo.year == hi.year and lo.month != hi.month:  # 'late 2024': September to December 2024
        return f"{dates.human(f'{lo.year}-{lo.month:02d}').split()[0]}–{dates.human(f'{hi.year}-{hi.month:02d}')}"
    return dates.human(f"{lo.year}-{lo.month:02d}")


def statements_answer(
    facts: Sequence[Fact],
    time_kind: str | None,
    lo: date | None,
    hi: date | None,
    intro: str = "",
    asks_when: bool = False,
) -> Answer | None:
    """Events (releases, investments, acquisitions, other news): quote the stored statements."""
    chosen = list(facts)
    if time_kind == "at" and lo and hi:
        chosen = [f for f in chosen if dates.overlaps(f.start, f.end or f.start, lo, hi)]
    chosen.sort(key=lambda f: dates.sort_key(f.start))
    if time_kind == "latest" and chosen:
        chosen = chosen[-1:]
    elif time_kind == "first" and chosen:
        chosen = chosen[:1]
    if not chosen:
        return None
    if len(chosen) == 1 and time_kind == "latest":
        # the newest on record, which a newer one not yet recorded may have followed
        f = chosen[0]
        return Answer(
            f"Latest on record ({dates.human(f.start) if f.start else 'undated'}): {f.statement}", (f,)
        )
    if len(chosen) == 1:
        return Answer(_dated(chosen[0]) if asks_when else chosen[0].statement, tuple(chosen))
    lines = dated_lines(chosen[-MAX_LIST:])
    head = intro or f"{len(chosen)} facts:"
    return Answer(head, tuple(chosen), lines, tuple(reversed(chosen[-MAX_LIST:])))


def dated_lines(facts: Iterable[Fact]) -> tuple[Field, ...]:
    """One list line per fact: its date (or 'undated') and its statement."""
    return tuple(Field(dates.human(f.start) if f.start else "undated", f.statement) for f in facts)


def _dated(fact: Fact) -> str:
    """A statement led by its date when the question asks 'when' and the statement does not say."""
    if not fact.start or fact.start[:4] in fact.statement:
        return fact.statement
    return f"{dates.human(fact.start)}: {fact.statement}"


def person_answer(
    person: Entity, as_object: Sequence[Fact], as_subject: Sequence[Fact], today: date, now_only: bool = False
) -> Answer | None:
    """Who someone is: their roles (dated, the latest first) and what they did."""
    roles: list[tuple[date, str, Fact, bool]] = []
    events: list[Fact] = []
    for f, where in [*((f, f.subject) for f in as_object), *((f, f.object) for f in as_subject)]:
        family = relations.RELATIONS[f.relation].family if f.relation in relations.RELATIONS else "other"
        if family not in relations.ROLE_FAMILIES:
            events.append(f)
            continue
        label = relations.label(f.relation)
        if family == "founder":
            text = f"{label} of {where}" + (f" ({f.start})" if f.start else "")
        else:
            when = _when(f) if (f.start or f.end) else ""
            text = f"{label} of {where}" + (f", {when}" if when else "")
        roles.append((dates.sort_key(f.end or f.start), text, f, dates.is_current(f.start, f.end, today)))
    if now_only:
        # 'What does X do now': a founding long ago is no current role; with none, we do not know.
        roles = [r for r in roles if r[3] and r[2].relation not in relations.family_members("founder")]
        if not roles:
            return None
        events = []
    roles.sort(key=lambda r: (r[3], r[0]), reverse=True)
    events.sort(key=lambda f: dates.sort_key(f.start), reverse=True)
    if not roles and not events:
        return None
    if roles:
        text = f"{person.name}: " + "; ".join(r[1] for r in roles[:MAX_LIST]) + "."
        listed = events
    else:
        text, listed = events[0].statement, events[1:]
    fields = dated_lines(listed[:MAX_LIST])
    facts = (*(r[2] for r in roles), *events)
    return Answer(text, facts, fields, facts[:MAX_SOURCES])


def leadership(org: Entity, facts: Sequence[Fact], today: date) -> Reply:
    """/leadership: current leaders first, then the dated CEO history and other roles."""
    ceo_facts = [f for f in facts if f.relation in relations.CEO_RELATIONS]
    current, past = _current(ceo_facts, today), _past(ceo_facts, today)
    if current:
        text = f"{org.name} is led by {_holders(current)}."
    elif past:
        text = f"{org.name} has no current CEO on record. Last known: {_holders(past[:2])}."
    else:
        text = f"I have no CEO on record for {org.name}."
    fields: list[Field] = []
    if past:
        fields.append(Field("Before", _holders(past[:MAX_LIST])))
    for rel in relations.LEADERSHIP_ROLES:
        now = _current([f for f in facts if f.relation == rel], today)
        if now:
            label = relations.label(rel)
            fields.append(Field(label[0].upper() + label[1:], _holders(now, with_role=False)))
    founders = [
        f
        for f in facts
        if relations.RELATIONS.get(f.relation) and relations.RELATIONS[f.relation].family == "founder"
    ]
    if founders:
        fields.append(Field("Founded by", "; ".join(dict.fromkeys(f.object for f in founders))))
    shown = [
        f
        for f in facts
        if f.relation in relations.CEO_RELATIONS or f.relation in relations.LEADERSHIP_ROLES or f in founders
    ]
    lead = current or past[:1] or shown[:1]
    return Reply(
        text=text,
        fields=tuple(fields),
        sources=sources([*lead, *shown]),
        answered=bool(shown),
        confidence=1.0,
        fact_ids=tuple(f.id for f in shown),
        kind=ReplyKind.ANSWER,
    )


def unknown(suggestions: Sequence[str], explanation: Sequence[str], confidence: float, unsure: bool) -> Reply:
    """An honest 'I don't know' (or 'not sure'), with the closest things we do know as suggestions."""
    text = messages.UNSURE if unsure else messages.UNKNOWN
    if not suggestions:
        text += " " + messages.ADD_HINT
    return Reply(
        text=text,
        suggestions=tuple(suggestions),
        answered=False,
        confidence=round(confidence, 3),
        kind=ReplyKind.UNKNOWN,
        explanation=tuple(explanation),
    )
