"""What a person did before a landmark role: their earlier dated roles, or prose that says where they were."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from datetime import date

from factbot.bot.answering import compose, forms, wording
from factbot.bot.answering.compose import Answer
from factbot.bot.answering.entity_index import Mention
from factbot.bot.answering.fact_traits import at_org, explicit_family, family_of, mentions
from factbot.bot.answering.lookup import Lookup
from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.port import Field
from factbot.bot.domain.text import fold

# Prose that says what someone did before ('former Cadence CEO', 'head of AWS', 'Instagram co-founder').
PRIOR = re.compile(
    r"\b(former\w*|previously|earlier|ex-\w+|who had been|veteran|alumn\w*|founder and head)\b|"
    r"\b(?:head|founder|chief|CEO|CTO|president) of (?:the )?(?:[a-z-]+ ){0,3}[A-Z][\w.&-]*|"
    r"\b[A-Z][\w.&-]+ (?:CEO|CTO|CFO|COO|president|co-founder|founder|chief|executive)\b"
)


class EarlierRoles:
    """'What did X do before Y': the roles and traces on record from before a landmark."""

    def __init__(self, lookup: Lookup):
        self.lookup = lookup

    def answer(
        self,
        reading: Reading,
        named: Sequence[tuple[Mention, Entity]],
        scopes: list[str],
        before_latest: bool = False,
    ) -> Answer | None:
        """before_latest: with no organization named, the landmark is the person's latest role ('where
        did he come from'), not the first on record."""
        people = [e for _, e in named if e.kind == "person"]
        if not people:
            return None
        person = people[0]
        cue = next((i for i, w in enumerate(reading.words) if w in forms.EARLIER_CUES), -1)
        # 'what did X work on at Google before Groq': the landmark is the one after 'before'
        orgs = [e for m, e in named if e.kind != "person" and m.start > cue] or [
            e for _, e in named if e.kind != "person"
        ]
        mine = wording.unique(
            [*self.lookup.naming(person, scopes), *self.lookup.store.facts_about(person.id, scopes)]
        )
        # the person's own facts: 'Elon Musk (co-chair, with Sam Altman)' is Musk's role, not Altman's
        mine = [f for f in mine if f.subject_id == person.id or f.object_id in (None, person.id)]
        family = explicit_family(reading) or (reading.family if reading.family == "founder" else None)
        marks = [f for f in mine if not orgs or at_org(f, orgs[0])] or [
            f
            for f in mine
            if orgs and any(mentions(f"{f.object} {f.statement}", n) for n in wording.names_of(orgs[0]))
        ]
        if family is not None:
            marks = [f for f in marks if f.relation in relations.family_members(family)] or marks
        if not marks:
            return None
        pick = max if before_latest and not orgs else min
        landmark = pick(marks, key=lambda f: dates.sort_key(f.start or f.end or f.as_of))
        then = landmark.subject if landmark.subject_id != person.id else (orgs[0].name if orgs else "that")
        cut = dates.sort_key(landmark.start) if landmark.start else None
        earlier = [
            f
            for f in mine
            if f.id != landmark.id
            and cut is not None
            and (
                (f.start and dates.sort_key(f.start) < cut)
                or (not f.start and f.end and dates.sort_key(f.end) <= cut)
            )
            and not at_org(f, self.lookup.entity(landmark.subject_id))
        ]
        earlier.sort(key=lambda f: dates.sort_key(f.start or f.end), reverse=True)
        there = [f for f in marks if f.subject_id == landmark.subject_id] or [landmark]
        later = self._held_since(mine, person, cut)
        prose = [
            f
            for f in there
            if prior_trace(f.statement, f.subject, person.name)
            or self._names_other_org(f, person, landmark, scopes, later)
        ]
        if not earlier and not prose and cut is not None:
            # told only in another organization's statement: 'eight Google researchers, including intern
            # Aidan Gomez, published …' (2017), before Cohere (2019)
            prose = [
                f
                for f in self.lookup.store.search(person.name, scopes, limit=20, match_all=True)
                if f.id != landmark.id
                and f.start
                and dates.sort_key(f.start) < cut
                and mentions(f.statement, fold(person.name))
                and not at_org(f, self.lookup.entity(landmark.subject_id))
            ]
            prose.sort(key=lambda f: dates.sort_key(f.start), reverse=True)
        if not earlier and not prose:
            return compose.declined(messages.NO_EARLIER.format(name=person.name, then=then))
        parts = []
        for f in earlier[: compose.MAX_LIST]:
            where = f.subject if f.subject_id != person.id else f.object
            label = relations.label(f.relation) if family_of(f) in relations.ROLE_FAMILIES else ""
            when = (f.start or "") if family_of(f) == "founder" else compose._when(f)
            parts.append(f"{label} of {where} ({when})" if label else compose._dated(f))
        when = f" ({dates.human(landmark.start)})" if landmark.start else ""
        if parts:
            text = f"Before {then}{when}, {person.name} was " + "; ".join(parts) + "."
        else:
            text = prose[0].statement
        fields = tuple(
            Field("On record", f.statement) for f in prose[: 2 if parts else 1] if parts or f is not prose[0]
        )
        return Answer(text, (*earlier, *prose), fields, tuple([*earlier[:2], *prose[:1]]))

    @staticmethod
    def _held_since(mine: Sequence[Fact], person: Entity, cut: date | None) -> set[int]:
        """Organizations where the person's role began at or after the landmark: not where they were
        before (Alphabet, named in the statement of Pichai becoming Google's CEO)."""
        out: set[int] = set()
        for f in mine:
            if f.subject_id != person.id and f.start and cut is not None and dates.sort_key(f.start) >= cut:
                out.add(f.subject_id)
        return out

    def _names_other_org(
        self, f: Fact, person: Entity, landmark: Fact, scopes: list[str], later: AbstractSet[int] = frozenset()
    ) -> bool:
        """The statement names an organization besides the landmark's: a trace of where they were before."""
        words = re.findall(r"[^\W_]+", f.statement)
        folded = [fold(w) for w in words]
        for m in self.lookup.index.find(folded, scopes):
            e = self.lookup.entity(m.entity_id)
            # a name in prose is capitalized: 'together with' is not Together AI
            proper = len(folded) == len(words) and words[m.start][:1].isupper()
            if (
                proper
                and e.kind == "organization"
                and e.id not in (landmark.subject_id, person.id, f.subject_id)
                and e.id not in later
            ):
                return True
        return False


