"""Yes/no questions answered from the facts that decide them, never a topic dump."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from factbot.bot.answering import compose, forms, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.fact_traits import (
    FAILED,
    SUCCESSIVE_FAMILIES,
    at_org,
    family_of,
    mentions,
    names_first,
    on_date,
    roles_of,
    start_of,
    stem_said,
)
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import GENERIC_WORDS, Reading
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.port import Field
from factbot.bot.domain.text import fold

# deeds a fact must be one of to decide the question ('backed by', unlike these, is loose: an offshoot is
# backed by its parent)
_SPECIFIC_DEEDS = frozenset({"acquired", "released"})
# words for a deal being done, which facts word their own way ('completed its acquisition')
_DONE_WORDS = frozenset("close closed closing complete completed finalize finalized finalise finalised seal sealed".split())
# words for being somewhere, which a role there answers ('was Altman working at OpenAI in 2020')
_BEING_THERE = frozenset("work works worked working employed job there still back stay stayed point once stint".split())
_QUALIFIERS = frozenset({"own", "only", "sole", "solely", "alone", "exclusive", "exclusively", "itself"})


class YesNo:
    """'Is X still CEO of Y', 'did A invest in B', 'did Arm go public in 2023': Yes / No / Not that I know of, then the fact."""

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def answer(
        self,
        reading: Reading,
        named: Sequence[tuple[Mention, Entity]],
        general: Answer | None,
        general_step: str,
        scopes: list[str],
        today: date,
    ) -> Answer | None:
        people = [e for _, e in named if e.kind == "person"]
        others = [e for _, e in named if e.kind != "person"]
        family = reading.family
        if people and others and others[0].kind != "product":
            return self._role(people[0], others[0], family, reading, scopes, today)
        if people and not others and family in relations.ROLE_FAMILIES:
            return self._ever_held(people[0], family, reading, scopes)
        if len(named) >= 2:
            return self._link(named[0][1], named[1][1], family, _deed_words(reading), scopes)
        return self._about(reading, named[0][1], general, scopes)

    def _about(
        self, reading: Reading, entity: Entity, general: Answer | None, scopes: list[str]
    ) -> Answer | None:
        """'Is Demis Hassabis a Nobel laureate', 'did Arm go public in 2023': a stored fact with those words."""
        said = _deed_words(reading)
        if not said:
            return None
        related = wording.unique(self.lookup.related(entity, scopes))
        # a qualifier asked about must be in the fact too: 'does OpenAI make its own chips' is not a GPU deal
        qualifiers = _QUALIFIERS & set(said)
        # and half the words at least (_says_deed), one of them no qualifier
        hits = [
            f
            for f in related
            if any(stem_said(w, f"{f.object} {f.statement}") for w in said if w not in qualifiers)
            and all(stem_said(w, f"{f.object} {f.statement}") for w in qualifiers)
            and _says_deed(f, said)
        ]
        if reading.family in _SPECIFIC_DEEDS:
            # 'did Mistral buy a company in Paris' is not Mistral's founding there
            members = relations.family_members(reading.family)
            hits = [f for f in hits if f.relation in members or wording.mentions_family(f, reading.family, reading)]
        if not hits:
            return compose.declined(messages.NOT_KNOWN_YES_NO, general)
        hits.sort(
            key=lambda f: (
                sum(stem_said(w, f.object) for w in said),
                sum(stem_said(w, f.statement) for w in said),
            ),
            reverse=True,
        )
        f = hits[0]
        t = reading.time
        if t.kind == "at" and t.lo and t.hi and f.start and not dates.overlaps(f.start, f.start, t.lo, t.hi):
            return Answer(f"No — {compose._dated(f)}", (f,), (), (f,))
        if t.kind == "now" and f.end:
            return Answer(f"No — {f.statement}", (f,), (), (f,))  # 'still …': what it says has ended
        if FAILED.search(f.statement) and not FAILED.search(reading.question):
            # 'did Nvidia end up buying Arm': the deal on record was abandoned
            return Answer(f"No — {f.statement}", (f,), (), (f,))
        return Answer(f"Yes — {f.statement}", (f,), (), (f,))

    def _ever_held(self, person: Entity, family: str, reading: Reading, scopes: list[str]) -> Answer:
        """'Was Greg Brockman ever CTO': the roles of that kind on record, or a statement about him saying so;
        else no record of it -- never his other jobs as if they answered."""
        members = relations.family_members(family)
        held = sorted(
            (f for f in roles_of(self.lookup, person, scopes) if f.relation in members),
            key=lambda f: dates.sort_key(f.start),
        )
        if held:
            f = held[-1]
            verb = "was" if f.end else "has been"
            text = f"Yes — {person.name} {verb} {relations.label(f.relation)} of {f.subject} ({compose._when(f)})."
            return Answer(text, tuple(held), compose.dated_lines(held[:-1]), (f,))
        told = [
            f
            for f in self.lookup.naming(person, scopes)
            if wording.mentions_family(f, family, reading) and not FAILED.search(f.statement)
        ]
        if told:
            f = told[-1]
            return Answer(f"Yes — {f.statement}", (f,), (), (f,))
        return compose.declined(messages.NO_ROLE_HELD.format(name=person.name, role=relations.label(members[0])))

    def _role(
        self,
        person: Entity,
        org: Entity,
        family: str | None,
        reading: Reading,
        scopes: list[str],
        today: date,
    ) -> Answer | None:
        deed = [w for w in _deed_words(reading) if w not in _BEING_THERE]
        if family is None and deed:
            # 'did OpenAI sue Elon Musk': a fact saying so, not his chairmanship there
            return self._link(person, org, None, deed, scopes)
        held = [f for f in roles_of(self.lookup, person, scopes) if at_org(f, org)]
        if family != "founder":  # a founder stays a founder: 'still at' and 'left' are about the jobs held
            held = [f for f in held if family_of(f) != "founder"]
        asks_left = family == "resigned"
        if family in relations.ROLE_FAMILIES:
            held = [f for f in held if f.relation in relations.family_members(family)] or [
                f for f in held if family_of(f) in SUCCESSIVE_FAMILIES and family == "ceo"
            ]
        if not held:
            if asks_left:
                # 'did John Schulman leave OpenAI': his departure on record ('OpenAI (left to join Anthropic)')
                left = self.lookup.store.facts_about(person.id, scopes, relations.family_members("resigned"))
                gone = [f for f in left if names_first(f, org)]
                if gone:
                    return Answer(f"Yes — {gone[0].statement}", (gone[0],), (), (gone[0],))
                linked = self._link(person, org, None, (), scopes)
                if linked is not None and not linked.declined:
                    return self._moved_on(person, org, linked.facts, scopes, today, messages.MOVED_ON_NOT_LEFT)
                return None
            if family is None or family not in relations.ROLE_FAMILIES:
                # 'did Noam Shazeer go back to Google': no role on record, but facts that link the two (and
                # say the deed asked: 'did OpenAI sue Elon Musk' is not his chairmanship)
                linked = self._link(person, org, family, _deed_words(reading), scopes)
                if linked is not None and not linked.declined:
                    lead = linked.headline_facts or linked.facts
                    if reading.time.kind == "now" and lead and all(f.end for f in lead):
                        # 'is Igor Babuschkin still at xAI': the tie on record has ended
                        f = lead[0]
                        return Answer(f"No — {f.statement}", (f,), (), (f,))
                    if reading.time.kind == "now":
                        # 'is John Schulman still at Anthropic': he took a job elsewhere since
                        moved = self._moved_on(person, org, linked.facts, scopes, today, messages.MOVED_ON_NOT_STILL)
                        return moved or linked
                    return linked
            elif family not in SUCCESSIVE_FAMILIES and family != "founder":
                # 'did James Cameron join Stability's board': a seat told only in prose about the two (an
                # office one holds at a time, CEO or CTO, is never read from prose naming someone nearby)
                told = self._told_in_prose(person, org, family, reading, scopes)
                if told is not None:
                    return told
            role_family = family if family in SUCCESSIVE_FAMILIES else "ceo"
            holders = compose._current(
                self.lookup.store.facts_about(org.id, scopes, relations.family_members(role_family)), today
            )
            mine = self._jobs_now(person, None, scopes, today)
            if mine:
                text = f"No, not that I know of: {person.name} is {_jobs_said(mine[:3])}."
                return Answer(text, tuple(mine), (), tuple(mine))
            if holders:
                text = f"No, not that I know of: {org.name}'s {relations.label(holders[0].relation)} is {compose._holders(holders)}."
                return Answer(text, tuple(holders), (), tuple(holders))
            return compose.declined(messages.NOT_LINKED.format(a=person.name, b=org.name))
        current = compose._current(held, today)
        ended = [f for f in held if f not in current]
        if forms.asks_from_start(reading.words) and not asks_left:
            first = self._from_the_start(person, org, held, scopes)
            if first is not None:
                return first
        if current and not asks_left:
            f = current[0]
            since = f" since {dates.human(f.start)}" if f.start else ""
            return Answer(
                f"Yes — {person.name} has been {relations.label(f.relation)} of {f.subject}{since}.",
                (f,),
                (),
                (f,),
            )
        if current:  # 'did X leave Y' and X still holds a role there
            f = current[0]
            return Answer(
                f"No — {person.name} is still {relations.label(f.relation)} of {f.subject}.", (f,), (), (f,)
            )
        f = sorted(ended, key=lambda f: dates.sort_key(f.end or f.start), reverse=True)[0]
        now = compose._current(
            self.lookup.store.facts_about(f.subject_id, scopes, relations.family_members(family_of(f))), today
        )
        word = "Yes" if asks_left or forms.asks_ever(reading.words) else "No"
        text = (
            f"{word} — {person.name} was {relations.label(f.relation)} of {f.subject} ({compose._when(f)})."
        )
        fields = (Field("Now", compose._holders(now)),) if now else ()
        # 'is he still CEO?' -> no; and where the person is now, when the base says
        elsewhere = self._jobs_now(person, org, scopes, today)
        if elsewhere:
            fields = (*fields, Field(f"{person.name} now", _jobs_said(elsewhere[:2])))
        return Answer(text, (f, *now, *elsewhere[:2]), fields, (f,))

    def _from_the_start(
        self, person: Entity, org: Entity, held: Sequence[Fact], scopes: list[str]
    ) -> Answer | None:
        """'Was Altman OpenAI's CEO from day one': the role's start against the organization's founding."""
        dated = [f for f in held if f.start]
        founded = [
            f
            for f in self.lookup.store.facts_about(org.id, scopes, relations.family_members("founder"))
            if f.start
        ]
        if not dated or not founded:
            return None
        f = min(dated, key=start_of)
        born = min(founded, key=start_of)
        label = relations.label(f.relation)
        assert f.start is not None and born.start is not None
        if f.start[:4] > born.start[:4]:
            text = (
                f"No — {person.name} became {label} of {f.subject} {on_date(f.start)}; "
                f"{org.name} was founded {on_date(born.start)}."
            )
        else:
            text = f"Yes — {person.name} has been {label} of {f.subject} since {dates.human(f.start)}, its founding."
        return Answer(text, (f, born), (), (f, born))

    def _moved_on(
        self, person: Entity, org: Entity, ties: Sequence[Fact], scopes: list[str], today: date, template: str
    ) -> Answer | None:
        """A role the person holds now at another organization, begun after every dated fact tying them to
        this one: the answer to 'still there?' / 'did they leave?' is that role, never a 'Yes' read from
        the older tie. None when there is no such role."""
        elsewhere = self._jobs_now(person, org, scopes, today)
        tied = [dates.sort_key(f.start) for f in ties if f.start and f not in elsewhere]
        if not tied:
            return None
        newer = tuple(g for g in elsewhere if g.start and dates.sort_key(g.start) > max(tied))[:2]
        if not newer:
            return None
        text = template.format(person=person.name, org=org.name, roles=_jobs_said(newer))
        return Answer(text, newer, (), newer)

    def _jobs_now(self, person: Entity, org: Entity | None, scopes: list[str], today: date) -> list[Fact]:
        """The roles the person holds now (founding is no job), those at `org` left out when one is given."""
        held = compose._current(roles_of(self.lookup, person, scopes), today)
        return [g for g in held if family_of(g) != "founder" and (org is None or not at_org(g, org))]

    def _told_in_prose(
        self, person: Entity, org: Entity, family: str, reading: Reading, scopes: list[str]
    ) -> Answer | None:
        """A fact of the organization that names the person and says the role in words: Yes, with it."""
        names = wording.names_of(person)
        told = [
            f
            for f in wording.unique(self.lookup.store.facts_about(org.id, scopes))
            if any(mentions(f"{f.object} {f.statement}", n) for n in names)
            and wording.mentions_family(f, family, reading)
            and not FAILED.search(f.statement)
        ]
        if not told:
            return None
        f = max(told, key=lambda g: dates.sort_key(g.start))
        return Answer(f"Yes — {f.statement}", (f,), (), (f,))

    def _link(
        self, a: Entity, b: Entity, family: str | None, deed: Sequence[str], scopes: list[str]
    ) -> Answer | None:
        keys = wording.names_of(b)
        linked = wording.unique(
            f
            for f in self.lookup.related(a, scopes)
            if f.object_id == b.id
            or f.subject_id == b.id
            or any(mentions(f"{f.object} {f.statement}", k) for k in keys)
        )
        if not linked:
            # 'Andreessen Horowitz, Sequoia Capital, DST Global and SV Angel | invested_in | SSI': one of a
            # group stored as one subject
            names_a = wording.names_of(a)
            linked = [
                f for f in self.lookup.naming(b, scopes) if any(mentions(f.subject, k) for k in names_a)
            ]
        if not linked:
            return compose.declined(messages.NOT_LINKED.format(a=a.name, b=b.name))
        if family is None and deed:
            # 'did xAI open source Grok': a fact that says so, not any fact naming both (its launch)
            linked = [f for f in linked if _says_deed(f, deed)]
            if not linked:
                return compose.declined(messages.NOT_KNOWN_YES_NO)

        # the pair's own facts (one the subject, the other the object itself) before facts that mention both
        def own(f: Fact) -> int:
            ends = {a.id, b.id}
            if f.subject_id in ends and (
                f.object_id in ends
                or any(fold(f.object).startswith(k) for k in [*keys, *wording.names_of(a)])
            ):
                return 2
            return 1 if f.subject_id in ends else 0

        linked.sort(key=lambda f: (own(f), dates.sort_key(f.start)))
        if family is not None and family not in relations.ROLE_FAMILIES:
            members = relations.family_members(family)
            fitting = [f for f in linked if f.relation in members]
            if not fitting:
                f = linked[-1]
                text = f"No — not as {relations.label(members[0])} on record. What I have: {f.statement}"
                return Answer(text, (f,), (), (f,))
            linked = fitting
        done = [f for f in linked if not FAILED.search(f"{f.object} {f.statement}")]
        if not done:
            f = linked[-1]
            return Answer(f"No — {f.statement}", (f,), (), (f,))
        f = done[-1]
        fields = compose.dated_lines(done[:-1])
        return Answer(f"Yes — {f.statement}", tuple(done), fields, (f,))


def _deed_words(reading: Reading) -> list[str]:
    """The question's own words for what was done ('open', 'source'), beyond names, relation and time."""
    return [
        w
        for w in reading.unknown
        if len(w) >= 3 and w not in GENERIC_WORDS and w not in _DONE_WORDS and w not in forms.YES_NO_STARTS
    ]


def _says_deed(f: Fact, said: Sequence[str]) -> bool:
    """Half the deed's words at least are in the fact ('did apple music partner with openai' is not io's
    'former Apple …')."""
    text = f"{f.object} {f.statement}"
    return 0 < 2 * sum(stem_said(w, text) for w in said) >= len(said)


def _jobs_said(jobs: Sequence[Fact]) -> str:
    """'chief scientist of Thinking Machines Lab (since 18 February 2025); …'"""
    return "; ".join(
        f"{relations.label(g.relation)} of {g.subject}" + (f" (since {dates.human(g.start)})" if g.start else "")
        for g in jobs
    )
