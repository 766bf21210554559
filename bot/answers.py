"""Composing answers from facts: who holds a role now, who held it before and since when, with sources.

Every sentence is built from stored fields or quotes a stored statement; nothing is made up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot import dates, messages, relations
from bot.model import Entity, Fact
from bot.port import Field, Reply, Source

MAX_SOURCES = 3
MAX_LIST = 8


@dataclass(frozen=True)
class Answer:
    """What a question resolved to, before the confidence gate decides whether to show it."""

    text: str
    facts: tuple[Fact, ...]
    fields: tuple[Field, ...] = ()
    headline_facts: tuple[Fact, ...] = ()

    def reply(self, confidence: float, explanation: Sequence[str] = ()) -> Reply:
        lead = self.headline_facts or self.facts
        return Reply(
            text=self.text,
            fields=self.fields,
            sources=sources(lead),
            answered=True,
            confidence=round(confidence, 3),
            fact_ids=tuple(f.id for f in self.facts),
            kind="answer",
            explanation=tuple(explanation),
        )


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
    before: Fact | None = None,
) -> Answer | None:
    """Who holds (or held) a role at an organization, with the time context."""
    if not facts:
        return None
    role = relations.label(relations.family_members(family)[0])
    current, past = _current(facts, today), _past(facts, today)
    if time_kind == "at" and lo and hi:
        hits = [f for f in facts if dates.overlaps(f.start, f.end, lo, hi)]
        if not hits:
            return None
        verb = "was" if hi < today else "is"
        period = _period(lo, hi)
        text = (
            f"In {period}, the {role} of {org} {verb}: {_holders(hits)}."
            if len(hits) > 1
            else (
                f"In {period}, {hits[0].object} {verb} {relations.label(hits[0].relation)} of {org} ({_when(hits[0])})."
            )
        )
        now = (Field("Now", _holders(current)),) if current and hi < today else ()
        return Answer(text, tuple(hits), now, tuple(hits))
    if time_kind == "first":
        first = sorted(facts, key=lambda f: (f.start is not None, dates.sort_key(f.start or f.end)))[0]
        text = f"The first {role} of {org} on record is {first.object} ({relations.label(first.relation)}, {_when(first)})."
        return Answer(text, tuple(facts), _timeline_fields(current, past), (first,))
    if time_kind == "past" or (before is not None):
        earlier = past
        if before is not None and before.start:
            cut = dates.first_day(before.start)
            earlier = [
                f
                for f in past
                if f.end
                and dates.last_day(f.end) <= dates.last_day(before.start)
                and dates.sort_key(f.start) < cut
            ]
        if not earlier:
            if current:
                text = f"I have no earlier {role} of {org} on record; now: {_holders(current)}."
                return Answer(text, tuple(current), (), tuple(current))
            return None
        text = f"Before{' ' + before.object if before else ''}: {_holders(earlier)}."
        fields = (Field("Now", _holders(current)),) if current else ()
        return Answer(f"{org} — {role}s. {text}", tuple(earlier + current), fields, tuple(earlier[:2]))
    if current:
        if len(current) == 1:
            f = current[0]
            label = relations.label(f.relation)
            text = (
                f"{f.object} has been {label} of {org} since {dates.human(f.start)}."
                if f.start
                else f"{f.object} is {label} of {org}."
            )
        else:
            text = (
                f"{org} is led by {_holders(current)}." if family == "ceo" else f"{org}: {_holders(current)}."
            )
        fields = (Field("Before", _holders(past[:MAX_LIST])),) if past else ()
        return Answer(text, tuple(current + past), fields, tuple(current))
    text = f"{org} has no current {role} on record. Last known: {_holders(past[:MAX_LIST])}."
    return Answer(text, tuple(past), (), tuple(past[:2]))


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
    return dates.human(f"{lo.year}-{lo.month:02d}")


def statements_answer(
    facts: Sequence[Fact], time_kind: str | None, lo: date | None, hi: date | None, intro: str = ""
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
    if len(chosen) == 1:
        return Answer(chosen[0].statement, tuple(chosen))
    lines = tuple(
        Field(dates.human(f.start) if f.start else "undated", f.statement) for f in chosen[-MAX_LIST:]
    )
    head = intro or f"{len(chosen)} facts:"
    return Answer(head, tuple(chosen), lines, tuple(reversed(chosen[-MAX_LIST:])))


def person_answer(
    person: Entity, as_object: Sequence[Fact], as_subject: Sequence[Fact], today: date
) -> Answer | None:
    """Who someone is: their roles (dated) and what they did."""
    parts: list[tuple[date, str, Fact]] = []
    for f in as_object:
        family = relations.RELATIONS[f.relation].family if f.relation in relations.RELATIONS else "other"
        if family == "founder":
            text = f"{relations.label(f.relation)} of {f.subject}" + (f" ({f.start})" if f.start else "")
        elif family in relations.ROLE_FAMILIES:
            when = _when(f) if (f.start or f.end) else ""
            now = " (now)" if f.end is None and dates.is_current(f.start, f.end, today) and f.start else ""
            text = f"{relations.label(f.relation)} of {f.subject}" + (f", {when}" if when else "") + now
        else:
            text = f.statement
        parts.append((dates.sort_key(f.end or f.start), text, f))
    for f in as_subject:
        parts.append((dates.sort_key(f.start), f.statement, f))
    if not parts:
        return None
    parts.sort(key=lambda p: p[0], reverse=True)
    roles = [p for p in parts if not p[1].endswith(".")]
    events = [p for p in parts if p[1].endswith(".")]
    text = f"{person.name}: " + "; ".join(p[1] for p in roles[:MAX_LIST]) + "." if roles else events[0][1]
    fields = tuple(
        Field(dates.human(p[2].start) if p[2].start else "undated", p[1])
        for p in events[:MAX_LIST]
        if not (not roles and p is events[0])
    )
    facts = tuple(p[2] for p in parts)
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
        kind="answer",
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
        kind="unknown",
        explanation=tuple(explanation),
    )
