"""Who came after or before a named person in the same role, with dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from factbot.bot.answering import compose, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.fact_traits import (
    SUCCESSIVE_FAMILIES,
    at_org,
    explicit_family,
    family_of,
    mentions,
    role_word,
    roles_of,
    start_of,
)
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.text import fold


class Succession:
    """'Who took over from X', 'who ran it before her': the holders around the person's own tenure."""

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def answer(
        self,
        reading: Reading,
        named: Sequence[tuple[Mention, Entity]],
        direction: str,
        scopes: list[str],
        today: date,
    ) -> Answer | None:
        people = [e for _, e in named if e.kind == "person"]
        orgs = [e for _, e in named if e.kind == "organization"]
        if not people:
            return None
        person = people[0]
        family = explicit_family(reading)
        roles = [f for f in roles_of(self.lookup, person, scopes) if family_of(f) in SUCCESSIVE_FAMILIES]
        if orgs:
            roles = [f for f in roles if at_org(f, orgs[0])]
        if family is not None:
            roles = [f for f in roles if f.relation in relations.family_members(family)]
        role_said = ""
        if family is not None:
            role_said = f" as {relations.label(relations.family_members(family)[0])}"
        if orgs:
            role_said += f" at {orgs[0].name}"
        missing = messages.NO_SUCCESSOR if direction == "successor" else messages.NO_PREDECESSOR
        if not roles:
            told = self._successor_in_prose(person, orgs, family, direction, scopes)
            return told or compose.declined(missing.format(name=person.name, role=role_said))
        if direction == "successor":
            ended = [f for f in roles if f.end] or roles
            role = max(ended, key=lambda f: dates.sort_key(f.end or f.start))
        else:
            role = max(roles, key=start_of)
        peers = [
            f
            for f in self.lookup.store.facts_about(
                role.subject_id, scopes, relations.family_members(family_of(role))
            )
            if f.id != role.id
            and f.object_id != person.id
            and fold(f.object) != fold(person.name)
            and (not role_word(f) or not role_word(role) or fold(role_word(f)) == fold(role_word(role)))
        ]
        surname = fold(person.name).split()[-1]
        said = f"{person.name} ({relations.label(role.relation)} of {role.subject}, {compose._when(role)})"
        if direction == "successor":
            began = dates.sort_key(role.start) if role.start else None
            named_after = [
                f
                for f in peers
                if compose.SUCCESSION_WORDS.search(f.statement)
                and mentions(f.statement, surname)
                # a holder from before (whose statement names their successor) did not come after
                and (began is None or not f.start or dates.sort_key(f.start) > began)
            ]
            cut = dates.sort_key(role.end or role.start) if (role.end or role.start) else None
            later = sorted(
                [f for f in peers if f.start and cut is not None and dates.sort_key(f.start) >= cut],
                key=start_of,
            )
            chain = wording.unique([*named_after, *later])[:3]
            chain.sort(key=start_of)
            if not chain:
                return compose.declined(missing.format(name=person.name, role=role_said))
            steps: dict[str | None, list[Fact]] = {}
            for f in chain:  # co-holders who started together are one step: 'A and B (interim co-CEOs, …)'
                steps.setdefault(f.start, []).append(f)
            text = f"After {said}: " + "; then ".join(compose._holders(g) for g in steps.values()) + "."
            return Answer(text, (role, *chain), (), tuple(chain))
        cut = start_of(role)
        earlier = sorted(
            [
                f
                for f in peers
                if role.start
                and (
                    (f.start and start_of(f) < cut)
                    # 'Sam McCandlish (CTO, until Oct 2025)': no start on record, left as the other began
                    or (not f.start and f.end and start_of(f) <= cut)
                )
            ],
            key=start_of,
            reverse=True,
        )
        if earlier:
            text = f"Before {said}: {compose._holders(earlier[:1])}."
            return Answer(text, (role, earlier[0]), (), (earlier[0],))
        if compose.TOOK_OVER.search(role.statement):
            return Answer(role.statement, (role,), (), (role,))
        return compose.declined(missing.format(name=person.name, role=role_said))

    def _successor_in_prose(
        self, person: Entity, orgs: Sequence[Entity], family: str | None, direction: str, scopes: list[str]
    ) -> Answer | None:
        """A tenure stored only in prose: TSMC's chair fact for Mark Liu says he was chairman 'from founder
        Morris Chang's retirement in June 2018'. With the organization and the role both asked, the first
        dated holder of that role whose statement names the person answers 'who followed X as chair'."""
        if direction != "successor" or not orgs or family is None or family not in SUCCESSIVE_FAMILIES:
            return None
        surname = fold(person.name).split()[-1]
        told = sorted(
            (
                f
                for f in self.lookup.store.facts_about(orgs[0].id, scopes, relations.family_members(family))
                if f.start
                and f.object_id != person.id
                and (mentions(f.statement, surname) or mentions(f.statement, surname + "s"))  # 'Chang's'
                and not mentions(f.object, surname)
            ),
            key=start_of,
        )
        if not told:
            return None
        f = told[0]
        return Answer(f.statement, (f,), (), (f,))