def prior_trace(statement: str, landmark_org: str, person: str = "") -> bool:
    """The statement says where someone was before, not only the role they moved into. With several
    people in it ('… with fellow Tsinghua alumni Zhou Xinyu'), the trace must stand next to the person."""
    here = set(fold(landmark_org).split())
    surname = person.split()[-1] if person.split() else ""
    for m in PRIOR.finditer(statement):
        if surname and _about_someone_else(statement[m.end() :], surname):
            continue
        if m.group(1):
            return True
        # the names in it, capitalised: 'CEO of humanoid-robot company Figure' names only Figure
        proper = " ".join(w for w in re.findall(r"[^\W_]+(?:'s)?", m.group(0)) if w[:1].isupper())
        named = [
            w
            for w in fold(proper).split()
            if w != "s"  # "AMD's chief operating officer": the possessive, not another name
            and w
            not in (
                "head",
                "founder",
                "chief",
                "ceo",
                "cto",
                "cfo",
                "coo",
                "president",
                "of",
                "co",
                "executive",
            )
        ]
        if named and not set(named) <= here:
            return True
    return False


def _about_someone_else(after: str, surname: str) -> bool:
    """The words right after a trace ('alumni Zhou Xinyu') name another person than the one asked about."""
    nxt = re.findall(r"[^\W_]+", after)[:4]
    if surname in nxt:
        return False
    return any(a[:1].isupper() and b[:1].isupper() for a, b in itertools.pairwise(nxt))
